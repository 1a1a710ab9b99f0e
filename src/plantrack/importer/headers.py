"""Header cells → plan fields, by name, without regard to case or punctuation.

Council, NHS and audit trackers name the same things many ways (`Lead officer`, `Responsible
officer`, `Owner`); the table below knows the usual ones. A column no heading here names
becomes a declared extra field (`fields:`): nothing a tracker holds is dropped. `--map
"Header=field"` overrides any of it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.errors import UsageError
from plantrack.importer.readers import CellValue, ImportUnreadable, Table, column_letter

# What a column can hold. Most are the action's keys; the others are read into them:
# `monitored` (the seed's "How will progress be monitored?") holds a board's name in some rows
# and words in others; `revised_due` moves the first deadline under `original_due`.
ID, ACTION = "id", "action"
RECOMMENDATION, RECOMMENDATION_TITLE = "recommendation", "recommendation_title"
LEAD, START, DUE, REVISED_DUE, ORIGINAL_DUE = "lead", "start", "due", "revised_due", "original_due"
STATUS, RAG, COMPLETED_ON, NOTE = "status", "rag", "completed_on", "note"
BOARD, MONITORING, MONITORED, AREA = "board", "monitoring", "monitored", "area"
SKIP = "skip"  # plantrack's own computed columns (days_overdue, brag) in its own export
TARGETS = (ID, RECOMMENDATION, RECOMMENDATION_TITLE, ACTION, LEAD, START, DUE, REVISED_DUE,
           ORIGINAL_DUE, STATUS, RAG, COMPLETED_ON, NOTE, BOARD, MONITORING, MONITORED, AREA,
           SKIP)

# Folded heading → (field, rank). Several columns for one field: the lowest rank is read, the
# next is used where it is empty (plantrack's export has `due_text` and `due`). Two columns of
# equal rank (two `Comments`) are not merged: the second becomes an extra field.
KNOWN_HEADINGS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("ref", "no", "number", "id", "action id", "action no", "action number",
                     "action ref", "ref no", "reference", "item", "item no"), (ID, 0)),
    **dict.fromkeys(("recommendation", "recommendations", "recommendation no", "rec",
                     "rec no", "finding", "findings", "issue", "area for improvement",
                     "objective"), (RECOMMENDATION, 0)),
    "recommendation title": (RECOMMENDATION_TITLE, 0),
    **dict.fromkeys(("action", "actions", "action s", "actions tasks", "action tasks", "task",
                     "tasks", "milestone", "milestones", "management action",
                     "management actions", "agreed action", "agreed management action",
                     "action required", "actions required", "what", "action to be taken"),
                    (ACTION, 0)),
    **dict.fromkeys(("lead", "leads", "lead officer", "lead officers", "lead s",
                     "responsible officer", "responsible officers", "owner", "owners",
                     "action owner", "responsible party", "responsible", "who",
                     "responsible person", "lead person"), (LEAD, 0)),
    **dict.fromkeys(("start", "start date", "starting"), (START, 0)),
    **dict.fromkeys(("due text",), (DUE, 0)),
    **dict.fromkeys(("by when", "deadline", "target date", "due date", "due", "timescale",
                     "timescales", "target", "completion date target", "original deadline",
                     "original target date", "original date", "implementation date",
                     "date due"), (DUE, 1)),
    **dict.fromkeys(("revised date", "revised deadline", "revised target date",
                     "revised due date", "revised timescale", "new deadline",
                     "revised implementation date"), (REVISED_DUE, 0)),
    "original due text": (ORIGINAL_DUE, 0),
    "original due": (ORIGINAL_DUE, 1),
    **dict.fromkeys(("status", "status of action", "progress", "current status",
                     "action status"), (STATUS, 0)),
    **dict.fromkeys(("rag", "brag", "rag status", "rag rating", "brag rating", "brag status"),
                    (RAG, 0)),
    **dict.fromkeys(("monitoring", "how will progress be monitored",
                     "monitoring arrangements", "how monitored", "monitored by",
                     "monitoring board"), (MONITORED, 0)),
    **dict.fromkeys(("board", "boards", "reporting to", "governance", "reports to"),
                    (BOARD, 0)),
    **dict.fromkeys(("update", "updates", "comments", "comment", "progress update",
                     "latest update", "note", "notes", "commentary", "progress to date",
                     "progress comments", "latest note"), (NOTE, 0)),
    **dict.fromkeys(("date completed", "completed on", "completion date", "date closed",
                     "closed on", "completed date", "actual completion date"),
                    (COMPLETED_ON, 0)),
    **dict.fromkeys(("area", "theme", "section", "workstream"), (AREA, 0)),
}
# plantrack's own export (`list --format xlsx|csv`): keys as headings. Its computed columns
# are worked out again from the plan, so they are skipped, not kept as extra fields.
EXPORT_HEADINGS: dict[str, tuple[str, int]] = {
    "leads": (LEAD, 0), "boards": (BOARD, 0), "due text": (DUE, 0), "due": (DUE, 1),
    "monitoring": (MONITORING, 0), "note": (NOTE, 0), "recommendation": (RECOMMENDATION, 0),
    "original due text": (ORIGINAL_DUE, 0), "original due": (ORIGINAL_DUE, 1),
    "rag": (RAG, 0), "status": (STATUS, 0), "recommendation title": (RECOMMENDATION_TITLE, 0),
    **dict.fromkeys(("days overdue", "brag", "days slipped", "due kind", "status text"),
                    (SKIP, 0)),
}
_EXPORT_SIGNATURE = {"due text", "days overdue", "brag"}
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(heading: str) -> str:
    """`Actions/tasks` → `actions tasks`; `How will progress be monitored?` → `how will …`."""
    return _NOT_WORD.sub(" ", heading.casefold()).strip()


def heading_field(folded: str, export: bool = False) -> tuple[str, int] | None:
    """The field a folded heading names, or None; `Status Completed / Underway` is status."""
    table = EXPORT_HEADINGS if export else KNOWN_HEADINGS
    if folded in table:
        return table[folded]
    if export:
        return KNOWN_HEADINGS.get(folded)
    if folded.startswith("status ") or folded.startswith("progress "):
        return STATUS, 1
    if folded.startswith("revised ") and folded.split()[-1] in ("date", "deadline", "due"):
        return REVISED_DUE, 1
    if folded.endswith(" s"):  # `Lead Officer(s)`: the heading it pluralises
        return heading_field(folded[:-2])
    if _numbered_recommendation(folded):  # `Finding ref`, `Recommendation number`
        return RECOMMENDATION, 0
    return None


_NUMBER_WORDS = ("no", "number", "ref", "id")


def _numbered_recommendation(folded: str) -> bool:
    """`Rec No.`, `Finding ref`: the recommendation's number, not its words."""
    words = folded.split()
    return len(words) > 1 and words[-1] in _NUMBER_WORDS and KNOWN_HEADINGS.get(
        " ".join(words[:-1]), ("", 0))[0] == RECOMMENDATION


