"""The plan as it stood at each revision, each distinct version parsed once and in pieces.

A history of 200 revisions of a 1,000-action plan holds 200 versions of a 0.4 MB file that
differ in a few lines each. Parsing each whole costs about 50 ms, ten seconds in all, so a
version is cut into its recommendations (by indentation, a plain text scan) and each piece is
parsed with the plan's header around it, once per distinct text: a commit that changes three
statuses re-parses three recommendations. Pieces are validated by the same loader as the
whole file (load.load_text); when the cut is not certain (flow style, tabs, several documents)
or a piece has any error, the version is parsed whole, so the pieces can only ever agree with
it. Versions are also keyed by git's blob id, which names their bytes: a version seen twice is
read once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from plantrack.errors import Problem
from plantrack.plan.load import LoadResult, load_text
from plantrack.plan.model import Plan, Recommendation
from plantrack.plan.source import UTF8_BOM

_RECS_KEY = re.compile(rb"^recommendations:[ \t]*(?:#[^\n]*)?\r?$", re.M)
_FIRST_ITEM = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)-(?=[ \r\n])")
_ENDS = re.compile(rb"\n(?=[^ \r\n#-])")  # a line starting at column 0 that is not an item


class Version:
    """A parsed version: the plan, or None with the problems that made it unusable."""

    __slots__ = ("plan", "problems")

    def __init__(self, plan: Plan | None, problems: tuple[Problem, ...]) -> None:
        self.plan = plan
        self.problems = problems

    @property
    def first_error(self) -> Problem | None:
        return next((p for p in self.problems if p.is_error), None)


def cut(raw: bytes) -> tuple[bytes, list[bytes], bytes] | None:
    """(header up to the recommendations key, one text per recommendation, what follows).

    Works on the bytes (UTF-8 keeps every byte of a multi-byte character above 0x7F, so no
    cut falls inside one). None when the cut is not certain; then the version is parsed whole.
    """
    if (raw.count(b"recommendations:") != 1 or b"\n\t" in raw or b"\n---" in raw
            or b"\n..." in raw or raw.startswith((b"---", b"...", b"\t"))):
        return None
    key = _RECS_KEY.search(raw)
    if key is None or raw[key.end():key.end() + 1] != b"\n":
        return None
    body_start = key.end() + 1
    first = _FIRST_ITEM.match(raw, body_start)
    if first is None:
        return None
    indent = len(first.group(1))
    # The list ends at the first line that starts left of it, or, when it is at column 0,
    # at the first line there that is not an item (another key).
    ends = re.compile(rb"\n {0,%d}(?=[^ \r\n#])" % (indent - 1)) if indent else _ENDS
    end_match = ends.search(raw, body_start - 1)
    end = end_match.start() + 1 if end_match else len(raw)
    marker = b"\n" + b" " * indent + b"-"
    starts = []
    at = raw.find(marker, body_start - 1, end)
    while at != -1:
        if raw[at + len(marker):at + len(marker) + 1] in (b" ", b"\r", b"\n", b""):
            starts.append(at + 1)
        at = raw.find(marker, at + 1, end)
    if not starts:
        return None
    pieces = [raw[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    pieces[0] = raw[body_start:starts[0]] + pieces[0]  # comments before the first item
    return raw[:body_start], pieces, raw[end:]


class PlanReader:
    """Parses versions of one plan file, sharing every piece already seen."""

    def __init__(self, display: str) -> None:
        self.display = display
        self._by_blob: dict[str, Version] = {}
        self._pieces: dict[tuple[bytes, bytes, bytes], Plan | None] = {}
        self.parsed_whole = 0
        self.parsed_pieces = 0

    def read(self, blob: str, raw: bytes) -> Version:
        """The version held in these bytes (`blob`: git's id for them)."""
        known = self._by_blob.get(blob)
        if known is None:
            known = self._by_blob[blob] = self._read(raw)
        return known

    def _read(self, raw: bytes) -> Version:
        bom = raw.startswith(UTF8_BOM)
        body = raw[len(UTF8_BOM):] if bom else raw
        pieces = cut(body)
        if pieces is not None:
            plan = self._from_pieces(*pieces)
            if plan is not None:
                return Version(plan, ())
        return self._whole(body.decode("utf-8", "replace"), bom)

    def _whole(self, text: str, bom: bool) -> Version:
        self.parsed_whole += 1
        result: LoadResult = load_text(text, self.display, bom=bom)
        errors = result.errors
        return Version(None if errors else result.plan, result.problems)

    def _from_pieces(self, head: bytes, pieces: list[bytes], tail: bytes) -> Plan | None:
        """The plan put together from its recommendations, or None to parse it whole."""
        plans = []
        for piece in pieces:
            key = (head, piece, tail)
            if key not in self._pieces:
                self.parsed_pieces += 1
                try:
                    text = (head + piece + tail).decode("utf-8")
                except UnicodeDecodeError:
                    return None
                result = load_text(text, self.display)
                one = result.plan
                ok = one is not None and not result.errors and len(one.recommendations) == 1
                self._pieces[key] = one if ok else None
            plan = self._pieces[key]
            if plan is None:
                return None
            plans.append(plan)
        recs: list[Recommendation] = [plan.recommendations[0] for plan in plans]
        if _has_duplicates(recs):
            return None
        return replace(plans[0], recommendations=tuple(recs))


def _has_duplicates(recs: list[Recommendation]) -> bool:
    rec_ids = {rec.id for rec in recs}
    action_ids = {action.id for rec in recs for action in rec.actions}
    return (len(rec_ids) != len(recs)
            or len(action_ids) != sum(len(rec.actions) for rec in recs))
