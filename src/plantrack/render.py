"""Writing a Grid (headers and plain-text cells) or records in each output format.

One writer per format, each on its own, so a faster plain-text table can be added beside the
rich one without touching anything else. What goes into the grids and records (which columns,
which keys) is answers.py's business. rich is imported inside the functions that draw, never at
import time, so `plantrack --help` stays instant.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

JSON, CSV, MARKDOWN = "json", "csv", "markdown"  # and "table", the default: anything else
PIPED_WIDTH = 120  # table width when stdout is a file or a pipe and $COLUMNS is not set
FIXED_CAP = 20  # a fixed column (id, date, count) is never wider than this
MIN_FLEXIBLE = 16  # narrower than this, wrapped text is hard to read: leave columns out


# -- plain values ----------------------------------------------------------------------------
def long_date(day: date) -> str:
    """1 February 2010: how a heading says a date (never ambiguous, unlike 01/02/2010)."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def progress_bar(percent: int | None, width: int = 10, ascii_only: bool = False) -> str:
    """A bar of `width` cells, filled in proportion (rounded down: never full before 100%)."""
    if percent is None:
        return ""
    full, empty = ("#", ".") if ascii_only else ("█", "░")
    filled = max(0, min(width, percent * width // 100))
    return full * filled + empty * (width - filled)


# -- grids -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A column for people. `fixed` columns (ids, dates, counts) keep their text's width, so an
    id or a date is never split or cut; the others share what is left by `ratio` and wrap.
    """

    header: str
    fixed: bool = False
    right: bool = False
    ratio: int = 1
    style: Callable[[str], str | None] | None = None
    optional: bool = False  # left out of a table when every cell is empty
    drop_rank: int = 0  # 1, 2, ...: left out, in that order, from a table too narrow for it


@dataclass
class Grid:
    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    total: list[str] | None = None  # a last row set apart (the summary's whole-plan line)
    lines: bool = True  # rule between rows: needed when cells wrap onto several lines

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


def natural_widths(grid: Grid) -> list[int]:
    """What each column needs: its longest line (a fixed one capped at FIXED_CAP), and at least
    the longest word of its header.
    """
    rows = grid.all_rows()
    natural = []
    for index, column in enumerate(grid.columns):
        longest = max((len(line) for row in rows for line in row[index].splitlines()), default=0)
        word = max((len(w) for w in column.header.split()), default=1)
        natural.append(max(word, min(longest, FIXED_CAP) if column.fixed else longest))
    return natural


def fit_widths(grid: Grid, width: int) -> list[int] | None:
    """Content widths for each column of a boxed table `width` characters wide, or None when
    the text columns cannot each have min(MIN_FLEXIBLE, what they need).

    Fixed columns get their natural width. The others share the rest by ratio, water-filling:
    a column that needs less than its share takes only that, one whose share is below its
    minimum gets the minimum, and the rest is shared again. Room to spare then lets long
    headers stay on one line.
    """
    natural = natural_widths(grid)
    widths = list(natural)
    overhead = 3 * len(grid.columns) + 1  # a border and one space each side of every cell
    flexible = [i for i, column in enumerate(grid.columns) if not column.fixed]
    room = width - overhead - sum(natural[i] for i in range(len(natural)) if i not in flexible)
    least = {i: min(MIN_FLEXIBLE, natural[i]) for i in flexible}
    if room < sum(least.values()):
        return None
    while flexible:
        unit = room / sum(grid.columns[i].ratio for i in flexible)
        share = {i: unit * grid.columns[i].ratio for i in flexible}
        settled = [i for i in flexible if natural[i] <= share[i]] or \
            [i for i in flexible if least[i] > share[i]]
        if not settled:
            for i in flexible:
                widths[i] = int(share[i])
            return widths
        for i in settled:
            widths[i] = natural[i] if natural[i] <= share[i] else least[i]
            room -= widths[i]
            flexible.remove(i)
    for i, column in enumerate(grid.columns):
        extra = min(max(0, room), len(column.header) - widths[i])
        if extra > 0:
            widths[i] += extra
            room -= extra
    return widths


def fit_grid(grid: Grid, width: int) -> tuple[Grid, list[int] | None, list[str]]:
    """Leave out droppable columns (lowest drop_rank first) until the text columns fit at a
    readable width. Returns the grid that fits, its widths (None: nothing more can go, let
    rich squeeze it), and the headers left out.
    """
    left_out: list[str] = []
    while True:
        widths = fit_widths(grid, width)
        ranks = [column.drop_rank for column in grid.columns if column.drop_rank]
        if widths is not None or not ranks:
            return grid, widths, left_out
        drop = next(i for i, column in enumerate(grid.columns) if column.drop_rank == min(ranks))
        left_out.append(grid.columns[drop].header)
        grid = grid.keep([i for i in range(len(grid.columns)) if i != drop])


# -- writers ---------------------------------------------------------------------------------
def write_text(out: IO[str], text: str, encoding: str = "utf-8") -> None:
    """Write as UTF-8 bytes whatever the locale (a Windows pipe would otherwise be cp1252)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode(encoding))
    buffer.flush()


def write_json(out: IO[str], records: Any) -> None:
    """Indented JSON, non-ASCII kept as it is (valid UTF-8 JSON), one newline at the end."""
    write_text(out, json.dumps(records, ensure_ascii=False, indent=2) + "\n")


def write_csv(out: IO[str], keys: Sequence[str], records: Sequence[dict[str, Any]]) -> None:
    """CSV that Excel opens with accents intact: UTF-8 with a BOM, lists joined with '; '."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    for record in records:
        writer.writerow([_csv_value(record.get(key)) for key in keys])
    write_text(out, buffer.getvalue(), encoding="utf-8-sig")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def markdown_cell(text: str) -> str:
    """A cell that cannot break a GitHub table: pipes escaped, line breaks as <br>."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.strip().splitlines()) or " "


def markdown_table(grid: Grid) -> str:
    """A GitHub-flavoured table; the total row, if any, in bold."""
    header = "| " + " | ".join(markdown_cell(c.header) for c in grid.columns) + " |"
    rule = "| " + " | ".join("---:" if c.right else "---" for c in grid.columns) + " |"
    rows = list(grid.rows)
    if grid.total is not None:
        rows.append([f"**{cell}**" if cell.strip() else cell for cell in grid.total])
    body = ["| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join([header, rule, *body]) + "\n"


def write_markdown(out: IO[str], grid: Grid, *paragraphs: str, heading: str = "") -> None:
    """An optional bold heading, the table, then each paragraph after a blank line."""
    text = f"**{heading}**\n\n" if heading else ""
    text += markdown_table(grid.without_empty_optional())
    for paragraph in paragraphs:
        if paragraph:
            text += "\n" + paragraph + "\n"
    write_text(out, text)


def make_console(out: IO[str]) -> Any:
    """A rich Console: the terminal's width on a terminal; $COLUMNS or 120 in a pipe or file.

    rich itself leaves out colour when NO_COLOR is set or the output is not a terminal.
    """
    import os

    from rich.console import Console

    width = None
    isatty = getattr(out, "isatty", None)
    if not (isatty and isatty()) and not os.environ.get("COLUMNS", "").isdigit():
        width = PIPED_WIDTH
    return Console(file=out, width=width, highlight=False, markup=False, emoji=False)


def write_table(
    out: IO[str], grid: Grid, *, heading: str = "", footer: Sequence[str] = ()
) -> None:
    """The grid as a boxed rich table between a bold heading and plain footer lines.

    Column widths come from fit_widths, so ids, dates and counts keep their width and long text
    wraps at word boundaries (folding only a word longer than its column), never ending in '…'.
    Nothing but the heading and footer is printed for a grid without rows.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = make_console(out)
    parts: list[Any] = [Text(heading, style="bold")] if heading else []
    if grid.rows:
        grid, widths, left_out = fit_grid(grid.without_empty_optional(), console.width)
        if left_out:
            footer = [*footer, f"Left out for want of width: {', '.join(left_out)} (use a wider "
                      "window or set COLUMNS, or use --format markdown)."]
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
    parts.extend(Text(line) for line in footer)
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


def write_details(out: IO[str], heading: str, fields: Sequence[tuple[str, str]]) -> None:
    """Labelled fields in two columns, the values wrapped: `show` for one action."""
    from rich.table import Table
    from rich.text import Text

    console = make_console(out)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in fields:
        grid.add_row(Text(label), Text(value))
    print_trimmed(console, out, [Text(heading, style="bold"), grid])


def write_lines(out: IO[str], lines: Sequence[str]) -> None:
    """Plain lines wrapped to the width, the first in bold (a recommendation's text)."""
    from rich.text import Text

    console = make_console(out)
    texts = [Text(line, style="bold" if number == 0 else "") for number, line in enumerate(lines)]
    print_trimmed(console, out, texts)


def markdown_details(heading: str, fields: Sequence[tuple[str, str]]) -> str:
    """`show` for one action in Markdown: a heading and a two-column Field | Value table."""
    grid = Grid([Column("Field"), Column("Value")], [[label, value] for label, value in fields])
    return f"### {markdown_cell(heading)}\n\n{markdown_table(grid)}"
