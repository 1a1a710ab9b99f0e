"""`plantrack import` through the command line, on trackers built here in real layouts."""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.plan.load import load_path
from tests.common import dedent
from tests.test_cli_query import CLEAN_ENV, REPO_PLAN
from tests.test_schema import schema_errors

SEED_HEADER = ["Actions/tasks", "Lead officer", "By when", "Status of action",
               "How will progress be monitored?"]
# The seed plan's own layout: an area heading, a numbered recommendation row, its actions; the
# header repeated (and varied) above the next recommendation's actions.
SEED_ROWS = [
    SEED_HEADER,
    ["Safeguarding - within 3 months"],
    ["1. Ensure all new referrals are allocated when a decision has been made to undertake an "
     "initial assessment"],
    ["Area Managers to monitor allocation of referrals and timeliness of initial assessments.",
     "Area Social Care Managers", "October 2009", "Monitoring arrangements in place",
     "Social Care Performance Management Boards"],
    ["Social Care Performance Manager to provide performance information to Team Managers on a "
     "weekly basis to enable monitoring of assessment activity.",
     "Richard Davies / Team Managers/ Service Managers", "November 2009",
     "Performance information being provided", "Social Care Performance management Boards"],
    ["2. Improve the timeliness and quality of assessments, case planning and the consistency "
     "of managerial oversight of cases"],
    ["Actions/tasks", "Lead officer", "By When", "Status Completed / Underway",
     "How will progress be monitored?"],
    ["Performance and Quality assurance Board to monitor performance in initial and core "
     "assessments.", "Tracy Collins/ Richard Davies, Performance Manager, Social Care / Area "
     "Managers", "From September 2009", "Completed.",
     "Social care Performance and Quality assurance Board"],
    ["Produce a weekly report of assessment activity for each of the teams.", "Richard Davies",
     "By Nov 09", "Completed", "Social care Performance and Quality assurance Board"],
    ["Revise the exemplars for initial and core assessments", "Elaine Petch", "Nov 2009",
     "In progress", "Through Case file audits"],
    # the Word layout's lists: success criteria, then after a blank line the measures
    ["Success criteria:"],
    ["- Plans are well defined, with specific objectives"],
    ["- Risk is analysed and managed"],
    [None],
    ["- Timeliness of assessments improves month on month"],
]


def workbook(path: Path, rows: list[list], title: str = "Actions") -> Path:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=CLEAN_ENV)
    return result.exit_code, result.stdout, result.stderr


def test_the_seed_layout(here: Path) -> None:
    workbook(here / "seed.xlsx", SEED_ROWS)
    code, out, err = run("import", "seed.xlsx")
    assert code == 1  # written, with the statuses and a `From` deadline to settle
    assert err.startswith('Read sheet "Actions" of seed.xlsx: 2 recommendations, 5 actions; '
                          "wrote plan.yaml with ")
    text = (here / "plan.yaml").read_text()
    assert '  - id: "1"\n    title: Ensure all new referrals are allocated' in text
    assert "    area: Safeguarding\n    timescale: within 3 months\n" in text
    assert "        lead: [Richard Davies, Team Managers, Service Managers]\n" in text
    assert "        board: Social Care Performance Management Boards\n" in text
    assert "        monitoring: Through Case file audits\n" in text
    assert "        board: Social care Performance and Quality assurance Board\n" in text
    # statuses as written, with the mapping they need proposed as comments
    assert "        status: Monitoring arrangements in place\n" in text
    assert "#   Monitoring arrangements in place: completed  # ?\n" in text
    assert "#   Performance information being provided: in-progress  # ?\n" in text
    lines = out.splitlines()
    assert ("Actions!B8 → plan.yaml:{}:15: warning: 'Tracy Collins/ Richard Davies, Performance "
            "Manager, Social Care / Area Managers' was kept as one name").format(
        _line(text, "lead: Tracy Collins/")) in out
    from_error = next(line for line in lines if line.startswith("Actions!C8 "))
    assert from_error.startswith(f"Actions!C8 → plan.yaml:{_line(text, 'due: From')}:14: error:")
    status_error = next(line for line in lines if line.startswith("Actions!D4 "))
    assert "error:" in status_error and "Monitoring arrangements in place" in status_error
    ids = [line.split('"')[1] for line in text.splitlines() if line.startswith("      - id: ")]
    assert ids == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert textwrap.indent(dedent(
        """
            success_criteria:
              - Plans are well defined, with specific objectives
              - Risk is analysed and managed
            measures:
              - Timeliness of assessments improves month on month
            actions:
        """), "    ") in text


