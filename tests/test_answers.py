"""What each answer shows: JSON keys, table cells, the BRAG key, `show` details."""

from __future__ import annotations

import io
import json
from datetime import date

from plantrack.answers import (
    ACTION_KEYS,
    NAME_KEYS,
    RECOMMENDATION_KEYS,
    SUMMARY_KEYS,
    action_grid,
    action_record,
    brag_key,
    deadline_cell,
    detail_rows,
    due_in,
    emit,
    name_grid,
    name_record,
    plan_line,
    recommendation_lines,
    recommendation_markdown,
    recommendation_record,
    summary_csv_record,
    summary_grid,
    summary_record,
)
from plantrack.formats.render import Column, Grid
from plantrack.plan.load import load_text, require_plan
from plantrack.plan.model import Plan
from plantrack.query import Filters, NameTally, item, recommendation_tally, select, summarise

FEB_1 = date(2010, 2, 1)


def sample_plan() -> Plan:
    text = (
        "title: T\n"
        "aliases: {Ann Smyth: Ann Smith}\n"
        "recommendations:\n"
        '  - id: "1"\n'
        "    title: Do better\n"
        "    area: Safeguarding\n"
        "    success_criteria: [Better]\n"
        "    actions:\n"
        '      - {id: "1.1", action: "A | B", lead: [Ann Smyth, Bo Li], due: End of January 2010,'
        " status: in-progress, note: Half done, board: QB}\n"
        '      - {id: "1.2", action: C, due: Ongoing, status: ongoing}\n'
        '      - {id: "1.3", action: D, start: Jan 2010, due: 1/2/2010, status: completed}\n'
    )
    return require_plan(load_text(text))


def items_of(plan: Plan, as_of: date = FEB_1) -> list:
    selection = select(plan, Filters())
    rec = plan.recommendations[0]
    return [item(selection, action, rec, as_of) for action in rec.actions]


def test_action_record_keys_and_values() -> None:
    first = items_of(sample_plan())[0]
    record = action_record(first)
    assert tuple(record) == ACTION_KEYS
    assert record["leads"] == ["Ann Smith", "Bo Li"]  # after aliases
    assert (record["due"], record["due_text"], record["start"]) == (
        "2010-01-31", "End of January 2010", None)
    assert (record["days_overdue"], record["brag"]) == (1, "amber")
    json.dumps(record)  # every value is JSON as it is


def test_deadline_and_due_in_cells() -> None:
    late, ongoing, done = (it.action for it in items_of(sample_plan()))
    assert deadline_cell(late) == "End of January 2010\n31 Jan 2010"
    assert deadline_cell(ongoing) == "Ongoing\n(no deadline)"
    assert due_in(late, date(2010, 1, 31)) == "today"
    assert due_in(late, date(2010, 1, 30)) == "tomorrow"
    assert due_in(late, date(2010, 1, 21)) == "10 days"
    assert due_in(late, date(2010, 2, 1)) == "1 day late"
    assert due_in(late, date(2010, 2, 3)) == "3 days late"
    assert due_in(ongoing, FEB_1) == "–"
    assert done.start == date(2010, 1, 1)


def test_action_grid_cells_follow_the_view() -> None:
    grid = action_grid(items_of(sample_plan()), ("id", "lead", "days_overdue", "brag", "note"),
                       FEB_1)
    assert [c.header for c in grid.columns] == ["ID", "Lead", "Days overdue", "BRAG",
                                                "Latest note"]
    assert grid.rows == [
        ["1.1", "Ann Smith\nBo Li", "1", "Amber", "Half done"],
        ["1.2", "–", "", "Green", ""],
        ["1.3", "–", "", "Blue", ""],
    ]


def test_summary_grid_leaves_out_statuses_no_action_has() -> None:
    plan = sample_plan()
    rows, total = summarise(plan, select(plan, Filters()), FEB_1)
    grid = summary_grid(rows, total)
    headers = [c.header for c in grid.columns]
    assert headers == ["Rec", "Title", "In progress", "Ongoing", "Completed", "Overdue", "Done",
                       "Progress", "BRAG"]
    assert grid.rows == [["1", "Do better", "1", "1", "1", "1", "33%", "███░░░░░░░", "Amber"]]
    assert grid.total is not None and grid.total[:2] == ["All", "Whole plan"]
    assert summary_csv_record(rows[0])["completed"] == 1
    assert plan_line(total, 30) == ("Whole plan: 3 actions; 1 completed (33% of those not "
                                    "dropped), 0 dropped; 1 overdue, 0 of them by more than 30 "
                                    "days; rating Amber.")


def test_brag_key_names_the_thresholds() -> None:
    assert brag_key(45) == (
        "Key: Blue = every action completed or dropped; Red = an action overdue by more than 45 "
        "days; Amber = an action overdue by up to 45 days, blocked, not started and due "
        "within 14 days, or with its deadline still to be confirmed (TBC); Green = otherwise on "
        "track."
    )


def test_name_grid_shows_actions_without_a_name() -> None:
    grid = name_grid([NameTally("Ann Smith", 2, 1, 1, 0, 1), NameTally(None, 1, 1, 0, 0, 0)],
                     "board")
    assert grid.rows == [["Ann Smith", "2", "1", "1", "0", "1"], ["(no board)", "1", "1", "0",
                                                                  "0", "0"]]
    assert grid.columns[4].header == "Due in 14 days"


