"""`changes`, `history` and `slipped` through the CLI, on scripted git repositories.

Exit code, stdout and stderr are checked apart; the clock is fixed (common.today) and the
working copy's modification time set, so every date in the answers is known.
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.commands import common
from tests.history.gitrepo import ANN, BOB, Repo, action, plan

CLEAN_ENV: dict[str, str | None] = {"COLUMNS": None, "NO_COLOR": None, "FORCE_COLOR": None,
                                    "TTY_COMPATIBLE": None, "PLANTRACK_PLAN": None}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: date(2010, 2, 1))


def run(repo: Repo, *args: str):
    return CliRunner().invoke(app, [*args, "--plan", str(repo.root / "plan.yaml")],
                              env=CLEAN_ENV)


def touch(repo: Repo, day: str) -> None:
    stamp = datetime.fromisoformat(day + "T12:00:00").timestamp()
    os.utime(repo.root / "plan.yaml", (stamp, stamp))


@pytest.fixture
def meeting(repo: Repo) -> Repo:
    """The plan agreed on 4 January; Bob moves 1.2 to another lead and board and a later
    deadline; Ann completes 1.1; 2.1 is blocked in the working copy, not committed."""
    repo.commit(plan(action("1.1"), action("1.2", due="February 2010"),
                     action("2.1", due="March 2010"),
                     titles={"1": "Referrals", "2": "Assessments"}), "2010-01-04",
                "plan as agreed")
    repo.commit(plan(action("1.1"), action("1.2", due="March 2010", lead="Cath Brown",
                                           board="Audit Board"),
                     action("2.1", due="March 2010"),
                     titles={"1": "Referrals", "2": "Assessments"}), "2010-01-12",
                "plan: 1.2 to Cath", author=BOB)
    repo.commit(plan(action("1.1", status="completed", note="Signed off"),
                     action("1.2", due="March 2010", lead="Cath Brown", board="Audit Board"),
                     action("2.1", due="March 2010"),
                     titles={"1": "Referrals", "2": "Assessments"}), "2010-01-20",
                "plan: 1.1 done")
    repo.write(plan(action("1.1", status="completed", note="Signed off"),
                    action("1.2", due="March 2010", lead="Cath Brown", board="Audit Board"),
                    action("2.1", due="March 2010", status="blocked"),
                    titles={"1": "Referrals", "2": "Assessments"}))
    touch(repo, "2010-01-25")
    return repo


def test_changes_json_has_the_documented_keys_and_values(meeting: Repo) -> None:
    result = run(meeting, "changes", "--since", "5/1/2010", "--json")
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert list(records[0]) == ["id", "kind", "from", "to", "date", "author", "commit",
                                "days_slipped", "recommendation", "target", "uncommitted",
                                "subject"]
    assert [(r["id"], r["kind"], r["from"], r["to"], r["date"], r["author"],
             r["commit"] is None, r["days_slipped"]) for r in records] == [
        ("1.2", "due", "February 2010", "March 2010", "2010-01-12", BOB, False, 31),
        ("1.2", "lead", "Ann Smith", "Cath Brown", "2010-01-12", BOB, False, None),
        ("1.2", "board", "Quality Board", "Audit Board", "2010-01-12", BOB, False, None),
        ("1.1", "status", "in-progress", "completed", "2010-01-20", ANN, False, None),
        ("1.1", "note", None, "Signed off", "2010-01-20", ANN, False, None),
        ("1.1", "completed", "in-progress", "completed", "2010-01-20", ANN, False, None),
        ("2.1", "status", "in-progress", "blocked", "2010-01-25", None, True, None),
    ]
    assert result.stderr == "7 changes: 2 status, 1 deadline, 1 note, 1 lead, 1 board, " \
                            "1 completed.\n"


def test_changes_table_is_grouped_by_recommendation(meeting: Repo) -> None:
    result = run(meeting, "changes", "--since", "5/1/2010")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Changes from 5 January 2010 to 1 February 2010 (the working copy)\n"
                          "Recommendation 1: Referrals\n")
    assert out.index("Recommendation 1: Referrals") < out.index("Recommendation 2: Assessments")
    assert "uncommitted" in out.split("Recommendation 2")[1]
    assert "(later by 31 days)" in out
    assert out.rstrip().endswith("7 changes: 2 status, 1 deadline, 1 note, 1 lead, 1 board, "
                                 "1 completed.")
    assert result.stderr == ""


def test_changes_csv_and_markdown(meeting: Repo) -> None:
    result = run(meeting, "changes", "--since", "5/1/2010", "--until", "HEAD", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert [(row["id"], row["kind"], row["uncommitted"]) for row in rows][-1] == \
        ("1.1", "completed", "false")
    result = run(meeting, "changes", "--since", "5/1/2010", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("**Changes from 5 January 2010 to 1 February 2010 (the "
                                    "working copy)**\n\n#### Recommendation 1: Referrals\n\n"
                                    "| Date | ID | Change | From | To | By (commit) |\n")
    assert "| 25 Jan 2010 | 2.1 | Status | in-progress | blocked | uncommitted |" in \
        result.stdout


def test_filters_match_old_leads_and_boards_too(meeting: Repo) -> None:
    def kinds(*args: str) -> list[tuple[str, str]]:
        result = run(meeting, "changes", "--since", "5/1/2010", "--json", *args)
        assert result.exit_code == 0, result.stderr
        return [(r["id"], r["kind"]) for r in json.loads(result.stdout)]

    moved = [("1.2", "due"), ("1.2", "lead"), ("1.2", "board")]
    assert kinds("--lead", "cath") == moved
    assert kinds("--board", "quality") == [*moved, ("1.1", "status"), ("1.1", "note"),
                                           ("1.1", "completed"), ("2.1", "status")]
    assert kinds("--board", "audit") == moved
    assert kinds("--rec", "2") == [("2.1", "status")]
    assert kinds("--status", "blocked") == [("2.1", "status")]


@pytest.mark.parametrize(("args", "message"), [
    (("--since", "1/12/2009"), "plantrack: --since 1/12/2009: that is before plan.yaml was "
                               "first committed (4 January 2010), so git has no version of it "
                               "then; give 2010-01-04 or later\n"),
    (("--since", "v9"), "plantrack: --since 'v9' is neither a date nor a git revision this "
                        "repository knows; give a date (31/01/2010, January 2010) or a tag, "
                        "commit or HEAD~3\n"),
])
def test_changes_errors_exit_2(meeting: Repo, monkeypatch: pytest.MonkeyPatch, args, message
                               ) -> None:
    monkeypatch.chdir(meeting.root)
    result = CliRunner().invoke(app, ["changes", *args], env=CLEAN_ENV)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_changes_outside_git_exits_2(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.yaml").write_text(plan(action("1.1")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["changes", "--since", "1/1/2010"], env=CLEAN_ENV)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("plantrack: changes: plan.yaml is not in a git repository, so it "
                             "has no history; put the plan under git (git init, git add, git "
                             "commit) and commit each change\n")


def test_history_of_an_action_ends_with_how_it_stands(meeting: Repo) -> None:
    result = run(meeting, "history", "1.2", "--json")
    assert result.exit_code == 0, result.stderr
    assert [(r["kind"], r["date"], r["author"], r["subject"])
            for r in json.loads(result.stdout)] == [
        ("added", "2010-01-04", ANN, "plan as agreed"),
        ("due", "2010-01-12", BOB, "plan: 1.2 to Cath"),
        ("lead", "2010-01-12", BOB, "plan: 1.2 to Cath"),
        ("board", "2010-01-12", BOB, "plan: 1.2 to Cath"),
    ]
    assert result.stderr == ("On 1 February 2010: in-progress; deadline March 2010 "
                             "(31 Mar 2010); lead Cath Brown; board Audit Board.\n")
    table = run(meeting, "history", "1.2")
    assert table.exit_code == 0
    assert table.stdout.startswith("History of action 1.2: Do thing 1.2\n")
    assert "plan: 1.2 to Cath" in table.stdout
    assert table.stdout.rstrip().endswith("lead Cath Brown; board Audit Board.")


def test_history_of_a_recommendation_and_of_an_unknown_id(meeting: Repo) -> None:
    result = run(meeting, "history", "2", "--json")
    assert result.exit_code == 0, result.stderr
    assert [(r["id"], r["kind"], r["uncommitted"]) for r in json.loads(result.stdout)] == [
        ("2", "added", False), ("2.1", "added", False), ("2.1", "status", True)]
    assert result.stderr.startswith("On 1 February 2010: 1 action: 1 blocked; 0 overdue")
    unknown = run(meeting, "history", "7.7")
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert "no action or recommendation has id '7.7'" in unknown.stderr


def test_slipped_from_git_history_and_from_original_due(repo: Repo) -> None:
    agreed = plan(action("1.1", due="January 2010"), action("1.2", due="January 2010"),
                  action("1.3", due="January 2010"))
    repo.commit(agreed, "2010-01-04")
    repo.commit(plan(action("1.1", due="February 2010"), action("1.2", due="15/01/2010"),
                     action("1.3", due="January 2010")), "2010-01-10")
    repo.commit(plan(action("1.1", due="April 2010"), action("1.2", due="3 February 2010"),
                     action("1.3", due="January 2010")), "2010-01-20")
    result = run(repo, "slipped", "--as-of", "1/2/2010", "--json")
    assert result.exit_code == 0, result.stderr
    assert [(r["id"], r["original_due"], r["due"], r["days_slipped"], r["times_moved"],
             r["days_overdue_against_original"], r["source"])
            for r in json.loads(result.stdout)] == [
        ("1.1", "2010-01-31", "2010-04-30", 89, 2, 1, "git"),
        ("1.2", "2010-01-31", "2010-02-03", 3, 2, 1, "git"),
    ]
    assert result.stderr == ("2 of 3 actions with a deadline are later than first agreed; 2 of "
                             "them open and past their first agreed deadline on 1 February "
                             "2010.\n")
    result = run(repo, "slipped", "--as-of", "1/2/2010", "--min-days", "10", "--json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["1.1"]


def test_slipped_outside_git_uses_original_due_alone(tmp_path, monkeypatch) -> None:
    (tmp_path / "plan.yaml").write_text(plan(action("1.1")), encoding="utf-8")
    result = CliRunner().invoke(app, ["slipped", "--plan", str(tmp_path / "plan.yaml"),
                                      "--json"], env=CLEAN_ENV)
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    assert "is not in a git repository" in result.stderr
    assert "Only deadlines with 'original_due' are checked." in result.stderr


def test_slipped_prefers_original_due_where_the_plan_has_it(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="March 2010",
                            extra="        original_due: January 2010")), "2010-01-04")
    result = run(repo, "slipped", "--as-of", "1/2/2010", "--json")
    assert result.exit_code == 0, result.stderr
    assert [(r["id"], r["original_due"], r["original_due_text"], r["days_slipped"],
             r["times_moved"], r["source"]) for r in json.loads(result.stdout)] == [
        ("1.1", "2010-01-31", "January 2010", 59, 0, "plan")]


def test_a_plan_in_a_subfolder_and_changes_as_a_workbook(repo: Repo, tmp_path) -> None:
    import openpyxl

    repo.commit(plan(action("1.1", due="March 2010")), "2010-01-04", name="plans/plan.yaml")
    repo.commit(plan(action("1.1", due="April 2010")), "2010-01-10", name="plans/plan.yaml")
    book = tmp_path / "changes.xlsx"
    result = CliRunner().invoke(app, ["changes", "--since", "5/1/2010", "--until", "HEAD",
                                      "--plan", str(repo.root / "plans" / "plan.yaml"),
                                      "--format", "xlsx", "--output", str(book)], env=CLEAN_ENV)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 change: 1 deadline.\n"
    sheet = openpyxl.load_workbook(book)["Changes"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if row and row[0] == "id")
    values = rows[rows.index(header) + 1]
    record = dict(zip(header, values, strict=False))
    assert (record["id"], record["kind"], record["from"], record["to"], record["days_slipped"]) \
        == ("1.1", "due", "March 2010", "April 2010", 30)
