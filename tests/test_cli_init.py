"""`plantrack init`: a plan that validates --strict, never over an existing file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.commands import common
from plantrack.commands.init import plan_text
from plantrack.plan.load import all_problems, load_path, load_text

pytestmark = pytest.mark.usefixtures("both_loaders")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLANTRACK_PLAN", raising=False)
    monkeypatch.setattr(common, "today", lambda: date(2026, 12, 2))
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_plan_that_validates_strictly(here: Path) -> None:
    code, out, err = run("init")
    assert (code, err) == (0, "")
    assert out.startswith("Wrote plan.yaml: 1 recommendation with 1 action")
    assert "plantrack validate\n" in out and 'add action --rec 1' in out
    assert '--due "March 2027"' in out  # the example deadline is three months on
    result = load_path(here / "plan.yaml")
    assert all_problems(result) == ()
    plan = result.plan
    assert plan is not None and plan.title == "Improvement action plan"
    assert plan.agreed == date(2026, 12, 2)
    assert [a.id for a in plan.actions] == ["1.1"]
    assert run("validate", "--strict")[0] == 0


def test_title_and_organisation_are_quoted_as_yaml_needs(here: Path) -> None:
    code, _, _ = run("init", "--title", "Ofsted: action plan # 2026", "--organisation", "no")
    assert code == 0
    text = (here / "plan.yaml").read_text()
    assert "title: 'Ofsted: action plan # 2026'\n" in text
    assert "organisation: 'no'\n" in text
    plan = load_path(here / "plan.yaml").plan
    assert plan is not None and (plan.title, plan.organisation) == (
        "Ofsted: action plan # 2026", "no")


def test_init_refuses_to_overwrite(here: Path) -> None:
    (here / "plan.yaml").write_text("mine\n")
    code, out, err = run("init")
    assert (code, out) == (2, "")
    assert err == ("plantrack: plan.yaml already exists; plantrack init never overwrites a "
                   "file. Give another path, or delete it first\n")
    assert (here / "plan.yaml").read_text() == "mine\n"


def test_init_to_another_path_says_so_in_the_next_commands(here: Path) -> None:
    (here / "plans").mkdir()
    code, out, _ = run("init", "plans/social-care.yaml")
    assert code == 0
    assert "plantrack validate --plan plans/social-care.yaml\n" in out
    assert (here / "plans" / "social-care.yaml").is_file()


def test_init_into_a_missing_folder_is_a_usage_error(here: Path) -> None:
    code, out, err = run("init", "nowhere/plan.yaml")
    assert (code, out) == (2, "")
    assert "its folder does not exist" in err


@pytest.mark.parametrize("title", ["", "two\nlines"])
def test_a_title_must_be_one_line(here: Path, title: str) -> None:
    assert run("init", "--title", title)[0] == 2
    assert not (here / "plan.yaml").exists()


def test_template_is_valid_at_any_date() -> None:
    for day in (date(2026, 10, 31), date(2026, 11, 30), date(2027, 1, 1)):
        assert load_text(plan_text("T", "O", day)).problems == ()


@pytest.mark.parametrize(("encoding", "shown"), [("ascii", "plan->a.yaml"),
                                                 ("cp1252", "pl\u00e4n->a.yaml")])
def test_init_writes_to_a_stdout_that_is_not_utf8(tmp_path: Path, encoding: str,
                                                  shown: str) -> None:
    """What a Windows redirect gives: init's lines in that encoding (the nearest ASCII where it
    lacks a character), never UTF-8 bytes in it nor a UnicodeEncodeError."""
    env = {key: value for key, value in os.environ.items() if key != "PLANTRACK_PLAN"}
    result = subprocess.run([sys.executable, "-m", "plantrack", "init", "pl\u00e4n\u2192a.yaml"],
                            env={**env, "PYTHONIOENCODING": encoding}, cwd=tmp_path,
                            capture_output=True)
    assert (result.returncode, result.stderr) == (0, b"")
    text = result.stdout.decode(encoding)
    assert text.startswith(f"Wrote {shown}: 1 recommendation with 1 action")
    assert f"plantrack validate --plan {shown}\n" in text
    assert (tmp_path / "pl\u00e4n\u2192a.yaml").is_file()
