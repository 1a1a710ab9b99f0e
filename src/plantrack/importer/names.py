"""Telling names from words in lead and board cells, so a cell is split only when it is a list.

`Richard Davies / Team Managers/ Service Managers` is three leads; `Tracy Collins/ Richard
Davies, Performance Manager, Social Care` is not cleanly anything, and `Children and Families
Board` is one board. A `;` always separates names (plantrack's own export joins them so). A
cell is split on `/` or ` and ` only when every part is a name already written alone elsewhere
in the sheet, or reads as one: for `/`, capitalised words (`Team Managers`, `LAC Ops Group`) or
an acronym (`ASCM`); for ` and `, which joins words inside names too, only a person's first
and last name (`Ann Smith`).
"""

from __future__ import annotations

import re

_SPLIT_SOFT = re.compile(r"\s*/\s*")
_SPLIT_AND = re.compile(r"\s+(?:and|&)\s+")
_CONNECTORS = frozenset({"of", "the", "for", "and", "&", "de", "van", "von", "le", "la", "da",
                         "in", "on", "to"})
_WORD = re.compile(r"[A-Z][\w'’.\-]*|[A-Z]{2,}[’']?s?", re.UNICODE)
_BOARD_WORDS = frozenset({"board", "boards", "group", "groups", "team", "teams", "panel",
                          "panels", "committee", "committees", "forum", "meeting", "meetings",
                          "partnership", "network", "qeg", "lscb", "executive", "sub-group",
                          "subgroup", "steering"})


def _is_capitalised_word(word: str) -> bool:
    return bool(_WORD.fullmatch(word)) or word in _CONNECTORS


def plausible_name(text: str) -> bool:
    """Capitalised words, or an acronym; no digits, commas or brackets; at most six words."""
    words = text.split()
    if not words or len(words) > 6 or len(text) > 60 or re.search(r"[\d,():]", text):
        return False
    if len(words) == 1:
        return bool(re.fullmatch(r"[A-Z]{2,}(?:[’']s)?", text))  # ASCM, SM, ASCM's
    return words[0][0].isupper() and all(map(_is_capitalised_word, words))


def person_name(text: str) -> bool:
    """First and last name (a middle initial allowed): what ` and ` may separate."""
    words = text.split()
    return 2 <= len(words) <= 3 and plausible_name(text) and not (
        {w.casefold() for w in words} & _BOARD_WORDS)


class NameSplitter:
    def __init__(self, known: set[str]) -> None:
        self.known = {" ".join(name.split()).casefold() for name in known}

    def is_known(self, text: str) -> bool:
        return " ".join(text.split()).casefold() in self.known

    def split(self, text: str) -> list[str]:
        """The names in a cell: split where every part is one, else the cell whole."""
        text = " ".join(text.split())
        if ";" in text:
            return [name for part in text.split(";") if (name := part.strip())]
        if self.is_known(text):
            return [text]
        parts = [p for p in _SPLIT_SOFT.split(text) if p]
        if len(parts) > 1 and all(self.is_known(p) or plausible_name(p) for p in parts):
            return [q for p in parts for q in self._split_and(p)]
        return self._split_and(text)

    def _split_and(self, text: str) -> list[str]:
        if self.is_known(text):
            return [text]
        parts = [p for p in _SPLIT_AND.split(text) if p]
        if len(parts) > 1 and all(self.is_known(p) or person_name(p) for p in parts):
            return parts
        return [text]

    def looks_joined(self, text: str) -> bool:
        """Has a `/`, the separator that most often joins names that could not be split."""
        return bool(_SPLIT_SOFT.search(text))


def is_board_name(text: str, known: set[str]) -> bool:
    """A board's name rather than words about monitoring (`Through case file audits`)."""
    folded = " ".join(text.split()).casefold()
    words = set(folded.replace("’", "'").split())
    if folded.startswith(("through", "via", "by ", "at ", "monthly", "quarterly", "weekly")):
        return False
    last = folded.split()[-1] if folded else ""
    if last in _BOARD_WORDS and len(folded.split()) <= 8 and not re.search(r"[\d,]", text):
        return True  # `Social care Performance and Quality assurance Board`
    return bool(words & _BOARD_WORDS) and (plausible_name(text) or folded in known)
