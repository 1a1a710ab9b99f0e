"""How a real plantrack process ends whatever happens around it: an unexpected exception exits 70
with one line (never a traceback, never 1), a reader that goes away is not an error (exit 0),
and a stdout that is not UTF-8 gets what it can encode instead of a crash.

All through subprocesses: these are properties of the process, its streams and its exit code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PLAN = str(REPO / "plan.yaml")
BASE_ENV = {key: value for key, value in os.environ.items()
            if key not in ("COLUMNS", "PLANTRACK_PLAN", "PYTHONIOENCODING", "NO_COLOR")}

# Every command, as a person would run it on the bundled plan (set is run on a copy).
COMMANDS = [
    ["dates"], ["show", "5"], ["show", "3.7"], ["list"], ["overdue", "--as-of", "1/2/2010"],
    ["due", "--as-of", "1/1/2010", "--within", "1m"], ["leads"], ["boards"], ["summary"],
    ["validate"], ["show", "4.5", "-f", "markdown"], ["list", "--json"], ["list", "-f", "csv"],
]


def plantrack(*args: str, env: dict[str, str] | None = None, **kwargs: object
              ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "plantrack", *args],
                          env={**BASE_ENV, **(env or {})}, cwd=REPO, **kwargs)  # type: ignore


# -- exit 70 -----------------------------------------------------------------------------------
CRASH = """
import sys
from plantrack import cli

def broken(*args, **kwargs):
    raise ZeroDivisionError("a bug in the code")

