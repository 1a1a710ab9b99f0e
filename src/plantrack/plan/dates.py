"""Reading the loose English deadline phrases people write in a plan.

Every phrase names a period (a day, a month, a year, or one day of a month such as its
end), so "due March 2010" and "due 31 March 2010" compare the same way. The module is pure:
it never looks at the clock and never fills a missing day or year, because a plan must mean
the same thing whenever and wherever it is read. Anything it cannot read unambiguously is a
PhraseError that says what is wrong and how to write it instead; it never picks dates out of
prose.

Rules worth knowing:
  * numeric dates are day first: 01/02/2010 is 1 February 2010;
  * a two-digit year is 20yy: Nov 09 is November 2009, 31/03/10 is 31 March 2010;
  * "March 10" is March 2010 (a month and a two-digit year), never 10 March;
  * a span needs a marker: "From X - Y", "X - by Y" or "X to Y"; a bare "X - Y" is refused
    because "2010-11" or "2010-2011" may be a financial year;
  * "Started November 2009 - ongoing" is a start, not a deadline: read_deadline refuses it
    (code 'start-in-due') and the hint says to write start: November 2009 and no due:.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple, TypeVar

from dateutil.relativedelta import relativedelta

__all__ = [
    "ACCEPTED_FORMS",
    "Deadline",
    "Period",
    "PhraseError",
    "read_as_of",
    "read_deadline",
    "read_period",
    "read_start",
    "read_window",
    "window_end",
]

ACCEPTED_FORMS = (
    "31/03/2010, 2010-03-31, 31 March 2010, March 2010, Nov 09, end of March 2010, "
    "mid March 2010, 2010, end of 2010, or Ongoing"
)


@dataclass(frozen=True, slots=True)
class Period:
    """The days a phrase covers, both ends included; a single day has first == last."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError(f"a period cannot end ({self.last}) before it starts ({self.first})")


@dataclass(frozen=True, slots=True)
class Deadline:
    """What a `due:` value means: an optional start (from a span) and the last day allowed."""

    start: date | None
    due: date | None


class PhraseError(ValueError):
    """A phrase that cannot be read, explained for someone who is not a developer.

    .message says what is wrong, .hint how to write it instead, .code is a short kebab-case
    name for tools and tests (e.g. 'unreadable-date', 'no-year', 'impossible-date').
    """

    def __init__(self, message: str, hint: str, code: str) -> None:
        # All three go to args so the error survives pickling (e.g. to a worker process).
        super().__init__(message, hint, code)
        self.message = message
        self.hint = hint
        self.code = code

    def __str__(self) -> str:
        return self.message


# --- the grammar ------------------------------------------------------------------------
# Phrases are matched after whitespace is collapsed to single spaces, so the patterns use a
# plain " ". re.ASCII keeps \d to 0-9 and case-folding to a-z (no Kelvin-sign surprises).

_FLAGS = re.IGNORECASE | re.ASCII
_T = TypeVar("_T")

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<y>\d{4}|\d{2})"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_AT_MONTH = r"(?P<pos>(?:the )?end of |end[ -]|mid[ -]|(?:the )?(?:beginning|start) of )?"
_AT_YEAR = r"(?P<pos>(?:the )?end of |end |(?:the )?(?:beginning|start) of )?"

_MONTH_YEAR = re.compile(rf"{_AT_MONTH}{_MON},? {_YEAR}", _FLAGS)
_YEAR_ONLY = re.compile(rf"{_AT_YEAR}(?P<y>\d{{4}})", _FLAGS)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})", _FLAGS)
_NUMERIC = re.compile(
    r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})", _FLAGS
)
_DAY_MONTH_YEAR = re.compile(rf"{_DAY} (?:of )?{_MON},? {_YEAR}", _FLAGS)
_MONTH_DAY_YEAR = re.compile(rf"{_MON} {_DAY},? (?P<y>\d{{4}})", _FLAGS)

_BY = re.compile(r"by ", _FLAGS)
_ONGOING = re.compile(r"ongoing", _FLAGS)
_START_WORD = re.compile(r"(?P<word>from|starting|commencing|started) (?P<rest>.+)", _FLAGS)
# A span's joint: a dash (spaced or not, as ISO dates have hyphens the halves are tried
# one way after another) or the word "to", either optionally followed by "by".
_JOINT = re.compile(r"(?: ?[–—‐‑−-]+ ?| (?P<to>to) )(?P<by>by )?", _FLAGS)
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_WINDOW = re.compile(
    r"(?P<n>[+-]?\d{1,6}) ?(?P<unit>d|days?|w|wks?|weeks?|m|mths?|months?)?", _FLAGS
)

