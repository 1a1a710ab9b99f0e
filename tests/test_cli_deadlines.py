"""Deadlines as real plans write them, through the command line: TBC, a recommendation's own
timescale, the deadline an action moved from, and the plan's date settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from tests.common import DATED_PLAN

pytestmark = pytest.mark.usefixtures("both_loaders")
AS_OF = ["--as-of", "2010-01-15"]


@pytest.fixture
def dated(tmp_path: Path) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(DATED_PLAN)
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_tbc_shows_in_the_deadline_column_and_is_at_least_amber(dated: str) -> None:
    code, out, _ = run("list", "--plan", dated, *AS_OF, "--format", "markdown")
    assert code == 0
    assert "| 1.3 | Agree a date | Ann Smith | TBC | not-started | Amber | – |" in out
    records = json.loads(run("list", "--plan", dated, *AS_OF, "--format", "json")[1])
    tbc = next(r for r in records if r["id"] == "1.3")
    assert (tbc["due"], tbc["due_text"], tbc["due_kind"], tbc["brag"]) == (
        None, "TBC", "tbc", "amber")


def test_the_key_says_what_tbc_does_to_the_colour(dated: str) -> None:
    out = run("summary", "--plan", dated, *AS_OF, "--format", "markdown")[1]
    assert "or with its deadline still to be confirmed (TBC)" in out


def test_summary_leads_and_boards_count_deadlines_to_confirm(dated: str) -> None:
    summary = json.loads(run("summary", "--plan", dated, *AS_OF, "--format", "json")[1])
    assert summary[0]["deadline_tbc"] == 1
    assert "1 with the deadline still to be confirmed" in run(
        "summary", "--plan", dated, *AS_OF)[1].replace("\n", " ")
    leads = json.loads(run("leads", "--plan", dated, *AS_OF, "--format", "json")[1])
    assert [(r["name"], r["deadline_tbc"]) for r in leads] == [("Ann Smith", 1)]
    boards = json.loads(run("boards", "--plan", dated, *AS_OF, "--format", "json")[1])
    assert [(r["name"], r["deadline_tbc"]) for r in boards] == [(None, 1)]


def test_validate_warns_about_a_deadline_to_confirm(dated: str) -> None:
    code, out, err = run("validate", "--plan", dated)
    assert code == 0
    assert out == (
        f"{dated}:23:14: warning: the deadline of action 1.3 is still to be confirmed ('TBC'); "
        "write the date once it is agreed [deadline-tbc]\n")
    assert err == f"{dated}: 1 recommendation, 4 actions; 0 errors, 1 warning\n"
    assert run("validate", "--strict", "--plan", dated)[0] == 1


def test_show_gives_the_recommendations_deadline_and_flags_later_actions(dated: str) -> None:
    code, out, _ = run("show", "1", "--plan", dated, *AS_OF)
    assert code == 0
    assert "Timescale: within 3 months (due 2 February 2010)" in out
    assert "Planned to finish after the recommendation's timescale: 1.1, 1.2, 1.4" in out
    record = json.loads(run("show", "1", "--plan", dated, *AS_OF, "--format", "json")[1])
    assert record["timescale_due"] == "2010-02-02"
    detail = run("show", "1.2", "--plan", dated, *AS_OF)[1].replace("\n                    ", " ")
    assert ("due in 107 days; planned to finish after the recommendation's timescale (within 3 "
            "months: 2 Feb 2010); BRAG Green") in detail


def test_summary_gives_each_recommendations_deadline(dated: str) -> None:
    (row,) = json.loads(run("summary", "--plan", dated, *AS_OF, "--format", "json")[1])
    assert (row["timescale_due"], row["planned_after_timescale"]) == ("2010-02-02", 3)
    out = run("summary", "--plan", dated, *AS_OF, "--format", "markdown")[1]
    assert "| Rec due | After |" in out and "| 2 Feb 2010 | 3 |" in out


def test_show_gives_the_deadline_an_action_moved_from(dated: str) -> None:
    out = run("show", "1.1", "--plan", dated, *AS_OF)[1]
    assert "Deadline            End of March 2010 (was Dec 09; +90 days) → 31 Mar 2010" in out
    (record,) = [r for r in json.loads(run("list", "--plan", dated, *AS_OF, "--json")[1])
                 if r["id"] == "1.1"]
    assert (record["original_due"], record["original_due_text"], record["days_slipped"]) == (
        "2009-12-31", "Dec 09", 90)


BAD = """\
title: T
recommendations:
  - id: "1"
    actions:
      - {id: "1.1", action: a, lead: b, status: blocked, due: October 31}
      - {id: "1.2", action: a, lead: b, status: blocked, due: Monthly}
      - {id: "1.3", action: a, lead: b, status: blocked, due: Within 3 months}
"""


def test_validate_gives_one_hint_a_line_and_the_forms_once_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BAD)
    code, out, err = run("validate", "--plan", str(path))
    assert (code, err) == (1, f"{path}: 3 errors, 0 warnings\n")
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0].endswith(
        "5:63: error: due of action 1.1: cannot read 'October 31' as a date: it could be 31 "
        "October (year missing) or October 2031, and this plan has no other dates to tell by; "
        "write the year in full, like 31 October 2010 or October 2031 [ambiguous-year]")
    assert lines[1].endswith(
        "it says how often something happens, and a cadence is not a deadline; if it recurs, "
        "write Ongoing and put the cadence in monitoring: [cadence]")
    assert "add agreed:" in lines[2] and lines[2].endswith("[needs-agreed]")
    assert not any("accepted" in line or "Mar-24" in line for line in lines[:3])
    assert lines[3].startswith("Deadlines may be written as: 31/03/2010")
    assert lines[3].count("Ongoing") == 1


def test_validate_of_a_plan_without_deadline_errors_does_not_list_the_forms(dated: str) -> None:
    assert "Deadlines may be written as" not in run("validate", "--plan", dated)[1]


def test_dates_says_which_setting_each_reading_used(dated: str) -> None:
    code, out, err = run("dates", "--plan", dated)
    assert (code, err) == (0, "")
    assert out == (
        "1.1  End of March 2010 → 2010-03-31  (first agreed Dec 09 → 2009-12-31; year judged "
        "from the plan's dates, 2009 to 2010)\n"
        "1.2  Within 6 months → 2010-05-02  (agreed: 2009-11-02)\n"
        "1.3  TBC → to be confirmed\n"
        "1.4  Q4 2009/10 → 2010-03-31  (start 2010-01-15; financial_year_start: April; "
        "date_order: month-first)\n")


def test_dates_as_json(dated: str) -> None:
    code, out, _ = run("dates", "--plan", dated, "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {"id": "1.1", "due_text": "End of March 2010", "due": "2010-03-31", "start": None,
         "original_due": "2009-12-31", "kind": "date", "uses": ["plan_dates"]},
        {"id": "1.2", "due_text": "Within 6 months", "due": "2010-05-02", "start": None,
         "original_due": None, "kind": "relative", "uses": ["agreed"]},
        {"id": "1.3", "due_text": "TBC", "due": None, "start": None, "original_due": None,
         "kind": "tbc", "uses": []},
        {"id": "1.4", "due_text": "Q4 2009/10", "due": "2010-03-31", "start": "2010-01-15",
         "original_due": None, "kind": "date", "uses": ["financial_year_start", "date_order"]},
    ]
