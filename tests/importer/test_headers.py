"""importer/headers.py: headings → fields, whatever the case and punctuation."""

from __future__ import annotations

import pytest

from plantrack.errors import UsageError
from plantrack.importer import headers as h
from plantrack.importer.readers import ImportUnreadable, Table


@pytest.mark.parametrize(("heading", "field"), [
    ("Ref", "id"), ("No.", "id"), ("ID", "id"), ("Recommendation", "recommendation"),
    ("Action(s)", "action"), ("Actions/tasks", "action"), ("Milestone", "action"),
    ("Management action", "action"), ("Lead officer", "lead"), ("Responsible Officer", "lead"),
    ("Owner", "lead"), ("Responsible party", "lead"), ("By when", "due"), ("By When", "due"),
    ("Deadline", "due"), ("Target date", "due"), ("Due date", "due"), ("Timescale", "due"),
    ("Revised date", "revised_due"), ("Revised deadline", "revised_due"),
    ("Status", "status"), ("Status of action", "status"), ("Progress", "status"),
    ("Status Completed / Underway", "status"), ("RAG", "rag"), ("BRAG", "rag"),
    ("Monitoring", "monitored"), ("How will progress be monitored?", "monitored"),
    ("Board", "board"), ("Update", "note"), ("Comments", "note"),
    ("Progress update", "note"), ("Date completed", "completed_on"),
])
def test_usual_headings(heading: str, field: str) -> None:
    found = h.heading_field(h.fold(heading))
    assert found is not None and found[0] == field


@pytest.mark.parametrize(("heading", "field"), [
    ("Lead Officer(s)", "lead"), ("Responsible Officer(s)", "lead"), ("Owner(s)", "lead"),
    ("Board(s)", "board"), ("Recommendation(s)", "recommendation"), ("Comment(s)", "note"),
    ("Target Date(s)", "due"),
])
def test_a_plural_written_with_brackets_is_the_heading_it_pluralises(
    heading: str, field: str
) -> None:
    """Found importing a hand-written tracker: `Lead Officer(s)` became an extra field, so
    every action had no lead."""
    found = h.heading_field(h.fold(heading))
    assert found is not None and found[0] == field


def table(*rows: list) -> Table:
    return Table("Actions", [list(row) for row in rows], "sheet")


def test_unknown_columns_become_extra_fields_and_nothing_is_dropped() -> None:
    mapping = h.map_columns(table(
        ["Ref", "Finding", "Priority", "Management action", "£ cost (k)", "Comments", "Notes"],
        ["1", "x", "High", "Do", "5", "a", "b"]), {})
    assert [(c.field, c.extra) for c in mapping.columns] == [
        ("id", False), ("recommendation", False), ("priority", True), ("action", False),
        ("cost_k", True), ("note", False), ("notes", True)]


@pytest.mark.parametrize("headings", [
    ["Rec No.", "Recommendation", "Action", "Lead"],
    ["Recommendation", "Recommendation number", "Action", "Lead"],
    ["Finding ref", "Finding", "Action", "Lead"],
])
def test_a_numbered_and_a_worded_recommendation_column_are_its_key_and_its_title(
    headings: list[str],
) -> None:
    """Found importing a hand-written tracker: `Rec No.` then `Recommendation` kept the
    recommendation's words as an extra field of every action, and the recommendation had no
    title."""
    mapping = h.map_columns(table(headings, ["1", "Improve", "Do", "Ann"]), {})
    fields = {c.heading: (c.field, c.extra) for c in mapping.columns}
    numbered = next(x for x in headings[:2] if fold_last(x) in ("no", "number", "ref"))
    worded = next(x for x in headings[:2] if x != numbered)
    assert fields[numbered] == ("recommendation", False)
    assert fields[worded] == ("recommendation_title", False)


def fold_last(heading: str) -> str:
    return h.fold(heading).split()[-1]


def test_two_worded_recommendation_columns_keep_the_second_as_an_extra_field() -> None:
    mapping = h.map_columns(table(["Recommendation", "Finding", "Action"], ["a", "b", "c"]), {})
    assert [(c.field, c.extra) for c in mapping.columns] == [
        ("recommendation", False), ("finding", True), ("action", False)]


def test_header_row_found_below_a_title() -> None:
    mapping = h.map_columns(table(["Action plan 2024"], [], ["Action", "Lead", "Status"],
                                  ["Do", "Ann", "Done"]), {})
    assert mapping.header_row == 2


def test_map_overrides_and_names_extra_fields() -> None:
    maps = h.parse_maps(["Officer=lead", "What we will do = action", "Cost=budget"])
    mapping = h.map_columns(table(["What we will do", "Officer", "Cost"], ["x", "y", "z"]), maps)
    assert mapping.describe() == [
        'A "What we will do" → action [--map]', 'B "Officer" → lead [--map]',
        'C "Cost" → budget (an extra field, declared under fields:) [--map]']


@pytest.mark.parametrize("written", ["Officer", "=lead", "Officer=", "Officer=Lead Name"])
def test_malformed_maps_are_usage_errors(written: str) -> None:
    with pytest.raises(UsageError):
        h.parse_maps([written])


def test_no_header_row_is_unreadable_and_says_what_to_do() -> None:
    with pytest.raises(ImportUnreadable, match='--map "Heading=action"'):
        h.map_columns(table(["a", "b"], ["c", "d"]), {})


def test_plantrack_export_is_recognised_and_its_computed_columns_skipped() -> None:
    mapping = h.map_columns(table(
        ["id", "recommendation", "action", "leads", "due", "due_text", "days_overdue", "brag"],
        ["1.1", "1", "x", "A", None, "Ongoing", None, "green"]), {})
    assert mapping.export
    assert [c.field for c in mapping.of("due")] == ["due", "due"]
    assert mapping.of("due")[0].heading == "due_text"
    assert mapping.describe()[4] == 'E "due" → due, where the column before is empty'
    assert [c.field for c in mapping.columns][-2:] == ["skip", "skip"]


def test_a_second_column_for_a_field_is_kept_not_dropped() -> None:
    mapping = h.map_columns(table(["Action", "Status", "Status update", "Lead", "Owner"],
                                  ["Do", "Done", "All finished", "Ann", "Bo"]), {})
    assert [(c.field, c.extra) for c in mapping.columns] == [
        ("action", False), ("status", False), ("status_update", True), ("lead", False),
        ("owner", True)]
