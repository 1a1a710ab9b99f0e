"""formats/escape.py: the one place plan text is made safe for each destination."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from plantrack.formats.escape import (
    CONTROL_RANGES,
    for_csv,
    for_markdown,
    for_message,
    for_terminal,
    nearest_ascii,
    visible,
)


def test_the_written_out_ranges_are_exactly_unicodes_cc_and_cf() -> None:
    """CONTROL_RANGES saves 100 ms of start-up over asking unicodedata; if a newer Unicode
    adds format characters, this fails: add them to CONTROL_RANGES."""
    listed = {code for first, last in CONTROL_RANGES for code in range(first, last + 1)}
    expected = {code for code in range(sys.maxunicode + 1)
                if unicodedata.category(chr(code)) in ("Cc", "Cf")} | {0x2028, 0x2029}
    assert sorted(expected - listed) == [], f"Unicode {unicodedata.unidata_version}"
    assert sorted(listed - expected) == []


def test_visible_escapes() -> None:
    assert visible("\x1b") == "\\x1b"
    assert visible("\u202e") == "\\u202e"
    assert visible("\U000e0041") == "\\U000e0041"
    assert for_terminal("a\x1b[2Jb\tc\nd\u200b") == "a\\x1b[2Jb\tc\nd\\u200b"
    assert for_message("a\nb\tc") == "a\\x0ab\tc"
    assert for_terminal("Zoë – café 😀 \\x1b") == "Zoë – café 😀 \\x1b"  # nothing to do


ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40) | \
    st.text(alphabet=st.sampled_from("ab \n\t\r\x1b\x07\u200b\u202e\u2028=+-@<>|#*_[]()`\\&;1."),
            max_size=40)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
                 "\u2060-\u2064\u2066-\u206f\ufeff\U000e0001\U000e0020-\U000e007f]")


@given(ANY_TEXT)
def test_no_control_survives_and_escaping_twice_changes_nothing(text: str) -> None:
    shown = for_terminal(text)
    assert not RAW.search(shown)
    assert for_terminal(shown) == shown
    line = for_message(text)
    assert "\n" not in line and not RAW.search(line)
    assert for_message(line) == line
    cell = for_csv(text)
    assert for_csv(cell) == cell
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", cell):  # -3 stays a number
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@given(ANY_TEXT)
def test_markdown_is_one_line_with_no_html_and_no_block_start(text: str) -> None:
    shown = for_markdown(text)
    assert "\n" not in shown and not RAW.search(shown)
    assert "<" not in shown.replace("<br>", "") and ">" not in shown.replace("<br>", "")
    for line in shown.split("<br>"):
        assert not re.match(r"[-+*] |[-+*]$|\d+[.)]( |$)|#|>|=+$|-+$|\|", line), line


def test_markdown_by_example() -> None:
    assert for_markdown("") == " "
    assert for_markdown("1.10") == "1.10"  # an id stays as it is
    assert for_markdown("a | b") == "a \\| b"
    assert for_markdown("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert for_markdown("[a](http://x) *b* _c_ `d`") == \
        "\\[a\\](http://x) \\*b\\* \\_c\\_ \\`d\\`"
    assert for_markdown("x\n# heading\n- item\n1. one\n===") == \
        "x<br>\\# heading<br>\\- item<br>1\\. one<br>\\==="
    assert for_markdown("AT&amp;T & co") == "AT&amp;amp;T & co"


def test_nearest_ascii() -> None:
    assert [nearest_ascii(c) for c in "→–—…•█░┌─│┼é😀"] == \
        ["->", "-", "-", "...", "*", "#", ".", "+", "-", "|", "+", "e", "?"]
