"""`plantrack pack` through the CLI: files written, exit codes, stdout and stderr apart."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.commands.pack import safe_file_name
from tests.pack.sample import SAMPLE_PLAN
from tests.test_cli_query import CLEAN_ENV, REPO_PLAN

BOARD = ("--board", "Social Care Mgt Team", "--as-of", "1/2/2010")


def run(*args: str, plan: str = REPO_PLAN):
    return CliRunner().invoke(app, ["pack", *args, "--plan", plan], env=CLEAN_ENV)


def test_markdown_pack_of_the_bundled_plan(tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    result = run(*BOARD, "--output", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (f"{out}: markdown pack for 1 February 2010: 16 actions, 2 overdue, "
                             "2 due before 1 March 2010\n")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Inspection of Safeguarding and Looked After Children: progress "
                           "report\n\n- **Board:** Social Care Management Team\n")
    assert "| 4.5 | Project group to established to develop a triage team" in text


def test_the_same_pack_to_stdout() -> None:
    result = run(*BOARD, "--output", "-", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Inspection of Safeguarding")
    assert "## Due before the next meeting" in result.stdout


@pytest.mark.parametrize("name", ["pack.md", "pack.html", "pack.docx"])
def test_no_command_hints_in_any_format(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    assert run(*BOARD, "--output", str(out)).exit_code == 0
    if name.endswith(".docx"):
        document = docx.Document(str(out))
        text = "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for r in t.rows for c in r.cells])
        assert "Exceptions" in text
    else:
        text = out.read_text(encoding="utf-8")
    assert "plantrack" not in text.casefold()
    assert not re.search(r"--[a-z]", text)
    assert "not-started" not in text and "in-progress" not in text


def test_by_lead_writes_one_file_per_lead(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SAMPLE_PLAN, encoding="utf-8")
    folder = tmp_path / "leads"
    result = run("--as-of", "1/2/2010", "--by-lead", "--format", "markdown", "--output",
                 str(folder), plan=str(plan))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["Ann-Smith.md", "Bo-Li.md", "Cy-Twp.md"]
    ann = (folder / "Ann-Smith.md").read_text(encoding="utf-8")
    assert ann.startswith("# Actions for Ann Smith\n")
    assert "| 1.1 | Monitor allocation of referrals |" in ann
    assert "| 2.1 | Audit twenty cases |" in ann
    assert "2.2" not in ann
    assert result.stderr.startswith(f"{folder}: 3 leads written (markdown)")


def test_by_lead_needs_a_format(tmp_path: Path) -> None:
    result = run(*BOARD, "--by-lead", "--output", str(tmp_path))
    assert result.exit_code == 2
    assert "--by-lead writes a folder of files: add --format docx|html|markdown" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--output", "pack.txt"), "--output 'pack.txt' does not say which format to write"),
    (("--lead", "collins", "--output", "p.md"),
     "give one of --board, --lead or --rec (or none, for the whole plan)"),
    (("--since", "2/2/2010", "--output", "p.md"), "--since must be before the meeting"),
    (("--next", "1/1/2010", "--output", "p.md"), "--next must be after the meeting"),
    (("--since", "whenever", "--output", "p.md"),
     "--since 'whenever' is not a date (31/01/2010, January 2010), nor a git revision"),
    (("--output", "-", "--format", "docx"), "a Word pack cannot go to stdout"),
    (("--output", REPO_PLAN, "--format", "markdown"), "is the plan itself; give another"),
])
def test_usage_errors_exit_2(args: tuple[str, ...], message: str, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*BOARD, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_does_not_exist_exits_3(tmp_path: Path) -> None:
    result = run(*BOARD, "--output", str(tmp_path / "missing" / "pack.docx"))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (f"plantrack: cannot write {tmp_path / 'missing' / 'pack.docx'}: "
                             f"the folder {tmp_path / 'missing'} does not exist\n")


@pytest.mark.parametrize(("name", "safe"), [
    ("Tracy Collins", "Tracy-Collins"),
    ("Area Managers / Social Care", "Area-Managers-Social-Care"),
    ("../../etc/passwd", "etc-passwd"),
    ("ASCM's", "ASCM-s"),
    ("Zoë Müller", "Zoë-Müller"),
    ("CON", "CON-lead"),
    ("...", "lead"),
])
def test_safe_file_names(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_word_and_jinja2_load_only_with_their_format() -> None:
    """python-docx and jinja2 are imported by formats/docx.py and formats/html.py alone, so
    every other command (and the pack in another format) starts without them."""
    import subprocess
    import sys

    code = ("import sys; import plantrack.cli, plantrack.commands.pack, plantrack.pack.layout, "
            "plantrack.formats.pack_markdown; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('docx', 'jinja2', 'markupsafe', 'lxml')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert found == "[]\n"


def test_the_readme_screenshot_is_small() -> None:
    """The README's picture of the HTML pack (the Markdown one is checked by
    tests/test_docs_examples.py like every README example)."""
    assert (Path(REPO_PLAN).parent / "docs" / "board-pack.png").stat().st_size < 300_000


def test_a_recommendations_pack_names_it() -> None:
    result = run("--rec", "4", "--as-of", "1/2/2010", "--output", "-", "--format", "markdown")
    assert result.exit_code == 0
    assert ("- **Recommendation:** 4: Ensure that thresholds for early intervention and child in "
            "need services are better understood and consistently applied across the area.\n"
            ) in result.stdout
