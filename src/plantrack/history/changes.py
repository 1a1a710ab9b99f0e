"""What changed in a plan between two points of its git history: `plantrack changes`, and the
"changes since the last meeting" of a board pack.

    from plantrack.history.changes import changes_between
    for change in changes_between("plan.yaml", "1/1/2010", today=date(2010, 2, 1)):
        print(change.id, change.kind, change.from_, change.to, change.date, change.author)

A point is a date in any `--as-of` form or a git revision (tag, commit, HEAD~3); the end
defaults to the working copy, so uncommitted edits count (marked `uncommitted`, no commit).
Besides what commits changed, the period does things by itself: an action whose deadline
passed during it `became-overdue` (dated the day after its deadline), and an action completed
during it is `completed` (dated its `completed_on`, else the commit that completed it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from plantrack.errors import UsageError
from plantrack.history.diff import (
    BECAME_OVERDUE,
    CHANGE_KEYS,
    COMPLETED,
    EMPTY_PLAN,
    KINDS,
    RECOMMENDATION,
    STATUS,
    Change,
    Stamp,
)
from plantrack.history.git import Revision
from plantrack.history.timeline import PlanHistory, Step, Warn
from plantrack.plan.model import COMPLETED as COMPLETED_STATUS
from plantrack.plan.model import Action, Plan, Recommendation

if TYPE_CHECKING:
    from plantrack.query import Selection

__all__ = ["CHANGE_KEYS", "KINDS", "Bound", "Change", "Period", "changes_between",
           "filter_changes", "period_between", "read_point"]


@dataclass(frozen=True)
class Bound:
    """One end of a period: its day, and the commit when it was given as a revision."""

    day: date
    commit: str | None = None  # short hash
    working_copy: bool = False


@dataclass(frozen=True)
class Period:
    """Everything `changes` found: both ends, the plan at each end, and the changes in order."""

    since: Bound
    until: Bound
    base: Plan  # the plan at the start
    plan: Plan  # the plan at the end
    changes: tuple[Change, ...]


def _stderr(message: str) -> None:
    from plantrack.messages import err

    err(message)  # warnings quote plan text: escaped (formats/escape.for_message)


def read_point(text: str, option: str, today: date, *, first_day: bool) -> date | None:
    """The date `text` means (the first or last day of a period like 'January 2010'), or None
    when it is not a date at all (it may then be a git revision). `option` (--since, --until)
    names the option it was given to, for callers' messages; reading never fails."""
    from plantrack.plan import dates

    written = text.strip()
    if len(written) == 10 and written[4] == written[7] == "-":
        try:
            return date.fromisoformat(written)
        except ValueError:
            pass
    try:
        if written.casefold() in ("today", "yesterday", "tomorrow"):
            return dates.read_as_of(written, today)
        period = dates.read_period(written)
    except dates.PhraseError:
        return None
    if period is None:
        return None
    return period.first if first_day else period.last


def period_between(
    plan_path: str | Path, since: str | date, until: str | date | None = None, *,
    today: date | None = None, warn: Warn | None = None, display: str | None = None,
) -> Period:
    """The plan's changes from `since` to `until` (default: the working copy, on `today`).

    UsageError (exit 2) for: not in a git repository, no commits, a date before the plan's
    first commit, a revision git does not know, git not installed.
    """
    from plantrack.plan.load import display_path, load_path, require_plan

    path = Path(plan_path)
    display = display or display_path(path)
    today = today or date.today()
    warn = warn or _stderr
    with PlanHistory(path, display, warn, "changes") as history:
        # -- the end --------------------------------------------------------------------
        tip, until_day, until_commit = "HEAD", today, None
        if until is not None:
            day = until if isinstance(until, date) else read_point(until, "--until", today,
                                                                     first_day=False)
            if day is not None:
                until_day = day
            else:
                tip = _revision(history, str(until), "--until")
                end = history.commit_revision(tip)
                until_day, until_commit = end.day, end.short
        revisions = history.revisions(tip)
        if not revisions:
            raise UsageError(f"{display} has no commits in git yet, so it has no history; "
                             f"commit it (git add {path.name} && git commit)")
        first = revisions[0]
        if until is not None and until_commit is None:
            if until_day < first.day:
                raise UsageError(_before_first("--until", until, display, first.day))
            revisions = [r for r in revisions if r.day <= until_day]
        # -- the start ------------------------------------------------------------------
        day = since if isinstance(since, date) else read_point(since, "--since", today,
                                                               first_day=True)
        if day is not None:
            if day < first.day:
                raise UsageError(_before_first("--since", since, display, first.day))
            before = [r for r in revisions if r.day < day]
            window = [r for r in revisions if r.day >= day]
            if not before:  # the plan's first day: start from its first version
                before, window = window[:1], window[1:]
            since_bound = Bound(day)
            base = _latest_valid(history, before)
        else:
            start = _revision(history, str(since), "--since")
            inside = {r.commit for r in history.revisions(tip, exclude=start)}
            window = [r for r in revisions if r.commit in inside]
            before = [r for r in revisions if r.commit not in inside]
            described = history.commit_revision(start)
            since_bound = Bound(described.day, described.short)
            then = history.plan_at(start, before[-1].path if before else history.repo.path,
                                   described.short)
            base = Step(then, Stamp(described.day)) if then is not None else None
        if since_bound.day > until_day:
            raise UsageError(f"--since {since} is after the end of the period "
                             f"({until_day.isoformat()}); give a --since before --until")
        steps = history.steps(window)
        if until is None:
            current = require_plan(load_path(path, display))
            working = history.working_step(current)
            if working is not None:
                steps.append(working)
            until_bound = Bound(today, None, working_copy=True)
        else:
            current = steps[-1].plan if steps else base.plan if base else EMPTY_PLAN
            until_bound = Bound(until_day, until_commit)
        base_plan = base.plan if base is not None else EMPTY_PLAN
        found = history.changes(base, steps)
    found.extend(period_events(base_plan, current, since_bound.day, until_bound.day, found))
    found.sort(key=lambda change: change.date)  # stable: a day's changes stay in their order
    return Period(since_bound, until_bound, base_plan, current, tuple(found))


