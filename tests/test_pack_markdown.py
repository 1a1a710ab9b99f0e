"""The Markdown pack, checked exactly, and text from the plan that must not become Markdown."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.formats.pack_markdown import cell, escape, render
from plantrack.pack import layout
from tests.pack.sample import sample_document, sample_pack

EXPECTED = (Path(__file__).parent / "data" / "pack-sample.md").read_text(encoding="utf-8")


def test_the_whole_pack_exactly() -> None:
    assert render(sample_document()) == EXPECTED


@pytest.mark.parametrize(("text", "markdown"), [
    ("a * b _c_ `d`", r"a \* b \_c\_ \`d\`"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),  # never a tag
    ("[link](http://x)", r"\[link\](http://x)"),
    ("x | y", r"x \| y"),
    ("&amp; & &#169;", r"&amp;amp; & &amp;\#169;"),
    ("# not a heading", r"\# not a heading"),
    ("1. not a list", r"1\. not a list"),
    ("- not a bullet", r"\- not a bullet"),
    ("back\\slash", r"back\\slash"),
    ("~~struck~~", r"\~\~struck\~\~"),
    ("-3 and 1.10", "-3 and 1.10"),  # no list starts with these: nothing to escape
    ("a\u202eb\x1b[2J", r"a\\u202eb\\x1b\[2J"),  # controls as escapes, backslash escaped
])
def test_escape_shows_the_text_as_written(text: str, markdown: str) -> None:
    assert escape(text) == markdown


def test_a_cell_is_one_line_and_ids_stay_plain() -> None:
    assert cell("Ann Smith\nBo Li") == "Ann Smith<br>Bo Li"
    assert cell("  \n2.10\n") == "2.10"  # no list escape inside a table cell
    assert cell("") == ""


def test_lead_pack_has_only_that_leads_lists() -> None:
    from plantrack.pack.model import for_lead

    text = render(layout.lead_pack(for_lead(sample_pack(), "Bo Li")))
    assert text.startswith("# Actions for Bo Li\n")
    assert "| 1.2 | Agree the new rota | Bo Li<br>Ann Smith | 31 Mar 2010 | 31 Jan 2010 | 59 |" \
        in text  # its deadline moved; that it is blocked is the board's list, not Bo Li's
    assert "| 2.3 | Set up the &lt;panel&gt; | Bo Li | TBC |" in text
    assert "Nothing of yours is overdue." in text
    assert "1.1" not in text  # Ann Smith's


# -- properties: whatever the plan says, a Markdown reader shows exactly that -------------------
# Cf is left out as Cc is: format characters (U+202E) are shown as escapes, not as written.
_TEXT = st.text(st.characters(codec="utf-8",
                              exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")),
                max_size=60).map(lambda text: " ".join(text.split()))


def _markdown_reader():
    from markdown_it import MarkdownIt  # rich's own dependency: there wherever plantrack is

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_a_paragraph_reads_back_as_written(text: str) -> None:
    rendered = _markdown_reader().render(escape(text))
    shown = html.unescape(re.sub(r"^<p>|</p>\n$", "", rendered)) if text else ""
    assert shown == text


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_a_table_cell_reads_back_as_written(text: str) -> None:
    rendered = _markdown_reader().render(f"| Head |\n| --- |\n| {cell(text)} |\n")
    found = re.search(r"<td>(.*)</td>", rendered)
    assert html.unescape(found.group(1) if found else "") == text
