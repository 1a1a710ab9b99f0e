"""`plantrack set` through the command line: output, exit codes, files, and a real git repository.

stdout, stderr and the exit code are asserted separately (typer's CliRunner keeps them apart).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.common import dedent, invoke, plan_in_working_dir
from tests.test_store import lock_held

pytestmark = pytest.mark.usefixtures("both_loaders")

PLAN = dedent(
    """
    # Improvement plan (test copy)
    title: Test plan
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: Do the first thing
            lead: Ann Smith
            due: End of January 2010
            status: in-progress   # agreed in May
            board: Quality Board

          - id: "1.2"
            action: Do the second thing
            start: January 2010
            status: not-started
            note: Waiting for the new team
      - id: "2"
        actions:
          - id: "2.3"
            action: Another thing
            status: blocked
    """
)


TODAY = "2024-04-02"  # the day these tests run on, as far as `set` can tell


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    import plantrack.commands.common

    monkeypatch.setattr(plantrack.commands.common, "today", lambda: dt.date.fromisoformat(TODAY))


@pytest.fixture
def plan_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return plan_in_working_dir(tmp_path, monkeypatch, PLAN)


def run(*args: str) -> tuple[int, str, str]:
    return invoke("set", *args)


def test_set_changes_one_line_and_says_what_changed(plan_file: Path) -> None:
    assert run("1.1", "done") == (
        0, f"1.1  in-progress → completed\n1.1  completed_on: {TODAY}\n",
        "plan.yaml: 1 action changed\n")
    assert plan_file.read_text() == PLAN.replace(
        "status: in-progress   # agreed in May\n",
        f"status: completed   # agreed in May\n        completed_on: {TODAY}\n")


@pytest.mark.parametrize(("words", "status"), [
    (["complete"], "completed"), (["DONE"], "completed"), (["in", "progress"], "in-progress"),
    (["In Progress"], "in-progress"), (["underway"], "in-progress"),
    (["to", "be", "started"], "not-started"), (["cancelled"], "dropped"), (["ongoing"], "ongoing"),
])
def test_status_words_people_type_are_written_as_the_vocabulary(
    plan_file: Path, words: list[str], status: str
) -> None:
    code, out, _ = run("2.3", *words)
    closing = status in ("completed", "dropped")
    added = f"\n        completed_on: {TODAY}" if closing else ""
    assert (code, out) == (0, f"2.3  blocked → {status}\n"
                              + (f"2.3  completed_on: {TODAY}\n" if closing else ""))
    assert plan_file.read_text() == PLAN.replace("status: blocked", f"status: {status}{added}")


def test_note_and_deadline_several_ids(plan_file: Path) -> None:
    code, out, err = run("1.2", "2.3", "underway", "--due", "By March 2010", "--note", "Agreed: go")
    assert code == 0
    assert out == (
        "1.2  not-started → in-progress\n1.2  due: (none) → By March 2010\n"
        '1.2  note: "Waiting for the new team" → "Agreed: go"\n'
        "2.3  blocked → in-progress\n2.3  due: (none) → By March 2010\n"
        '2.3  note: (none) → "Agreed: go"\n')
    assert err == "plan.yaml: 2 actions changed\n"
    assert plan_file.read_text() == (
        PLAN.replace("January 2010\n        status: not-started\n        note: Waiting for the "
                     "new team", "January 2010\n        due: By March 2010\n        status: "
                     "in-progress\n        note: 'Agreed: go'")
        .replace("status: blocked\n", "due: By March 2010\n        status: in-progress\n"
                 "        note: 'Agreed: go'\n"))


def test_only_a_note_can_be_set_without_a_status(plan_file: Path) -> None:
    assert run("1.2", "--note", "Team in post") == (
        0, '1.2  note: "Waiting for the new team" → "Team in post"\n',
        "plan.yaml: 1 action changed\n")


def test_nothing_to_change_leaves_the_file_untouched(plan_file: Path) -> None:
    os.utime(plan_file, (1_000_000_000, 1_000_000_000))
    assert run("2.3", "on hold") == (
        0, "2.3  already blocked\n", "plan.yaml: nothing to change; the file was not written\n")
    assert os.stat(plan_file).st_mtime == 1_000_000_000


def test_dry_run_prints_the_diff_and_writes_nothing(plan_file: Path) -> None:
    assert run("2.3", "done", "--dry-run") == (
        0,
        "--- a/plan.yaml\n+++ b/plan.yaml\n@@ -19,4 +19,5 @@\n     actions:\n"
        "       - id: \"2.3\"\n         action: Another thing\n-        status: blocked\n"
        f"+        status: completed\n+        completed_on: {TODAY}\n",
        "plan.yaml: dry run, nothing written (2 changes)\n")
    assert plan_file.read_text() == PLAN


@pytest.mark.parametrize(("args", "message"), [
    (["1.3", "done"], "no action 1.3 in plan.yaml; did you mean 2.3, 1.2 or 1.1?"),
    (["2", "done"], "2 is a recommendation, not an action; give the ids of its actions (2.3)"),
    (["1.1", "finsihed"], "'finsihed' is not a status; did you mean 'finished', i.e. "
     "completed? (the statuses are: not-started, in-progress, ongoing, blocked, completed, "
     "dropped) (common words also work: done, complete, underway, in progress, to be started, "
     "on hold, cancelled)"),
    (["1.1", "open"], "'open' is not one status: which does the action have now? one of "
     "not-started, in-progress, ongoing, blocked (plantrack set ID in progress)"),
    (["1.1", "closed", "--on", "someday"], "--on 'someday': "),
    (["1.1", "in", "progress", "--on", "2024-03-01"], "--on gives the day an action was "
     "completed or dropped; use it with a closing status"),
    (["1.1"], "give action ids and then a status: plantrack set 2.3 done"),
    (["1.1", "done", "--due", "soon"], "--due 'soon': "),
    (["1.2", "--due", "December 2009"], "the change would make plan.yaml invalid, so nothing "
     "was written: plan.yaml:15:16: error: action 1.2 starts (2010-01-01) after its deadline"),
])
def test_bad_requests_exit_2_with_one_line_and_change_nothing(
    plan_file: Path, args: list[str], message: str
) -> None:
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert err.startswith(f"plantrack: {message}") and err.count("\n") == 1
    assert plan_file.read_text() == PLAN


def test_an_invalid_plan_shows_its_problems_and_exits_1(plan_file: Path) -> None:
    plan_file.write_text(PLAN.replace("status: blocked", "status: nearly there"))
    code, out, err = run("1.1", "done")
    assert (code, out) == (1, "")
    assert err == (
        "plan.yaml:22:17: error: unknown status 'nearly there' for action 2.3; use one of: "
        "not-started, in-progress, ongoing, blocked, completed, dropped, or map the plan's word "
        "under 'statuses:' at the top of the plan, e.g. 'nearly there: in-progress' "
        "[unknown-status]\n"
        "plantrack: the plan has 1 error; fix them and run again\n")


def test_no_plan_found_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLANTRACK_PLAN", raising=False)
    code, out, err = run("1.1", "done")
    assert (code, out) == (2, "")
    assert err.startswith("plantrack: no plan.yaml here or in any parent directory")


def test_a_read_only_plan_exits_3(plan_file: Path) -> None:
    os.chmod(plan_file, 0o444)
    code, out, err = run("1.1", "done")
    assert (code, out) == (3, "")
    assert err.startswith("plantrack: plan.yaml is read-only, so it was not changed;")
    assert plan_file.read_text() == PLAN


def test_a_lock_held_too_long_exits_3(plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANTRACK_LOCK_TIMEOUT", "0.1")
    with lock_held(plan_file):
        code, out, err = run("1.1", "done")
    assert (code, out) == (3, "")
    assert err.startswith("plantrack: plantrack waited 0.1 s for its turn to change plan.yaml, "
                          "and another plantrack was changing it all that time;")
    assert plan_file.read_text() == PLAN


def test_commit_outside_a_git_repository_exits_2_and_writes_nothing(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(plan_file.parent.parent))
    code, out, err = run("1.1", "done", "--commit")
    assert (code, out) == (2, "")
    assert err == ("plantrack: --commit: plan.yaml is not in a git repository; leave out "
                   "--commit, or put the plan under git first (git init, git add, git commit)\n")
    assert plan_file.read_text() == PLAN


# -- a real git repository -------------------------------------------------------------------


@pytest.fixture
def repo(plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the plan, committed once, with an identity and no user config."""
    for name, value in {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(name, value)
    git(plan_file.parent, "init", "-q")
    git(plan_file.parent, "add", "plan.yaml")
    git(plan_file.parent, "commit", "-q", "-m", "Add plan")
    return plan_file.parent


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def test_git_sees_exactly_one_changed_line(repo: Path) -> None:
    assert run("2.3", "in progress")[0] == 0
    assert git(repo, "diff", "--numstat") == "1\t1\tplan.yaml\n"


def test_closing_is_one_changed_line_and_one_added_completed_on(repo: Path) -> None:
    assert run("1.1", "done")[0] == 0
    assert git(repo, "diff", "--numstat") == "2\t1\tplan.yaml\n"


def test_commit_makes_one_commit_of_the_plan_alone(repo: Path) -> None:
    (repo / "other.txt").write_text("staged by someone\n")
    git(repo, "add", "other.txt")
    assert run("1.1", "2.3", "done", "--commit")[0] == 0
    assert git(repo, "rev-list", "--count", "HEAD") == "2\n"
    assert git(repo, "show", "--name-only", "--format=%B", "HEAD") == (
        f"plan: 1.1, 2.3 completed\n\n1.1 in-progress → completed\n1.1 completed_on: {TODAY}\n"
        f"2.3 blocked → completed\n2.3 completed_on: {TODAY}\n\n\nplan.yaml\n")
    assert git(repo, "diff", "--cached", "--name-only") == "other.txt\n"
    assert git(repo, "status", "--porcelain", "--", "plan.yaml") == ""


def test_commit_message_for_one_change(repo: Path) -> None:
    code, out, err = run("1.1", "done", "--commit")
    assert (code, out) == (0, f"1.1  in-progress → completed\n1.1  completed_on: {TODAY}\n")
    assert err.startswith("plan.yaml: 1 action changed and committed (")
    assert git(repo, "log", "-1", "--format=%B") == (
        f"plan: 1.1 completed\n\n1.1 in-progress → completed\n1.1 completed_on: {TODAY}\n\n")


def test_a_refused_commit_puts_the_plan_back_and_exits_3(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'plans are frozen this week' >&2\nexit 1\n")
    hook.chmod(0o755)
    code, out, err = run("1.1", "done", "--commit")
    assert (code, out) == (3, "")
    assert err == ("plantrack: git could not commit plan.yaml (plans are frozen this week); "
                   "plan.yaml was put back as it was\n")
    assert (repo / "plan.yaml").read_text() == PLAN
    assert git(repo, "rev-list", "--count", "HEAD") == "1\n"


def test_commit_of_an_untracked_plan_is_refused_first(repo: Path) -> None:
    git(repo, "rm", "-q", "--cached", "plan.yaml")
    code, _, err = run("1.1", "done", "--commit")
    assert code == 2
    assert err.startswith("plantrack: --commit: plan.yaml is not tracked by git yet")
    assert (repo / "plan.yaml").read_text() == PLAN


def test_the_commit_subject_names_every_change(repo: Path) -> None:
    code, _, _ = run("1.2", "2.3", "done", "--due", "End of March 2010", "--note", "Signed off")
    assert code == 0
    git(repo, "checkout", "-q", "--", "plan.yaml")
    code, _, _ = run("1.1", "done", "--commit")
    assert code == 0
    git(repo, "commit", "-q", "--allow-empty", "-m", "other work")
    code, _, err = run("1.2", "2.3", "done", "--due", "End of March 2010", "--note",
                       "Signed off", "--commit")
    assert code == 0, err
    assert git(repo, "log", "-1", "--format=%B") == (
        'plan: 1.2, 2.3 completed; 1.2, 2.3 due End of March 2010; 1.2, 2.3 note "Signed off"\n\n'
        f"1.2 not-started → completed\n1.2 completed_on: {TODAY}\n"
        "1.2 due: (none) → End of March 2010\n"
        '1.2 note: "Waiting for the new team" → "Signed off"\n'
        f"2.3 blocked → completed\n2.3 completed_on: {TODAY}\n"
        "2.3 due: (none) → End of March 2010\n"
        '2.3 note: (none) → "Signed off"\n\n')


def test_commit_with_hand_edits_in_the_plan_is_refused_and_they_stay(repo: Path) -> None:
    """The old code swept a half-finished hand edit into "plan: 1.1 in-progress → completed"."""
    edited = PLAN.replace("Waiting for the new team", "Waiting for the new team (half-typed")
    (repo / "plan.yaml").write_text(edited)
    code, out, err = run("1.1", "done", "--commit")
    assert (code, out) == (2, "")
    assert err == ("plantrack: --commit: plan.yaml has changes that are not committed yet, and "
                   "they would go into this commit; commit them first (git commit plan.yaml), or "
                   "undo them (git checkout plan.yaml), or leave out --commit\n")
    assert (repo / "plan.yaml").read_text() == edited
    assert git(repo, "rev-list", "--count", "HEAD") == "1\n"


def test_commit_with_the_plan_staged_differently_is_refused(repo: Path) -> None:
    (repo / "plan.yaml").write_text(PLAN.replace("Ann Smith", "Bob Jones"))
    git(repo, "add", "plan.yaml")
    (repo / "plan.yaml").write_text(PLAN)
    code, _, err = run("1.1", "done", "--commit")
    assert code == 2
    assert "plan.yaml has changes that are not committed yet" in err
    assert (repo / "plan.yaml").read_text() == PLAN


def _conflict(repo: Path, command: list[str]) -> None:
    """Leave the repository stopped in `command` on a conflict in another file."""
    (repo / "notes.txt").write_text("base\n")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-q", "-m", "notes")
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "notes.txt").write_text("theirs\n")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "-")
    (repo / "notes.txt").write_text("ours\n")
    git(repo, "commit", "-q", "-am", "ours")
    done = subprocess.run(["git", "-C", str(repo), *command], capture_output=True, text=True)
    assert done.returncode != 0, done.stdout  # stopped on the conflict


