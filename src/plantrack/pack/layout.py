"""The pack laid out as a document: headings, paragraphs, figures and tables, in board words.

Every word a board member reads is chosen here, once, so the Markdown, HTML and Word packs say
the same thing; a format module only draws these blocks. Written for people who never use the
command line: no command names, no option names, no code-like headings. Text from the plan is
cleaned of control characters here (Word cannot hold them, and they mean nothing on paper);
escaping for each format is the format's business.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from plantrack import query
from plantrack.formats.render import long_date, short_date
from plantrack.pack.model import (
    BLOCKED_LIST,
    OVERDUE,
    RAG,
    SLIPPED,
    TBC,
    Change,
    Line,
    Pack,
)
from plantrack.plan.model import STATUSES

TEXT, NUMBER, BRAG, ID = "text", "number", "brag", "id"  # column kinds


class Column(NamedTuple):
    header: str
    kind: str = TEXT
    width: int = 1  # relative share of the page's width


class Heading(NamedTuple):
    level: int  # 1 the title, 2 a section, 3 a part of one
    text: str


class Paragraph(NamedTuple):
    text: str


class Figures(NamedTuple):
    """Headline figures: (label, value) pairs, drawn as a row of boxes or a small table."""

    items: list[tuple[str, str]]


class Table(NamedTuple):
    columns: list[Column]
    rows: list[list[str]]  # a BRAG cell holds the colour: blue, red, amber, green (or '')
    total: list[str] | None = None  # a last row set apart (the whole of the pack's actions)


class Key(NamedTuple):
    """The BRAG key: (colour, what it means)."""

    entries: list[tuple[str, str]]


Block = Heading | Paragraph | Figures | Table | Key


class Document(NamedTuple):
    title: str
    facts: list[tuple[str, str]]  # shown under the title: for whom, when, which period
    blocks: list[Block]


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Text from the plan as it can be printed: tabs as spaces, line breaks kept, other
    control characters (which Word refuses and paper cannot show) left out."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROLS.sub("", text)


def brag_name(colour: str | None) -> str:
    return colour.capitalize() if colour else ""


def status_words(status: str) -> str:
    return status.replace("-", " ").capitalize()


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


def deadline(day: date | None, text: str | None) -> str:
    """The day a deadline means; the words as written when it means no day (Ongoing, TBC)."""
    if day is not None:
        return short_date(day)
    return clean(text) or "None set"


def days_word(days: int | None) -> str:
    return "" if days is None else str(days)


def due_in(day: date | None, as_of: date) -> str:
    if day is None:
        return ""
    days = (day - as_of).days
    return {0: "Today", 1: "Tomorrow"}.get(days, f"In {days} days")


# -- the BRAG key and how the figures were worked out -----------------------------------------
BRAG_KEY = [
    ("blue", "completed or dropped (for a recommendation: every action)"),
    ("red", f"overdue by more than {query.RED_AFTER_DAYS} days"),
    ("amber", f"overdue by up to {query.RED_AFTER_DAYS} days, blocked, not started and due "
              f"within {query.SOON_DAYS} days, or with its deadline still to be confirmed (TBC)"),
    ("green", "on track"),
]


def method(pack: Pack, with_changes: bool = True) -> str:
    """One short paragraph: how every figure in the pack was worked out."""
    meeting = pack.meeting
    history = ""
    if with_changes and pack.changes is not None:
        history = (" Changes are those recorded in the plan's history (each saved version of "
                   "the plan, with who saved it and when).")
    return (
        f"The figures are worked out from the action plan as it stood on "
        f"{long_date(meeting.as_of)}. A deadline written as a month, such as “March 2010”, "
        "means the end of that month, and an action is overdue from the day after its "
        "deadline until it is completed or dropped; open means neither. A deadline has moved "
        "when it is now later than the one first agreed: the original deadline the plan "
        "records, else the one the action had when the plan's history first shows it. Done "
        "is the share of actions completed, leaving out those dropped, rounded down. Each "
        f"recommendation takes the colour of its worst action.{history}"
    )


# -- the tables ----------------------------------------------------------------------------------
PROGRESS_COLUMNS = [
    Column("Rec", ID), Column("Recommendation", TEXT, 6), Column("Actions", NUMBER),
    *(Column(status_words(status), NUMBER) for status in STATUSES),
    Column("Overdue", NUMBER), Column("Done", NUMBER), Column("BRAG", BRAG),
]


def progress_table(pack: Pack) -> Table:
    """Always the same columns, zero counts shown, so one month's pack reads like the last."""

    def cells(row: query.StatusTally, rec_id: str, title: str) -> list[str]:
        percent = row.percent_complete
        return [rec_id, title, str(row.actions), *(str(row.count(s)) for s in STATUSES),
                str(row.overdue), "" if percent is None else f"{percent}%", row.brag or ""]

    rows = [cells(row, clean(row.rec_id), clean(row.title)) for row in pack.progress]
    return Table(PROGRESS_COLUMNS, rows, cells(pack.total, "All", "All actions in this pack"))


