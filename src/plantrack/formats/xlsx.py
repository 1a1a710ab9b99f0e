"""An answer as an Excel workbook: what a performance officer pastes into the board's tracker.

CSV opens in Excel but loses what people then add by hand every month: the header frozen,
dates that sort as dates, wrapped text, widths, BRAG cells in their colour, and the key. This
writes them, from the same (keys, records) as the CSV writer, so the columns are the documented
ones. openpyxl is imported here and only here: no other command pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import IO, Any

# Columns whose ISO text becomes an Excel date (shown day first, as UK trackers do).
DATE_KEYS = frozenset({"due", "start", "original_due", "completed_on", "agreed"})
# Columns holding a BRAG/RAG colour word, filled in that colour.
COLOUR_KEYS = frozenset({"brag", "rag"})
DATE_FORMAT = "dd/mm/yyyy"
# Fills as trackers use them (Excel's standard palette), with a font that reads on each.
COLOUR_FILLS = {
    "blue": ("5B9BD5", "FFFFFF"),
    "red": ("FF0000", "FFFFFF"),
    "amber": ("FFC000", "000000"),
    "green": ("00B050", "FFFFFF"),
}
KEY_SHEET = "Key"
_MAX_WIDTH = 60  # characters: wider text wraps
_MIN_WIDTH = 6
# Besides the controls escape.for_terminal shows, XML 1.0 forbids these two noncharacters.
_NONCHARACTERS = re.compile("[\ufffe\uffff]")
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def _visible(text: str) -> str:
    """Text as a cell shows it: controls and format characters (a right-to-left override, a
    zero-width space) as the visible escapes the terminal and CSV show, tab and newline kept.
    Not for_csv: a text cell is stored with type 's', which Excel never calculates, so a
    leading `=` needs no `'` here (tests/test_xlsx.py reads the type back)."""
    from plantrack.formats.escape import for_terminal, visible

    return _NONCHARACTERS.sub(lambda found: visible(found.group()), for_terminal(text))


def cell_value(key: str, value: Any) -> Any:
    """A record's value as a cell holds it: lists joined like the CSV, ISO dates as dates."""
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(_visible(str(entry)) for entry in value)
    if isinstance(value, str):
        if key in DATE_KEYS and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        return _visible(value)
    return value


def write_workbook(
    out: IO[bytes],
    keys: Sequence[str],
    records: Sequence[dict[str, Any]],
    *,
    sheet: str,
    heading: str = "",
    notes: Sequence[str] = (),
    brag_key: str | None = None,
) -> None:
    """The records as a sheet (header row, then one row a record), and a sheet with the key.

    Text cells are always text: a cell starting with `=` is never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    data = book.active
    data.title = _SHEET_NAME_ILLEGAL.sub("-", sheet)[:31]
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    fills = {
        word: (PatternFill("solid", fgColor=fill), Font(bold=True, color=font))
        for word, (fill, font) in COLOUR_FILLS.items()
    }
    data.append(list(keys))
    for cell in data[1]:
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = wrapped
    widths = [len(key) for key in keys]
    for row_number, record in enumerate(records, start=2):
        for column, key in enumerate(keys, start=1):
            value = cell_value(key, record.get(key))
            if value is None:
                continue
            cell = data.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.alignment = wrapped
                longest = max(map(len, value.splitlines() or [""]))
                widths[column - 1] = max(widths[column - 1], min(longest, _MAX_WIDTH))
                colour = fills.get(value.casefold()) if key in COLOUR_KEYS else None
                if colour is not None:
                    cell.fill, cell.font = colour
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
                cell.alignment = wrapped
                widths[column - 1] = max(widths[column - 1], len(DATE_FORMAT))
            else:
                widths[column - 1] = max(widths[column - 1], len(str(value)))
    for column, width in enumerate(widths, start=1):
        data.column_dimensions[get_column_letter(column)].width = max(width, _MIN_WIDTH) + 2
    data.freeze_panes = "B2"  # the header row and the id column stay in view
    if len(keys) and len(records):
        data.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(records) + 1}"
    _write_key(book.create_sheet(KEY_SHEET), heading, notes, brag_key, fills, bold, wrapped)
    book.save(out)


def _write_key(
    sheet: Any, heading: str, notes: Sequence[str], brag_key: str | None,
    fills: dict[str, Any], bold: Any, wrapped: Any,
) -> None:
    """What the first sheet is, its totals, and what each BRAG colour means."""
    if heading:
        sheet.append([_visible(heading)])
        sheet["A1"].font = bold
    for note in notes:
        if note and not note.startswith("Key:"):
            sheet.append([_visible(note)])
    if brag_key:
        sheet.append([])
        sheet.append(["BRAG", "Meaning"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for word, meaning in brag_meanings(brag_key):
            sheet.append([word, meaning])
            fill, font = fills[word.casefold()]
            colour_cell = sheet.cell(row=sheet.max_row, column=1)
            colour_cell.fill, colour_cell.font = fill, font
            sheet.cell(row=sheet.max_row, column=2).alignment = wrapped
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 80


def brag_meanings(key_text: str) -> list[tuple[str, str]]:
    """'Key: Blue = every action …; Red = …' as (colour, meaning) pairs, in the key's order."""
    body = key_text.removeprefix("Key:").strip().rstrip(".")
    pairs = []
    for part in body.split("; "):
        word, _, meaning = part.partition(" = ")
        if word.casefold() in COLOUR_FILLS and meaning:
            pairs.append((word, meaning))
    return pairs
