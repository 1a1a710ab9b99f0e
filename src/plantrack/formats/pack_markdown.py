"""A laid-out pack (pack/layout.py) as GitHub-flavoured Markdown.

Text from the plan is escaped by escape.for_markdown, as the other Markdown answers are, so it
reads as written: a `*`, `_`, `<tag>`, `[link]`, `|` or `&amp;` in an action never becomes
emphasis, HTML, a link, a new cell or an entity, and a control character shows as `\\x1b`.
"""

from __future__ import annotations

from plantrack.formats.escape import for_markdown
from plantrack.pack.layout import BRAG, NUMBER, Block, Document, Figures, Heading, Key, Table

SWATCH = {"blue": "🟦", "red": "🟥", "amber": "🟧", "green": "🟩"}


def escape(text: str) -> str:
    """Plan text for a heading, a paragraph, a list item or a table cell: escape.for_markdown,
    the one Markdown escaping every format uses (controls shown as escapes, HTML as entities,
    lines joined by <br>, none starting a list or a heading of its own). Empty text stays
    empty, not the one space for_markdown gives, so a bold total row never shows `** **`."""
    return for_markdown(text) if text.strip() else ""


cell = escape  # a table cell is escaped as any other text: for_markdown makes it one line


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
