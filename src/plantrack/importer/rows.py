"""Rows of a mapped sheet → recommendations and actions, every value tagged with its cell.

Trackers lay out recommendations three ways, and all are read: a recommendation column (rows
with the same value, or an empty merged cell, belong together); a recommendation row (a row
holding only a number and a title, as in the seed plan, `1. Ensure all new referrals…`) that
the action rows under it belong to; or an action id's prefix (`3.7` belongs to 3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from plantrack.errors import ERROR, WARNING
from plantrack.importer import headers as h
from plantrack.importer.names import NameSplitter, is_board_name
from plantrack.importer.readers import CellValue, Table

_REC_ROW = re.compile(r"^\s*(?:recommendation\s*)?(\d+(?:\.\d+)*)\s*[.):\-–]?\s+(\S.*)$",
                      re.IGNORECASE | re.DOTALL)
_REC_ID = re.compile(r"^\s*(?:recommendation|rec|r)?\s*(\d+(?:\.\d+)*)\s*[.):]?\s*$",
                     re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-•*–]\s+(\S.*)$", re.DOTALL)
_SECTION = re.compile(r"^\s*([^:]{1,40}):\s*$")  # `Success criteria:`, `Recommendation:`
_AREA_TIMESCALE = re.compile(r"^(.*?)\s+[-–]\s+((?:within|by|in)\s.+)$", re.IGNORECASE)
_RAG_WORDS = {"r": "red", "a": "amber", "g": "green", "b": "blue", "red": "red",
              "amber": "amber", "green": "green", "blue": "blue", "complete": "blue",
              "completed": "blue"}


Put = Callable[[str, "str | tuple[str, ...]", int], None]  # key, value, column index


@dataclass
class Value:
    """What one cell gives a field: its text (or names) and the cell it came from."""

    text: str | tuple[str, ...]
    ref: str


@dataclass
class Note:
    """Something the import noticed in a cell, before the plan is validated."""

    ref: str
    severity: str
    message: str
    code: str


@dataclass
class ImportedAction:
    ref: str  # the row's first cell, for problems about the action as a whole
    values: dict[str, Value] = field(default_factory=dict)  # action key → value
    extra: dict[str, Value] = field(default_factory=dict)  # extra field → value


@dataclass
class ImportedRec:
    id: str
    ref: str
    key: str = ""  # what grouped its rows (the recommendation cell as written)
    title: Value | None = None
    area: Value | None = None
    timescale: Value | None = None
    actions: list[ImportedAction] = field(default_factory=list)
    success_criteria: list[Value] = field(default_factory=list)
    measures: list[Value] = field(default_factory=list)


@dataclass
class Imported:
    recs: list[ImportedRec]
    notes: list[Note]
    statuses: list[str]  # status words as written, in order of first use
    extras: list[str]  # declared extra fields, in column order
    title: str | None = None  # the text above the first recommendation row, if any


def cell_text(value: CellValue) -> str:
    """A cell as the text a plan keeps: dates as ISO dates, 2.0 as 2, text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


