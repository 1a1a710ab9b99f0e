"""`plantrack validate` and bad input through the CLI: exit code, stdout and stderr apart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.plan import source, yamlsrc
from tests.common import MINIMAL_PLAN

REPO_PLAN = Path(__file__).resolve().parent.parent / "plan.yaml"


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(app, list(args), env=env)
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, list(args), env=env)
    finally:
        os.chdir(previous)


def write(tmp_path: Path, content: bytes | str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_clean_plan_exits_0_with_summary_on_stderr(tmp_path: Path) -> None:
    plan = write(tmp_path, MINIMAL_PLAN)
    result = run("validate", "--plan", str(plan))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.endswith("1 recommendation, 1 action; 0 errors, 0 warnings\n")


def test_errors_one_per_line_sorted_exit_1(tmp_path: Path) -> None:
    text = MINIMAL_PLAN.replace("status: in-progress", "staus: in-progress").replace(
        "title: Test plan", "title: Test plan\ncolour: red"
    )
    plan = write(tmp_path, text)
    result = run("validate", "--plan", str(plan))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(": error: ")[0].rsplit(":", 2)[1:] for line in lines] == [
        ["2", "1"],
        ["7", "9"],
        ["11", "9"],
    ]
    assert lines[0].endswith("[unknown-key]")
    assert "did you mean 'status'?" in lines[2]
    assert result.stderr.endswith("3 errors, 0 warnings\n")


def test_warnings_exit_0_unless_strict(tmp_path: Path) -> None:
    plan = write(tmp_path, MINIMAL_PLAN.replace("        lead: Ann Smith\n", ""))
    result = run("validate", "--plan", str(plan))
    assert result.exit_code == 0
    assert "warning: action 1.1 has no lead" in result.stdout
    strict = run("validate", "--strict", "--plan", str(plan))
    assert strict.exit_code == 1
    assert strict.stdout == result.stdout


@pytest.mark.parametrize(
    ("content", "expected", "code"),
    [
        (b"", "plan.yaml:1:1: error: the plan is empty", 1),
        (b"# nothing but a comment\n", "plan.yaml:1:1: error: the plan is empty", 1),
        (b"- a\n- b\n", "plan.yaml:1:1: error: the plan must be a mapping", 1),
        (b"42\n", "plan.yaml:1:1: error: the plan must be a mapping", 1),
        (b"title: caf\xe9\n", "plan.yaml:1:11: error: byte 0xe9 is not valid UTF-8", 1),
        ("title: x\n".encode("utf-16"), "plan.yaml:1:1: error: the file is saved as UTF-16", 1),
        (bytes(range(256)) * 8, "plan.yaml:1:1: error: this is not a text file", 1),
        (b"title: 'x\n", "plan.yaml:1:8: error: YAML syntax: this quoted value is never closed", 1),
        (b"title: x\n\trecommendations: []\n", "plan.yaml:2:1: error: a tab is used", 1),
    ],
)
def test_bad_input_is_one_located_line_no_traceback(
    tmp_path: Path, content: bytes, expected: str, code: int
) -> None:
    write(tmp_path, content)
    result = run("validate", "--plan", "plan.yaml", cwd=tmp_path)
    assert result.exit_code == code
    assert result.stdout.startswith(expected)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_file_and_directory_exit_2(tmp_path: Path) -> None:
    missing = run("validate", "--plan", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2
    assert missing.stdout == ""
    assert missing.stderr.strip().endswith("nope.yaml: no such file")
    folder = run("validate", "--plan", str(tmp_path))
    assert folder.exit_code == 2
    assert "is a directory, not a plan file" in folder.stderr


def test_no_permission_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = write(tmp_path, MINIMAL_PLAN)
    real_open = open

    def refuse(path, *args, **kwargs):  # root can read anything, so refuse by hand
        if str(path) == str(plan):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    result = run("validate", "--plan", str(plan))
    assert result.exit_code == 2
    assert "permission denied" in result.stderr


def test_far_too_large_file_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_PLAN_BYTES", 1000)
    plan = write(tmp_path, MINIMAL_PLAN + "# padding\n" * 200)
    result = run("validate", "--plan", str(plan))
    assert result.exit_code == 2
    assert "far larger than any plan" in result.stderr


def test_size_limit_admits_50000_action_plans() -> None:
    # A generated 50,000-action plan is about 30 MB; the limit must leave room for it.
    assert yamlsrc.MAX_PLAN_BYTES >= 64 * 1024 * 1024


@pytest.mark.usefixtures("both_loaders")
@pytest.mark.parametrize(
    "content",
    [
        # billion laughs: nine levels of nine aliases
        "a: &a [x,x,x,x,x,x,x,x,x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n"
            for i in range(9)
        ),
        "title: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "title: x\nrecommendations:\n" + "".join("  " * i + "-\n" for i in range(1, 3000)),
        "title: !!python/object/apply:os.system ['echo hi']\nrecommendations: []\n",
    ],
    ids=["alias-bomb", "deep-flow", "deep-block", "python-tag"],
)
def test_hostile_input_is_refused_with_a_located_error(
    tmp_path: Path, content: str, request: pytest.FixtureRequest
) -> None:
    # Refused before anything walks the nodes (an alias bomb walked takes minutes); how fast
    # is the benchmark's business, not a unit test's.
    expected = {"alias-bomb": {"anchor"}, "python-tag": {"tag"}}.get(
        request.node.callspec.id.split("-", 1)[-1], {"syntax", "too-deep"}
    )
    write(tmp_path, content)
    result = run("validate", "--plan", "plan.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("plan.yaml:")
    assert ": error: " in first
    assert first.rsplit("[", 1)[1].rstrip("]") in expected
    assert "Traceback" not in result.stdout + result.stderr


def test_plan_found_in_parent_directory(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL_PLAN)
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    result = run("validate", cwd=nested)
    assert result.exit_code == 0
    assert "1 action;" in result.stderr


def test_plan_from_environment(tmp_path: Path) -> None:
    plan = write(tmp_path, MINIMAL_PLAN, name="other.yaml")
    result = run("validate", cwd=tmp_path, env={"PLANTRACK_PLAN": str(plan)})
    assert result.exit_code == 0
    assert result.stderr.startswith(str(plan)) or "other.yaml" in result.stderr


def test_no_plan_found_exit_2(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path, env={"PLANTRACK_PLAN": None})
    assert result.exit_code == 2
    assert "no plan.yaml here or in any parent directory" in result.stderr


@pytest.mark.parametrize(("args", "env", "named"), [
    (["--plan", ""], {}, "--plan"),
    (["-p", "  "], {}, "--plan"),
    ([], {"PLANTRACK_PLAN": ""}, "PLANTRACK_PLAN"),
])
def test_an_empty_plan_path_is_a_usage_error_not_a_search(
    tmp_path: Path, args: list[str], env: dict[str, str], named: str
) -> None:
    """An unset variable in a script (`--plan "$PLAN"`) must not edit whichever plan.yaml is
    found from here: found one is right here, and it is still refused."""
    write(tmp_path, MINIMAL_PLAN)
    result = run("validate", *args, cwd=tmp_path, env={"PLANTRACK_PLAN": None, **env})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"plantrack: {named} is empty; give the plan file's path, or leave "
                             f"{named} out to use plan.yaml from this folder or a parent\n")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links and FIFOs are POSIX here")
def test_a_symlink_loop_as_the_plan_exits_2_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").symlink_to(tmp_path / "other.yaml")
    (tmp_path / "other.yaml").symlink_to(tmp_path / "plan.yaml")
    for args in (["validate"], ["overdue"], ["set", "1.1", "done"]):
        result = run(*args, "--plan", str(tmp_path / "plan.yaml"))
        assert (result.exit_code, result.stdout) == (2, ""), result.output
        assert result.stderr == (
            f"plantrack: {tmp_path / 'plan.yaml'}: is a symbolic link that leads back to itself "
            "(a loop); point it at the real plan file\n")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links and FIFOs are POSIX here")
def test_a_fifo_as_the_plan_is_refused_at_once(tmp_path: Path) -> None:
    """Opening a FIFO blocks until someone writes to it: the old code hung here for ever."""
    import subprocess
    import sys

    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    for args in (["validate"], ["set", "1.1", "done"]):
        done = subprocess.run([sys.executable, "-m", "plantrack", *args, "--plan", str(fifo)],
                              capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == (f"plantrack: {fifo}: is a FIFO (a named pipe), not a plan file; "
                               "give the path of the plan file itself\n")


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="needs /dev/stdin")
def test_set_on_dev_stdin_from_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    """It waited the whole lock timeout, then blamed "another plantrack"."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "plantrack", "set", "1.1", "done", "-p",
                           "/dev/stdin"], input=MINIMAL_PLAN, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PLANTRACK_LOCK_TIMEOUT": "30"})
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("plantrack: /dev/stdin: is a FIFO (a named pipe), not a plan file; "
                           "give the path of the plan file itself\n")


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_as_the_plan_is_refused(tmp_path: Path) -> None:
    result = run("set", "1.1", "done", "--plan", "/dev/null")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("plantrack: /dev/null: is a device, not a plan file; give the path "
                             "of the plan file itself\n")


def test_bundled_plan_validates_without_errors() -> None:
    result = run("validate", "--plan", str(REPO_PLAN))
    assert result.exit_code == 0, result.stdout
    assert ": error: " not in result.stdout
    assert "12 recommendations" in result.stderr


def test_python_dash_m_and_version() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "plantrack", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.startswith("plantrack ")
