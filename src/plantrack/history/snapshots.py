"""The plan as it stood at each revision, each distinct version parsed once and in pieces.

A history of 200 revisions of a 1,000-action plan holds 200 versions of a 0.4 MB file that
differ in a few lines each. Parsing each whole costs about 50 ms, ten seconds in all, so a
version is cut into its recommendations (by indentation, a plain text scan) and each piece is
parsed with the plan's header around it, once per distinct text: a commit that changes three
statuses re-parses three recommendations. Pieces are validated by the same loader as the
whole file (load.load_text); when the cut is not certain (flow style, tabs, several documents)
or a piece has any error, the version is parsed whole, so the pieces can only ever agree with
it. Versions are also keyed by git's blob id, which names their bytes: a version seen twice is
read once. They are kept in memory for the run, not in the parsed-plan cache on disk: that
cache holds 20 plans, and a history of hundreds of versions would push the current plan (the
one every other command asks about) out of it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from plantrack.errors import Problem
from plantrack.plan.load import LoadResult, load_text
from plantrack.plan.model import Plan, Recommendation
from plantrack.plan.source import UTF8_BOM

_RECS_KEY = re.compile(rb"^recommendations:[ \t]*(?:#[^\n]*)?\r?$", re.M)
_FIRST_ITEM = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)-(?=[ \r\n])")
_ENDS = re.compile(rb"\n(?=[^ \r\n#-])")  # a line starting at column 0 that is not an item
_ACTIONS_KEY = re.compile(rb"^( *)actions:[ \t]*(?:#[^\n]*)?\r?$", re.M)


class Version:
    """A parsed version: the plan, or None with the problems that made it unusable."""

    __slots__ = ("plan", "problems")

    def __init__(self, plan: Plan | None, problems: tuple[Problem, ...]) -> None:
        self.plan = plan
        self.problems = problems

    @property
    def first_error(self) -> Problem | None:
        return next((p for p in self.problems if p.is_error), None)


def _list_items(raw: bytes, body_start: int, limit: int) -> tuple[list[int], int] | None:
    """Where each item of the block list starting at `body_start` begins, and where the list
    ends: at the first line after its last item that starts left of its dashes, or beside
    them but is not an item. (A key between two items would be an error in the plan; a piece
    holding one fails to parse and the version is parsed whole.)"""
    first = _FIRST_ITEM.match(raw, body_start, limit)
    if first is None:
        return None
    indent = len(first.group(1))
    marker = b"\n" + b" " * indent + b"-"
    starts = []
    at = raw.find(marker, body_start - 1, limit)
    while at != -1:
        if raw[at + len(marker):at + len(marker) + 1] in (b" ", b"\r", b"\n", b""):
            starts.append(at + 1)
        at = raw.find(marker, at + 1, limit)
    if not starts:
        return None
    ends = re.compile(rb"\n(?: {0,%d}(?=[^ \r\n#])| {%d}(?=[^ \r\n#-]))"
                      % (indent - 1, indent)) if indent else _ENDS
    end_match = ends.search(raw, starts[-1], limit)
    return starts, end_match.start() + 1 if end_match else limit


def _pieces(raw: bytes, body_start: int, limit: int) -> tuple[list[bytes], int] | None:
    found = _list_items(raw, body_start, limit)
    if found is None:
        return None
    starts, end = found
    pieces = [raw[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    pieces[0] = raw[body_start:starts[0]] + pieces[0]  # comments before the first item
    return pieces, end


def cut(raw: bytes) -> tuple[bytes, list[bytes], bytes] | None:
    """(header up to the recommendations key, one text per recommendation, what follows).

    Works on the bytes (UTF-8 keeps every byte of a multi-byte character above 0x7F, so no
    cut falls inside one). None when the cut is not certain; then the version is parsed whole.
    """
    if (raw.count(b"recommendations:") != 1 or b"\n\t" in raw or b"\n---" in raw
            or b"\n..." in raw or raw.startswith((b"---", b"...", b"\t"))):
        return None
    key = _RECS_KEY.search(raw)
    return None if key is None else _cut_below(raw, key.end())


def _cut_below(raw: bytes, key_end: int) -> tuple[bytes, list[bytes], bytes] | None:
    """(the text up to a list's key and its line break, one text per item of the list, what
    follows), for cut and cut_actions alike; None when the key's line has more on it."""
    if raw[key_end:key_end + 1] != b"\n":
        return None
    found = _pieces(raw, key_end + 1, len(raw))
    if found is None:
        return None
    items, end = found
    return raw[:key_end + 1], items, raw[end:]


