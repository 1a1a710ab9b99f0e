"""The HTML pack: escaped, self-contained, and printed by a real browser as a reader sees it.

The printing tests run headless Chromium (Debian's `chromium` package; .ci/run installs it)
and read the PDF back with pdftotext (poppler-utils). Where either is missing they are
skipped, and pytest's summary (-ra) prints why.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.formats.html import css_string, render
from plantrack.pack import layout
from tests.pack.sample import sample_document

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def test_plan_text_is_escaped_and_nothing_is_fetched() -> None:
    page = render(sample_document())
    assert "Allocate referrals &lt;b&gt;promptly&lt;/b&gt; | well" in page
    assert "<title>Safeguarding &lt;Improvement&gt; &amp; *Plan*: progress report</title>" in page
    assert "<b>" not in page
    for fetching in ("<script", "<link", "<img", "src=", "href=", "@import", "url("):
        assert fetching not in page
    assert "@page" in page and "<thead>" in page
    assert "break-inside: avoid" in page


def test_brag_cells_carry_their_colour() -> None:
    page = render(sample_document())
    assert '<td class="brag brag-red">Red</td>' in page
    assert '<td class="brag brag-amber">Amber</td>' in page


def test_a_hostile_title_cannot_end_the_style_sheet() -> None:
    page = render(layout.Document('</style><script>x()</script>"', [], []))
    style = page[page.index("<style>"):page.index("</style>")]
    assert "<" not in style.replace("<style>", "")
    assert str(css_string('a"b\\c')) == "a\\22 b\\5c c"


# -- printed ------------------------------------------------------------------------------------
def printer() -> tuple[str, str]:
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        pytest.skip("no Chromium to print the HTML pack with (apt-get install chromium)")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("no pdftotext to read the printed pack (apt-get install poppler-utils)")
    return browser, pdftotext


def print_pages(document: layout.Document, folder: Path) -> list[str]:
    """The document printed to PDF by headless Chromium: the text of each page."""
    browser, pdftotext = printer()
    page = folder / "pack.html"
    page.write_text(render(document), encoding="utf-8")
    pdf = folder / "pack.pdf"
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False)
    if not pdf.exists():
        pytest.skip(f"Chromium could not print here: {done.stderr.strip()[-300:]}")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def test_the_sample_pack_prints_on_two_a4_pages(tmp_path: Path) -> None:
    pages = print_pages(sample_document(), tmp_path)
    assert len(pages) == 2
    words = " ".join(" ".join(pages).split())
    for text in ("Safeguarding <Improvement> & *Plan*: progress report", "Progress by",
                 "Exceptions", "Monitor allocation of referrals", "Due before the next meeting",
                 "About these figures", "Page 1 of 2"):
        assert text in words
    assert "Page 2 of 2" in pages[1]


def test_a_long_table_repeats_its_header_and_never_splits_a_row(tmp_path: Path) -> None:
    text = " ".join(["words that wrap over several lines of the cell"] * 4)
    rows = [[f"{n}.1", f"BEGIN{n:03d} {text} END{n:03d}", "Ann Smith", "31 Dec 2009", "", "32",
             "A note"] for n in range(60)]
    table = layout.exception_table([], layout.OVERDUE)._replace(rows=rows)
    pages = print_pages(layout.Document("Long", [], [layout.Heading(2, "Overdue"), table]),
                        tmp_path)
    assert len(pages) > 2
    for page in pages:
        assert re.search(r"ID\s+Action\s+Lead\s+Deadline", page)  # the header, on every page
    for n in range(60):
        holding = [i for i, page in enumerate(pages) if f"BEGIN{n:03d}" in page]
        assert len(holding) == 1
        assert f"END{n:03d}" in pages[holding[0]]  # the row's start and end on one page


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_any_text_reads_back_from_the_page_as_written(text: str) -> None:
    """Autoescape: a browser shows the plan's text, whatever it holds, and nothing else."""
    page = render(layout.Document("T", [], [layout.Paragraph(text)]))
    found = re.search(r"<body>.*<p>(.*?)</p>\s*</body>", page, re.S)
    assert found is not None
    assert html.unescape(found.group(1)) == text
    assert "<" not in found.group(1)