@pytest.mark.parametrize(("setup", "state", "advice"), [
    (lambda repo: _conflict(repo, ["rebase", "other"]), "in the middle of a rebase",
     "finish it (git rebase --continue) or abandon it (git rebase --abort)"),
    (lambda repo: _conflict(repo, ["cherry-pick", "other"]), "in the middle of a cherry-pick",
     "finish it (git cherry-pick --continue) or abandon it (git cherry-pick --abort)"),
    (lambda repo: _conflict(repo, ["revert", "--no-edit", "HEAD~1"]),
     "in the middle of a revert",
     "finish it (git revert --continue) or abandon it (git revert --abort)"),
    (lambda repo: _conflict(repo, ["merge", "other"]), "in the middle of a merge",
     "finish it (git commit) or abandon it (git merge --abort)"),
    (lambda repo: git(repo, "bisect", "start"), "in the middle of a bisect",
     "end it (git bisect reset)"),
    (lambda repo: git(repo, "checkout", "-q", "--detach"),
     "on a detached HEAD (no branch is checked out), so the commit would belong to no branch",
     "check out your branch first (git switch BRANCH)"),
], ids=["rebase", "cherry-pick", "revert", "merge", "bisect", "detached"])
def test_commit_in_the_middle_of_a_git_operation_is_refused_before_writing(
    repo: Path, setup: Callable[[Path], object], state: str, advice: str
) -> None:
    setup(repo)
    head = git(repo, "rev-parse", "HEAD")
    code, out, err = run("1.1", "done", "--commit")
    assert (code, out) == (2, "")
    assert err == (f"plantrack: --commit: the repository holding plan.yaml is {state}; "
                   f"{advice}, then run the command again, or leave out --commit\n")
    assert (repo / "plan.yaml").read_text() == PLAN
    assert git(repo, "rev-parse", "HEAD") == head


