"""The plan's date settings and the action fields they feed, as the loader builds them."""

from __future__ import annotations

from datetime import date

import pytest

from plantrack.plan.load import all_problems, load_text
from plantrack.plan.model import ACTION_FIELDS, PLAN_FIELDS
from tests.common import DATED_PLAN, dedent

pytestmark = pytest.mark.usefixtures("both_loaders")


def problems(text: str) -> list[str]:
    return [f"{p.line}:{p.col} {p.severity} {p.code}" for p in all_problems(load_text(text))]


def messages(text: str) -> list[str]:
    return [str(p) for p in all_problems(load_text(text))]


def plan_with(head: str, due: str = "March 2010", more: str = "") -> str:
    """A one-action plan with `head` lines at the top and the action's due as given."""
    return dedent(head) + dedent(
        f"""
        recommendations:
          - id: "1"
            actions:
              - id: "1.1"
                action: Something
                lead: Ann
                due: {due}
                status: in-progress
        """
    ) + dedent(more)


def test_key_order_is_the_agreed_interface() -> None:
    assert ACTION_FIELDS[:6] == ("id", "action", "lead", "start", "due", "original_due")
    assert PLAN_FIELDS.index("agreed") == PLAN_FIELDS.index("organisation") + 1
    assert PLAN_FIELDS[PLAN_FIELDS.index("agreed"):][:3] == (
        "agreed", "financial_year_start", "date_order")


def test_the_dated_plan_reads_every_setting_and_field() -> None:
    result = load_text(DATED_PLAN)
    assert [p.code for p in result.problems] == ["deadline-tbc"]
    plan = result.plan
    assert plan is not None
    assert (plan.agreed, plan.financial_year_start, plan.date_order) == (
        date(2009, 11, 2), 4, "month-first")
    rec = plan.recommendations[0]
    assert rec.due == date(2010, 2, 2)  # within 3 months of 2 November 2009
    first, relative, tbc, fiscal = rec.actions
    assert (first.due, first.original_due, first.original_due_text) == (
        date(2010, 3, 31), date(2009, 12, 31), "Dec 09")
    assert first.days_slipped == 90
    assert first.due_kind == "date"
    assert (relative.due, relative.due_kind) == (date(2010, 5, 2), "relative")
    assert (tbc.due, tbc.due_kind, tbc.due_text) == (None, "tbc", "TBC")
    assert (fiscal.start, fiscal.due) == (date(2010, 1, 15), date(2010, 3, 31))


def test_settings_may_follow_the_recommendations() -> None:
    text = plan_with("title: T\n", due="Within 3 months", more="agreed: 2 November 2009\n")
    plan = load_text(text).plan
    assert plan is not None and plan.agreed == date(2009, 11, 2)
    assert next(iter(plan.actions)).due == date(2010, 2, 2)


@pytest.mark.parametrize(
    ("head", "expected", "words"),
    [
        ("title: T\nagreed: 2009-11-31\n", "2:9 error impossible-date",
         "November 2009 has no day 31"),
        ("title: T\nagreed: November 2009\n", "2:9 error bad-date", "is not one day"),
        ("title: T\nagreed: sometime\n", "2:9 error unreadable-date", "sometime"),
        ("title: T\nfinancial_year_start: Apirl\n", "2:23 error unknown-month",
         "did you mean 'April'?"),
        ("title: T\nfinancial_year_start: 13\n", "2:23 error unknown-month", "like April"),
        ("title: T\ndate_order: middle-endian\n", "2:13 error unknown-date-order",
         "month-first"),
    ],
)
def test_bad_settings_are_located_errors(head: str, expected: str, words: str) -> None:
    text = plan_with(head)
    assert problems(text) == [expected]
    assert words in messages(text)[0]


@pytest.mark.parametrize(
    ("written", "number"),
    [("April", 4), ("apr", 4), ("4", 4), ("Sept", 9), ("January", 1), ("12", 12)],
)
def test_financial_year_start_spellings(written: str, number: int) -> None:
    plan = load_text(plan_with(f"title: T\nfinancial_year_start: {written}\n")).plan
    assert plan is not None and plan.financial_year_start == number


@pytest.mark.parametrize("written", ["month first", "Month_First", "MONTH-FIRST"])
def test_date_order_spellings(written: str) -> None:
    plan = load_text(plan_with(f"title: T\ndate_order: {written}\n", due="6/30/2020")).plan
    assert plan is not None and plan.date_order == "month-first"
    assert next(iter(plan.actions)).due == date(2020, 6, 30)


