"""Writing a Grid (headers and plain-text cells) as a table for people or as Markdown.

What goes into the grids (which columns) is answers.py's business; records for scripts (JSON,
CSV) are records.py's. Tables have two writers that draw the same box: rich's, with colour, for
a terminal and a table of at most RICH_MAX_ROWS rows; and a plain one, thirty times faster, for
everything else (pipes, files, board papers, long listings), which wraps text exactly as rich
does, so that both look alike. rich is imported only to draw, never at import time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from datetime import date
from itertools import starmap, zip_longest
from typing import IO, Any, NamedTuple

from plantrack.formats.escape import for_markdown, for_terminal, has_controls

JSON, CSV, MARKDOWN = "json", "csv", "markdown"  # and "table", the default: anything else
PIPED_WIDTH = 120  # table width when stdout is a file or a pipe and $COLUMNS is not set
FIXED_CAP = 20  # the Deadline column's widest, when it must wrap ("From January 2010 – by ...")
MIN_FLEXIBLE = 16  # narrower than this, wrapped text is hard to read: leave columns out
# What one cell may cost: a table cell, or a value of `show`, longer than this is cut short,
# saying so in its text (JSON, CSV and Markdown keep the whole text). A 2 MB word took seconds
# to wrap, and a 300,000-line note 80 s to print through rich.
MAX_CELL_CHARS = 2_000
MAX_DETAIL_CHARS = 10_000
MAX_DETAIL_LINES = 200
RICH_MAX_ROWS = 300  # longer tables are drawn plain even on a terminal: rich takes ~0.6 ms a row


# -- plain values ----------------------------------------------------------------------------
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # English in any locale, unlike %B


def long_date(day: date) -> str:
    """1 February 2010: how a heading says a date (never ambiguous, unlike 01/02/2010)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """1 Feb 2010, for a table's deadline cell (a fifth the cost of strftime's %b)."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def progress_bar(percent: int | None, width: int = 10, ascii_only: bool = False) -> str:
    """A bar of `width` cells, filled in proportion (rounded down: never full before 100%)."""
    if percent is None:
        return ""
    full, empty = ("#", ".") if ascii_only else ("█", "░")
    filled = max(0, min(width, percent * width // 100))
    return full * filled + empty * (width - filled)


# -- grids -----------------------------------------------------------------------------------
class Column(NamedTuple):
    """A column for people. `fixed` columns (ids, dates, counts) keep their text's width, so an
    id or a date is never split or cut (one with a `cap` wraps at words beyond it, never
    splitting one); the others share what is left by `ratio` and wrap at words, each at least
    MIN_FLEXIBLE wide and as wide as its longest word. A table that cannot keep these rules is
    drawn as blocks of `Field: value` lines instead (formats/blocks.py).

    A NamedTuple rather than a dataclass: it is made at import, and costs a seventh as much.
    """

    header: str
    fixed: bool = False
    right: bool = False
    ratio: int = 1
    style: Callable[[str], str | None] | None = None  # rich style for a cell's text
    optional: bool = False  # left out of a table when every cell is empty
    drop_rank: int = 0  # 1, 2, ...: left out, in that order, from a table too narrow for it
    cap: int = 0  # a fixed column wider than this wraps at words (0: never wraps)


class Grid:
    """Columns and rows of plain-text cells ('\\n' starts a new line within a cell)."""

    __slots__ = ("columns", "lines", "rows", "total")

    def __init__(
        self,
        columns: list[Column],
        rows: list[list[str]] | None = None,
        total: list[str] | None = None,  # a last row set apart (the summary's whole-plan line)
        lines: bool = True,  # rule between rows: needed when cells wrap onto several lines
    ) -> None:
        self.columns = columns
        self.rows = rows if rows is not None else []
        self.total = total
        self.lines = lines

    def all_rows(self) -> list[list[str]]:
        return [*self.rows, self.total] if self.total is not None else list(self.rows)

    def keep(self, indexes: list[int]) -> Grid:
        """The grid with only these columns."""
        if len(indexes) == len(self.columns):
            return self
        pick = lambda row: [row[i] for i in indexes]  # noqa: E731
        return Grid([self.columns[i] for i in indexes], [pick(r) for r in self.rows],
                    pick(self.total) if self.total is not None else None, self.lines)

    def without_empty_optional(self) -> Grid:
        """The grid without optional columns that are blank in every row (a table's room is
        better spent on the action text than on an empty 'Latest note').
        """
        rows = self.all_rows()
        return self.keep([i for i, column in enumerate(self.columns)
                          if not column.optional or any(row[i].strip() for row in rows)])

    def for_table(self) -> Grid:
        """The grid as a boxed table shows it: no empty optional column, tabs expanded and
        control characters shown as escapes (escape.for_terminal), so that no cell can drive
        the terminal and widths are measured on what is drawn.
        """
        grid = self.without_empty_optional()
        cells = [cell for row in grid.all_rows() for cell in row]
        headers = "".join(column.header for column in grid.columns)  # a declared field's name
        escape = _needs_printable("".join(cells) + headers)
        if not escape and max(map(len, cells), default=0) <= MAX_CELL_CHARS:
            return grid

        def clean(row: list[str]) -> list[str]:
            return [cut_short(printable(cell) if escape else cell, MAX_CELL_CHARS)
                    for cell in row]

        columns = [column._replace(header=printable(column.header)) for column in grid.columns]
        return Grid(columns, [clean(row) for row in grid.rows],
                    clean(grid.total) if grid.total is not None else None, grid.lines)


def cut_short(text: str, max_chars: int, max_lines: int | None = None) -> str:
    """The text, or its first `max_chars` characters (and `max_lines` lines) and a last line
    saying how much more there is and where to find it."""
    if len(text) <= max_chars and (max_lines is None or text.count("\n") < max_lines):
        return text
    kept = text[:max_chars]
    if max_lines is not None and kept.count("\n") >= max_lines:
        kept = "\n".join(kept.split("\n", max_lines)[:max_lines])
    return (f"{kept.rstrip()}\n… cut short ({len(text) - len(kept):,} more characters: "
            "--format json has them all)")


def _bounded(fields: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(label, cut_short(value, MAX_DETAIL_CHARS, MAX_DETAIL_LINES))
            for label, value in fields]


def measure(grid: Grid, words_of_text: bool = True) -> tuple[list[int], list[int]]:
    """What each column needs (natural_widths), and the length of its longest word (0 when
    no line is longer than MIN_FLEXIBLE, which no word can then exceed), in one pass.

    Finding a text column's longest word means splitting all its text, a tenth of the plain
    writer's time; `words_of_text=False` leaves it out (write_plain_table does, and measures
    again only if a word had to be folded).
    """
    rows = grid.all_rows()
    natural, words = [], []
    for index, column in enumerate(grid.columns):
        text = "\n".join(row[index] for row in rows)
        longest = max(map(len, text.split("\n")))
        needed = longest > MIN_FLEXIBLE and (column.cap if column.fixed else words_of_text)
        word = max(map(len, text.split()), default=0) if needed else 0
        if column.fixed and column.cap and longest > column.cap:
            longest = max(column.cap, word)
        header = max((len(w) for w in column.header.split()), default=1)
        natural.append(max(header, longest))
        words.append(word)
    return natural, words


def natural_widths(grid: Grid) -> list[int]:
    """What each column needs: its longest line (a capped fixed one: its cap or its longest
    word), and at least the longest word of its header.
    """
    return measure(grid)[0]


def least_widths(grid: Grid, natural: list[int], words: list[int]) -> dict[int, int]:
    """The narrowest each text column may be: MIN_FLEXIBLE (or what it needs, if less), and
    never narrower than its longest word, which would otherwise be split."""
    return {i: max(min(MIN_FLEXIBLE, natural[i]), words[i])
            for i, column in enumerate(grid.columns) if not column.fixed}


def fit_widths(
    grid: Grid, width: int, natural: list[int] | None = None, words: list[int] | None = None
) -> list[int] | None:
    """Content widths for each column of a boxed table `width` characters wide, or None when
    a fixed column or the text columns' least widths (least_widths) do not fit.

    Fixed columns get their natural width. The others share the rest by ratio, water-filling:
    a column that needs less than its share takes only that, one whose share is below its
    minimum gets the minimum, and the rest is shared again. Room to spare then lets long
    headers stay on one line.
    """
    if natural is None or words is None:
        natural, words = measure(grid)
    widths = list(natural)
    overhead = 3 * len(grid.columns) + 1  # a border and one space each side of every cell
    flexible = [i for i, column in enumerate(grid.columns) if not column.fixed]
    room = width - overhead - sum(natural[i] for i in range(len(natural)) if i not in flexible)
    least = least_widths(grid, natural, words)
    if room < sum(least.values()):
        return None
    while flexible:
        unit = room / sum(grid.columns[i].ratio for i in flexible)
        share = {i: unit * grid.columns[i].ratio for i in flexible}
        capped = [i for i in flexible if natural[i] <= share[i]]  # need less than their share
        raised = [i for i in flexible if least[i] > share[i]]  # need more to stay readable
        if not capped and not raised:
            for i in flexible:
                widths[i] = int(share[i])
            return widths
        # Held at these bounds, do the columns take more room than there is? Then the level
        # must come down, and the columns held at their minimum stay there; else it must go
        # up, and those held at what they need stay there.
        wanted = sum(natural[i] if i in capped else least[i] if i in raised else share[i]
                     for i in flexible)
        for i in (raised if wanted > room else capped) or capped or raised:
            widths[i] = least[i] if i in raised else natural[i]
            room -= widths[i]
            flexible.remove(i)
    for i, column in enumerate(grid.columns):
        extra = min(max(0, room), len(column.header) - widths[i])
        if extra > 0:
            widths[i] += extra
            room -= extra
    return widths


def fit_grid(
    grid: Grid, width: int, words_of_text: bool = True
) -> tuple[Grid, list[int] | None, list[str]]:
    """Leave out droppable columns (lowest drop_rank first) until the text columns fit at a
    readable width. Returns the grid that fits, its widths (None: even without them the table
    does not fit, and must be drawn as blocks), and the headers left out.
    """
    left_out: list[str] = []
    natural, words = measure(grid, words_of_text)
    while True:
        widths = fit_widths(grid, width, natural, words)
        ranks = [column.drop_rank for column in grid.columns if column.drop_rank]
        if widths is not None or not ranks or len(grid.columns) == 1:  # keep one at least
            return grid, widths, left_out
        drop = next(i for i, column in enumerate(grid.columns) if column.drop_rank == min(ranks))
        left_out.append(grid.columns[drop].header)
        grid = grid.keep([i for i in range(len(grid.columns)) if i != drop])
        del natural[drop], words[drop]


def left_out_line(left_out: Sequence[str]) -> str:
    return (f"Left out for want of width: {', '.join(left_out)} (use a wider window or set "
            "COLUMNS, or use --format markdown).")


# -- where the output goes -------------------------------------------------------------------
def is_terminal(out: IO[str]) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def output_width(out: IO[str]) -> int:
    """$COLUMNS if set, else the terminal's width on a terminal, else PIPED_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not is_terminal(out):
        return PIPED_WIDTH
    try:
        return os.get_terminal_size(out.fileno()).columns or PIPED_WIDTH
    except (AttributeError, OSError, ValueError):
        return PIPED_WIDTH


