"""Every listing command at every usual width: no token split, no line wider than the window.

For the bundled plan and for a plan of UUID ids and long names, each command is drawn at 40,
60, 80, 120 and 200 columns, piped (plantrack's plain writer) and on a terminal (rich). A
token is split when a narrow drawing holds a word the unwrapped drawing (10,000 columns) does
not ("in-progres", "Comple"), or holds fewer whole dates ("31 Dec" on one line, "2009" on the
next); a table that cannot keep its columns readable is drawn as blocks of `Field: value`
lines (formats/blocks.py), which the same checks hold for.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.formats.render import left_out_line
from tests.common import dedent

REPO_PLAN = str(Path(__file__).resolve().parent.parent / "plan.yaml")
WIDTHS = (40, 60, 80, 120, 200)
UNWRAPPED = 10_000
BOX = str.maketrans("", "", "│┌┐└┘├┤┬┴┼─")
DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]{2,8} \d{4}\b")
REC = "0b9e6c1e-3f1a-4c55-9d3e-51c8a7f0b2aa"
ACTIONS = ("7d2f4a9e-8c11-4b6f-a0e3-2f6d9b8c1e54", "c3a1e0f2-5b7d-4e98-b6a4-90e1d2c3f4a5")
LONG_PLAN = dedent(
    f"""
    title: A plan of long ids and long names
    recommendations:
      - id: "{REC}"
        title: Make sure that every referral is allocated to a qualified social worker once a
          decision has been made to undertake an initial assessment
        actions:
          - id: "{ACTIONS[0]}"
            action: Commission an independent review of the thresholds for early intervention
              across the three area teams and the emergency duty team
            lead:
              - Professor Maximilian Featherstonehaugh-Worthington
              - Dr Anastasia Konstantinopoulou-Harrington
            due: From January 2010 – by March 2010
            status: in-progress
            note: Terms of reference agreed by the Safeguarding Children Board in February
            board: Children and Young People's Strategic Partnership Performance Board
          - id: "{ACTIONS[1]}"
            action: Report on progress
            lead: Professor Maximilian Featherstonehaugh-Worthington
            due: End of January 2010
            status: not-started
            board: Local Safeguarding Children Board Quality Assurance Subgroup
    """
)
COMMANDS = {
    "overdue": ("overdue", "--as-of", "1/4/2010"),
    "due": ("due", "--as-of", "20/1/2010", "--within", "3m", "--include-overdue"),
    "list": ("list", "--as-of", "1/2/2010"),
    "leads": ("leads", "--as-of", "1/2/2010"),
    "boards": ("boards", "--as-of", "1/2/2010"),
    "summary": ("summary", "--as-of", "1/2/2010"),
    "show action": ("show", "{action}", "--as-of", "1/2/2010"),
    "show recommendation": ("show", "{rec}", "--as-of", "1/2/2010"),
}
PLANS = {"bundled": (REPO_PLAN, "4.5", "4"), "long": ("", ACTIONS[0], REC)}


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("long") / "plan.yaml"
    path.write_text(LONG_PLAN, encoding="utf-8")
    return str(path)


def draw(args: tuple[str, ...], width: int, terminal: bool,
         monkeypatch: pytest.MonkeyPatch) -> str:
    from plantrack.formats import render

    with monkeypatch.context() as patch:
        if terminal:
            patch.setattr(render, "is_terminal", lambda out: True)
        result = CliRunner().invoke(app, list(args), env={
            "COLUMNS": str(width), "NO_COLOR": "1", "FORCE_COLOR": None, "PLANTRACK_PLAN": None,
            "TTY_COMPATIBLE": None})
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def words(text: str) -> Counter[str]:
    """The words drawn; a block's label is its column's header with a colon, and a left-out
    column's header may have a comma after it: compared without them."""
    return Counter(word.rstrip(":,") for word in text.translate(BOX).split())


def command_args(command: str, plan: str, long_plan: str) -> tuple[str, ...]:
    path, action, rec = PLANS[plan]
    return (*(arg.format(action=action, rec=rec) for arg in COMMANDS[command]),
            "--plan", path or long_plan)