def test_detail_rows_say_where_the_action_stands() -> None:
    late, ongoing, done = items_of(sample_plan())
    details = dict(detail_rows(late, FEB_1))
    assert details["Recommendation"] == "1: Do better"
    assert details["Lead"] == "Ann Smith, Bo Li"
    assert details["Deadline"] == "End of January 2010 → 31 Jan 2010"
    assert details["On 1 February 2010"] == "overdue by 1 day; BRAG Amber"
    assert dict(detail_rows(ongoing, FEB_1))["On 1 February 2010"] == "no deadline; BRAG Green"
    assert dict(detail_rows(done, FEB_1))["Start"] == "Jan 2010 (1 Jan 2010)"
    on_time = items_of(sample_plan(), date(2010, 1, 21))[0]
    assert dict(detail_rows(on_time, date(2010, 1, 21)))["On 21 January 2010"] == (
        "due in 10 days; BRAG Green")


def test_recommendation_text_and_markdown() -> None:
    plan = sample_plan()
    rec = plan.recommendations[0]
    lines = recommendation_lines(rec, recommendation_tally(rec, FEB_1))
    assert lines == [
        "Recommendation 1: Do better",
        "Area: Safeguarding",
        "Success criteria:",
        "  • Better",
        "Progress: 1 of 3 actions completed (33%), 1 overdue; BRAG Amber",
    ]
    assert recommendation_markdown(lines) == (
        "### Recommendation 1: Do better\n\nArea: Safeguarding\n\nSuccess criteria:\n- Better\n"
        "\nProgress: 1 of 3 actions completed (33%), 1 overdue; BRAG Amber\n\n"
    )


def test_emit_returns_the_footer_for_json_and_csv_only() -> None:
    grid = Grid([Column("ID")], [["1.1"]])
    for fmt, returned in (("json", ["1 action."]), ("csv", ["1 action."]), ("markdown", []),
                          ("table", [])):
        out = io.StringIO()
        footer = emit(out, fmt, grid=lambda: grid, records=lambda: [{"id": "1.1"}],
                      keys=("id",), footer=["1 action."])
        assert footer == returned
        assert "1.1" in out.getvalue()
        assert ("1 action." in out.getvalue()) == (not returned)


def test_documented_keys_are_the_keys_written() -> None:
    plan = sample_plan()
    rec = plan.recommendations[0]
    tally = recommendation_tally(rec, FEB_1)
    assert tuple(summary_record(tally)) == SUMMARY_KEYS
    assert tuple(recommendation_record(rec, tally, items_of(plan))) == RECOMMENDATION_KEYS
    assert tuple(name_record(NameTally("Ann Smith"))) == NAME_KEYS


def test_answer_modules_import_nothing_heavy() -> None:
    """Every question imports these modules: what they need only to draw or to suggest is
    imported when it is used (rich about 20 ms, dateutil, difflib, csv, json, textwrap)."""
    import subprocess
    import sys

    heavy = ("rich", "dateutil", "difflib", "csv", "json", "textwrap", "yaml", "openpyxl",
             "jsonschema")
    code = ("import sys; import plantrack.answers, plantrack.query, plantrack.plan.names, "
            "plantrack.formats.render, plantrack.formats.records, "
            "plantrack.formats.destination; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert found == "[]\n"


def test_the_command_line_imports_no_spreadsheet_or_schema_library() -> None:
    """openpyxl and jsonschema load only in the commands that write or check with them."""
    import subprocess
    import sys

    code = ("import sys; import plantrack.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', "
            "'jsonschema', 'yaml')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert found == "[]\n"


def test_the_deadline_cell_shows_the_deadline_it_moved_from_and_tbc() -> None:
    from plantrack.plan.model import Action

    moved = Action("4.5", "4", "x", "in-progress", due=date(2010, 3, 31),
                   due_text="End of March 2010", original_due=date(2009, 12, 31),
                   original_due_text="Dec 09", due_kind="date")
    assert deadline_cell(moved) == "End of March 2010 (was Dec 09; +90 days)\n31 Mar 2010"
    earlier = Action("1", "1", "x", "in-progress", due=date(2009, 12, 30), due_text="30/12/2009",
                     original_due=date(2009, 12, 31), original_due_text="Dec 09")
    assert deadline_cell(earlier) == "30/12/2009 (was Dec 09; -1 day)\n30 Dec 2009"
    tbc = Action("1", "1", "x", "not-started", due_text="To be confirmed", due_kind="tbc")
    assert deadline_cell(tbc) == "TBC"
    unagreed = Action("1", "1", "x", "not-started", due_text="TBC", due_kind="tbc",
                      original_due=date(2009, 12, 31), original_due_text="Dec 09")
    assert deadline_cell(unagreed) == "TBC (was Dec 09)"
    record = action_record(item(select(sample_plan(), Filters()), moved,
                                sample_plan().recommendations[0], FEB_1))
    assert (record["original_due"], record["original_due_text"], record["days_slipped"],
            record["due_kind"]) == ("2009-12-31", "Dec 09", 90, "date")
