"""Every deadline form, read through the YAML loaders (both), with the day it means, and every
refusal with its code and the words of its one hint."""

from __future__ import annotations

import re
from datetime import date

import pytest

from plantrack.plan.load import all_problems, load_text

pytestmark = pytest.mark.usefixtures("both_loaders")

D = date
AGREED = "agreed: 2009-11-02"
FY = "financial_year_start: April"
MDY = "date_order: month-first"

# (written, settings, due, start, kind)
READINGS = [
    ("31.03.24", [], D(2024, 3, 31), None, "date"),
    ("31/03/10", [], D(2010, 3, 31), None, "date"),
    ("6/30/2020", [MDY], D(2020, 6, 30), None, "date"),
    ("6/1/2020", [MDY], D(2020, 6, 1), None, "date"),
    ("6/1/2020", [], D(2020, 1, 6), None, "date"),
    ("30th September 2023", [], D(2023, 9, 30), None, "date"),
    ("30-Sep-23", [], D(2023, 9, 30), None, "date"),
    ("Sept. 30, 2020", [], D(2020, 9, 30), None, "date"),
    ("September 30, 2020", [], D(2020, 9, 30), None, "date"),
    ("2024-01-01T05:00:00-04:00", [], D(2024, 1, 1), None, "date"),
    ("2024-01-01 00:00:00", [], D(2024, 1, 1), None, "date"),
    ("Mar-24", [], D(2024, 3, 31), None, "date"),
    ("Sept-23", [], D(2023, 9, 30), None, "date"),
    ("Mar-2024", [], D(2024, 3, 31), None, "date"),
    ("Nov '09", [], D(2009, 11, 30), None, "date"),
    ("Nov ’09", [], D(2009, 11, 30), None, "date"),
    ("Nov 09", [AGREED], D(2009, 11, 30), None, "date"),
    ("March 10", [AGREED], D(2010, 3, 31), None, "date"),
    ("Feb 30", [], D(2030, 2, 28), None, "date"),  # 30 cannot be a day of February
    ("w/c 14 Oct 2024", [], D(2024, 10, 20), None, "date"),  # a period, as a month is
    ("week commencing 14 October 2024", [], D(2024, 10, 20), None, "date"),
    ("w/e 18 Oct 2024", [], D(2024, 10, 18), None, "date"),
    ("week ending 18 October 2024", [], D(2024, 10, 18), None, "date"),
    ("2024/25", [FY], D(2025, 3, 31), None, "date"),
    ("FY 2024/25", [FY], D(2025, 3, 31), None, "date"),
    ("FY24/25", [FY], D(2025, 3, 31), None, "date"),
    ("FY 2020", [FY], D(2020, 3, 31), None, "date"),
    ("FY 2020", ["financial_year_start: July"], D(2020, 6, 30), None, "date"),
    ("Q3 2024/25", [FY], D(2024, 12, 31), None, "date"),
    ("Quarter 3 2024/25", [FY], D(2024, 12, 31), None, "date"),
    ("end of Q3 2024/25", [FY], D(2024, 12, 31), None, "date"),
    ("Q1 2024/25", [FY], D(2024, 6, 30), None, "date"),
    ("Q4 2024/25", [FY], D(2025, 3, 31), None, "date"),
    ("Immediate", [AGREED], D(2009, 11, 2), None, "relative"),
    ("Immediately", [AGREED], D(2009, 11, 2), None, "relative"),
    ("ASAP", [AGREED], D(2009, 11, 2), None, "relative"),
    ("With immediate effect", [AGREED], D(2009, 11, 2), None, "relative"),
    ("Within 3 months", [AGREED], D(2010, 2, 2), None, "relative"),
    ("3 months", [AGREED], D(2010, 2, 2), None, "relative"),
    ("within 6 weeks", [AGREED], D(2009, 12, 14), None, "relative"),
    ("12 months", [AGREED], D(2010, 11, 2), None, "relative"),
    ("within three months", [AGREED], D(2010, 2, 2), None, "relative"),
    ("TBC", [], None, None, "tbc"),
    ("TBA", [], None, None, "tbc"),
    ("TBD", [], None, None, "tbc"),
    ("To be confirmed", [], None, None, "tbc"),
    ("To be agreed", [], None, None, "tbc"),
    ("N/A", [], None, None, "none"),
    ("Not applicable", [], None, None, "none"),
    ("Ongoing", [], None, None, "none"),
    ("July 31, 2020*", [], D(2020, 7, 31), None, "date"),
]


def plan_with(settings: list[str], due: str) -> str:
    quoted = "'" + due.replace("'", "''") + "'"
    head = "".join(f"{line}\n" for line in settings)
    return (f"title: T\n{head}recommendations:\n  - id: \"1\"\n    actions:\n"
            f"      - id: \"1.1\"\n        action: Something\n        lead: Ann\n"
            f"        due: {quoted}\n        status: in-progress\n")


@pytest.mark.parametrize(("written", "settings", "due", "start", "kind"), READINGS,
                         ids=[f"{r[0]}{'|' + ','.join(r[1]) if r[1] else ''}" for r in READINGS])
