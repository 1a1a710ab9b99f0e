"""The parsed-plan cache's folder and files: where it is, how an entry is framed, what pruning
may delete. What an entry says about a plan is cache.py's business.

The cache only ever deletes files it can prove it wrote: a name of its own pattern, a header of
its own at the start of the file, in a folder it created (marked by a CACHEDIR.TAG naming
plantrack), never through a symbolic link. PLANTRACK_CACHE_DIR pointed at a folder of the
user's own files is therefore left alone, not pruned to twenty files.

An entry is two lines: a header (`{"plantrack-cache":FORMAT,"key":...,"size":...,"crc32":...}`)
and the payload. The header's checksum and size are checked before the payload is parsed, so a
damaged or hand-edited entry is a miss, never a wrong answer; an entry far larger than its plan
could need is not read at all (max_entry_bytes).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path

from plantrack.errors import UsageError

CACHE_DIR_ENV = "PLANTRACK_CACHE_DIR"
NO_CACHE_ENV = "PLANTRACK_NO_CACHE"
# Enough for every plan one person works with; a 50,000-action entry is about 30 MB.
MAX_ENTRIES = 20
MAX_TOTAL_BYTES = 256 * 1024 * 1024
SUFFIX = ".json"
TAG_NAME = "CACHEDIR.TAG"
# The standard cache-directory tag (backup tools skip such folders), with our name in it.
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by plantrack.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_TAG_PROOF = b"created by plantrack"
HEADER_START = b'{"plantrack-cache":'
# What entries written by plantrack before the header existed start with (format 1).
_OLD_HEADER_START = b'{"format":1,"key":"'
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}" + re.escape(SUFFIX))
_TEMPORARY_NAME = re.compile(r"\.[0-9a-f]{64}\.[0-9]+\.tmp")
_HEADER_LIMIT = 256  # the header line is about 140 bytes
# An entry holds each value of the plan once, as escaped JSON (up to six bytes per character),
# plus four numbers per field and every problem's message. Measured: the bundled plan's entry
# is 1.06 times its size, generated plans' 1.2, a small plan full of errors 4.9 (the test
# plans in tests/test_cache.py); sixteen times plus 1 MB leaves room for any real plan. Anything
# larger is junk and is not even opened for reading: a 300 MB junk entry cost 19 s and 1.5 GB.
_ENTRY_FACTOR = 16
_ENTRY_ALLOWANCE = 1024 * 1024
_YES = frozenset({"1", "true", "yes", "on"})
_NO = frozenset({"", "0", "false", "no", "off"})
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def max_entry_bytes(plan_size: int) -> int:
    """The largest entry read for a plan of this many bytes (or characters)."""
    return _ENTRY_FACTOR * plan_size + _ENTRY_ALLOWANCE


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is turned off or has no home.

    PLANTRACK_NO_CACHE is read as a yes/no (`false` and `0` keep the cache on); a relative
    PLANTRACK_CACHE_DIR is refused, as it would make a cache folder wherever plantrack runs.
    """
    switch = os.environ.get(NO_CACHE_ENV, "").strip()
    if switch.lower() in _YES:
        return None
    if switch.lower() not in _NO:
        raise UsageError(f"{NO_CACHE_ENV}={switch!r} is not yes or no; set it to 1 (no cache) "
                         "or 0, or unset it")
    explicit = os.environ.get(CACHE_DIR_ENV, "")
    if explicit.strip():
        if not os.path.isabs(explicit):
            raise UsageError(f"{CACHE_DIR_ENV}={explicit!r} is a relative path, which would make "
                             "a cache folder in every folder plantrack runs in; give a full "
                             "path, or unset it")
        return Path(explicit)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local, "plantrack", "Cache") if local else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg, "plantrack")
    home = os.path.expanduser("~")
    return Path(home, ".cache", "plantrack") if os.path.isabs(home) else None


