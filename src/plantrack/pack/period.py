"""The period since the last meeting, as the plan's git history records it, for the pack.

history/changes.py reads git; this module decides what the pack does with it. A board paper
must still be written when there is no usable history (a plan not yet under git, or a period
that starts before the plan was first committed): the pack then says so in board members'
words, and the person running the command gets the reason on stderr. Only a `--since` that is
neither a date nor a revision git knows is an error, since then the period itself is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from plantrack import query
from plantrack.errors import UsageError
from plantrack.formats.render import long_date
from plantrack.pack.model import Change, History
from plantrack.plan.model import Plan


class Period(NamedTuple):
    since: date
    history: History | None
    note: str  # for the pack, when history is missing or starts late ('' when all is well)


NO_HISTORY = ("The plan's recorded history could not be read, so the changes in the period "
              "are not listed.")


def read(
    plan_path: Path, display: str, since: str | None, default_since: date, as_of: date,
    today: date, selection: query.Selection, warn: Callable[[str], None], current: Plan,
) -> Period:
    """The period's start, its changes (those `selection` keeps) and any note for the pack;
    with the history, each action's deadline as first committed (`first_deadlines`)."""
    found, from_the_start = _read(plan_path, display, since, default_since, as_of, today,
                                  selection, warn)
    if found.history is None or from_the_start:
        return found
    firsts = first_deadlines(plan_path, display, today, current, warn)
    return found._replace(history=found.history._replace(first_due=firsts))


def first_deadlines(plan_path: Path, display: str, today: date, current: Plan,
                    warn: Callable[[str], None]) -> dict[str, tuple[date, str | None]]:
    """Each action's deadline when it was first committed, as `slipped` reads it (for the
    actions whose plan entry has no `original_due`); empty when there is no history."""
    from plantrack.history.item import deadline_moves, whole_history

    try:
        story = whole_history(plan_path, display, today=today, warn=warn,
                              need="the pack's deadlines", current=current)
    except UsageError:
        return {}
    return {action_id: (moves.first_due, moves.first_due_text)
            for action_id, moves in deadline_moves(story).items()
            if moves.first_due is not None}


def _read(
    plan_path: Path, display: str, since: str | None, default_since: date, as_of: date,
    today: date, selection: query.Selection, warn: Callable[[str], None],
) -> tuple[Period, bool]:
    """The period, and whether it starts at the plan's first commit (its history then also
    says every first deadline, and the history need not be walked again)."""
    from plantrack.history.changes import filter_changes, period_between, read_point
    from plantrack.history.timeline import PlanHistory

    until = None if as_of >= today else as_of  # today's pack includes uncommitted edits
    day = default_since if since is None else read_point(since, "--since", today,
                                                          first_day=True)
    if day is None:  # a git revision: without history there is no period at all
        assert since is not None
        start = _revision_day(plan_path, display, since, warn)
        if start >= as_of:
            return Period(start, None, ""), False  # the caller refuses this period
        found = period_between(plan_path, since, until, today=today, warn=warn)
        return Period(found.since.day, _history(filter_changes(found, selection)), ""), False
    if day >= as_of:
        return Period(day, None, ""), False  # the caller refuses this period
    try:
        with PlanHistory(plan_path, display, warn, "the pack's changes") as history:
            revisions = history.revisions()
    except UsageError as exc:
        warn(f"plantrack: warning: {exc.message}")
        return Period(day, None, NO_HISTORY), False
    first = revisions[0].day if revisions else None
    if first is None or first > as_of:
        return Period(day, None, "The plan's recorded history starts after this meeting, so "
                                 "the changes in the period are not listed."), False
    start = max(day, first)
    found = period_between(plan_path, start, until, today=today, warn=warn)
    note = "" if start == day else (
        f"The plan's recorded history starts on {long_date(first)}: changes before then are "
        "not listed.")
    history = _history(filter_changes(found, selection))
    if start != first:
        return Period(day, history, note), False
    return Period(day, history._replace(first_due=_first_deadlines_in(found)), note), True


def _first_deadlines_in(found: Any) -> dict[str, tuple[date, str | None]]:  # changes.Period
    """Each action's first deadline, from a period that starts at the plan's first version:
    its actions there, then each action added later as first added (deadline_moves' rule)."""
    firsts: dict[str, tuple[date | None, str | None]] = {
        action.id: (action.due, action.due_text) for action in found.base.actions}
    for change in found.changes:
        if change.kind == "added" and change.target == "action" and change.versions:
            first = change.versions[0]
            firsts.setdefault(change.id, (first.due, first.due_text))
    return {action_id: (due, text) for action_id, (due, text) in firsts.items()
            if due is not None}


def _revision_day(plan_path: Path, display: str, since: str,
                  warn: Callable[[str], None]) -> date:
    """The day of the commit `since` names; a UsageError when it names none."""
    from plantrack.history.timeline import PlanHistory

    not_a_date = f"--since '{since}' is not a date (31/01/2010, January 2010)"
    try:
        with PlanHistory(plan_path, display, warn, "--since") as history:
            commit = history.resolve(since)
            described = history.commit_revision(commit) if commit is not None else None
    except UsageError as exc:
        raise UsageError(f"{not_a_date}, and not a git revision: {exc.message}") from None
    if described is None:
        raise UsageError(f"{not_a_date}, nor a git revision this repository knows; give a date "
                         "or a tag, commit or HEAD~3")
    return described.day


def _history(changes: list) -> History:  # list[history.diff.Change]
    """The changes as the pack lists them. An action's completion shows once: the period's
    own 'completed' event is left out where a change of status to completed is listed."""
    shown_done = {c.id for c in changes if c.kind == "status" and c.to == "completed"}
    return History([
        Change(c.date, c.id, c.kind, c.from_, c.to, c.author, c.days_slipped, c.uncommitted,
               c.target)
        for c in changes if not (c.kind == "completed" and c.id in shown_done)
    ], {})