def _lead(line: Line) -> str:
    return "\n".join(clean(name) for name in line.leads) or "None named"


def exception_table(lines: Sequence[Line], kind: str) -> Table:
    columns = [Column("ID", ID), Column("Action", TEXT, 5), Column("Lead", TEXT, 2),
               Column("Deadline", TEXT, 2), Column("First agreed", TEXT, 2)]
    if kind == SLIPPED:
        columns.append(Column("Days moved", NUMBER))
    else:
        columns.append(Column("Days overdue", NUMBER))
    if kind == RAG:
        columns += [Column("Owner's RAG", BRAG), Column("BRAG", BRAG)]
    columns.append(Column("Latest note", TEXT, 4))
    rows = []
    for ln in lines:
        row = [ln.id, clean(ln.text), _lead(ln), deadline(ln.due, ln.due_text),
               deadline(ln.original_due, ln.original_due_text) if ln.original_due else "",
               days_word(ln.days_slipped if kind == SLIPPED else ln.days_overdue)]
        if kind == RAG:
            row += [ln.rag or "", ln.brag]
        row.append(clean(ln.note))
        rows.append(row)
    return Table(columns, rows)


def due_table(lines: Sequence[Line], as_of: date) -> Table:
    columns = [Column("ID", ID), Column("Action", TEXT, 5), Column("Lead", TEXT, 2),
               Column("Deadline", TEXT, 2), Column("Due", TEXT, 2), Column("Status", TEXT, 2),
               Column("Latest note", TEXT, 4)]
    rows = [[ln.id, clean(ln.text), _lead(ln), deadline(ln.due, ln.due_text),
             due_in(ln.due, as_of), status_words(ln.status), clean(ln.note)] for ln in lines]
    return Table(columns, rows)


def completed_table(lines: Sequence[Line]) -> Table:
    columns = [Column("ID", ID), Column("Action", TEXT, 5), Column("Lead", TEXT, 2),
               Column("Latest note", TEXT, 4)]
    return Table(columns, [[ln.id, clean(ln.text), _lead(ln), clean(ln.note)] for ln in lines])


_CHANGE_WORDS = {
    "status": "Status", "due": "Deadline", "note": "Note", "lead": "Lead", "board": "Board",
    "rag": "Owner's RAG", "added": "Action added", "removed": "Action removed",
    "became-overdue": "Became overdue", "completed": "Completed",
}


def _change_value(change: Change, value: str | None) -> str:
    if value is None:
        return ""
    if change.kind in ("status", "completed"):
        return status_words(value)
    if change.kind == "rag":
        return brag_name(value)
    if change.kind == "became-overdue":
        return f"Deadline: {clean(value)}"
    if change.kind == "due" and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return short_date(date.fromisoformat(value))
    return clean(value)


def changes_table(changes: Sequence[Change]) -> Table:
    columns = [Column("Date", TEXT, 2), Column("ID", ID), Column("What changed", TEXT, 2),
               Column("From", TEXT, 4), Column("To", TEXT, 4), Column("By", TEXT, 2)]
    rows = []
    for change in changes:
        after = _change_value(change, change.after)
        if change.kind == "due" and change.days_slipped:
            later = "later" if change.days_slipped > 0 else "earlier"
            after += f"\n({plural(abs(change.days_slipped), 'day')} {later})"
        what = _CHANGE_WORDS.get(change.kind, status_words(change.kind))
        if change.target == "recommendation":
            what = what.replace("Action", "Recommendation")
        by = "Not yet recorded" if change.uncommitted else clean(change.author)
        rows.append([short_date(change.day), change.id, what,
                     _change_value(change, change.before), after, by])
    return Table(columns, rows)


# -- the documents ----------------------------------------------------------------------------
_EXCEPTIONS = [
    (OVERDUE, "Overdue", "Open actions past their deadline, most overdue first.",
     "No action is overdue."),
    (BLOCKED_LIST, "Blocked", "Actions recorded as blocked.", "No action is blocked."),
    (TBC, "Deadline to be confirmed", "Open actions whose deadline has not been set.",
     "Every open action has a deadline or is ongoing."),
    (RAG, "Owner's rating differs", "Open actions whose owner's RAG rating is not the one "
     "worked out from the deadline and status.", "Every owner's rating agrees."),
    (SLIPPED, "Deadlines moved", "Open actions whose deadline is later than first agreed, "
     "moved furthest first.", "No open action's deadline has moved."),
]


