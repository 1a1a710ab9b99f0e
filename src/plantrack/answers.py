"""What each answer shows: the documented JSON/CSV keys, the table columns, headings and keys.

Queries (query.py) decide which actions; render.py knows how to write a format; this module
maps one onto the other. The JSON and CSV keys here are a public interface, documented in
docs/output-formats.md: add keys at the end, never rename or reorder them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import IO, Any

from plantrack.formats.records import write_csv, write_json
from plantrack.formats.render import (
    CSV,
    FIXED_CAP,
    JSON,
    MARKDOWN,
    Column,
    Grid,
    long_date,
    markdown_cell,
    progress_bar,
    short_date,
    write_markdown,
    write_table,
)
from plantrack.plan.model import DUE_TBC, STATUSES, Action, Recommendation
from plantrack.query import (
    AMBER,
    BLUE,
    GREEN,
    RED,
    SOON_DAYS,
    Item,
    NameTally,
    StatusTally,
    after_timescale,
    is_closed_on,
    is_tbc,
    rag_mismatch,
)

# The JSON object (and CSV columns) for one action, in this order; the plan's declared extra
# fields (`fields:`) follow, in their declared order (action_keys).
ACTION_KEYS = (
    "id", "recommendation", "action", "leads", "boards", "due", "due_text", "start", "status",
    "note", "monitoring", "days_overdue", "brag", "original_due", "original_due_text",
    "days_slipped", "due_kind", "status_text", "rag", "completed_on",
)
NAME_KEYS = ("name", "actions", "open", "overdue", "due_next_14_days", "completed",
             "deadline_tbc")
# The recommendation's own deadline (its timescale from the plan's agreed day), and how many
# open actions are planned to finish after it.
_TIMESCALE_KEYS = ("timescale_due", "planned_after_timescale")
SUMMARY_KEYS = ("id", "title", "actions", "counts", "overdue", "percent_complete", "brag",
                "deadline_tbc", *_TIMESCALE_KEYS, "rag_mismatch")
SUMMARY_CSV_KEYS = ("id", "title", "actions", *STATUSES, "overdue", "percent_complete", "brag",
                    "deadline_tbc", *_TIMESCALE_KEYS, "rag_mismatch")
RECOMMENDATION_KEYS = (
    "id", "title", "area", "timescale", "success_criteria", "measures", "percent_complete",
    "brag", "actions", "timescale_due",
)

# Which columns each action listing shows in a table and in Markdown.
OVERDUE_VIEW = ("id", "action", "lead", "deadline", "days_overdue", "status", "board", "note")
DUE_VIEW = ("id", "action", "lead", "deadline", "due_in", "status", "board", "note")
LIST_VIEW = ("id", "action", "lead", "deadline", "status", "brag", "board", "note")

_BRAG_STYLE = {BLUE: "bold blue", RED: "bold red", AMBER: "bold yellow", GREEN: "bold green"}


def brag_word(colour: str | None) -> str:
    return colour.capitalize() if colour else "–"


def brag_key(red_after: int) -> str:
    """The key printed under every BRAG table: colours mean different things in each body."""
    return (
        "Key: Blue = every action completed or dropped; "
        f"Red = an action overdue by more than {red_after} days; "
        f"Amber = an action overdue by up to {red_after} days, blocked, "
        f"not started and due within {SOON_DAYS} days, or with its deadline still to be "
        "confirmed (TBC); Green = otherwise on track."
    )


# -- records: JSON objects and CSV rows --------------------------------------------------------
def action_keys(fields: Sequence[str] = ()) -> tuple[str, ...]:
    """The keys of action_record for a plan declaring these extra fields."""
    return (*ACTION_KEYS, *fields)


def action_record(it: Item, fields: Sequence[str] = ()) -> dict[str, Any]:
    """The documented object for one action: ISO dates, lists of names, null when absent.

    `fields` are the plan's declared extra keys: every record has each of them (null where
    the action has none), so the records of one answer share their keys."""
    action = it.action
    record = {
        "id": action.id,
        "recommendation": it.recommendation.id,
        "action": action.text,
        "leads": list(it.leads),
        "boards": list(it.boards),
        "due": action.due.isoformat() if action.due else None,
        "due_text": action.due_text,
        "start": action.start.isoformat() if action.start else None,
        "status": action.status,
        "note": action.note,
        "monitoring": action.monitoring,
        "days_overdue": it.days_overdue,
        "brag": it.brag,
        "original_due": action.original_due.isoformat() if action.original_due else None,
        "original_due_text": action.original_due_text,
        "days_slipped": action.days_slipped,
        "due_kind": action.due_kind,
        "status_text": action.status_text or action.status,
        "rag": action.rag,
        "completed_on": action.completed_on.isoformat() if action.completed_on else None,
    }
    extra = action.extra
    for key in fields:
        value = extra.get(key)
        record[key] = list(value) if type(value) is tuple else value
    return record


def name_record(tally: NameTally) -> dict[str, Any]:
    return {
        "name": tally.name,
        "actions": tally.actions,
        "open": tally.open,
        "overdue": tally.overdue,
        "due_next_14_days": tally.due_soon,
        "completed": tally.completed,
        "deadline_tbc": tally.tbc,
    }


def summary_record(row: StatusTally) -> dict[str, Any]:
    return {
        "id": row.rec_id,
        "title": row.title,
        "actions": row.actions,
        "counts": dict(row.counts),
        "overdue": row.overdue,
        "percent_complete": row.percent_complete,
        "brag": row.brag,
        "deadline_tbc": row.tbc,
        "timescale_due": row.due.isoformat() if row.due else None,
        "planned_after_timescale": row.after_due,
        "rag_mismatch": row.rag_mismatch,
    }


def summary_csv_record(row: StatusTally) -> dict[str, Any]:
    """A summary row flattened for a spreadsheet: one column per status."""
    record = summary_record(row)
    counts = record.pop("counts")
    return {key: record[key] if key in record else counts[key] for key in SUMMARY_CSV_KEYS}


def recommendation_record(
    rec: Recommendation, tally: StatusTally, items: Sequence[Item], fields: Sequence[str] = ()
) -> dict[str, Any]:
    """`show REC --json`: the recommendation's text, then its actions as action objects."""
    return {
        "id": rec.id,
        "title": rec.title,
        "area": rec.area,
        "timescale": rec.timescale,
        "success_criteria": list(rec.success_criteria),
        "measures": list(rec.measures),
        "percent_complete": tally.percent_complete,
        "brag": tally.brag,
        "actions": [action_record(it, fields) for it in items],
        "timescale_due": rec.due.isoformat() if rec.due else None,
    }


