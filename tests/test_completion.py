"""Tab completion: each shell's script, and what each shell is offered, from the plan itself.

The completions are asked for as the shells' scripts ask: `plantrack` run with
_PLANTRACK_COMPLETE=complete_SHELL and the words typed so far in the environment, in a folder
holding the bundled plan, through main() (so app_for, which builds only the named command,
is on the path, as it is for a person).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack import completion
from plantrack.cli import app

ROOT = Path(__file__).resolve().parent.parent
SET_THREE = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("completion")
    shutil.copyfile(ROOT / "plan.yaml", here / "plan.yaml")
    return here


def complete(folder: Path, shell: str, words: str, **env: str) -> tuple[int, str, str]:
    """What `plantrack` answers a shell that has `words` typed (the last may be partial)."""
    shell_env = {"_PLANTRACK_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        parts = words.split(" ")
        shell_env.update(COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    elif shell == "powershell":
        shell_env.update(_TYPER_COMPLETE_ARGS=words,
                         _TYPER_COMPLETE_WORD_TO_COMPLETE=words.split(" ")[-1])
    else:
        shell_env.update(_TYPER_COMPLETE_ARGS=words)
        if shell == "fish":
            shell_env.update(_TYPER_COMPLETE_FISH_ACTION="get-args")
    base = {key: value for key, value in os.environ.items()
            if not key.startswith(("_PLANTRACK", "_TYPER", "COMP_")) and key != "PLANTRACK_PLAN"}
    done = subprocess.run([sys.executable, "-m", "plantrack"], cwd=folder, capture_output=True,
                          text=True, encoding="utf-8", env={**base, **shell_env, **env},
                          check=False)
    return done.returncode, done.stdout, done.stderr


def offered(folder: Path, words: str) -> list[str]:
    """bash's list: one completion a line."""
    code, out, err = complete(folder, "bash", words)
    assert (code, err) == (0, ""), err
    return [line for line in out.splitlines() if line]


def test_commands_and_options(folder: Path) -> None:
    assert offered(folder, "plantrack ov") == ["overdue"]
    assert {"show", "summary", "set"} <= set(offered(folder, "plantrack s"))
    assert offered(folder, "plantrack overdue --ex") == ["--exit-code"]
    assert offered(folder, "plantrack --show") == ["--show-completion"]


def test_action_ids_for_set(folder: Path) -> None:
    """`set 3.<TAB>`: the plan's action ids."""
    assert offered(folder, "plantrack set 3.") == SET_THREE
    assert offered(folder, "plantrack set 12.") == [f"12.{n}" for n in range(1, 7)]
    # after an id, the statuses (and more ids, when a digit is typed)
    assert offered(folder, "plantrack set 3.7 co") == ["completed"]
    assert offered(folder, "plantrack set 3.7 3.") == SET_THREE


def test_statuses_recs_and_show_ids(folder: Path) -> None:
    assert offered(folder, "plantrack list --status in") == ["in-progress"]
    assert offered(folder, "plantrack list --status o") == ["ongoing", "open"]
    assert offered(folder, "plantrack add action --status o") == ["ongoing"]
    assert offered(folder, "plantrack list --rec 1") == ["1", "10", "11", "12"]
    assert offered(folder, "plantrack show 9.") == [f"9.{n}" for n in range(1, 8)]


def test_lead_and_board_names_after_aliases(folder: Path) -> None:
    """`--lead Tr<TAB>`; bash inserts what it is given, so spaces come escaped."""
    assert offered(folder, "plantrack overdue --lead Tr") == ["Tracy\\ Collins", "Tracy\\ Bend"]
    # the alias's spelling is offered, not the source's variant (Maureen Cavanaugh)
    assert offered(folder, "plantrack list --lead Maureen") == ["Maureen\\ Cavanagh"]
    assert "CAF\\ Board" in offered(folder, "plantrack pack --board CA")