def is_ascii_only(out: IO[str]) -> bool:
    """Does the stream's encoding lack box-drawing characters? (rich's own test)"""
    return not (getattr(out, "encoding", None) or "utf-8").lower().startswith("utf")


def uses_rich(out: IO[str], rows: int = 0) -> bool:
    """rich only where its colour is seen and its cost is small: a terminal, a short table."""
    return rows <= RICH_MAX_ROWS and is_terminal(out)


# -- wrapping, as rich does it -----------------------------------------------------------------
_WORD = re.compile(r"\s*\S+\s*")  # a word with the spaces around it (leading: only the first)


def wrap_line(line: str, width: int) -> list[str]:
    """One line (no '\\n') in pieces of at most `width` characters plus trailing spaces.

    rich's rule, so that plain and rich tables break lines at the same places: a word goes on
    the next line when it does not fit this one; a word longer than a whole line is folded
    (cut into lines of `width`), starting on a line of its own. Without such a word, each
    piece is simply the longest run of words that fits, which one regular expression finds.
    """
    if len(line) <= width:
        return [line]
    pattern = _PIECES.get(width)
    if pattern is None:  # up to `width` characters ending a word, then the spaces after it
        pattern = _PIECES[width] = re.compile(rf".{{0,{width - 1}}}\S(?=\s|$)\s*")
    pieces = pattern.findall(line)
    if sum(map(len, pieces)) == len(line):  # no gap: no word was too long for a line
        return pieces
    return _fold_words(line, width)