# -- the deadline first agreed is kept ---------------------------------------------------------


def test_moving_a_deadline_keeps_the_first_one_as_one_added_line(plan_file: Path) -> None:
    assert run("1.1", "--due", "End of March 2010") == (
        0,
        "1.1  due: End of January 2010 → End of March 2010\n"
        "1.1  original_due: End of January 2010 (the deadline it moved from)\n",
        "plan.yaml: 1 action changed\n",
    )
    first_move = PLAN.replace(
        "        due: End of January 2010\n",
        "        due: End of March 2010\n        original_due: End of January 2010\n")
    assert plan_file.read_text() == first_move
    # Later moves change due only: original_due keeps the deadline first agreed.
    assert run("1.1", "--due", "April 2010") == (
        0, "1.1  due: End of March 2010 → April 2010\n", "plan.yaml: 1 action changed\n")
    assert plan_file.read_text() == first_move.replace("due: End of March 2010",
                                                       "due: April 2010")


def test_a_first_deadline_writes_no_original(plan_file: Path) -> None:
    assert run("1.2", "--due", "March 2010")[0] == 0
    assert "original_due" not in plan_file.read_text()


def test_clearing_a_deadline_writes_no_original(plan_file: Path) -> None:
    assert run("1.1", "--due", "")[0] == 0
    assert "original_due" not in plan_file.read_text()


