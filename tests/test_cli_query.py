"""The board's questions through the CLI, on the bundled plan at fixed dates.

Exit code, stdout and stderr are checked apart. The expected ids and day counts are the ones
worked out by hand in tests/test_query.py's docstring (from the source plan):
  31 Jan 2010: 5 overdue - 4.6, 1.1, 1.2, 4.5, 5.5; the eight "End of January" actions are
               due that day and not overdue;
  1 Feb 2010: 13 overdue - those five, then the eight January ones at 1 day;
  1 Apr 2010: 35 overdue - add six due in February (32 days) and sixteen due in March (1 day).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from tests.common import MINIMAL_PLAN

REPO_PLAN = str(Path(__file__).resolve().parent.parent / "plan.yaml")
CLEAN_ENV: dict[str, str | None] = {
    "COLUMNS": None, "NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None,
    "PLANTRACK_PLAN": None,
}
JANUARY_FIVE = ["4.6", "1.1", "1.2", "4.5", "5.5"]
END_OF_JANUARY = ["2.7", "3.3", "3.6", "3.7", "5.2", "6.4", "7.4", "8.5"]
END_OF_FEBRUARY = ["4.4", "10.1", "11.3", "11.5", "11.6", "12.6"]
ACTION_KEYS = ["id", "recommendation", "action", "leads", "boards", "due", "due_text", "start",
               "status", "note", "monitoring", "days_overdue", "brag", "original_due",
               "original_due_text", "days_slipped", "due_kind", "status_text", "rag",
               "completed_on"]


def run(*args: str, env: dict[str, str | None] | None = None):
    """plantrack ARGS on the bundled plan; stdout and stderr come back apart (click >= 8.2)."""
    return CliRunner().invoke(app, [*args, "--plan", REPO_PLAN], env={**CLEAN_ENV, **(env or {})})


def json_ids(*args: str) -> list[str]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return [record["id"] for record in json.loads(result.stdout)]


def csv_rows(stdout_bytes: bytes) -> list[dict[str, str]]:
    assert stdout_bytes.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.DictReader(io.StringIO(stdout_bytes.decode("utf-8-sig"), newline="")))


def markdown_rows(stdout: str) -> list[list[str]]:
    """The body rows of the first Markdown table (after the header and the --- rule)."""
    lines = [line for line in stdout.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def header_cells(stdout: str) -> list[str]:
    """A rich table's column headers, each joined back from the lines it wrapped onto."""
    lines = stdout.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┌"))
    rule = next(i for i, line in enumerate(lines) if line.startswith("├"))
    columns = zip(*(line.strip("│").split("│") for line in lines[top + 1:rule]), strict=True)
    return [" ".join(part.strip() for part in parts if part.strip()) for parts in columns]


# -- overdue -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("31/01/2010", JANUARY_FIVE),
        ("1/2/2010", JANUARY_FIVE + END_OF_JANUARY),
        ("2010-02-01", JANUARY_FIVE + END_OF_JANUARY),
        ("1 April 2010", None),  # 35: checked in full below
    ],
)
def test_overdue_ids_at_fixed_dates(as_of: str, expected: list[str] | None) -> None:
    ids = json_ids("overdue", "--as-of", as_of)
    if expected is None:
        assert len(ids) == 35
        assert ids[:13] == JANUARY_FIVE + END_OF_JANUARY
        assert ids[13:19] == END_OF_FEBRUARY
    else:
        assert ids == expected


def test_overdue_table_on_1_february() -> None:
    result = run("overdue", "--as-of", "1/2/2010")
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Overdue on 1 February 2010"
    # 71 actions, 13 completed: 58 open. 4.6, 1.1, 1.2 and 4.5 are more than 30 days late.
    # Eight readable columns need more than 120 characters: Board goes first, and it says so.
    assert lines[-2:] == [
        "13 of 58 open actions overdue on 1 February 2010; 4 by more than 30 days.",
        "Left out for want of width: Board (use a wider window or set COLUMNS, or use --format "
        "markdown).",
    ]
    assert header_cells(result.stdout) == [
        "ID", "Action", "Lead", "Deadline", "Days overdue", "Status", "Latest note"]
    first_cells = [line.split("│")[1].strip() for line in lines if line.startswith("│ ")]
    ids = [cell for cell in first_cells if cell and cell != "ID"]
    assert ids == JANUARY_FIVE + END_OF_JANUARY
    assert "…" not in result.stdout
    assert max(len(line) for line in lines) <= 120


