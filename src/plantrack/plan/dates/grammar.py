"""The forms a single date or period may take, and what each means.

`match(s, ctx)` reads one whole phrase (whitespace already collapsed, no 'by', no footnote
mark) as a Period, or returns None when the phrase has none of these forms. A form that
depends on the plan (a financial year, 'Within 3 months', a numeric date's order, the year
in 'Nov 09') notes the setting it used in `ctx.used`, so a reading made without the plan's
settings can be told apart from one that needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from plantrack.plan.dates.base import (
    AGREED,
    DATE_ORDER,
    EXAMPLE_YEAR,
    FINANCIAL_YEAR_START,
    MONTH_NAMES,
    NEAR_YEARS,
    PLAN_DATES,
    Impossible,
    Period,
    Refused,
    Settings,
    add_days,
    add_months,
    month_length,
    month_number,
    real_day,
    years_apart,
)

# Phrases are matched after whitespace is collapsed to single spaces, so the patterns use a
# plain " ". re.ASCII keeps \d to 0-9 and case-folding to a-z (no Kelvin-sign surprises).
FLAGS = re.IGNORECASE | re.ASCII

MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<y>\d{4}|\d{2})"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_AT_MONTH = r"(?P<pos>(?:the )?end of |end[ -]|mid[ -]|(?:the )?(?:beginning|start) of )?"
_AT_YEAR = r"(?P<pos>(?:the )?end of |end |(?:the )?(?:beginning|start) of )?"

# March 2010, Mar-2024 (Excel's mmm-yyyy), Nov '09 and Mar-24 (mmm-yy): always a year.
_MONTH_YEAR = re.compile(rf"{_AT_MONTH}{MON}(?:,? |-)(?P<y>\d{{4}})", FLAGS)
_MONTH_MARKED_YEAR = re.compile(rf"{_AT_MONTH}{MON}(?:,? ?'|-)(?P<y>\d{{2}})", FLAGS)
# Nov 09, October 31: a year or a day? Judged against the plan's other dates.
_MONTH_NUMBER = re.compile(rf"{_AT_MONTH}{MON},? (?P<n>\d{{1,2}})", FLAGS)
_YEAR_ONLY = re.compile(rf"{_AT_YEAR}(?P<y>\d{{4}})", FLAGS)
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?(?:Z|[+-]\d{2}(?::?\d{2})?))?)?",
    FLAGS,
)
NUMERIC = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})", FLAGS
)
_DAY_MONTH_YEAR = re.compile(rf"{_DAY}(?: of | |-){MON}(?:,? |-){_YEAR}", FLAGS)
_MONTH_DAY_YEAR = re.compile(rf"{MON} {_DAY},? (?P<y>\d{{4}})", FLAGS)
_WEEK = re.compile(
    r"(?P<kind>w/c|w/b|wc|week commencing|week beginning|w/e|week ending) (?P<rest>.+)", FLAGS
)
# Financial years: 2024/25, FY 2024/25, FY24/25, FY 2020 (the one ending in 2020), quarters.
_FY_SPLIT = re.compile(
    r"(?:fy ?(?P<a1>\d{4}|\d{2}) ?[/-] ?(?P<b1>\d{4}|\d{2})|(?P<a2>\d{4}) ?/ ?(?P<b2>\d{4}|\d{2}))",
    FLAGS,
)
_FY_SINGLE = re.compile(r"fy ?(?P<y>\d{4}|\d{2})", FLAGS)
_QUARTER = re.compile(
    r"(?P<pos>(?:the )?end of )?(?:q|quarter )(?P<q>[1-4]),? (?:of )?(?P<fy>.+)", FLAGS
)
# Counted from `agreed`.
_IMMEDIATE = re.compile(
    r"immediate|immediately|asap|as soon as possible|with immediate effect", FLAGS
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
}  # fmt: skip
_WITHIN = re.compile(
    r"(?:within |in )?(?:the next )?(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?) "
    r"(?P<unit>days?|weeks?|months?|years?)(?: of (?:the )?(?:plan|report|inspection))?",
    FLAGS,
)


@dataclass(slots=True)
class Context:
    """The settings a reading may use, what it did use, and whether it only explains.

    While explaining a failure (`explaining`), forms that depend on the plan never match:
    a hint must not change with the settings, and must not read what the plan cannot.
    """

    settings: Settings
    used: set[str] = field(default_factory=set)
    explaining: bool = False


def two_digit_year(text: str) -> int:
    """Two-digit years are 20yy (the documented rule); year 0 does not exist."""
    year = int(text)
    if len(text) == 2:
        return 2000 + year
    if year == 0:
        raise Impossible("there is no year 0")
    return year


def _anchor(pos: str | None) -> str | None:
    """'end', 'mid' or 'start' for 'the end of ', 'mid-', 'beginning of ' ...; None if absent."""
    if pos is None:
        return None
    words = pos.lower().replace("-", " ").split()
    word = words[1] if words[0] == "the" else words[0]
    return "start" if word == "beginning" else word


def month_period(year: int, month: int, pos: str | None = None) -> Period:
    if not 1 <= year <= 9999:
        raise Impossible(f"there is no year {year}")
    last = month_length(year, month)
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


def match(s: str, ctx: Context) -> Period | None:
    """The period a bare phrase names, or None if it has no such form.

    Raises Impossible for a phrase of an accepted form naming no real day, and Refused for
    one that this plan's settings cannot read.
    """
    if m := _MONTH_YEAR.fullmatch(s) or _MONTH_MARKED_YEAR.fullmatch(s):
        return month_period(two_digit_year(m["y"]), month_number(m["mon"]), m["pos"])
    if m := _ISO.fullmatch(s):
        day = real_day(two_digit_year(m["y"]), _month(int(m["m"])), int(m["d"]))
        return Period(day, day)
    if m := NUMERIC.fullmatch(s):
        return _numeric(m, ctx)
    if m := _DAY_MONTH_YEAR.fullmatch(s) or _MONTH_DAY_YEAR.fullmatch(s):
        day = real_day(two_digit_year(m["y"]), month_number(m["mon"]), int(m["d"]))
        return Period(day, day)
    if m := _YEAR_ONLY.fullmatch(s):
        return _year_period(two_digit_year(m["y"]), m["pos"])
    if m := _MONTH_NUMBER.fullmatch(s):
        return _month_number(m, s, ctx)
    if m := _WEEK.fullmatch(s):
        return _week(m, ctx)
    if ctx.explaining:
        return None
    if m := _QUARTER.fullmatch(s):
        return _quarter(m, s, ctx)
    if (m := _FY_SPLIT.fullmatch(s)) or (m := _FY_SINGLE.fullmatch(s)):
        return _financial_year(m, s, ctx)
    if _IMMEDIATE.fullmatch(s) or (m := _WITHIN.fullmatch(s)):
        return _from_agreed(m, s, ctx)
    return None


def _month(number: int, order: str = "") -> int:
    if not 1 <= number <= 12:
        raise Impossible(f"there is no month {number}{order}")
    return number


def _numeric(m: re.Match[str], ctx: Context) -> Period | None:
    """31/03/2010 day first, or 03/31/2010 in a `date_order: month-first` plan."""
    if ctx.explaining:
        return _numeric_day_first(m)
    ctx.used.add(DATE_ORDER)
    month_first = ctx.settings.month_first
    a, b = int(m["a"]), int(m["b"])
    day, month = (b, a) if month_first else (a, b)
    year = two_digit_year(m["y"])
    if not 1 <= month <= 12 and 1 <= day <= 12:
        order, other = ("month first", "day-first") if month_first else ("day first", "month-first")
        swapped = real_day(year, day, month) if month <= month_length(year, day) else None
        if swapped is not None:
            setting = "month-first" if month_first else "day-first"
            raise Refused(
                f"there is no month {month} when the day comes first"
                if not month_first else f"there is no month {month} when the month comes first",
                f"this plan reads numeric dates {order} (date_order: {setting}); if it writes "
                f"them {other.replace('-', ' ')}, set date_order: {other} at the top of the plan;"
                f" or write the month's name, like {swapped.day} {MONTH_NAMES[swapped.month - 1]}"
                f" {swapped.year}",
                "date-order",
            )
    day_of = real_day(year, _month(month), day)
    return Period(day_of, day_of)


def _numeric_day_first(m: re.Match[str]) -> Period:
    day = real_day(two_digit_year(m["y"]), _month(int(m["b"])), int(m["a"]))
    return Period(day, day)


def _month_number(m: re.Match[str], s: str, ctx: Context) -> Period | None:
    """'Nov 09' is November 2009 only when 9 cannot be a day of November or 2009 lies near the
    plan's other dates; 'October 31' far from them is refused with both readings named."""
    month, number = month_number(m["mon"]), int(m["n"])
    year = 2000 + number
    as_year = month_period(year, month, m["pos"])
    if not 1 <= number <= month_length(2000, month) or ctx.explaining:
        return as_year  # 2000: a leap year, so Feb 29 is a day; a hint keeps it as written
    ctx.used.add(PLAN_DATES)
    near = ctx.settings.near
    if near is not None and not years_apart(as_year, near):
        return as_year
    name = MONTH_NAMES[month - 1]
    day_year = near[1].year if near is not None else EXAMPLE_YEAR
    if near is None:
        where = "and this plan has no other dates to tell by"
    else:
        low, high = near[0].year, near[1].year
        span = str(low) if low == high else f"{low} to {high}"
        where = f"and {year} is more than {NEAR_YEARS} years from the plan's other dates ({span})"
    raise Refused(
        f"it could be {number} {name} (year missing) or {name} {year}, {where}",
        f"write the year in full, like {number} {name} {day_year} or {name} {year}",
        "ambiguous-year",
    )


