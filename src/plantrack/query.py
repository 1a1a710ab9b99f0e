"""Pure questions over a Plan: filters, overdue, due soon, roll-ups and BRAG ratings.

No I/O and no clock: the as-of date is always an argument, so every answer can be tested at a
fixed date. Names go through names.py (aliases, parts of names), so a filter finds an action
whichever spelling the plan used. The records are NamedTuples, not dataclasses: every command
that answers a question imports this module, and making a frozen dataclass's class costs about
seven times as much (458 µs against 64 µs for one of six fields).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import NamedTuple

from plantrack.errors import UsageError
from plantrack.plan.model import (
    BLOCKED,
    CLOSED_STATUSES,
    COMPLETED,
    DROPPED,
    DUE_TBC,
    IN_PROGRESS,
    NOT_STARTED,
    STATUSES,
    Action,
    Plan,
    Recommendation,
    status_from_user,
)
from plantrack.plan.names import BOARD, LEAD, NameIndex, name_index

RED_AFTER_DAYS = 30  # overdue by more than this is Red (`summary --red-after`)
SOON_DAYS = 14  # "due in the next 14 days" for leads/boards and for Amber

BLUE = "blue"
RED = "red"
AMBER = "amber"
GREEN = "green"
_BRAG_ORDER = (BLUE, GREEN, AMBER, RED)  # worst last: a recommendation takes its worst


# -- single actions --------------------------------------------------------------------------
def is_closed_on(action: Action, day: date) -> bool:
    """Completed or dropped by `day`. An action closed after `day` (its `completed_on`) was
    open on it, so a summary of last quarter stays right after this quarter's updates; one
    closed with no `completed_on` is closed on every day."""
    if action.status not in CLOSED_STATUSES:
        return False
    completed_on = action.completed_on
    return completed_on is None or completed_on <= day


def status_on(action: Action, day: date) -> str:
    """The status to count on `day`: an action closed after it was open then, and, with no
    history to say more, is counted as in progress (not started before its start date)."""
    if action.status in CLOSED_STATUSES and not is_closed_on(action, day):
        return NOT_STARTED if action.start is not None and action.start > day else IN_PROGRESS
    return action.status


def days_overdue(action: Action, as_of: date) -> int | None:
    """Days past the deadline, or None when the action is not overdue.

    A deadline is the last day of its period, so an action is overdue only from the day after
    it: "End of January 2010" is on time on 31 January and one day overdue on 1 February.
    """
    if action.due is None or as_of <= action.due or is_closed_on(action, as_of):
        return None
    return (as_of - action.due).days


def is_due_soon(action: Action, as_of: date, days: int = SOON_DAYS) -> bool:
    """Open, and its deadline falls from as_of to `days` days after it (both included)."""
    return (
        action.due is not None
        and as_of <= action.due <= as_of + timedelta(days=days)
        and not is_closed_on(action, as_of)
    )


def action_brag(action: Action, as_of: date, red_after: int = RED_AFTER_DAYS) -> str:
    """One action's BRAG colour (the JSON `brag` key); a recommendation takes its worst.

    Blue: completed or dropped. Red: overdue by more than `red_after` days. Amber: overdue by
    up to that, blocked, not started with its deadline in the next 14 days, or with its
    deadline still to be confirmed (TBC: a deadline needs agreeing). Green: otherwise.
    """
    return _brag(action, days_overdue(action, as_of), as_of, red_after)


def _brag(action: Action, late: int | None, as_of: date, red_after: int = RED_AFTER_DAYS) -> str:
    """action_brag when days_overdue is known already (a listing has just worked it out)."""
    if late is not None:
        return RED if late > red_after else AMBER
    if is_closed_on(action, as_of):
        return BLUE
    status = status_on(action, as_of)
    if status == BLOCKED or (status == NOT_STARTED and is_due_soon(action, as_of)):
        return AMBER
    if action.due_kind == DUE_TBC:
        return AMBER
    return GREEN


def is_tbc(action: Action, as_of: date) -> bool:
    """Open on `as_of`, with a deadline still to be confirmed (TBC, To be agreed)."""
    return action.due_kind == DUE_TBC and not is_closed_on(action, as_of)


def after_timescale(action: Action, rec: Recommendation, as_of: date) -> bool:
    """Open on `as_of` and planned to finish after its recommendation's own deadline (its
    timescale read from the plan's agreed day)."""
    return (rec.due is not None and action.due is not None and action.due > rec.due
            and not is_closed_on(action, as_of))


