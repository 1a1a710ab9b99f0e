"""What changed between two versions of a plan, action by action: pure, no git, no clock.

Actions and recommendations are matched by id. A recommendation object shared by both
versions (snapshots.py reuses the parse of an unchanged recommendation) is skipped without
looking inside it, so a commit that touched three actions costs three comparisons.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from plantrack.plan.model import Action, Plan, Recommendation

STATUS, DUE, NOTE, LEAD, BOARD, RAG = "status", "due", "note", "lead", "board", "rag"
ADDED, REMOVED, BECAME_OVERDUE, COMPLETED = "added", "removed", "became-overdue", "completed"
KINDS: tuple[str, ...] = (STATUS, DUE, NOTE, LEAD, BOARD, RAG, ADDED, REMOVED, BECAME_OVERDUE,
                          COMPLETED)
ACTION, RECOMMENDATION = "action", "recommendation"

# The JSON object (and CSV columns) for one change, in this order: a public interface, so
# keys are only ever appended.
CHANGE_KEYS = ("id", "kind", "from", "to", "date", "author", "commit", "days_slipped",
               "recommendation", "target", "uncommitted", "subject")


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who made a change and when: a commit, or the uncommitted working copy, or the calendar."""

    day: date
    author: str | None = None
    commit: str | None = None  # short hash; None for the working copy and the calendar
    subject: str | None = None
    uncommitted: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one action or recommendation, with who made it and when.

    `from_`/`to` are the values as written (statuses as the vocabulary word, leads and boards
    after aliases joined with '; ', deadlines as written); None where there was none.
    `days_slipped` is set for a deadline moved from one date to another (negative: earlier).
    """

    id: str
    kind: str
    from_: str | None
    to: str | None
    date: date
    author: str | None
    commit: str | None
    days_slipped: int | None = None
    rec_id: str = ""
    uncommitted: bool = False
    subject: str | None = None
    target: str = ACTION
    # The versions of the action this change is between (for filters); not compared.
    versions: tuple[Action, ...] = field(default=(), compare=False, repr=False)

    def record(self) -> dict[str, Any]:
        """The documented JSON object (CHANGE_KEYS)."""
        return {
            "id": self.id, "kind": self.kind, "from": self.from_, "to": self.to,
            "date": self.date.isoformat(), "author": self.author, "commit": self.commit,
            "days_slipped": self.days_slipped, "recommendation": self.rec_id,
            "target": self.target, "uncommitted": self.uncommitted, "subject": self.subject,
        }


def _names(plan: Plan, names: tuple[str, ...]) -> str | None:
    shown = list(dict.fromkeys(plan.canonical(name) for name in names))
    return "; ".join(shown) if shown else None


def _field_changes(old: Action, new: Action, old_plan: Plan, new_plan: Plan
                   ) -> Iterator[tuple[str, str | None, str | None, int | None]]:
    if old.status != new.status:
        yield STATUS, old.status, new.status, None
    if old.due_text != new.due_text or old.due != new.due:
        slipped = (new.due - old.due).days if old.due and new.due else None
        yield DUE, old.due_text, new.due_text, slipped
    if old.note != new.note:
        yield NOTE, old.note, new.note, None
    old_leads, new_leads = _names(old_plan, old.leads), _names(new_plan, new.leads)
    if old_leads != new_leads:
        yield LEAD, old_leads, new_leads, None
    old_boards, new_boards = _names(old_plan, old.boards), _names(new_plan, new.boards)
    if old_boards != new_boards:
        yield BOARD, old_boards, new_boards, None
    old_rag, new_rag = getattr(old, "rag", None), getattr(new, "rag", None)
    if old_rag != new_rag:
        yield RAG, old_rag, new_rag, None


def diff_plans(old: Plan, new: Plan, stamp: Stamp) -> list[Change]:
    """Every change from `old` to `new`, in `new`'s plan order, removals last."""
    same_names = old.aliases == new.aliases
    old_recs = {rec.id: rec for rec in old.recommendations}
    new_recs = {rec.id: rec for rec in new.recommendations}
    changed_old: list[Recommendation] = [
        rec for rec in old.recommendations
        if not (same_names and new_recs.get(rec.id) is rec)
    ]
    changed_new: list[Recommendation] = [
        rec for rec in new.recommendations
        if not (same_names and old_recs.get(rec.id) is rec)
    ]
    if not changed_old and not changed_new:
        return []
    old_actions = {action.id: action for rec in changed_old for action in rec.actions}
    found: list[Change] = []

    def change(item_id: str, kind: str, before: str | None, after: str | None, rec_id: str,
               slipped: int | None = None, target: str = ACTION,
               versions: tuple[Action, ...] = ()) -> None:
        found.append(Change(item_id, kind, before, after, stamp.day, stamp.author, stamp.commit,
                            slipped, rec_id, stamp.uncommitted, stamp.subject, target, versions))

    seen: set[str] = set()
    for rec in changed_new:
        if rec.id not in old_recs:
            change(rec.id, ADDED, None, rec.title or "", rec.id, target=RECOMMENDATION)
        for action in rec.actions:
            seen.add(action.id)
            before = old_actions.get(action.id)
            if before is None:
                change(action.id, ADDED, None, action.text, rec.id, versions=(action,))
                continue
            for kind, was, now, slipped in _field_changes(before, action, old, new):
                change(action.id, kind, was, now, rec.id, slipped, versions=(before, action))
    for rec in changed_old:
        for action in rec.actions:
            if action.id not in seen:
                change(action.id, REMOVED, action.text, None, rec.id, versions=(action,))
        if rec.id not in new_recs:
            change(rec.id, REMOVED, rec.title or "", None, rec.id, target=RECOMMENDATION)
    return found


EMPTY_PLAN = Plan(title="", recommendations=())
