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
    assert pack.headline == model.Headline(actions=5, open=4, overdue=1, overdue_long=1,
                                           completed_since=1, slipped=1, tbc=1, due_soon=1)
    assert ids(pack.exceptions[model.OVERDUE]) == ["1.1"]  # 2.2 is another board's
    assert ids(pack.exceptions[model.BLOCKED_LIST]) == ["1.2"]
    assert ids(pack.exceptions[model.TBC]) == ["2.3"]
    assert ids(pack.exceptions[model.RAG]) == ["1.2"]  # owner says green; blocked is amber
    assert ids(pack.exceptions[model.SLIPPED]) == ["1.2"]
    assert pack.exceptions[model.SLIPPED][0].days_slipped == 59
    assert ids(pack.due_soon) == ["2.1"]
    assert [row.rec_id for row in pack.progress] == ["1", "2"]
    assert pack.total.actions == 5
    assert [change.id for change in pack.changes or []] == ["1.3", "1.2", "1.1"]
    assert ids(pack.completed) == ["1.3"]  # completed_on: 15 January 2010
    assert ids(sample_pack(history=None).completed) == ["1.3"]  # the plan says when


def test_a_line_carries_names_after_aliases_and_days() -> None:
    late = sample_pack().exceptions[model.OVERDUE][0]
    assert late.leads == ("Ann Smith",)
    assert (late.due, late.days_overdue, late.brag) == (date(2009, 12, 31), 32, "red")
    assert late.note == "Waiting for | data *soon*"


def test_the_whole_plan_when_no_board_is_given() -> None:
    pack = sample_pack(board=None)
    assert ids(pack.exceptions[model.OVERDUE]) == ["2.2", "1.1"]  # most overdue first
    assert pack.headline.actions == 6


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
    assert model.leads_of(pack) == ["Ann Smith", "Bo Li"]
    mine = model.for_lead(pack, "Ann Smith")
    assert ids(mine.exceptions[model.OVERDUE]) == ["1.1"]
    assert ids(mine.due_soon) == ["2.1"]
    assert mine.meeting.audience == "Ann Smith"
    bo = model.for_lead(pack, "Bo Li")
    assert (ids(bo.exceptions[model.TBC]), ids(bo.exceptions[model.SLIPPED])) == (["2.3"], ["1.2"])


def test_next_meeting_bounds_the_due_list() -> None:
    plan = sample_plan()
    selection = query.select(plan, query.Filters())
    soon = model.Meeting(MEETING, date(2010, 1, 4), date(2010, 2, 14))
    assert ids(model.build(plan, selection, soon).due_soon) == []
    later = soon._replace(next_meeting=date(2010, 2, 15))
    assert ids(model.build(plan, selection, later).due_soon) == ["2.1"]