def test_wide_terminal_shows_every_column() -> None:
    result = run("overdue", "--as-of", "1/2/2010", env={"COLUMNS": "150"})
    assert header_cells(result.stdout) == [
        "ID", "Action", "Lead", "Deadline", "Days overdue", "Status", "Board", "Latest note"]
    assert max(len(line) for line in result.stdout.splitlines()) <= 150
    assert "Left out" not in result.stdout


def test_overdue_for_a_board_by_its_alias() -> None:
    result = run("overdue", "--as-of", "1/2/2010", "--board", "Social Care Mgt Team")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Overdue on 1 February 2010 — board Social Care Management Team"
    # 16 actions under that board; 5.1 and 11.7 are completed: 14 open; 4.5 and 3.7 overdue.
    assert lines[-1] == "2 of 14 open actions overdue on 1 February 2010; 1 by more than 30 days."
    assert "│ 4.5 " in result.stdout and "│ 3.7 " in result.stdout


def test_overdue_json_record_in_full() -> None:
    result = run("overdue", "--as-of", "1/2/2010", "--format", "JSON")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [list(record) for record in records] == [ACTION_KEYS] * 13
    # 4.6, from the source: due "February 2009" (28 Feb 2009), 338 days before 1 Feb 2010
    assert records[0] == {
        "id": "4.6",
        "recommendation": "4",
        "action": "Service Managers to conduct a monthly audit of cases that have been "
                  "classified as requiring 'no further action'.",
        "leads": ["Area Social Care Managers", "Service Managers"],
        "boards": ["Area Performance Boards"],
        "due": "2009-02-28",
        "due_text": "February 2009",
        "start": None,
        "status": "in-progress",
        "note": None,
        "monitoring": "Audits will be presented monthly at the Area Performance Boards.",
        "days_overdue": 338,
        "brag": "red",
        "original_due": None,
        "original_due_text": None,
        "days_slipped": None,
        "due_kind": "date",
        "status_text": "in-progress",
        "rag": None,
        "completed_on": None,
    }
    assert records[-1]["id"] == "8.5" and records[-1]["days_overdue"] == 1
    assert records[-1]["brag"] == "amber"
    # the footer goes to stderr, so stdout is pure JSON
    assert result.stderr == ("13 of 58 open actions overdue on 1 February 2010; 4 by more than "
                             "30 days.\n")


def test_overdue_csv_reads_back() -> None:
    result = run("overdue", "--as-of", "1/4/2010", "--format", "csv")
    assert result.exit_code == 0
    rows = csv_rows(result.stdout_bytes)
    assert len(rows) == 35
    assert list(rows[0]) == ACTION_KEYS
    assert rows[0]["id"] == "4.6" and rows[0]["days_overdue"] == "397"
    by_id = {row["id"]: row for row in rows}
    # 7.3's deadline has an en dash; 3.6 has four leads, joined with "; "
    assert by_id["7.3"]["due_text"] == "From January 2010 – by March 2010"
    assert by_id["3.6"]["leads"] == "Tracy Collins; Richard Davies; Rachel Bolt; Sarah Bowman"
    assert by_id["3.6"]["note"] == "" and by_id["3.6"]["due"] == "2010-01-31"


