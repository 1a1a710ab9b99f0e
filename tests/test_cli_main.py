"""The console entry point: only the named command is built, and the whole app otherwise."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest

from plantrack.cli import app, app_for

REPO = Path(__file__).resolve().parent.parent


def command_names(typer_app) -> list[str]:
    return [
        info.name or info.callback.__name__.replace("_", "-")
        for info in typer_app.registered_commands
    ]


@pytest.mark.parametrize("name", command_names(app))
def test_a_named_command_gets_an_app_with_only_that_command(name: str) -> None:
    single = app_for([name, "--plan", "x.yaml"])
    assert command_names(single) == [name]
    assert single.registered_callback is app.registered_callback


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["--version"], ["overdu"], ["-p"], ["--as-of", "today"]]
)
def test_no_or_unknown_command_gets_the_whole_app(argv: list[str]) -> None:
    assert app_for(argv) is app


def plantrack(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plantrack", *args], capture_output=True, text=True, cwd=REPO
    )


def test_help_lists_every_command() -> None:
    result = plantrack("--help")
    assert result.returncode == 0
    for name in command_names(app):
        assert name in result.stdout


def test_unknown_command_suggests_the_nearest() -> None:
    result = plantrack("overdu")
    assert result.returncode == 2
    assert "Did you mean 'overdue'?" in result.stderr


def test_named_command_runs_through_main() -> None:
    result = plantrack("overdue", "--as-of", "2010-01-31", "--format", "csv")
    assert result.returncode == 0
    ids = [line.split(",")[0] for line in result.stdout.lstrip("\ufeff").splitlines()[1:]]
    # Worked out from the source: on 31 January 2010 only these five are past their deadline.
    assert ids == ["4.6", "1.1", "1.2", "4.5", "5.5"]


@pytest.mark.parametrize("argv", [["--version"], ["overdue", "--plan", "no-such-plan.yaml"]])
def test_main_freezes_what_is_alive_when_it_ends(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left to the collector's last pass at exit, the objects typer and the standard library
    made cost about 9 ms of every run; main freezes them, whichever way the command ends."""
    from plantrack import cli

    monkeypatch.setattr(sys, "argv", ["plantrack", *argv])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit):
            cli.main()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    ("command", "own"),
    [("overdue", ["--exit-code"]), ("due", ["--within", "--include-overdue"]),
     ("list", ["--rag-mismatch"]), ("summary", ["--red-after"])],
)
def test_listing_options_stand_around_the_commands_own(command: str, own: list[str]) -> None:
    """--help lists the plan and date first, then the command's own options, then the shared
    filters and formats: the order question_command promises."""
    result = plantrack(command, "--help")
    assert result.returncode == 0
    listed = re.findall(r"^\s+(?:-\w, )?(--[\w-]+)", result.stdout, flags=re.MULTILINE)
    assert listed == ["--plan", "--as-of", *own, "--lead", "--board", "--status", "--open",
                      "--where", "--rec", "--area", "--search", "--columns", "--format", "--json",
                      "--output", "--help"]


@pytest.mark.parametrize("argv", [[], *([name] for name in command_names(app))])
def test_dash_h_is_help_wherever_help_is(argv: list[str]) -> None:
    """-h, typed without thinking, gives what --help gives: for the app and every command,
    and through app_for's single-command app as through the whole one."""
    from typer.testing import CliRunner

    for typer_app in (app, app_for(argv)):
        long = CliRunner().invoke(typer_app, [*argv, "--help"])
        short = CliRunner().invoke(typer_app, [*argv, "-h"])
        assert long.exit_code == short.exit_code == 0
        assert short.stdout == long.stdout
        assert "-h, --help" in long.stdout


def test_python_m_plantrack_runs_the_cli() -> None:
    version = plantrack("--version")
    assert (version.returncode, version.stderr) == (0, "")
    assert re.fullmatch(r"plantrack \S+\n", version.stdout)
    listing = plantrack("list", "--as-of", "1/2/2010", "--rec", "1", "--format", "csv")
    assert listing.returncode == 0
    assert listing.stdout.lstrip("\ufeff").splitlines()[1].startswith("1.1,1,")