def changes_between(
    plan_path: str | Path, since: str | date, until: str | date | None = None, *,
    today: date | None = None, warn: Warn | None = None,
) -> list[Change]:
    """The changes alone, oldest first (see period_between)."""
    return list(period_between(plan_path, since, until, today=today, warn=warn).changes)


def _revision(history: PlanHistory, text: str, option: str) -> str:
    found = history.resolve(text)
    if found is None:
        raise UsageError(f"{option} '{text}' is neither a date nor a git revision this "
                         "repository knows; give a date (31/01/2010, January 2010) or a tag, "
                         "commit or HEAD~3")
    return found


def _before_first(option: str, text: object, display: str, first: date) -> str:
    from plantrack.formats.render import long_date

    return (f"{option} {text}: that is before {display} was first committed "
            f"({long_date(first)}), so git has no version of it then; give "
            f"{first.isoformat()} or later")


def _latest_valid(history: PlanHistory, revisions: list[Revision]) -> Step | None:
    for revision in reversed(revisions):
        step = history.step(revision)
        if step is not None:
            return step
    return None


def _open_on(action: Action, day: date) -> bool:
    """Open on `day`: not closed now, or completed (`completed_on`) only after it."""
    if not action.is_closed:
        return True
    completed_on = getattr(action, "completed_on", None)
    return completed_on is not None and completed_on > day


def period_events(base: Plan, plan: Plan, since: date, until: date,
                  changes: Iterable[Change]) -> list[Change]:
    """What the period did by itself: deadlines passed (became-overdue), actions completed."""
    was = {action.id: action for action in base.actions}
    completions = {c.id: c for c in changes if c.kind == STATUS and c.to == COMPLETED_STATUS}
    events = []
    for action in plan.actions:
        if action.due is not None:
            late_from = action.due + timedelta(days=1)  # overdue from the day after
            if since <= late_from <= until and _open_on(action, late_from):
                events.append(Change(action.id, BECAME_OVERDUE, None, action.due_text, late_from,
                                     None, None, rec_id=action.rec_id, versions=(action,)))
        if action.status != COMPLETED_STATUS:
            continue
        before = was.get(action.id)
        earlier = before.status if before is not None else None
        completed_on = getattr(action, "completed_on", None)
        if completed_on is not None:
            if since <= completed_on <= until:
                events.append(Change(action.id, COMPLETED, earlier, COMPLETED_STATUS,
                                     completed_on, None, None, rec_id=action.rec_id,
                                     versions=(action,)))
            continue
        made = completions.get(action.id)
        if made is not None and earlier != COMPLETED_STATUS:
            events.append(Change(action.id, COMPLETED, earlier, COMPLETED_STATUS, made.date,
                                 made.author, made.commit, rec_id=action.rec_id,
                                 uncommitted=made.uncommitted, subject=made.subject,
                                 versions=(action,)))
    return events


def filter_changes(period: Period, selection: Selection) -> list[Change]:
    """The changes `selection` keeps: its filters are matched on the action at the end of the
    period, and --lead/--board also on every lead and board it had during it."""
    from plantrack.plan.names import BOARD, LEAD

    if selection.keeps_everything:
        return list(period.changes)
    versions: dict[str, list[Action]] = {}
    for action in period.base.actions:
        versions[action.id] = [action]
    for change in period.changes:
        versions.setdefault(change.id, []).extend(change.versions)
    now = {action.id: action for action in period.plan.actions}
    recs = {rec.id: rec for rec in (*period.base.recommendations, *period.plan.recommendations)}
    others = selection._replace(lead_keys=frozenset(), board_keys=frozenset())
    names = selection.names

    def matches(action: Action, seen: list[Action]) -> bool:
        rec = recs.get(action.rec_id) or Recommendation(action.rec_id, ())
        if not others.matches(action, rec):
            return False
        for keys, kind in ((selection.lead_keys, LEAD), (selection.board_keys, BOARD)):
            if keys and all(keys.isdisjoint(names.keys_of(old, kind)) for old in seen):
                return False
        return True

    kept = []
    for change in period.changes:
        if change.target == RECOMMENDATION:
            rec_actions = [a for a in (*period.base.actions, *period.plan.actions)
                           if a.rec_id == change.id]
            if any(matches(now.get(a.id, a), versions.get(a.id, [a])) for a in rec_actions) or (
                    not rec_actions and (not selection.rec_ids or change.id in selection.rec_ids)):
                kept.append(change)
            continue
        seen = versions.get(change.id) or list(change.versions)
        current = now.get(change.id) or (seen[-1] if seen else None)
        if current is not None and matches(current, [current, *seen]):
            kept.append(change)
    return kept