_PIECES: dict[int, re.Pattern[str]] = {}


FOLDED = [0]  # how many lines _fold_words has cut (write_plain_table's cue to measure words)


def _fold_words(line: str, width: int) -> list[str]:
    """wrap_line, word by word, for a line with a word longer than `width`."""
    FOLDED[0] += 1
    pieces = []
    line_start = used = 0
    for word in _WORD.finditer(line):
        start, end = word.span()
        length = len(word.group().rstrip())
        if used + length <= width:
            used += end - start
        elif length > width:
            for chunk_start in range(start, end, width):
                if chunk_start:
                    pieces.append(line[line_start:chunk_start])
                    line_start = chunk_start
            used = end - line_start
        elif used and start:
            pieces.append(line[line_start:start])
            line_start = start
            used = end - start
    pieces.append(line[line_start:])
    return pieces


def _needs_printable(text: str) -> bool:
    return "\t" in text or has_controls(text)


def printable(text: str) -> str:
    """Text as a terminal may be given it: every control or format character but newline
    shown as a visible escape (escape.for_terminal), tabs expanded. Every table cell, heading,
    footer and detail goes through here, for both writers.
    """
    if _needs_printable(text):
        return for_terminal(text).expandtabs(8)
    return text


def wrap_text(text: str, width: int) -> list[str]:
    """Each line of `text` wrapped to `width`, each piece cut to it (its trailing spaces)."""
    return _wrap_printable(printable(text), width)


