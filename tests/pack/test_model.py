"""What the pack says, worked out from the plan with query.py's rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from plantrack import query
from plantrack.pack import model
from plantrack.plan.load import load_path, require_plan
from tests.pack.sample import MEETING, sample_pack, sample_plan

BUNDLED = Path(__file__).resolve().parents[2] / "plan.yaml"


def ids(lines: list[model.Line]) -> list[str]:
    return [line.id for line in lines]


def test_headline_and_lists_for_one_board() -> None:
    pack = sample_pack()
    assert pack.headline == model.Headline(actions=4, open=3, overdue=1, overdue_long=1,
                                           completed_since=1, slipped=0, tbc=0, due_soon=1)
    assert ids(pack.exceptions[model.OVERDUE]) == ["1.1"]  # 2.2 is another board's
    assert ids(pack.exceptions[model.BLOCKED_LIST]) == ["1.2"]
    assert ids(pack.due_soon) == ["2.1"]
    assert [row.rec_id for row in pack.progress] == ["1", "2"]
    assert pack.total.actions == 4
    assert [change.id for change in pack.changes or []] == ["1.3", "1.2", "1.1"]
    assert ids(pack.completed) == ["1.3"]  # its status changed to completed in the period
    assert sample_pack(history=None).headline.completed_since == 0  # nothing says when


def test_a_line_carries_names_after_aliases_and_days() -> None:
    late = sample_pack().exceptions[model.OVERDUE][0]
    assert late.leads == ("Ann Smith",)
    assert (late.due, late.days_overdue, late.brag) == (date(2009, 12, 31), 32, "red")
    assert late.note == "Waiting for | data *soon*"


def test_the_whole_plan_when_no_board_is_given() -> None:
    pack = sample_pack(board=None)
    assert ids(pack.exceptions[model.OVERDUE]) == ["2.2", "1.1"]  # most overdue first
    assert pack.headline.actions == 5


def test_the_bundled_plan_agrees_with_overdue_and_due() -> None:
    """The README's figures for the Social Care Management Team on 1 February 2010."""
    plan = require_plan(load_path(BUNDLED))
    selection = query.select(plan, query.Filters(boards=("Social Care Mgt Team",)))
    meeting = model.Meeting(MEETING, date(2010, 1, 4), date(2010, 3, 1))
    pack = model.build(plan, selection, meeting)
    assert ids(pack.exceptions[model.OVERDUE]) == ["4.5", "3.7"]
    assert [line.days_overdue for line in pack.exceptions[model.OVERDUE]] == [32, 1]
    assert (pack.headline.open, pack.headline.overdue, pack.headline.overdue_long) == (14, 2, 1)
    assert ids(pack.due_soon) == ["11.3", "11.5"]


def test_one_leads_cut() -> None:
    pack = sample_pack()
    assert model.leads_of(pack) == ["Ann Smith"]  # Bo Li has nothing overdue, due or moved
    mine = model.for_lead(pack, "Ann Smith")
    assert ids(mine.exceptions[model.OVERDUE]) == ["1.1"]
    assert ids(mine.due_soon) == ["2.1"]
    assert mine.meeting.audience == "Ann Smith"
    assert ids(model.for_lead(pack, "Bo Li").exceptions[model.BLOCKED_LIST]) == ["1.2"]


def test_next_meeting_bounds_the_due_list() -> None:
    plan = sample_plan()
    selection = query.select(plan, query.Filters())
    soon = model.Meeting(MEETING, date(2010, 1, 4), date(2010, 2, 14))
    assert ids(model.build(plan, selection, soon).due_soon) == []
    later = soon._replace(next_meeting=date(2010, 2, 15))
    assert ids(model.build(plan, selection, later).due_soon) == ["2.1"]