def _audience(pack: Pack) -> list[tuple[str, str]]:
    meeting = pack.meeting
    labels = {"board": "Board", "lead": "Lead officer", "recommendation": "Recommendation"}
    if meeting.audience:
        return [(labels.get(meeting.audience_kind, "For"), clean(meeting.audience))]
    return [("Covers", "The whole plan")]


def _table_or(blocks: list[Block], table: Table, empty: str) -> None:
    blocks.append(table if table.rows else Paragraph(empty))


def board_pack(pack: Pack) -> Document:
    """The paper for one meeting: figures, progress, exceptions, what is coming, what changed."""
    meeting, figures = pack.meeting, pack.headline
    title = f"{clean(pack.plan_title)}: progress report"
    facts = [
        *_audience(pack),
        ("Meeting", long_date(meeting.as_of)),
        ("Period covered", f"{long_date(meeting.since)} to {long_date(meeting.as_of)}"),
        ("Next meeting", long_date(meeting.next_meeting)),
    ]
    blocks: list[Block] = [
        Heading(2, "Summary"),
        Figures([
            ("Open actions", str(figures.open)),
            ("Overdue", str(figures.overdue)),
            (f"Overdue by more than {query.RED_AFTER_DAYS} days", str(figures.overdue_long)),
            ("Completed since the last meeting", str(figures.completed_since)),
            ("Deadlines moved", str(figures.slipped)),
            ("Deadline to be confirmed", str(figures.tbc)),
        ]),
        Paragraph(
            f"{plural(figures.actions, 'action')} in this pack; "
            f"{plural(figures.due_soon, 'action')} due before the next meeting. "
            f"Overall rating: {brag_name(pack.total.brag) or 'none'}."
        ),
        Heading(2, "Progress by recommendation"),
    ]
    _table_or(blocks, progress_table(pack), "There are no actions to report.")
    blocks.append(Heading(2, "Exceptions"))
    for kind, heading, intro, empty in _EXCEPTIONS:
        blocks.append(Heading(3, heading))
        lines = pack.exceptions[kind]
        if lines:
            blocks += [Paragraph(intro), exception_table(lines, kind)]
        else:
            blocks.append(Paragraph(empty))
    blocks += [
        Heading(2, "Due before the next meeting"),
        Paragraph(f"Open actions due from {long_date(meeting.as_of)} to "
                  f"{long_date(meeting.next_meeting)}, soonest first."),
    ]
    _table_or(blocks, due_table(pack.due_soon, meeting.as_of),
              "No action falls due before the next meeting.")
    blocks.append(Heading(2, "Changes since the last meeting"))
    if pack.history_note:
        blocks.append(Paragraph(pack.history_note))
    if pack.changes is not None:
        blocks.append(Paragraph(
            f"What changed from {long_date(meeting.since)} to {long_date(meeting.as_of)}, "
            "oldest first, with who made each change; deadlines passed and actions completed "
            "in the period are listed too."))
        _table_or(blocks, changes_table(pack.changes),
                  "Nothing in these actions changed in the period.")
    elif pack.completed:
        blocks += [Paragraph("Completed in the period, as the plan records it:"),
                   completed_table(pack.completed)]
    blocks += [Heading(2, "About these figures"), Key(BRAG_KEY), Paragraph(method(pack))]
    return Document(title, facts, blocks)


_LEAD_PARTS = [
    (OVERDUE, "Overdue", "Nothing of yours is overdue."),
    ("due", "Due before the next meeting", "Nothing of yours falls due before the next meeting."),
    (TBC, "Deadline to be confirmed", "Every open action of yours has a deadline."),
    (SLIPPED, "Deadlines moved", "None of your open actions' deadlines has moved."),
]


def lead_pack(pack: Pack) -> Document:
    """One officer's short list: what is overdue, due soon, without a deadline, or moved."""
    meeting = pack.meeting
    title = f"Actions for {clean(meeting.audience)}"
    facts = [("Plan", clean(pack.plan_title)), ("As on", long_date(meeting.as_of)),
             ("Next meeting", long_date(meeting.next_meeting))]
    blocks: list[Block] = []
    for kind, heading, empty in _LEAD_PARTS:
        blocks.append(Heading(2, heading))
        if kind == "due":
            _table_or(blocks, due_table(pack.due_soon, meeting.as_of), empty)
        else:
            _table_or(blocks, exception_table(pack.exceptions[kind], kind), empty)
    blocks += [Heading(2, "About these figures"), Paragraph(method(pack, with_changes=False))]
    return Document(title, facts, blocks)