def _wrap_printable(text: str, width: int) -> list[str]:
    if "\n" not in text:
        return [text] if len(text) <= width else [p[:width] for p in wrap_line(text, width)]
    return [piece[:width] for line in text.split("\n") for piece in wrap_line(line, width)]


# -- the plain table ---------------------------------------------------------------------------
class BoxChars(NamedTuple):
    """The characters of a boxed table: rich's SQUARE box, or its ASCII one."""

    top: tuple[str, str, str, str]  # left, horizontal, divider, right
    rule: tuple[str, str, str, str]
    bottom: tuple[str, str, str, str]
    vertical: str

    def line(self, parts: tuple[str, str, str, str], widths: Sequence[int]) -> str:
        left, horizontal, divider, right = parts
        return left + divider.join(horizontal * (w + 2) for w in widths) + right


SQUARE = BoxChars(("┌", "─", "┬", "┐"), ("├", "─", "┼", "┤"), ("└", "─", "┴", "┘"), "│")
ASCII = BoxChars(("+", "-", "-", "+"), ("|", "-", "+", "|"), ("+", "-", "-", "+"), "|")


def plain_table(grid: Grid, widths: Sequence[int], ascii_only: bool = False) -> list[str]:
    """The grid's lines in a box, as rich draws Table(box=SQUARE, show_lines=grid.lines):
    cells padded by one space, wrapped as wrap_text does, headers at the bottom of theirs.

    The cells must be printable already (Grid.for_table). Each line of the box is one
    str.format of the pieces of its cells, which does the padding: ~20 µs for a row of eight
    cells over nine lines.
    """
    box = ASCII if ascii_only else SQUARE
    cells_format = f"{box.vertical} " + f" {box.vertical} ".join(
        f"{{:{'>' if column.right else '<'}{width}}}"
        for column, width in zip(grid.columns, widths, strict=True)) + f" {box.vertical}"
    draw = cells_format.format
    right = [i for i, column in enumerate(grid.columns) if column.right]
    rule = box.line(box.rule, widths)
    lines = [box.line(box.top, widths)]

    def add_row(cells: Sequence[str], header: bool = False) -> None:
        stacks = [[cell] if len(cell) <= width and "\n" not in cell else
                  _wrap_printable(cell, width) for cell, width in zip(cells, widths, strict=True)]
        for i in right:  # rich right-justifies a piece without its trailing spaces
            stacks[i] = [piece.rstrip() for piece in stacks[i]]
        if header:  # headers sit at the bottom of their row, cells at the top
            height = max(map(len, stacks))
            stacks = [[""] * (height - len(stack)) + stack for stack in stacks]
        lines.extend(starmap(draw, zip_longest(*stacks, fillvalue="")))

    add_row([column.header for column in grid.columns], header=True)
    lines.append(rule)
    for number, row in enumerate(grid.rows):
        if number and grid.lines:
            lines.append(rule)
        add_row(row)
    if grid.total is not None:
        if grid.rows:
            lines.append(rule)
        add_row(grid.total)
    lines.append(box.line(box.bottom, widths))
    return lines


