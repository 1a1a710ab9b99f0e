"""The readers of `due:`, `original_due:`, `start:` and any single date: phrase → meaning.

Each reading is cached by (text, settings): plans repeat phrases, and a plan's settings are
few. A reading records what it used beyond its words (Deadline.uses), so the builder can read
every phrase once without the plan's settings and read again only those that need them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TypeVar

from plantrack.plan.dates.base import (
    PLAIN,
    Deadline,
    Failure,
    Impossible,
    Period,
    Refused,
    Settings,
    spoken,
)
from plantrack.plan.dates.explain import diagnose, failure, safe_match
from plantrack.plan.dates.grammar import FLAGS, NUMERIC, Context, match

_T = TypeVar("_T")

# What kind of deadline (model.DUE_KINDS; spelt out here so this package imports no model).
DATE, TBC, NONE, RELATIVE = "date", "tbc", "none", "relative"

_BY = re.compile(r"(?:by|no later than|not later than|due|due by) ", FLAGS)
_ONGOING = re.compile(r"ongoing", FLAGS)
_NOT_APPLICABLE = re.compile(r"n/a|n\.a|na|not applicable", FLAGS)
_TO_BE_CONFIRMED = re.compile(
    r"(?:date )?(?:tbc|tba|tbd|t\.b\.c|t\.b\.a|t\.b\.d"
    r"|to be (?:confirmed|agreed|arranged|announced|determined|decided|set))",
    FLAGS,
)
_FOOTNOTE = re.compile(r"(?P<body>.*?) ?(?P<mark>[*†‡§]+|\(\d\)|\[\d\])", FLAGS)
_START_WORD = re.compile(r"(?P<word>from|starting|commencing|started) (?P<rest>.+)", FLAGS)
# A span's joint: a dash (spaced or not, as ISO dates have hyphens the halves are tried
# one way after another) or the word "to", either optionally followed by "by".
_JOINT = re.compile(r"(?: ?[–—‐‑−-]+ ?| (?P<to>to) )(?P<by>by )?", FLAGS)


def normalise(text: str) -> str:
    """Collapse whitespace (any kind), curly apostrophes to straight, drop a final stop."""
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).rstrip(". ")


def without_by(s: str) -> str:
    m = _BY.match(s)
    return s[m.end():] if m else s


def unwrap(outcome: _T | Failure) -> _T:
    """Hand back a cached reading, or raise a fresh PhraseError for a cached failure."""
    if isinstance(outcome, Failure):
        raise outcome.error()
    return outcome


def _footnote(s: str) -> tuple[str, str | None]:
    """'July 31, 2020*' → ('July 31, 2020', '*'); a phrase without a trailing mark is kept."""
    m = _FOOTNOTE.fullmatch(s)
    if m is None or not m["body"]:
        return s, None
    return m["body"].rstrip(" ,."), m["mark"]


def _footnote_warning(s: str, mark: str) -> tuple[str, str, str]:
    return (
        f"'{s}' ends with a footnote mark ('{mark}'); it was read without it",
        "remove the mark and put the footnote's words in note:",
        "footnote-mark",
    )


def _kind(ctx: Context) -> str:
    return RELATIVE if "agreed" in ctx.used else DATE


def _impossible(s: str, e: Impossible, ctx: Context) -> Failure:
    return _with_uses(failure(s, str(e), "check the day and month", "impossible-date"), ctx)


def _refused(s: str, e: Refused, ctx: Context) -> Failure:
    return _with_uses(failure(s, e.reason, e.hint, e.code), ctx)


def _with_uses(outcome: Failure, ctx: Context) -> Failure:
    return outcome._replace(uses=tuple(sorted(ctx.used)))


def _span(s: str, ctx: Context) -> tuple[str, Period, str, Period | None] | None:
    """A 'From X - by Y' / 'X - by Y' / 'X to Y' span: (X, its period, Y, its period or None
    for Ongoing). None if `s` is not a span. Raises Impossible/Refused if a half cannot be.
    """
    start = _START_WORD.fullmatch(s)
    body = start["rest"] if start else s
    found: list[tuple[str, Period, str, Period | None]] = []
    problem: Exception | None = None
    for joint in _JOINT.finditer(body):
        # Without a From, only "by" or "to" makes it a span: a bare "2010-11" may be a
        # financial year.
        if not (start or joint["to"] or joint["by"]) or joint.start() == 0:
            continue
        left, right = body[: joint.start()], body[joint.end():]
        try:
            first = match(left, ctx)
            if first is None:
                continue
            if _ONGOING.fullmatch(right):
                found.append((left, first, right, None))
            elif (second := match(right, ctx)) is not None:
                found.append((left, first, right, second))
        except (Impossible, Refused) as e:
            problem = problem or e
    if len(found) == 1:
        return found[0]
    if not found and problem is not None:
        raise problem
    return None  # none, or (never seen in practice) more than one way to split it


def _start_in_due(s: str, start: str, ongoing: bool) -> Failure:
    then = "and leave due: out, as it is ongoing" if ongoing else \
        "and a due: only if there is a deadline"
    return Failure(f"'{s}' says when work starts, not when it is due",
                   f"write start: {start} instead, {then}", "start-in-due")


@lru_cache(maxsize=8192)
def deadline_outcome(text: str, settings: Settings = PLAIN) -> Deadline | Failure:
    s = normalise(text)
    body, mark = _footnote(s)
    warnings = (_footnote_warning(s, mark),) if mark else ()
    bare = without_by(body)  # "by" changes nothing, even before a span or a start
    if _ONGOING.fullmatch(bare) or _NOT_APPLICABLE.fullmatch(bare):
        return Deadline(None, None, NONE, (), warnings)
    if _TO_BE_CONFIRMED.fullmatch(bare):
        return Deadline(None, None, TBC, (), warnings)
    ctx = Context(settings)
    try:
        period = match(bare, ctx)
        if period is not None:
            return Deadline(None, period.last, _kind(ctx), tuple(sorted(ctx.used)), warnings)
        span = _span(bare, ctx)
    except Impossible as e:
        return _impossible(body, e, ctx)
    except Refused as e:
        return _refused(body, e, ctx)
    uses = tuple(sorted(ctx.used))
    if span is not None:
        left, first, right, second = span
        if second is None:
            return _start_in_due(s, left, ongoing=True)._replace(uses=uses)
        if first.first > second.last:
            return Failure(
                f"'{s}' starts ({spoken(first.first)}) after it is due ({spoken(second.last)})",
                f"check the dates; the start comes first, like From {right} – by {left}",
                "start-after-due", uses,
            )
        return Deadline(first.first, second.last, _kind(ctx), uses, warnings)
    start = _START_WORD.fullmatch(bare)
    if start and safe_match(start["rest"]) is not None:
        return _start_in_due(s, start["rest"], ongoing=False)._replace(uses=uses)
    return diagnose(body, for_deadline=True, start_word=start is not None)._replace(uses=uses)


def read_deadline(text: str, settings: Settings = PLAIN) -> Deadline:
    """What a `due:` value means: the last day of its period, and a start if it is a span.

    'Ongoing' and 'N/A' are no deadline (kind 'none'), 'TBC' one still to be agreed (kind
    'tbc'). A span ('From X – by Y', 'X – by Y', 'X to Y'; en dash, em dash or hyphen) starts
    on the first day of X and is due on the last day of Y. 'From X' alone (or Starting/
    Commencing/Started X) is a start written in the wrong place: PhraseError 'start-in-due'.
    """
    return unwrap(deadline_outcome(text, settings))


@lru_cache(maxsize=8192)
def _period_reading(text: str, settings: Settings) -> tuple[Period | Failure | None,
                                                            tuple[str, ...]]:
    """The period a phrase names (None for 'Ongoing') and what the reading used."""
    s = normalise(text)
    bare = without_by(s)
    if _ONGOING.fullmatch(bare):
        return None, ()
    ctx = Context(settings)
    try:
        period = match(bare, ctx)
    except Impossible as e:
        return _impossible(s, e, ctx), tuple(sorted(ctx.used))
    except Refused as e:
        return _refused(s, e, ctx), tuple(sorted(ctx.used))
    outcome = period if period is not None else diagnose(s, for_deadline=False)
    return outcome, tuple(sorted(ctx.used))


def period_outcome(text: str, settings: Settings = PLAIN) -> Period | Failure | None:
    outcome, uses = _period_reading(text, settings)
    return outcome._replace(uses=uses) if isinstance(outcome, Failure) else outcome


def read_period(text: str, settings: Settings = PLAIN) -> Period | None:
    """The period a phrase names; None for 'Ongoing'. Raises PhraseError otherwise."""
    return unwrap(period_outcome(text, settings))


def day_outcome(text: str, settings: Settings = PLAIN) -> Deadline | Failure:
    """A field that records one day that has happened (`completed_on:`) as a Deadline due on
    the last day of the period written, with what the reading used (so the builder defers it
    like a `due:`); 'Ongoing' is no day, so a Failure."""
    outcome, uses = _period_reading(text, settings)
    if outcome is None:
        return Failure(f"'{normalise(text)}' is not a day",
                       "write the day, like 2024-03-31 or 31 March 2024", "bad-date", uses)
    if isinstance(outcome, Failure):
        return outcome._replace(uses=uses)
    return Deadline(None, outcome.last, DATE, uses)


@lru_cache(maxsize=8192)
def start_outcome(text: str, settings: Settings = PLAIN) -> Deadline | Failure:
    """A `start:` value as a Deadline whose `start` is the first day of its period."""
    s = normalise(text)
    body, mark = _footnote(s)
    warnings = (_footnote_warning(s, mark),) if mark else ()
    start = _START_WORD.fullmatch(body)
    bare = start["rest"] if start else body
    if _ONGOING.fullmatch(bare):
        return failure(s, "Ongoing is not a start date",
                       "write when work started, like January 2010, or leave start: out",
                       "ongoing-not-a-date")
    ctx = Context(settings)
    try:
        period = match(bare, ctx)
        if period is not None:
            return Deadline(period.first, None, _kind(ctx), tuple(sorted(ctx.used)), warnings)
        span = _span(body, ctx)
    except Impossible as e:
        return _impossible(body, e, ctx)
    except Refused as e:
        return _refused(body, e, ctx)
    if span is not None:
        left, _, right, second = span
        due = f" and due: {right}" if second is not None else ""
        return _with_uses(failure(s, "it is a span, not one date", f"write start: {left}{due}",
                                  "range-in-start"), ctx)
    return _with_uses(diagnose(body, for_deadline=False), ctx)


def read_start(text: str, settings: Settings = PLAIN) -> date:
    """What a `start:` value means: the first day of its period.

    A leading From/Starting/Commencing/Started is allowed, as people write it that way.
    """
    reading = unwrap(start_outcome(text, settings))
    assert reading.start is not None
    return reading.start


def is_order_ambiguous(text: str) -> bool:
    """True for a numeric date that reads as two real days, one per order (6/1/2020)."""
    m = NUMERIC.fullmatch(without_by(_footnote(normalise(text))[0]))
    return m is not None and m["a"] != m["b"] and int(m["a"]) <= 12 and int(m["b"]) <= 12
