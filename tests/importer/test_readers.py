"""importer/readers.py: xlsx through openpyxl, CSV in the encodings Excel writes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from plantrack.importer.readers import (
    ImportUnreadable,
    Table,
    column_letter,
    decode_csv,
    read_table,
)


def test_column_letters_as_excel_names_them() -> None:
    assert [column_letter(n) for n in (1, 3, 26, 27, 52, 703)] == [
        "A", "C", "Z", "AA", "AZ", "AAA"]


def test_cell_references_quote_a_sheet_name_with_spaces() -> None:
    assert Table("Actions", [], "").ref(14, 3) == "Actions!C14"
    assert Table("Action plan", [], "").ref(2, 1) == "'Action plan'!A2"


@pytest.mark.parametrize(("raw", "text", "encoding"), [
    (b"\xef\xbb\xbfRef,Note\r\n1,\xc2\xa35\r\n", "Ref,Note\r\n1,£5\r\n",
     "UTF-8 with a byte-order mark"),
    (b"Ref,Note\n1,\xc2\xa35\n", "Ref,Note\n1,£5\n", "UTF-8"),
    (b"Ref,Note\r\n1,\xa35 Officer\x92s\r\n", "Ref,Note\r\n1,£5 Officer’s\r\n", "Windows-1252"),
])
def test_csv_encodings_are_detected_and_named(raw: bytes, text: str, encoding: str) -> None:
    assert decode_csv(raw) == (text, encoding)


def test_bytes_neither_utf8_nor_windows_1252_are_unreadable() -> None:
    with pytest.raises(ImportUnreadable, match="neither UTF-8 nor Windows-1252"):
        decode_csv(b"Ref\n\x81\n")


def test_csv_rows_empty_cells_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("Ref;Action;Lead\r\n1.1;Do it;\r\n\r\n".encode("cp1252"))
    table = read_table(path)
    assert table.rows == [["Ref", "Action", "Lead"], ["1.1", "Do it", None]]
    assert table.how == "t.csv (UTF-8)"


def test_xlsx_first_sheet_or_the_one_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    book.active.append(["Nothing here"])
    sheet = book.create_sheet("Actions")
    sheet.append(["Ref", "Target date", "Count"])
    sheet.append(["1.10", datetime(2010, 3, 31), 3])
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert read_table(path).name == "Cover"
    table = read_table(path, "Actions")
    assert table.rows[1] == ["1.10", date(2010, 3, 31), 3]
    assert table.how == 'sheet "Actions" of t.xlsx'
    with pytest.raises(ImportUnreadable, match="has no sheet 'Plan'; its sheets: Cover, Actions"):
        read_table(path, "Plan")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("t.xlsx", b"not a zip", "cannot read t.xlsx as an Excel workbook"),
    ("t.xls", b"", "old-style Excel file"),
    ("t.pdf", b"", "plantrack imports .xlsx and .csv files"),
    ("t.csv", b"a\0b", "holds binary data"),
])
def test_unreadable_files_say_what_to_do(tmp_path: Path, name: str, data: bytes,
                                         message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportUnreadable, match=message) as caught:
        read_table(path)
    assert caught.value.exit_code == 2


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ImportUnreadable, match="no such file"):
        read_table(tmp_path / "nope.csv")
