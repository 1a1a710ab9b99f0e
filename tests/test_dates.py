"""Tests for reading deadline phrases: the real source plan's phrases, the grammar's edges,
properties that must hold for every date, and proof that nothing depends on the clock."""

from __future__ import annotations

import calendar
import pickle
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from plantrack.plan import dates
from plantrack.plan.dates import (
    ACCEPTED_FORMS,
    Deadline,
    Period,
    PhraseError,
    Settings,
    read_as_of,
    read_deadline,
    read_period,
    read_start,
    read_window,
    window_end,
)

D = date
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# The seed plan's dates run from 2009 to 2010: what 'Nov 09' is judged against.
SEED = Settings(near=(D(2009, 2, 1), D(2010, 12, 31)))


def due(y: int, m: int, d: int) -> Deadline:
    return Deadline(None, D(y, m, d))


# Every deadline phrase of the real source plan, read by hand. A Deadline is the reading;
# a str is the PhraseError code it must raise.
SOURCE_PLAN: list[tuple[str, Deadline | str]] = [
    ("October 2009", due(2009, 10, 31)),
    ("November 2009", due(2009, 11, 30)),
    ("From September 2009", "start-in-due"),
    ("By Nov 09", due(2009, 11, 30)),
    ("Nov 2009", due(2009, 11, 30)),
    ("Oct 09", due(2009, 10, 31)),
    ("By March 2010", due(2010, 3, 31)),
    ("January 2010", due(2010, 1, 31)),
    ("From end January 2010", "start-in-due"),
    ("End Nov following Launch", "no-year"),
    ("End January 2010", due(2010, 1, 31)),
    ("Started – this will be ongoing during 2010", "unreadable-date"),
    ("End of January 2010", due(2010, 1, 31)),
    ("By end January 2010", due(2010, 1, 31)),
    ("By April 2010", due(2010, 4, 30)),
    ("March 2010", due(2010, 3, 31)),
    ("February 2010", due(2010, 2, 28)),
    ("Group established by Dec 09 Work ongoing", "unreadable-date"),
    ("February 2009", due(2009, 2, 28)),
    ("December 2010", due(2010, 12, 31)),
    ("By January 2010", due(2010, 1, 31)),
    ("Ongoing", Deadline(None, None)),
    ("Completed by Mid January 2010", "unreadable-date"),
    ("mid January 2010", due(2010, 1, 15)),
    ("By end March 2010", due(2010, 3, 31)),
    ("May 2010", due(2010, 5, 31)),
    ("Final version by March 2010", "unreadable-date"),
    ("From January 2010 – by March 2010", Deadline(D(2010, 1, 1), D(2010, 3, 31))),
    ("November 09", due(2009, 11, 30)),
    ("From January 2010", "start-in-due"),
    # Decision: a start plus "ongoing" is a start written in due:; the fix is start: only.
    ("Started November 2009 - ongoing", "start-in-due"),
    ("Starting January 2010", "start-in-due"),
    ("Completed by end of March 2010", "unreadable-date"),
    ("Commencing February 2010", "start-in-due"),
    ("End of March 2010", due(2010, 3, 31)),
    ("From Jan 2010", "start-in-due"),
    ("Implementation will be ongoing in 2010", "unreadable-date"),
    ("February 2010 Consultation Event January 2010", "two-dates"),
    ("September 2010", due(2010, 9, 30)),
    ("April 2010", due(2010, 4, 30)),
]


@pytest.mark.parametrize(("phrase", "expected"), SOURCE_PLAN)
def test_source_plan_phrases(phrase: str, expected: Deadline | str) -> None:
    if isinstance(expected, Deadline):
        assert read_deadline(phrase, SEED) == expected
    else:
        with pytest.raises(PhraseError) as caught:
            read_deadline(phrase, SEED)
        assert caught.value.code == expected
        assert caught.value.message and caught.value.hint