def test_the_title_above_the_first_recommendation_becomes_the_plans(here: Path) -> None:
    workbook(here / "seed.xlsx", [
        ["Inspection of Safeguarding and Looked After Children"], ["APPENDIX A"],
        ["Recommendation:"], ["1. Ensure all new referrals are allocated"], SEED_HEADER,
        ["Monitor allocation", "Area Managers", "October 2009", "In progress", "Board"]])
    assert run("import", "seed.xlsx")[0] == 0
    plan = load_path(here / "plan.yaml").plan
    assert plan is not None
    assert plan.title == "Inspection of Safeguarding and Looked After Children"
    assert [(r.id, r.title, [a.id for a in r.actions]) for r in plan.recommendations] == [
        ("1", "Ensure all new referrals are allocated", ["1.1"])]


def _line(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_csv_saved_by_excel_in_windows_1252(here: Path) -> None:
    data = ("Ref,Action,Lead,Deadline,Status,Comments,Budget,Date completed\r\n"
            "1.1,Agree the officer\x92s budget,Ann Smith,March 2010,Complete,"
            "\"Signed off: \x93final\x94\",\"\xa35,000\",12/03/2010\r\n"
            "1.2,Review the \xa3 spend,Bo Li,mid April 2010,Not started,,,\r\n")
    (here / "tracker.csv").write_bytes(data.encode("latin-1"))
    code, out, err = run("import", "tracker.csv", "-o", "plan.yaml")
    assert (code, out) == (0, "")
    assert err == ("Read tracker.csv (Windows-1252): 1 recommendation, 2 actions; wrote plan.yaml "
                   "with 0 errors, 0 warnings\n")
    text = (here / "plan.yaml").read_text(encoding="utf-8")
    assert "fields:\n  - budget\n" in text
    assert "        budget: £5,000\n" in text
    plan = load_path(here / "plan.yaml").plan
    assert plan is not None and plan.fields == ("budget",)
    first, second = plan.actions
    assert first.text == "Agree the officer’s budget"
    assert (first.status, first.status_text) == ("completed", "Complete")
    assert first.note == "Signed off: “final”"
    assert first.completed_on == date(2010, 3, 12)
    assert dict(first.extra) == {"budget": "£5,000"}
    assert (second.text, second.status, second.due_text) == (
        "Review the £ spend", "not-started", "mid April 2010")


AUDIT_HEADER = ["Ref", "Finding", "Priority", "Management action", "Responsible officer",
                "Target date", "Revised date", "Status", "RAG", "Update"]
AUDIT_ROWS = [
    AUDIT_HEADER,
    ["1.1", "Weak controls over purchase cards", "High",
     "Introduce monthly reconciliation of purchase card statements", "Jo Bloggs",
     datetime(2024, 3, 31), datetime(2024, 6, 30), "In progress", "Amber",
     "Reconciliations started in April"],
    ["1.2", None, "Medium", "Issue guidance on card limits", "Jo Bloggs / Sam Patel",
     datetime(2024, 1, 31), None, "Partially implemented", "G", "Guidance issued 12/01/2024"],
    ["2.1", "No business continuity plan for payroll", "High", "Write and test a payroll BCP",
     "Head of HR", "30 September 2024", None, "Not started", "R", None],
]


def test_an_audit_tracker(here: Path) -> None:
    workbook(here / "audit.xlsx", AUDIT_ROWS, title="Audit actions")
    code, out, err = run("import", "audit.xlsx", "--title", "Internal audit actions")
    assert err.startswith('Read sheet "Audit actions" of audit.xlsx: 2 recommendations, '
                          "3 actions; wrote plan.yaml with 1 error, 0 warnings\n")
    text = (here / "plan.yaml").read_text()
    # "Partially implemented" is a word the format does not know: an error at the cell and the line,
    # and the `statuses:` line it needs proposed as a comment
    assert code == 1
    status_line = _line(text, "status: Partially implemented")
    assert out.startswith(f"'Audit actions'!H3 → plan.yaml:{status_line}:17: error: unknown "
                          "status 'Partially implemented' for action 1.2")
    assert out.count("\n") == 1
    assert "\n#   Partially implemented: in-progress  # ?\n" in text
    assert "\nfields:\n  - priority\n" in text
    assert textwrap.indent(dedent(
        """
        - id: "1"
          title: Weak controls over purchase cards
          actions:
            - id: "1.1"
              action: Introduce monthly reconciliation of purchase card statements
              lead: Jo Bloggs
              due: '2024-06-30'
              original_due: '2024-03-31'
              status: In progress
              rag: amber
              note: Reconciliations started in April
              priority: High
            - id: "1.2"
              action: Issue guidance on card limits
              lead: [Jo Bloggs, Sam Patel]
              due: '2024-01-31'
              status: Partially implemented
              rag: green
              note: Guidance issued 12/01/2024
              priority: Medium
        - id: "2"
          title: No business continuity plan for payroll
          actions:
            - id: "2.1"
              action: Write and test a payroll BCP
              lead: Head of HR
              due: 30 September 2024
              status: Not started
              rag: red
              priority: High
        """), "  ") in text
    fixed = text.replace("#   Partially implemented: in-progress  # ?",
                         "  Partially implemented: in-progress").replace(
        "# statuses:", "statuses:")
    (here / "plan.yaml").write_text(fixed)
    assert run("validate", "--strict")[0] == 0
    plan = load_path(here / "plan.yaml").plan
    assert plan is not None
    first = next(iter(plan.actions))
    assert (first.due, first.original_due, first.rag) == (
        date(2024, 6, 30), date(2024, 3, 31), "amber")
    assert schema_errors(fixed) == []


def test_the_bundled_plan_round_trips_through_excel(here: Path) -> None:
    """list --format xlsx, then import: the same answers to overdue, summary and leads."""
    assert run("list", "--plan", REPO_PLAN, "-f", "xlsx", "-o", "x.xlsx")[0] == 0
    code, _, err = run("import", "x.xlsx", "-o", "again.yaml")
    assert code == 0, err
    for command in ("overdue", "summary", "leads"):
        for day in ("31/1/2010", "1/2/2010", "1/4/2010"):
            original = run(command, "--plan", REPO_PLAN, "--as-of", day)
            imported = run(command, "--plan", "again.yaml", "--as-of", day)
            assert imported == original, (command, day)


def test_dry_run_shows_the_mapping_and_first_rows_and_writes_nothing(here: Path) -> None:
    workbook(here / "seed.xlsx", SEED_ROWS)
    code, out, err = run("import", "seed.xlsx", "--dry-run")
    assert (code, err) == (0, "seed.xlsx: dry run, nothing written\n")
    assert out.splitlines()[:3] == [
        'Reading sheet "Actions" of seed.xlsx; the header is row 1:',
        '  A "Actions/tasks" → action', '  B "Lead officer" → lead']
    assert "  recommendation 1: Ensure all new referrals are allocated …" in out
    assert "    Actions!A4  id: 1.1; action: Area Managers to monitor allocation of …" in out
    assert not (here / "plan.yaml").exists()


def test_map_and_sheet(here: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Plan")
    sheet.append(["What", "Officer", "Status"])
    sheet.append(["Do it", "Ann Smith", "in progress"])
    book.save(here / "t.xlsx")
    code, _, err = run("import", "t.xlsx", "--sheet", "Plan", "--map", "Officer=lead",
                       "--title", "Ours")
    assert code == 0, err
    plan = load_path(here / "plan.yaml").plan
    assert plan is not None and plan.title == "Ours"
    assert [(a.id, a.text, a.leads) for a in plan.actions] == [("1.1", "Do it", ("Ann Smith",))]


def test_an_existing_plan_is_not_replaced_without_force(here: Path) -> None:
    workbook(here / "seed.xlsx", SEED_ROWS)
    (here / "plan.yaml").write_text("mine\n")
    code, out, err = run("import", "seed.xlsx")
    assert (code, out) == (2, "")
    assert err == ("plantrack: plan.yaml already exists; give another file with -o, or --force "
                   "to replace it\n")
    assert run("import", "seed.xlsx", "--force")[0] == 1
    assert (here / "plan.yaml").read_text().startswith("# Imported by plantrack")


@pytest.mark.parametrize(("name", "data"), [("t.xlsx", b"junk"), ("missing.csv", None)])
def test_unreadable_input_is_exit_2(here: Path, name: str, data: bytes | None) -> None:
    if data is not None:
        (here / name).write_bytes(data)
    code, out, err = run("import", name)
    assert (code, out) == (2, "")
    assert err.startswith("plantrack: cannot read")
    assert not (here / "plan.yaml").exists()


def test_an_id_excel_turned_into_a_number_is_flagged(here: Path) -> None:
    workbook(here / "t.xlsx", [["Ref", "Action", "Lead", "Status"],
                               [3.1, "First", "Ann Smith", "done"],
                               [3.12, "Twelfth", "Ann Smith", "done"],
                               [3.1, "Tenth, typed 3.10", "Ann Smith", "done"]])
    code, out, _ = run("import", "t.xlsx")
    assert code == 1  # 3.1 twice: a duplicate id, at the cell
    lines = out.splitlines()
    assert lines[0].startswith("Actions!A2 → plan.yaml:")
    assert lines[0].endswith(": warning: the id 3.1 is stored as a number in the sheet; if it "
                             "was typed 3.10, Excel made it 3.1: check the id in the plan "
                             "[number-id]")
    assert not any(line.startswith("Actions!A3 ") for line in lines)  # 3.12 cannot be 3.120
    assert any(line.startswith("Actions!A4 → ") and "duplicate action id '3.1'" in line
               for line in lines)


def test_the_tracker_is_never_the_output(here: Path) -> None:
    (here / "t.csv").write_text("Action,Status\nDo it,done\n")
    code, out, err = run("import", "t.csv", "-o", "t.csv", "--force")
    assert (code, out) == (2, "")
    assert err == "plantrack: -o t.csv is the tracker itself; give the plan another name\n"
    assert (here / "t.csv").read_text() == "Action,Status\nDo it,done\n"


def test_an_area_column_gives_each_recommendation_its_area(here: Path) -> None:
    workbook(here / "t.xlsx", [["Ref", "Area", "Action", "Lead", "Status"],
                               ["1.1", "Safeguarding", "One", "Ann Smith", "done"],
                               ["1.2", "Safeguarding", "Two", "Ann Smith", "done"],
                               ["1.3", "Fostering", "Three", "Ann Smith", "done"],
                               ["2.1", "Adoption", "Four", "Ann Smith", "done"]])
    code, out, _ = run("import", "t.xlsx")
    assert code == 0
    assert out == ("Actions!B4: warning: area 'Fostering' differs from recommendation 1's area "
                   "'Safeguarding' (from Actions!B2); a recommendation has one area, so this one "
                   "is not in the plan [area-differs]\n")
    plan = load_path(here / "plan.yaml").plan
    assert plan is not None
    assert [(r.id, r.area) for r in plan.recommendations] == [("1", "Safeguarding"),
                                                               ("2", "Adoption")]
