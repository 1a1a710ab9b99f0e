"""`plantrack add` through the command line: output, exit codes, the file, and git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.common import dedent, invoke, plan_in_working_dir

pytestmark = pytest.mark.usefixtures("both_loaders")

PLAN = dedent(
    """
    title: Test plan
    recommendations:
      - id: "3"
        actions:
          - id: "3.9"
            action: Ninth
            lead: Tessa Bailey
            status: in-progress
            board: Social Care Management Team
    """
)


@pytest.fixture
def plan_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return plan_in_working_dir(tmp_path, monkeypatch, PLAN)


def run(*args: str) -> tuple[int, str, str]:
    return invoke("add", *args)


def test_add_action_takes_the_next_id_after_3_9(plan_file: Path) -> None:
    code, out, err = run("action", "--rec", "3", "Review case transfer processes", "--lead",
                         "Tessa Bailey", "--due", "By end January 2010", "--status", "underway")
    assert (code, out, err) == (
        0, "3.10  Review case transfer processes  (added to recommendation 3)\n",
        "plan.yaml: action 3.10 added\n")
    assert plan_file.read_text() == PLAN + (
        '      - id: "3.10"\n'
        "        action: Review case transfer processes\n"
        "        lead: Tessa Bailey\n"
        "        due: By end January 2010\n"
        "        status: in-progress\n")


def test_add_recommendation_then_an_action_into_it(plan_file: Path) -> None:
    code, out, err = run("recommendation", "Improve: timeliness", "--area", "Safeguarding",
                         "--timescale", "within 3 months")
    assert (code, out, err) == (0, "4  Improve: timeliness  (added)\n",
                                "plan.yaml: recommendation 4 added\n")
    assert run("action", "--rec", "4", "First step", "--lead", "Ann Smith")[0] == 0
    assert plan_file.read_text() == PLAN + (
        '  - id: "4"\n'
        "    title: 'Improve: timeliness'\n"
        "    area: Safeguarding\n"
        "    timescale: within 3 months\n"
        "    actions:\n"
        '      - id: "4.1"\n'
        "        action: First step\n"
        "        lead: Ann Smith\n"
        "        status: not-started\n")


def test_dry_run_shows_the_diff_and_writes_nothing(plan_file: Path) -> None:
    code, out, err = run("action", "--rec", "3", "New", "--dry-run")
    assert code == 0
    assert out.startswith("--- a/plan.yaml\n+++ b/plan.yaml\n")
    assert '+      - id: "3.10"\n+        action: New\n+        status: not-started\n' in out
    assert err == "plan.yaml: dry run, nothing written (would add action 3.10)\n"
    assert plan_file.read_text() == PLAN


def test_a_near_duplicate_lead_stops_before_writing(plan_file: Path) -> None:
    code, out, err = run("action", "--rec", "3", "New", "--lead", "Tessa Baily")
    assert (code, out) == (2, "")
    assert err == (
        "plantrack: --lead 'Tessa Baily' is close to 'Tessa Bailey', already in the plan; type "
        "it as 'Tessa Bailey', or add 'Tessa Baily: Tessa Bailey' under 'aliases' if it is the "
        "same, or give --force if 'Tessa Baily' is someone else\n")
    assert plan_file.read_text() == PLAN
    assert run("action", "--rec", "3", "New", "--board", "Social Care Managment Team")[0] == 2
    assert run("action", "--rec", "3", "New", "--lead", "Tessa Baily", "--force")[0] == 0
    assert "lead: Tessa Baily\n" in plan_file.read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["action", "--rec", "9", "New"], "no recommendation 9 in the plan (its recommendations: 3)"),
    (["action", "--rec", "3", "New", "--id", "3.9"],
     "action 3.9 is already in the plan; leave out --id for the next free one (3.10)"),
    (["action", "--rec", "3", "New", "--status", "finito"], "'finito' is not a status"),
    (["recommendation", "Again", "--id", "3"], "recommendation 3 is already in the plan"),
    (["action", "--rec", "3", "New", "--due", "whenever"], "would make plan.yaml invalid"),
])
def test_refusals_leave_the_file_alone(plan_file: Path, args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert message in err
    assert plan_file.read_text() == PLAN


def test_a_broken_plan_is_not_added_to(plan_file: Path) -> None:
    plan_file.write_text(PLAN.replace("status: in-progress", "status: bogus"))
    assert run("action", "--rec", "3", "New")[0] == 1


def test_crlf_and_bom_are_kept(plan_file: Path) -> None:
    raw = b"\xef\xbb\xbf" + PLAN.replace("\n", "\r\n").encode()
    plan_file.write_bytes(raw)
    assert run("action", "--rec", "3", "New")[0] == 0
    assert plan_file.read_bytes() == raw + (
        b'      - id: "3.10"\r\n        action: New\r\n        status: not-started\r\n')


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          text=True).stdout


def test_commit_commits_the_plan_alone(plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                        "GIT_AUTHOR_DATE": "2010-02-01T10:00:00", "GIT_CONFIG_GLOBAL": os.devnull,
                        "GIT_COMMITTER_DATE": "2010-02-01T10:00:00",
                        "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(name, value)
    folder = plan_file.parent
    git(folder, "init", "-q")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-q", "-m", "Add plan")
    code, _, err = run("action", "--rec", "3", "Review case transfer", "--commit")
    assert code == 0
    assert err.startswith("plan.yaml: action 3.10 added and committed (")
    assert git(folder, "log", "-1", "--format=%s") == \
        "plan: add action 3.10 to 3: Review case transfer\n"
    assert git(folder, "status", "--porcelain", "--", "plan.yaml") == ""