def test_no_year_message_names_the_phrase_and_helps() -> None:
    with pytest.raises(PhraseError) as caught:
        read_deadline("End Nov following Launch")
    e = caught.value
    assert e.message == "cannot read 'End Nov following Launch' as a date: it has no year"
    assert "30 November" in e.hint and "end of November" in e.hint
    assert ACCEPTED_FORMS not in e.hint  # printed once by validate, not in every message
    assert str(e) == e.message
    assert isinstance(e, ValueError)


def test_start_in_due_hint_says_to_write_start() -> None:
    with pytest.raises(PhraseError) as caught:
        read_deadline("From September 2009")
    assert "start: September 2009" in caught.value.hint
    assert "due:" in caught.value.hint
    with pytest.raises(PhraseError) as caught:
        read_deadline("Started November 2009 - ongoing")
    assert "start: November 2009" in caught.value.hint


def test_prose_hint_points_at_the_date_but_never_reads_it() -> None:
    with pytest.raises(PhraseError) as caught:
        read_deadline("Final version by March 2010")
    assert caught.value.code == "unreadable-date"
    assert "March 2010" in caught.value.hint


# --- spans --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "From January 2010 – by March 2010",
        "From January 2010 — by March 2010",
        "From January 2010 - by March 2010",
        "From January 2010 - March 2010",
        "From January 2010–March 2010",
        "From January 2010 to March 2010",
        "January 2010 – by March 2010",
        "January 2010 - by March 2010",
        "January 2010 to March 2010",
        "from   jan 2010  TO  BY  mar 2010",
        "From 2010-01-01 - 2010-03-31",
        "From 1/1/2010 - by end of March 2010",
    ],
)
def test_spans(phrase: str) -> None:
    assert read_deadline(phrase) == Deadline(D(2010, 1, 1), D(2010, 3, 31))


def test_span_start_after_due() -> None:
    with pytest.raises(PhraseError) as caught:
        read_deadline("From April 2010 – by March 2010")
    assert caught.value.code == "start-after-due"


def test_span_within_one_month_is_fine() -> None:
    assert read_deadline("From March 2010 to March 2010") == Deadline(D(2010, 3, 1), D(2010, 3, 31))


@pytest.mark.parametrize("phrase", ["January 2010 - March 2010", "2010 - 2012"])
def test_bare_dash_between_two_dates_is_not_a_span(phrase: str) -> None:
    with pytest.raises(PhraseError) as caught:
        read_deadline(phrase)
    assert caught.value.code == "two-dates"
    assert "From " in caught.value.hint


@pytest.mark.parametrize("phrase", ["2010-11", "2010-2011"])
def test_financial_year_lookalikes_are_ambiguous(phrase: str) -> None:
    with pytest.raises(PhraseError) as caught:
        read_deadline(phrase)
    assert caught.value.code == "ambiguous-date"