# Only used to explain a failure, never to read a phrase.
_QUARTER = re.compile(r"\bq[1-4]\b|\bquarters?\b", _FLAGS)
_SPLIT_YEAR = re.compile(r"\b(?P<a>\d{4}) ?[/–—‐‑−-] ?(?P<b>\d{4}|\d{2})\b", _FLAGS)
_VAGUE = re.compile(
    r"(?:by )?(?P<word>early|late|spring|summer|autumn|fall|winter)(?: of)?[ -](?P<rest>.+)",
    _FLAGS,
)
_MONTH_WORD = re.compile(rf"\b{_MON}(?![a-z])", _FLAGS)
_DAY_MONTH_NO_YEAR = re.compile(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}(?![\d/.-])", _FLAGS)
_DIGITS = re.compile(r"\d+", _FLAGS)
_TOKEN = re.compile(r"[^\s()\[\]{};:!?\"]+")

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUMBER = {name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, start=1)}
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_EXAMPLE_YEAR = 2010  # hints show a whole date; the year is only an illustration


class _Impossible(Exception):
    """A phrase in an accepted form that names no real day, e.g. 31/02/2010."""


class _Failure(NamedTuple):
    """A cached PhraseError; a fresh exception is raised each time so tracebacks don't pile up."""

    message: str
    hint: str
    code: str


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_length(year: int, month: int) -> int:
    return 29 if month == 2 and _is_leap(year) else _DAYS_IN_MONTH[month - 1]


def _year(text: str) -> int:
    """Two-digit years are 20yy (the documented rule); year 0 does not exist."""
    year = int(text)
    if len(text) == 2:
        return 2000 + year
    if year == 0:
        raise _Impossible("there is no year 0")
    return year


def _month(number: int) -> int:
    if not 1 <= number <= 12:
        raise _Impossible(f"there is no month {number} (numbers are read day first)")
    return number


def _day(year: int, month: int, day: int) -> date:
    if not 1 <= day <= _month_length(year, month):
        raise _Impossible(f"{_MONTH_NAMES[month - 1]} {year} has no day {day}")
    return date(year, month, day)


def _anchor(pos: str | None) -> str | None:
    """'end', 'mid' or 'start' for 'the end of ', 'mid-', 'beginning of ' ...; None if absent."""
    if pos is None:
        return None
    words = pos.lower().replace("-", " ").split()
    word = words[1] if words[0] == "the" else words[0]
    return "start" if word == "beginning" else word


def _month_period(year: int, month: int, pos: str | None) -> Period:
    last = _month_length(year, month)
    anchor = _anchor(pos)
    if anchor is None:
        return Period(date(year, month, 1), date(year, month, last))
    day = date(year, month, {"end": last, "mid": 15, "start": 1}[anchor])
    return Period(day, day)


def _year_period(year: int, pos: str | None) -> Period:
    anchor = _anchor(pos)
    first = date(year, 12, 31) if anchor == "end" else date(year, 1, 1)
    last = date(year, 1, 1) if anchor == "start" else date(year, 12, 31)
    return Period(first, last)


def _match(s: str) -> Period | None:
    """The period a bare phrase (no 'by', not Ongoing) names, or None if it has no such form.

    Raises _Impossible for a phrase of an accepted form naming no real day.
    """
    if m := _MONTH_YEAR.fullmatch(s):
        return _month_period(_year(m["y"]), _MONTH_NUMBER[m["mon"][:3].lower()], m["pos"])
    if m := _NUMERIC.fullmatch(s) or _ISO.fullmatch(s):
        year, month = _year(m["y"]), _month(int(m["m"]))
        day = _day(year, month, int(m["d"]))
        return Period(day, day)
    if m := _DAY_MONTH_YEAR.fullmatch(s) or _MONTH_DAY_YEAR.fullmatch(s):
        day = _day(_year(m["y"]), _MONTH_NUMBER[m["mon"][:3].lower()], int(m["d"]))
        return Period(day, day)
    if m := _YEAR_ONLY.fullmatch(s):
        return _year_period(_year(m["y"]), m["pos"])
    return None