def _week(m: re.Match[str], ctx: Context) -> Period | None:
    """w/c 14 Oct 2024: that week (due on its seventh day); w/e 18 Oct 2024: that day."""
    inner = match(m["rest"], ctx)
    if inner is None or inner.first != inner.last:
        return None
    if m["kind"].lower() in ("w/e", "week ending"):
        return inner
    return Period(inner.first, add_days(inner.first, 6))


def _needs_financial_year(s: str, ctx: Context) -> int:
    ctx.used.add(FINANCIAL_YEAR_START)
    start = ctx.settings.financial_year_start
    if start is None:
        raise Refused(
            "it is a financial year, and the plan does not say which month its financial "
            "year starts",
            "add financial_year_start: April (the month it starts) at the top of the plan, or "
            "write the day it ends, like 31 March 2025",
            "needs-financial-year",
        )
    return start


def _financial_year_bounds(m: re.Match[str], s: str, ctx: Context) -> Period | None:
    """The first and last day of the financial year `m` names (FY_SPLIT or FY_SINGLE)."""
    if "y" in m.re.groupindex:
        start_month = _needs_financial_year(s, ctx)
        end_year = two_digit_year(m["y"])
        first_year = end_year - 1 if start_month != 1 else end_year
    else:
        a_text, b_text = (m["a1"], m["b1"]) if m["a1"] else (m["a2"], m["b2"])
        a = two_digit_year(a_text)
        if int(b_text) % 100 != (a + 1) % 100 or (len(b_text) == 4 and int(b_text) != a + 1):
            return None
        start_month = _needs_financial_year(s, ctx)
        if start_month == 1:
            raise Refused(
                "a financial year starting in January is a calendar year, so it cannot span "
                "two years",
                f"write the year, like {a + 1}, or correct financial_year_start",
                "impossible-date",
            )
        first_year = a
    first = real_day(first_year, start_month, 1)
    last = add_days(add_months(first, 12), -1)
    return Period(first, last)


