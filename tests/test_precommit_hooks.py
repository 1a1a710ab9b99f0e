""".pre-commit-hooks.yaml works in a user's repository, run by pre-commit itself.

The repository's files (as git sees them, uncommitted changes included) are committed into a
scratch hooks repository; a user's repository names it in `.pre-commit-config.yaml`, and
`pre-commit run` installs plantrack from it into its own environment, as it would from GitHub.
Installing takes half a minute, once for the whole session (PRE_COMMIT_HOME is shared). Where
pre-commit is not installed or cannot install plantrack (no package index), the tests skip and
say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.common import MINIMAL_PLAN

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ann Example", "GIT_AUTHOR_EMAIL": "ann@example.org",
    "GIT_COMMITTER_NAME": "Ann Example", "GIT_COMMITTER_EMAIL": "ann@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
HOOKS = ("plantrack-validate", "plantrack-overdue")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True, env={**os.environ, **GIT_ENV}).stdout


def pre_commit_command() -> list[str]:
    script = Path(sys.executable).with_name("pre-commit")
    if script.exists():
        return [str(script)]
    found = shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]' installs it)")
    return [found]


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's files, and its commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except subprocess.CalledProcessError:
        pytest.skip("the checkout is not a git repository: its files cannot be listed")
    repo = tmp_path_factory.mktemp("hooks-repo")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plantrack as checked out")
    return repo, git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def user_repo(tmp_path: Path, hooks_repo: tuple[Path, str], pre_commit_home: Path) -> Path:
    """A user's repository with a config naming both hooks; their environment installed."""
    repo, rev = hooks_repo
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_posix()}\n    rev: {rev}\n    hooks:\n"
        + "".join(f"      - id: {hook}\n" for hook in HOOKS), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".pre-commit-config.yaml")
    installed = run_pre_commit(tmp_path, pre_commit_home, "install-hooks")
    if installed.returncode != 0:
        pytest.skip(f"pre-commit could not install plantrack's hooks: "
                    f"{(installed.stdout + installed.stderr).strip()[-500:]}")
    return tmp_path


def run_pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PLANTRACK_PLAN", "COLUMNS")}
    env.update(GIT_ENV, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return subprocess.run([*pre_commit_command(), *args], cwd=repo, capture_output=True,
                          text=True, encoding="utf-8", env=env, check=False)


def hook_lines(output: str) -> dict[str, str]:
    """'plantrack validate......Passed' -> {'plantrack validate': 'Passed'}."""
    results = {}
    for line in output.splitlines():
        if line.startswith("plantrack ") and "." in line:
            name, _, verdict = line.partition("...")
            results[name] = verdict.strip(".").replace("(no files to check)", "")
    return results


def test_a_plan_with_nothing_overdue_passes(user_repo: Path, pre_commit_home: Path) -> None:
    done = MINIMAL_PLAN.replace("status: in-progress", "status: completed")
    (user_repo / "plan.yaml").write_text(done, encoding="utf-8")
    git(user_repo, "add", "plan.yaml")
    ran = run_pre_commit(user_repo, pre_commit_home, "run", "--files", "plan.yaml")
    assert ran.returncode == 0, ran.stdout
    assert hook_lines(ran.stdout) == {"plantrack validate": "Passed",
                                      "plantrack overdue": "Passed"}


def test_overdue_fails_with_its_own_exit_code(user_repo: Path, pre_commit_home: Path) -> None:
    (user_repo / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")  # due January 2010
    git(user_repo, "add", "plan.yaml")
    ran = run_pre_commit(user_repo, pre_commit_home, "run", "--files", "plan.yaml")
    assert ran.returncode == 1
    assert hook_lines(ran.stdout) == {"plantrack validate": "Passed",
                                      "plantrack overdue": "Failed"}
    assert "- exit code: 4" in ran.stdout
    assert "Do the first thing" in ran.stdout


def test_a_broken_plan_fails_validate_with_the_place(user_repo: Path,
                                                     pre_commit_home: Path) -> None:
    broken = MINIMAL_PLAN.replace("status: in-progress", "status: half-done")
    (user_repo / "plan.yaml").write_text(broken, encoding="utf-8")
    git(user_repo, "add", "plan.yaml")
    ran = run_pre_commit(user_repo, pre_commit_home, "run", "--files", "plan.yaml")
    assert ran.returncode == 1
    assert hook_lines(ran.stdout)["plantrack validate"] == "Failed"
    assert "- exit code: 1" in ran.stdout
    assert "plan.yaml:10:17: error: unknown status 'half-done'" in ran.stdout


def test_a_commit_without_a_plan_skips_both(user_repo: Path, pre_commit_home: Path) -> None:
    (user_repo / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (user_repo / "notes.txt").write_text("minutes\n", encoding="utf-8")
    git(user_repo, "add", "plan.yaml", "notes.txt")
    ran = run_pre_commit(user_repo, pre_commit_home, "run", "--files", "notes.txt")
    assert ran.returncode == 0, ran.stdout
    assert hook_lines(ran.stdout) == {"plantrack validate": "Skipped",
                                      "plantrack overdue": "Skipped"}
