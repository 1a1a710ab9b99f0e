"""Names in a plan that are probably one party written two ways, or several parties in one.

`validate` runs these (they need the whole plan and some work; no query pays for them). Each
finding is a warning with the fix: an alias when two spellings are one name, a list when one
lead names several. What counts as "nearly the same", beyond case, spacing, accents and
apostrophes (name_key):
  * at most two letters apart (`Maureen Cavanagh` / `Maureen Cavanaugh`), in names of six
    letters or more, so that short acronyms (`ISSM` / `ISSO`) stay apart;
  * the same once a trailing mark (`OMB*`, `Jones†`) or a bracketed role
    (`Jo Smith (Head of Safeguarding)`) is set aside;
  * the same, or two letters apart, once one or two leading words are set aside, when what
    is left has two words or more (`U.S. Census Bureau` / `Census Bureau`,
    `IFA GoodRead Prouct Team` / `GoodRead Product Team`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plantrack.errors import WARNING, Problem
from plantrack.plan.model import Plan, name_key
from plantrack.plan.source import Source
from plantrack.plan.vocabulary import within_edits

_TRAILING_MARKS = re.compile(r"[\s*†‡§¶#^~+]+$")
_BRACKETED = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
# What joins several parties in one lead: `GSA and OMB`, `Tracy Collins/ Richard Davies`.
_JOINERS = re.compile(r"\s*(?:/|;|&|\+|\band\b|\bwith\b)\s*", re.IGNORECASE)


def _core(key: str) -> str:
    """A folded name without a trailing mark or a bracketed role at its end."""
    previous = None
    while previous != key:
        previous = key
        key = _BRACKETED.sub("", _TRAILING_MARKS.sub("", key))
    return key


def _tails(core: str) -> Iterator[str]:
    """The name without its first one or two words, while two words or more are left."""
    words = core.split()
    for drop in (1, 2):
        if len(words) - drop >= 2:
            yield " ".join(words[drop:])


def similar_names(plan: Plan) -> list[tuple[str, str]]:
    """Pairs of lead/board names that are probably one name and are not reconciled by aliases.

    Names are compared after aliases apply, so a reconciled pair is never reported.
    """
    names: dict[str, str] = {}
    for action in plan.actions:
        for name in (*action.leads, *action.boards):
            canonical = plan.canonical(name)
            names.setdefault(name_key(canonical), canonical)
    cores: dict[str, list[str]] = {}
    by_length: dict[int, list[str]] = {}
    for key in names:
        core = _core(key)
        cores.setdefault(core, []).append(key)
        by_length.setdefault(len(core), []).append(core)
    found: set[tuple[str, str]] = set()

    def pair(a: str, b: str) -> None:
        if a != b:
            found.add((min(names[a], names[b]), max(names[a], names[b])))

    for keys in cores.values():  # the same but for a mark or a role
        for other in keys[1:]:
            pair(keys[0], other)
    for core, keys in cores.items():
        for near in _near(core, by_length):
            for a in keys:
                for b in cores[near]:
                    pair(a, b)
        for tail in _tails(core):  # a leading word more, perhaps with a typo
            near_tails = {tail} if tail in cores else set()
            near_tails.update(_near(tail, by_length))
            for near in near_tails:
                for a in keys:
                    for b in cores[near]:
                        pair(a, b)
    return sorted(found)


def _near(core: str, by_length: dict[int, list[str]]) -> Iterator[str]:
    """Cores at most two letters from `core` (not itself), when both have six letters or more."""
    if len(core) < 6:
        return
    for length in range(len(core) - 2, len(core) + 3):
        for other in by_length.get(length, ()):
            if other != core and len(other) >= 6 and within_edits(core, other, 2):
                yield other


def several_parties(name: str, known: set[str]) -> list[str] | None:
    """The parties one lead names (`GSA and OMB` → GSA, OMB), when it names several: it is
    split at `/`, `;`, `&`, `+`, `and` or `with`, and at least one part is a name the plan
    uses on its own (`Health and Safety Team` alone is one name). None otherwise."""
    parts = [part.strip() for part in _JOINERS.split(name) if part.strip()]
    if len(parts) < 2:
        return None
    if any(name_key(part) in known for part in parts):
        return parts
    return None


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
            index, f"'{a}' and '{b}' look like one name; if they are the same, add "
            f"'{a}: {b}' (or the reverse) under 'aliases'", "similar-names", WARNING))
    known = set(first_use)
    warned: set[str] = set()
    for action in plan.actions:
        pos = action.fields.get("lead")
        for name in action.leads:
            parts = several_parties(name, known)
            if parts is None or pos is None or name in warned:
                continue
            warned.add(name)
            listed = ", ".join(parts)
            problems.append(source.problem(
                pos.value_start, f"lead '{name}' names several parties; write them as a list, "
                f"lead: [{listed}], so that --lead {parts[0]} finds every action of each",
                "several-leads", WARNING))
    return tuple(problems)
