"""`plantrack slipped`: actions whose deadline is later than first agreed, most slipped first.

The first agreed deadline is `original_due` where the plan has it, else the one the action
had when first committed (history/item.py). Outside git, `original_due` alone is used.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from plantrack.errors import UsageError
from plantrack.formats.render import Column, Grid, short_date
from plantrack.history.slipped import GIT, Slip, slips
from plantrack.messages import err
from plantrack.options import OutputFormat

SLIPPED_KEYS = (
    "id", "recommendation", "action", "leads", "status", "due", "due_text", "original_due",
    "original_due_text", "days_slipped", "times_moved", "days_overdue_against_original",
    "source",
)


def slip_record(slip: Slip, leads: tuple[str, ...]) -> dict[str, Any]:
    action = slip.action
    return {
        "id": action.id, "recommendation": slip.recommendation.id, "action": action.text,
        "leads": list(leads), "status": action.status,
        "due": action.due.isoformat() if action.due else None, "due_text": action.due_text,
        "original_due": slip.original.isoformat(), "original_due_text": slip.original_text,
        "days_slipped": slip.days_slipped, "times_moved": slip.times_moved,
        "days_overdue_against_original": slip.days_over_original, "source": slip.source,
    }


def _deadline(text: str | None, day: date) -> str:
    return f"{text}\n{short_date(day)}" if text else short_date(day)


def slip_grid(found: list[Slip], leads_of: Any) -> Grid:
    columns = [
        Column("ID", fixed=True), Column("Action", ratio=4), Column("Lead", ratio=2, drop_rank=2),
        Column("First agreed", fixed=True), Column("Deadline now", fixed=True),
        Column("Days slipped", fixed=True, right=True),
        Column("Times moved", fixed=True, right=True, drop_rank=1),
        Column("Days past first", fixed=True, right=True),
    ]
    rows = []
    for slip in found:
        action = slip.action
        first = _deadline(slip.original_text, slip.original)
        if slip.source == GIT:
            first += "\n(first committed)"
        rows.append([
            action.id, action.text, "\n".join(leads_of(action)) or "–", first,
            _deadline(action.due_text, action.due) if action.due else "–",
            str(slip.days_slipped),
            "–" if slip.times_moved is None else str(slip.times_moved),
            "" if slip.days_over_original is None else f"{slip.days_over_original} days",
        ])
    return Grid(columns, rows)


def run(*, plan: str | None, as_of: str | None, min_days: int, lead: list[str] | None,
        board: list[str] | None, status: list[str] | None, rec: list[str] | None,
        area: str | None, search: str | None, output: OutputFormat, json_flag: bool,
        output_file: str | None, today: date) -> int:
    """Answer the question the options ask; `today` is the real day, for reading git history."""
    from plantrack.commands.common import answer, ask
    from plantrack.plan.load import find_plan

    question = ask(plan, as_of, output, json_flag, lead, board, status, rec, area, search,
                   output_file=output_file)
    answer(question, **answer_parts(
        plan=question.plan, selection=question.selection, as_of=question.as_of,
        plan_path=find_plan(plan), min_days=min_days, today=today))
    return 0


def answer_parts(*, plan: Any, selection: Any, as_of: date, plan_path: Path, min_days: int,
                 today: date) -> dict[str, Any]:
    """What `answer` writes: the grid, the records, the heading and the footer."""
    from plantrack import query
    from plantrack.formats.render import long_date
    from plantrack.history.item import deadline_moves, whole_history
    from plantrack.plan.load import display_path
    from plantrack.plan.names import LEAD

    if min_days < 0:
        raise UsageError("--min-days must be 0 or more")
    display = display_path(plan_path)
    try:
        story = whole_history(plan_path, display, today=today, warn=err, need="slipped",
                              current=plan)
        moves = deadline_moves(story)
    except UsageError as exc:
        err(f"plantrack: note: {exc.message}. Only deadlines with 'original_due' are checked.")
        moves = None
    chosen = list(query.selected(plan, selection))
    found = slips(chosen, moves, as_of, min_days)
    leads_of = lambda action: selection.names.names_of(action, LEAD)  # noqa: E731
    dated = sum(1 for action, _ in chosen if action.due is not None)
    over = sum(1 for slip in found if slip.days_over_original is not None)
    least = max(min_days, 1)
    footer = [f"{len(found)} of {dated} actions with a deadline are later than first agreed"
              f"{f' by at least {least} days' if least > 1 else ''}; {over} of them open and "
              f"past their first agreed deadline on {long_date(as_of)}."]
    return {
        "grid": lambda: slip_grid(found, leads_of),
        "records": lambda: [slip_record(slip, leads_of(slip.action)) for slip in found],
        "keys": SLIPPED_KEYS,
        "heading": f"Deadlines later than first agreed, on {long_date(as_of)}",
        "footer": footer,
        "sheet": "Slipped",
    }
