"""Tables that fit the width, plain or through rich, alike; and GitHub Markdown."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.formats import render
from plantrack.formats.render import (
    FIXED_CAP,
    PIPED_WIDTH,
    RICH_MAX_ROWS,
    Column,
    Grid,
    fit_grid,
    fit_widths,
    long_date,
    markdown_cell,
    markdown_table,
    output_width,
    progress_bar,
    short_date,
    uses_rich,
    wrap_line,
    wrap_text,
    write_details,
    write_lines,
    write_markdown,
    write_plain_details,
    write_plain_lines,
    write_plain_table,
    write_rich_details,
    write_rich_lines,
    write_rich_table,
    write_table,
)

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-7][;m]")


class Captured(io.TextIOWrapper):
    """A text stream over bytes, like sys.stdout, that can claim to be a terminal."""

    def __init__(self, tty: bool = False, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(), encoding=encoding, newline="\n")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def value(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()  # type: ignore[attr-defined]

    def text(self) -> str:
        return self.value().decode(self.encoding)


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
        [Column("ID", fixed=True), Column("Action", ratio=4),
         Column("Deadline", fixed=True, cap=FIXED_CAP), Column("Lead", ratio=2)],
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
    kept, widths, left_out = fit_grid(grid, 20)  # nothing more can go: drawn as blocks
    assert (left_out, widths) == (["Board", "Lead"], None)


def test_a_word_longer_than_the_least_width_raises_it() -> None:
    """A text column is never narrower than its longest word, which would be split."""
    word = "Featherstonehaugh-Worthington"  # 29 characters
    grid = Grid([Column("ID", fixed=True), Column("Lead")], [["1.1", f"Ann {word}"]])
    assert fit_widths(grid, 3 + 29 + 7) == [3, 29]
    assert fit_widths(grid, 3 + 29 + 6) is None


def test_a_cell_of_spaces_only_has_no_longest_word() -> None:
    """Found by the plain/rich property below: a cell of nothing but spaces, wider than the
    least width of a text column, has no word to measure (it raised ValueError)."""
    grid = Grid([Column("ID", fixed=True), Column("Note")], [["1.1", " " * 40]])
    assert render.measure(grid)[1] == [0, 0]


def test_a_fixed_column_is_never_capped_unless_it_says_so() -> None:
    uuid = "0b9e6c1e-3f1a-4c55-9d3e-51c8a7f0b2aa"
    grid = Grid([Column("ID", fixed=True), Column("Deadline", fixed=True, cap=FIXED_CAP)],
                [[uuid, "From January 2010 – by March 2010\n31 Mar 2010"]])
    assert render.natural_widths(grid) == [36, FIXED_CAP]


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


# -- the plain writer: rich's table without rich -------------------------------------------------
def rich_and_plain(grid: Grid, heading: str = "", footer: tuple[str, ...] = (),
                   encoding: str = "utf-8") -> tuple[str, str]:
    """The same grid through both writers, to a file (rich then draws no colour)."""
    drawn = []
    for writer in (write_rich_table, write_plain_table):
        out = Captured(encoding=encoding)
        writer(out, grid, heading=heading, footer=footer)
        drawn.append(out.text())
    return drawn[0], drawn[1]


def test_wrapping_breaks_where_rich_does() -> None:
    assert wrap_line("short", 10) == ["short"]
    assert wrap_line("one two three four", 9) == ["one two ", "three ", "four"]
    assert wrap_line("one  two", 4) == ["one  ", "two"]  # spaces stay with the word before...
    assert wrap_text("one  two", 4) == ["one ", "two"]  # ...cut to the width
    # a word longer than the line is folded, on a line of its own, and the next word may follow
    assert wrap_line("ab abcdefghij c", 4) == ["ab ", "abcd", "efgh", "ij c"]
    assert wrap_line("   indented text", 8) == ["   inden", "ted text"]  # spaces + word: long
    assert wrap_text("line one\nline two", 20) == ["line one", "line two"]
    assert wrap_text("tab\there", 20) == ["tab     here"]
    # Controls are shown, never sent: a plan cannot ring, return or clear the terminal.
    assert wrap_text("bell\a and\r return", 30) == ["bell\\x07 and\\x0d return"]
    assert wrap_text("trailing   ", 8) == ["trailing"]


def test_plain_table_looks_exactly_like_richs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    grid = Grid(
        [Column("ID", fixed=True), Column("Action", ratio=4), Column("Days overdue", fixed=True,
                                                                      right=True)],
        [["1.1", "Review case transfer processes across the three Area teams", "32"],
         ["12.10", "Short", "1"]],
        total=["All", "", "33"],
    )
    rich, plain = rich_and_plain(grid, heading="Overdue on 1 February 2010",
                                 footer=("2 overdue.",))
    assert plain == rich
    assert plain == (
        "Overdue on 1 February 2010\n"
        "┌───────┬────────────────────┬─────────┐\n"
        "│       │                    │    Days │\n"
        "│ ID    │ Action             │ overdue │\n"
        "├───────┼────────────────────┼─────────┤\n"
        "│ 1.1   │ Review case        │      32 │\n"
        "│       │ transfer processes │         │\n"
        "│       │ across the three   │         │\n"
        "│       │ Area teams         │         │\n"
        "├───────┼────────────────────┼─────────┤\n"
        "│ 12.10 │ Short              │       1 │\n"
        "├───────┼────────────────────┼─────────┤\n"
        "│ All   │                    │      33 │\n"
        "└───────┴────────────────────┴─────────┘\n"
        "2 overdue.\n"
    )
    grid.lines = False  # no rules between rows; the total row is still set apart
    rich, plain = rich_and_plain(grid)
    assert plain == rich
    assert sum(line.startswith("├") for line in plain.splitlines()) == 2


def test_long_footer_and_heading_wrap_at_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    grid = Grid([Column("ID")], [["1"]])
    rich, plain = rich_and_plain(grid, heading="word " * 12, footer=("x" * 70, "end"))
    assert plain == rich
    assert all(len(line) <= 30 for line in plain.splitlines())


def test_ascii_box_when_the_output_cannot_show_box_drawing() -> None:
    grid = Grid([Column("ID"), Column("Count", right=True)], [["1.1", "2"], ["1.2", "3"]])
    rich, plain = rich_and_plain(grid, encoding="latin-1")
    assert plain == rich
    assert plain.splitlines()[0] == "+-------------+"
    assert "| 1.1 |     2 |" in plain and "─" not in plain


cell_texts = st.text(alphabet=st.sampled_from("ab  c\n–é\t"), max_size=40) | st.sampled_from(
    ["", "word " * 12, "averyveryverylongwordthatcannotfit" * 2, "  leading", "trailing  "])
columns = st.builds(Column, header=st.sampled_from(["ID", "Action", "Days overdue", "Latest note",
                                                    "Board", "X"]),
                    fixed=st.booleans(), right=st.booleans(), ratio=st.integers(1, 4),
                    optional=st.booleans(), drop_rank=st.integers(0, 3))


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    chosen = draw(st.lists(columns, min_size=1, max_size=6))
    width = len(chosen)
    rows = draw(st.lists(st.lists(cell_texts, min_size=width, max_size=width), max_size=4))
    total = draw(st.none() | st.lists(cell_texts, min_size=width, max_size=width))
    return Grid(chosen, rows, total, lines=draw(st.booleans()))


@settings(max_examples=300, deadline=None)
@given(grids(), st.integers(10, 160))
def test_plain_and_rich_tables_hold_the_same_text(grid: Grid, width: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", str(width))
        rich, plain = rich_and_plain(grid, heading="Heading", footer=("Footer.",))
    assert plain == rich
    assert all(len(line) <= width for line in plain.splitlines())  # a table or blocks


def test_a_table_that_cannot_keep_its_rules_is_drawn_as_blocks() -> None:
    """The summary's fixed columns need 48 characters and more: below that, each row is a
    block of Field: value lines, nothing left out, no count or bar broken."""
    grid = Grid([Column("Rec", fixed=True), Column("Title", ratio=4, drop_rank=1),
                 Column("In progress", fixed=True, right=True),
                 Column("Completed", fixed=True, right=True),
                 Column("Progress", fixed=True), Column("BRAG", fixed=True)],
                [["1", "Ensure all new referrals are allocated", "2", "0", "░" * 10, "Red"]],
                total=["All", "Whole plan", "2", "0", "░" * 10, "Red"])
    for width in (40, 44, 47):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("COLUMNS", str(width))
            rich, plain = rich_and_plain(grid, heading="Progress", footer=("Key.",))
        assert fit_grid(grid, width)[1] is None
        assert plain == rich
        if width == 40:
            assert plain == (
            "Progress\n"
            "\n"
            "Rec:         1\n"
            "Title:       Ensure all new referrals\n"
            "             are allocated\n"
            "In progress: 2\n"
            "Completed:   0\n"
            "Progress:    ░░░░░░░░░░\n"
            "BRAG:        Red\n"
            "\n"
            "Rec:         All\n"
            "Title:       Whole plan\n"
            "In progress: 2\n"
            "Completed:   0\n"
            "Progress:    ░░░░░░░░░░\n"
            "BRAG:        Red\n"
            "\n"
            "Key.\n"
            )
        assert max(map(len, plain.splitlines())) <= width
        assert "Left out" not in plain


def test_blocks_wrap_values_beside_labels_or_under_them() -> None:
    from plantrack.formats.blocks import labelled

    assert labelled("Lead:", "Tracy Collins\nElaine Petch", 40, 13, 1) == [
        "Lead:         Tracy Collins", "              Elaine Petch"]
    assert labelled("Action:", "word " * 8, 30, 13, 1) == [
        "Action:       word word word", "              word word word", "              word word"]
    # too narrow beside the label (less than 16), or a word that would not fit there: under it
    assert labelled("Action:", "word " * 4, 28, 13, 1) == ["Action:", "  word word word word"]
    uuid = "0b9e6c1e-3f1a-4c55-9d3e-51c8a7f0b2aa"
    assert labelled("ID:", uuid, 40, 13, 1) == ["ID:", f"  {uuid}"]


def test_details_and_lines_look_like_richs(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = [("Recommendation", "3: Improve the quality of assessments " * 3),
              ("Status", "in-progress"), ("Latest note", "line one\nline two")]
    lines = ["Recommendation 3: Improve " * 6, "Success criteria:", "  • Better " * 20]
    for width in ("40", "120"):
        monkeypatch.setenv("COLUMNS", width)
        rich, plain = Captured(), Captured()
        write_rich_details(rich, "Action 3.7", fields)
        write_plain_details(plain, "Action 3.7", fields)
        assert plain.text() == rich.text()
        rich, plain = Captured(), Captured()
        write_rich_lines(rich, lines)
        write_plain_lines(plain, lines)
        assert plain.text() == rich.text()


# -- which writer, how wide ------------------------------------------------------------------------
def test_rich_only_on_a_terminal_and_for_a_short_table() -> None:
    assert uses_rich(Captured(tty=True), RICH_MAX_ROWS)
    assert not uses_rich(Captured(tty=True), RICH_MAX_ROWS + 1)
    assert not uses_rich(Captured(tty=False), 1)
    assert not uses_rich(io.StringIO(), 1)


def test_a_long_table_on_a_terminal_is_drawn_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich would colour it
    grid = Grid([Column("BRAG", style=lambda cell: "bold red")], [["Red"]] * (RICH_MAX_ROWS + 1))
    out = Captured(tty=True)
    write_table(out, grid)
    assert not ANSI_COLOUR.search(out.text())
    assert out.text().count("│ Red  │") == RICH_MAX_ROWS + 1
    short = Captured(tty=True)
    write_table(short, Grid(grid.columns, grid.rows[:RICH_MAX_ROWS]))
    assert ANSI_COLOUR.search(short.text())


def test_details_and_lines_go_through_rich_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    for tty in (True, False):
        out = Captured(tty=tty)
        write_details(out, "Action 1.1", [("Status", "blocked")])
        write_lines(out, ["Recommendation 1", "Area: Safeguarding"])
        assert bool(ANSI_COLOUR.search(out.text()) or "\x1b[1m" in out.text()) == tty


class Terminal(Captured):
    def fileno(self) -> int:
        return 99


def test_output_width(monkeypatch: pytest.MonkeyPatch) -> None:
    assert output_width(Captured()) == PIPED_WIDTH
    assert output_width(Captured(tty=True)) == PIPED_WIDTH  # a terminal whose size is unknown
    monkeypatch.setattr(render.os, "get_terminal_size", lambda fd: os_size(97))
    assert output_width(Terminal(tty=True)) == 97
    assert output_width(Captured()) == PIPED_WIDTH  # a file is not as wide as the terminal
    monkeypatch.setenv("COLUMNS", "64")
    assert output_width(Terminal(tty=True)) == 64
    assert output_width(Captured()) == 64
    monkeypatch.setenv("COLUMNS", "0")
    assert output_width(Captured()) == PIPED_WIDTH


def os_size(columns: int) -> render.os.terminal_size:
    return render.os.terminal_size((columns, 24))


@settings(max_examples=300, deadline=None)
@given(grids(), st.integers(10, 200))
def test_fitted_widths_never_overflow_and_keep_text_readable(grid: Grid, width: int) -> None:
    widths = fit_widths(grid, width)
    if widths is None:
        return
    natural = render.natural_widths(grid)
    assert sum(widths) + 3 * len(widths) + 1 <= width
    for column, fitted, needed in zip(grid.columns, widths, natural, strict=True):
        assert fitted >= (needed if column.fixed else min(render.MIN_FLEXIBLE, needed))


def test_a_column_that_needs_its_whole_share_leaves_the_minimum_to_the_next() -> None:
    # 50 characters for two text columns: one needs 40 (its share at ratio 4), the other 11;
    # the first gives one up rather than the table overflowing.
    grid = Grid([Column("A", ratio=4), Column("B")], [[("x" * 7 + " ") * 5, "y" * 11]])
    assert fit_widths(grid, 50 + 7) == [39, 11]


def test_the_plain_writer_measures_words_when_one_would_be_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plain writer fits a table first without measuring words (the fast way); a word
    cut in two while drawing makes it measure them and draw again, as rich's path does."""
    word = "Featherstonehaugh-Worthington"
    grid = Grid([Column("ID", fixed=True), Column("Action", ratio=4), Column("Lead", ratio=2)],
                [["1.1", "short words here and there " * 4, f"Ann {word}"]])
    monkeypatch.setenv("COLUMNS", "70")
    rich, plain = rich_and_plain(grid)
    assert plain == rich
    assert any(word in line for line in plain.splitlines())
    assert max(map(len, plain.splitlines())) <= 70
    assert render.fit_grid(grid, 70, words_of_text=False)[1][2] < len(word)  # would be cut
