"""Finding people and boards by the names a person types: aliases, parts of names, near misses.

A board secretary types `--lead collins` or `--lead "Maureen Cavanagh"` and expects every action
of that person, whichever spelling the plan used. The rules, in order:
  1. the name (after `aliases`) equals a name in the plan, ignoring case and spacing;
  2. it is a whole word or words of exactly one name (`collins` → Tracy Collins);
  3. it is part of exactly one name (`colli` → Tracy Collins);
  4. it is the initials of exactly one name (`scmt` → Social Care Management Team);
  5. otherwise it is an error: several candidates are listed, or the closest names suggested.
Accents and the style of apostrophe never matter (`siobhan o'neill` finds Siobhán O’Neill).
Alias variants take part too, so `cavanaugh` finds Maureen Cavanagh. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from plantrack.errors import UsageError
from plantrack.plan.model import Action, Plan, name_key

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
    """Exact (after aliases) → whole words of one name → part of one name → initials of one
    name → error."""
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
    by_initials = _by_initials(wanted, targets)
    if len(by_initials) == 1:
        return by_initials.pop()
    if by_initials:
        ordered = [index.show(key) for key in index.by_kind[kind] if key in by_initials]
        raise UsageError(f"{option} are the initials of {len(ordered)} {nouns}: "
                         f"{_listing(ordered)}; give more of the name")
    closest = _closest(wanted, targets)
    hint = f"; the closest: {', '.join(index.show(k) for k in closest)}" if closest else ""
    raise UsageError(
        f"{option} matches no {noun} in the plan{hint}; 'plantrack {nouns}' lists them all"
    )


_SMALL_WORDS = frozenset({"and", "of", "the", "for", "in", "on", "to"})


def _by_initials(wanted: str, targets: dict[str, str]) -> set[str]:
    """Keys of the names whose initials are `wanted` (`scmt` → Social Care Management Team),
    with or without the small words (`and`, `of`, `the`)."""
    if not wanted.isalpha() or len(wanted) < 2:
        return set()
    found = set()
    for text, key in targets.items():
        words = re.findall(r"\w+", text)
        if len(words) < 2:
            continue
        every = "".join(word[0] for word in words)
        big = "".join(word[0] for word in words if word not in _SMALL_WORDS)
        if wanted in (every, big):
            found.add(key)
    return found


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
