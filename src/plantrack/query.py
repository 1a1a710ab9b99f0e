"""Pure questions over a Plan: filters and sorting. No I/O, no clock: the date is passed in."""

from __future__ import annotations

from datetime import date

from plantrack.model import Action, Plan


def days_overdue(action: Action, as_of: date) -> int | None:
    """Days past the deadline, or None when the action is not overdue.

    A deadline is the last day of its period, so an action is overdue only from the day after
    it: "End of January 2010" is on time on 31 January and one day overdue on 1 February.
    """
    if action.due is None or action.is_closed or as_of <= action.due:
        return None
    return (as_of - action.due).days


def overdue_actions(plan: Plan, as_of: date) -> list[tuple[Action, int]]:
    """Overdue actions with their days overdue, most overdue first, then in plan order."""
    found = []
    for position, action in enumerate(plan.actions):
        days = days_overdue(action, as_of)
        if days is not None:
            found.append((days, position, action))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [(action, days) for days, _, action in found]
