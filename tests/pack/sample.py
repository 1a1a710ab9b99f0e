"""A small plan whose pack has something in every list, for the model, layout and formats."""

from __future__ import annotations

from datetime import date

from plantrack import query
from plantrack.pack import layout, model
from plantrack.plan.load import load_text, require_plan
from plantrack.plan.model import Plan
from tests.common import dedent

MEETING = date(2010, 2, 1)
LAST_MEETING = date(2010, 1, 4)
NEXT_MEETING = date(2010, 3, 1)

SAMPLE_PLAN = dedent(
    """
    title: Safeguarding <Improvement> & *Plan*
    aliases:
      QB: Quality Board
    recommendations:
      - id: "1"
        title: Allocate referrals <b>promptly</b> | well
        actions:
          - id: "1.1"
            action: Monitor allocation of referrals
            lead: Ann Smith
            due: December 2009
            status: in-progress
            note: "Waiting for | data *soon*"
            board: QB
          - id: "1.2"
            action: Agree the new rota
            lead: [Bo Li, Ann Smith]
            due: March 2010
            original_due: January 2010
            status: blocked
            rag: green
            board: Quality Board
          - id: "1.3"
            action: Train the duty team
            lead: Bo Li
            due: January 2010
            status: completed
            completed_on: 2010-01-15
            board: Quality Board
      - id: "2"
        title: Improve assessments
        actions:
          - id: "2.1"
            action: Audit twenty cases
            lead: Ann Smith
            due: 15 February 2010
            status: not-started
            board: Quality Board
          - id: "2.3"
            action: Set up the <panel>
            lead: Bo Li
            due: TBC
            status: not-started
            board: Quality Board
          - id: "2.2"
            action: Report to the other board
            lead: Cy Twp
            due: November 2009
            status: in-progress
            board: Other Board
    """
)


def sample_plan(text: str = SAMPLE_PLAN) -> Plan:
    return require_plan(load_text(text))


# What git would have said about the period (tests/pack/test_period.py reads real repositories).
HISTORY = model.History([
    model.Change(date(2010, 1, 10), "1.3", "status", "in-progress", "completed", "Bo *Li*"),
    model.Change(date(2010, 1, 20), "1.2", "due", "January 2010", "March 2010", "Ann Smith",
                 days_slipped=59),
    model.Change(date(2010, 1, 30), "1.1", "note", None, "Waiting for | data *soon*",
                 None, uncommitted=True),
], {})


def sample_pack(board: str | None = "Quality Board", text: str = SAMPLE_PLAN,
                history: model.History | None = HISTORY) -> model.Pack:
    plan = sample_plan(text)
    selection = query.select(plan, query.Filters(boards=(board,) if board else ()))
    meeting = model.Meeting(MEETING, LAST_MEETING, NEXT_MEETING,
                            "Quality Board" if board else "", "board" if board else "")
    return model.build(plan, selection, meeting, history)


def sample_document(board: str | None = "Quality Board") -> layout.Document:
    return layout.board_pack(sample_pack(board))