def test_the_original_is_copied_exactly_as_written(plan_file: Path) -> None:
    plan_file.write_text(PLAN.replace("due: End of January 2010", "due: 'Jan 2010'  # agreed"))
    assert run("1.1", "--due", "March 2010")[0] == 0
    assert plan_file.read_text() == PLAN.replace(
        "due: End of January 2010",
        "due: 'March 2010'  # agreed\n        original_due: 'Jan 2010'")


def test_a_month_and_day_far_from_the_plan_is_refused_not_read_as_a_year(
    plan_file: Path
) -> None:
    """The silent misread: 'October 31' was October 2031. Test first; it was accepted."""
    code, out, err = run("1.1", "--due", "October 31")
    assert (code, out) == (2, "")
    assert "it could be 31 October (year missing) or October 2031" in err
    assert plan_file.read_text() == PLAN


def test_a_month_and_two_digit_year_near_the_plan_is_that_year(plan_file: Path) -> None:
    assert run("2.3", "--due", "Nov 09")[0] == 0
    assert "due: Nov 09" in plan_file.read_text()


def test_a_moved_deadline_is_one_changed_and_one_added_line_in_git(repo: Path) -> None:
    code, _, err = run("1.1", "--due", "End of March 2010", "--commit")
    assert code == 0, err
    assert git(repo, "show", "--numstat", "--format=", "HEAD") == "2\t1\tplan.yaml\n"
    assert git(repo, "log", "-1", "--format=%B") == (
        "plan: 1.1 due End of March 2010\n\n"
        "1.1 due: End of January 2010 → End of March 2010\n"
        "1.1 original_due: End of January 2010 (the deadline it moved from)\n\n")


