"""One action's (or recommendation's) story from git, and every deadline's first agreed date.

Both walk the whole history of the plan file, from its first commit to the working copy:
`history ID` keeps the changes to one item; `slipped` keeps, for each action, the deadline it
had when it first appeared and how often that deadline moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from plantrack.history.changes import period_events
from plantrack.history.diff import ADDED, DUE, EMPTY_PLAN, RECOMMENDATION, Change
from plantrack.history.timeline import PlanHistory, Warn
from plantrack.plan.model import Plan


@dataclass(frozen=True)
class Story:
    """Every change in the plan's history, oldest first, and the plan as it is now."""

    changes: tuple[Change, ...]
    plan: Plan
    first_day: date  # the first commit's day


def whole_history(plan_path: Path, display: str, *, today: date, warn: Warn, need: str,
                  current: Plan) -> Story:
    """Every change from the first commit to `current` (the working copy), oldest first."""
    with PlanHistory(plan_path, display, warn, need) as history:
        revisions = history.revisions()
        if not revisions:
            from plantrack.errors import UsageError

            raise UsageError(f"{need}: {display} has no commits in git yet, so it has no "
                             f"history; commit it (git add {plan_path.name} && git commit)")
        steps = history.steps(revisions)
        working = history.working_step(current)
        if working is not None:
            steps.append(working)
        found = history.changes(None, steps)
    first_day = revisions[0].day
    found.extend(period_events(EMPTY_PLAN, current, first_day, today, found))
    found.sort(key=lambda change: change.date)
    return Story(tuple(found), current, first_day)


def item_changes(story: Story, item_id: str) -> list[Change]:
    """The changes to one action, or to a recommendation and its actions."""
    is_action = story.plan.action(item_id) is not None or (
        story.plan.recommendation(item_id) is None
        and any(c.id == item_id and c.target != RECOMMENDATION for c in story.changes))
    if is_action:
        return [c for c in story.changes if c.id == item_id and c.target != RECOMMENDATION]
    return [c for c in story.changes if c.rec_id == item_id]


@dataclass(frozen=True)
class Moves:
    """An action's deadline as first committed, and how many times its date moved since."""

    first_due: date | None
    first_due_text: str | None
    first_day: date  # when it was first committed
    times_moved: int


def deadline_moves(story: Story) -> dict[str, Moves]:
    """For each action in the history: its first deadline and the number of moves since."""
    moves: dict[str, Moves] = {}
    for change in story.changes:
        if change.kind == ADDED and change.target != RECOMMENDATION and change.id not in moves:
            first = change.versions[0]
            moves[change.id] = Moves(first.due, first.due_text, change.date, 0)
        elif change.kind == DUE and change.id in moves and len(change.versions) == 2:
            old, new = change.versions
            if old.due != new.due:
                known = moves[change.id]
                moves[change.id] = Moves(known.first_due, known.first_due_text, known.first_day,
                                         known.times_moved + 1)
    return moves
