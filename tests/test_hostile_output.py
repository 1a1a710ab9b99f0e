"""Plan text that tries to take over whatever shows it: the terminal (escape sequences), Excel
(formulas) or a Markdown page (HTML, headings, fake tables). Every format but JSON shows it
harmless; JSON keeps it as data (its encoder escapes controls).

Each test failed on main before escaping: the raw ESC reached the table, `show`, CSV, the
Markdown and the messages; CSV cells began with '=' and '@'; Markdown carried <script> and a
note's newline started a heading.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from tests.common import dedent

pytestmark = pytest.mark.usefixtures("both_loaders")

CLEAN_ENV: dict[str, str | None] = {
    "COLUMNS": "200", "NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None,
    "PLANTRACK_PLAN": None,
}
# YAML's double-quoted escapes: \e is ESC, \a BEL; \u202e flips the text after it.
CLEAR = r"\e[2J\e[H"
RETITLE = r"\e]0;owned\a"
CLIPBOARD = r"\e]52;c;ZWNobyBvd25lZA==\a"
LINK = r"\e]8;;https://evil.example/\e\\click here\e]8;;\e\\"

HOSTILE_PLAN = dedent(
    f"""
    title: "Plan {RETITLE}"
    recommendations:
      - id: "1"
        title: "Rec title {CLEAR}<script>alert(1)</script>"
        area: "North\\n# Injected heading\\n| a | b |\\n| --- | --- |"
        timescale: "<b>March</b> 2010\\n---"
        success_criteria:
          - "Fewer re-referrals\\n## Another heading"
          - "[click](https://evil.example/) *bold* `code`"
        measures:
          - "<img src=x onerror=alert(1)>"
          - "1. not a list\\n> not a quote"
        actions:
          - id: "1.1"
            action: "=HYPERLINK(\\"https://evil.example/\\",\\"Open\\") {CLEAR}"
            lead: "@SUM(A1:A9) {CLIPBOARD}"
            due: March 2010
            status: in-progress
            board: "-2+3 Board \\u202eevil"
            note: "+fine {LINK}\\n# Heading from a note\\n|x|y|\\n|-|-|"
            monitoring: "\\tTabbed {RETITLE}"
          - id: "1.2"
            action: "Ordinary action"
            lead: Ann Smith
            due: February 2010
            status: not-started
    """
)
# Characters no output but JSON may carry raw: Unicode Cc/Cf except tab and line breaks.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
                         "\u2060-\u2064\u2066-\u206f\ufeff]")


@pytest.fixture
def plan(tmp_path: Path) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(HOSTILE_PLAN, encoding="utf-8")
    return str(path)


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=CLEAN_ENV)


def no_raw_controls(text: str, allowed: str = "\n") -> None:
    found = {c for c in RAW_CONTROL.findall(text) if c not in allowed}
    assert not found, f"raw control characters reached the output: {found}"


def test_the_plan_is_valid_so_every_command_shows_it(plan: str) -> None:
    result = run("validate", "--plan", plan)
    assert result.exit_code == 0, result.stdout


# -- item 10: escape sequences never reach a terminal ------------------------------------------
@pytest.mark.parametrize("args", [
    ["list", "--as-of", "1/1/2010"], ["overdue", "--as-of", "1/6/2010"],
    ["due", "--as-of", "1/3/2010", "--within", "1m"], ["leads", "--as-of", "1/1/2010"],
    ["boards"], ["summary"],
    ["show", "1.1"], ["show", "1"], ["list", "--lead", "sum"],
])
def test_tables_and_show_escape_controls(plan: str, args: list[str]) -> None:
    result = run(*args, "--plan", plan)
    assert result.exit_code == 0, result.stderr
    no_raw_controls(result.stdout)
    no_raw_controls(result.stderr)
    assert "\\x1b" in result.stdout or args[0] in ("boards", "summary")


def test_show_action_shows_each_sequence_as_escapes(plan: str) -> None:
    result = run("show", "1.1", "--plan", plan)
    assert "\\x1b[2J\\x1b[H" in result.stdout
    assert "@SUM(A1:A9) \\x1b]52;c;ZWNobyBvd25lZA==\\x07" in result.stdout
    assert "\\u202eevil" in result.stdout
    assert "\\x1b]8;;https://evil.example/\\x1b\\click here" in result.stdout
    assert "Tabbed \\x1b]0;owned\\x07" in result.stdout


def test_json_keeps_the_text_as_data(plan: str) -> None:
    result = run("show", "1.1", "--json", "--plan", plan)
    record = json.loads(result.stdout)
    assert record["action"] == '=HYPERLINK("https://evil.example/","Open") \x1b[2J\x1b[H'
    assert record["boards"] == ["-2+3 Board \u202eevil"]
    assert "\x1b" not in result.stdout and "\\u001b[2J" in result.stdout  # JSON's own escape


def test_messages_quote_plan_text_escaped(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(HOSTILE_PLAN.replace("    status: not-started",
                                         '    "stat\\e[2Jus": not-started'), encoding="utf-8")
    result = run("validate", "--plan", str(path))
    assert result.exit_code == 1
    assert "unknown key 'stat\\x1b[2Jus' in an action" in result.stdout
    no_raw_controls(result.stdout)
    listing = run("list", "--plan", str(path))
    assert listing.exit_code == 1
    assert "unknown key 'stat\\x1b[2Jus' in an action" in listing.stderr
    no_raw_controls(listing.stderr)


def test_a_message_never_spans_lines(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(HOSTILE_PLAN.replace("    status: not-started",
                                         '    "x\\nplan.yaml:1:1: error: fake": 1'),
                    encoding="utf-8")
    result = run("validate", "--plan", str(path))
    assert result.exit_code == 1
    assert "unknown key 'x\\x0aplan.yaml:1:1: error: fake'" in result.stdout
    assert all(line.startswith(str(path)) for line in result.stdout.splitlines())


def test_set_echo_is_escaped(plan: str) -> None:
    result = run("set", "1.2", "--note", "done \x1b]0;owned\x07", "--plan", plan)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == '1.2  note: (none) → "done \\x1b]0;owned\\x07"\n'
    dry = run("set", "1.1", "done", "--dry-run", "--plan", plan)
    assert dry.exit_code == 0
    no_raw_controls(dry.stdout)


def test_rich_tables_get_the_escaped_text_too() -> None:
    from plantrack.formats.render import Column, Grid, write_rich_table

    out = io.StringIO()
    grid = Grid([Column("ID", fixed=True), Column("Action")], [["1.1", "a\x1b[2Jb\u202ec"]])
    write_rich_table(out, grid, heading="Head \x1b]0;x\x07", footer=["Foot \x1b[H"])
    text = out.getvalue()
    no_raw_controls(text)
    assert "a\\x1b[2Jb\\u202ec" in text
    assert "Head \\x1b]0;x\\x07" in text and "Foot \\x1b[H" in text


# -- item 11: CSV for Excel never starts a cell with a formula ---------------------------------
def csv_records(stdout_bytes: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout_bytes.decode("utf-8-sig"), newline="")))


def test_csv_neutralises_formulas_and_keeps_numbers(plan: str) -> None:
    result = run("list", "--as-of", "1/6/2010", "-f", "csv", "--plan", plan)
    assert result.exit_code == 0
    first, second = csv_records(result.stdout_bytes)
    assert first["action"] == "'=HYPERLINK(\"https://evil.example/\",\"Open\") \\x1b[2J\\x1b[H"
    assert first["leads"].startswith("'@SUM(A1:A9) ")
    assert first["boards"] == "'-2+3 Board \\u202eevil"
    assert first["note"].startswith("'+fine \\x1b]8;;")
    assert first["note"].split("\n")[1] == "# Heading from a note"  # lines stay lines
    assert first["monitoring"] == "'\tTabbed \\x1b]0;owned\\x07"
    assert first["days_overdue"] == "62"  # a number stays a number
    assert second["action"] == "Ordinary action"
    no_raw_controls(result.stdout_bytes.decode("utf-8-sig"), allowed="\n\r\t")


def test_csv_of_a_recommendation_and_of_names(plan: str) -> None:
    shown = run("show", "1.1", "-f", "csv", "--plan", plan)
    assert csv_records(shown.stdout_bytes)[0]["leads"].startswith("'@SUM")
    leads = run("leads", "-f", "csv", "--plan", plan)
    names = [row["name"] for row in csv_records(leads.stdout_bytes)]
    assert "'@SUM(A1:A9) \\x1b]52;c;ZWNobyBvd25lZA==\\x07" in names


# -- item 12: Markdown carries no HTML and no structure from plan text -------------------------
def markdown_lines(stdout: str) -> list[str]:
    return stdout.splitlines()


@pytest.mark.parametrize("args", [
    ["list", "-f", "markdown"], ["show", "1.1", "-f", "markdown"], ["show", "1", "-f", "markdown"],
    ["summary", "-f", "markdown"], ["leads", "-f", "markdown"],
])
def test_markdown_has_no_raw_html_or_injected_blocks(plan: str, args: list[str]) -> None:
    result = run(*args, "--plan", plan)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    no_raw_controls(out)
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert not re.search(r"(?<!\\)\]\(", out)  # no link a reader could follow
    for line in markdown_lines(out):
        # Headings are ours (### ...); a table row is ours only if it is one whole row.
        assert not line.startswith(("# ", "## ", "> ", "1. ")), line
        assert not line.startswith("---"), line


def test_show_recommendation_markdown_in_full(plan: str) -> None:
    result = run("show", "1", "--as-of", "1/1/2010", "-f", "markdown", "--plan", plan)
    head = result.stdout.split("\n\n| ID |")[0]
    assert head == (
        "### Recommendation 1: Rec title \\\\x1b\\[2J\\\\x1b\\[H"
        "&lt;script&gt;alert(1)&lt;/script&gt;\n"
        "\n"
        "Area: North<br>\\# Injected heading<br>\\| a \\| b \\|<br>\\| --- \\| --- \\|; "
        "Timescale: &lt;b&gt;March&lt;/b&gt; 2010<br>\\---\n"
        "\n"
        "Success criteria:\n"
        "- Fewer re-referrals<br>\\#\\# Another heading\n"
        "- \\[click\\](https://evil.example/) \\*bold\\* \\`code\\`\n"
        "\n"
        "Measures:\n"
        "- &lt;img src=x onerror=alert(1)&gt;\n"
        "- 1\\. not a list<br>&gt; not a quote\n"
        "\n"
        "Progress: 0 of 2 actions completed (0%), 0 overdue; BRAG Green"
    )


def test_markdown_table_keeps_one_row_per_action(plan: str) -> None:
    result = run("list", "-f", "markdown", "--plan", plan)
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + 2  # header, rule, two actions
    # The visible escapes' backslashes are escaped too: a reader sees \x1b]8;; as text.
    assert "+fine \\\\x1b\\]8;;https://evil.example/\\\\x1b\\\\click here" in rows[2]
    assert "<br>\\# Heading from a note<br>\\|x\\|y\\|<br>\\|-\\|-\\|" in rows[2]


def test_the_board_pack_in_markdown_carries_no_controls_or_html(plan: str) -> None:
    """The pack (formats/pack_markdown.py) leaves controls out rather than showing them."""
    result = run("pack", "-f", "markdown", "-o", "-", "--as-of", "1/6/2010", "--plan", plan)
    assert result.exit_code == 0, result.stderr
    no_raw_controls(result.stdout)
    assert not re.search(r"(?<!\\)<script", result.stdout)  # \<script\> is text


def test_a_declared_fields_name_is_escaped_as_a_column_header(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(HOSTILE_PLAN.replace("recommendations:\n", 'fields: ["cost \\e[H"]\n'
                                         "recommendations:\n", 1).replace(
        "    status: not-started", '    status: not-started\n        "cost \\e[H": "5"'),
        encoding="utf-8")
    assert run("validate", "--plan", str(path)).exit_code == 0
    for columns in ("200", "30"):  # a table, and the block layout of a narrow window
        result = CliRunner().invoke(app, ["list", "--columns", "cost \x1b[H", "--plan", str(path)],
                                    env={**CLEAN_ENV, "COLUMNS": columns})
        assert result.exit_code == 0, result.stderr
        no_raw_controls(result.stdout)
        assert "\\x1b[h" in result.stdout  # the header, capitalized: 'Cost \\x1b[h'
