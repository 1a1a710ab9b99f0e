"""What `changes`, `history` and `slipped` show: table columns, cells and headings.

The records (JSON objects, CSV rows) are Change.record() and slipped_record(); their keys are
a public interface, documented in docs/output-formats.md: append only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from plantrack.formats.render import Column, Grid, long_date, short_date
from plantrack.history.diff import (
    ADDED,
    BECAME_OVERDUE,
    COMPLETED,
    DUE,
    RECOMMENDATION,
    REMOVED,
    Change,
)
from plantrack.plan.model import Plan

KIND_LABELS = {
    "status": "Status", "due": "Deadline", "note": "Note", "lead": "Lead", "board": "Board",
    "rag": "RAG", ADDED: "Added", REMOVED: "Removed", BECAME_OVERDUE: "Became overdue",
    COMPLETED: "Completed",
}


def days(count: int) -> str:
    return f"{count} day" if abs(count) == 1 else f"{count} days"


def slip_text(slipped: int | None) -> str:
    if slipped is None or slipped == 0:
        return ""
    return f"later by {days(slipped)}" if slipped > 0 else f"earlier by {days(-slipped)}"


def who(change: Change) -> str:
    """'Bob Jones (2203046)': the author and the commit; 'uncommitted'; '–' for the calendar."""
    if change.uncommitted:
        return "uncommitted"
    if change.author and change.commit:
        return f"{change.author} ({change.commit})"
    return change.author or "–"


def what(change: Change) -> str:
    label = KIND_LABELS.get(change.kind, change.kind)
    if change.target == RECOMMENDATION:
        return f"{label} (recommendation)"
    return label


def _to_cell(change: Change) -> str:
    text = change.to if change.to is not None else "–"
    if change.kind == DUE and slip_text(change.days_slipped):
        text += f"\n({slip_text(change.days_slipped)})"
    return text


_CHANGE_COLUMNS = {
    "date": Column("Date", fixed=True),
    "id": Column("ID", fixed=True),
    "what": Column("Change", fixed=True),
    "from": Column("From", ratio=2),
    "to": Column("To", ratio=2),
    "by": Column("By (commit)", ratio=1, drop_rank=2),
    "subject": Column("Commit message", ratio=2, drop_rank=1),
}
CHANGES_VIEW = ("date", "id", "what", "from", "to", "by")
HISTORY_VIEW = ("date", "what", "from", "to", "by", "subject")


def _cell(change: Change, key: str) -> str:
    if key == "date":
        return short_date(change.date)
    if key == "id":
        return change.id
    if key == "what":
        return what(change)
    if key == "from":
        return change.from_ if change.from_ is not None else "–"
    if key == "to":
        return _to_cell(change)
    if key == "by":
        return who(change)
    return change.subject or ("(not committed yet)" if change.uncommitted else "–")


def change_grid(changes: Sequence[Change], view: Sequence[str] = CHANGES_VIEW) -> Grid:
    return Grid([_CHANGE_COLUMNS[key] for key in view],
                [[_cell(change, key) for key in view] for change in changes])


def by_recommendation(changes: Sequence[Change], plans: Sequence[Plan]
                      ) -> list[tuple[str, list[Change]]]:
    """The changes grouped under 'Recommendation 3: title', in the plan's order (the plan at
    the end first, then recommendations only the start had), each group oldest first."""
    titles: dict[str, str | None] = {}
    for plan in plans:
        for rec in plan.recommendations:
            titles.setdefault(rec.id, rec.title)
    groups: dict[str, list[Change]] = {rec_id: [] for rec_id in titles}
    for change in changes:
        groups.setdefault(change.rec_id, []).append(change)
    out = []
    for rec_id, members in groups.items():
        if members:
            title = titles.get(rec_id)
            out.append((f"Recommendation {rec_id}: {title}" if title else
                        f"Recommendation {rec_id}", members))
    return out


def tally_line(changes: Sequence[Change]) -> str:
    """'12 changes: 5 status, 3 deadline, ...; 2 became overdue, 1 completed.'"""
    if not changes:
        return "No changes."
    counts = dict.fromkeys(KIND_LABELS, 0)
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    counts = {kind: count for kind, count in counts.items() if count}
    parts = [f"{count} {KIND_LABELS.get(kind, kind).lower()}" for kind, count in counts.items()]
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} {noun}: {', '.join(parts)}."


def span(since_day: date, since_commit: str | None, until_day: date, until_commit: str | None,
         working_copy: bool) -> str:
    start = long_date(since_day) + (f" ({since_commit})" if since_commit else "")
    if working_copy:
        end = f"{long_date(until_day)} (the working copy)"
    else:
        end = long_date(until_day) + (f" ({until_commit})" if until_commit else "")
    return f"from {start} to {end}"


def records(changes: Sequence[Change]) -> list[dict[str, Any]]:
    return [change.record() for change in changes]


def csv_records(changes: Sequence[Change]) -> list[dict[str, Any]]:
    """The records for a spreadsheet: `uncommitted` as JSON writes it (true/false)."""
    found = records(changes)
    for record in found:
        record["uncommitted"] = "true" if record["uncommitted"] else "false"
    return found