# -- grids: what a person reads --------------------------------------------------------------
def _days_style(text: str) -> str | None:
    return "red" if text.isdigit() and int(text) > 30 else None


def _brag_style(text: str) -> str | None:
    return _BRAG_STYLE.get(text.split(maxsplit=1)[0].casefold() if text else "")


_ACTION_COLUMNS = {
    "id": Column("ID", fixed=True),
    "action": Column("Action", ratio=4),
    "lead": Column("Lead", ratio=2),  # never left out: the person to chase
    "deadline": Column("Deadline", fixed=True, cap=FIXED_CAP),
    "days_overdue": Column("Days overdue", fixed=True, right=True, style=_days_style),
    "due_in": Column("Due in", fixed=True),
    "status": Column("Status", fixed=True),
    "brag": Column("BRAG", fixed=True, style=_brag_style),
    "board": Column("Board", ratio=2, drop_rank=1),
    "note": Column("Latest note", ratio=2, optional=True, drop_rank=2),
}


def deadline_cell(action: Action) -> str:
    """The deadline as written (and the one it moved from), then the day it means; 'Ongoing'
    means no deadline, 'TBC' one still to be agreed."""
    if action.due_text is None:
        return "–"
    written = "TBC" if action.due_kind == DUE_TBC else action.due_text
    if action.original_due_text is not None:
        slipped = action.days_slipped
        moved = "" if slipped is None else f"; {slipped:+d} day{'' if abs(slipped) == 1 else 's'}"
        written = f"{written} (was {action.original_due_text}{moved})"
    if action.due_kind == DUE_TBC:
        return written
    if action.due is None:
        return f"{written}\n(no deadline)"
    return f"{written}\n{short_date(action.due)}"


