"""What one cell can cost is bounded: a table or `show` cuts very long plan text short, says
so in the text, and the full text stays in JSON, CSV and Markdown.

Failed on main: a 2 MB one-word action was drawn whole (2 MB of table, seconds of wrapping)
and a 300,000-line note was printed whole by `show` (80 s through rich on a terminal).
No time is asserted: the bounds are on what is drawn, which is what the time follows.
"""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.formats import render
from tests.common import dedent

ENV: dict[str, str | None] = {"COLUMNS": "100", "NO_COLOR": None, "PLANTRACK_PLAN": None}
WORD = "x" * 2_000_000
NOTE_LINES = 300_000


@pytest.fixture(scope="module")
def huge_plan(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("huge") / "plan.yaml"
    note = "line\\n" * NOTE_LINES  # YAML's escape: one line each
    path.write_text(dedent(
        f"""
        title: Test plan
        recommendations:
          - id: "1"
            actions:
              - id: "1.1"
                action: {WORD}
                lead: Ann Smith
                status: in-progress
                note: "{note}"
              - id: "1.2"
                action: A short action
                lead: Ann Smith
                status: in-progress
        """), encoding="utf-8")
    return str(path)


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def test_a_table_cuts_a_huge_cell_short_and_says_so(huge_plan: str) -> None:
    result = run("list", "--plan", huge_plan)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout) < 30_000
    assert "… cut short" in result.stdout
    assert "A short action" in result.stdout


def test_show_cuts_a_huge_note_short(huge_plan: str) -> None:
    result = run("show", "1.1", "--plan", huge_plan)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # Two huge values (the action and the note), each cut to its bound; the rest is short.
    assert len(lines) < 3 * render.MAX_DETAIL_LINES
    assert len(result.stdout) < 3 * render.MAX_DETAIL_CHARS
    assert sum("… cut short" in line for line in lines) == 2


def test_json_csv_and_markdown_keep_the_whole_text(huge_plan: str) -> None:
    records = json.loads(run("list", "--json", "--plan", huge_plan).stdout)
    assert records[0]["action"] == WORD
    assert records[0]["note"].count("\n") == NOTE_LINES
    assert WORD in run("list", "-f", "csv", "--plan", huge_plan).stdout
    assert WORD in run("list", "-f", "markdown", "--plan", huge_plan).stdout


def test_cut_short_by_example() -> None:
    assert render.cut_short("short", 10) == "short"
    assert render.cut_short("a" * 15, 10) == "a" * 10 + "\n… cut short (5 more characters: " \
        "--format json has them all)"
    assert render.cut_short("1\n2\n3\n4", 100, max_lines=2) == \
        "1\n2\n… cut short (4 more characters: --format json has them all)"


def test_both_writers_draw_the_same_cut_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    grid = render.Grid([render.Column("ID", fixed=True), render.Column("Action")],
                       [["1.1", "y" * 50_000]])
    plain, rich = io.StringIO(), io.StringIO()
    render.write_plain_table(plain, grid)
    render.write_rich_table(rich, grid)
    assert plain.getvalue() == rich.getvalue()
    assert len(plain.getvalue()) < 10 * render.MAX_CELL_CHARS