# --- the grammar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "first", "last"),
    [
        ("2010-01-31", D(2010, 1, 31), D(2010, 1, 31)),
        ("2010-1-5", D(2010, 1, 5), D(2010, 1, 5)),
        ("31/03/2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("31-03-2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("31.03.2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("31/03/10", D(2010, 3, 31), D(2010, 3, 31)),
        ("01/02/2010", D(2010, 2, 1), D(2010, 2, 1)),  # day first: 1 February
        ("1/2/10", D(2010, 2, 1), D(2010, 2, 1)),
        ("31 March 2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("31st March 2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("1st March 2010", D(2010, 3, 1), D(2010, 3, 1)),
        ("2nd March 2010", D(2010, 3, 2), D(2010, 3, 2)),
        ("3rd March 2010", D(2010, 3, 3), D(2010, 3, 3)),
        ("31 Mar 2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("31 Mar 10", D(2010, 3, 31), D(2010, 3, 31)),
        ("March 31 2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("March 31, 2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("March 2010", D(2010, 3, 1), D(2010, 3, 31)),
        ("March, 2010", D(2010, 3, 1), D(2010, 3, 31)),
        ("Mar 2010", D(2010, 3, 1), D(2010, 3, 31)),
        ("Sept 2010", D(2010, 9, 1), D(2010, 9, 30)),
        ("Sept. 2010", D(2010, 9, 1), D(2010, 9, 30)),
        ("Nov 09", D(2009, 11, 1), D(2009, 11, 30)),
        ("March 10", D(2010, 3, 1), D(2010, 3, 31)),  # a month and a 2-digit year
        ("end of March 2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("end March 2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("end of Mar 10", D(2010, 3, 31), D(2010, 3, 31)),
        ("the end of March 2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("mid March 2010", D(2010, 3, 15), D(2010, 3, 15)),
        ("mid-March 2010", D(2010, 3, 15), D(2010, 3, 15)),
        ("beginning of March 2010", D(2010, 3, 1), D(2010, 3, 1)),
        ("start of March 2010", D(2010, 3, 1), D(2010, 3, 1)),
        ("2010", D(2010, 1, 1), D(2010, 12, 31)),
        ("end of 2010", D(2010, 12, 31), D(2010, 12, 31)),
        ("end 2010", D(2010, 12, 31), D(2010, 12, 31)),
        ("start of 2010", D(2010, 1, 1), D(2010, 1, 1)),
        ("by 31/03/2010", D(2010, 3, 31), D(2010, 3, 31)),
        ("March 2010.", D(2010, 3, 1), D(2010, 3, 31)),
    ],
)
def test_grammar(phrase: str, first: date, last: date) -> None:
    assert read_period(phrase, SEED) == Period(first, last)


@pytest.mark.parametrize(
    "phrase",
    [
        "march 2010",
        "MARCH 2010",
        "mArCh 2010",
        "  March   2010  ",
        "March\t2010",
        "BY\nMarch 2010",
        "By  march\u00a02010",
    ],
)
def test_case_and_whitespace(phrase: str) -> None:
    assert read_period(phrase) == Period(D(2010, 3, 1), D(2010, 3, 31))


def test_case_and_whitespace_for_anchors() -> None:
    assert read_period("END  OF   MARCH 2010") == Period(D(2010, 3, 31), D(2010, 3, 31))
    assert read_period("Mid-march 2010") == Period(D(2010, 3, 15), D(2010, 3, 15))


@pytest.mark.parametrize("phrase", ["Ongoing", "ongoing", "ONGOING", "  Ongoing  ", "by ongoing"])
def test_ongoing(phrase: str) -> None:
    assert read_period(phrase) is None
    assert read_deadline(phrase) == Deadline(None, None)


@pytest.mark.parametrize("number", range(1, 13))
def test_every_month_name_and_abbreviation(number: int) -> None:
    last = calendar.monthrange(2010, number)[1]
    expected = Period(D(2010, number, 1), D(2010, number, last))
    name, short = MONTHS[number - 1], ABBREVIATIONS[number - 1]
    for spelled in {name, short, name.lower(), short.upper()}:
        assert read_period(f"{spelled} 2010") == expected
        assert read_period(f"{spelled} 10", SEED) == expected
        assert read_period(f"end of {spelled} 2010") == Period(expected.last, expected.last)


def test_sept_is_september() -> None:
    assert read_period("Sept 2010") == read_period("Sep 2010") == read_period("September 2010")


def test_leap_years() -> None:
    assert read_period("February 2012") == Period(D(2012, 2, 1), D(2012, 2, 29))
    assert read_period("February 2000").last == D(2000, 2, 29)
    assert read_period("February 2100").last == D(2100, 2, 28)
    assert read_period("end of February 2010") == Period(D(2010, 2, 28), D(2010, 2, 28))
    assert read_period("end of February 2012").last == D(2012, 2, 29)
    assert read_period("29/02/2012") == Period(D(2012, 2, 29), D(2012, 2, 29))


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("31/02/2010", "February 2010 has no day 31"),
        ("29/02/2011", "February 2011 has no day 29"),
        ("2010-02-30", "February 2010 has no day 30"),
        ("2010-04-31", "April 2010 has no day 31"),
        ("2010-01-00", "January 2010 has no day 0"),
        ("2010-13-01", "there is no month 13"),
        ("31 June 2010", "June 2010 has no day 31"),
        ("0000-01-01", "there is no year 0"),
    ],
)
def test_impossible_dates(phrase: str, reason: str) -> None:
    with pytest.raises(PhraseError) as caught:
        read_period(phrase)
    assert caught.value.code == "impossible-date"
    assert reason in caught.value.message
    with pytest.raises(PhraseError) as caught:
        read_deadline(phrase)
    assert caught.value.code == "impossible-date"


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Q1 2010", "ambiguous-quarter"),
        ("q3 2010", "ambiguous-quarter"),
        ("first quarter 2010", "ambiguous-quarter"),
        ("early March 2010", "vague-date"),
        ("late 2010", "vague-date"),
        ("Spring 2010", "vague-date"),
        ("March", "no-year"),
        ("31 March", "no-year"),
        ("mid January", "no-year"),
        ("31/03", "no-year"),
        ("soon", "unreadable-date"),
        ("10", "unreadable-date"),
        ("2010/01/31", "unreadable-date"),
        ("31/03-2010", "unreadable-date"),
        ("March 31 10", "unreadable-date"),
        ("Work may finish soon", "unreadable-date"),
    ],
)
def test_refusals(phrase: str, code: str) -> None:
    with pytest.raises(PhraseError) as caught:
        read_period(phrase)
    assert caught.value.code == code
    assert caught.value.hint


def test_quarter_message_explains_the_ambiguity() -> None:
    with pytest.raises(PhraseError) as caught:
        read_period("Q1 2010")
    assert "calendar" in caught.value.message and "financial" in caught.value.message


def test_two_dates_hint_offers_a_span_in_the_right_order() -> None:
    with pytest.raises(PhraseError) as caught:
        read_deadline("February 2010 Consultation Event January 2010")
    assert "From January 2010 – by February 2010" in caught.value.hint


def test_phrase_error_pickles() -> None:
    with pytest.raises(PhraseError) as caught:
        read_deadline("Q1 2010")
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.message, again.hint, again.code) == (
        caught.value.message,
        caught.value.hint,
        caught.value.code,
    )


def test_cached_errors_are_fresh_each_time() -> None:
    errors = []
    for _ in range(3):
        with pytest.raises(PhraseError) as caught:
            read_deadline("End Nov following Launch")
        errors.append(caught.value)
    assert errors[0] is not errors[1]
    assert errors[0].message == errors[2].message


def test_period_rejects_backwards() -> None:
    with pytest.raises(ValueError):
        Period(D(2010, 2, 1), D(2010, 1, 1))


# --- start, as-of, window ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("January 2010", D(2010, 1, 1)),
        ("From January 2010", D(2010, 1, 1)),
        ("from jan 2010", D(2010, 1, 1)),
        ("Starting January 2010", D(2010, 1, 1)),
        ("Commencing February 2010", D(2010, 2, 1)),
        ("Started November 2009", D(2009, 11, 1)),
        ("From end January 2010", D(2010, 1, 31)),
        ("15/01/2010", D(2010, 1, 15)),
        ("2010", D(2010, 1, 1)),
        ("mid March 2010", D(2010, 3, 15)),
    ],
)
def test_read_start(phrase: str, expected: date) -> None:
    assert read_start(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Ongoing", "ongoing-not-a-date"),
        ("From Ongoing", "ongoing-not-a-date"),
        ("From January 2010 – by March 2010", "range-in-start"),
        ("Started November 2009 - ongoing", "range-in-start"),
        ("31/02/2010", "impossible-date"),
        ("sometime", "unreadable-date"),
    ],
)
def test_read_start_refusals(phrase: str, code: str) -> None:
    with pytest.raises(PhraseError) as caught:
        read_start(phrase)
    assert caught.value.code == code


