"""Which deadlines are later than first agreed: `plantrack slipped`.

The first agreed deadline is the action's `original_due` where the plan records one, else the
deadline it had when it was first committed to git. An action whose deadline was never a date
(Ongoing, TBC) has nothing to slip against.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from plantrack.history.item import Moves
from plantrack.plan.model import Action, Recommendation

PLAN, GIT = "plan", "git"


class Slip(NamedTuple):
    """One action whose deadline is later than first agreed."""

    action: Action
    recommendation: Recommendation
    original: date
    original_text: str | None
    source: str  # PLAN (original_due) or GIT (its first committed deadline)
    days_slipped: int
    times_moved: int | None  # None when there is no git history to count from
    days_over_original: int | None  # overdue against the original deadline on --as-of


def _open_on(action: Action, day: date) -> bool:
    if not action.is_closed:
        return True
    completed_on = getattr(action, "completed_on", None)
    return completed_on is not None and completed_on > day


def slips(chosen: Iterable[tuple[Action, Recommendation]], moves: dict[str, Moves] | None,
          as_of: date, min_days: int = 1) -> list[Slip]:
    """The chosen actions slipped by at least `min_days` (at least one), most slipped first."""
    found = []
    for action, rec in chosen:
        if action.due is None:
            continue
        moved = moves.get(action.id) if moves is not None else None
        original = getattr(action, "original_due", None)
        if original is not None:
            text, source = getattr(action, "original_due_text", None), PLAN
        elif moved is not None and moved.first_due is not None:
            original, text, source = moved.first_due, moved.first_due_text, GIT
        else:
            continue
        slipped = (action.due - original).days
        if slipped < max(min_days, 1):
            continue
        over = (as_of - original).days if as_of > original and _open_on(action, as_of) else None
        found.append(Slip(action, rec, original, text, source, slipped,
                          moved.times_moved if moved is not None else None, over))
    found.sort(key=lambda slip: -slip.days_slipped)  # stable: ties stay in plan order
    return found
