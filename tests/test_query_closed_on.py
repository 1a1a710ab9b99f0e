"""Closed on a day: `completed_on` makes answers about past dates right (issue 12)."""

from __future__ import annotations

from datetime import date

from plantrack.plan.load import load_text, require_plan
from plantrack.query import (
    AMBER,
    BLUE,
    RED,
    action_brag,
    days_overdue,
    is_closed_on,
    overdue,
    select,
    status_on,
    summarise,
    tally_names,
)
from plantrack.query import Filters as F
from tests.common import OWN_WORDS_PLAN, dedent

PLAN = require_plan(load_text(OWN_WORDS_PLAN))
ACTIONS = {action.id: action for action in PLAN.actions}
DONE = ACTIONS["1.2"]  # due January 2010, completed on 15 February 2010


def test_closed_only_from_its_completed_on() -> None:
    assert not is_closed_on(DONE, date(2010, 2, 14))
    assert is_closed_on(DONE, date(2010, 2, 15))
    assert is_closed_on(DONE, date(2011, 1, 1))
    assert not is_closed_on(ACTIONS["1.1"], date(2011, 1, 1))  # open: never closed


def test_closed_with_no_date_is_closed_on_every_day() -> None:
    plan = require_plan(load_text(dedent(
        """
        title: T
        recommendations:
          - id: "1"
            actions:
              - {id: "1.1", action: A, lead: Ann, due: January 2010, status: dropped}
        """
    )))
    (action,) = plan.actions
    assert is_closed_on(action, date(1990, 1, 1))
    assert days_overdue(action, date(2010, 2, 1)) is None


def test_an_action_completed_later_was_overdue_before() -> None:
    assert days_overdue(DONE, date(2010, 2, 10)) == 10
    assert action_brag(DONE, date(2010, 2, 10)) == AMBER
    assert action_brag(DONE, date(2010, 3, 10)) == BLUE
    assert days_overdue(DONE, date(2010, 3, 10)) is None
    assert [it.action.id for it in overdue(PLAN, select(PLAN, F()), date(2010, 2, 10))] == ["1.2"]
    assert action_brag(DONE, date(2010, 2, 10), red_after=5) == RED


def test_status_on_counts_it_as_in_progress_before_its_completion() -> None:
    assert status_on(DONE, date(2010, 2, 14)) == "in-progress"
    assert status_on(DONE, date(2010, 2, 15)) == "completed"


def test_summary_and_leads_of_last_quarter_after_this_quarters_updates() -> None:
    _, before = summarise(PLAN, select(PLAN, F()), date(2010, 1, 31))
    assert before.count("completed") == 0 and before.count("in-progress") == 2
    _, after = summarise(PLAN, select(PLAN, F()), date(2010, 2, 28))
    assert after.count("completed") == 1 and after.count("in-progress") == 1
    (bob,) = [t for t in tally_names(PLAN, select(PLAN, F()), date(2010, 2, 1), "lead")
              if t.name == "Bob Jones"]
    assert (bob.open, bob.overdue, bob.completed) == (2, 1, 0)