def test_a_relative_deadline_without_agreed_says_to_add_it() -> None:
    text = plan_with("title: T\n", due="Within 3 months")
    assert problems(text) == ["8:14 error needs-agreed"]
    assert "add agreed:" in messages(text)[0]


def test_an_unreadable_timescale_is_a_warning_once_the_plan_has_agreed() -> None:
    text = plan_with("title: T\nagreed: 2009-11-02\n").replace(
        '- id: "1"\n', '- id: "1"\n    timescale: soonish\n')
    assert problems(text) == ["5:16 warning unreadable-timescale"]
    without = plan_with("title: T\n").replace('- id: "1"\n', '- id: "1"\n    timescale: soonish\n')
    assert problems(without) == []


# -- completed_on is read with the plan's settings, like due/start/original_due -----------
def completed_plan(head: str, completed_on: str, status: str = "completed") -> str:
    """A one-action plan, due in March 2010 and closed `completed_on`, with `head` on top."""
    return plan_with(head, more="").replace(
        "status: in-progress\n", f"status: {status}\n        completed_on: {completed_on}\n")


def completed_on(text: str) -> date | None:
    plan = load_text(text).plan
    assert plan is not None
    return next(iter(plan.actions)).completed_on


def test_completed_on_is_read_in_the_plans_date_order() -> None:
    assert completed_on(completed_plan("title: T\ndate_order: month-first\n",
                                       "6/1/2010")) == date(2010, 6, 1)
    assert completed_on(completed_plan("title: T\n", "6/1/2010")) == date(2010, 1, 6)


def test_completed_on_is_read_in_the_date_order_set_below_the_recommendations() -> None:
    text = completed_plan("title: T\n", "6/1/2010") + "date_order: month-first\n"
    assert problems(text) == []
    assert completed_on(text) == date(2010, 6, 1)


def test_a_completed_on_impossible_in_the_plans_order_names_the_setting() -> None:
    text = completed_plan("title: T\ndate_order: month-first\n", "30/6/2010")
    assert problems(text) == ["11:23 error date-order"]
    assert "date_order: month-first" in messages(text)[0]
    assert messages(text)[0].startswith("plan.yaml:11:23: error: completed_on of action 1.1: ")


def test_completed_on_month_and_short_year_is_read_against_the_plans_dates() -> None:
    text = completed_plan("title: T\n", "Nov 09")
    assert problems(text) == []
    assert completed_on(text) == date(2009, 11, 30)  # the period's last day


def test_completed_on_month_and_short_year_far_from_the_plan_is_an_error() -> None:
    text = completed_plan("title: T\n", "October 31")
    assert problems(text) == ["10:23 error ambiguous-year"]
    assert "31 October (year missing) or October 2031" in messages(text)[0]


def test_completed_on_counts_towards_the_span_of_the_plans_dates() -> None:
    """A plan whose only full date is its completed_on still reads Nov 09 near it."""
    text = completed_plan("title: T\n", "2009-12-01").replace("due: March 2010", "due: Nov 09")
    assert problems(text) == []
    assert next(iter(load_text(text).plan.actions)).due == date(2009, 11, 30)  # type: ignore[union-attr]


def test_an_ambiguous_completed_on_is_warned_about_in_a_plan_written_month_first() -> None:
    text = completed_plan("title: T\n", "6/1/2010").replace("due: March 2010", "due: 6/30/2010")
    assert problems(text) == ["8:14 error date-order", "10:23 warning ambiguous-date-order"]


def test_completed_on_keeps_its_own_checks() -> None:
    assert problems(completed_plan("title: T\n", "ongoing")) == ["10:23 error bad-date"]
    assert "completed_on of action 1.1" in messages(completed_plan("title: T\n", "ongoing"))[0]
    assert problems(completed_plan("title: T\n", "2010-03-31", status="in-progress")) == [
        "10:9 warning completed-but-open"]
    month_first = completed_plan("title: T\ndate_order: month-first\n", "6/1/2010",
                                 status="in-progress")
    assert problems(month_first) == ["11:9 warning completed-but-open"]


def test_an_action_read_again_for_its_completed_on_still_gives_the_plan_its_span() -> None:
    """Its due (March 2010, needing nothing) places Nov 09 of another action in 2009."""
    text = completed_plan("title: T\ndate_order: month-first\n", "6/1/2010") + (
        '      - id: "1.2"\n        action: Other\n        lead: Ann\n        due: Nov 09\n'
        "        status: in-progress\n")
    plan = load_text(text).plan
    assert problems(text) == [] and plan is not None
    assert [a.due for a in plan.actions] == [date(2010, 3, 31), date(2009, 11, 30)]
