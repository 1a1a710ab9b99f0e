"""A plan's own words as the loader reads them: statuses, fields, rag, completed_on (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from plantrack.plan.load import all_problems, load_text, require_plan
from tests.common import OWN_WORDS_PLAN, dedent

pytestmark = pytest.mark.usefixtures("both_loaders")


def problems(text: str) -> list[str]:
    return [f"{p.line}:{p.col} {p.severity} {p.code}" for p in all_problems(load_text(text))]


def messages(text: str) -> list[str]:
    return [str(p) for p in all_problems(load_text(text))]


def plan_with(action_lines: str, head: str = "") -> str:
    """A one-action plan: `head` lines go above `recommendations:`, the action's extra lines
    below its status."""
    body = "".join("        " + line + "\n" for line in dedent(action_lines).splitlines())
    return (
        "title: T\n" + dedent(head) + 'recommendations:\n  - id: "1"\n    actions:\n'
        '      - id: "1.1"\n        action: Do it\n        lead: Ann\n' + body
    )


def test_the_own_words_plan_reads_as_written() -> None:
    plan = require_plan(load_text(OWN_WORDS_PLAN))
    assert dict(plan.statuses) == {"Partially completed": "in-progress",
                                   "Pending guidance": "blocked"}
    assert plan.fields == ("priority", "evidence")
    first, second, third = plan.actions
    assert (first.status, first.status_text, first.rag) == (
        "in-progress", "Partially completed", "green")
    assert dict(first.extra) == {"priority": "High",
                                 "evidence": ("Audit report", "Minutes of 3 March")}
    assert list(first.extra) == ["priority", "evidence"]
    assert (second.status, second.status_text) == ("completed", "done")
    assert second.completed_on == date(2010, 2, 15)
    assert (third.status, third.status_text, third.rag, dict(third.extra)) == (
        "blocked", "Pending guidance", None, {"priority": "low"})
    assert first.status_label == "in-progress (Partially completed)"
    assert second.status_label == "completed (done)"
    assert problems(OWN_WORDS_PLAN) == []


def test_a_canonical_status_has_itself_as_its_text() -> None:
    plan = require_plan(load_text(plan_with("status: In progress")))
    (action,) = plan.actions
    assert (action.status, action.status_text, action.status_label) == (
        "in-progress", "In progress", "in-progress (In progress)")
    plan = require_plan(load_text(plan_with("status: in-progress")))
    assert next(iter(plan.actions)).status_label == "in-progress"


@pytest.mark.parametrize(("word", "status"), [
    ("done", "completed"), ("Complete", "completed"), ("closed", "completed"),
    ("underway", "in-progress"), ("On hold", "blocked"), ("cancelled", "dropped"),
    ("to be started", "not-started"),
])
def test_the_file_accepts_every_word_set_understands(word: str, status: str) -> None:
    (action,) = require_plan(load_text(plan_with(f"status: {word}"))).actions
    assert (action.status, action.status_text) == (status, word)


def test_statuses_and_fields_below_the_recommendations_still_apply() -> None:
    text = plan_with("status: Delayed\npriority: High") + dedent(
        """
        statuses:
          Delayed: in-progress
        fields: [priority]
        """
    )
    (action,) = require_plan(load_text(text)).actions
    assert (action.status, action.status_text, dict(action.extra)) == (
        "in-progress", "Delayed", {"priority": "High"})


@pytest.mark.parametrize(("word", "expected"), [
    ("closed", None),
    ("complted", "did you mean 'completed'?"),
    ("Red", "it is a RAG colour; put the owner's rating in the action's 'rag:' field"),
    ("G", "it is a RAG colour"),
    ("open", "it could mean any of not-started, in-progress, ongoing, blocked"),
    ("Not implemented", "if it means not-started, add 'Not implemented: not-started' under "
                        "'statuses:'"),
    ("Partially completed", "if it means in-progress, add 'Partially completed: in-progress'"),
])
def test_unknown_statuses_never_get_a_reversed_suggestion(word: str, expected: str | None
                                                         ) -> None:
    found = messages(plan_with(f"status: {word}"))
    if expected is None:
        assert found == []
        return
    (message,) = found
    assert f"unknown status '{word}' for action 1.1" in message
    assert expected in message
    for reversed_meaning in ("'blocked'", "'dropped'", "'completed'?"):
        if reversed_meaning not in expected:
            assert reversed_meaning not in message.split(" (the statuses")[0]


def test_a_plan_may_map_an_ambiguous_word() -> None:
    text = plan_with("status: Open", head="statuses:\n  open: in-progress\n")
    (action,) = require_plan(load_text(text)).actions
    assert (action.status, action.status_text) == ("in-progress", "Open")


def test_statuses_problems_are_located() -> None:
    text = plan_with("status: done", head=dedent(
        """
        statuses:
          Delayed: late
          completed: in-progress
          Stalled: blocked
          stalled: blocked
          Empty:
        """))
    assert problems(text) == [
        "3:12 error unknown-status", "4:3 error status-redefined", "6:3 error duplicate-key",
        "7:9 error empty-value",
    ]


def test_fields_declare_extra_keys_and_undeclared_ones_stay_errors() -> None:
    text = plan_with("status: done\npriority: High\nlead officer: Bob",
                     head="fields: [priority]\n")
    (message,) = messages(text)
    assert message.startswith("plan.yaml:11:9: error: unknown key 'lead officer' in an action; "
                              "did you mean 'lead'? (known keys: id, action, lead,")
    assert message.endswith(", monitoring, priority); if the plan keeps this column, declare it "
                            "at the top of the plan: 'fields: [lead officer]' [unknown-key]")


def test_declared_fields_must_be_new_text_keys() -> None:
    text = plan_with("status: done\npriority: {a: b}",
                     head="fields: [priority, status, priority]\n")
    assert problems(text) == ["2:20 error field-redefined", "2:28 error duplicate-key",
                              "10:19 error wrong-type"]


def test_rag_accepts_colours_and_letters_in_any_case() -> None:
    for written, colour in (("R", "red"), ("amber", "amber"), ("Green", "green"), ("b", "blue")):
        (action,) = require_plan(load_text(plan_with(f"status: done\nrag: {written}"))).actions
        assert action.rag == colour
    (message,) = messages(plan_with("status: done\nrag: purple"))
    assert message == ("plan.yaml:9:14: error: rag of action 1.1 is 'purple'; the owner's "
                       "rating is one of red, amber, green or blue (or R, A, G, B) [unknown-rag]")


def test_completed_on_is_a_day_and_an_open_action_with_one_is_warned_about() -> None:
    assert problems(plan_with("status: done\ncompleted_on: 31 March 2010")) == []
    assert problems(plan_with("status: done\ncompleted_on: ongoing")) == ["9:23 error bad-date"]
    assert problems(plan_with("status: in-progress\ncompleted_on: 2010-03-31")) == [
        "9:9 warning completed-but-open"]
    assert problems(plan_with("status: dropped")) == []  # closed with no date: no warning


def test_completed_on_reads_numeric_dates_by_the_plans_date_order() -> None:
    day_first = plan_with("status: done\ncompleted_on: 03/04/2024")
    (action,) = require_plan(load_text(day_first)).actions
    assert action.completed_on == date(2024, 4, 3)
    month_first = plan_with("status: done\ncompleted_on: 03/04/2024", head="date_order: "
                            "month-first\n")
    (action,) = require_plan(load_text(month_first)).actions
    assert action.completed_on == date(2024, 3, 4)
    below = plan_with("status: done\ncompleted_on: 03/04/2024") + "date_order: month-first\n"
    (action,) = require_plan(load_text(below)).actions
    assert action.completed_on == date(2024, 3, 4)