_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]{2,8} \d{4}\b")  # 1 February 2010, 31 Jan 2010
_GLUE = "\ue000"  # a private-use character standing for a space no line may break at


def wrap_dates_whole(text: str, width: int) -> list[str]:
    """wrap_text, with each date one word (never '1 February' on one line, '2010' on the
    next)."""
    if not _DATE.search(text):
        return wrap_text(text, width)
    glued = _DATE.sub(lambda day: day[0].replace(" ", _GLUE), text)
    return [piece.replace(_GLUE, " ") for piece in wrap_text(glued, width)]


def plain_paragraph(text: str, width: int) -> list[str]:
    """A heading or footer line wrapped at words, without trailing spaces, dates whole.
    Both writers print these lines."""
    return [piece.rstrip(" ") for piece in wrap_dates_whole(text, width)]


def write_plain_table(
    out: IO[str], grid: Grid, *, heading: str = "", footer: Sequence[str] = ()
) -> None:
    """write_table without rich or colour; the same box, widths and line breaks."""
    width = output_width(out)
    lines = plain_paragraph(heading, width) if heading else []
    grid = grid.for_table()
    if grid.rows and grid.columns:
        # Fitted first as if no word were longer than MIN_FLEXIBLE (the usual case, and the
        # fast one); a word cut in two while drawing means measuring its words after all.
        folded = FOLDED[0]
        fitted, widths, left_out = fit_grid(grid, width, words_of_text=False)
        table = plain_table(fitted, widths, is_ascii_only(out)) if widths is not None else []
        if FOLDED[0] != folded:
            fitted, widths, left_out = fit_grid(grid, width)
            table = plain_table(fitted, widths, is_ascii_only(out)) if widths is not None else []
        if widths is None:
            from plantrack.formats.blocks import block_lines, grid_blocks

            # a blank line after the heading and after the last block sets them apart
            lines += [*([""] if lines else []), *block_lines(grid_blocks(grid, width)), ""]
        else:
            if left_out:
                footer = [*footer, left_out_line(left_out)]
            lines += table
    for line in footer:
        lines += plain_paragraph(line, width)
    out.write("\n".join(lines) + "\n" if lines else "")
    out.flush()


