"""What a board pack says, worked out once from the plan, before any format draws it.

Every rule comes from query.py (overdue, due_within, summarise, BRAG), so the pack cannot
disagree with `overdue` or `summary` on the same day. No I/O and no clock here: the dates and
the history (changes read from git, when the plan has any) are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from plantrack import query
from plantrack.plan.model import BLOCKED, COMPLETED, DUE_TBC, Action, Plan, Recommendation
from plantrack.plan.names import LEAD

# The exception lists, in the order a board reads them.
OVERDUE = "overdue"
BLOCKED_LIST = "blocked"
TBC = "tbc"
RAG = "rag"
SLIPPED = "slipped"
EXCEPTION_KINDS = (OVERDUE, BLOCKED_LIST, TBC, RAG, SLIPPED)


class Meeting(NamedTuple):
    """The meeting the pack is for: its day, the period since the last one, the next one."""

    as_of: date
    since: date
    next_meeting: date
    audience: str = ""  # "Social Care Management Team", "Tracy Collins", "" for the whole plan
    audience_kind: str = ""  # "board", "lead", "recommendation" or ""


class Line(NamedTuple):
    """One action as the pack lists it, with everything any of its lists shows."""

    id: str
    text: str
    leads: tuple[str, ...]
    status: str
    due: date | None
    due_text: str | None
    original_due: date | None  # the deadline first agreed, when it differs from `due`
    original_due_text: str | None
    days_overdue: int | None
    days_slipped: int | None
    note: str | None
    brag: str
    rag: str | None  # the owner's own rating, when the plan records one


class Change(NamedTuple):
    """One change since the last meeting, as the history reported it."""

    day: date
    id: str
    kind: str  # status, due, note, lead, board, rag, added, removed, became-overdue, completed
    before: str | None
    after: str | None
    author: str | None
    days_slipped: int | None = None
    uncommitted: bool = False  # in the file, not yet committed to its history
    target: str = "action"  # or "recommendation" (added or removed)


@dataclass(frozen=True)
class Headline:
    """The figures at the top of the pack."""

    actions: int
    open: int
    overdue: int
    overdue_long: int  # by more than query.RED_AFTER_DAYS days
    completed_since: int
    slipped: int
    tbc: int
    due_soon: int


@dataclass(frozen=True)
class Pack:
    plan_title: str
    meeting: Meeting
    headline: Headline
    progress: list[query.StatusTally]
    total: query.StatusTally
    exceptions: dict[str, list[Line]]  # EXCEPTION_KINDS → lines (each list may be empty)
    due_soon: list[Line]
    completed: list[Line]  # completed in the period
    changes: list[Change] | None = None  # None: the plan's history could not be read
    history_note: str = ""  # why there are no changes, in a board member's words


class History(NamedTuple):
    """What git says about the period: the changes, and deadlines first agreed (by action id)
    for actions whose file has no `original_due`."""

    changes: list[Change]
    first_due: dict[str, tuple[date, str | None]]


# -- building ----------------------------------------------------------------------------------
def line(
    selection: query.Selection, action: Action, as_of: date,
    first_due: tuple[date, str | None] | None = None,
) -> Line:
    """The action as the pack shows it on `as_of`; `first_due` from history if the file has
    no original deadline."""
    late = query.days_overdue(action, as_of)
    original, original_text = action.original_due, action.original_due_text
    if original is None and first_due is not None:
        original, original_text = first_due
    slipped = None
    if original is not None and action.due is not None and action.due > original:
        slipped = (action.due - original).days  # as `slipped` counts (history/slipped.py)
    elif original is not None and action.due == original:
        original, original_text = None, None  # nothing moved: one deadline to show
    return Line(
        action.id, action.text, selection.names.names_of(action, LEAD), action.status,
        action.due, action.due_text, original, original_text, late, slipped, action.note,
        query.action_brag(action, as_of), action.rag,
    )


def build(
    plan: Plan, selection: query.Selection, meeting: Meeting, history: History | None = None,
    history_note: str = "",
) -> Pack:
    """The whole pack for the actions `selection` keeps, on `meeting.as_of`."""
    as_of = meeting.as_of
    first_due = history.first_due if history is not None else {}
    chosen: list[tuple[Action, Recommendation]] = list(query.selected(plan, selection))
    lines = {action.id: line(selection, action, as_of, first_due.get(action.id))
             for action, _ in chosen}
    open_actions = [action for action, _ in chosen if not query.is_closed_on(action, as_of)]

    def listed(actions: Iterable[Action], key: str = "") -> list[Line]:
        found = [lines[action.id] for action in actions]
        if key == "slipped":
            found.sort(key=lambda ln: -(ln.days_slipped or 0))
        return found

    overdue = [lines[it.action.id] for it in query.overdue(plan, selection, as_of)]
    exceptions = {
        OVERDUE: overdue,
        BLOCKED_LIST: listed(a for a in open_actions if a.status == BLOCKED),
        TBC: listed(a for a in open_actions if a.due_kind == DUE_TBC),
        RAG: listed(a for a in open_actions if a.rag is not None and a.rag != lines[a.id].brag),
        SLIPPED: listed((a for a in open_actions if lines[a.id].days_slipped), "slipped"),
    }
    due_soon = [lines[it.action.id] for it in
                query.due_within(plan, selection, as_of, meeting.next_meeting)]
    completed = listed(a for a, _ in chosen if _completed_in(a, meeting, history))
    progress, total = query.summarise(plan, selection, as_of)
    headline = Headline(
        actions=len(chosen),
        open=len(open_actions),
        overdue=len(overdue),
        overdue_long=sum(1 for ln in overdue if (ln.days_overdue or 0) > query.RED_AFTER_DAYS),
        completed_since=len(completed),
        slipped=len(exceptions[SLIPPED]),
        tbc=len(exceptions[TBC]),
        due_soon=len(due_soon),
    )
    return Pack(
        plan.title, meeting, headline, progress, total, exceptions, due_soon, completed,
        history.changes if history is not None else None, history_note,
    )


def _completed_in(action: Action, meeting: Meeting, history: History | None) -> bool:
    """Completed after the last meeting and by this one: by `completed_on` where the plan
    records it, else as the period's history says (the commit that completed it)."""
    if action.status != COMPLETED:
        return False
    day = action.completed_on
    if day is not None:
        return meeting.since <= day <= meeting.as_of
    if history is None:
        return False
    return any(change.id == action.id and (change.kind == "completed" or (
        change.kind == "status" and change.after == COMPLETED)) for change in history.changes)


