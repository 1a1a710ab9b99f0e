"""Finding leads and boards by what a person types: aliases, parts of names, near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantrack.errors import UsageError
from plantrack.plan.load import load_path, load_text, require_plan
from plantrack.plan.model import Plan
from plantrack.plan.names import BOARD, LEAD, name_index
from tests.common import dedent

BUNDLED = Path(__file__).resolve().parent.parent / "plan.yaml"


@pytest.fixture(scope="module")
def bundled() -> Plan:
    return require_plan(load_path(BUNDLED))


def small_plan() -> Plan:
    """Two spellings of one person reconciled by an alias, and a case-only variant of a board."""
    return require_plan(load_text(dedent(
        """
        title: Names
        aliases:
          Maureen Cavanaugh: Maureen Cavanagh
          Ops Group: Operations Group
        recommendations:
          - id: "1"
            actions:
              - id: "1.1"
                action: First
                lead: [Maureen Cavanaugh, Tracy Collins]
                status: in-progress
                board: Ops group
              - id: "1.2"
                action: Second
                lead: [Maureen Cavanagh, Maureen Cavanaugh]
                status: in-progress
                board: Operations Group
              - id: "1.3"
                action: Third
                lead: Tracy Bend
                status: in-progress
                board: operations group
        """
    )))


def test_alias_target_is_the_displayed_name_and_variants_collapse() -> None:
    plan = small_plan()
    index = name_index(plan)
    first, second, third = plan.actions
    assert index.names_of(first, LEAD) == ("Maureen Cavanagh", "Tracy Collins")
    # two spellings of one person in one action count once
    assert index.names_of(second, LEAD) == ("Maureen Cavanagh",)
    # "Ops group" is an alias (case does not matter) and "operations group" differs in case only
    assert index.names_of(first, BOARD) == ("Operations Group",)
    assert index.names_of(third, BOARD) == ("Operations Group",)
    assert index.by_kind[LEAD] == ("maureen cavanagh", "tracy collins", "tracy bend")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Maureen Cavanagh", "maureen cavanagh"),  # exact
        ("  MAUREEN   cavanagh ", "maureen cavanagh"),  # case and spacing do not matter
        ("Maureen Cavanaugh", "maureen cavanagh"),  # an alias
        ("cavanaugh", "maureen cavanagh"),  # a word of an alias variant
        ("collins", "tracy collins"),  # a whole word of one name
        ("colli", "tracy collins"),  # part of one name
        ("bend", "tracy bend"),
    ],
)
def test_resolves_to_one_name(typed: str, expected: str) -> None:
    assert name_index(small_plan()).resolve(typed, LEAD) == expected


def test_whole_word_beats_part_of_a_word() -> None:
    # "ann" is inside both names, but a whole word of only one: that one is meant.
    plan = require_plan(load_text(dedent(
        """
        title: Words
        recommendations:
          - id: "1"
            actions:
              - id: "1.1"
                action: First
                lead: [Annabel Smith, Ann Lee]
                status: in-progress
        """
    )))
    index = name_index(plan)
    assert index.resolve("ann", LEAD) == "ann lee"
    assert index.resolve("anna", LEAD) == "annabel smith"


def test_alias_variant_word_finds_the_board() -> None:
    assert name_index(small_plan()).resolve("ops", BOARD) == "operations group"


def test_ambiguous_part_lists_the_candidates() -> None:
    with pytest.raises(UsageError) as caught:
        name_index(small_plan()).resolve("tracy", LEAD)
    assert caught.value.message == (
        "--lead 'tracy' matches 2 leads: Tracy Collins, Tracy Bend; give more of the name"
    )
    assert caught.value.exit_code == 2


def test_no_match_suggests_the_closest_names() -> None:
    with pytest.raises(UsageError) as caught:
        name_index(small_plan()).resolve("colins", LEAD)
    assert caught.value.message == (
        "--lead 'colins' matches no lead in the plan; the closest: Tracy Collins; "
        "'plantrack leads' lists them all"
    )


def test_no_match_and_nothing_close() -> None:
    with pytest.raises(UsageError) as caught:
        name_index(small_plan()).resolve("zzz", BOARD)
    assert caught.value.message == (
        "--board 'zzz' matches no board in the plan; 'plantrack boards' lists them all"
    )


def test_a_lead_is_not_found_among_boards() -> None:
    with pytest.raises(UsageError, match="matches no board"):
        name_index(small_plan()).resolve("Tracy Collins", BOARD)


def test_empty_name_is_refused() -> None:
    with pytest.raises(UsageError, match="--lead needs a name"):
        name_index(small_plan()).resolve("  ", LEAD)


# -- the bundled plan: names checked by hand against the source ---------------------------------
def test_bundled_cavanaugh_spelling_finds_maureen_cavanagh(bundled: Plan) -> None:
    index = name_index(bundled)
    # The source spells her "Cavanaugh" in 10.1 and 10.3; plan.yaml's aliases reconcile it.
    assert index.resolve("Maureen Cavanaugh", LEAD) == "maureen cavanagh"
    assert index.resolve("cavanaugh", LEAD) == "maureen cavanagh"


def test_bundled_peter_is_ambiguous(bundled: Plan) -> None:
    # Peter Wilson leads 7.1 (first used there), Peter Jackson from 9.1 on ("Pete Jackson" is an
    # alias of him, so it adds no third candidate).
    with pytest.raises(UsageError) as caught:
        name_index(bundled).resolve("peter", LEAD)
    assert "matches 2 leads: Peter Wilson, Peter Jackson;" in caught.value.message


def test_bundled_board_alias_and_part(bundled: Plan) -> None:
    index = name_index(bundled)
    assert index.resolve("Social Care Mgt Team", BOARD) == "social care management team"
    assert index.resolve("caf", BOARD) == "caf board"
    # "management" is a whole word of three boards, listed in order of first use (1.1, 3.6, 3.7)
    with pytest.raises(UsageError) as caught:
        index.resolve("management", BOARD)
    assert caught.value.message == (
        "--board 'management' matches 3 boards: Social Care Performance Management Boards, "
        "Area Social Care Performance Management Meetings, Social Care Management Team; "
        "give more of the name"
    )


# -- the index: spellings and lists worked out once ------------------------------------------------
def test_first_spelling_counts_across_leads_and_boards_and_kinds_stay_apart() -> None:
    # "tracy COLLINS" is written first as a board of 1.1, then as a lead; the same list
    # [Ann Lee] is a lead of 1.1 and a board of 1.2: each kind lists only its own names.
    plan = require_plan(load_text(dedent(
        """
        title: Kinds
        recommendations:
          - id: "1"
            actions:
              - id: "1.1"
                action: First
                lead: Ann Lee
                status: in-progress
                board: tracy COLLINS
              - id: "1.2"
                action: Second
                lead: [Tracy Collins, Bo Li]
                status: in-progress
                board: Ann Lee
        """
    )))
    index = name_index(plan)
    first, second = plan.actions
    assert index.by_kind[LEAD] == ("ann lee", "tracy collins", "bo li")
    assert index.by_kind[BOARD] == ("tracy collins", "ann lee")
    assert index.names_of(second, LEAD) == ("tracy COLLINS", "Bo Li")  # its first spelling
    assert index.keys_of(first, BOARD) == ("tracy collins",)
    assert index.names_of(second, BOARD) == ("Ann Lee",)


def test_an_action_of_another_plan_gets_its_names_worked_out() -> None:
    index = name_index(small_plan())
    stranger = next(iter(small_plan().actions))  # an equal plan, but not the indexed one
    other = stranger.__class__(id="9.9", rec_id="9", text="x", status="in-progress",
                               leads=("Maureen Cavanaugh", "Zed Newman"))
    assert index.keys_of(other, LEAD) == ("maureen cavanagh", "zed newman")
    assert index.names_of(other, LEAD) == ("Maureen Cavanagh", "Zed Newman")
    assert index.names_of(stranger, LEAD) == ("Maureen Cavanagh", "Tracy Collins")
