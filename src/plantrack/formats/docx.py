"""A laid-out pack (pack/layout.py) as a Word document, made with python-docx.

Real Word structure, so a board secretary can restyle or paste it into a paper: the title and
sections use Word's Title and Heading styles, tables are Word tables whose header row repeats
on each page and whose rows never split across pages, and BRAG cells are shaded in their
colour. Text goes in as text runs (python-docx escapes it), without the control characters a
Word file cannot hold (layout.clean, applied here again whoever built the document).
"""

from __future__ import annotations

from typing import IO, Any

from plantrack.pack.layout import (
    BRAG,
    NUMBER,
    Block,
    Document,
    Figures,
    Heading,
    Key,
    Paragraph,
    Table,
    clean,
)

# Fill colours (hex RGB) of BRAG cells, and the text colour that reads on each.
SHADES = {"blue": ("1F5FAE", "FFFFFF"), "red": ("C0392B", "FFFFFF"),
          "amber": ("F0A020", "000000"), "green": ("2E7D4F", "FFFFFF")}
HEADER_FILL = "E3E8F0"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_MM = 210, 297, 15
TABLE_FONT_PT = 8.5


class _Writer:
    """Adds blocks to one python-docx Document."""

    def __init__(self) -> None:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt, RGBColor

        self.OxmlElement, self.qn, self.Pt, self.RGBColor = OxmlElement, qn, Pt, RGBColor
        self.right = WD_ALIGN_PARAGRAPH.RIGHT
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        self.text_width = Mm(PAGE_WIDTH_MM - 2 * MARGIN_MM)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)

    # -- cells and rows ---------------------------------------------------------------------
    def _shade(self, cell: Any, fill: str) -> None:
        shading = self.OxmlElement("w:shd")
        shading.set(self.qn("w:val"), "clear")
        shading.set(self.qn("w:color"), "auto")
        shading.set(self.qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)

    def _row_property(self, row: Any, name: str) -> None:
        """<w:tblHeader/> (repeat on each page) or <w:cantSplit/> (keep on one page)."""
        row._tr.get_or_add_trPr().append(self.OxmlElement(name))

    def _fill(self, cell: Any, text: str, kind: str, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        if kind == BRAG and text in SHADES:
            fill, ink = SHADES[text]
            self._shade(cell, fill)
            run = paragraph.add_run(text.capitalize())
            run.bold = True
            run.font.color.rgb = self.RGBColor.from_string(ink)
        else:
            run = paragraph.add_run(clean(text))  # '\n' becomes a line break in the cell
            run.bold = bold or None
            if kind == NUMBER:
                paragraph.alignment = self.right
        run.font.size = self.Pt(TABLE_FONT_PT)

    # -- blocks -----------------------------------------------------------------------------
    def title(self, document: Document) -> None:
        self.doc.add_heading(clean(document.title), level=0)
        for label, value in document.facts:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{clean(label)}: ").bold = True
            paragraph.add_run(clean(value))

    def table(self, block: Table) -> None:
        columns = block.columns
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.autofit = False
        share = sum(column.width for column in columns) or 1
        for column, grid_column in zip(columns, table.columns, strict=True):
            grid_column.width = int(self.text_width * column.width / share)
        header = table.rows[0]
        self._row_property(header, "w:cantSplit")  # (the schema's order: cantSplit first)
        self._row_property(header, "w:tblHeader")
        for column, grid_column, cell in zip(columns, table.columns, header.cells, strict=True):
            cell.width = grid_column.width
            self._fill(cell, column.header, "", bold=True)
            self._shade(cell, HEADER_FILL)
        rows = [(row, False) for row in block.rows]
        if block.total is not None:
            rows.append((block.total, True))
        for cells, bold in rows:
            row = table.add_row()
            self._row_property(row, "w:cantSplit")
            for column, cell, text in zip(columns, row.cells, cells, strict=True):
                self._fill(cell, text, column.kind, bold)
        self.doc.add_paragraph()  # Word runs two adjacent tables together

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.doc.add_heading(clean(block.text), level=max(1, min(block.level - 1, 9)))
        elif isinstance(block, Paragraph):
            self.doc.add_paragraph(clean(block.text))
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figures):
            from plantrack.pack.layout import Column

            self.table(Table([Column("Figure", width=4), Column("Number", NUMBER)],
                             [[label, value] for label, value in block.items]))
        elif isinstance(block, Key):
            for colour, meaning in block.entries:
                paragraph = self.doc.add_paragraph(style="List Bullet")
                run = paragraph.add_run(colour.capitalize())
                run.bold = True
                run.font.color.rgb = self.RGBColor.from_string(SHADES[colour][0])
                paragraph.add_run(f": {clean(meaning)}")


def write(document: Document, out: str | IO[bytes]) -> None:
    """Save the document as a .docx file at `out` (a path or a binary stream)."""
    writer = _Writer()
    writer.title(document)
    for block in document.blocks:
        writer.block(block)
    writer.doc.save(out)
