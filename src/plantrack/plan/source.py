"""A plan file's bytes and decoded text: reading, decoding, positions. No YAML here.

Kept apart from yamlsrc.py so that a command answered from the parsed-plan cache never pays
for importing PyYAML. Positions everywhere are indices into the decoded text with any
byte-order mark removed (PyYAML's marks count characters, not bytes); `Source.line_col` turns
one into what an editor shows, and only when a message needs it.
"""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from plantrack.errors import ERROR, PlanInvalid, PlanUnreadable, Problem

# Large enough for plans of 50,000 actions (about 30 MB), small enough to refuse a stray dump.
MAX_PLAN_BYTES = 128 * 1024 * 1024

UTF8_BOM = b"\xef\xbb\xbf"

try:  # CPython's own BLAKE2: importing hashlib also loads OpenSSL, 2 ms of every start-up
    from _blake2 import blake2b as _blake2b
except ImportError:  # another Python: the same hash through hashlib
    from hashlib import blake2b as _blake2b


class Source:
    """A plan file's text as decoded, with what is needed to write it back byte for byte.

    Immutable in use. Bytes that a cache entry shows were decoded before are kept undecoded
    until something asks for the text (`Source.decoded_before`): a question answered from the
    cache never needs it, and decoding a large plan costs more than the rest of such a run.
    """

    __slots__ = ("_body", "_line_starts", "_text", "bom", "digest", "path")

    def __init__(self, path: str, text: str, bom: bool = False, digest: str = "") -> None:
        self.path = path
        self.bom = bom
        self.digest = digest
        self._text: str | None = text
        self._body: bytes | None = None
        self._line_starts: list[int] = []

    @classmethod
    def decoded_before(cls, path: str, raw: bytes, digest: str) -> Source:
        """A source for bytes known to decode (they were decoded before: same digest)."""
        bom = raw.startswith(UTF8_BOM)
        source = cls(path, "", bom, digest)
        source._text = None
        source._body = raw[len(UTF8_BOM):] if bom else raw
        return source

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = (self._body or b"").decode("utf-8")
            self._body = None
        return self._text

    @property
    def size(self) -> int:
        """About how many characters the text has, without decoding it to find out."""
        return len(self._text) if self._text is not None else len(self._body or b"")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Source):
            return NotImplemented
        return (self.path, self.text, self.bom, self.digest) == (
            other.path, other.text, other.bom, other.digest)

    def __hash__(self) -> int:
        return hash((self.path, self.digest))

    def __repr__(self) -> str:
        return (f"Source(path={self.path!r}, size={self.size}, bom={self.bom}, "
                f"digest={self.digest[:12]!r})")

    @property
    def newline(self) -> str:
        """The file's line ending, taken from its first line, so inserted lines match it."""
        first = self.text.find("\n")
        return "\r\n" if first > 0 and self.text[first - 1] == "\r" else "\n"

    def line_col(self, index: int) -> tuple[int, int]:
        """1-based line and column of a character index, counting lines as editors do."""
        if not self._line_starts:
            self._line_starts.extend(m.end() for m in re.finditer("\n", self.text))
            self._line_starts.insert(0, 0)
        line = bisect.bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1

    def problem(self, index: int, message: str, code: str, severity: str = ERROR) -> Problem:
        line, col = self.line_col(index)
        return Problem(self.path, line, col, severity, message, code)

    def encode(self, text: str) -> bytes:
        """New text back to bytes the way this file was stored (UTF-8, BOM kept)."""
        return (UTF8_BOM if self.bom else b"") + text.encode("utf-8")


def digest_bytes(raw: bytes) -> str:
    """A hash of the file's exact bytes (BLAKE2b, 256 bits): it names the file's cache entry."""
    return _blake2b(raw, digest_size=32).hexdigest()