def test_each_form_reads_as_its_day(
    written: str, settings: list[str], due: date | None, start: date | None, kind: str
) -> None:
    result = load_text(plan_with(settings, written))
    assert result.plan is not None, [str(p) for p in result.problems]
    (action,) = result.plan.actions
    assert (action.due, action.start, action.due_kind) == (due, start, kind)


# (written, settings, code, words the message or its hint must hold)
REFUSALS = [
    ("October 31", [AGREED], "ambiguous-year",
     "could be 31 October (year missing) or October 2031, and 2031 is more than 5 years from "
     "the plan's other dates (2009); write the year in full, like 31 October 2009 or October 2031"),
    ("June 30", [], "ambiguous-year", "this plan has no other dates to tell by"),
    ("Nov 09", ["agreed: 2024-04-01"], "ambiguous-year", "9 November (year missing)"),
    ("6/30/2020", [], "date-order", "set date_order: month-first at the top of the plan"),
    ("30/6/2020", [MDY], "date-order", "set date_order: day-first"),
    ("Within 3 months", [], "needs-agreed", "add agreed: with that day"),
    ("Immediate", [], "needs-agreed", "add agreed:"),
    ("2024/25", [], "needs-financial-year", "add financial_year_start: April"),
    ("Q3 2024/25", [], "needs-financial-year", "add financial_year_start:"),
    ("FY 2020", [], "needs-financial-year", "add financial_year_start:"),
    ("Q3 2024", [FY], "ambiguous-quarter", "write Q3 2024/25"),
    ("Spring 2025", [], "vague-date", "write the month it ends, like end of May 2025"),
    ("Winter 2024", [], "vague-date", "end of February 2025"),
    ("w/c October 2024", [], "vague-date", "write the week's day, like w/c 1 October 2024"),
    ("within a few months", [AGREED], "vague-date", "write the length, like Within 3 months"),
    ("w/c 14 Oct", [], "no-year", "add the year"),
    ("Mar-", [], "no-year", "add the year"),
    ("Sept 31, 2020", [], "impossible-date", "September 2020 has no day 31"),
    ("31.13.24", [], "impossible-date", "there is no month 13"),
    ("Monthly", [], "cadence",
     "a cadence is not a deadline; if it recurs, write Ongoing and put the cadence in monitoring"),
    ("Quarterly", [], "cadence", "cadence is not a deadline"),
    ("Annually", [], "cadence", "cadence is not a deadline"),
    ("1 activity per quarter", [], "cadence", "cadence is not a deadline"),
    ("After guidance is issued", [], "condition",
     "it is a condition, not a date; write the date it is expected, or TBC"),
    ("June 30, 2020 July 31, 2020*", [], "two-dates",
     "write due: July 31, 2020 and original_due: June 30, 2020"),
    ("March 2024 (revised from Dec 2023)", [], "two-dates",
     "if the deadline moved, write due: March 2024 and original_due: Dec 2023"),
]


@pytest.mark.parametrize(("written", "settings", "code", "words"), REFUSALS,
                         ids=[r[0] for r in REFUSALS])
def test_each_refusal_has_its_code_and_one_fitting_hint(
    written: str, settings: list[str], code: str, words: str
) -> None:
    problems = [p for p in all_problems(load_text(plan_with(settings, written))) if p.is_error]
    assert [p.code for p in problems] == [code]
    assert words in problems[0].message
    assert "accepted" not in problems[0].message


def test_a_superseded_date_is_never_suggested_as_the_deadline() -> None:
    (problem,) = all_problems(load_text(plan_with([], "March 2024 (revised from Dec 2023)")))
    assert not re.search(r"(?<!original_)due: Dec 2023", problem.message)
    assert "From " not in problem.message


def test_a_footnote_mark_is_read_with_a_warning() -> None:
    (problem,) = all_problems(load_text(plan_with([], "July 31, 2020*")))
    assert (problem.severity, problem.code, problem.line) == ("warning", "footnote-mark", 8)
    assert "put the footnote's words in note:" in problem.message


def test_month_first_dates_elsewhere_make_an_ambiguous_one_a_warning() -> None:
    text = plan_with([], "6/1/2020").replace(
        "        status: in-progress\n",
        "        status: in-progress\n      - id: \"1.2\"\n        action: B\n        lead: Ann\n"
        "        due: 6/30/2020\n        status: in-progress\n")
    found = [f"{p.line} {p.severity} {p.code}" for p in all_problems(load_text(text))]
    assert found == ["8 warning ambiguous-date-order", "13 error date-order"]
    (warning, _) = all_problems(load_text(text))
    assert "'6/1/2020' of action 1.1 was read day first" in warning.message
    assert "('6/30/2020')" in warning.message


def test_an_agreed_day_far_from_nov_09_is_named() -> None:
    """'Nov 09' in a 2024 plan is not November 2009 silently, nor 9 November."""
    text = plan_with(["agreed: 2024-04-01"], "Nov 09")
    (problem,) = all_problems(load_text(text))
    assert "November 2009" in problem.message and "2024" in problem.message