cli.app_for = lambda argv: broken
sys.argv = ["plantrack", "overdue"]
cli.main()
"""


def test_an_unexpected_exception_exits_70_with_one_line_and_no_traceback() -> None:
    result = subprocess.run([sys.executable, "-c", CRASH], capture_output=True, text=True,
                            env=BASE_ENV, cwd=REPO)
    assert result.returncode == 70
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("plantrack: internal error (ZeroDivisionError: a bug in the "
                                     "code); this is a bug in plantrack")
    assert "please report it" in result.stderr


def test_an_exception_inside_a_command_exits_70(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from plantrack import cli
    from plantrack.plan import load

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("unexpected")

    monkeypatch.setattr(load, "load_path", broken)
    monkeypatch.setattr(sys, "argv", ["plantrack", "overdue", "--plan", PLAN])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    assert ended.value.code == 70
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("plantrack: internal error (KeyError: 'unexpected'); ")
    assert captured.err.count("\n") == 1


# -- broken pipe -------------------------------------------------------------------------------
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_reader_that_goes_away_is_not_an_error(args: list[str]) -> None:
    """`plantrack dates | head -1`: the reader closes the pipe; plantrack stops, exit 0, quiet.

    The read end is closed before plantrack starts, so its first write meets the broken pipe
    every time, not only when the output outgrows the pipe's buffer.
    """
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = plantrack(*args, "--plan", PLAN, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr.decode()) == (0, "")


@pytest.mark.parametrize("args", [["--help"], ["overdue", "--help"], ["set", "--help"],
                                  ["--version"], ["add", "action", "--help"]], ids=" ".join)
def test_help_and_version_to_a_reader_that_went_away_exit_0(args: list[str]) -> None:
    """`plantrack --help | head -1`: click's own broken-pipe handling exits 1; ours exits 0.

    A reader that reads one line and closes races with output this short (it may all be in the
    pipe's buffer already), so the read end is closed first, as above: every write breaks.
    """
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = plantrack(*args, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr.decode()) == (0, "")


def test_head_on_a_real_pipe_exits_0() -> None:
    shell = shutil.which("sh")
    if shell is None:
        pytest.skip("no POSIX shell to build a pipeline with")
    command = (f'"{sys.executable}" -m plantrack show 5 --plan "{PLAN}" | head -1; '
               'echo "exit=${PIPESTATUS:-unknown}"')
    result = subprocess.run(["bash", "-c", command.replace("${PIPESTATUS:-unknown}",
                                                          "${PIPESTATUS[0]}")]
                            if shutil.which("bash") else [shell, "-c", command],
                            capture_output=True, text=True, env=BASE_ENV, cwd=REPO)
    assert result.stdout.startswith("Recommendation 5: ")
    if shutil.which("bash"):
        assert result.stdout.endswith("exit=0\n")
    assert result.stderr == ""


# -- encodings ---------------------------------------------------------------------------------
ENCODINGS = ["cp1252", "ascii", "cp850", "latin-1"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_writes_to_any_encoding(encoding: str, args: list[str]) -> None:
    result = plantrack(*args, "--plan", PLAN, env={"PYTHONIOENCODING": encoding},
                       capture_output=True)
    assert result.returncode == 0, result.stderr.decode(encoding, "replace")
    assert b"Traceback" not in result.stderr
    assert result.stdout


def _every_command() -> list[list[str]]:
    """Each command's words (`add action` too), from the app itself: a new one is included."""
    import typer

    import plantrack.cli_start  # noqa: F401  registers init, add, import and schema
    from plantrack.cli import app

    def walk(group: object, words: list[str]) -> list[list[str]]:
        found = []
        for name, command in getattr(group, "commands", {}).items():
            found.append([*words, name])
            found += walk(command, [*words, name])
        return found

    return walk(typer.main.get_command(app), [])


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_every_help_is_written_in_the_streams_own_encoding(encoding: str) -> None:
    """click writes --help itself, and on a stdout it finds ASCII it writes UTF-8 bytes anyway
    (mojibake: `underway…` as `underwayâ€¦`); so the help text is ASCII and reads the same in
    any encoding."""
    for words in [[], *_every_command()]:
        result = plantrack(*words, "--help", env={"PYTHONIOENCODING": encoding},
                           capture_output=True)
        assert result.returncode == 0, (words, result.stderr)
        shown = result.stdout.decode(encoding)
        assert "\u00e2\u20ac" not in shown, (words, shown)  # UTF-8's bytes read as cp1252
        assert result.stdout.isascii(), (words, [line for line in shown.splitlines()
                                                 if not line.isascii()])


def test_arrows_and_dashes_become_ascii_on_an_ascii_stdout() -> None:
    result = plantrack("dates", "--plan", PLAN, env={"PYTHONIOENCODING": "ascii"},
                       capture_output=True, text=True)
    assert result.returncode == 0
    assert "1.1  October 2009 -> 2009-10-31\n" in result.stdout
    shown = plantrack("show", "4.6", "--as-of", "1/2/2010", "--plan", PLAN,
                      env={"PYTHONIOENCODING": "ascii", "COLUMNS": "100"},
                      capture_output=True, text=True)
    assert shown.returncode == 0
    assert "\nDeadline            February 2009 -> 28 Feb 2009\n" in shown.stdout
    assert "\nStart               -\n" in shown.stdout  # the en dash of 'no start'
    assert shown.stdout.isascii()


def test_cp1252_keeps_what_it_can_encode() -> None:
    result = plantrack("show", "4.6", "--as-of", "1/2/2010", "--plan", PLAN,
                       env={"PYTHONIOENCODING": "cp1252", "COLUMNS": "100"},
                       capture_output=True)
    assert result.returncode == 0
    text = result.stdout.decode("cp1252")
    assert "\nStart               \u2013\n" in text  # cp1252 has the en dash: it stays
    assert "February 2009 -> 28 Feb 2009" in text  # and no arrow: it becomes ->


def test_set_echoes_its_change_to_an_ascii_stdout(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(PLAN, plan)
    result = plantrack("set", "1.1", "done", "--on", "2010-02-01", "--plan", str(plan),
                       env={"PYTHONIOENCODING": "ascii"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1.1  in-progress -> completed\n1.1  completed_on: 2010-02-01\n"
    dry = plantrack("set", "2.1", "--note", "Caf\u00e9 \u2013 done", "--dry-run", "--plan",
                    str(plan), env={"PYTHONIOENCODING": "ascii"}, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "+        note: Cafe - done" in dry.stdout
