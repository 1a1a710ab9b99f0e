"""`--output FILE` for every format, and `--format xlsx` read back with openpyxl."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from tests.test_cli_query import CLEAN_ENV, REPO_PLAN


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--plan", REPO_PLAN], env=CLEAN_ENV)
    return result.exit_code, result.stdout, result.stderr


def test_list_as_a_workbook(tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    code, out, err = run("list", "--as-of", "1/2/2010", "--format", "xlsx", "--output",
                         str(target))
    assert (code, out) == (0, "")
    assert err == "71 of 71 actions; 13 overdue on 1 February 2010.\n"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Actions", "Key"]
    sheet = book["Actions"]
    assert sheet.max_row == 72
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["id", "recommendation", "action"]
    first = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
    assert first["id"] == "1.1" and first["due"] == datetime(2009, 10, 31)
    assert first["days_overdue"] == 93 and first["brag"] == "red"
    brag = sheet.cell(row=2, column=header.index("brag") + 1)
    assert brag.fill.fgColor.rgb == "00FF0000"
    key = [row[0] for row in book["Key"].iter_rows(values_only=True)]
    assert key[0] == "Actions" and "Amber" in key


def test_summary_and_leads_as_workbooks(tmp_path: Path) -> None:
    summary, leads = tmp_path / "s.xlsx", tmp_path / "l.xlsx"
    assert run("summary", "--as-of", "1/2/2010", "-f", "xlsx", "-o", str(summary))[0] == 0
    assert run("leads", "--as-of", "1/2/2010", "-f", "xlsx", "-o", str(leads))[0] == 0
    rows = list(openpyxl.load_workbook(summary)["Summary"].iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "title", "actions")
    assert rows[0][-5:] == ("brag", "deadline_tbc", "timescale_due", "planned_after_timescale",
                            "rag_mismatch")
    assert rows[1][0] == "1" and rows[1][-5] == "red" and rows[1][-1] == 0
    lead_rows = list(openpyxl.load_workbook(leads)["Leads"].iter_rows(values_only=True))
    assert lead_rows[0] == ("name", "actions", "open", "overdue", "due_next_14_days",
                            "completed", "deadline_tbc")


def test_xlsx_needs_a_file() -> None:
    code, out, err = run("overdue", "--format", "xlsx")
    assert (code, out) == (2, "")
    assert err == ("plantrack: --format xlsx writes an Excel workbook: give the file to write "
                   "with --output FILE.xlsx\n")


@pytest.mark.parametrize(("fmt", "start"), [
    ("json", '[\n  {\n    "id": "4.6"'), ("csv", "\ufeffid,recommendation,"),
    ("markdown", "**Overdue on 1 February 2010**"), ("table", "Overdue on 1 February 2010"),
])
def test_every_format_goes_to_a_file(tmp_path: Path, fmt: str, start: str) -> None:
    target = tmp_path / f"answer.{fmt}"
    code, out, err = run("overdue", "--as-of", "1/2/2010", "-f", fmt, "--output", str(target))
    assert (code, out) == (0, "")
    text = target.read_bytes().decode("utf-8")
    assert text.startswith(start)
    if fmt in ("json", "csv"):
        assert err.startswith("13 of ")  # the footer stays off the data
    else:
        assert err == "" and "13 of " in text
    if fmt == "json":
        assert len(json.loads(text)) == 13


def test_output_replaces_an_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("last month's long answer\n" * 1000)
    assert run("overdue", "--as-of", "31/1/2010", "-f", "csv", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8-sig").count("\n") == 6  # header and five rows


def test_show_to_a_file_and_as_a_workbook(tmp_path: Path) -> None:
    text, book = tmp_path / "3.7.md", tmp_path / "3.xlsx"
    assert run("show", "3.7", "-f", "markdown", "-o", str(text))[0] == 0
    assert "Review case transfer" in text.read_text()
    assert run("show", "3", "-f", "xlsx", "-o", str(book))[0] == 0
    ids = [row[0] for row in openpyxl.load_workbook(book)["Actions"].iter_rows(
        min_row=2, values_only=True)]
    assert ids == [f"3.{n}" for n in range(1, 9)]


def test_output_never_overwrites_the_plan_or_a_folder(tmp_path: Path) -> None:
    before = Path(REPO_PLAN).read_bytes()
    code, out, err = run("list", "-o", REPO_PLAN)
    assert (code, out) == (2, "")
    assert err.endswith("is the plan itself; give another file name\n")
    assert Path(REPO_PLAN).read_bytes() == before
    assert run("list", "-o", str(tmp_path))[0] == 2


def test_output_into_a_missing_folder_cannot_be_written(tmp_path: Path) -> None:
    code, _, err = run("list", "-o", str(tmp_path / "missing" / "x.csv"), "-f", "csv")
    assert code == 3
    assert "does not exist" in err


@pytest.mark.parametrize("command", [("list",), ("overdue",), ("show", "3")])
def test_output_named_for_a_format_is_written_in_it_without_format(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Found by hand: `list --output tracker.xlsx` wrote a box-drawn table into a file Excel
    cannot open; the file's ending now chooses the format when --format does not."""
    book, sheet, data, page = (tmp_path / name for name in ("a.xlsx", "a.csv", "a.json", "a.md"))
    for target in (book, sheet, data, page):
        code, out, err = run(*command, "--as-of", "1/2/2010", "--output", str(target))
        assert (code, out) == (0, ""), err
        assert "┌" not in err
    assert openpyxl.load_workbook(book).sheetnames[0] in ("Actions", "Overdue", "Answer")
    assert sheet.read_text(encoding="utf-8-sig").startswith("id,")
    json.loads(data.read_text(encoding="utf-8"))
    assert "┌" not in page.read_text(encoding="utf-8")
    assert "|" in page.read_text(encoding="utf-8")


def test_a_format_given_wins_over_the_file_ending(tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    assert run("list", "--format", "json", "--output", str(target))[0] == 0
    json.loads(target.read_text(encoding="utf-8"))