def test_the_lock_never_shows_in_git_status(repo: Path) -> None:
    """It lived beside the plan and showed as `?? plan.yaml.lock` without our .gitignore."""
    assert run("1.1", "done")[0] == 0
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == " M plan.yaml\n"
    assert (repo / ".git" / "plantrack" / "plan.yaml.lock").is_file()
    assert run("1.2", "done", "--commit")[0] == 2  # 1.1's change is not committed
    git(repo, "commit", "-q", "-am", "1.1 done by hand")
    assert run("1.2", "done", "--commit")[0] == 0
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""


# -- a plan's own words and completion dates (issue 12) -------------------------------------
OWN = dedent(
    """
    title: Own words
    statuses:
      Partially completed: in-progress
      Delayed: in-progress
      Signed off: completed
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: Do it
            status: Partially completed
          - {id: "1.2", action: Other, status: done, completed_on: 2024-01-31}
    """
)


def test_set_writes_the_plans_own_word_when_exactly_one_maps_to_the_status(
    plan_file: Path,
) -> None:
    plan_file.write_text(OWN)
    assert run("1.1", "done", "--on", "2024-03-31") == (
        0, "1.1  Partially completed → Signed off\n1.1  completed_on: 2024-03-31\n",
        "plan.yaml: 1 action changed\n")
    assert plan_file.read_text() == OWN.replace(
        "status: Partially completed\n",
        "status: Signed off\n        completed_on: 2024-03-31\n")


