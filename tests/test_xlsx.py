"""formats/xlsx.py: the workbook read back with openpyxl, cell by cell."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl

from plantrack.formats.xlsx import brag_meanings, cell_value, write_workbook

KEYS = ("id", "action", "leads", "due", "due_text", "days_overdue", "brag")
RECORDS = [
    {"id": "1.10", "action": "=HYPERLINK(\"http://x\")", "leads": ["Ann Smith", "Bo Li"],
     "due": "2010-01-31", "due_text": "End of January 2010", "days_overdue": 1,
     "brag": "amber"},
    {"id": "2.1", "action": "Line one\nline two\x1b[2J", "leads": [], "due": None,
     "due_text": "Ongoing", "days_overdue": None, "brag": "blue"},
]
KEY = ("Key: Blue = every action completed or dropped; Red = an action overdue by more than "
       "30 days; Amber = late a little; Green = otherwise on track.")


def workbook() -> openpyxl.Workbook:
    out = io.BytesIO()
    write_workbook(out, KEYS, RECORDS, sheet="Actions", heading="Overdue on 1 February 2010",
                   notes=["2 of 5 open actions overdue.", KEY], brag_key=KEY)
    out.seek(0)
    return openpyxl.load_workbook(out)


def test_header_row_frozen_and_filtered() -> None:
    sheet = workbook()["Actions"]
    assert [cell.value for cell in sheet[1]] == list(KEYS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:G3"


def test_values_dates_and_numbers_are_typed() -> None:
    sheet = workbook()["Actions"]
    row = [cell.value for cell in sheet[2]]
    assert row == ["1.10", '=HYPERLINK("http://x")', "Ann Smith; Bo Li",
                   datetime(2010, 1, 31), "End of January 2010", 1, "amber"]
    assert sheet["D2"].number_format == "dd/mm/yyyy"
    assert sheet["A2"].data_type == "s"  # 1.10 stays text, never the number 1.1
    assert sheet["B2"].data_type == "s"  # never a formula
    assert [cell.value for cell in sheet[3]] == [
        "2.1", "Line one\nline two\\x1b[2J", None, None, "Ongoing", None, "blue"]


def test_text_wraps_and_columns_have_widths() -> None:
    sheet = workbook()["Actions"]
    assert sheet["B3"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert sheet.column_dimensions["E"].width == len("End of January 2010") + 2


def test_brag_cells_are_filled_in_their_colour() -> None:
    sheet = workbook()["Actions"]
    assert sheet["G2"].fill.fgColor.rgb == "00FFC000"  # amber
    assert sheet["G3"].fill.fgColor.rgb == "005B9BD5"  # blue
    assert sheet["F2"].fill.fill_type is None


def test_second_sheet_holds_the_heading_totals_and_key() -> None:
    book = workbook()
    assert book.sheetnames == ["Actions", "Key"]
    rows = list(book["Key"].iter_rows(values_only=True))
    assert rows[:2] == [("Overdue on 1 February 2010", None),
                        ("2 of 5 open actions overdue.", None)]
    assert rows[3:] == [
        ("BRAG", "Meaning"), ("Blue", "every action completed or dropped"),
        ("Red", "an action overdue by more than 30 days"), ("Amber", "late a little"),
        ("Green", "otherwise on track"),
    ]
    assert book["Key"]["A6"].fill.fgColor.rgb == "00FF0000"


def test_brag_meanings_reads_the_printed_key() -> None:
    assert brag_meanings(KEY)[0] == ("Blue", "every action completed or dropped")


def test_cell_value_keeps_text_that_only_looks_like_a_date() -> None:
    assert cell_value("due_text", "2010-01-31") == "2010-01-31"
    assert cell_value("due", "2010-02-30") == "2010-02-30"
    assert cell_value("leads", ["A", "B"]) == "A; B"
