"""A laid-out pack (pack/layout.py) as GitHub-flavoured Markdown.

Text from the plan is escaped so that it reads as written: a `*`, `_`, `<tag>`, `[link]`, `|`
or `&amp;` in an action never becomes emphasis, HTML, a link, a new cell or an entity.
"""

from __future__ import annotations

import re

from plantrack.pack.layout import BRAG, NUMBER, Block, Document, Figures, Heading, Key, Table

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])", re.MULTILINE)
_BULLET_START = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
SWATCH = {"blue": "🟦", "red": "🟥", "amber": "🟧", "green": "🟩"}


def escape_inline(text: str) -> str:
    """Plain text as Markdown that shows exactly that text, within a line or a table cell."""
    return _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", text))


def escape(text: str) -> str:
    """escape_inline, and a line that starts like a list item ('1.', '-') does not start one."""
    text = _LIST_START.sub(r"\1\2\\\3", escape_inline(text))
    return _BULLET_START.sub(r"\1\\\2", text)


def cell(text: str) -> str:
    """A table cell: escaped, its lines joined by <br> (a cell is one line in Markdown)."""
    lines = [escape_inline(line.strip()) for line in text.splitlines() if line.strip()]
    return "<br>".join(lines)


def brag(colour: str) -> str:
    return f"{SWATCH[colour]} {colour.capitalize()}" if colour in SWATCH else ""


def table(block: Table) -> str:
    kinds = [column.kind for column in block.columns]
    lines = ["| " + " | ".join(cell(c.header) for c in block.columns) + " |",
             "| " + " | ".join("---:" if k == NUMBER else "---" for k in kinds) + " |"]

    def row(cells: list[str], bold: bool = False) -> str:
        shown = [brag(text) if kind == BRAG else cell(text)
                 for kind, text in zip(kinds, cells, strict=True)]
        if bold:
            shown = [f"**{text}**" if text else text for text in shown]
        return "| " + " | ".join(shown) + " |"

    lines += [row(cells) for cells in block.rows]
    if block.total is not None:
        lines.append(row(block.total, bold=True))
    return "\n".join(lines)


def block_text(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape(block.text)}"
    if isinstance(block, Table):
        return table(block)
    if isinstance(block, Figures):
        return "\n".join(["| Figure | Number |", "| --- | ---: |",
                          *(f"| {cell(label)} | {cell(value)} |" for label, value in block.items)])
    if isinstance(block, Key):
        return "\n".join(f"- {brag(colour)}: {escape(meaning)}"
                         for colour, meaning in block.entries)
    return escape(" ".join(block.text.split()))


def render(document: Document) -> str:
    """The whole document: the title, its facts as a list, then each block."""
    parts = [f"# {escape(document.title)}",
             "\n".join(f"- **{escape(label)}:** {escape(value)}"
                       for label, value in document.facts)]
    parts += [block_text(block) for block in document.blocks]
    return "\n\n".join(parts) + "\n"
