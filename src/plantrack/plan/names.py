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
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from plantrack.errors import WARNING, Problem, UsageError
from plantrack.plan.model import Action, Plan, name_key
from plantrack.plan.source import Source

LEAD = "lead"
BOARD = "board"
_NOUNS = {LEAD: ("lead", "leads"), BOARD: ("board", "boards")}
_MAX_LISTED = 8


class NameIndex(NamedTuple):
    """Every lead and board name of a plan after aliases, keyed by name_key.

    `display` gives one spelling per name: the alias target as written in `aliases`, else the
    first spelling in plan order, so "Social care Ops group" and "Social Care Ops Group" are
    shown (and counted) as one name. A plan of thousands of actions repeats a few hundred
    spellings, so each spelling's key is worked out once (`key_of_name`), and each list of
    names as written (`lead: [A, B]`) once, when first asked for (`keys_for`, `names_for`).
    """

    plan: Plan
    display: dict[str, str]
    by_kind: dict[str, tuple[str, ...]]  # kind → keys of the names used, in plan order
    key_of_name: dict[str, str]  # each spelling in the plan → its key
    keys_for: dict[tuple[str, ...], tuple[str, ...]]  # names as written → their keys, each once
    names_for: dict[tuple[str, ...], tuple[str, ...]]  # names as written → display names

    def key(self, name: str) -> str:
        key = self.key_of_name.get(name)
        return key if key is not None else name_key(self.plan.canonical(name))

    def show(self, key: str) -> str:
        return self.display.get(key, key)

    def names_of(self, action: Action, kind: str) -> tuple[str, ...]:
        """The action's leads (or boards) after aliases, each once, as display names."""
        written = action.leads if kind == LEAD else action.boards
        names = self.names_for.get(written)
        return names if names is not None else self._learn(written)[1]

    def keys_of(self, action: Action, kind: str) -> tuple[str, ...]:
        written = action.leads if kind == LEAD else action.boards
        keys = self.keys_for.get(written)
        return keys if keys is not None else self._learn(written)[0]

    def _learn(self, written: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Work out a list of names not seen yet; a name the plan lacks is shown as written."""
        shown: dict[str, str] = {}
        for name in written:
            key = self.key(name)
            shown.setdefault(key, self.display.get(key) or self.plan.canonical(name))
        keys, names = tuple(shown), tuple(shown.values())
        self.keys_for[written] = keys
        self.names_for[written] = names
        return keys, names

    def resolve(self, typed: str, kind: str) -> str:
        """The key of the one name `typed` means, or a UsageError that says what to type."""
        return resolve_name(self, typed, kind)


_INDEXES: dict[int, NameIndex] = {}
_LEADS = attrgetter("leads")
_BOARDS = attrgetter("boards")


def name_index(plan: Plan) -> NameIndex:
    """The plan's NameIndex, built once per plan (plans are immutable).

    Distinct lists and names are found with dict.fromkeys over the actions (C loops, order
    kept): at 10,000 actions that is a few milliseconds, where a Python loop took twenty.
    """
    cached = _INDEXES.get(id(plan))
    if cached is not None and cached.plan is plan:
        return cached
    display: dict[str, str] = {}
    for target in plan.aliases.values():
        display.setdefault(name_key(target), target)
    actions = list(plan.actions)
    leads_then_boards = chain.from_iterable(
        zip(map(_LEADS, actions), map(_BOARDS, actions), strict=True))
    key_of_name: dict[str, str] = {}
    for name in dict.fromkeys(chain.from_iterable(leads_then_boards)):  # in plan order
        canonical = plan.canonical(name)
        key = key_of_name[name] = name_key(canonical)
        display.setdefault(key, canonical)
    by_kind = {
        kind: tuple(dict.fromkeys(map(key_of_name.__getitem__, chain.from_iterable(
            dict.fromkeys(map(attribute, actions))))))
        for kind, attribute in ((LEAD, _LEADS), (BOARD, _BOARDS))
    }
    index = NameIndex(plan, display, by_kind, key_of_name, {}, {})
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


# -- near-duplicate names (validate) -----------------------------------------------------
def similar_names(plan: Plan) -> list[tuple[str, str]]:
    """Pairs of lead/board names that differ only slightly and are not reconciled by aliases.

    `Maureen Cavanagh` / `Maureen Cavanaugh` is the case this exists for. Names are compared
    after aliases apply, so a reconciled pair is never reported.
    """
    names: dict[str, str] = {}
    for action in plan.actions:
        for name in (*action.leads, *action.boards):
            canonical = plan.canonical(name)
            names.setdefault(name_key(canonical), canonical)
    by_length: dict[int, list[str]] = {}
    for folded in names:
        by_length.setdefault(len(folded), []).append(folded)
    pairs: list[tuple[str, str]] = []
    for length, group in by_length.items():
        for other_length in (length, length + 1, length + 2):
            for a in group:
                for b in by_length.get(other_length, ()):
                    if (other_length == length and b <= a) or min(len(a), len(b)) < 6:
                        continue
                    if _within_two_edits(a, b):
                        pairs.append((names[a], names[b]))
    return sorted(pairs)


def _within_two_edits(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 2, with the usual early exits (names are short)."""
    if abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        if min(current) > 2:
            return False
        previous = current
    return previous[-1] <= 2


def name_warnings(plan: Plan | None, source: Source) -> tuple[Problem, ...]:
    """Warnings that need the whole plan and some work: run by `validate`, not by every query."""
    if plan is None:
        return ()
    first_use: dict[str, int] = {}
    for action in plan.actions:
        for key in ("lead", "board"):
            pos = action.fields.get(key)
            if pos is None:
                continue
            for name in action.leads if key == "lead" else action.boards:
                first_use.setdefault(name_key(plan.canonical(name)), pos.value_start)
    problems = []
    for a, b in similar_names(plan):
        index = max(first_use.get(name_key(a), 0), first_use.get(name_key(b), 0))
        problems.append(source.problem(
            index, f"'{a}' and '{b}' differ only slightly; if they are the same, add "
            f"'{a}: {b}' (or the reverse) under 'aliases'", "similar-names", WARNING))
    return tuple(problems)