def test_read_as_of() -> None:
    today = D(2010, 6, 15)
    assert read_as_of("today", today) == today
    assert read_as_of(" Today ", today) == today
    assert read_as_of("YESTERDAY", today) == D(2010, 6, 14)
    assert read_as_of("tomorrow", today) == D(2010, 6, 16)
    assert read_as_of("January 2010", today) == D(2010, 1, 31)
    assert read_as_of("2010", today) == D(2010, 12, 31)
    assert read_as_of("mid March 2010", today) == D(2010, 3, 15)
    assert read_as_of("2010-02-03", today) == D(2010, 2, 3)
    with pytest.raises(PhraseError) as caught:
        read_as_of("Ongoing", today)
    assert caught.value.code == "ongoing-not-a-date"
    with pytest.raises(PhraseError):
        read_as_of("now-ish", today)


@pytest.mark.parametrize(
    "phrase", ["Ongoing", "", "  ", "now-ish", "ongoing soon", "Mar", "Q1 2010", "From Ongoing"]
)
def test_as_of_refusals_suggest_only_what_as_of_accepts(phrase: str) -> None:
    """--as-of takes a day: its messages never offer Ongoing, and do offer today."""
    with pytest.raises(PhraseError) as caught:
        read_as_of(phrase, D(2010, 6, 15))
    hint = caught.value.hint
    assert "ongoing" not in hint.lower()
    assert hint.endswith("(accepted: 31/03/2010, 2010-03-31, 31 March 2010, March 2010, Nov '09, "
                         "end of March 2010, mid March 2010, 2010, end of 2010, today, "
                         "yesterday or tomorrow)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14d", relativedelta(days=14)),
        ("14 days", relativedelta(days=14)),
        ("1 day", relativedelta(days=1)),
        ("14", relativedelta(days=14)),
        ("2w", relativedelta(weeks=2)),
        ("2 weeks", relativedelta(weeks=2)),
        ("1 week", relativedelta(weeks=1)),
        ("1m", relativedelta(months=1)),
        ("1 month", relativedelta(months=1)),
        ("3 Months", relativedelta(months=3)),
        (" 14D ", relativedelta(days=14)),
    ],
)
def test_read_window(text: str, expected: relativedelta) -> None:
    assert read_window(text) == expected


