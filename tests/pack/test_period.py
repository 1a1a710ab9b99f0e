"""The pack's "changes since the last meeting", read from real git repositories."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import plantrack.commands.common
from plantrack.cli import app
from tests.history.gitrepo import BOB, Repo, action, plan
from tests.test_cli_query import CLEAN_ENV

MEETING = date(2010, 2, 1)
START = plan(action("1.1"), action("1.2"), action("2.1", board="Other Board"))
COMPLETED_12 = plan(action("1.1"), action("1.2", status="completed"),
                    action("2.1", board="Other Board"))
MOVED_11 = plan(action("1.1", due="March 2010"), action("1.2", status="completed"),
                action("2.1", board="Other Board"))
OTHER_BOARD = plan(action("1.1", due="March 2010"), action("1.2", status="completed"),
                   action("2.1", status="blocked", board="Other Board"))


@pytest.fixture
def meeting_repo(repo: Repo) -> Repo:
    repo.commit(START, "2009-12-15", "plan: agreed")
    repo.git("tag", "december-meeting", when="2009-12-15")
    repo.commit(COMPLETED_12, "2010-01-10", "plan: 1.2 in-progress → completed", author=BOB)
    repo.commit(MOVED_11, "2010-01-20", "plan: 1.1 deadline moved")
    repo.commit(OTHER_BOARD, "2010-01-25", "plan: 2.1 blocked")
    return repo


def pack(repo_plan: Path, *args: str, monkeypatch: pytest.MonkeyPatch,
         today: date = MEETING) -> tuple[int, str, str]:
    monkeypatch.setattr(plantrack.commands.common, "today", lambda: today)
    result = CliRunner().invoke(app, ["pack", "--plan", str(repo_plan), "--board", "Quality",
                                      "--as-of", "1/2/2010", "--output", "-", "--format",
                                      "markdown", *args], env=CLEAN_ENV)
    return result.exit_code, result.stdout, result.stderr


def changes_section(text: str) -> str:
    return text.split("## Changes since the last meeting\n\n", 1)[1].split("\n\n## ", 1)[0]


def test_changes_since_the_last_meeting(meeting_repo: Repo,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = pack(meeting_repo.root / "plan.yaml", "--since", "4/1/2010",
                          monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert "- **Period covered:** 4 January 2010 to 1 February 2010\n" in out
    assert changes_section(out) == (
        "What changed from 4 January 2010 to 1 February 2010, oldest first, with who made each "
        "change; deadlines passed and actions completed in the period are listed too.\n\n"
        "| Date | ID | What changed | From | To | By |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| 10 Jan 2010 | 1.2 | Status | In progress | Completed | Bob Jones |\n"
        "| 20 Jan 2010 | 1.1 | Deadline | End of January 2010 | March 2010<br>(59 days later) "
        "| Ann Smith |"
    )  # 2.1 is another board's; nothing else became overdue
    assert "| Completed since the last meeting | 1 |" in out  # 1.2, from its commit
    moved = out.split("### Deadlines moved\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert moved.endswith("\n| 1.1 | Do thing 1.1 | Ann Smith | 31 Mar 2010 | 31 Jan 2010 | 59 "
                          "|  |")  # first agreed: its deadline when first committed


def test_since_a_tag(meeting_repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = pack(meeting_repo.root / "plan.yaml", "--since", "december-meeting",
                        monkeypatch=monkeypatch)
    assert code == 0
    assert "- **Period covered:** 15 December 2009 to 1 February 2010\n" in out
    assert "| 20 Jan 2010 | 1.1 | Deadline |" in out


def test_uncommitted_changes_count_on_the_day(meeting_repo: Repo,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    meeting_repo.write(OTHER_BOARD.replace('status: in-progress\n        board: Quality Board',
                                           'status: blocked\n        board: Quality Board', 1))
    code, out, _ = pack(meeting_repo.root / "plan.yaml", "--since", "4/1/2010",
                        monkeypatch=monkeypatch)
    assert code == 0
    assert "| 1.1 | Status | In progress | Blocked | Not yet recorded |" in out


def test_a_period_before_the_first_commit_starts_at_it(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit(MOVED_11, "2010-01-20", "plan: first")
    code, out, err = pack(repo.root / "plan.yaml", "--since", "4/1/2010",
                          monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert changes_section(out).startswith(
        "The plan's recorded history starts on 20 January 2010: changes before then are not "
        "listed.\n\nWhat changed from 4 January 2010 to 1 February 2010")


def test_no_git_the_pack_is_still_written(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "plan.yaml").write_text(MOVED_11, encoding="utf-8")
    code, out, err = pack(tmp_path / "plan.yaml", monkeypatch=monkeypatch)
    assert code == 0
    assert changes_section(out) == ("The plan's recorded history could not be read, so the "
                                    "changes in the period are not listed.")
    assert err.startswith("plantrack: warning: the pack's changes: ")
    assert "is not in a git repository" in err


def test_an_unknown_revision_is_a_usage_error(meeting_repo: Repo,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = pack(meeting_repo.root / "plan.yaml", "--since", "no-such-tag",
                          monkeypatch=monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith("plantrack: --since 'no-such-tag' is not a date (31/01/2010, January "
                          "2010), nor a git revision this repository knows")


def test_a_leads_file_lists_deadlines_moved_in_git(meeting_repo: Repo, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plantrack.commands.common, "today", lambda: MEETING)
    folder = tmp_path / "leads"
    result = CliRunner().invoke(app, [
        "pack", "--plan", str(meeting_repo.root / "plan.yaml"), "--as-of", "1/2/2010",
        "--by-lead", "--format", "markdown", "--output", str(folder)], env=CLEAN_ENV)
    assert result.exit_code == 0, result.stderr
    ann = (folder / "Ann-Smith.md").read_text(encoding="utf-8")
    moved = ann.split("## Deadlines moved\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert moved.endswith("| 1.1 | Do thing 1.1 | Ann Smith | 31 Mar 2010 | 31 Jan 2010 | 59 "
                          "|  |")


def test_first_deadlines_from_a_period_that_starts_with_the_history(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """A period that starts at the first commit reads first deadlines from its own walk; they
    are the ones the whole history gives (`slipped`'s reading)."""
    from plantrack import query
    from plantrack.pack import period
    from plantrack.plan.load import load_path, require_plan

    repo.commit(START, "2010-01-10", "plan: agreed")
    added = plan(action("1.1"), action("1.2", status="completed"),
                 action("1.3", due="January 2010"), action("2.1", board="Other Board"))
    repo.commit(added, "2010-01-12", "plan: 1.3 added")
    moved = added.replace(
        'action: Do thing 1.1\n        lead: Ann Smith\n        due: End of January 2010',
        'action: Do thing 1.1\n        lead: Ann Smith\n        due: March 2010').replace(
        'action: Do thing 1.3\n        lead: Ann Smith\n        due: January 2010',
        'action: Do thing 1.3\n        lead: Ann Smith\n        due: February 2010')
    repo.commit(moved, "2010-01-20", "plan: deadlines moved")
    path = repo.root / "plan.yaml"
    current = require_plan(load_path(path))
    selection = query.select(current, query.Filters())
    found = period.read(path, "plan.yaml", "4/1/2010", date(2010, 1, 4), MEETING, MEETING,
                        selection, print, current)
    assert found.history is not None
    whole = period.first_deadlines(path, "plan.yaml", MEETING, current, print)
    assert found.history.first_due == whole
    assert whole["1.1"] == (date(2010, 1, 31), "End of January 2010")
    assert whole["1.3"] == (date(2010, 1, 31), "January 2010")
    code, out, _ = pack(path, "--since", "4/1/2010", monkeypatch=monkeypatch)
    assert code == 0
    moved_list = out.split("### Deadlines moved\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert "| 1.1 | Do thing 1.1 | Ann Smith | 31 Mar 2010 | 31 Jan 2010 | 59 |" in moved_list
    assert "| 1.3 | Do thing 1.3 | Ann Smith | 28 Feb 2010 | 31 Jan 2010 | 28 |" in moved_list