_OWNER_ON_TRACK = frozenset({GREEN, BLUE})
_LATE = frozenset({AMBER, RED})


def rag_mismatch(action: Action, brag: str) -> bool:
    """The owner rates it Green or Blue, but plantrack rates it Amber or Red: "reported on
    track but late", the disagreement a board needs to see (not the harmless reverse)."""
    return action.rag in _OWNER_ON_TRACK and brag in _LATE


def worst_brag(colours: Iterable[str]) -> str | None:
    """Red over Amber over Green over Blue; None for no actions at all."""
    ranks = [_BRAG_ORDER.index(colour) for colour in colours]
    return _BRAG_ORDER[max(ranks)] if ranks else None


# -- filters ---------------------------------------------------------------------------------
class Filters(NamedTuple):
    """What a person typed to narrow a listing. Different filters AND; repeats of one OR."""

    leads: tuple[str, ...] = ()
    boards: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    recs: tuple[str, ...] = ()
    area: str | None = None
    search: str | None = None
    where: tuple[str, ...] = ()  # `key=value` or `key` on the plan's declared fields


# `--status open` and `--status closed`: every status on one side of finishing.
OPEN_STATUSES = tuple(status for status in STATUSES if status not in CLOSED_STATUSES)
_STATUS_GROUPS = {"open": OPEN_STATUSES, "closed": (COMPLETED, DROPPED)}


class Selection(NamedTuple):
    """Filters checked against one plan: names resolved to keys, statuses to the vocabulary."""

    names: NameIndex
    lead_keys: frozenset[str] = frozenset()
    board_keys: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    rec_ids: frozenset[str] = frozenset()
    area: str | None = None
    search: str | None = None
    label: str = ""  # e.g. "lead Tracy Collins; board CAF Board", for headings
    where: tuple[tuple[str, str | None], ...] = ()  # declared field, folded value or None
    as_of: date | None = None  # statuses are as they were on this day (completed_on)

    @property
    def keeps_everything(self) -> bool:
        return not (self.rec_ids or self.statuses or self.lead_keys or self.board_keys
                    or self.area is not None or self.search is not None or self.where)

    def matches(self, action: Action, rec: Recommendation) -> bool:
        if self.rec_ids and rec.id not in self.rec_ids:
            return False
        if self.statuses:
            status = action.status if self.as_of is None else status_on(action, self.as_of)
            if status not in self.statuses:
                return False
        if self.where and not all(_has(action, key, value) for key, value in self.where):
            return False
        if self.area is not None and self.area not in (rec.area or "").casefold():
            return False
        if self.lead_keys and self.lead_keys.isdisjoint(self.names.keys_of(action, LEAD)):
            return False
        if self.board_keys and self.board_keys.isdisjoint(self.names.keys_of(action, BOARD)):
            return False
        if self.search is not None:
            haystack = f"{action.text}\n{action.note or ''}".casefold()
            if self.search not in haystack:
                return False
        return True


def _has(action: Action, key: str, value: str | None) -> bool:
    """`--where key` (present) or `--where key=value` (equal, any case; any item of a list)."""
    found = action.extra.get(key)
    if found is None:
        return False
    if value is None:
        return True
    items = (found,) if type(found) is str else found
    return any(" ".join(item.split()).casefold() == value for item in items)


