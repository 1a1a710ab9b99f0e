"""formats/xlsx.py: the workbook read back with openpyxl, cell by cell."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl

from plantrack.formats.xlsx import KEY_SHEET, brag_meanings, cell_value, write_workbook

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


def test_format_and_control_characters_are_visible_escapes_as_in_csv() -> None:
    """A right-to-left override, zero-width characters, DEL and C1 controls are legal XML, so
    only dropping what XML forbids let them into the workbook raw; they are escaped as the
    terminal and CSV show them. Tab and newline stay (a cell may hold lines)."""
    hostile = "pay\u202eLIAM\u200b\u200d\ufeff\x7f\x85\x9b2J\u2028end\tcol\nnext\ufffe"
    out = io.BytesIO()
    write_workbook(out, ("id", "action", "leads"),
                   [{"id": "1\u200b", "action": hostile, "leads": ["Ann\u202e", "Bo"]}],
                   sheet="Actions", heading="Overdue\u202e", notes=["note\x1b]0;x\x07"])
    out.seek(0)
    book = openpyxl.load_workbook(out)
    sheet = book["Actions"]
    assert [cell.value for cell in sheet[2]] == [
        "1\\u200b",
        "pay\\u202eLIAM\\u200b\\u200d\\ufeff\\x7f\\x85\\x9b2J\\u2028end\tcol\nnext\\ufffe",
        "Ann\\u202e; Bo"]
    assert [row[0].value for row in book[KEY_SHEET].iter_rows()] == [
        "Overdue\\u202e", "note\\x1b]0;x\\x07"]


def test_text_that_excel_would_run_is_stored_as_text_not_neutralised() -> None:
    """CSV needs a leading ' (a CSV cell has no type); an xlsx text cell has one: a cell of
    type 's' is shown as written and never calculated, so the text keeps no ' prefix."""
    texts = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
             "\t=1", "=1+1"]
    out = io.BytesIO()
    write_workbook(out, ("id", "action"), [{"id": "1", "action": text} for text in texts],
                   sheet="Actions")
    out.seek(0)
    sheet = openpyxl.load_workbook(out)["Actions"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == texts
    assert {cell.data_type for cell in cells} == {"s"}
    out.seek(0)
    with zipfile.ZipFile(out) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere
