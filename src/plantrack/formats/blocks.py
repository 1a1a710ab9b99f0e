"""A table too wide for the window, drawn as one block of `Field: value` lines per row.

When a table cannot give every fixed column (id, date, status, count) its whole width and
every text column MIN_FLEXIBLE characters and its longest word, even after leaving out the
columns that may go, crushing it would split ids, dates and words mid-way. Each row becomes a
block instead, as `git log` and `gh issue view` print one item after another:

    ID:           4.5
    Action:       Project group to established to develop a
                  triage team/integrated assessment team
    Lead:         Tracy Collins
                  Elaine Petch

Nothing is left out. A value that is too narrow beside its label, or that has a word too long
to fit there, starts on the next line, indented by two spaces. Both writers (plain and rich)
print these same lines; rich only adds bold labels and the columns' colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from plantrack.formats.render import MIN_FLEXIBLE, Grid, wrap_dates_whole

HANGING = "  "  # a value that cannot sit beside its label starts under it, indented


class Field(NamedTuple):
    """One labelled value as printed: its lines, how many characters of the first line are
    the label, and the rich style of the value (None: plain)."""

    lines: list[str]
    label: int
    style: str | None = None


def _longest_word(text: str) -> int:
    return max(map(len, text.split()), default=0)


def labelled(label: str, value: str, width: int, label_width: int, gap: int) -> list[str]:
    """`value` wrapped beside `label` (padded to label_width, then `gap` spaces); under it,
    indented, when there is less than MIN_FLEXIBLE beside it or a word would not fit there.
    """
    beside = width - label_width - gap
    if beside >= MIN_FLEXIBLE and _longest_word(value) <= beside:
        pieces = wrap_dates_whole(value, beside) if value else [""]
        pad = " " * (label_width + gap)
        return [f"{label:{label_width}}{' ' * gap}{pieces[0]}".rstrip(" "),
                *(f"{pad}{piece}".rstrip(" ") for piece in pieces[1:])]
    under = max(1, width - len(HANGING))
    return [*(piece.rstrip(" ") for piece in wrap_dates_whole(label, width)),
            *(f"{HANGING}{piece}".rstrip(" ") for piece in wrap_dates_whole(value, under) if value)]


def grid_blocks(grid: Grid, width: int) -> list[Field | None]:
    """Every row of the grid (the total last) as fields; None between rows (a blank line).
    Blank cells are left out of their block.
    """
    labels = [f"{column.header}:" for column in grid.columns]
    label_width = max(map(len, labels), default=0)
    fields: list[Field | None] = []
    for number, row in enumerate(grid.all_rows()):
        if number:
            fields.append(None)
        for column, label, cell in zip(grid.columns, labels, row, strict=True):
            if not cell.strip():
                continue
            style = column.style(cell) if column.style else None
            fields.append(Field(labelled(label, cell, width, label_width, 1), len(label), style))
    return fields


def block_lines(fields: Sequence[Field | None]) -> list[str]:
    return [line for field in fields for line in (field.lines if field else [""])]


def detail_fields(fields: Sequence[tuple[str, str]], width: int) -> list[Field]:
    """`show ID`: labels in a column, values beside them (two spaces apart), as blocks do."""
    label_width = max((len(label) for label, _ in fields), default=0)
    return [Field(labelled(label, value, width, label_width, 2), len(label))
            for label, value in fields]


def rich_texts(fields: Sequence[Field | None]) -> list[Any]:
    """blocks.Field lines as rich Text, unwrapped (they fit): labels bold, values styled."""
    from rich.text import Text

    texts = []
    for field in fields:
        if field is None:
            texts.append(Text(""))
            continue
        for number, line in enumerate(field.lines):
            text = Text(line, no_wrap=True, overflow="ignore")
            start = field.label if number == 0 else 0
            if number == 0:
                text.stylize("bold", 0, field.label)
            if field.style:
                text.stylize(field.style, start, len(line))
            texts.append(text)
    return texts
