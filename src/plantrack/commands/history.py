"""`plantrack history ID`: one action's (or recommendation's) changes from git, oldest first,
each with its date, author and commit message, ending with how it stands now."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from plantrack.errors import UsageError
from plantrack.formats.render import long_date, short_date
from plantrack.history import views
from plantrack.history.diff import CHANGE_KEYS
from plantrack.history.item import item_changes, whole_history
from plantrack.messages import err
from plantrack.plan.model import Action, Plan, Recommendation


def action_now(plan: Plan, action: Action, today: date) -> str:
    """'On 1 February 2010: in-progress; deadline By end January 2010 (31 Jan 2010),
    overdue by 1 day; lead Tessa Bailey; board Social Care Management Team.'"""
    from plantrack import query
    from plantrack.plan.names import BOARD, LEAD, name_index

    names = name_index(plan)
    parts = [action.status]
    if action.due is not None:
        late = query.days_overdue(action, today)
        standing = f", overdue by {views.days(late)}" if late is not None else ""
        parts.append(f"deadline {action.due_text} ({short_date(action.due)}){standing}")
    elif action.due_text:
        parts.append(f"deadline {action.due_text} (no date)")
    for kind, label in ((LEAD, "lead"), (BOARD, "board")):
        shown = names.names_of(action, kind)
        if shown:
            parts.append(f"{label} {', '.join(shown)}")
    return f"On {long_date(today)}: " + "; ".join(parts) + "."


def recommendation_now(rec: Recommendation, today: date) -> str:
    from plantrack import query
    from plantrack.answers import brag_word

    tally = query.recommendation_tally(rec, today)
    counts = ", ".join(f"{count} {status}" for status, count in tally.counts if count)
    actions = f"{tally.actions} action" + ("" if tally.actions == 1 else "s")
    return (f"On {long_date(today)}: {actions}"
            f"{': ' + counts if counts else ''}; {tally.overdue} overdue; BRAG "
            f"{brag_word(tally.brag)}.")


def run(*, item_id: str, plan: str | None, output: str, output_file: str | None,
        today: date) -> int:
    from plantrack import query
    from plantrack.answers import emit
    from plantrack.formats.destination import check_output, text_output, write_file
    from plantrack.plan.load import display_path, find_plan, load_path, require_plan

    if output == "xlsx" and not output_file:
        raise UsageError("--format xlsx writes an Excel workbook: give the file to write with "
                         "--output FILE.xlsx")
    path = find_plan(plan)
    display = display_path(path)
    if output_file:
        check_output(output_file, path)
    current = require_plan(load_path(path, display))
    wanted = item_id.strip()
    story = whole_history(path, display, today=today, warn=err, need="history",
                          current=current)
    changes = item_changes(story, wanted)
    if not changes:
        query.find(current, wanted)  # an unknown id: the error names the closest ones
    action = current.action(wanted)
    rec = None if action is not None else current.recommendation(wanted)
    if action is not None:
        heading = f"History of action {wanted}: {action.text}"
        footer = [action_now(current, action, today)]
        view = views.HISTORY_VIEW
    else:
        title = rec.title if rec is not None and rec.title else ""
        heading = f"History of recommendation {wanted}" + (f": {title}" if title else "")
        footer = [recommendation_now(rec, today) if rec is not None else
                  f"On {long_date(today)}: no longer in the plan."]
        view = ("date", "id", "what", "from", "to", "by", "subject")
    if action is None and rec is None and changes and changes[-1].kind == "removed":
        footer = [f"On {long_date(today)}: no longer in the plan."]
    records = views.records(changes)
    if output == "xlsx":
        from plantrack.formats import xlsx

        buffer = io.BytesIO()
        xlsx.write_workbook(buffer, CHANGE_KEYS, records, sheet="History", heading=heading,
                            notes=footer)
        assert output_file is not None
        write_file(Path(output_file), buffer.getvalue())
        lines = footer
    else:
        with text_output(output_file) as out:
            lines = emit(out, output, grid=lambda: views.change_grid(changes, view),
                         records=lambda: records if output != "csv" else
                         views.csv_records(changes), keys=CHANGE_KEYS, heading=heading,
                         footer=footer)
    for line in lines:
        err(line)
    return 0
