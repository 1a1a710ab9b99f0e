"""The calendar facts and value types every part of the deadline reader shares.

Pure: no clock, no locale, no imports beyond the standard library's datetime, so a cached
`overdue` that never reads a phrase pays nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_NUMBER = {name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
EXAMPLE_YEAR = 2010  # hints show a whole date; the year is only an illustration
NEAR_YEARS = 5  # a month's two-digit number is a year only this close to the plan's dates

# The names of what a reading may depend on besides its own words (`Deadline.uses`): the
# plan's settings, and the span of its other dates (for `Nov 09`: a year, or day 9?).
AGREED = "agreed"
FINANCIAL_YEAR_START = "financial_year_start"
DATE_ORDER = "date_order"
PLAN_DATES = "plan_dates"


@dataclass(frozen=True, slots=True)
class Period:
    """The days a phrase covers, both ends included; a single day has first == last."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError(f"a period cannot end ({self.last}) before it starts ({self.first})")


@dataclass(frozen=True, slots=True)
class Settings:
    """What a plan says about reading its dates, plus the span of its own dates.

    `near` is the first and last of the plan's dates that need no setting to read (and its
    `agreed` day): `Nov 09` is November 2009 only if 2009 lies within NEAR_YEARS of them.
    """

    agreed: date | None = None
    financial_year_start: int | None = None
    month_first: bool = False
    near: tuple[date, date] | None = None


PLAIN = Settings()


@dataclass(frozen=True, slots=True)
class Deadline:
    """What a `due:` value means: an optional start (from a span) and the last day allowed.

    `kind` is 'date', 'tbc', 'none' or 'relative'; `uses` names what the reading depended on
    beyond its words (AGREED, FINANCIAL_YEAR_START, DATE_ORDER, PLAN_DATES); `warnings` are
    (message, hint, code) for a reading that is right but worth a look (a footnote mark).
    Only start and due take part in ==.
    """

    start: date | None
    due: date | None
    kind: str = field(default="date", compare=False)
    uses: tuple[str, ...] = field(default=(), compare=False)
    warnings: tuple[tuple[str, str, str], ...] = field(default=(), compare=False)


class PhraseError(ValueError):
    """A phrase that cannot be read, explained for someone who is not a developer.

    .message says what is wrong, .hint how to write it instead (one hint, fit for the phrase),
    .code is a short kebab-case name for tools and tests (e.g. 'no-year', 'needs-agreed'),
    .uses what the failed reading depended on (as Deadline.uses).
    """

    def __init__(self, message: str, hint: str, code: str, uses: tuple[str, ...] = ()) -> None:
        # All go to args so the error survives pickling (e.g. to a worker process).
        super().__init__(message, hint, code, uses)
        self.message = message
        self.hint = hint
        self.code = code
        self.uses = uses

    def __str__(self) -> str:
        return self.message


class Failure(NamedTuple):
    """A cached PhraseError; a fresh exception is raised each time so tracebacks don't pile up."""

    message: str
    hint: str
    code: str
    uses: tuple[str, ...] = ()

    def error(self) -> PhraseError:
        return PhraseError(self.message, self.hint, self.code, self.uses)


class Impossible(Exception):
    """A phrase in an accepted form that names no real day, e.g. 31/02/2010."""


class Refused(Exception):
    """A phrase in an accepted form that cannot be read with this plan's settings: it carries
    the whole explanation (e.g. 'Within 3 months' in a plan with no `agreed:`)."""

    def __init__(self, reason: str, hint: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint
        self.code = code


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_length(year: int, month: int) -> int:
    return 29 if month == 2 and is_leap(year) else _DAYS_IN_MONTH[month - 1]


def month_number(name: str) -> int:
    return MONTH_NUMBER[name[:3].lower()]


def real_day(year: int, month: int, day: int) -> date:
    if not 1 <= year <= 9999:
        raise Impossible(f"there is no year {year}")
    if not 1 <= day <= month_length(year, month):
        raise Impossible(f"{MONTH_NAMES[month - 1]} {year} has no day {day}")
    return date(year, month, day)


def add_months(day: date, months: int) -> date:
    """`months` calendar months after `day`, on the same day of the month or the month's last
    (31 January + 1 month = 28 February), as dateutil's relativedelta counts."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise Impossible("it falls outside the calendar")
    return date(year, month + 1, min(day.day, month_length(year, month + 1)))


def add_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise Impossible("it falls outside the calendar") from None


def spoken(day: date) -> str:
    """31 March 2010: plain English, and unlike strftime('%B') not at the mercy of the locale."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def years_apart(period: Period, near: tuple[date, date]) -> bool:
    """True when the day `period` is due (its last) lies more than NEAR_YEARS years outside
    the span `near`: the deadline read is never further than that from the plan's dates."""
    low, high = near
    return (period.last < _shift_years(low, -NEAR_YEARS)
            or period.last > _shift_years(high, NEAR_YEARS))


def _shift_years(day: date, years: int) -> date:
    year = min(max(day.year + years, 1), 9999)
    return date(year, day.month, min(day.day, month_length(year, day.month)))
