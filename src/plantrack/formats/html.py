"""A laid-out pack (pack/layout.py) as one self-contained HTML page that prints on A4.

jinja2 with autoescape on, so nothing from the plan can become markup. The page has its CSS
inline and no scripts, fonts, images or links to fetch, so it can be e-mailed or opened
offline; on paper, table headers repeat on every page and no row is split across two.
"""

from __future__ import annotations

from typing import Any

from plantrack.pack.layout import Block, Document, Figures, Heading, Key, Paragraph, Table

BRAG_COLOURS = ("blue", "red", "amber", "green")


def css_string(text: str) -> Any:
    """Text as the inside of a CSS string in a <style> element: anything but letters, digits
    and plain punctuation as a CSS escape, so no quote or `</style>` can end it."""
    from markupsafe import Markup

    safe = "".join(ch if ch.isalnum() or ch in " .,:;-()'" else f"\\{ord(ch):x} " for ch in text)
    return Markup(safe)


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _block(block: Block) -> dict[str, Any]:
    """A block as the template reads it: its kind, and cells split into lines."""
    if isinstance(block, Heading):
        return {"kind": "heading", "level": min(max(block.level, 1), 6), "text": block.text}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text}
    if isinstance(block, Figures):
        return {"kind": "figures", "figures": block.items}
    if isinstance(block, Key):
        return {"kind": "key", "entries": block.entries}
    assert isinstance(block, Table)
    total_width = sum(column.width for column in block.columns) or 1
    return {
        "kind": "table",
        "columns": block.columns,
        "widths": [round(column.width * 100 / total_width, 1) for column in block.columns],
        "rows": [[_lines(text) for text in row] for row in block.rows],
        "total": [_lines(text) for text in block.total] if block.total else None,
    }


def render(document: Document) -> str:
    """The whole page as text (UTF-8 when written)."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("plantrack.formats", "templates"),
        autoescape=True,
        trim_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["css_string"] = css_string
    template = environment.get_template("pack.html")
    doc = {"title": document.title, "facts": document.facts,
           "blocks": [_block(block) for block in document.blocks]}
    return template.render(doc=doc, colours=BRAG_COLOURS)
