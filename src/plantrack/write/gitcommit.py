"""`plantrack set --commit`: commit the plan file alone, leaving anything else staged as it was.

`git commit --only -- plan.yaml` takes the file's working-tree content and nothing else from the
index, so a colleague's (or your own) half-prepared commit is neither swept in nor lost. Git is
run as a list of arguments, never through a shell, with the folder that holds the real file.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from plantrack.errors import UsageError, WriteFailed


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True, text=True, encoding="utf-8", errors="replace",
            env=environment, check=False,
        )
    except FileNotFoundError:
        raise UsageError("--commit needs git, which is not installed or not on the PATH; "
                         "install git or leave out --commit") from None


def check_can_commit(target: Path, display: str) -> None:
    """Before anything is changed: the plan is in a git work tree and tracked there."""
    folder = target.parent
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise UsageError(f"--commit: {display} is not in a git repository; leave out --commit, "
                         "or put the plan under git first (git init, git add, git commit)")
    tracked = _git(folder, "ls-files", "--error-unmatch", "--", target.name)
    if tracked.returncode != 0:
        raise UsageError(f"--commit: {display} is not tracked by git yet; commit it once "
                         f"(git add {target.name} && git commit) and then use --commit")


def commit_file(target: Path, message: str, display: str) -> str:
    """Commit `target` alone with `message`; the new commit's id. WriteFailed if git refuses."""
    folder = target.parent
    done = _git(folder, "commit", "--only", "--quiet", "-m", message, "--", target.name)
    if done.returncode != 0:
        said = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        reason = said[-1].strip() if said else f"git exited with code {done.returncode}"
        raise WriteFailed(f"git could not commit {display} ({reason})")
    head = _git(folder, "rev-parse", "--short", "HEAD")
    return head.stdout.strip()
