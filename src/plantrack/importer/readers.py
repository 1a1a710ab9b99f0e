"""Spreadsheet files → a Table of cell values, with the reference of every cell.

xlsx is read by openpyxl (never by unzipping it ourselves); CSV as Excel writes it on a UK
Windows machine: UTF-8 with or without a byte-order mark, or Windows-1252 (where `£` is one
byte, 0xA3, and a curly apostrophe 0x92). The encoding found is reported, because a wrong
guess shows only as odd characters much later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from plantrack.errors import PlantrackError

CellValue = str | int | float | date | None
UTF8_BOM = b"\xef\xbb\xbf"


class ImportUnreadable(PlantrackError):
    """The spreadsheet cannot be read at all (missing, not xlsx or CSV, damaged): exit 2."""

    exit_code = 2


@dataclass(frozen=True)
class Table:
    """One sheet's cells, row by row (row 1 first), and how the file was read."""

    name: str  # the sheet's name (a CSV's is its file name without .csv): before '!'
    rows: list[list[CellValue]]
    how: str  # 'sheet "Actions" of tracker.xlsx', 'tracker.csv (Windows-1252)'

    def ref(self, row: int, column: int) -> str:
        """The reference a spreadsheet user knows: `Actions!C14` (row and column 1-based)."""
        sheet = self.name if self.name.replace("_", "").isalnum() else f"'{self.name}'"
        return f"{sheet}!{column_letter(column)}{row}"


def column_letter(column: int) -> str:
    """1 → A, 27 → AA, as Excel names columns."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The first sheet (or `sheet`) of an .xlsx, or a .csv; ImportUnreadable otherwise."""
    suffix = path.suffix.casefold()
    if not path.is_file():
        raise ImportUnreadable(f"cannot read {path}: no such file")
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet)
    if suffix in (".csv", ".txt"):
        if sheet is not None:
            raise ImportUnreadable(f"--sheet is for Excel workbooks; {path.name} is a CSV file")
        return read_csv(path)
    if suffix == ".xls":
        raise ImportUnreadable(f"{path.name} is an old-style Excel file (.xls); open it in Excel "
                               "and save it as an Excel Workbook (.xlsx), then import that")
    raise ImportUnreadable(f"{path.name}: plantrack imports .xlsx and .csv files; save the "
                           "tracker in one of those")


def read_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportUnreadable(f"cannot read {path.name} as an Excel workbook ({exc}); open it "
                               "in Excel and save it again as .xlsx") from None
    try:
        if sheet is None:
            chosen = book.worksheets[0]
        elif sheet in book.sheetnames:
            chosen = book[sheet]
        else:
            raise ImportUnreadable(f"{path.name} has no sheet '{sheet}'; its sheets: "
                                   f"{', '.join(book.sheetnames)}")
        rows = [[_xlsx_value(value) for value in row]
                for row in chosen.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return Table(chosen.title, rows, f'sheet "{chosen.title}" of {path.name}')


def _xlsx_value(value: object) -> CellValue:
    """A cell as its value: a date cell as a date (a time of day dropped only at midnight)."""
    if isinstance(value, datetime):  # a deadline is a day: a time of day has no place in it
        return value.date()
    if isinstance(value, (date, str, int, float)) or value is None:
        return value  # bool is an int: written as True/False below
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was in: UTF-8 (with a BOM), or Windows-1252."""
    if raw.startswith(UTF8_BOM):
        try:
            return raw[len(UTF8_BOM):].decode("utf-8"), "UTF-8 with a byte-order mark"
        except UnicodeDecodeError as exc:
            raise ImportUnreadable(f"the file starts as UTF-8 but byte {exc.start} is not "
                                   "UTF-8; save it again from Excel as CSV UTF-8") from None
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise ImportUnreadable(f"byte {exc.start} is neither UTF-8 nor Windows-1252 text; save "
                               "the file from Excel as 'CSV UTF-8'") from None


def read_csv(path: Path) -> Table:
    import csv
    import io

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportUnreadable(f"cannot read {path.name}: {exc.strerror or exc}") from None
    if b"\0" in raw[:4096]:
        raise ImportUnreadable(f"{path.name} is not a CSV text file (it holds binary data)")
    text, encoding = decode_csv(raw)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows: list[list[CellValue]] = [[cell if cell.strip() else None for cell in row]
                                       for row in reader]
    except csv.Error as exc:
        raise ImportUnreadable(f"cannot read {path.name} as CSV: {exc}") from None
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    # Excel names the one sheet of a CSV it opens after the file: `tracker!C14`.
    return Table(path.stem, rows, f"{path.name} ({encoding})")


def _delimiter(text: str) -> str:
    """`,`, or `;` (Excel's choice where the decimal mark is a comma), or a tab: whichever the
    header line holds most of."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)
