"""The only module that imports yaml: read the plan's bytes, decode them, compose nodes.

We compose (never `safe_load`) so every value keeps its literal text (`1.10`, `no`) and its
position. Marks count characters, so all positions here are indices into the decoded text with
any byte-order mark removed; `Source.line_col` turns one into what an editor shows, and only
when a message needs it.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from plantrack.errors import ERROR, PlanInvalid, PlanUnreadable, Problem

# Large enough for plans of 50,000 actions (about 30 MB), small enough to refuse a stray dump.
MAX_PLAN_BYTES = 128 * 1024 * 1024
# Deeper than any plan needs (root → recommendations → actions → a list of leads is 6).
MAX_DEPTH = 32

UTF8_BOM = b"\xef\xbb\xbf"

Node = yaml.Node
MappingNode = yaml.MappingNode
SequenceNode = yaml.SequenceNode
ScalarNode = yaml.ScalarNode

_LOADERS: dict[str, type] = {"pure": yaml.SafeLoader}
if getattr(yaml, "__with_libyaml__", False):
    _LOADERS["c"] = yaml.CSafeLoader
_loader: type = _LOADERS.get("c", yaml.SafeLoader)


def use_loader(name: str) -> None:
    """Choose PyYAML's 'c' (libyaml) or 'pure' loader; the tests run under both."""
    global _loader
    _loader = _LOADERS[name]


def available_loaders() -> tuple[str, ...]:
    return tuple(_LOADERS)


def loader_name() -> str:
    return next(name for name, cls in _LOADERS.items() if cls is _loader)


@dataclass(frozen=True)
class Source:
    """A plan file's text as decoded, with what is needed to write it back byte for byte."""

    path: str
    text: str
    bom: bool = False
    digest: str = ""
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

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
    return hashlib.sha256(raw).hexdigest()


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, or PlanUnreadable saying in plain words why not."""
    try:
        size = os.stat(path).st_size
        if path.is_dir():
            raise PlanUnreadable(f"{display}: is a directory, not a plan file")
        if size > MAX_PLAN_BYTES:
            raise PlanUnreadable(
                f"{display}: the file is {size / 1_048_576:.0f} MB, far larger than any plan "
                f"(the limit is {MAX_PLAN_BYTES // 1_048_576} MB); is this the right file?"
            )
        with open(path, "rb") as handle:
            return handle.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise PlanUnreadable(f"{display}: no such file") from None
    except IsADirectoryError:
        raise PlanUnreadable(f"{display}: is a directory, not a plan file") from None
    except PermissionError:
        raise PlanUnreadable(f"{display}: permission denied; check who may read the file") from None
    except OSError as exc:
        raise PlanUnreadable(f"{display}: cannot read the file ({exc.strerror or exc})") from None


def decode(raw: bytes, display: str) -> Source:
    """UTF-8 text with the BOM removed, or PlanInvalid naming where the bytes went wrong."""
    digest = digest_bytes(raw)

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


# Anchors (&a), aliases (*a) and tags (!x) as tokens: a cheap screen before the exact check.
_SUSPECT_TOKEN = re.compile(r"(?:^|[\s\[{,:-])[&*!]\S", re.MULTILINE)
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def _indentation_tabs(source: Source) -> list[Problem]:
    if "\t" not in source.text:
        return []
    return [
        source.problem(m.end() - 1, "a tab is used for indentation; YAML needs spaces: "
                       "replace the tab with spaces", "tab")
        for m in _TAB_INDENT.finditer(source.text)
    ]


def _structure_problems(source: Source) -> list[Problem]:
    """Anchors, aliases, explicit tags and runaway nesting, found from the event stream.

    None of these has a use in a plan, and aliases are how 'billion laughs' files explode when
    walked, so they are refused before anything walks the nodes.
    """
    problems: list[Problem] = []
    depth = 0
    for event in yaml.parse(source.text, Loader=_loader):
        index = event.start_mark.index
        if isinstance(event, yaml.AliasEvent):
            problems.append(source.problem(
                index, f"alias *{event.anchor} is not allowed in a plan; write the value out "
                "in full", "alias"))
            continue
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            problems.append(source.problem(
                index, f"anchor &{anchor} is not allowed in a plan; remove it", "anchor"))
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", None)
        explicit_tag = tag is not None and tag != "!" and not (
            (isinstance(implicit, tuple) and any(implicit))
            or implicit is True
        )
        if explicit_tag:
            problems.append(source.problem(
                index, f"tag {tag} is not allowed in a plan; remove it", "tag"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(source.problem(
                    index, f"the file nests more than {MAX_DEPTH} levels deep; a plan needs "
                    "about 6", "too-deep"))
                break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return problems


def _syntax_problem(source: Source, exc: Exception) -> Problem:
    """One clear located message for whatever PyYAML (either loader) raised."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        index = exc.problem_mark.index
        problem = exc.problem or "syntax error"
        context = f" {exc.context}" if exc.context else ""
        if "'\\t'" in problem or "\\t" in problem or "tab" in problem:
            return source.problem(index, "a tab is used where YAML needs spaces: replace it "
                                  "with spaces", "tab")
        hint = ""
        if "mapping values are not allowed" in problem:
            hint = "; if a value contains ': ', put it in quotes"
        elif "could not find expected ':'" in problem or "simple key" in problem:
            hint = "; check for a missing ':' after a key or an unclosed quote"
        elif "did not find expected key" in problem or "expected <block end>" in problem:
            hint = "; check this line's indentation against the lines above"
        return source.problem(index, f"YAML syntax: {problem}{context}{hint}", "syntax")
    if isinstance(exc, yaml.reader.ReaderError):
        return source.problem(exc.position, "the file contains a character that is not "
                              f"allowed in YAML (#x{exc.character:04x}); delete it"
                              if isinstance(exc.character, int) else str(exc), "bad-character")
    if isinstance(exc, RecursionError):
        return source.problem(0, "the file nests far too deep to be a plan", "too-deep")
    return source.problem(0, f"YAML could not be read: {exc}", "syntax")


def compose(source: Source) -> Node | None:
    """The root node of the plan, or PlanInvalid with located problems. None for an empty file."""
    problems = _indentation_tabs(source)
    try:
        if _SUSPECT_TOKEN.search(source.text) or source.text.count("[") > MAX_DEPTH:
            problems.extend(_structure_problems(source))
        if problems:
            raise PlanInvalid(tuple(problems))
        return yaml.compose(source.text, Loader=_loader)
    except PlanInvalid:
        raise
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        problems.append(_syntax_problem(source, exc))
        raise PlanInvalid(tuple(problems)) from None
