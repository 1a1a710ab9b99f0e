"""A laid-out pack (pack/layout.py) as a Word document, made with python-docx.

Real Word structure, so a board secretary can restyle or paste it into a paper: the title and
sections use Word's Title and Heading styles, tables are Word tables whose header row repeats
on each page and whose rows never split across pages, and BRAG cells are shaded in their
colour. Text goes in as text runs (python-docx escapes it), without the control characters a
Word file cannot hold (layout.clean, applied here again whoever built the document).
"""

from __future__ import annotations

from typing import IO, Any
from xml.sax.saxutils import escape

from plantrack.pack.layout import (
    BRAG,
    NUMBER,
    Block,
    Column,
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


def _text_xml(text: str) -> str:
    """Cell text as WordprocessingML runs' content: escaped, '\n' as a line break."""
    lines = clean(text).split("\n")
    return "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)


def _row_xml(columns: list[Column], widths: list[int], cells: list[str],
             bold: bool = False) -> str:
    """One body row, as python-docx would write it cell by cell (a row that never splits).

    Written as markup and parsed once per table: python-docx's element API costs about a
    millisecond a cell, so a 10,000-action pack took over 40 s; this takes well under one.
    """
    size = f'<w:sz w:val="{round(TABLE_FONT_PT * 2)}"/>'
    out = ["<w:tr><w:trPr><w:cantSplit/></w:trPr>"]
    for column, width, text in zip(columns, widths, cells, strict=True):
        shade = align = ""
        run = size
        if column.kind == BRAG and text in SHADES:
            fill, ink = SHADES[text]
            shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
            run = f'<w:b/><w:color w:val="{ink}"/>{size}'
            text = text.capitalize()
        elif bold:
            run = f"<w:b/>{size}"
        if column.kind == NUMBER:
            align = '<w:pPr><w:jc w:val="right"/></w:pPr>'
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                   f"<w:p>{align}<w:r><w:rPr>{run}</w:rPr>{_text_xml(text)}</w:r></w:p></w:tc>")
    out.append("</w:tr>")
    return "".join(out)


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
        widths = [grid_column.width.twips for grid_column in table.columns]
        for column, grid_column, cell in zip(columns, table.columns, header.cells, strict=True):
            cell.width = grid_column.width
            self._fill(cell, column.header, "", bold=True)
            self._shade(cell, HEADER_FILL)
        rows = [_row_xml(columns, widths, cells) for cells in block.rows]
        if block.total is not None:
            rows.append(_row_xml(columns, widths, block.total, bold=True))
        if rows:
            from docx.oxml import parse_xml
            from docx.oxml.ns import nsdecls

            table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"))
        self.doc.add_paragraph()  # Word runs two adjacent tables together

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.doc.add_heading(clean(block.text), level=max(1, min(block.level - 1, 9)))
        elif isinstance(block, Paragraph):
            self.doc.add_paragraph(clean(block.text))
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figures):
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
