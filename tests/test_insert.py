"""write/insert.py: exact text before and after every addition, under both loaders."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.errors import UsageError
from plantrack.plan.load import load_text, require_plan
from plantrack.plan.model import ACTION_FIELDS
from plantrack.write.edit import EditRefused
from plantrack.write.insert import NewItem, insert, next_action_id, next_recommendation_id
from tests.common import dedent

pytestmark = pytest.mark.usefixtures("both_loaders")

PLAN = dedent(
    """
    # A plan
    title: T
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: First
            status: in-progress   # agreed
            note: |
              Two lines
              of note

          - id: "1.2"
            action: Second
            status: blocked
        # recommendation 2 follows
      - id: "2"
        title: Second rec
        actions: []   # none yet
    """
)


def action(rec: str, action_id: str, **values: str | tuple[str, ...]) -> NewItem:
    given = {"id": action_id, "action": "New", "status": "not-started", **values}
    return NewItem("action", {key: given[key] for key in ACTION_FIELDS if key in given},
                   rec_id=rec)


def add(text: str, item: NewItem) -> str:
    return insert(text, require_plan(load_text(text)), item, "plan.yaml")


def test_action_after_the_last_one_with_its_gap_and_indentation() -> None:
    new = add(PLAN, action("1", "1.3", lead=("Ann Smith", "Bo Li"), due="By March 2010"))
    assert new == PLAN.replace(
        "        status: blocked\n",
        "        status: blocked\n"
        "\n"
        '      - id: "1.3"\n'
        "        action: New\n"
        "        lead: [Ann Smith, Bo Li]\n"
        "        due: By March 2010\n"
        "        status: not-started\n")


def test_first_action_of_an_empty_list_keeps_its_comment() -> None:
    new = add(PLAN, action("2", "2.1", note="Agreed: start in May"))
    assert new == PLAN.replace(
        "    actions: []   # none yet\n",
        "    actions: # none yet\n"
        '      - id: "2.1"\n'
        "        action: New\n"
        "        status: not-started\n"
        "        note: 'Agreed: start in May'\n")


def test_recommendation_at_the_end() -> None:
    item = NewItem("recommendation", {"id": "3", "title": "no", "area": "", "timescale": ""})
    assert add(PLAN, item) == PLAN + '  - id: "3"\n    title: \'no\'\n    actions: []\n'


def test_several_names_are_written_as_the_file_writes_them() -> None:
    text = PLAN.replace("        action: Second\n", "        action: Second\n"
                        "        lead:\n          - Ann Smith\n          - Bo Li\n")
    new = add(text, action("1", "1.3", lead=("Cy Ng", "Di Ode")))
    assert new.endswith(text[text.index("    # recommendation 2"):])
    assert (
        '      - id: "1.3"\n'
        "        action: New\n"
        "        lead:\n"
        "          - Cy Ng\n"
        "          - Di Ode\n"
        "        status: not-started\n") in new


def test_crlf_and_no_final_line_break_are_kept() -> None:
    text = PLAN.replace("\n", "\r\n").rstrip("\r\n")
    new = add(text, NewItem("recommendation", {"id": "3", "title": "Third"}))
    assert new == text + '\r\n  - id: "3"\r\n    title: Third\r\n    actions: []'


def test_flow_items_get_a_flow_item() -> None:
    text = dedent(
        """
        title: T
        recommendations:
          - id: R1
            actions:
              - {id: R1.1, action: "A, B", status: completed}
        """
    )
    assert add(text, action("R1", "R1.2", lead=("Ann",))) == text + \
        "      - {id: R1.2, action: New, lead: Ann, status: not-started}\n"


def test_single_quoted_ids_stay_single_quoted() -> None:
    text = "title: T\nrecommendations:\n- id: '1'\n  actions:\n  - id: '1.9'\n" \
           "    action: A\n    status: ongoing\n"
    assert add(text, action("1", "1.10")) == text + \
        "  - id: '1.10'\n    action: New\n    status: not-started\n"


def test_a_one_line_list_of_actions_is_refused() -> None:
    text = 'title: T\nrecommendations:\n  - id: "1"\n    actions: [{id: "1.1", action: A, ' \
           "status: ongoing}]\n"
    with pytest.raises(EditRefused, match=r"\[\.\.\.\] list on one line"):
        add(text, action("1", "1.2"))


def test_an_unreadable_deadline_is_refused_with_the_reason() -> None:
    with pytest.raises(UsageError, match=r"would make plan\.yaml invalid"):
        add(PLAN, action("1", "1.3", due="sometime soonish"))


def test_next_ids() -> None:
    plan = require_plan(load_text(PLAN))
    rec = plan.recommendations[0]
    assert next_action_id(rec, {"1.1", "1.2"}) == "1.3"
    nine = require_plan(load_text(
        'title: T\nrecommendations:\n  - id: "3"\n    actions:\n' + "".join(
            f'      - {{id: "3.{n}", action: A, status: ongoing}}\n' for n in range(1, 10))))
    assert next_action_id(nine.recommendations[0], {f"3.{n}" for n in range(1, 10)}) == "3.10"
    assert next_recommendation_id(plan) == "3"
    r12 = require_plan(load_text(
        "title: T\nrecommendations:\n  - {id: R12, actions: []}\n  - {id: R2, actions: []}\n"))
    assert next_recommendation_id(r12) == "R13"


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
       lead=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20))
def test_any_text_reads_back_exactly_and_nothing_else_moves(text: str, lead: str) -> None:
    """Whatever is typed, the new action holds exactly it, and the rest of the file is
    byte for byte as it was; or the change is refused and nothing is made."""
    plan = require_plan(load_text(PLAN))
    item = action("1", "1.3", action=text, lead=(lead,))
    try:
        new = insert(PLAN, plan, item, "plan.yaml")
    except (EditRefused, UsageError):
        return
    assert new.startswith(PLAN[:PLAN.index("    # recommendation 2")])
    assert new.endswith(PLAN[PLAN.index("    # recommendation 2"):])
    added = require_plan(load_text(new)).action("1.3")
    assert added is not None and (added.text, added.leads) == (text, (lead,))