class _Reader:
    def __init__(self, table: Table, mapping: h.Mapping) -> None:
        self.table = table
        self.mapping = mapping
        self.notes: list[Note] = []
        self.recs: list[ImportedRec] = []
        self.by_key: dict[str, ImportedRec] = {}
        self.statuses: dict[str, None] = {}
        self.current: ImportedRec | None = None
        self.area: Value | None = None
        self.timescale: Value | None = None
        self.splitter = NameSplitter(self._whole_names())
        # The Word layout's lists under a recommendation: `Success criteria:` then `- ` lines,
        # and after a blank line the measures (the seed has no heading for them).
        self.list_name = "success_criteria"
        self.gap_after_bullets = False
        self.last_was_bullet = False
        self.preamble: list[str] = []  # lone texts above the first recommendation row
        self.uses_rec_rows = any(
            _REC_ROW.match(texts[0]) for texts in (
                [t for t in map(cell_text, row) if t] for row in table.rows) if len(texts) == 1)

    def note(self, ref: str, message: str, code: str, severity: str = WARNING) -> None:
        self.notes.append(Note(ref, severity, message, code))

    def _whole_names(self) -> set[str]:
        """Names written alone in a lead or board cell: known names, for splitting others."""
        found: set[str] = set()
        for name in (h.LEAD, h.BOARD, h.MONITORED):
            for column in self.mapping.of(name):
                for row in self.table.rows[self.mapping.header_row + 1:]:
                    if column.index < len(row):
                        text = cell_text(row[column.index])
                        if text and not re.search(r"[/;]| and ", text):
                            found.add(text)
        return found

    # -- one row ---------------------------------------------------------------------------
    def first(self, row: list[str], field_name: str) -> tuple[str, int] | None:
        """The first non-empty cell of the columns read into `field_name`: text and column."""
        for column in self.mapping.of(field_name):
            if column.index < len(row) and row[column.index]:
                return row[column.index], column.index
        return None

    def read(self) -> Imported:
        header = self.mapping.header_row
        header_folds = [h.fold(cell_text(v)) for v in self.table.rows[header]]
        for index, raw in enumerate(self.table.rows):
            number = index + 1  # the sheet's own row number
            row = [cell_text(value) for value in raw]
            filled = [(i, text) for i, text in enumerate(row) if text]
            if not filled:
                self.gap_after_bullets = self.gap_after_bullets or self.last_was_bullet
                self.last_was_bullet = False
                continue
            if index == header or self.repeats_header(row, header_folds):
                continue
            was_bullet = self.last_was_bullet
            self.last_was_bullet = False
            if self.is_heading_row(filled, number, was_bullet):
                continue
            if index > header:  # above the header: titles and notes, not actions
                self.action_row(row, raw, number)
        self.number_actions()
        extras = [c.field for c in self.mapping.extras]
        title = self.preamble[0] if self.preamble else None
        return Imported(self.recs, self.notes, list(self.statuses), extras, title)

    def number_actions(self) -> None:
        """Ids for actions the sheet gives none: the recommendation's next free `3.N`."""
        used = {str(a.values["id"].text) for rec in self.recs for a in rec.actions
                if "id" in a.values}
        for rec in self.recs:
            n = 0
            for action in rec.actions:
                if "id" in action.values:
                    continue
                n += 1
                while f"{rec.id}.{n}" in used:
                    n += 1
                used.add(f"{rec.id}.{n}")
                action.values = {"id": Value(f"{rec.id}.{n}", action.ref), **action.values}

    def repeats_header(self, row: list[str], header_folds: list[str]) -> bool:
        """The seed repeats its header above each recommendation's actions (and varies it:
        `By when`, `By When`, `Status Completed / Underway`)."""
        return any(c.index < len(row) and h.fold(row[c.index]) == header_folds[c.index]
                   for c in self.mapping.of(h.ACTION)) and h.header_score(row, {}) >= 2

    def is_heading_row(self, filled: list[tuple[int, str]], number: int,
                       was_bullet: bool = False) -> bool:
        """A row holding one text only: a recommendation (`3. Title`), an area heading
        (`Safeguarding - within 3 months`), a list heading (`Success criteria:`) or item
        (`- All cases are risk assessed`), or a title above the first recommendation. In the
        action column, a text that is none of these stays an action (one not yet given a lead
        or a deadline)."""
        if len(filled) != 1:
            return False
        index, text = filled[0]
        ref = self.table.ref(number, index + 1)
        found = _REC_ROW.match(text)
        if found:
            self.start_rec(found.group(1), ref, Value(" ".join(found.group(2).split()), ref))
            return True
        if self.list_row(text, ref, was_bullet):
            return True
        area = _AREA_TIMESCALE.match(text)
        in_action_column = any(c.index == index for c in self.mapping.of(h.ACTION))
        if area is None and self.uses_rec_rows and not self.recs:
            self.preamble.append(" ".join(text.split()))  # the sheet's title, an appendix no.
            return True
        if in_action_column and area is None:
            return False
        self.area = Value(area.group(1) if area else text, ref)
        self.timescale = Value(area.group(2), ref) if area else None
        self.current = None  # a new area's actions wait for their recommendation row
        return True

    def list_row(self, text: str, ref: str, was_bullet: bool) -> bool:
        """`Success criteria:` / `Measures:` and the `- ` items under them."""
        section = _SECTION.match(text)
        if section:
            folded = h.fold(section.group(1))
            if folded.startswith("success"):
                self.list_name = "success_criteria"
            elif folded.startswith(("measure", "how will success", "how success")):
                self.list_name = "measures"
            return True  # `Recommendation:` and the like say nothing a plan keeps
        bullet = _BULLET.match(text)
        if bullet is None:
            return False
        rec = self.recs[-1] if self.recs else None
        if rec is None:
            self.note(ref, f"'{_short(text)}' is a list item above any recommendation; it was "
                      "left out", "item-left-out")
            return True
        if self.gap_after_bullets and not was_bullet and self.list_name == "success_criteria" \
                and rec.success_criteria:
            self.list_name = "measures"  # the seed's measures follow a blank line unheaded
        self.gap_after_bullets = False
        self.last_was_bullet = True
        getattr(rec, self.list_name).append(Value(" ".join(bullet.group(1).split()), ref))
        return True

    def start_rec(self, rec_id: str, ref: str, title: Value | None, key: str = "") -> ImportedRec:
        rec = ImportedRec(rec_id, ref, key or rec_id, title=title, area=self.area,
                          timescale=self.timescale)
        self.recs.append(rec)
        self.by_key[rec.key] = rec
        self.current = rec
        self.list_name = "success_criteria"
        self.gap_after_bullets = False
        return rec

    def rec_for(self, row: list[str], number: int, action_id: str | None) -> ImportedRec:
        found = self.first(row, h.RECOMMENDATION)
        title = self.first(row, h.RECOMMENDATION_TITLE)
        if found is not None:
            text, index = found
            if text in self.by_key:
                return self.by_key[text]
            ref = self.table.ref(number, index + 1)
            as_id = _REC_ID.match(text)
            with_title = _REC_ROW.match(text)
            if as_id:
                rec_id, title_value = as_id.group(1), None
            elif with_title:
                rec_id = with_title.group(1)
                title_value = Value(" ".join(with_title.group(2).split()), ref)
            else:
                rec_id, title_value = self.next_rec_id(), Value(text, ref)
            if title is not None:
                title_value = Value(title[0], self.table.ref(number, title[1] + 1))
            return self.start_rec(rec_id, ref, title_value, key=text)
        if self.mapping.of(h.RECOMMENDATION) and self.current is not None:
            return self.current  # an empty (merged) recommendation cell: the one above
        if self.current is not None:
            return self.current
        prefix = action_id.rsplit(".", 1)[0] if action_id and "." in action_id else None
        key = f"prefix {prefix}" if prefix else "all"
        if key in self.by_key:
            return self.by_key[key]
        rec = self.start_rec(prefix or self.next_rec_id(), self.table.ref(number, 1), None, key)
        if not self.mapping.of(h.RECOMMENDATION):
            self.current = None  # group by prefix: the next row finds its own
        return rec

    def rec_area(self, rec: ImportedRec, row: list[str], number: int) -> None:
        """An `Area` column: the recommendation's area (one per recommendation)."""
        found = self.first(row, h.AREA)
        if found is None:
            return
        text, index = found
        ref = self.table.ref(number, index + 1)
        if rec.area is None or (rec.area.text != text and not rec.actions):
            rec.area = Value(text, ref)
        elif rec.area.text != text:
            self.note(ref, f"area '{text}' differs from recommendation {rec.id}'s area "
                      f"'{rec.area.text}' (from {rec.area.ref}); a recommendation has one area, "
                      "so this one is not in the plan", "area-differs")

    def next_rec_id(self) -> str:
        used = {rec.id for rec in self.recs}
        n = len(self.recs) + 1
        while str(n) in used:
            n += 1
        return str(n)

    def action_row(self, row: list[str], raw: list[CellValue], number: int) -> None:
        got = self.first(row, h.ID)
        action_id = got[0] if got else None
        if got is not None and isinstance(raw[got[1]], float) and re.fullmatch(
                r"\d+\.\d", got[0]):  # 3.1 may have been typed 3.10: Excel keeps the number
            self.note(self.table.ref(number, got[1] + 1), f"the id {action_id} is stored as a "
                      f"number in the sheet; if it was typed {action_id}0, Excel made it "
                      f"{action_id}: check the id in the plan", "number-id")
        rec = self.rec_for(row, number, action_id)
        self.rec_area(rec, row, number)
        action = ImportedAction(self.table.ref(number, 1))
        rec.actions.append(action)

        def put(key: str, text: str | tuple[str, ...], index: int) -> None:
            action.values[key] = Value(text, self.table.ref(number, index + 1))

        if got is not None:
            put("id", action_id, got[1])
        for name in (h.ACTION, h.START, h.NOTE, h.COMPLETED_ON, h.STATUS, h.MONITORING):
            found = self.first(row, name)
            if found is not None:
                put(name, *found)
        if h.ACTION not in action.values:
            self.note(action.ref, f"row {number} has no action text; write what is to be done "
                      "in the plan", "no-action-text", ERROR)
        if h.STATUS in action.values:
            self.statuses.setdefault(str(action.values[h.STATUS].text), None)
        self.deadlines(row, put)
        self.rag(row, number, put)
        self.names(row, number, put, action)
        for column in self.mapping.extras:
            if column.index < len(row):
                text = row[column.index]
                if text:
                    action.extra[column.field] = Value(text, self.table.ref(number,
                                                                            column.index + 1))

    def deadlines(self, row: list[str], put: Put) -> None:
        """`Revised date` is the deadline now; the first one is kept under original_due."""
        due = self.first(row, h.DUE)
        revised = self.first(row, h.REVISED_DUE)
        original = self.first(row, h.ORIGINAL_DUE)
        if revised is not None:
            put("due", *revised)
            if due is not None and due[0] != revised[0]:
                put("original_due", *due)
        elif due is not None:
            put("due", *due)
        if original is not None:
            put("original_due", *original)

    def rag(self, row: list[str], number: int, put: Put) -> None:
        found = self.first(row, h.RAG)
        if found is None:
            return
        text, index = found
        word = _RAG_WORDS.get(text.casefold().strip(" ."))
        if word is None:
            self.note(self.table.ref(number, index + 1), f"'{text}' is not a RAG colour (red, "
                      "amber, green or blue); written as it is", "unknown-rag")
        put("rag", word or text, index)

    def names(self, row: list[str], number: int, put: Put,
              action: ImportedAction) -> None:
        """Leads and boards, split only where every part is a name; the rest as monitoring."""
        for key in (h.LEAD, h.BOARD):
            found = self.first(row, key)
            if found is not None:
                put(key, self.split(found, number), found[1])
        monitored = self.first(row, h.MONITORED)
        if monitored is None:
            return
        text, index = monitored
        parts = self.splitter.split(text)
        if h.BOARD not in action.values and all(is_board_name(p, self.splitter.known)
                                                for p in parts):
            put(h.BOARD, tuple(parts), index)
        elif h.MONITORING not in action.values:
            put(h.MONITORING, text, index)
        else:
            action.values[h.MONITORING].text = f"{action.values[h.MONITORING].text}; {text}"

    def split(self, found: tuple[str, int], number: int) -> tuple[str, ...]:
        text, index = found
        parts = self.splitter.split(text)
        if len(parts) == 1 and self.splitter.looks_joined(text):
            self.note(self.table.ref(number, index + 1), f"'{text}' was kept as one name: not "
                      "every part of it reads as a name. If it names several, write them as a "
                      "list in the plan", "names-not-split")
        return tuple(parts)


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def read_rows(table: Table, mapping: h.Mapping) -> Imported:
    """Group the sheet's rows into recommendations and actions."""
    return _Reader(table, mapping).read()