@pytest.mark.parametrize("text", ["0", "0d", "-1", "-2w", "", "fortnight", "2 years", "1.5m"])
def test_read_window_refusals(text: str) -> None:
    with pytest.raises(PhraseError) as caught:
        read_window(text)
    assert caught.value.code == "bad-window"


def test_window_end() -> None:
    assert window_end(D(2010, 1, 1), read_window("14d")) == D(2010, 1, 15)
    assert window_end(D(2010, 1, 1), read_window("2w")) == D(2010, 1, 15)
    assert window_end(D(2010, 1, 31), read_window("1m")) == D(2010, 2, 28)
    assert window_end(D(2012, 1, 31), read_window("1 month")) == D(2012, 2, 29)
    assert window_end(D(9999, 12, 1), read_window("999999m")) == date.max
    assert window_end(D(9999, 12, 1), read_window("999999d")) == date.max


# --- properties ---------------------------------------------------------------------------

four_digit_years = st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31))
year_months = st.tuples(st.integers(1000, 9999), st.integers(1, 12))


@given(four_digit_years)
def test_any_day_written_any_way_is_that_day(d: date) -> None:
    one_day = Period(d, d)
    assert read_period(d.isoformat()) == one_day
    assert read_period(f"{d.day}/{d.month}/{d.year}") == one_day
    assert read_period(f"{d.day:02d}.{d.month:02d}.{d.year}") == one_day
    assert read_period(f"{d.day} {MONTHS[d.month - 1]} {d.year}") == one_day
    assert read_period(f"{d.day} {ABBREVIATIONS[d.month - 1]} {d.year}") == one_day
    assert read_period(f"{MONTHS[d.month - 1]} {d.day}, {d.year}") == one_day


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)))
def test_two_digit_years_are_this_century(d: date) -> None:
    assert read_period(f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}") == Period(d, d)


