"""Queries at fixed dates, against small plans and the bundled plan.

The expected answers for the bundled plan were worked out by hand from the source plan
(tests/data/source-plan.txt, transcribed in plan.yaml), not taken from the tool's output.
Every open action with a deadline, and the day its deadline means (the LAST day of the period):

  Oct 2009 (31 Oct 2009) ........ 1.1
  Nov 2009 (30 Nov 2009) ........ 1.2
  Dec 2009 (31 Dec 2009) ........ 4.5
  Feb 2009 (28 Feb 2009) ........ 4.6 (so written in the source; probably meant 2010)
  mid Jan 2010 (15 Jan 2010) .... 5.5
  Jan 2010 (31 Jan 2010) ........ 2.7, 3.3, 3.6, 3.7, 5.2, 6.4, 7.4, 8.5
  Feb 2010 (28 Feb 2010) ........ 4.4, 10.1, 11.3, 11.5, 11.6, 12.6
  Mar 2010 (31 Mar 2010) ........ 2.6, 4.3, 4.7, 5.6, 6.1, 6.2, 7.1, 7.2, 7.3, 9.3, 10.2, 10.4,
                                  11.4, 12.1, 12.3, 12.5
  Apr 2010 (30 Apr 2010) ........ 3.8      May 2010: 6.3      Sep 2010: 12.4      end 2011: 12.2

Closed (never overdue): 2.1-2.5, 3.1, 3.2, 4.1, 4.2, 5.1, 5.3, 8.1, 11.7 (13 completed).
No deadline (never overdue): 2.8, 3.4, 3.5, 5.4, 8.2, 8.3, 8.4, 8.6, 9.1, 9.2, 9.4-9.7, 10.3,
10.5, 10.6, 11.1, 11.2.

So, overdue (from the day AFTER the deadline):
  31 Jan 2010: 4.6 (337 days), 1.1 (92), 1.2 (62), 4.5 (31), 5.5 (16) -> 5. The eight actions
               due "End of January 2010" are due that very day: not overdue.
  1 Feb 2010:  the same five, one day more, then the eight January ones at 1 day -> 13.
  1 Apr 2010:  those 13, the six February ones (32 days) and the sixteen March ones (1 day) -> 35.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from plantrack.errors import UsageError
from plantrack.plan.load import load_path, load_text, require_plan
from plantrack.plan.model import Plan
from plantrack.query import (
    AMBER,
    BLUE,
    GREEN,
    RED,
    Filters,
    action_brag,
    days_overdue,
    due_within,
    find,
    matching,
    overdue,
    recommendation_tally,
    select,
    summarise,
    tally_names,
    worst_brag,
)
from tests.common import MINIMAL_PLAN, dedent

BUNDLED = Path(__file__).resolve().parent.parent / "plan.yaml"
JAN_31 = date(2010, 1, 31)
FEB_1 = date(2010, 2, 1)
APR_1 = date(2010, 4, 1)

OVERDUE_BEFORE_JANUARY_ENDS = ["4.6", "1.1", "1.2", "4.5", "5.5"]
DUE_END_OF_JANUARY = ["2.7", "3.3", "3.6", "3.7", "5.2", "6.4", "7.4", "8.5"]
DUE_END_OF_FEBRUARY = ["4.4", "10.1", "11.3", "11.5", "11.6", "12.6"]
DUE_END_OF_MARCH = ["2.6", "4.3", "4.7", "5.6", "6.1", "6.2", "7.1", "7.2", "7.3", "9.3", "10.2",
                    "10.4", "11.4", "12.1", "12.3", "12.5"]


@pytest.fixture(scope="module")
def bundled() -> Plan:
    return require_plan(load_path(BUNDLED))


def ids(items: list) -> list[str]:
    return [it.action.id for it in items]


def listed(plan: Plan, as_of: date = FEB_1, **filters: object) -> list[str]:
    return ids(matching(plan, select(plan, Filters(**filters)), as_of))  # type: ignore[arg-type]


def plan_of(*actions: str) -> Plan:
    """A plan with one recommendation holding the given action bodies (YAML, dedented)."""
    body = "".join(
        "\n".join("      " + line for line in dedent(action).splitlines()) + "\n"
        for action in actions
    )
    text = 'title: T\nrecommendations:\n  - id: "1"\n    actions:\n' + body
    return require_plan(load_text(text))


# -- the overdue rule --------------------------------------------------------------------------
def test_end_of_january_is_on_time_on_the_31st_and_late_on_the_1st() -> None:
    (action,) = require_plan(load_text(MINIMAL_PLAN)).actions  # due: End of January 2010
    assert days_overdue(action, date(2010, 1, 30)) is None
    assert days_overdue(action, JAN_31) is None
    assert days_overdue(action, FEB_1) == 1
    assert days_overdue(action, date(2010, 3, 1)) == 29


def test_closed_ongoing_and_undated_actions_are_never_overdue() -> None:
    plan = plan_of(
        '- {id: "1.1", action: a, due: Nov 2009, status: completed}',
        '- {id: "1.2", action: b, due: Nov 2009, status: dropped}',
        '- {id: "1.3", action: c, due: Ongoing, status: ongoing}',
        '- {id: "1.4", action: d, status: in-progress}',
        '- {id: "1.5", action: e, due: Nov 2009, status: ongoing}',
    )
    late = overdue(plan, select(plan, Filters()), APR_1)
    # only the ongoing action WITH a deadline is overdue: 30 Nov 2009 -> 1 Apr 2010 is 122 days
    assert [(it.action.id, it.days_overdue) for it in late] == [("1.5", 122)]


def test_bundled_overdue_on_31_january(bundled: Plan) -> None:
    late = overdue(bundled, select(bundled, Filters()), JAN_31)
    assert [(it.action.id, it.days_overdue) for it in late] == [
        ("4.6", 337), ("1.1", 92), ("1.2", 62), ("4.5", 31), ("5.5", 16),
    ]


def test_bundled_overdue_on_1_february(bundled: Plan) -> None:
    late = overdue(bundled, select(bundled, Filters()), FEB_1)
    assert ids(late) == OVERDUE_BEFORE_JANUARY_ENDS + DUE_END_OF_JANUARY  # ties in plan order
    assert [it.days_overdue for it in late] == [338, 93, 63, 32, 17] + [1] * 8


def test_bundled_overdue_on_1_april(bundled: Plan) -> None:
    late = overdue(bundled, select(bundled, Filters()), APR_1)
    assert len(late) == 35
    assert ids(late) == (OVERDUE_BEFORE_JANUARY_ENDS + DUE_END_OF_JANUARY + DUE_END_OF_FEBRUARY
                         + DUE_END_OF_MARCH)
    # 28 Feb 2009 -> 1 Apr 2010 = 365 + 32; 31 Oct 2009 -> 1 Apr = 30+31+31+28+31+1; ...
    assert [it.days_overdue for it in late[:5]] == [397, 152, 122, 91, 76]
    assert {it.days_overdue for it in late[5:13]} == {60}
    assert {it.days_overdue for it in late[13:19]} == {32}
    assert {it.days_overdue for it in late[19:]} == {1}


def test_bundled_overdue_for_one_board(bundled: Plan) -> None:
    # "Social Care Mgt Team" is an alias of Social Care Management Team: 16 actions use one or
    # the other; of those open, 4.5 (Dec 09) and 3.7 (By end January 2010) are overdue on 1 Feb.
    selection = select(bundled, Filters(boards=("Social Care Mgt Team",)))
    assert [(it.action.id, it.days_overdue) for it in overdue(bundled, selection, FEB_1)] == [
        ("4.5", 32), ("3.7", 1),
    ]
    assert ids(overdue(bundled, selection, JAN_31)) == ["4.5"]


# -- filters -----------------------------------------------------------------------------------
def test_filter_by_lead_part_of_name(bundled: Plan) -> None:
    # Tracy Collins is a lead of these 15 actions in the source.
    assert listed(bundled, leads=("collins",)) == [
        "2.1", "2.4", "2.7", "3.1", "3.6", "4.1", "4.4", "4.5", "4.7", "5.1", "5.2", "5.4", "5.5",
        "6.1", "8.3",
    ]


def test_filter_by_lead_finds_both_spellings(bundled: Plan) -> None:
    # Cavanagh in 6.2, 8.1, 8.4, 8.5; Cavanaugh in 10.1, 10.3.
    expected = ["6.2", "8.1", "8.4", "8.5", "10.1", "10.3"]
    assert listed(bundled, leads=("Maureen Cavanagh",)) == expected
    assert listed(bundled, leads=("Maureen Cavanaugh",)) == expected


def test_repeats_of_one_filter_or_and_different_filters_and(bundled: Plan) -> None:
    # Tessa Bailey: 3.7. Claire Betteridge: 3.8, 9.3, 9.5, 10.4.
    assert listed(bundled, leads=("Tessa Bailey", "betteridge")) == [
        "3.7", "3.8", "9.3", "9.5", "10.4",
    ]
    # Tracy Collins's actions with a completed status: 2.1, 2.4, 3.1, 4.1, 5.1.
    assert listed(bundled, leads=("collins",), statuses=("done",)) == [
        "2.1", "2.4", "3.1", "4.1", "5.1",
    ]
    # ... and those monitored by Social Care Mgt Team / Management Team: 4.5, 4.7, 5.1, 6.1.
    assert listed(bundled, leads=("collins",), boards=("Social Care Mgt Team",)) == [
        "4.5", "4.7", "5.1", "6.1",
    ]


def test_filter_by_status_with_synonyms(bundled: Plan) -> None:
    # "To be started" (or blank) in the source: 3.8, 4.3, 9.5, 12.1, 12.4.
    not_started = ["3.8", "4.3", "9.5", "12.1", "12.4"]
    assert listed(bundled, statuses=("not-started",)) == not_started
    assert listed(bundled, statuses=("To be started",)) == not_started
    # ongoing: 10.5, 10.6, 11.2; either status: both lists, in plan order
    assert listed(bundled, statuses=("ongoing", "not started")) == [
        "3.8", "4.3", "9.5", "10.5", "10.6", "11.2", "12.1", "12.4",
    ]


def test_filter_by_recommendation_area_and_search(bundled: Plan) -> None:
    assert listed(bundled, recs=("4", "5")) == [f"4.{n}" for n in range(1, 8)] + [
        f"5.{n}" for n in range(1, 7)
    ]
    # recommendations 8-12 are "Looked After Children": 6 + 7 + 6 + 7 + 6 actions
    assert len(listed(bundled, area="looked AFTER")) == 32
    assert listed(bundled, search="caerphilly") == ["3.8", "11.5"]
    # the search reads notes too: only 1.1's note says "Monitoring arrangements in place"
    assert listed(bundled, search="Monitoring  arrangements") == ["1.1"]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (Filters(statuses=("finished-ish",)), "--status 'finished-ish' is not a status; use one "
         "of: not-started, in-progress, ongoing, blocked, completed, dropped, or open (not "
         "completed or dropped) or closed (completed or dropped)"),
        (Filters(recs=("13",)), "--rec '13' is not a recommendation id; the plan has 1, 2, 3, 4, "
         "5, 6, 7, 8, 9, 10, 11, 12"),
        (Filters(recs=("3.7",)), "--rec '3.7' is action 3.7, not a recommendation; give "
         "--rec 3 for its recommendation, or plantrack show 3.7 for the action"),
        (Filters(search="  "), "--search needs some text to look for"),
        (Filters(leads=("peter",)), "--lead 'peter' matches 2 leads: Peter Wilson, Peter "
         "Jackson; give more of the name"),
    ],
)
def test_bad_filters_say_what_to_type(bundled: Plan, filters: Filters, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        select(bundled, filters)
    assert caught.value.message == message


def test_selection_label_names_what_was_resolved(bundled: Plan) -> None:
    selection = select(bundled, Filters(leads=("cavanaugh", "collins"), statuses=("done",)))
    assert selection.label == "lead Maureen Cavanagh or Tracy Collins; status completed"


# -- due ---------------------------------------------------------------------------------------
def test_due_within_on_31_january_includes_todays_deadlines(bundled: Plan) -> None:
    selection = select(bundled, Filters())
    # 31 Jan to 14 Feb: the eight end-of-January actions are due today; nothing else falls due.
    assert ids(due_within(bundled, selection, JAN_31, date(2010, 2, 14))) == DUE_END_OF_JANUARY


def test_due_within_on_1_february(bundled: Plan) -> None:
    selection = select(bundled, Filters())
    assert due_within(bundled, selection, FEB_1, date(2010, 2, 15)) == []
    assert ids(due_within(bundled, selection, FEB_1, date(2010, 3, 1))) == DUE_END_OF_FEBRUARY
    # with overdue ones: soonest deadline first, so the most overdue lead
    with_late = due_within(bundled, selection, FEB_1, date(2010, 3, 1), include_overdue=True)
    assert ids(with_late) == OVERDUE_BEFORE_JANUARY_ENDS + DUE_END_OF_JANUARY + DUE_END_OF_FEBRUARY


# -- BRAG --------------------------------------------------------------------------------------
def test_action_brag_rules() -> None:
    plan = plan_of(
        '- {id: "1.1", action: a, due: Nov 2009, status: completed}',
        '- {id: "1.2", action: b, due: 31/12/2009, status: in-progress}',
        '- {id: "1.3", action: c, due: 15/02/2010, status: not-started}',
        '- {id: "1.4", action: d, due: 15/02/2010, status: in-progress}',
        '- {id: "1.5", action: e, status: blocked}',
    )
    a, b, c, d, e = plan.actions
    assert action_brag(a, FEB_1) == BLUE
    # 31 Dec 2009: 30 days overdue on 30 Jan (Amber), 31 on 31 Jan (Red); --red-after moves it
    assert action_brag(b, date(2010, 1, 30)) == AMBER
    assert action_brag(b, JAN_31) == RED
    assert action_brag(b, JAN_31, red_after=31) == AMBER
    # not started, due 15 Feb: 14 days ahead on 1 Feb is Amber, 15 days ahead on 31 Jan is Green
    assert action_brag(c, FEB_1) == AMBER
    assert action_brag(c, JAN_31) == GREEN
    assert action_brag(d, FEB_1) == GREEN  # started: due soon is not a worry
    assert action_brag(e, FEB_1) == AMBER


def test_worst_brag() -> None:
    assert worst_brag([BLUE, BLUE]) == BLUE
    assert worst_brag([BLUE, GREEN]) == GREEN
    assert worst_brag([GREEN, AMBER, BLUE]) == AMBER
    assert worst_brag([AMBER, RED, GREEN]) == RED
    assert worst_brag([]) is None


def test_bundled_summary_on_1_february(bundled: Plan) -> None:
    rows, total = summarise(bundled, select(bundled, Filters()), FEB_1)
    # Red: 1.1 (93 days) in rec 1; 4.6 (338) and 4.5 (32) in rec 4. Amber: an action 1 or 17
    # days overdue in recs 2, 3, 5, 6, 7, 8. Green: recs 9-12 have nothing overdue or blocked,
    # and their not-started actions (9.5 no deadline, 12.1 Mar, 12.4 Sep) are not due by 15 Feb.
    assert [(row.rec_id, row.brag) for row in rows] == [
        ("1", RED), ("2", AMBER), ("3", AMBER), ("4", RED), ("5", AMBER), ("6", AMBER),
        ("7", AMBER), ("8", AMBER), ("9", GREEN), ("10", GREEN), ("11", GREEN), ("12", GREEN),
    ]
    assert rows[1].count("completed") == 5 and rows[1].actions == 8
    assert rows[1].percent_complete == 62  # 5 of 8, rounded down
    assert total.actions == 71
    assert dict(total.counts) == {"not-started": 5, "in-progress": 50, "ongoing": 3,
                                  "blocked": 0, "completed": 13, "dropped": 0}
    assert total.percent_complete == 18  # 13 of 71
    assert (total.overdue, total.overdue_red, total.brag) == (13, 4, RED)


def test_summary_red_after_and_not_started_window(bundled: Plan) -> None:
    selection = select(bundled, Filters(recs=("1",)))
    # 1.1 and 1.2 are 93 and 63 days overdue on 1 Feb
    assert summarise(bundled, selection, FEB_1)[0][0].brag == RED
    assert summarise(bundled, selection, FEB_1, red_after=93)[0][0].brag == AMBER
    # Not-started actions only: 3.8 is due 30 Apr 2010, 15 days after 15 Apr (Green) and
    # 14 days after 16 Apr (Amber).
    not_started = select(bundled, Filters(recs=("3",), statuses=("not-started",)))
    assert summarise(bundled, not_started, date(2010, 4, 15))[0][0].brag == GREEN
    assert summarise(bundled, not_started, date(2010, 4, 16))[0][0].brag == AMBER


def test_blue_when_everything_is_closed_and_percent_ignores_dropped() -> None:
    plan = plan_of(
        '- {id: "1.1", action: a, due: Nov 2009, status: completed}',
        '- {id: "1.2", action: b, due: Nov 2009, status: dropped}',
    )
    tally = recommendation_tally(plan.recommendations[0], APR_1)
    assert tally.brag == BLUE
    assert tally.percent_complete == 100


def test_recommendation_without_actions_has_no_rating() -> None:
    plan = require_plan(load_text('title: T\nrecommendations:\n  - id: "1"\n    actions: []\n'))
    tally = recommendation_tally(plan.recommendations[0], APR_1)
    assert (tally.brag, tally.percent_complete, tally.actions) == (None, None, 0)


# -- leads and boards --------------------------------------------------------------------------
def test_bundled_leads_tally_for_tracy_collins(bundled: Plan) -> None:
    selection = select(bundled, Filters(leads=("collins",)))
    # 15 actions; completed 2.1, 2.4, 3.1, 4.1, 5.1; open 10. On 31 Jan: overdue 4.5, 5.5;
    # due in the next 14 days (31 Jan - 14 Feb): 2.7, 3.6, 5.2. On 1 Feb those three are
    # overdue too and nothing is due by 15 Feb.
    (jan,) = tally_names(bundled, selection, JAN_31, "lead")
    assert (jan.name, jan.actions, jan.open, jan.overdue, jan.due_soon, jan.completed) == (
        "Tracy Collins", 15, 10, 2, 3, 5)
    (feb,) = tally_names(bundled, selection, FEB_1, "lead")
    assert (feb.overdue, feb.due_soon) == (5, 0)


def test_bundled_leads_order_and_no_lead_row(bundled: Plan) -> None:
    tallies = tally_names(bundled, select(bundled, Filters()), FEB_1, "lead")
    overdue_counts = [t.overdue for t in tallies]
    assert overdue_counts == sorted(overdue_counts, reverse=True)
    # 4.2 and 4.3 have no lead in the source; 4.2 is completed, 4.3 not started (due Mar 2010)
    (nobody,) = [t for t in tallies if t.name is None]
    assert (nobody.actions, nobody.open, nobody.overdue, nobody.completed) == (2, 1, 0, 1)


def test_bundled_boards_tally(bundled: Plan) -> None:
    tallies = tally_names(bundled, select(bundled, Filters()), FEB_1, "board")
    by_name = {t.name: t for t in tallies}
    # Area Performance Board(s): 2.7, 3.3, 4.6, 6.4, 7.4, all open and overdue on 1 Feb
    area = by_name["Area Performance Boards"]
    assert (area.actions, area.open, area.overdue) == (5, 5, 5)
    assert tallies[0].name == "Area Performance Boards"  # the most overdue board
    # 16 actions under Social Care Management Team or its alias Social Care Mgt Team
    assert by_name["Social Care Management Team"].actions == 16
    assert "Social Care Mgt Team" not in by_name


# -- show --------------------------------------------------------------------------------------
def test_find_action_or_recommendation(bundled: Plan) -> None:
    assert find(bundled, "3.7").id == "3.7"
    assert find(bundled, " 12 ").id == "12"
    with pytest.raises(UsageError) as caught:
        find(bundled, "3.77")
    assert caught.value.message.startswith("no action or recommendation has id '3.77'; did you "
                                           "mean 3.7")


@pytest.mark.parametrize("as_of", [JAN_31, FEB_1, APR_1, date(2009, 6, 1), date(2011, 1, 1)])
def test_listed_items_carry_each_actions_own_lateness_and_colour(bundled: Plan,
                                                                   as_of: date) -> None:
    everything = select(bundled, Filters())
    assert everything.keeps_everything
    listed = matching(bundled, everything, as_of) + overdue(bundled, everything, as_of)
    assert len(listed) > len(list(bundled.actions))
    for it in listed:
        assert it.days_overdue == days_overdue(it.action, as_of)
        assert it.brag == action_brag(it.action, as_of)


@pytest.mark.parametrize(
    "filters",
    [Filters(leads=("collins",)), Filters(boards=("caf",)), Filters(statuses=("done",)),
     Filters(recs=("3",)), Filters(area="looked after"), Filters(search="the")],
)
def test_any_filter_means_the_selection_must_be_checked(bundled: Plan, filters: Filters) -> None:
    selection = select(bundled, filters)
    assert not selection.keeps_everything
    kept = matching(bundled, selection, FEB_1)
    assert 0 < len(kept) < len(list(bundled.actions))
