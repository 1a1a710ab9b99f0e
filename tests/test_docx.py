"""The Word pack read back with python-docx: headings, one row per item, shaded BRAG cells."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.formats.docx import SHADES, write
from plantrack.pack import layout
from tests.pack.sample import sample_document


def written(document: layout.Document) -> docx.document.Document:
    buffer = io.BytesIO()
    write(document, buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def headings(doc: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs
            if p.style.name == "Title" or p.style.name.startswith("Heading")]


def fill(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else shading.get(qn("w:fill"))


def test_headings_use_word_styles() -> None:
    assert headings(written(sample_document())) == [
        ("Title", "Safeguarding <Improvement> & *Plan*: progress report"),
        ("Heading 1", "Summary"),
        ("Heading 1", "Progress by recommendation"),
        ("Heading 1", "Exceptions"),
        ("Heading 2", "Overdue"),
        ("Heading 2", "Blocked"),
        ("Heading 2", "Deadline to be confirmed"),
        ("Heading 2", "Owner's rating differs"),
        ("Heading 2", "Deadlines moved"),
        ("Heading 1", "Due before the next meeting"),
        ("Heading 1", "Changes since the last meeting"),
        ("Heading 1", "About these figures"),
    ]


def test_one_table_row_per_item_with_a_repeating_header() -> None:
    doc = written(sample_document())
    _figures, progress, overdue, blocked, tbc, rag, moved, due, changes = doc.tables
    assert [len(t.rows) for t in doc.tables] == [7, 4, 2, 2, 2, 2, 2, 2, 4]  # header, items
    assert [c.text for c in tbc.rows[1].cells][:4] == ["2.3", "Set up the <panel>", "Bo Li",
                                                       "TBC"]
    assert [c.text for c in rag.rows[0].cells][6:8] == ["Owner's RAG", "BRAG"]
    assert [(c.text, fill(c)) for c in rag.rows[1].cells][6:8] == [
        ("Green", SHADES["green"][0]), ("Amber", SHADES["amber"][0])]
    assert [c.text for c in moved.rows[1].cells][3:6] == ["31 Mar 2010", "31 Jan 2010", "59"]
    assert [c.text for c in progress.rows[0].cells] == [
        "Rec", "Recommendation", "Actions", "Not started", "In progress", "Ongoing", "Blocked",
        "Completed", "Dropped", "Overdue", "Done", "BRAG"]
    assert [c.text for c in progress.rows[1].cells][:2] == [
        "1", "Allocate referrals <b>promptly</b> | well"]
    assert [c.text for c in overdue.rows[1].cells] == [
        "1.1", "Monitor allocation of referrals", "Ann Smith", "31 Dec 2009", "", "32",
        "Waiting for | data *soon*"]
    assert blocked.rows[1].cells[2].text == "Bo Li\nAnn Smith"  # a line break in the cell
    assert due.rows[1].cells[0].text == "2.1"
    assert [c.text for c in changes.rows[2].cells] == [
        "20 Jan 2010", "1.2", "Deadline", "January 2010", "March 2010\n(59 days later)",
        "Ann Smith"]
    for table in doc.tables:
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_brag_cells_are_shaded_in_their_colour() -> None:
    progress = written(sample_document()).tables[1]
    brag = [(row.cells[-1].text, fill(row.cells[-1])) for row in progress.rows[1:]]
    assert brag == [("Red", SHADES["red"][0]), ("Amber", SHADES["amber"][0]),
                    ("Red", SHADES["red"][0])]  # the last: the total row
    assert fill(progress.rows[1].cells[1]) is None  # only BRAG cells are coloured


def test_text_that_word_cannot_hold_is_left_out() -> None:
    table = layout.Table([layout.Column("Note")], [["bell\x07 and\x0cform\tfeed"]])
    doc = written(layout.Document("T\x00itle", [], [layout.Paragraph("a\x1bb"),
                                                    table]))
    assert doc.tables[0].rows[1].cells[0].text == "bell andform feed"
    assert [p.text for p in doc.paragraphs if p.text][1] == "ab"


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_any_text_reads_back_from_word_less_what_word_cannot_hold(text: str) -> None:
    table = layout.Table([layout.Column("Note")], [[text]])
    doc = written(layout.Document("T", [], [layout.Paragraph(text), table]))
    assert doc.paragraphs[1].text == layout.clean(text)
    assert doc.tables[0].rows[1].cells[0].text == layout.clean(text)