def _financial_year(m: re.Match[str], s: str, ctx: Context) -> Period | None:
    return _financial_year_bounds(m, s, ctx)


def _quarter(m: re.Match[str], s: str, ctx: Context) -> Period | None:
    """Q3 2024/25, Quarter 3 FY24/25, end of Q3 2024/25: a quarter of a financial year."""
    fy = m["fy"]
    year = _FY_SPLIT.fullmatch(fy) or _FY_SINGLE.fullmatch(fy)
    if year is None:
        return None
    whole = _financial_year_bounds(year, s, ctx)
    if whole is None:
        return None
    first = add_months(whole.first, 3 * (int(m["q"]) - 1))
    last = add_days(add_months(first, 3), -1)
    return Period(last, last) if m["pos"] else Period(first, last)


def _from_agreed(m: re.Match[str] | None, s: str, ctx: Context) -> Period | None:
    """Immediate: the `agreed` day; Within 3 months: from it to the same day 3 months on."""
    count = 0
    unit = "day"
    if m is not None:
        words = m["n"].lower()
        count = int(words) if words.isdigit() else _NUMBER_WORDS.get(words, -1)
        if count <= 0:
            return None
        unit = m["unit"].lower().rstrip("s")
    ctx.used.add(AGREED)
    agreed = ctx.settings.agreed
    if agreed is None:
        raise Refused(
            "it counts from the day the plan was agreed, and the plan has no agreed: date",
            "add agreed: with that day (like agreed: 2009-11-02) at the top of the plan, or "
            "write the deadline itself, like 31 March 2010",
            "needs-agreed",
        )
    if unit == "day":
        last = add_days(agreed, count)
    elif unit == "week":
        last = add_days(agreed, 7 * count)
    else:
        last = add_months(agreed, count * (12 if unit == "year" else 1))
    return Period(agreed, last)