def due_in(action: Action, as_of: date) -> str:
    """'today', 'tomorrow', '9 days', '3 days late': how far off the deadline is."""
    if action.due is None:
        return "–"
    days = (action.due - as_of).days
    if days < 0:
        return "1 day late" if days == -1 else f"{-days} days late"
    return {0: "today", 1: "tomorrow"}.get(days, f"{days} days")


_CELLS: dict[str, Callable[[Item, date], str]] = {
    "id": lambda it, _: it.action.id,
    "action": lambda it, _: it.action.text,
    "lead": lambda it, _: "\n".join(it.leads) or "–",
    "board": lambda it, _: "\n".join(it.boards) or "–",
    "deadline": lambda it, _: deadline_cell(it.action),
    "days_overdue": lambda it, _: "" if it.days_overdue is None else str(it.days_overdue),
    "due_in": lambda it, as_of: due_in(it.action, as_of),
    "status": lambda it, _: it.action.status_label,
    "brag": lambda it, _: brag_cell(it),
    "note": lambda it, _: it.action.note or "",
}


def brag_cell(it: Item) -> str:
    """plantrack's colour; where the owner's own RAG says on track but it is late, both."""
    colour = brag_word(it.brag)
    if it.action.rag is not None and rag_mismatch(it.action, it.brag):
        return f"{colour}\n(owner: {brag_word(it.action.rag)})"
    return colour


def action_grid(items: Sequence[Item], view: Sequence[str], as_of: date) -> Grid:
    """The listing's columns; a key that is no standard column is a declared field."""
    cells = [_CELLS.get(key) or _extra_cell(key) for key in view]
    return Grid([_ACTION_COLUMNS.get(key) or _extra_column(key) for key in view],
                [[cell(it, as_of) for cell in cells] for it in items])


def _extra_column(key: str) -> Column:
    return Column(key.replace("_", " ").capitalize(), ratio=2, optional=True)


def extra_text(value: str | tuple[str, ...] | None) -> str:
    """A declared field's value for a cell: a list one item to a line."""
    if value is None:
        return ""
    return value if type(value) is str else "\n".join(value)


def _extra_cell(key: str) -> Callable[[Item, date], str]:
    return lambda it, _: extra_text(it.action.extra.get(key))


def name_grid(tallies: Sequence[NameTally], kind: str) -> Grid:
    nobody = "(no lead)" if kind == "lead" else "(no board)"
    tbc = any(t.tbc for t in tallies)  # the column only when a deadline is to be confirmed
    headers = ("Actions", "Open", "Overdue", f"Due in {SOON_DAYS} days", "Completed")
    columns = [Column(kind.capitalize(), ratio=3)] + [
        Column(header, fixed=True, right=True) for header in headers + ("TBC",) * tbc
    ]
    rows = [
        [t.name or nobody, *(str(n) for n in (t.actions, t.open, t.overdue, t.due_soon,
                                              t.completed, *(t.tbc,) * tbc))]
        for t in tallies
    ]
    return Grid(columns, rows, lines=False)


WHOLE_PLAN = "Whole plan"
FILTERED_TOTAL = "Total shown"  # the totals line when filters leave out some actions


def summary_grid(
    rows: Sequence[StatusTally], total: StatusTally, ascii_only: bool = False,
    total_label: str = WHOLE_PLAN,
) -> Grid:
    """Per recommendation, then the total line. Statuses no action has are left out, and so
    are the TBC and timescale columns when no action has a deadline to confirm and no
    recommendation a deadline of its own."""
    shown = [status for status in STATUSES if total.count(status)]
    tbc = total.tbc > 0
    timescale = any(row.due is not None for row in rows)
    columns = [Column("Rec", fixed=True), Column("Title", ratio=4, drop_rank=1)]
    columns += [Column(s.replace("-", " ").capitalize(), fixed=True, right=True) for s in shown]
    columns += [Column("Overdue", fixed=True, right=True)]
    columns += [Column("TBC", fixed=True, right=True)] * tbc
    columns += [Column("Rec due", fixed=True), Column("After", fixed=True, right=True)] * timescale
    columns += [
        Column("Done", fixed=True, right=True),
        Column("Progress", fixed=True),
        Column("BRAG", fixed=True, style=_brag_style),
    ]
    mismatch = total.rag_mismatch > 0  # a column only when an owner's RAG disagrees
    if mismatch:
        columns.append(Column("Owner G/B, late", fixed=True, right=True))

    def cells(row: StatusTally, rec_id: str, title: str) -> list[str]:
        percent = row.percent_complete
        rec_due = [short_date(row.due) if row.due else "–", str(row.after_due)] * timescale
        return [
            rec_id, title, *(str(row.count(status)) for status in shown), str(row.overdue),
            *[str(row.tbc)] * tbc, *rec_due,
            "–" if percent is None else f"{percent}%", progress_bar(percent, ascii_only=ascii_only),
            brag_word(row.brag), *([str(row.rag_mismatch or "")] if mismatch else []),
        ]

    return Grid(columns, [cells(row, row.rec_id or "", row.title or "") for row in rows],
                total=cells(total, "All", total_label))


