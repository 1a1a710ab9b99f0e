"""Plan text made safe for where it is shown: a terminal, a message, Markdown, CSV for Excel.

A plan is hand-edited text, and anyone who can edit it can put in escape sequences that clear
a terminal or retitle it (ESC, in Unicode's control categories Cc and Cf), HTML or Markdown
that turns a cell into headings and links, or a formula that Excel runs. Each destination has
ONE function here, applied where cells and messages are made (render.py, records.py, the
messages of cli.py), so no path can forget it:

- `for_terminal`: every Cc/Cf character (and the line and paragraph separators U+2028/9)
  except tab and newline is shown as a visible escape (`\\x1b`, `\\u202e`);
- `for_message`: the same, newline included: a message is one line;
- `for_markdown`: that, and Markdown/HTML syntax neutralised, lines joined by `<br>`;
- `for_csv`: that (keeping newlines inside a cell), and a text that Excel would read as a
  formula prefixed with `'`, as OWASP recommends.

All but for_markdown are idempotent (escaping twice changes nothing; Markdown's escapes are
themselves escaped again, as they must be), and each costs one regular-expression search for
text with nothing to escape. JSON needs none of this: its encoder escapes controls itself.

`replace_unencodable` is the same idea for a stdout that is not UTF-8 (a Windows redirect is
cp1252): what it cannot encode is replaced by the nearest ASCII (`→` by `->`), not a crash
(messages.tolerate_encoding installs it).
"""

from __future__ import annotations

import re

# Unicode's Cc (controls) and Cf (format: zero-width, bidi overrides, tags) as of Unicode 14
# (Python 3.11), plus U+2028/U+2029 (line and paragraph separators). Written out because
# finding them with unicodedata at start-up would cost 100 ms; tests/formats/test_escape.py
# checks the list against the running Python's unicodedata.
CONTROL_RANGES = (
    (0x00, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD),
    (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F),
    (0x2028, 0x2029), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)


def _char_class(ranges: tuple[tuple[int, int], ...], keep: str) -> str:
    """A regular expression matching one character of `ranges` but not of `keep`."""
    kept = sorted(map(ord, keep))
    parts = []
    for first, last in ranges:
        for code in kept:  # split a range around each character kept
            if first <= code <= last:
                if first < code:
                    parts.append((first, code - 1))
                first = code + 1
        if first <= last:
            parts.append((first, last))
    return "[" + "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in parts) + "]"


# Patterns are kept as text and compiled on first use (re caches them): compiling
# them all at import would cost every run of plantrack a millisecond and a half.
_IN_TEXT = _char_class(CONTROL_RANGES, "\t\n")  # tab and newline: text needs them
_IN_LINE = _char_class(CONTROL_RANGES, "\t")  # a message is one line