def write_plain_details(out: IO[str], heading: str, fields: Sequence[tuple[str, str]]) -> None:
    """write_details without rich: labels in a column, values wrapped beside them (under
    them, indented, where a word would not fit beside)."""
    from plantrack.formats.blocks import block_lines, detail_fields

    width = output_width(out)
    lines = [*plain_paragraph(heading, width),
             *block_lines(detail_fields(_bounded(fields), width))]
    out.write("".join(line + "\n" for line in lines))
    out.flush()


def write_plain_lines(out: IO[str], lines: Sequence[str]) -> None:
    width = output_width(out)
    lines = [value for _, value in _bounded([("", line) for line in lines])]
    out.write("".join(piece + "\n" for line in lines for piece in plain_paragraph(line, width)))
    out.flush()


# -- writers -----------------------------------------------------------------------------------
def write_text(out: IO[str], text: str, encoding: str = "utf-8") -> None:
    """Write as UTF-8 bytes whatever the locale (a Windows pipe would otherwise be cp1252)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode(encoding))
    buffer.flush()


def markdown_cell(text: str) -> str:
    """A cell (or any one line of text) that cannot break a GitHub table or start a block of
    its own: escape.for_markdown (controls, HTML and Markdown syntax; lines joined by <br>)."""
    return for_markdown(text)


def markdown_table(grid: Grid) -> str:
    """A GitHub-flavoured table; the total row, if any, in bold."""
    header = "| " + " | ".join(markdown_cell(c.header) for c in grid.columns) + " |"
    rule = "| " + " | ".join("---:" if c.right else "---" for c in grid.columns) + " |"
    body = ["| " + " | ".join(map(markdown_cell, row)) + " |" for row in grid.rows]
    if grid.total is not None:
        cells = [markdown_cell(cell) for cell in grid.total]
        body.append("| " + " | ".join(f"**{cell}**" if cell.strip() else cell
                                      for cell in cells) + " |")
    return "\n".join([header, rule, *body]) + "\n"


def write_markdown(out: IO[str], grid: Grid, *paragraphs: str, heading: str = "") -> None:
    """An optional bold heading, the table, then each paragraph after a blank line."""
    text = f"**{markdown_cell(heading)}**\n\n" if heading else ""
    text += markdown_table(grid.without_empty_optional())
    for paragraph in paragraphs:
        if paragraph:
            text += "\n" + markdown_cell(paragraph) + "\n"
    write_text(out, text)


def write_table(
    out: IO[str], grid: Grid, *, heading: str = "", footer: Sequence[str] = ()
) -> None:
    """The grid as a boxed table between a heading and footer lines: rich's, in colour, on a
    terminal for a table of at most RICH_MAX_ROWS rows; else the plain writer's, which looks
    the same without colour.

    Ids, dates and counts keep their width; long text wraps at word boundaries (folding only a
    word longer than its column), never ending in '…'. Nothing but the heading and footer is
    printed for a grid without rows.
    """
    if uses_rich(out, len(grid.rows)):
        write_rich_table(out, grid, heading=heading, footer=footer)
    else:
        write_plain_table(out, grid, heading=heading, footer=footer)


def write_details(out: IO[str], heading: str, fields: Sequence[tuple[str, str]]) -> None:
    """Labelled fields in two columns, the values wrapped: `show` for one action."""
    if uses_rich(out):
        write_rich_details(out, heading, fields)
    else:
        write_plain_details(out, heading, fields)


def write_lines(out: IO[str], lines: Sequence[str]) -> None:
    """Plain lines wrapped to the width, the first in bold on a terminal (a recommendation)."""
    if uses_rich(out):
        write_rich_lines(out, lines)
    else:
        write_plain_lines(out, lines)


def markdown_details(heading: str, fields: Sequence[tuple[str, str]]) -> str:
    """`show` for one action in Markdown: a heading and a two-column Field | Value table."""
    grid = Grid([Column("Field"), Column("Value")], [[label, value] for label, value in fields])
    return f"### {markdown_cell(heading)}\n\n{markdown_table(grid)}"


# -- rich, for a terminal ----------------------------------------------------------------------
def make_console(out: IO[str]) -> Any:
    """A rich Console: the terminal's width on a terminal; $COLUMNS or 120 in a pipe or file.

    rich itself leaves out colour when NO_COLOR is set or the output is not a terminal.
    """
    from rich.console import Console

    width = None
    if not is_terminal(out) and not os.environ.get("COLUMNS", "").isdigit():
        width = PIPED_WIDTH
    return Console(file=out, width=width, highlight=False, markup=False, emoji=False)


def write_rich_table(
    out: IO[str], grid: Grid, *, heading: str = "", footer: Sequence[str] = ()
) -> None:
    """write_table through rich: colour for BRAG ratings and long-overdue actions."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = make_console(out)
    parts: list[Any] = paragraph_texts(heading, console.width, "bold") if heading else []
    grid = grid.for_table()
    if grid.rows and grid.columns and fit_grid(grid, console.width)[1] is None:
        from plantrack.formats.blocks import grid_blocks, rich_texts

        parts += [*([Text("")] if parts else []),
                  *rich_texts(grid_blocks(grid, console.width)), Text("")]
    elif grid.rows and grid.columns:
        grid, widths, left_out = fit_grid(grid, console.width)
        if left_out:
            footer = [*footer, left_out_line(left_out)]
        table = Table(box=box.SQUARE, show_lines=grid.lines, header_style="bold")
        for index, column in enumerate(grid.columns):
            table.add_column(column.header, justify="right" if column.right else "left",
                             overflow="fold", width=widths[index] if widths else None)
        last_plain = len(grid.rows) - 1
        for number, row in enumerate(grid.all_rows()):
            cells = [Text(cell, style=(column.style(cell) if column.style else None) or "")
                     for cell, column in zip(row, grid.columns, strict=True)]
            table.add_row(*cells, end_section=grid.total is not None and number == last_plain)
        parts.append(table)
    for line in footer:
        parts += paragraph_texts(line, console.width)
    print_trimmed(console, out, parts)


