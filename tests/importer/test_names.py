"""importer/names.py: a cell is split into names only when every part is one."""

from __future__ import annotations

import pytest

from plantrack.importer.names import NameSplitter, is_board_name


@pytest.mark.parametrize(("cell", "names"), [
    ("Richard Davies / Team Managers/ Service Managers",
     ["Richard Davies", "Team Managers", "Service Managers"]),
    ("Tracy Collins/Elaine Petch", ["Tracy Collins", "Elaine Petch"]),
    ("ASCM / SM", ["ASCM", "SM"]),
    ("Tracy Collins/ Richard Davies, Performance Manager, Social Care / Area Managers",
     ["Tracy Collins/ Richard Davies, Performance Manager, Social Care / Area Managers"]),
    ("Ann Smith and Bo Li", ["Ann Smith", "Bo Li"]),
    ("Children and Families Board", ["Children and Families Board"]),
    ("Social Care Performance and Quality Assurance Board",
     ["Social Care Performance and Quality Assurance Board"]),
    ("Anne Richardson; Area Team Practitioners; Managers",
     ["Anne Richardson", "Area Team Practitioners", "Managers"]),
    ("head of service/ team managers", ["head of service/ team managers"]),
])
def test_split(cell: str, names: list[str]) -> None:
    assert NameSplitter(set()).split(cell) == names


def test_a_name_known_from_another_cell_splits() -> None:
    splitter = NameSplitter({"Finance", "Legal"})
    assert splitter.split("Finance / Legal") == ["Finance", "Legal"]
    assert NameSplitter(set()).split("Finance / Legal") == ["Finance / Legal"]


@pytest.mark.parametrize(("text", "board"), [
    ("Social Care Performance Management Boards", True), ("Workforce Development Group", True),
    ("Through case file audits", False),
    ("Audits from QAF will be reported monthly to the Area Performance Boards", False),
    ("Ann Smith", False),
])
def test_board_or_words_about_monitoring(text: str, board: bool) -> None:
    assert is_board_name(text, set()) is board