def select(plan: Plan, filters: Filters, as_of: date | None = None) -> Selection:
    """Check the filters against the plan; an unknown name, status or id is a UsageError.

    With `as_of`, a status filter sees each action's status on that day."""
    names = name_index(plan)
    lead_keys = tuple(dict.fromkeys(names.resolve(typed, LEAD) for typed in filters.leads))
    board_keys = tuple(dict.fromkeys(names.resolve(typed, BOARD) for typed in filters.boards))
    groups = [_status(plan, typed) for typed in filters.statuses]
    statuses = tuple(dict.fromkeys(status for group in groups for status in group))
    where = tuple(_where(plan, typed) for typed in filters.where)
    rec_ids = tuple(dict.fromkeys(_rec_id(plan, typed) for typed in filters.recs))
    area = _text(filters.area, "--area")
    search = _text(filters.search, "--search")
    parts = [
        ("lead", [names.show(k) for k in lead_keys]),
        ("board", [names.show(k) for k in board_keys]),
        ("status", [typed.strip() if len(group) > 1 else group[0]
                    for typed, group in zip(filters.statuses, groups, strict=True)]),
        ("recommendation", list(rec_ids)),
        ("area", [f"“{filters.area.strip()}”"] if area is not None and filters.area else []),
        ("text", [f"“{filters.search.strip()}”"] if search is not None and filters.search else []),
    ]
    label = "; ".join(f"{what} {' or '.join(values)}" for what, values in parts if values)
    label = "; ".join(part for part in (label, *(typed.strip() for typed in filters.where))
                      if part)
    return Selection(names, frozenset(lead_keys), frozenset(board_keys), frozenset(statuses),
                     frozenset(rec_ids), area, search, label, where, as_of)


def _status(plan: Plan, typed: str) -> tuple[str, ...]:
    """The statuses `--status WORD` keeps: `open` and `closed` are groups."""
    folded = typed.strip().casefold()
    plan_words = plan.status_table
    if folded in _STATUS_GROUPS and folded not in plan_words:
        return _STATUS_GROUPS[folded]
    status = status_from_user(typed, plan_words)
    if status is None:
        own = f", the plan's own words ({', '.join(plan.statuses)})" if plan.statuses else ""
        raise UsageError(f"--status '{typed}' is not a status; use one of: "
                         f"{', '.join(STATUSES)}{own}, or open (not completed or dropped) or "
                         "closed (completed or dropped)")
    return (status,)


def _where(plan: Plan, typed: str) -> tuple[str, str | None]:
    """`--where priority=High` → ('priority', 'high'); `--where evidence` → ('evidence', None)."""
    key, equals, value = typed.partition("=")
    key = key.strip()
    if key not in plan.fields:
        declared = ", ".join(plan.fields) if plan.fields else "none"
        raise UsageError(f"--where '{typed}': '{key}' is not one of the plan's declared fields "
                         f"(its 'fields:' are: {declared})")
    folded = " ".join(value.split()).casefold()
    if equals and not folded:
        raise UsageError(f"--where '{typed}': give a value after '=', or just --where {key} "
                         "for actions that have it")
    return key, folded if equals else None


def _rec_id(plan: Plan, typed: str) -> str:
    wanted = typed.strip()
    if plan.recommendation(wanted) is not None:
        return wanted
    action = plan.action(wanted)
    if action is not None:  # `--rec 3.7`: an action's id where its recommendation's was meant
        raise UsageError(f"--rec '{typed}' is action {action.id}, not a recommendation; give "
                         f"--rec {action.rec_id} for its recommendation, or plantrack show "
                         f"{action.id} for the action")
    ids = ", ".join(rec.id for rec in plan.recommendations)
    raise UsageError(f"--rec '{typed}' is not a recommendation id; the plan has {ids}")


def _text(typed: str | None, option: str) -> str | None:
    if typed is None:
        return None
    folded = " ".join(typed.split()).casefold()
    if not folded:
        raise UsageError(f"{option} needs some text to look for")
    return folded


def selected(plan: Plan, selection: Selection) -> Iterator[tuple[Action, Recommendation]]:
    """The actions the selection keeps, in plan order, each with its recommendation."""
    everything = selection.keeps_everything
    for rec in plan.recommendations:
        for action in rec.actions:
            if everything or selection.matches(action, rec):
                yield action, rec