def visible(char: str) -> str:
    """`\\x1b`, `\\u200b`, `\\U000e0041`: the escape a person can read and search for."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _visible_match(match: re.Match[str]) -> str:
    return visible(match.group())


_PLAIN_ASCII = bytes(range(0x20, 0x7F))


def _suspects(text: str, keep: bytes) -> str:
    """The characters of `text` that are not printable ASCII or in `keep`: its controls and
    its non-ASCII characters (few, in real plans), found with C-speed bytes operations.

    The character class searched over a whole text costs about 45 ns a character, fifteen
    times this; so the class is only ever searched over what this leaves.
    """
    if text.isascii():
        return text.encode("ascii").translate(None, keep).decode("ascii")
    raw = text.encode("utf-8", "surrogatepass")
    return raw.translate(None, keep).decode("utf-8", "surrogatepass")


def has_controls(text: str) -> bool:
    """Does for_terminal change this text?"""
    rest = _suspects(text, _PLAIN_ASCII + b"\t\n")
    return bool(rest) and not rest.isprintable() and re.search(_IN_TEXT, rest) is not None


def for_terminal(text: str) -> str:
    """Text for a terminal: every control and format character except tab and newline shown
    as a visible escape, so plan text can never drive the terminal."""
    if not has_controls(text):
        return text
    return re.sub(_IN_TEXT, _visible_match, text)


def for_message(text: str) -> str:
    """A one-line message (errors, warnings, echoes): for_terminal, and newlines shown as
    `\\x0a` too, so quoted plan text cannot fake a second message line."""
    rest = _suspects(text, _PLAIN_ASCII + b"\t")
    if not rest or rest.isprintable() or re.search(_IN_LINE, rest) is None:
        return text
    return re.sub(_IN_LINE, _visible_match, text)


# -- Markdown --------------------------------------------------------------------------------
# Inline syntax anywhere: backslash-escaped (CommonMark lets any ASCII punctuation be).
# '<' '>' become entities: no renderer reads &lt; as a tag. '&' only where it would start one.
_MD_INLINE = r"[\\`*_\[\]|~#<>]|&(?=#?[A-Za-z0-9]+;)"
_MD_REPLACE = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# What makes a line a list item ('- x', '1. x', '1) x'), or a heading's underline or a
# thematic break ('===', '---'), where the line starts; its end is where a backslash goes.
_MD_LINE_START = r"^(?:(?=[-+](?:\s|$))|\d{1,9}(?=[.)](?:\s|$))|(?=[-=]+\s*$))"


def _markdown_inline(match: re.Match[str]) -> str:
    found = match.group()
    return _MD_REPLACE.get(found) or "\\" + found


def for_markdown(text: str) -> str:
    """Text for one Markdown line: a table cell, a heading, a paragraph or a list item.

    Controls are shown as escapes; HTML and Markdown syntax are neutralised; each line is
    stripped and the lines are joined with `<br>`, so no text can start a heading, a list, a
    quote or a table of its own. An empty text is one space (an empty cell stays a cell).
    """
    if has_controls(text):
        text = re.sub(_IN_TEXT, _visible_match, text)
    text = re.sub(_MD_INLINE, _markdown_inline, text)
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        start = re.match(_MD_LINE_START, line)
        if start is not None:
            line = line[:start.end()] + "\\" + line[start.end():]
        if line:
            lines.append(line)
    return "<br>".join(lines) or " "


# -- CSV ---------------------------------------------------------------------------------------
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what Excel may read as a formula (OWASP)
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"  # -3, +1.5: Excel reads a number, not a formula


def for_csv(text: str) -> str:
    """A cell for a spreadsheet: a leading `'` where Excel would see a formula (a number such
    as `-3` stays a number), then controls shown as escapes (newlines stay: a cell may hold
    several lines)."""
    if text.startswith(FORMULA_STARTS) and not re.fullmatch(_NUMBER, text):
        text = "'" + text
    if has_controls(text):
        text = re.sub(_IN_TEXT, _visible_match, text)
    return text


_FORMULA_AFTER_BREAK = r"\n[=+\-@\t\r]"


def csv_column_needs_care(cells: list[str]) -> bool:
    """Might any of these cells change under for_csv? A column at once, joined by newlines:
    most need nothing (a line inside a cell may send one here for nothing)."""
    joined = "\n".join(cells)
    if joined.startswith(FORMULA_STARTS) or re.search(_FORMULA_AFTER_BREAK, joined):
        return True
    return has_controls(joined)


# -- encodings ---------------------------------------------------------------------------------
_NEAREST = {
    "→": "->", "←": "<-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
    "…": "...", "•": "*", "█": "#", "░": ".", "×": "x", "≤": "<=", "≥": ">=", "\u00a0": " ",
}


def nearest_ascii(char: str) -> str:
    """What to write for a character an encoding lacks: an ASCII look-alike, a box-drawing
    character's ASCII line, the letter without its accent, else '?'."""
    import unicodedata

    if char in _NEAREST:
        return _NEAREST[char]
    if "\u2500" <= char <= "\u257f":  # box drawing: rich's and ours
        name = unicodedata.name(char, "")
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        return "+"
    if "\ud800" <= char <= "\udfff":  # a byte the command line could not decode
        return "?"
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return bare if bare.isascii() and bare.isprintable() and bare else "?"


def replace_unencodable(error: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: what an encoding lacks, as nearest_ascii gives it."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    piece = error.object[error.start:error.end]
    return "".join(map(nearest_ascii, piece)), error.end
