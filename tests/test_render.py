"""The format writers: CSV for Excel, JSON, GitHub Markdown, and rich tables that fit the width."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from plantrack.render import (
    PIPED_WIDTH,
    Column,
    Grid,
    fit_grid,
    fit_widths,
    long_date,
    markdown_cell,
    markdown_table,
    progress_bar,
    short_date,
    write_csv,
    write_details,
    write_json,
    write_markdown,
    write_table,
)

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-7][;m]")


class Captured(io.TextIOWrapper):
    """A text stream over bytes, like sys.stdout, that can claim to be a terminal."""

    def __init__(self, tty: bool = False) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="\n")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def value(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()  # type: ignore[attr-defined]

    def text(self) -> str:
        return self.value().decode("utf-8")


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


def test_dates_are_spelt_out() -> None:
    assert long_date(date(2010, 2, 1)) == "1 February 2010"
    assert short_date(date(2010, 2, 1)) == "1 Feb 2010"


def test_progress_bar() -> None:
    assert progress_bar(0) == "░" * 10
    assert progress_bar(62) == "█" * 6 + "░" * 4
    assert progress_bar(99) == "█" * 9 + "░"  # never full before 100%
    assert progress_bar(100, ascii_only=True) == "#" * 10
    assert progress_bar(None) == ""


# -- CSV and JSON ------------------------------------------------------------------------------
def test_csv_has_a_bom_for_excel_and_reads_back() -> None:
    out = Captured()
    records = [
        {"id": "1.1", "leads": ["Zoë Béranger", "Tracy Collins"], "note": None, "days": 3},
        {"id": "1.2", "leads": [], "note": 'said "yes", then\nno', "days": None},
    ]
    write_csv(out, ("id", "leads", "note", "days"), records)
    raw = out.value()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads the accents right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [
        ["id", "leads", "note", "days"],
        ["1.1", "Zoë Béranger; Tracy Collins", "", "3"],
        ["1.2", "", 'said "yes", then\nno', ""],
    ]


def test_json_keeps_non_ascii_and_ends_with_a_newline() -> None:
    out = Captured()
    write_json(out, [{"id": "1.1", "lead": "Zoë", "due": None}])
    text = out.text()
    assert "Zoë" in text and text.endswith("]\n")
    assert json.loads(text) == [{"id": "1.1", "lead": "Zoë", "due": None}]


def test_writers_fall_back_to_text_streams() -> None:
    out = io.StringIO()  # no .buffer: written as text
    write_json(out, {"a": 1})
    assert json.loads(out.getvalue()) == {"a": 1}


# -- Markdown ----------------------------------------------------------------------------------
def test_markdown_cell_escapes_pipes_and_line_breaks() -> None:
    assert markdown_cell("a | b") == "a \\| b"
    assert markdown_cell("line one\n  line two  \n") == "line one<br>line two"
    assert markdown_cell("back\\slash") == "back\\\\slash"
    assert markdown_cell("") == " "


def test_markdown_table_one_row_per_row_total_in_bold() -> None:
    grid = Grid([Column("ID"), Column("Count", right=True)], [["1", "2"], ["a|b", "3"]],
                total=["All", "5"])
    assert markdown_table(grid) == (
        "| ID | Count |\n"
        "| --- | ---: |\n"
        "| 1 | 2 |\n"
        "| a\\|b | 3 |\n"
        "| **All** | **5** |\n"
    )


def test_write_markdown_heading_paragraphs_and_no_empty_optional_column() -> None:
    grid = Grid([Column("ID"), Column("Note", optional=True)], [["1", ""], ["2", ""]])
    out = Captured()
    write_markdown(out, grid, "2 actions.", heading="Overdue")
    assert out.text() == "**Overdue**\n\n| ID |\n| --- |\n| 1 |\n| 2 |\n\n2 actions.\n"


# -- tables ------------------------------------------------------------------------------------
def long_grid() -> Grid:
    text = "Review the quality and accuracy of management information and data reports " * 2
    return Grid(
        [Column("ID", fixed=True), Column("Action", ratio=4), Column("Deadline", fixed=True),
         Column("Lead", ratio=2)],
        [[f"12.{n}", text, "From January 2010 – by March 2010\n31 Mar 2010", "Tracy Collins"]
         for n in range(1, 4)],
    )


def test_fit_widths_keeps_fixed_columns_and_shares_the_rest() -> None:
    widths = fit_widths(long_grid(), 100)
    id_width, _, deadline_width, lead_width = widths
    assert id_width == 4  # "12.1"
    assert deadline_width == 20  # capped; "31 Mar 2010" still fits on one line
    assert lead_width == len("Tracy Collins")  # needs less than its share: takes what it needs
    assert sum(widths) + 3 * 4 + 1 == 100  # the action text gets everything left


def test_fit_widths_gives_spare_room_to_long_headers() -> None:
    grid = Grid([Column("Name"), Column("Due in 14 days", fixed=True, right=True)],
                [["Ann", "0"]])
    # a column is never narrower than its header's longest word ("Name", "days")
    assert fit_widths(grid, 80) == [4, len("Due in 14 days")]
    # two characters to spare: "Due in" fits on a line, the header wraps after it
    assert fit_widths(grid, 3 * 2 + 1 + 4 + 4 + 2) == [4, 6]


def test_narrow_tables_leave_out_columns_in_rank_order() -> None:
    words = "word " * 10
    grid = Grid(
        [Column("ID", fixed=True), Column("Action", ratio=4), Column("Lead", drop_rank=2),
         Column("Board", drop_rank=1)],
        [["1.1", words, words, words]],
    )
    # each text column needs 16; with ID (3) and borders (13) that is 64 characters
    assert fit_widths(grid, 64) == [3, 16, 16, 16]
    assert fit_widths(grid, 63) is None
    kept, widths, left_out = fit_grid(grid, 63)
    assert ([c.header for c in kept.columns], left_out) == (["ID", "Action", "Lead"], ["Board"])
    assert widths == [3, 63 - 10 - 3 - 16, 16]  # Lead gets its minimum, Action the rest
    kept, widths, left_out = fit_grid(grid, 30)
    assert (left_out, widths) == (["Board", "Lead"], [3, 20])
    kept, widths, left_out = fit_grid(grid, 20)  # nothing more can go: rich squeezes
    assert (left_out, widths) == (["Board", "Lead"], None)


def test_piped_table_is_120_wide_plain_and_never_cut() -> None:
    out = Captured()
    write_table(out, long_grid(), heading="Overdue", footer=["3 overdue."])
    text = out.text()
    lines = text.splitlines()
    assert lines[0] == "Overdue" and lines[-1] == "3 overdue."
    assert max(len(line) for line in lines) == PIPED_WIDTH
    assert "…" not in text and "\x1b[" not in text
    assert all(line == line.rstrip() for line in lines)  # no padding at line ends
    for n in range(1, 4):
        assert f"│ 12.{n} │" in text
    assert text.count("31 Mar 2010") == 3


def test_table_respects_columns_and_folds_rather_than_cuts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = Captured()
    write_table(out, long_grid())
    lines = out.text().splitlines()
    assert max(len(line) for line in lines) <= 60
    assert "…" not in out.text()
    assert "12.1" in out.text()


def test_colour_on_a_terminal_and_none_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    grid = Grid([Column("BRAG", style=lambda cell: "bold red")], [["Red"]])
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = Captured(tty=True)
    write_table(coloured, grid)
    assert ANSI_COLOUR.search(coloured.text())
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Captured(tty=True)
    write_table(plain, grid)
    assert not ANSI_COLOUR.search(plain.text())
    assert "Red" in plain.text()


def test_empty_grid_prints_heading_and_footer_only() -> None:
    out = Captured()
    write_table(out, Grid([Column("ID")]), heading="Overdue", footer=["Nothing overdue."])
    assert out.text() == "Overdue\nNothing overdue.\n"


def test_table_leaves_out_an_optional_column_that_is_empty() -> None:
    grid = Grid([Column("ID"), Column("Latest note", optional=True)], [["1.1", ""]])
    out = Captured()
    write_table(out, grid)
    assert "Latest note" not in out.text()
    grid.rows[0][1] = "Done in part"
    out = Captured()
    write_table(out, grid)
    assert "Latest note" in out.text() and "Done in part" in out.text()


def test_details_are_labelled_and_wrapped() -> None:
    out = Captured()
    write_details(out, "Action 3.7", [("Action", "word " * 60), ("Status", "in-progress")])
    lines = out.text().splitlines()
    assert lines[0] == "Action 3.7"
    assert lines[1].startswith("Action  word word")
    assert max(len(line) for line in lines) <= PIPED_WIDTH
    assert lines[-1] == "Status  in-progress"