def test_set_writes_the_status_when_several_plan_words_map_to_it(plan_file: Path) -> None:
    plan_file.write_text(OWN.replace("status: Partially completed", "status: blocked"))
    assert run("1.1", "underway")[:2] == (0, "1.1  blocked → in-progress\n")
    assert "status: in-progress\n" in plan_file.read_text()


def test_set_understands_the_plans_own_words(plan_file: Path) -> None:
    plan_file.write_text(OWN.replace("status: Partially completed", "status: blocked"))
    assert run("1.1", "Delayed")[:2] == (0, "1.1  blocked → in-progress\n")


def test_reopening_removes_completed_on_inside_braces_too(plan_file: Path) -> None:
    plan_file.write_text(OWN)
    assert run("1.2", "in", "progress") == (
        0, "1.2  done → in-progress\n1.2  completed_on: 2024-01-31 removed (open again)\n",
        "plan.yaml: 1 action changed\n")
    assert plan_file.read_text() == OWN.replace(
        "status: done, completed_on: 2024-01-31}", "status: in-progress}")


def test_reopening_removes_the_completed_on_line(plan_file: Path) -> None:
    assert run("1.1", "done")[0] == 0
    assert run("1.1", "blocked")[:2] == (
        0, f"1.1  completed → blocked\n1.1  completed_on: {TODAY} removed (open again)\n")
    assert plan_file.read_text() == PLAN.replace("in-progress   #", "blocked   #")


def test_already_closed_is_left_alone(plan_file: Path) -> None:
    plan_file.write_text(OWN)
    assert run("1.2", "completed")[:2] == (0, "1.2  already completed\n")


@pytest.mark.parametrize(("head", "on", "written"), [
    ("date_order: month-first\n", "6/1/2024", "2024-06-01"),
    ("", "6/1/2024", "2024-01-06"),
    ("", "Nov 09", "2009-11-30"),  # read against the plan's dates (2010), as `due:` is
])
def test_on_is_read_with_the_plans_date_settings(
    plan_file: Path, head: str, on: str, written: str
) -> None:
    plan_file.write_text(PLAN.replace("title: Test plan\n", f"title: Test plan\n{head}"))
    assert run("2.3", "done", "--on", on) == (
        0, f"2.3  blocked → completed\n2.3  completed_on: {written}\n",
        "plan.yaml: 1 action changed\n")
    assert f"status: completed\n        completed_on: {written}\n" in plan_file.read_text()


def test_on_impossible_in_the_plans_date_order_names_the_setting(plan_file: Path) -> None:
    plan_file.write_text(PLAN.replace("title: Test plan\n",
                                      "title: Test plan\ndate_order: month-first\n"))
    before = plan_file.read_text()
    code, out, err = run("2.3", "done", "--on", "30/6/2024")
    assert (code, out) == (2, "")
    assert err.startswith("plantrack: --on '30/6/2024': ") and "date_order: month-first" in err
    assert plan_file.read_text() == before