# How the mapping describes the fields that are not plain keys.
_READ_AS = {
    SKIP: "skipped (plantrack works it out again)",
    REVISED_DUE: "due (the deadline before it goes under original_due)",
    MONITORED: "board, or monitoring where the cell is words rather than a board's name",
    RECOMMENDATION: "recommendation (rows with the same one belong together)",
    RECOMMENDATION_TITLE: "the recommendation's title",
}


@dataclass(frozen=True)
class Column:
    """One column of the sheet and what it becomes."""

    index: int  # 0-based
    heading: str  # as written
    field: str  # a TARGETS field, or an extra field's key
    rank: int = 0
    extra: bool = False  # a declared extra field (`fields:`)
    by_user: bool = False  # chosen with --map

    @property
    def letter(self) -> str:
        return column_letter(self.index + 1)

    def describe(self, fallback: bool = False) -> str:
        what = f"{self.field} (an extra field, declared under fields:)" if self.extra else \
            _READ_AS.get(self.field, self.field)
        if fallback:
            what += ", where the column before is empty"
        by = " [--map]" if self.by_user else ""
        return f'{self.letter} "{self.heading}" → {what}{by}'


@dataclass(frozen=True)
class Mapping:
    header_row: int  # 0-based index into Table.rows
    columns: tuple[Column, ...]
    export: bool  # the sheet is plantrack's own export

    def of(self, field: str) -> list[Column]:
        """The columns read into `field`, first choice first."""
        return self._by_field.get(field, [])

    @functools.cached_property
    def _by_field(self) -> dict[str, list[Column]]:  # asked for every cell of every row
        by_field: dict[str, list[Column]] = {}
        for column in sorted(self.columns, key=lambda c: (c.rank, c.index)):
            if not column.extra:
                by_field.setdefault(column.field, []).append(column)
        return by_field

    def describe(self) -> list[str]:
        """One line a column: `C "Lead officer" → lead`."""
        lines = []
        for column in self.columns:
            first = self.of(column.field)
            fallback = not column.extra and column.field != SKIP and first[0] is not column
            lines.append(column.describe(fallback))
        return lines

    @property
    def extras(self) -> list[Column]:
        return [c for c in self.columns if c.extra]


def parse_maps(maps: Sequence[str]) -> dict[str, str]:
    """`--map "Header=field"` → {folded header: field}; UsageError for a malformed one."""
    chosen: dict[str, str] = {}
    for written in maps:
        heading, sep, field = written.rpartition("=")
        field = field.strip()
        if not sep or not heading.strip() or not field:
            raise UsageError(f'--map "{written}": write it as "Header=field", e.g. '
                             '--map "Officer=lead"')
        if field not in TARGETS and not re.fullmatch(r"[a-z][a-z0-9_]*", field):
            raise UsageError(f'--map "{written}": {field!r} is not a field; use one of '
                             f'{", ".join(TARGETS)}, or a lower-case name for an extra field')
        chosen[fold(heading)] = field
    return chosen


