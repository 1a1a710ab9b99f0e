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