def plan_line(total: StatusTally, red_after: int, label: str = WHOLE_PLAN) -> str:
    """The plan-level line under the summary: the totals a board reads first."""
    percent = total.percent_complete
    done = "" if percent is None else f" ({percent}% of those not dropped)"
    tbc = f"; {total.tbc} with the deadline still to be confirmed" if total.tbc else ""
    after = (f"; {total.after_due} planned to finish after their recommendation's timescale"
             if total.after_due else "")
    return (
        f"{label}: {total.actions} actions; {total.count('completed')} completed{done}, "
        f"{total.count('dropped')} dropped; {total.overdue} overdue, {total.overdue_red} of "
        f"them by more than {red_after} days{tbc}{after}; rating {brag_word(total.brag)}."
        + (f" {total.rag_mismatch} rated Green or Blue by their owners are Amber or Red here "
           "('plantrack list --rag-mismatch' lists them)." if total.rag_mismatch else "")
    )


def detail_rows(it: Item, as_of: date) -> list[tuple[str, str]]:
    """`show ID`: every field of one action, labelled, in the plan's key order."""
    action = it.action
    rec = it.recommendation
    if it.days_overdue is not None:
        standing = f"overdue by {it.days_overdue} day{'s' if it.days_overdue != 1 else ''}"
    elif is_closed_on(action, as_of):
        standing = "closed"
    elif action.due_kind == DUE_TBC:
        standing = "deadline to be confirmed"
    elif action.due is None:
        standing = "no deadline"
    else:
        days = (action.due - as_of).days
        standing = {0: "due today", 1: "due tomorrow"}.get(days, f"due in {days} days")
    if after_timescale(action, rec, as_of) and rec.due is not None:
        standing += (f"; planned to finish after the recommendation's timescale "
                     f"({rec.timescale}: {short_date(rec.due)})")
    start = "–"
    if action.start is not None:
        start = short_date(action.start)
        start = f"{action.start_text} ({start})" if action.start_text else start
    status = action.status_label
    if action.completed_on is not None:
        status += f", on {short_date(action.completed_on)}"
    owner = brag_word(action.rag) if action.rag else "–"
    if action.rag is not None and rag_mismatch(action, it.brag):
        owner += (f" — but plantrack rates it {brag_word(it.brag)}: reported on track, "
                  "yet late or blocked")
    extra = [(key.replace("_", " ").capitalize(), extra_text(value).replace("\n", "; "))
             for key, value in action.extra.items()]
    return [
        ("Recommendation", f"{rec.id}: {rec.title}" if rec.title else rec.id),
        ("Action", action.text),
        ("Lead", ", ".join(it.leads) or "–"),
        ("Start", start),
        ("Deadline", deadline_cell(action).replace("\n", " → ")),
        ("Status", status),
        (f"On {long_date(as_of)}", f"{standing}; BRAG {brag_word(it.brag)}"),
        ("Owner's RAG", owner),
        ("Latest note", action.note or "–"),
        ("Board", ", ".join(it.boards) or "–"),
        ("Monitoring", action.monitoring or "–"),
        *extra,
    ]


