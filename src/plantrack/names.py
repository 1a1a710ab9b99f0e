"""Finding people and boards by the names a person types: aliases, parts of names, near misses.

A board secretary types `--lead collins` or `--lead "Maureen Cavanagh"` and expects every action
of that person, whichever spelling the plan used. The rules, in order:
  1. the name (after `aliases`) equals a name in the plan, ignoring case and spacing;
  2. it is a whole word or words of exactly one name (`collins` → Tracy Collins);
  3. it is part of exactly one name (`colli` → Tracy Collins);
  4. otherwise it is an error: several candidates are listed, or the closest names suggested.
Alias variants take part too, so `cavanaugh` finds Maureen Cavanagh. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from plantrack.errors import UsageError
from plantrack.model import Action, Plan, name_key

LEAD = "lead"
BOARD = "board"
_NOUNS = {LEAD: ("lead", "leads"), BOARD: ("board", "boards")}
_MAX_LISTED = 8


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Every lead and board name of a plan after aliases, keyed by name_key.

    `display` gives one spelling per name: the alias target as written in `aliases`, else the
    first spelling in plan order, so "Social care Ops group" and "Social Care Ops Group" are
    shown (and counted) as one name.
    """

    plan: Plan
    display: dict[str, str]
    by_kind: dict[str, tuple[str, ...]]  # kind → keys of the names used, in plan order

    def key(self, name: str) -> str:
        return name_key(self.plan.canonical(name))

    def show(self, key: str) -> str:
        return self.display.get(key, key)

    def names_of(self, action: Action, kind: str) -> tuple[str, ...]:
        """The action's leads (or boards) after aliases, each once, as display names."""
        keys = self.keys_of(action, kind)
        return tuple(self.display[key] for key in keys)

    def keys_of(self, action: Action, kind: str) -> tuple[str, ...]:
        written = action.leads if kind == LEAD else action.boards
        return tuple(dict.fromkeys(self.key(name) for name in written))

    def resolve(self, typed: str, kind: str) -> str:
        """The key of the one name `typed` means, or a UsageError that says what to type."""
        return resolve_name(self, typed, kind)


_INDEXES: dict[int, NameIndex] = {}


def name_index(plan: Plan) -> NameIndex:
    """The plan's NameIndex, built once per plan (plans are immutable)."""
    cached = _INDEXES.get(id(plan))
    if cached is not None and cached.plan is plan:
        return cached
    display: dict[str, str] = {}
    for target in plan.aliases.values():
        display.setdefault(name_key(target), target)
    used: dict[str, dict[str, None]] = {LEAD: {}, BOARD: {}}
    for action in plan.actions:
        for kind, written in ((LEAD, action.leads), (BOARD, action.boards)):
            for name in written:
                canonical = plan.canonical(name)
                key = name_key(canonical)
                display.setdefault(key, canonical)
                used[kind][key] = None
    index = NameIndex(plan, display, {kind: tuple(keys) for kind, keys in used.items()})
    if len(_INDEXES) > 32:  # tests build many small plans; keep the cache small
        _INDEXES.clear()
    _INDEXES[id(plan)] = index
    return index


def _targets(index: NameIndex, kind: str) -> dict[str, str]:
    """Folded text a person may type a part of → the key of the name it stands for."""
    known = set(index.by_kind[kind])
    targets = {key: key for key in index.by_kind[kind]}
    for variant, target in index.plan.aliases.items():
        target_key = name_key(target)
        if target_key in known:
            targets.setdefault(name_key(variant), target_key)
    return targets


def resolve_name(index: NameIndex, typed: str, kind: str) -> str:
    """Exact (after aliases) → whole words of one name → part of one name → error."""
    noun, nouns = _NOUNS[kind]
    option = f"--{kind} '{typed}'"
    wanted = index.key(typed)
    if not wanted:
        raise UsageError(f"--{kind} needs a name, e.g. --{kind} collins")
    if wanted in index.by_kind[kind]:
        return wanted
    targets = _targets(index, kind)
    word = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    for found in (
        {key for text, key in targets.items() if word.search(text)},
        {key for text, key in targets.items() if wanted in text},
    ):
        if len(found) == 1:
            return found.pop()
        if found:
            ordered = [index.show(key) for key in index.by_kind[kind] if key in found]
            raise UsageError(
                f"{option} matches {len(ordered)} {nouns}: {_listing(ordered)}; "
                "give more of the name"
            )
    closest = _closest(wanted, targets)
    hint = f"; the closest: {', '.join(index.show(k) for k in closest)}" if closest else ""
    raise UsageError(
        f"{option} matches no {noun} in the plan{hint}; 'plantrack {nouns}' lists them all"
    )


def _listing(names: list[str]) -> str:
    if len(names) <= _MAX_LISTED:
        return ", ".join(names)
    return f"{', '.join(names[:_MAX_LISTED])} and {len(names) - _MAX_LISTED} more"


def _closest(wanted: str, targets: dict[str, str], limit: int = 3) -> list[str]:
    """Keys of the names most like `wanted`, comparing whole names and single words of them."""
    from difflib import SequenceMatcher

    scores: dict[str, float] = {}
    matcher = SequenceMatcher(b=wanted)
    for text, key in targets.items():
        best = 0.0
        for part in _parts(text):
            matcher.set_seq1(part)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        if best >= 0.6:
            scores[key] = max(scores.get(key, 0.0), best)
    ranked = sorted(scores, key=lambda key: (-scores[key], key))
    return ranked[:limit]


def _parts(text: str) -> Iterable[str]:
    yield text
    words = text.split()
    if len(words) > 1:
        yield from words