# -- listings --------------------------------------------------------------------------------
class Item(NamedTuple):
    """One action as a listing shows it: names after aliases, lateness and colour at a date."""

    action: Action
    recommendation: Recommendation
    leads: tuple[str, ...]
    boards: tuple[str, ...]
    days_overdue: int | None
    brag: str


def item(selection: Selection, action: Action, rec: Recommendation, as_of: date) -> Item:
    names = selection.names
    late = days_overdue(action, as_of)
    return Item(action, rec, names.names_of(action, LEAD), names.names_of(action, BOARD), late,
                _brag(action, late, as_of))


def matching(plan: Plan, selection: Selection, as_of: date) -> list[Item]:
    """Every action the filters keep, in plan order."""
    return [item(selection, action, rec, as_of) for action, rec in selected(plan, selection)]


def overdue(plan: Plan, selection: Selection, as_of: date) -> list[Item]:
    """Overdue actions (open, past the day after the deadline), most overdue first."""
    names_of = selection.names.names_of
    found = []
    for action, rec in selected(plan, selection):
        late = days_overdue(action, as_of)
        if late is not None:
            found.append(Item(action, rec, names_of(action, LEAD), names_of(action, BOARD), late,
                              _brag(action, late, as_of)))
    found.sort(key=lambda it: -(it.days_overdue or 0))  # stable: ties stay in plan order
    return found


def due_within(
    plan: Plan, selection: Selection, as_of: date, until: date, include_overdue: bool = False
) -> list[Item]:
    """Open actions whose deadline falls from as_of to `until` (both included), soonest first.

    Overdue actions (deadline before as_of) come too, first, only with include_overdue.
    """
    found = []
    for action, rec in selected(plan, selection):
        if action.due is None or action.due > until or is_closed_on(action, as_of):
            continue
        if action.due < as_of and not include_overdue:
            continue
        found.append(item(selection, action, rec, as_of))
    found.sort(key=lambda it: it.action.due or date.max)
    return found


# -- roll-ups --------------------------------------------------------------------------------
class NameTally(NamedTuple):
    """One lead's (or board's) actions at a date. `name` None: actions with no lead/board."""

    name: str | None
    actions: int = 0
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    completed: int = 0
    tbc: int = 0  # open, with the deadline still to be confirmed


def tally_names(plan: Plan, selection: Selection, as_of: date, kind: str) -> list[NameTally]:
    """Each lead (kind LEAD) or board (BOARD) with its counts, most overdue first.

    An action with two leads counts for both. When the selection names leads (or boards) of
    the same kind, only those names get a row; the other filters choose the actions counted.
    """
    names = selection.names
    only = selection.lead_keys if kind == LEAD else selection.board_keys
    counts: dict[str | None, list[int]] = {}
    soon_until = as_of + timedelta(days=SOON_DAYS)
    for action, _rec in selected(plan, selection):
        keys: tuple[str | None, ...] = names.keys_of(action, kind) or (None,)
        # days_overdue, is_due_soon and is_tbc, with closedness worked out once
        closed = is_closed_on(action, as_of)
        due = action.due
        row = (
            1,
            0 if closed else 1,
            1 if due is not None and not closed and as_of > due else 0,
            1 if due is not None and not closed and as_of <= due <= soon_until else 0,
            1 if closed and action.status == COMPLETED else 0,
            1 if not closed and action.due_kind == DUE_TBC else 0,
        )
        for key in keys:
            if only and key not in only:
                continue
            totals = counts.setdefault(key, [0, 0, 0, 0, 0, 0])
            for position, value in enumerate(row):
                totals[position] += value
    tallies = [
        NameTally(None if key is None else names.show(key), *values)
        for key, values in counts.items()
    ]
    tallies.sort(key=lambda t: (-t.overdue, -t.open, t.name is None, (t.name or "").casefold()))
    return tallies