def recommendation_lines(
    rec: Recommendation, tally: StatusTally, as_of: date = date.max
) -> list[str]:
    """`show ID` for a recommendation: heading, area, criteria, measures and progress, and
    which actions are planned after its timescale or still to have a deadline agreed (those
    open on `as_of`; by default as the plan stands)."""
    lines = [f"Recommendation {rec.id}: {rec.title or ''}".rstrip()]
    timescale = rec.timescale
    if timescale and rec.due is not None:
        timescale = f"{timescale} (due {long_date(rec.due)})"
    facts = [f"{label}: {value}" for label, value in
             (("Area", rec.area), ("Timescale", timescale)) if value]
    if facts:
        lines.append("; ".join(facts))
    for label, entries in (("Success criteria", rec.success_criteria),
                           ("Measures", rec.measures)):
        if entries:
            lines.append(f"{label}:")
            lines.extend(f"  • {entry}" for entry in entries)
    percent = tally.percent_complete
    lines.append(
        f"Progress: {tally.count('completed')} of {tally.actions} actions completed"
        f"{'' if percent is None else f' ({percent}%)'}, {tally.overdue} overdue; "
        f"BRAG {brag_word(tally.brag)}"
    )
    late = [action.id for action in rec.actions if after_timescale(action, rec, as_of)]
    if late:
        lines.append(f"Planned to finish after the recommendation's timescale: {', '.join(late)}")
    tbc = [action.id for action in rec.actions if is_tbc(action, as_of)]
    if tbc:
        lines.append(f"Deadline still to be confirmed: {', '.join(tbc)}")
    return lines


def recommendation_markdown(lines: Sequence[str]) -> str:
    """recommendation_lines as Markdown: a heading, paragraphs, bullet lists."""
    head, *rest = lines
    text = f"### {markdown_cell(head)}\n"
    for line in rest:  # each a line of its own: plan text cannot start a block (markdown_cell)
        if line.startswith("  • "):
            text += f"- {markdown_cell(line[4:])}\n"
        else:
            text += f"\n{markdown_cell(line)}\n"
    return text + "\n"


def emit(
    out: IO[str],
    fmt: str,
    *,
    grid: Callable[[], Grid],
    records: Callable[[], list[dict[str, Any]]],
    keys: Sequence[str],
    heading: str = "",
    footer: Sequence[str] = (),
) -> list[str]:
    """Write one answer in `fmt`. A table or Markdown carries the footer under it; JSON and CSV
    do not (stdout stays pure data for scripts), so the footer is returned for stderr.
    """
    if fmt == JSON:
        write_json(out, records())
        return list(footer)
    if fmt == CSV:
        write_csv(out, keys, records())
        return list(footer)
    if fmt == MARKDOWN:
        write_markdown(out, grid(), *footer, heading=heading)
    else:
        write_table(out, grid(), heading=heading, footer=footer)
    return []



def show_action(
    out: IO[str], fmt: str, it: Item, as_of: date, fields: Sequence[str] = ()
) -> None:
    """`show 3.7`: every field of the action; JSON adds the recommendation's title."""
    from plantrack.formats.render import markdown_details, write_details, write_text

    heading = f"Action {it.action.id}"
    if fmt == JSON:
        write_json(out, {**action_record(it, fields),
                         "recommendation_title": it.recommendation.title})
    elif fmt == CSV:
        write_csv(out, action_keys(fields), [action_record(it, fields)])
    elif fmt == MARKDOWN:
        write_text(out, markdown_details(heading, detail_rows(it, as_of)))
    else:
        write_details(out, heading, detail_rows(it, as_of))


def show_recommendation(
    out: IO[str], fmt: str, rec: Recommendation, tally: StatusTally, items: Sequence[Item],
    as_of: date, fields: Sequence[str] = (),
) -> None:
    """`show 3`: the recommendation's text and progress, then its actions (CSV: the actions)."""
    from plantrack.formats.render import write_lines, write_text

    if fmt == JSON:
        write_json(out, recommendation_record(rec, tally, items, fields))
        return
    lines = recommendation_lines(rec, tally, as_of)
    if fmt == MARKDOWN:
        write_text(out, recommendation_markdown(lines))
    elif fmt != CSV:
        write_lines(out, lines)
    emit(out, fmt, grid=lambda: action_grid(items, LIST_VIEW, as_of),
         records=lambda: [action_record(it, fields) for it in items], keys=action_keys(fields))