def test_every_shell_is_answered(folder: Path) -> None:
    code, out, _ = complete(folder, "zsh", "plantrack overdue --lead Tr")
    assert code == 0
    assert '"Tracy Collins":"lead"' in out and '"Tracy Bend":"lead"' in out
    code, out, _ = complete(folder, "fish", "plantrack set 3.7 bl")
    assert (code, out) == (0, "blocked\tstatus\n")
    code, out, _ = complete(folder, "powershell", "plantrack overdue --lead Tr")
    assert (code, out.splitlines()) == (0, ["'Tracy Collins':::lead", "'Tracy Bend':::lead"])
    code, out, _ = complete(folder, "powershell", "plantrack set 3.7 blo")
    assert out.splitlines() == ["blocked:::status"]


def test_the_plan_named_on_the_line_is_used(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text((folder / "plan.yaml").read_text(encoding="utf-8")
                                         .replace("Tracy Collins", "Trevor Collins"),
                                         encoding="utf-8")
    words = f"plantrack overdue --plan {tmp_path / 'other.yaml'} --lead Tr"
    assert offered(folder, words) == ["Trevor\\ Collins", "Tracy\\ Bend"]


def test_no_plan_offers_nothing_and_says_nothing(tmp_path: Path) -> None:
    assert offered(tmp_path, "plantrack overdue --lead Tr") == []
    (tmp_path / "plan.yaml").write_text("title: [broken\n", encoding="utf-8")
    assert offered(tmp_path, "plantrack set 1.") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_each_shell_gets_a_script_that_calls_back(shell: str) -> None:
    result = CliRunner().invoke(app, ["completion", shell])
    assert result.exit_code == 0
    assert re.search(rf'_PLANTRACK_COMPLETE ?= ?"?complete_{shell}', result.stdout)
    assert "plantrack" in result.stdout


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert "'tcsh' is not one of" in result.stderr


def test_show_and_install_completion_for_the_shell_this_runs_in(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import typer._completion_shared as shared

    monkeypatch.setattr(shared, "_get_shell_name", lambda: "zsh")
    shown = CliRunner().invoke(app, ["--show-completion"])
    assert (shown.exit_code, shown.stdout) == (0, completion.script("zsh") + "\n")
    monkeypatch.setattr(shared, "_get_shell_name", lambda: "bash")
    monkeypatch.setenv("HOME", str(tmp_path))
    installed = CliRunner().invoke(app, ["--install-completion"])
    assert installed.exit_code == 0
    assert installed.stdout.startswith("bash completion installed in ")
    script = tmp_path / ".bash_completions" / "plantrack.sh"
    assert "_PLANTRACK_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")
    monkeypatch.setattr(shared, "_get_shell_name", lambda: None)
    unknown = CliRunner().invoke(app, ["--show-completion"])
    assert unknown.exit_code == 2
    assert "plantrack completion bash" in unknown.stderr


def test_ordinary_runs_do_no_completion_work() -> None:
    """An ordinary command never sets completion up (Typer's own --install-completion would,
    on every run); only a run with _PLANTRACK_COMPLETE set does."""
    probe = ("import sys, typer\nfrom plantrack import cli\n"
             "from typer._click.shell_completion import _available_shells\n"
             "group = typer.main.get_command(cli.app_for(['list']))\n"
             "lead = next(p for p in group.commands['list'].params\n"
             "            if p.name == 'lead')\n"
             "print('completer:', lead._custom_shell_complete is not None)\n"
             "sys.argv = ['plantrack', '--version']\n"
             "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
             "print('shells:', sorted(_available_shells))")
    env = {key: value for key, value in os.environ.items() if key != "_PLANTRACK_COMPLETE"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env=env)
    assert "completer: False" in done.stdout  # Typer inspects a completer on every build
    assert "powershell" not in done.stdout
    asked = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True, env={**env, "_PLANTRACK_COMPLETE": "complete_bash",
                                            "COMP_WORDS": "plantrack", "COMP_CWORD": "1"})
    assert "completer: True" in asked.stdout