def _spoken(day: date) -> str:
    """31 March 2010: plain English, and unlike strftime('%B') not at the mercy of the locale."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _normalise(text: str) -> str:
    """Collapse whitespace (any kind) and drop a trailing full stop."""
    return " ".join(text.split()).rstrip(". ")


def _without_by(s: str) -> str:
    return s[3:] if _BY.match(s) else s


def _fail(s: str, reason: str, hint: str, code: str) -> _Failure:
    return _Failure(f"cannot read '{s}' as a date: {reason}", hint, code)


def _with_forms(hint: str) -> str:
    return f"{hint} (accepted: {ACCEPTED_FORMS})"


# --- explaining failures ----------------------------------------------------------------


def _dates_in(s: str) -> tuple[list[tuple[str, Period]], str | None]:
    """Readable dates inside prose (for hints only) and the first impossible-date reason."""
    tokens = [t.rstrip(".,") for t in _TOKEN.findall(s)]
    tokens = [t for t in tokens if t]
    found: list[tuple[str, Period]] = []
    impossible: str | None = None
    i = 0
    while i < len(tokens):
        if tokens[i].lower() == "by":
            i += 1
            continue
        for j in range(min(len(tokens), i + 6), i, -1):
            candidate = " ".join(tokens[i:j])
            try:
                period = _match(candidate)
            except _Impossible as e:
                impossible = impossible or str(e)
                continue
            if period is not None:
                found.append((candidate, period))
                i = j
                break
        else:
            i += 1
    return found, impossible


def _diagnose(s: str, *, for_deadline: bool) -> _Failure:
    """Say, as precisely as possible, why `s` is not a phrase we read."""
    if not s:
        return _Failure(
            "no date given", _with_forms("write a date, or Ongoing if there is none"), "empty"
        )
    if _QUARTER.search(s):
        return _fail(
            s,
            "a quarter could be a calendar quarter (Q1 = January to March) or a financial-year"
            " quarter (Q1 = April to June in the UK)",
            _with_forms("write the month it ends instead, like end of March 2010 or June 2010"),
            "ambiguous-quarter",
        )
    if (m := _SPLIT_YEAR.search(s)) and int(m["b"]) % 100 == (int(m["a"]) + 1) % 100:
        a, b = int(m["a"]), int(m["a"]) + 1
        month = int(m["b"])
        also = (
            f", {_MONTH_NAMES[month - 1]} {a}"
            if "-" in m[0] and len(m["b"]) == 2 and month <= 12
            else ""
        )
        return _fail(
            s,
            f"'{m[0]}' could be the financial year {a}/{b % 100:02d}{also} or all of {a} and {b}",
            _with_forms(f"write the day or month it ends, like 31 March {b} or end of {b}"),
            "ambiguous-date",
        )
    if (m := _VAGUE.fullmatch(s)) and _safe_match(m["rest"]) is not None:
        return _fail(
            s,
            f"'{m['word']}' does not say which day",
            _with_forms("write the day or month you mean, like 10 March 2010 or end of June 2010"),
            "vague-date",
        )
    found, impossible = _dates_in(s)
    ongoing = " ongoing " in f" {s.lower()} "
    if len(found) >= 2:
        ordered = sorted(found, key=lambda f: f[1].first)
        names = ", ".join(f[0] for f in found[:-1]) + f" and {found[-1][0]}"
        span = (
            f" or a span, like From {ordered[0][0]} – by {ordered[-1][0]}" if for_deadline else ""
        )
        return _fail(
            s,
            f"it names more than one date ({names})",
            _with_forms(f"write one date, like {found[-1][0]},{span}"),
            "two-dates",
        )
    if len(found) == 1:
        hint = f"write only the date, like {found[0][0]}, and keep the other words elsewhere"
        if for_deadline and ongoing:
            hint += "; if there is no deadline, write Ongoing"
        if for_deadline and _START_WORD.match(s):
            hint += "; put when work started in start:"
        return _fail(s, "it has other words around the date", _with_forms(hint), "unreadable-date")
    if impossible:
        return _fail(
            s,
            impossible,
            _with_forms("check the day and month; numbers are read day first"),
            "impossible-date",
        )
    months = [m for m in _MONTH_WORD.finditer(s) if m["mon"] != "may"]  # lowercase may: a verb
    numbers = _DIGITS.findall(s)
    if (months and len(numbers) <= 1 and all(len(n) <= 2 for n in numbers)) or (
        len(numbers) == 2 and _DAY_MONTH_NO_YEAR.search(s)
    ):
        if months:
            number = _MONTH_NUMBER[months[0]["mon"][:3].lower()]
            name = _MONTH_NAMES[number - 1]
            last = _month_length(_EXAMPLE_YEAR, number)
            hint = (
                f"add the year, writing it like {last} {name} {_EXAMPLE_YEAR}, "
                f"{name} {_EXAMPLE_YEAR} or end of {name} {_EXAMPLE_YEAR}"
            )
        else:
            hint = "add the year, writing it like 31/03/2010"
        return _fail(s, "it has no year", _with_forms(hint), "no-year")
    hint = "write it like 31 March 2010 or March 2010"
    if for_deadline and ongoing:
        hint = "if there is no deadline write Ongoing; otherwise " + hint
    return _fail(
        s, "it is not a date in a form plantrack reads", _with_forms(hint), "unreadable-date"
    )


def _safe_match(s: str) -> Period | None:
    try:
        return _match(s)
    except _Impossible:
        return None


# --- the public readers -----------------------------------------------------------------


def _unwrap(outcome: _T | _Failure) -> _T:
    """Hand back a cached reading, or raise a fresh PhraseError for a cached failure."""
    if isinstance(outcome, _Failure):
        raise PhraseError(outcome.message, outcome.hint, outcome.code)
    return outcome


def _impossible(s: str, e: _Impossible) -> _Failure:
    return _fail(
        s,
        str(e),
        _with_forms("check the day and month; numbers are read day first"),
        "impossible-date",
    )


@lru_cache(maxsize=8192)
def _period_outcome(text: str) -> Period | _Failure | None:
    s = _normalise(text)
    bare = _without_by(s)
    if _ONGOING.fullmatch(bare):
        return None
    try:
        period = _match(bare)
    except _Impossible as e:
        return _impossible(s, e)
    return period if period is not None else _diagnose(s, for_deadline=False)


def read_period(text: str) -> Period | None:
    """The period a phrase names; None for 'Ongoing'. Raises PhraseError otherwise."""
    return _unwrap(_period_outcome(text))


def _span(s: str) -> tuple[str, Period, str, Period | None] | None:
    """A 'From X - by Y' / 'X - by Y' / 'X to Y' span: (X, its period, Y, its period or None
    for Ongoing). None if `s` is not a span. Raises _Impossible if a half names no real day.
    """
    start = _START_WORD.fullmatch(s)
    body = start["rest"] if start else s
    found: list[tuple[str, Period, str, Period | None]] = []
    impossible: _Impossible | None = None
    for joint in _JOINT.finditer(body):
        # Without a From, only "by" or "to" makes it a span: a bare "2010-11" may be a
        # financial year.
        if not (start or joint["to"] or joint["by"]) or joint.start() == 0:
            continue
        left, right = body[: joint.start()], body[joint.end() :]
        try:
            first = _match(left)
            if first is None:
                continue
            if _ONGOING.fullmatch(right):
                found.append((left, first, right, None))
            elif (second := _match(right)) is not None:
                found.append((left, first, right, second))
        except _Impossible as e:
            impossible = impossible or e
    if len(found) == 1:
        return found[0]
    if not found and impossible is not None:
        raise impossible
    return None  # none, or (never seen in practice) more than one way to split it


def _start_in_due(s: str, start: str, ongoing: bool) -> _Failure:
    then = (
        "and leave due: out, as it is ongoing"
        if ongoing
        else ("and a due: only if there is a deadline")
    )
    return _Failure(
        f"'{s}' says when work starts, not when it is due",
        f"write start: {start} instead, {then}",
        "start-in-due",
    )


@lru_cache(maxsize=8192)
def _deadline_outcome(text: str) -> Deadline | _Failure:
    s = _normalise(text)
    bare = _without_by(s)  # "by" changes nothing, even before a span or a start
    if _ONGOING.fullmatch(bare):
        return Deadline(None, None)
    try:
        period = _match(bare)
        if period is not None:
            return Deadline(None, period.last)
        span = _span(bare)
    except _Impossible as e:
        return _impossible(s, e)
    if span is not None:
        left, first, right, second = span
        if second is None:
            return _start_in_due(s, left, ongoing=True)
        if first.first > second.last:
            return _Failure(
                f"'{s}' starts ({_spoken(first.first)}) after it is due ({_spoken(second.last)})",
                f"check the dates; the start comes first, like From {right} – by {left}",
                "start-after-due",
            )
        return Deadline(first.first, second.last)
    start = _START_WORD.fullmatch(bare)
    if start and _safe_match(start["rest"]) is not None:
        return _start_in_due(s, start["rest"], ongoing=False)
    return _diagnose(s, for_deadline=True)


def read_deadline(text: str) -> Deadline:
    """What a `due:` value means: the last day of its period, and a start if it is a span.

    'Ongoing' is Deadline(None, None). A span ('From X – by Y', 'From X - Y', 'X – by Y',
    'X to Y'; en dash, em dash or hyphen) starts on the first day of X and is due on the last
    day of Y. 'From X' alone (or Starting/Commencing/Started X, or 'Started X - ongoing') is a
    start written in the wrong place: PhraseError 'start-in-due'. Cached: plans repeat phrases.
    """
    return _unwrap(_deadline_outcome(text))


@lru_cache(maxsize=8192)
def _start_outcome(text: str) -> date | _Failure:
    s = _normalise(text)
    start = _START_WORD.fullmatch(s)
    bare = start["rest"] if start else s
    if _ONGOING.fullmatch(bare):
        return _fail(
            s,
            "Ongoing is not a start date",
            "write when work started, like January 2010, or leave start: out",
            "ongoing-not-a-date",
        )
    try:
        period = _match(bare)
        if period is not None:
            return period.first
        span = _span(s)
    except _Impossible as e:
        return _impossible(s, e)
    if span is not None:
        left, _, right, second = span
        due = f" and due: {right}" if second is not None else ""
        return _fail(s, "it is a span, not one date", f"write start: {left}{due}", "range-in-start")
    return _diagnose(s, for_deadline=False)


def read_start(text: str) -> date:
    """What a `start:` value means: the first day of its period.

    A leading From/Starting/Commencing/Started is allowed, as people write it that way.
    """
    return _unwrap(_start_outcome(text))


def read_as_of(text: str, today: date) -> date:
    """The day `--as-of` means: 'today', 'yesterday', 'tomorrow' count from `today` (the
    caller passes the clock's date in, so this module stays pure); any other phrase is the
    LAST day of its period, so 'January 2010' asks about the state at the end of January.
    """
    s = _normalise(text)
    if (shift := _RELATIVE.get(s.lower())) is not None:
        try:
            return today + timedelta(days=shift)
        except OverflowError:
            raise PhraseError(
                f"cannot read '{s}' as a date: it falls outside the calendar",
                "give a date instead",
                "impossible-date",
            ) from None
    try:
        period = read_period(s)
    except PhraseError as exc:  # its hint may offer what only a deadline takes (Ongoing)
        raise PhraseError(exc.message, _as_of_hint(exc), exc.code) from None
    if period is None:
        raise PhraseError(
            f"cannot read '{s}' as a date: Ongoing is not a day",
            _as_of_forms("give a day or month, like 31 January 2010 or January 2010, or today"),
            "ongoing-not-a-date",
        )
    return period.last


AS_OF_FORMS = (
    "31/03/2010, 2010-03-31, 31 March 2010, March 2010, Nov 09, end of March 2010, "
    "mid March 2010, 2010, end of 2010, today, yesterday or tomorrow"
)


def _as_of_forms(hint: str) -> str:
    return f"{hint} (accepted: {AS_OF_FORMS})"


def _as_of_hint(exc: PhraseError) -> str:
    """A deadline phrase's hint, retold for --as-of: a message suggests only what the option
    it is about accepts, and --as-of takes a day, never Ongoing."""
    if exc.code == "empty":
        return _as_of_forms("give a day or month, like 31 January 2010, or today")
    hint = exc.hint.split(" (accepted: ")[0]
    if "Ongoing" in hint:
        hint = "write it like 31 March 2010 or March 2010"
    return _as_of_forms(hint)


def read_window(text: str) -> relativedelta:
    """How far ahead `plantrack due --within` looks: '14d', '14 days', '2w', '2 weeks', '1m',
    '1 month', or a bare number of days.

    A relativedelta, so a month is a calendar month (31 Jan + 1 month = 28/29 Feb) rather
    than 30 days. Zero or negative is a PhraseError: a window that looks nowhere is a mistake.
    """
    s = _normalise(text)
    m = _WINDOW.fullmatch(s)
    if m is None:
        raise PhraseError(
            f"cannot read '{s}' as a time window",
            "write it like 14d, 14 days, 2w, 2 weeks, 1m or 1 month",
            "bad-window",
        )
    n = int(m["n"])
    if n <= 0:
        raise PhraseError(
            f"cannot read '{s}' as a time window: it must be more than zero",
            "write it like 14d, 2w or 1m",
            "bad-window",
        )
    unit = (m["unit"] or "d")[0].lower()
    if unit == "w":
        return relativedelta(weeks=n)
    if unit == "m":
        return relativedelta(months=n)
    return relativedelta(days=n)


def window_end(as_of: date, window: relativedelta) -> date:
    """The last day inside `window` counted from `as_of` (included), capped at the calendar's
    end so a huge window cannot crash a report.
    """
    try:
        end = as_of + window
    except (OverflowError, ValueError):
        return date.max
    return end if isinstance(end, date) else end.date()
