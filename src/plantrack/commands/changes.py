"""`plantrack changes --since WHEN [--until WHEN]`: what changed in the plan, from git.

The reading is history/changes.py's; this module resolves the filters against the plan (and
the names it had during the period), and writes the answer: a table per recommendation for
people, or one record per change for scripts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO

from plantrack.errors import UsageError
from plantrack.formats.render import (
    CSV,
    JSON,
    MARKDOWN,
    markdown_cell,
    markdown_table,
    write_lines,
    write_table,
    write_text,
)
from plantrack.history import views
from plantrack.history.changes import Period, filter_changes, period_between
from plantrack.history.diff import CHANGE_KEYS, Change
from plantrack.messages import err
from plantrack.plan.model import Plan, Recommendation
from plantrack.query import Filters, Selection, select

XLSX = "xlsx"


def names_plan(period: Period) -> Plan:
    """The plan at the end, with every version of each action seen during the period added to
    its recommendation, so that a filter can name a lead or board the plan no longer has."""
    extra: dict[str, list] = {}
    for action in period.base.actions:
        extra.setdefault(action.rec_id, []).append(action)
    for change in period.changes:
        for version in change.versions:
            extra.setdefault(version.rec_id, []).append(version)
    recs = []
    for rec in period.plan.recommendations:
        recs.append(replace(rec, actions=(*rec.actions, *extra.pop(rec.id, ()))))
    for rec_id, actions in extra.items():
        recs.append(Recommendation(rec_id, tuple(actions)))
    return replace(period.plan, recommendations=tuple(recs))


def selection_for(period: Period, filters: Filters) -> Selection:
    return select(names_plan(period), filters)


def run(*, plan: str | None, since: str, until: str | None, filters: Filters, output: str,
        output_file: str | None, today: date) -> int:
    from plantrack.formats.destination import check_output
    from plantrack.plan.load import display_path, find_plan

    if output == XLSX and not output_file:
        raise UsageError("--format xlsx writes an Excel workbook: give the file to write with "
                         "--output FILE.xlsx")
    path = find_plan(plan)
    if output_file:
        check_output(output_file, path)
    period = period_between(path, since, until, today=today, warn=err,
                            display=display_path(path))
    selection = selection_for(period, filters)
    changes = filter_changes(period, selection)
    scope = f" — {selection.label}" if selection.label else ""
    heading = "Changes " + views.span(period.since.day, period.since.commit, period.until.day,
                                      period.until.commit, period.until.working_copy) + scope
    footer = [views.tally_line(changes)]
    write_changes(output, output_file, changes, [period.plan, period.base], heading, footer)
    return 0


def write_changes(output: str, output_file: str | None, changes: Sequence[Change],
                  plans: Sequence[Plan], heading: str, footer: Sequence[str]) -> None:
    """The answer in its format, to stdout or --output; JSON, CSV and xlsx footers to stderr."""
    from plantrack.formats.destination import text_output, write_file
    from plantrack.formats.records import write_csv, write_json

    if output == XLSX:
        from plantrack.formats import xlsx

        buffer = io.BytesIO()
        xlsx.write_workbook(buffer, CHANGE_KEYS, views.records(changes), sheet="Changes",
                            heading=heading, notes=footer)
        assert output_file is not None
        write_file(Path(output_file), buffer.getvalue())
    else:
        with text_output(output_file) as out:
            if output == JSON:
                write_json(out, views.records(changes))
            elif output == CSV:
                write_csv(out, CHANGE_KEYS, views.csv_records(changes))
            elif output == MARKDOWN:
                write_text(out, markdown_groups(changes, plans, heading, footer))
                return
            else:
                write_groups(out, changes, plans, heading, footer)
                return
    for line in footer:
        err(line)


def write_groups(out: IO[str], changes: Sequence[Change], plans: Sequence[Plan], heading: str,
                 footer: Sequence[str]) -> None:
    """One table per recommendation, under the heading, the footer after the last."""
    groups = views.by_recommendation(changes, plans)
    if not groups:
        write_table(out, views.change_grid([]), heading=heading, footer=footer)
        return
    write_lines(out, [heading])  # wrapped to the window, like every table's heading
    for number, (title, members) in enumerate(groups, start=1):
        write_table(out, views.change_grid(members), heading=title,
                    footer=footer if number == len(groups) else ())


def markdown_groups(changes: Sequence[Change], plans: Sequence[Plan], heading: str,
                    footer: Sequence[str]) -> str:
    text = f"**{markdown_cell(heading)}**\n\n"
    for title, members in views.by_recommendation(changes, plans):
        text += f"#### {markdown_cell(title)}\n\n{markdown_table(views.change_grid(members))}\n"
    return text + "".join(f"{markdown_cell(line)}\n" for line in footer)