@given(year_months)
def test_any_month_is_its_whole_month(year_month: tuple[int, int]) -> None:
    year, month = year_month
    last = D(year, month, 1) + relativedelta(day=31)
    name = MONTHS[month - 1]
    assert read_period(f"{name} {year}") == Period(D(year, month, 1), last)
    assert read_period(f"end of {name} {year}") == Period(last, last)
    assert read_period(f"mid {name} {year}") == Period(D(year, month, 15), D(year, month, 15))


phrases = st.one_of(
    four_digit_years.map(lambda d: d.isoformat()),
    four_digit_years.map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    year_months.map(lambda ym: f"{MONTHS[ym[1] - 1]} {ym[0]}"),
    year_months.map(lambda ym: f"end of {ABBREVIATIONS[ym[1] - 1]} {ym[0]}"),
    st.integers(1000, 9999).map(str),
    st.just("Ongoing"),
    st.sampled_from([p for p, _ in SOURCE_PLAN]),
)


@given(phrases)
def test_by_changes_nothing(phrase: str) -> None:
    def outcome(text: str) -> Deadline | str:
        try:
            return read_deadline(text)
        except PhraseError as e:
            return e.code

    without = outcome(phrase)
    if not phrase.lower().startswith("by "):
        assert outcome(f"by {phrase}") == without
        assert outcome(f"By  {phrase}") == without


# --- purity -------------------------------------------------------------------------------


@given(st.dates(), st.dates(), phrases)
def test_as_of_does_not_depend_on_today(today1: date, today2: date, phrase: str) -> None:
    def outcome(today: date) -> date | str:
        try:
            return read_as_of(phrase, today)
        except PhraseError as e:
            return e.code

    assert outcome(today1) == outcome(today2)


def test_source_never_reads_the_clock() -> None:
    package = Path(dates.__file__).parent
    source = "".join(path.read_text(encoding="utf-8") for path in package.glob("*.py"))
    for forbidden in ("today()", "now(", "utcnow", "time.time", "dateutil.parser", "import time"):
        assert forbidden not in source, forbidden
    assert not re.search(r"\bparse\(", source)


def test_import_is_cheap_and_pulls_in_no_date_guesser() -> None:
    src = str(Path(dates.__file__).resolve().parents[1])
    code = (
        "import sys; import plantrack.plan.dates; "
        "print(sorted(m for m in sys.modules if m.startswith('dateutil')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src},
    )
    assert out.stdout.strip() == "[]"


def test_a_cached_overdue_imports_no_date_library_and_no_phrase_grammar(tmp_path: Path) -> None:
    """A question answered from the cache reads no phrase: none of dateutil or the grammar
    loads (with --as-of the grammar does, to read the option, but never dateutil)."""
    import os

    plan = Path(__file__).resolve().parents[1] / "plan.yaml"
    (tmp_path / "plan.yaml").write_bytes(plan.read_bytes())
    env = {**os.environ, "PLANTRACK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PLANTRACK_NO_CACHE", None)
    code = (
        "import sys; from plantrack import cli\n"
        "sys.argv = ['plantrack', 'overdue', *sys.argv[1:]]\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('dateutil', 'plantrack.plan.dates',"
        " 'plantrack.plan.datefields'))), file=sys.stderr)"
    )
    for extra, expected in (([], "[]"), (["--as-of", "1/2/2010"], "no dateutil")):
        for _ in range(2):  # the first run fills the cache, the second is answered from it
            done = subprocess.run([sys.executable, "-c", code, *extra], capture_output=True,
                                  text=True, cwd=tmp_path, env=env)
        loaded = done.stderr.strip().splitlines()[-1]
        if expected == "[]":
            assert loaded == "[]"
        else:
            assert "dateutil" not in loaded and "datefields" not in loaded