def print_trimmed(console: Any, out: IO[str], renderables: Sequence[Any]) -> None:
    """Print through rich, without the spaces rich pads short lines with (they make a pasted
    table ragged and a diff of saved output noisy).
    """
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    out.write("\n".join(line.rstrip(" ") for line in captured.get().split("\n")))
    out.flush()


def write_rich_details(out: IO[str], heading: str, fields: Sequence[tuple[str, str]]) -> None:
    """write_plain_details' lines, the heading and labels in bold."""
    from plantrack.formats.blocks import detail_fields, rich_texts

    console = make_console(out)
    print_trimmed(console, out, [*paragraph_texts(heading, console.width, "bold"),
                                 *rich_texts(detail_fields(_bounded(fields), console.width))])


def paragraph_texts(text: str, width: int, style: str = "") -> list[Any]:
    """plain_paragraph's lines as rich Text that rich will not wrap again."""
    from rich.text import Text

    return [Text(line, style=style, no_wrap=True, overflow="ignore")
            for line in plain_paragraph(text, width)]


def write_rich_lines(out: IO[str], lines: Sequence[str]) -> None:

    console = make_console(out)
    lines = [value for _, value in _bounded([("", line) for line in lines])]
    texts = [text for number, line in enumerate(lines)
             for text in paragraph_texts(line, console.width, "bold" if number == 0 else "")]
    print_trimmed(console, out, texts)