def test_overdue_markdown_has_one_row_per_action() -> None:
    result = run("overdue", "--as-of", "31/1/2010", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("**Overdue on 31 January 2010**\n\n| ID | Action |")
    rows = markdown_rows(result.stdout)
    assert [row[0] for row in rows] == JANUARY_FIVE
    assert rows[0][3] == "February 2009<br>28 Feb 2009"  # deadline as written and as a date
    assert rows[0][4] == "337"
    assert result.stdout.endswith("\n5 of 58 open actions overdue on 31 January 2010; 4 by more "
                                  "than 30 days.\n")


def test_overdue_exit_code() -> None:
    """4, not 1: a CI job tells 'something is overdue' from 'the plan is broken' (1)."""
    assert run("overdue", "--as-of", "1/2/2010", "--exit-code").exit_code == 4
    # 28 Feb 2009 is 4.6's deadline day: nothing is overdue yet
    quiet = run("overdue", "--as-of", "28/02/2009", "--exit-code")
    assert quiet.exit_code == 0
    assert quiet.stdout == ("Overdue on 28 February 2009\n"
                            "Nothing overdue on 28 February 2009 (58 open actions checked).\n")
    # recommendation 9 has nothing overdue on 1 Feb 2010
    assert run("overdue", "--as-of", "1/2/2010", "--rec", "9", "--exit-code").exit_code == 0


# -- filters through the CLI -------------------------------------------------------------------
def test_filters_on_list() -> None:
    assert json_ids("list", "--lead", "cavanaugh") == ["6.2", "8.1", "8.4", "8.5", "10.1", "10.3"]
    assert json_ids("list", "--lead", "Tessa Bailey", "--lead", "betteridge") == [
        "3.7", "3.8", "9.3", "9.5", "10.4"]
    assert json_ids("list", "--status", "to be started") == ["3.8", "4.3", "9.5", "12.1", "12.4"]
    assert json_ids("list", "--status", "ongoing", "--status", "blocked") == [
        "10.5", "10.6", "11.2"]
    assert json_ids("list", "--rec", "1", "--rec", "7") == ["1.1", "1.2", "7.1", "7.2", "7.3",
                                                            "7.4"]
    assert len(json_ids("list", "--area", "looked after")) == 32
    assert json_ids("list", "--search", "CAERPHILLY") == ["3.8", "11.5"]
    assert json_ids("list", "--lead", "collins", "--board", "social care mgt team") == [
        "4.5", "4.7", "5.1", "6.1"]


def test_filters_on_overdue_combine() -> None:
    # Tracy Collins's overdue actions on 1 Feb: 4.5 (32 days), 5.5 (17), 2.7, 3.6, 5.2 (1 each)
    assert json_ids("overdue", "--as-of", "1/2/2010", "--lead", "collins") == [
        "4.5", "5.5", "2.7", "3.6", "5.2"]
    # recommendations 8-12 on 1 April: 8.5 (Jan), then February's, then March's, by lateness
    assert json_ids("overdue", "--as-of", "1/4/2010", "--area", "looked after") == [
        "8.5", "10.1", "11.3", "11.5", "11.6", "12.6", "9.3", "10.2", "10.4", "11.4", "12.1",
        "12.3", "12.5"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--lead", "peter"), "plantrack: --lead 'peter' matches 2 leads: Peter Wilson, Peter "
         "Jackson; give more of the name\n"),
        (("--lead", "colins"), "plantrack: --lead 'colins' matches no lead in the plan; the "
         "closest: Tracy Collins; 'plantrack leads' lists them all\n"),
        (("--status", "sort of"), "plantrack: --status 'sort of' is not a status; use one of: "
         "not-started, in-progress, ongoing, blocked, completed, dropped, or open (not completed "
         "or dropped) or closed (completed or dropped)\n"),
        (("--rec", "99"), "plantrack: --rec '99' is not a recommendation id; the plan has 1, 2, "
         "3, 4, 5, 6, 7, 8, 9, 10, 11, 12\n"),
        (("--as-of", "soon"), None),
        (("--json", "--format", "csv"), "plantrack: give --json or --format csv, not both\n"),
    ],
)
def test_bad_options_exit_2_with_one_line(args: tuple[str, ...], message: str | None) -> None:
    result = run("overdue", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    if message is None:
        assert result.stderr.startswith("plantrack: --as-of: cannot read 'soon'")
    else:
        assert result.stderr == message


def test_broken_plan_exits_1_with_its_problems(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL_PLAN.replace("status: in-progress", "status: sort of"))
    result = CliRunner().invoke(app, ["list", "--plan", str(plan)], env=CLEAN_ENV)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "plan.yaml:10:17: error: unknown status 'sort of'" in result.stderr


def test_as_of_is_read_in_the_plans_date_order(tmp_path: Path) -> None:
    """--as-of 6/1/2010 in a month-first plan is 1 June, as the plan's own dates are read."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("date_order: month-first\n" + MINIMAL_PLAN.lstrip("\n"))
    result = CliRunner().invoke(app, ["list", "--plan", str(plan), "--as-of", "6/1/2010", "--json"],
                                env=CLEAN_ENV)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["days_overdue"] == 121  # 31 Jan to 1 Jun 2010
    month_first_only = CliRunner().invoke(
        app, ["list", "--plan", str(plan), "--as-of", "6/30/2010", "--json"], env=CLEAN_ENV)
    assert month_first_only.exit_code == 0, month_first_only.stderr
    assert json.loads(month_first_only.stdout)[0]["days_overdue"] == 150


# -- due ---------------------------------------------------------------------------------------
def test_due_on_31_january_lists_todays_deadlines() -> None:
    result = run("due", "--as-of", "31/01/2010")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Due from 31 January 2010 to 14 February 2010"
    assert result.stdout.count("│ today ") == 8
    assert json_ids("due", "--as-of", "31/01/2010") == END_OF_JANUARY


def test_due_on_1_february() -> None:
    result = run("due", "--as-of", "1/2/2010")
    assert result.exit_code == 0
    assert result.stdout == (
        "Due from 1 February 2010 to 15 February 2010\n"
        "0 open actions due from 1 February 2010 to 15 February 2010.\n"
        "13 already overdue, not listed here: see plantrack overdue, or add --include-overdue.\n"
    )
    assert json_ids("due", "--as-of", "1/2/2010", "--within", "1m") == END_OF_FEBRUARY
    assert json_ids("due", "--as-of", "1/2/2010", "--within", "4w", "--include-overdue") == (
        JANUARY_FIVE + END_OF_JANUARY + END_OF_FEBRUARY)


def test_due_formats() -> None:
    rows = csv_rows(run("due", "--as-of", "1/2/2010", "--within", "1 month", "-f", "csv")
                    .stdout_bytes)
    assert [row["id"] for row in rows] == END_OF_FEBRUARY
    markdown = run("due", "--as-of", "1/2/2010", "--within", "1m", "--format", "markdown")
    assert [row[0] for row in markdown_rows(markdown.stdout)] == END_OF_FEBRUARY
    assert {row[4] for row in markdown_rows(markdown.stdout)} == {"27 days"}


def test_due_bad_window() -> None:
    result = run("due", "--within", "fortnight")
    assert result.exit_code == 2
    assert result.stderr.startswith("plantrack: --within: cannot read 'fortnight' as a time window")


# -- list --------------------------------------------------------------------------------------
def test_list_every_format() -> None:
    table = run("list", "--rec", "2", "--as-of", "1/2/2010")
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0] == "Actions — recommendation 2"
    assert table.stdout.splitlines()[-1] == "8 of 71 actions; 1 overdue on 1 February 2010."
    records = json.loads(run("list", "--as-of", "1/2/2010", "--json").stdout)
    assert len(records) == 71
    # 2.7 is the one overdue action of rec 2; 2.6 is in progress with time left; 2.1 completed
    brag = {r["id"]: r["brag"] for r in records}
    assert (brag["2.1"], brag["2.6"], brag["2.7"], brag["1.1"]) == ("blue", "green", "amber",
                                                                    "red")
    assert len(csv_rows(run("list", "-f", "csv").stdout_bytes)) == 71
    assert len(markdown_rows(run("list", "-f", "markdown").stdout)) == 71


# -- show --------------------------------------------------------------------------------------
def test_show_action() -> None:
    result = run("show", "3.7", "--as-of", "1/2/2010")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Action 3.7"
    assert "Deadline            By end January 2010 → 31 Jan 2010" in lines
    assert "On 1 February 2010  overdue by 1 day; BRAG Amber" in lines
    record = json.loads(run("show", "3.7", "--json").stdout)
    assert list(record) == [*ACTION_KEYS, "recommendation_title"]
    assert record["leads"] == ["Tessa Bailey"]
    assert record["recommendation_title"].startswith("Ensure that record keeping is improved")
    assert [row["id"] for row in csv_rows(run("show", "3.7", "-f", "csv").stdout_bytes)] == ["3.7"]
    markdown = run("show", "3.7", "-f", "markdown").stdout
    assert markdown.startswith("### Action 3.7\n\n| Field | Value |")


def test_show_recommendation() -> None:
    result = run("show", "9", "--as-of", "1/2/2010")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Recommendation 9: Ensure that care leavers are living in accommodation that is safe.\n"
        "Area: Looked After Children; Timescale: within 3 months\nSuccess criteria:\n")
    assert "Progress: 0 of 7 actions completed (0%), 0 overdue; BRAG Green" in result.stdout
    record = json.loads(run("show", "9", "--json").stdout)
    assert [a["id"] for a in record["actions"]] == [f"9.{n}" for n in range(1, 8)]
    assert record["measures"] == [] and len(record["success_criteria"]) == 3
    markdown = run("show", "9", "-f", "markdown").stdout
    assert markdown.startswith("### Recommendation 9: Ensure that care leavers")
    assert len(markdown_rows(markdown)) == 7


def test_show_unknown_id() -> None:
    result = run("show", "3.77")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("plantrack: no action or recommendation has id '3.77'; did "
                                    "you mean 3.7")


# -- leads and boards --------------------------------------------------------------------------
def test_leads_table_and_formats() -> None:
    result = run("leads", "--as-of", "1/2/2010", "--lead", "collins")
    assert result.exit_code == 0
    # 15 actions: 5 completed, 10 open, 5 overdue (4.5, 5.5, 2.7, 3.6, 5.2), none due by 15 Feb
    assert "│ Tracy Collins │      15 │   10 │       5 │              0 │         5 │" in (
        result.stdout)
    records = json.loads(run("leads", "--as-of", "31/1/2010", "--json").stdout)
    assert list(records[0]) == ["name", "actions", "open", "overdue", "due_next_14_days",
                                "completed", "deadline_tbc"]
    collins = next(r for r in records if r["name"] == "Tracy Collins")
    assert (collins["overdue"], collins["due_next_14_days"]) == (2, 3)  # 4.5, 5.5; 2.7, 3.6, 5.2
    assert any(r["name"] is None for r in records)  # 4.2 and 4.3 have no lead
    rows = csv_rows(run("leads", "-f", "csv").stdout_bytes)
    assert len(rows) == len(records)
    markdown = markdown_rows(run("leads", "-f", "markdown").stdout)
    assert markdown[[r[0] for r in markdown].index("(no lead)")][:2] == ["(no lead)", "2"]


def test_boards_by_alias() -> None:
    records = json.loads(run("boards", "--as-of", "1/2/2010", "--json").stdout)
    names = [r["name"] for r in records]
    assert names[0] == "Area Performance Boards"  # 5 actions, all overdue on 1 Feb
    assert "Social Care Mgt Team" not in names and "Social Care Management Team" in names
    only = json.loads(run("boards", "--board", "caf", "--json").stdout)
    assert [r["name"] for r in only] == ["CAF Board"]


# -- summary -----------------------------------------------------------------------------------
def test_summary_table_with_key_and_totals() -> None:
    result = run("summary", "--as-of", "1/2/2010")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("Progress by recommendation on 1 February 2010\n")
    assert "│ All │ Whole plan" in text
    assert ("Whole plan: 71 actions; 13 completed (18% of those not dropped), 0 dropped; 13 "
            "overdue, 4 of them by more than 30 days; rating Red.") in " ".join(text.split())
    assert "Key: Blue = every action completed or dropped; Red = an action overdue by more than " \
        "30 days;" in " ".join(text.split())


def test_summary_json_csv_markdown() -> None:
    records = json.loads(run("summary", "--as-of", "1/2/2010", "--json").stdout)
    assert [(r["id"], r["brag"]) for r in records] == [
        ("1", "red"), ("2", "amber"), ("3", "amber"), ("4", "red"), ("5", "amber"),
        ("6", "amber"), ("7", "amber"), ("8", "amber"), ("9", "green"), ("10", "green"),
        ("11", "green"), ("12", "green")]
    assert records[1]["counts"] == {"not-started": 0, "in-progress": 3, "ongoing": 0,
                                    "blocked": 0, "completed": 5, "dropped": 0}
    assert records[1]["percent_complete"] == 62
    rows = csv_rows(run("summary", "--as-of", "1/2/2010", "-f", "csv").stdout_bytes)
    assert rows[3]["id"] == "4" and rows[3]["not-started"] == "1" and rows[3]["brag"] == "red"
    markdown = run("summary", "--as-of", "1/2/2010", "-f", "markdown").stdout
    body = markdown_rows(markdown)
    assert len(body) == 13 and body[-1][0] == "**All**"
    assert "Key: Blue = every action completed or dropped" in markdown


def test_summary_red_after() -> None:
    # 1.1 and 1.2 are 93 and 63 days overdue on 1 Feb: Red at 30, Amber at 93
    default = json.loads(run("summary", "--as-of", "1/2/2010", "--rec", "1", "--json").stdout)
    relaxed = json.loads(run("summary", "--as-of", "1/2/2010", "--rec", "1", "--red-after", "93",
                             "--json").stdout)
    assert default[0]["brag"] == "red" and relaxed[0]["brag"] == "amber"
    result = run("summary", "--rec", "1", "--red-after", "93", "--json")
    assert "more than 93 days" in result.stderr
    # filtered: the totals are of what is shown, not of the whole plan
    assert result.stderr.startswith("Total shown: 2 actions; 0 completed (0% of those not "
                                    "dropped)")


@pytest.mark.parametrize("command", ["overdue", "due", "list", "leads", "boards", "summary"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_every_listing_command_in_every_format(command: str, fmt: str) -> None:
    # on 20 March 2010 every command has rows: 16 actions fall due on 31 March
    result = run(command, "--as-of", "20/3/2010", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)
    elif fmt == "csv":
        assert csv_rows(result.stdout_bytes)
    elif fmt == "markdown":
        assert markdown_rows(result.stdout)
    else:
        assert result.stdout and result.stderr == ""


# -- a terminal gets rich's table (in colour), anything else the plain writer's: the same text --
@pytest.mark.parametrize(
    "args",
    [
        ("overdue", "--as-of", "1/4/2010"),
        ("overdue", "--as-of", "1/2/2010", "--board", "Social Care Mgt Team"),
        ("due", "--as-of", "20/3/2010", "--include-overdue"),
        ("list", "--lead", "collins"),
        ("leads", "--as-of", "1/2/2010"),
        ("boards",),
        ("summary", "--as-of", "1/2/2010"),
        ("show", "3.7", "--as-of", "1/2/2010"),
        ("show", "9", "--as-of", "1/2/2010"),
    ],
)
@pytest.mark.parametrize("columns", ["70", "120", "200"])
def test_terminal_and_piped_tables_are_the_same_text(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], columns: str,
) -> None:
    from plantrack.formats import render

    piped = run(*args, env={"COLUMNS": columns})
    drawn_by: list[str] = []
    for name in ("write_rich_table", "write_rich_details", "write_rich_lines"):
        def spy(*args: object, _name: str = name, _real: object = getattr(render, name),
                **kwargs: object) -> None:
            drawn_by.append(_name)
            _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(render, name, spy)
    monkeypatch.setattr(render, "is_terminal", lambda out: True)
    on_terminal = run(*args, env={"COLUMNS": columns, "NO_COLOR": "1"})
    assert drawn_by  # rich drew it
    assert (on_terminal.exit_code, on_terminal.stderr) == (piped.exit_code, piped.stderr) == (0, "")
    assert on_terminal.stdout == piped.stdout
    # at 70 columns most tables cannot keep their rules and are blocks (test_cli_widths.py)
    assert "│" in piped.stdout or args[0] == "show" or columns == "70"


def test_a_terminal_shows_colour_for_late_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    from plantrack.formats import render

    monkeypatch.setattr(render, "is_terminal", lambda out: True)
    result = run("summary", "--as-of", "1/2/2010", env={"FORCE_COLOR": "1", "COLUMNS": "150"})
    assert result.exit_code == 0
    assert "\x1b[1;31mRed" in result.stdout  # BRAG Red in bold red
    assert "\x1b[" not in run("summary", "--as-of", "1/2/2010").stdout

# The README's and docs' examples, queries and `set` alike, are run and compared with what they
# show by tests/test_docs_examples.py.