def _text(value: CellValue) -> str:
    return value.strip() if isinstance(value, str) else ""


def header_score(row: Sequence[CellValue], maps: dict[str, str]) -> int:
    """How many cells of a row are headings we know (a header row has several)."""
    score = 0
    for value in row:
        folded = fold(_text(value))
        if folded and (folded in maps or heading_field(folded) is not None
                       or heading_field(folded, export=True) is not None):
            score += 1
    return score


def find_header(table: Table, maps: dict[str, str]) -> int:
    """The first of the top rows that names at least two known fields, one of them the action."""
    for index, row in enumerate(table.rows[:30]):
        if header_score(row, maps) < 2:
            continue
        folded = [fold(_text(v)) for v in row]
        export = set(folded) >= _EXPORT_SIGNATURE
        fields = {maps.get(f) or (heading_field(f, export) or ("", 0))[0] for f in folded}
        if ACTION in fields:
            return index
    raise ImportUnreadable(
        f"no header row found in the first 30 rows of {table.how}: plantrack looks for a row "
        "naming the action column (Action, Actions/tasks, Management action, Milestone…) and "
        "at least one other (Lead officer, By when, Status…). Rename the headings, or say "
        'which column is which with --map "Heading=action"')


def map_columns(table: Table, maps: dict[str, str]) -> Mapping:
    """Each column of the header row and the field it is read into."""
    header_row = find_header(table, maps)
    headings = [_text(v) for v in table.rows[header_row]]
    width = max(len(row) for row in table.rows)
    headings += [""] * (width - len(headings))
    folded_all = {fold(h) for h in headings}
    export = folded_all >= _EXPORT_SIGNATURE
    columns: list[Column] = []
    taken: dict[tuple[str, int], int] = {}
    extra_names: set[str] = set()
    for index, heading in enumerate(headings):
        folded = fold(heading)
        if not folded:
            if any(index < len(row) and row[index] is not None
                   for row in table.rows[header_row + 1:]):  # data under no heading: kept
                name = _extra_name(f"column {column_letter(index + 1).lower()}", extra_names)
                columns.append(Column(index, heading, name, extra=True))
            continue
        if folded in maps and maps[folded] in TARGETS:
            field, rank, by_user = maps[folded], -1, True
        elif folded in maps:
            columns.append(Column(index, heading, _extra_name(maps[folded], extra_names),
                                  extra=True, by_user=True))
            continue
        else:
            found = heading_field(folded, export)
            if found is None:
                columns.append(Column(index, heading, _extra_name(folded, extra_names),
                                      extra=True))
                continue
            (field, rank), by_user = found, False
        # A second column for a field is read only where the first is empty, and only for
        # the pairs that mean the same (plantrack's export: due_text and due); any other
        # second column (`Status` and `Status update`) is kept as an extra field.
        if field == RECOMMENDATION and not by_user and any(f == field for f, _ in taken):
            # A numbered and a worded recommendation column: the number groups the rows,
            # the words are the title (whichever comes first).
            first = taken.get((RECOMMENDATION, 0), -1)
            titled = any(f == RECOMMENDATION_TITLE for f, _ in taken) or first < 0
            if not titled and _numbered_recommendation(fold(headings[first])) != \
                    _numbered_recommendation(folded):
                if _numbered_recommendation(folded):  # the earlier column is the words
                    at = next(i for i, c in enumerate(columns) if c.index == first)
                    columns[at] = Column(first, headings[first], RECOMMENDATION_TITLE)
                    taken[(RECOMMENDATION_TITLE, 0)] = first
                    taken[(RECOMMENDATION, 0)] = index
                    columns.append(Column(index, heading, RECOMMENDATION, 0))
                else:
                    taken[(RECOMMENDATION_TITLE, 0)] = index
                    columns.append(Column(index, heading, RECOMMENDATION_TITLE, 0))
                continue
        alternative = export or field in (DUE, ORIGINAL_DUE)
        if field != SKIP and ((field, rank) in taken or (
                not alternative and any(f == field for f, _ in taken))):
            columns.append(Column(index, heading, _extra_name(folded, extra_names), extra=True,
                                  by_user=by_user))
            continue
        taken[(field, rank)] = index
        columns.append(Column(index, heading, field, rank, by_user=by_user))
    return Mapping(header_row, tuple(columns), export)


# Keys an extra field may not take: the format's own.
_RESERVED = frozenset({"id", "action", "lead", "start", "due", "original_due", "status",
                       "completed_on", "rag", "note", "board", "monitoring", "fields",
                       "statuses"})


def _extra_name(folded: str, taken: set[str]) -> str:
    """`Priority` → `priority`; `£ cost (k)` → `cost_k`; never a key the format uses."""
    base = "_".join(fold(folded).split()) or "column"
    if base[0].isdigit():
        base = f"column_{base}"
    if base in _RESERVED:
        base = f"{base}_2"
    name, n = base, 2
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name