class StatusTally(NamedTuple):
    """Counts by status, overdue count, % complete and BRAG for a recommendation or the plan.

    `rec_id` and `title` are None for the whole-plan line.
    """

    rec_id: str | None
    title: str | None
    counts: tuple[tuple[str, int], ...]  # (status, count) for every status, in STATUSES order
    overdue: int
    overdue_red: int  # overdue by more than red_after days
    brag: str | None
    tbc: int = 0  # open, with the deadline still to be confirmed
    due: date | None = None  # the recommendation's own deadline (its timescale)
    after_due: int = 0  # open actions planned to finish after it
    rag_mismatch: int = 0  # owner says Green or Blue, plantrack Amber or Red

    @property
    def actions(self) -> int:
        return sum(count for _, count in self.counts)

    def count(self, status: str) -> int:  # (in place of tuple.count, which means nothing here)
        return dict(self.counts)[status]

    @property
    def percent_complete(self) -> int | None:
        """Completed as a whole percentage (rounded down) of the actions not dropped."""
        countable = self.actions - self.count(DROPPED)
        if countable <= 0:
            return None
        return self.count(COMPLETED) * 100 // countable


def _status_tally(
    rec_id: str | None, title: str | None, actions: list[Action], as_of: date, red_after: int,
    rec: Recommendation | None = None,
) -> StatusTally:
    by_status = dict.fromkeys(STATUSES, 0)
    overdue_count = red = tbc = after = mismatched = 0
    colours = set()
    rec_due = rec.due if rec is not None else None
    for action in actions:
        status = action.status
        if action.completed_on is not None and status in CLOSED_STATUSES:
            status = status_on(action, as_of)  # closed after as_of: open then
        by_status[status] += 1
        late = days_overdue(action, as_of)
        if late is not None:
            overdue_count += 1
            red += late > red_after
        if action.due_kind == DUE_TBC:
            tbc += is_tbc(action, as_of)
        if rec_due is not None:
            after += after_timescale(action, rec, as_of)  # type: ignore[arg-type]
        colour = _brag(action, late, as_of, red_after)
        colours.add(colour)
        if action.rag is not None and rag_mismatch(action, colour):
            mismatched += 1
    return StatusTally(rec_id, title, tuple(by_status.items()), overdue_count, red,
                       worst_brag(colours), tbc, rec_due, after, mismatched)


def _total(rows: list[StatusTally]) -> StatusTally:
    """The whole plan's line: the rows added up (each action is in exactly one row), rather
    than every action tallied a second time."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        for status, count in row.counts:
            counts[status] += count
    return StatusTally(
        None, None, tuple(counts.items()), sum(row.overdue for row in rows),
        sum(row.overdue_red for row in rows),
        worst_brag(row.brag for row in rows if row.brag is not None),
        sum(row.tbc for row in rows), None, sum(row.after_due for row in rows),
        sum(row.rag_mismatch for row in rows),
    )


def recommendation_tally(
    rec: Recommendation, as_of: date, red_after: int = RED_AFTER_DAYS
) -> StatusTally:
    """One recommendation's line of the summary, all its actions counted (for `show`)."""
    return _status_tally(rec.id, rec.title, list(rec.actions), as_of, red_after, rec)


def summarise(
    plan: Plan, selection: Selection, as_of: date, red_after: int = RED_AFTER_DAYS
) -> tuple[list[StatusTally], StatusTally]:
    """Per recommendation (those with a selected action), then the whole plan's line."""
    chosen: dict[str, list[Action]] = {}
    for action, rec in selected(plan, selection):
        chosen.setdefault(rec.id, []).append(action)
    rows = [
        _status_tally(rec.id, rec.title, chosen[rec.id], as_of, red_after, rec)
        for rec in plan.recommendations
        if rec.id in chosen
    ]
    return rows, _total(rows)


def find(plan: Plan, wanted: str) -> Action | Recommendation:
    """The action, else the recommendation, with this id; a UsageError names close ids."""
    typed = wanted.strip()
    action = plan.action(typed)
    if action is not None:
        return action
    rec = plan.recommendation(typed)
    if rec is not None:
        return rec
    from difflib import get_close_matches

    ids = [rec.id for rec in plan.recommendations] + [a.id for a in plan.actions]
    close = get_close_matches(typed, ids, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise UsageError(
        f"no action or recommendation has id '{wanted}'{hint} ('plantrack list' shows every id)"
    )