def _kind_refused(mode: int) -> str | None:
    """Why a file of this type cannot be a plan, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a plan file"
    if stat.S_ISFIFO(mode):
        kind = "a FIFO (a named pipe)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "not a regular file"
    return f"is {kind}, not a plan file; give the path of the plan file itself"


def check_plan_path(path: Path, display: str) -> None:
    """Refuse at once a path that can never be a plan: a symbolic-link loop, a FIFO, a device.

    A missing file passes (reading it says so). Without this a FIFO hangs the command and a
    loop ends in Python's own error from Path.resolve().
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PlanUnreadable(f"{display}: is a symbolic link that leads back to itself "
                                 "(a loop); point it at the real plan file") from None
        return
    refused = _kind_refused(mode)
    if refused is not None and not stat.S_ISDIR(mode):
        raise PlanUnreadable(f"{display}: {refused}")


def _no_wait(name: str, flags: int) -> int:
    """Open without blocking: opening a FIFO would otherwise wait for a writer for ever."""
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


def read_open_file(handle: BinaryIO, display: str) -> bytes:
    """All the bytes of an opened plan file, checked to be a regular file of a sane size.

    Reads from the start. OSError is the caller's to explain.
    """
    info = os.fstat(handle.fileno())
    refused = _kind_refused(info.st_mode)
    if refused is not None:
        raise PlanUnreadable(f"{display}: {refused}")
    if info.st_size > MAX_PLAN_BYTES:
        raise PlanUnreadable(
            f"{display}: the file is {info.st_size / 1_048_576:.0f} MB, far larger than any "
            f"plan (the limit is {MAX_PLAN_BYTES // 1_048_576} MB); is this the right file?"
        )
    handle.seek(0)
    # Sized by the file, not the limit: read(limit) would set aside 128 MB each time.
    data = handle.read(info.st_size + 1)
    while len(data) <= MAX_PLAN_BYTES:  # it grew while being read: read on, bounded
        more = handle.read(1 << 20)
        if not more:
            break
        data += more
    return data


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, or PlanUnreadable saying in plain words why not.

    The type is checked on the opened file itself, so nothing swapped in after a check (a
    FIFO, a device) is ever read from.
    """
    try:
        with open(path, "rb", opener=_no_wait) as handle:
            return read_open_file(handle, display)
    except FileNotFoundError:
        raise PlanUnreadable(f"{display}: no such file") from None
    except IsADirectoryError:
        raise PlanUnreadable(f"{display}: is a directory, not a plan file") from None
    except PermissionError:
        raise PlanUnreadable(f"{display}: permission denied; check who may read the file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PlanUnreadable(f"{display}: is a symbolic link that leads back to itself "
                                 "(a loop); point it at the real plan file") from None
        raise PlanUnreadable(f"{display}: cannot read the file ({exc.strerror or exc})") from None


def decode(raw: bytes, display: str, digest: str | None = None) -> Source:
    """UTF-8 text with the BOM removed, or PlanInvalid naming where the bytes went wrong.

    `digest` is digest_bytes(raw) when the caller has worked it out already.
    """
    digest = digest if digest is not None else digest_bytes(raw)

    def fail(line: int, col: int, message: str, code: str) -> PlanInvalid:
        return PlanInvalid((Problem(display, line, col, ERROR, message, code),))

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(1, 1, "the file is saved as UTF-16; save it as UTF-8 (in Notepad: "
                   "File > Save As > Encoding: UTF-8)", "encoding")
    bom = raw.startswith(UTF8_BOM)
    body = raw[len(UTF8_BOM):] if bom else raw
    nul = body.find(b"\0")
    if nul >= 0:
        line = body.count(b"\n", 0, nul) + 1
        raise fail(line, 1, "this is not a text file (it contains NUL bytes); is it the plan?",
                   "binary")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = body.rfind(b"\n", 0, exc.start) + 1
        line = body.count(b"\n", 0, exc.start) + 1
        col = len(body[line_start:exc.start].decode("utf-8", "replace")) + 1
        raise fail(line, col, f"byte 0x{body[exc.start]:02x} is not valid UTF-8; save the file "
                   "as UTF-8 (it may have been saved as Windows-1252 or Latin-1)",
                   "encoding") from None
    return Source(display, text, bom=bom, digest=digest)


def read_source(path: Path, display: str | None = None) -> Source:
    display = display if display is not None else str(path)
    return decode(read_bytes(path, display), display)