_ITEM_KEY = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)- +(?=[^ \r\n#])")


def cut_actions(piece: bytes) -> tuple[bytes, list[bytes], bytes] | None:
    """A recommendation's text as (its own keys up to `actions:`, one text per action, its
    keys after the actions), or None to parse it as one piece."""
    if piece.count(b"actions:") != 1:
        return None
    item = _ITEM_KEY.match(piece)
    key = _ACTIONS_KEY.search(piece)
    if item is None or key is None or len(key.group(1)) != item.end() - item.start(1):
        return None  # `actions:` must be a key of this recommendation, beside its `id:`
    return _cut_below(piece, key.end())


class PlanReader:
    """Parses versions of one plan file, sharing every piece already seen."""

    def __init__(self, display: str) -> None:
        self.display = display
        self._by_blob: dict[str, Version] = {}
        self._pieces: dict[tuple[bytes, bytes, bytes], Recommendation | None] = {}
        self._actions: dict[tuple[bytes, ...], Plan | None] = {}
        self._plan: Plan | None = None  # a plan built from this header, for its settings
        # Action texts holding the earliest and latest deadlines seen: context for a piece
        # whose phrase ('Nov 09') is read against the plan's other dates (see _with_anchors).
        self._anchors: tuple[bytes, ...] = ()
        self._text_of: dict[int, bytes] = {}  # id(Action) → the text it was parsed from
        self._anchors_from: Plan | None = None  # the last version, its anchors not yet found
        self._raw = b""
        self.parsed_whole = 0
        self.parsed_pieces = 0
        self.warned: set[str] = set()  # blobs already reported as not valid

    def knows(self, blob: str) -> bool:
        return blob in self._by_blob

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
        if pieces is not None and not self._pieces:  # the first version: parse it whole
            version = self._whole(body.decode("utf-8", "replace"), bom, raw)
            if version.plan is not None:
                self._seed(*pieces, version.plan)
            return version
        if pieces is not None:
            self._raw = body
            plan = self._from_pieces(*pieces)
            self._raw = b""
            if plan is not None:
                self._anchors_from = plan  # found only when a piece needs them
                return Version(plan, ())
        return self._whole(body.decode("utf-8", "replace"), bom, raw)

    def _seed(self, head: bytes, pieces: list[bytes], tail: bytes, plan: Plan) -> None:
        """Remember the first version's recommendations and actions under their pieces, so the
        next versions parse only what changed. An action whose phrase was read against the
        plan's other dates ('Nov 09') is remembered as the whole file read it: a piece is read
        the same way or refused (_with_anchors), never another way."""
        if len(pieces) != len(plan.recommendations):
            return
        self._plan = plan
        for piece, rec in zip(pieces, plan.recommendations, strict=True):
            if rec.id.encode() not in piece:
                return
            self._pieces[(head, piece, tail)] = rec
            split = cut_actions(piece)
            if split is None or len(split[1]) != len(rec.actions):
                continue
            own, texts, after = split
            for text, action in zip(texts, rec.actions, strict=True):
                if action.id.encode() not in text:
                    break
                self._actions[(head, own, text, after, tail)] = replace(
                    plan, recommendations=(replace(rec, actions=(action,)),))
                self._text_of[id(action)] = text
        self._remember_anchors(plan)

    def _whole(self, text: str, bom: bool, raw: bytes | None = None) -> Version:
        if raw is not None:
            cached = _cached(raw, self.display)
            if cached is not None:
                return cached
        self.parsed_whole += 1
        result: LoadResult = load_text(text, self.display, bom=bom)
        errors = result.errors
        return Version(None if errors else result.plan, result.problems)

    def _parse(self, text: bytes) -> Plan | None:
        """One piece with the header around it, parsed: a plan of one recommendation."""
        self.parsed_pieces += 1
        try:
            result = load_text(text.decode("utf-8"), self.display)
        except UnicodeDecodeError:
            return None
        one = result.plan
        return one if one is not None and not result.errors and \
            len(one.recommendations) == 1 else None

    def _with_anchors(self, head: bytes, own: bytes, action: bytes, after: bytes, tail: bytes
                      ) -> Plan | None:
        """An action whose phrase needs the plan's other dates ('Nov 09': November 2009, or
        the 9th?), parsed after the actions holding the earliest and latest deadlines of this
        same version. A phrase is read one way or refused (dates/grammar.py), and what is read
        against a span of the plan's dates is read the same against the whole plan's wider
        span, so this context can only turn a refusal into the whole file's reading."""
        if self._anchors_from is not None:
            self._remember_anchors(self._anchors_from)
            self._anchors_from = None
        anchors = tuple(a for a in self._anchors if a != action and a in self._raw)
        if not anchors:
            return None
        key = (head, own, *anchors, action, after, tail)
        if key not in self._actions:
            self._actions[key] = self._parse(head + own + b"".join(anchors) + action + after
                                             + tail)
        found = self._actions[key]
        if found is None or len(found.recommendations[0].actions) != len(anchors) + 1:
            return None
        one = found.recommendations[0]
        return replace(found, recommendations=(replace(one, actions=one.actions[-1:]),))

    def _remember_anchors(self, plan: Plan) -> None:
        dated = [a for a in plan.actions if a.due is not None and id(a) in self._text_of]
        if dated:
            first = min(dated, key=lambda a: a.due or date.max)
            last = max(dated, key=lambda a: a.due or date.min)
            self._anchors = tuple(dict.fromkeys((self._text_of[id(first)],
                                                 self._text_of[id(last)])))

    def _recommendation(self, head: bytes, piece: bytes, tail: bytes) -> Recommendation | None:
        """One recommendation, from the parses of its actions one by one where it can be cut
        into them (a commit that changes one action re-parses that action alone)."""
        key = (head, piece, tail)
        if key in self._pieces:
            return self._pieces[key]
        rec = None
        split = cut_actions(piece)
        if split is not None:
            own, actions, after = split
            parsed: list[Plan] = []
            failed = False
            for action in actions:
                action_key = (head, own, action, after, tail)
                if action_key not in self._actions:
                    self._actions[action_key] = self._parse(head + own + action + after + tail)
                one = self._actions[action_key]
                if one is None:
                    one = self._with_anchors(head, own, action, after, tail)
                if one is None or len(one.recommendations[0].actions) != 1:
                    failed = True  # parse the rest all the same: later versions reuse them
                    continue
                self._text_of[id(one.recommendations[0].actions[0])] = action
                parsed.append(one)
            if parsed and not failed:
                first = parsed[0].recommendations[0]
                rec = replace(first, actions=tuple(p.recommendations[0].actions[0]
                                                   for p in parsed))
                self._plan = parsed[0]
        if rec is None:
            whole_rec = self._parse(head + piece + tail)
            if whole_rec is not None:
                rec = whole_rec.recommendations[0]
                self._plan = whole_rec
        self._pieces[key] = rec
        return rec

    def _from_pieces(self, head: bytes, pieces: list[bytes], tail: bytes) -> Plan | None:
        """The plan put together from its recommendations, or None to parse it whole."""
        recs: list[Recommendation] = []
        for piece in pieces:
            rec = self._recommendation(head, piece, tail)
            if rec is None:
                return None
            recs.append(rec)
        if _has_duplicates(recs) or self._plan is None:
            return None
        return replace(self._plan, recommendations=tuple(recs))


def _has_duplicates(recs: list[Recommendation]) -> bool:
    rec_ids = {rec.id for rec in recs}
    action_ids = {action.id for rec in recs for action in rec.actions}
    return (len(rec_ids) != len(recs)
            or len(action_ids) != sum(len(rec.actions) for rec in recs))


def _cached(raw: bytes, display: str) -> Version | None:
    """The version from the parsed-plan cache when these exact bytes are there, as the
    current plan's usually are (the command has just read it, and its last commit mostly
    holds the same bytes): a large plan is then not parsed again. Looked up only, never
    stored, for the reason the module's docstring gives."""
    from plantrack.plan import cache
    from plantrack.plan.source import Source, digest_bytes

    found = cache.lookup(Source.decoded_before(display, raw, digest_bytes(raw)))
    if found is None:
        return None
    plan, problems = found
    return Version(None if any(p.is_error for p in problems) else plan, problems)