@pytest.fixture(scope="module")
def history_plan(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled plan in a git repository: committed on 1 January 2010, then 2.6's deadline
    moved and 3.7 completed on 1 February (for changes, history and slipped)."""
    import os
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = tmp_path_factory.mktemp("history")
    plan = folder / "plan.yaml"
    text = Path(REPO_PLAN).read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    base = {**os.environ, "GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "ann@example.org",
            "GIT_COMMITTER_NAME": "Ann", "GIT_COMMITTER_EMAIL": "ann@example.org",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def commit(day: str) -> None:
        env = {**base, "GIT_AUTHOR_DATE": f"{day}T09:00:00",
               "GIT_COMMITTER_DATE": f"{day}T09:00:00"}
        subprocess.run(["git", "add", "plan.yaml"], cwd=folder, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", day], cwd=folder, check=True, env=env)

    subprocess.run(["git", "init", "-q"], cwd=folder, check=True, env=base)
    commit("2010-01-01")
    for args in (["2.6", "--due", "By May 2010"], ["3.7", "done"]):
        assert CliRunner().invoke(app, ["set", *args, "--plan", str(plan)]).exit_code == 0
    commit("2010-02-01")
    return str(plan)


HISTORY_COMMANDS = {
    "slipped": ("slipped", "--as-of", "1/3/2010"),
    "changes": ("changes", "--since", "15/1/2010"),
    "history": ("history", "2.6", "--as-of", "1/3/2010"),
}


@pytest.mark.parametrize("command", HISTORY_COMMANDS)
def test_history_commands_at_every_width(
    command: str, history_plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_widths((*HISTORY_COMMANDS[command], "--plan", history_plan), monkeypatch)


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("command", COMMANDS)
def test_no_token_split_and_no_line_too_long(
    command: str, plan: str, long_plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_widths(command_args(command, plan, long_plan), monkeypatch)


def check_widths(args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    unwrapped = draw(args, UNWRAPPED, False, monkeypatch)
    whole = set(words(unwrapped)) | set(words(left_out_line(["Board", "Latest note", "Title"])))
    dates = len(DATE.findall(unwrapped))
    for width in WIDTHS:
        piped = draw(args, width, False, monkeypatch)
        on_terminal = draw(args, width, True, monkeypatch)
        assert on_terminal == piped, (width, "rich and the plain writer differ")
        too_long = [line for line in piped.splitlines() if len(line) > width]
        assert too_long == [], width
        split = set(words(piped)) - whole
        assert split == set(), width
        assert len(DATE.findall(piped)) == dates, width


def test_the_long_plan_keeps_its_ids_whole(long_plan: str, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    """The words checked above include the UUIDs, whole, at every width."""
    listed = CliRunner().invoke(app, ["list", "--json", "--plan", long_plan])
    assert [record["id"] for record in json.loads(listed.stdout)] == list(ACTIONS)
    for width in WIDTHS:
        text = draw(("list", "--as-of", "1/2/2010", "--plan", long_plan), width, False,
                    monkeypatch)
        assert all(text.count(action_id) == 1 for action_id in ACTIONS), width
        assert "Featherstonehaugh-Worthington" in text


def test_narrow_overdue_is_blocks_with_the_lead(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case: at 60 columns the Social Care board's overdue actions are blocks,
    with Lead (the person to chase), and no status, date or word split."""
    text = draw(("overdue", "--as-of", "1/2/2010", "--board", "Social Care Mgt Team",
                 "--plan", REPO_PLAN), 60, False, monkeypatch)
    assert text == dedent(
        """
        Overdue on 1 February 2010 — board Social Care Management
        Team

        ID:           4.5
        Action:       Project group to established to develop a
                      triage team/integrated assessment team in
                      Cambridgeshire
        Lead:         Tracy Collins
                      Elaine Petch
                      Lorraine Lofting
        Deadline:     Dec 09
                      31 Dec 2009
        Days overdue: 32
        Status:       in-progress
        Board:        CAF Board
                      Social Care Management Team

        ID:           3.7
        Action:       Review case transfer processes across the
                      three Area social care teams to ensure
                      consistency in the approach to the work.
        Lead:         Tessa Bailey
        Deadline:     By end January 2010
                      31 Jan 2010
        Days overdue: 1
        Status:       in-progress
        Board:        Social Care Management Team

        2 of 14 open actions overdue on 1 February 2010; 1 by more
        than 30 days.
        """
    )


def test_summary_never_breaks_completed_or_the_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    for width in WIDTHS:
        text = draw(("summary", "--as-of", "1/2/2010", "--plan", REPO_PLAN), width, False,
                    monkeypatch)
        assert "Completed" in text, width
        bars = re.findall(r"[█░]+", text)
        assert bars and all(len(bar) == 10 for bar in bars), width
