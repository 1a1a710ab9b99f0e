"""Properties of the deadline reader: any date written in any accepted form reads back as that
date, and a month with a day-sized number and no year never lands far from the plan's dates."""

from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantrack.plan import dates
from plantrack.plan.dates import PhraseError, Settings, read_deadline
from plantrack.plan.load import load_text

NAMES = list(calendar.month_name)[1:]
SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
any_day = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
this_century = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def day_forms(d: date) -> list[str]:
    """Every way the reader takes to write one whole day."""
    name, short = NAMES[d.month - 1], SHORT[d.month - 1]
    forms = [
        d.isoformat(), f"{d.day}/{d.month}/{d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day}.{d.month}.{d.year}", f"{d.day}-{d.month}-{d.year}", f"{d.day} {name} {d.year}",
        f"{ordinal(d.day)} {name} {d.year}", f"{d.day} {short} {d.year}",
        f"{name} {d.day}, {d.year}", f"{short}. {d.day}, {d.year}", f"{d.day}-{short}-{d.year}",
        f"{d.isoformat()}T05:00:00-04:00", f"{d.isoformat()} 00:00:00",
        f"w/e {d.day} {short} {d.year}",
        f"week ending {d.day} {name} {d.year}", f"by {d.day} {name} {d.year}",
        f"{d.day} {name} {d.year}*",
    ]
    if 2000 <= d.year <= 2099:
        yy = d.year % 100
        forms += [f"{d.day:02d}.{d.month:02d}.{yy:02d}", f"{d.day}/{d.month}/{yy:02d}",
                  f"{d.day}-{short}-{yy:02d}"]
    return forms


@settings(max_examples=200)
@given(any_day)
def test_any_day_in_any_form_reads_as_that_day(d: date) -> None:
    for written in day_forms(d):
        assert read_deadline(written).due == d, written


@settings(max_examples=200)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 20)))
def test_a_week_commencing_is_due_on_its_seventh_day(d: date) -> None:
    name, short = NAMES[d.month - 1], SHORT[d.month - 1]
    for written in (f"w/c {d.day} {short} {d.year}", f"week commencing {d.day} {name} {d.year}",
                    f"w/b {d.day}/{d.month}/{d.year}"):
        assert read_deadline(written).due == d + relativedelta(days=6), written


@settings(max_examples=200)
@given(any_day)
def test_month_first_numeric_dates_read_as_that_day(d: date) -> None:
    month_first = Settings(month_first=True)
    for written in (f"{d.month}/{d.day}/{d.year}", f"{d.month:02d}/{d.day:02d}/{d.year}"):
        assert read_deadline(written, month_first).due == d, written


@settings(max_examples=200)
@given(any_day)
def test_any_month_in_any_form_reads_as_its_last_day(d: date) -> None:
    last = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    name, short = NAMES[d.month - 1], SHORT[d.month - 1]
    forms = [f"{name} {d.year}", f"{short} {d.year}", f"{short}-{d.year}",
             f"end of {name} {d.year}", f"By end {short} {d.year}"]
    if 2000 <= d.year <= 2099:
        forms += [f"{short}-{d.year % 100:02d}", f"{short} '{d.year % 100:02d}",
                  f"{name} ’{d.year % 100:02d}"]
    for written in forms:
        assert read_deadline(written).due == last, written


@settings(max_examples=200)
@given(this_century, st.integers(1, 12), st.integers(1, 4))
def test_financial_years_and_quarters(d: date, start_month: int, quarter: int) -> None:
    """FY a/b starts on the 1st of start_month in year a; quarter n ends 3n months later."""
    if start_month == 1 or d.year >= 2098:
        return
    fy = Settings(financial_year_start=start_month)
    a = d.year
    first = date(a, start_month, 1)
    year_end = first + relativedelta(years=1, days=-1)
    quarter_end = first + relativedelta(months=3 * quarter, days=-1)
    split = f"{a}/{(a + 1) % 100:02d}"
    for written in (split, f"FY {split}", f"FY{a % 100:02d}/{(a + 1) % 100:02d}"):
        assert read_deadline(written, fy).due == year_end, written
    assert read_deadline(f"FY {a + 1}", fy).due == year_end
    for written in (f"Q{quarter} {split}", f"Quarter {quarter} {split}",
                    f"end of Q{quarter} {split}"):
        assert read_deadline(written, fy).due == quarter_end, written


@settings(max_examples=200)
@given(this_century, st.integers(1, 36), st.sampled_from(["days", "weeks", "months", "years"]))
def test_relative_deadlines_count_from_agreed(agreed: date, n: int, unit: str) -> None:
    expected = agreed + relativedelta(**{unit: n})
    for written in (f"Within {n} {unit}", f"{n} {unit}", f"within {n} {unit}"):
        reading = read_deadline(written, Settings(agreed=agreed))
        assert (reading.due, reading.kind) == (expected, "relative"), written
    assert read_deadline("Immediate", Settings(agreed=agreed)).due == agreed


def _years_away(day: date, low: date, high: date) -> bool:
    return day < low - relativedelta(years=5) or day > high + relativedelta(years=5)


@settings(max_examples=400)
@given(st.integers(1, 12), st.integers(1, 31), this_century, st.integers(0, 2000),
       st.booleans())
def test_month_and_number_never_lands_far_from_the_plan(
    month: int, number: int, low: date, span_days: int, agreed_too: bool
) -> None:
    """'Month D' with no year: a date within 5 years of the plan's dates, or an error."""
    high = min(low + relativedelta(days=span_days), date(2099, 12, 31))
    plan = Settings(agreed=low if agreed_too else None, near=(low, high))
    written = f"{NAMES[month - 1]} {number}"
    try:
        due = read_deadline(written, plan).due
    except PhraseError as exc:
        assert exc.code == "ambiguous-year"
        return
    assert due is not None
    if number <= calendar.monthrange(2000, month)[1]:  # it could be a day: must be near
        assert not _years_away(due, low, high), (written, due)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 12), st.integers(1, 28), st.dates(min_value=date(2001, 1, 1),
                                                      max_value=date(2098, 12, 31)))
def test_month_and_number_through_a_plan_file(
    both_loaders: str, month: int, number: int, other: date
) -> None:
    """The same through the loader: the plan's one full date is what 'Month D' is judged by."""
    text = ("title: T\nrecommendations:\n  - id: \"1\"\n    actions:\n"
            f"      - {{id: \"1.1\", action: a, lead: b, status: blocked, "
            f"due: {other.isoformat()}}}\n"
            f"      - {{id: \"1.2\", action: a, lead: b, status: blocked, "
            f"due: {NAMES[month - 1]} {number}}}\n")
    result = load_text(text)
    if result.plan is None:
        assert [p.code for p in result.problems] == ["ambiguous-year"]
        return
    read = result.plan.action("1.2")
    assert read is not None and read.due is not None
    assert not _years_away(read.due, other, other)
    assert dates.read_deadline(f"{NAMES[month - 1]} {number}",
                               Settings(near=(other, other))).due == read.due