def usable_folder(folder: Path, *, create: bool) -> bool:
    """True when `folder` is a real folder (not a link) that plantrack made, private to this
    user; with `create`, a missing one is made. A folder of only plantrack's own entries
    (made by an older plantrack) is adopted; any other existing folder is not used."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return False
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700, parents=True)
            _write_tag(folder)
        return _tagged(folder) and usable_folder(folder, create=False)
    if not stat.S_ISDIR(info.st_mode) or not _private(info):
        return False
    if _tagged(folder):
        return True
    if all(_ENTRY_NAME.fullmatch(name) or _TEMPORARY_NAME.fullmatch(name)
           for name in os.listdir(folder)):
        _write_tag(folder)
        return _tagged(folder)
    return False


def _private(info: os.stat_result) -> bool:
    """Only this user can put files there (always true on Windows, whose per-user
    LOCALAPPDATA is private). Entries from a folder others can write are not read: they could
    describe a plan other than the one on disk."""
    if not hasattr(os, "geteuid"):
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _write_tag(folder: Path) -> None:
    descriptor = os.open(folder / TAG_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW,
                         0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(TAG_TEXT)


def _tagged(folder: Path) -> bool:
    return _starts_with(folder / TAG_NAME, (TAG_TEXT.encode("ascii")[:43],), _TAG_PROOF)


def _starts_with(path: Path, prefixes: tuple[bytes, ...], contains: bytes = b"") -> bool:
    """A regular file (never through a link) whose first bytes are one of `prefixes`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return False
        start = handle.read(_HEADER_LIMIT)
    return start.startswith(prefixes) and contains in start


# -- one entry ------------------------------------------------------------------------------
def header(fmt: int, key: str, size: int, checksum: int) -> bytes:
    """Fixed width, so it can be written first as a placeholder and filled in at the end."""
    return (HEADER_START + f'{fmt},"key":"{key}","size":"{size:012d}",'
            f'"crc32":"{checksum:08x}"}}\n'.encode("ascii"))


def read_entry(path: Path, fmt: int, key: str, plan_size: int) -> bytes | None:
    """The payload of the entry at `path` if it is whole and really for `key`, else None."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_entry_bytes(plan_size):
            return None
        try:
            said = json.loads(handle.readline(_HEADER_LIMIT))
            size = int(said["size"])
            checksum = int(said["crc32"], 16)
            if said["plantrack-cache"] != fmt or said["key"] != key:
                return None
        except (ValueError, TypeError, KeyError):
            return None
        payload = handle.read(size + 1)
    if len(payload) != size or zlib.crc32(payload) != checksum:
        return None
    return payload


def write_entry(target: Path, fmt: int, key: str, pieces: Iterable[str], plan_size: int) -> None:
    """Readers see the old entry, no entry or the whole new one, never a part. An entry too
    large to be read back (max_entry_bytes) is not kept."""
    temporary = target.with_name(f".{target.stem}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NO_FOLLOW, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(header(fmt, key, 0, 0))
            size = checksum = 0
            for piece in pieces:
                data = piece.encode("ascii")
                handle.write(data)
                size += len(data)
                checksum = zlib.crc32(data, checksum)
            handle.seek(0)
            handle.write(header(fmt, key, size, checksum))
        if size + _HEADER_LIMIT > max_entry_bytes(plan_size):
            raise ValueError("entry larger than it could be read back")
        os.replace(temporary, target)
    except BaseException:
        remove(str(temporary))
        raise


def prune(folder: Path, max_entries: int = MAX_ENTRIES,
          max_total_bytes: int = MAX_TOTAL_BYTES) -> None:
    """Remove the least recently used entries beyond the limits, and temporary files left by
    runs killed while writing (an hour older than the newest entry: no clock needed). Only
    files of plantrack's own name pattern and header, never through a link, in a folder
    plantrack created (the caller has checked usable_folder)."""
    entries = []
    temporaries = []
    with os.scandir(folder) as scan:
        for item in scan:
            is_entry = _ENTRY_NAME.fullmatch(item.name) is not None
            if not is_entry and not _TEMPORARY_NAME.fullmatch(item.name):
                continue
            try:
                if not item.is_file(follow_symlinks=False):
                    continue
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if is_entry:
                entries.append((info.st_mtime_ns, info.st_size, item.path))
            else:
                temporaries.append((info.st_mtime_ns, item.path))
    entries.sort(reverse=True)  # newest first
    if entries:
        an_hour_before_newest = entries[0][0] - 3600 * 1_000_000_000
        for modified, path in temporaries:
            if modified < an_hour_before_newest:
                _remove_if_ours(path)
    total = 0
    for count, (_, size, path) in enumerate(entries, start=1):
        total += size
        if count > max_entries or (count > 1 and total > max_total_bytes):
            _remove_if_ours(path)


def _remove_if_ours(path: str) -> None:
    if _starts_with(Path(path), (HEADER_START, _OLD_HEADER_START)):
        remove(path)


def remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