def for_lead(pack: Pack, lead: str) -> Pack:
    """The pack cut down to one lead's actions (for `pack --by-lead`)."""

    def mine(lines: Sequence[Line]) -> list[Line]:
        return [ln for ln in lines if lead in ln.leads]

    exceptions = {kind: mine(lines) for kind, lines in pack.exceptions.items()}
    due_soon = mine(pack.due_soon)
    headline = Headline(
        actions=0, open=0, overdue=len(exceptions[OVERDUE]),
        overdue_long=sum(1 for ln in exceptions[OVERDUE]
                         if (ln.days_overdue or 0) > query.RED_AFTER_DAYS),
        completed_since=len(mine(pack.completed)), slipped=len(exceptions[SLIPPED]),
        tbc=len(exceptions[TBC]), due_soon=len(due_soon),
    )
    meeting = pack.meeting._replace(audience=lead, audience_kind="lead")
    return Pack(pack.plan_title, meeting, headline, [], pack.total, exceptions, due_soon,
                mine(pack.completed), None, "")


def leads_of(pack: Pack) -> list[str]:
    """Every lead with something on one of their short lists, alphabetically."""
    found: dict[str, None] = {}
    for lines in (pack.exceptions[OVERDUE], pack.exceptions[TBC], pack.exceptions[SLIPPED],
                  pack.due_soon):
        for ln in lines:
            found.update(dict.fromkeys(ln.leads))
    return sorted(found, key=str.casefold)
