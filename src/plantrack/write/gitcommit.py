"""`plantrack set --commit`: commit exactly the committed plan plus this change, nothing else.

The commit is built from what `set` wrote, not from whatever the file holds when git looks: the
new bytes are stored as a blob and committed from a temporary index made from HEAD (hooks still
run), then the real index's entry for the plan is moved to that blob, so anything else staged
stays staged and nothing saved meanwhile is swept in. `set --commit` refuses, before writing
anything, when the plan has changes that are not committed (they would go into the commit) and
when the repository is in the middle of a rebase, merge, cherry-pick, revert or bisect, or on a
detached HEAD (the commit would be thrown away by `git rebase --abort`, or belong to no branch).
Git is run as a list of arguments, never through a shell, with the folder that holds the file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from plantrack.errors import UsageError, WriteFailed

if TYPE_CHECKING:
    from plantrack.write.edit import FieldChange

# Files git keeps in its folder while an operation waits for the user, and what to tell them.
_IN_PROGRESS = (
    ("rebase-merge", "a rebase", "finish it (git rebase --continue) or abandon it "
     "(git rebase --abort)"),
    ("rebase-apply/applying", "a git am", "finish it (git am --continue) or abandon it "
     "(git am --abort)"),
    ("rebase-apply", "a rebase", "finish it (git rebase --continue) or abandon it "
     "(git rebase --abort)"),
    ("MERGE_HEAD", "a merge", "finish it (git commit) or abandon it (git merge --abort)"),
    ("CHERRY_PICK_HEAD", "a cherry-pick", "finish it (git cherry-pick --continue) or abandon "
     "it (git cherry-pick --abort)"),
    ("REVERT_HEAD", "a revert", "finish it (git revert --continue) or abandon it "
     "(git revert --abort)"),
    ("sequencer", "a cherry-pick or revert", "finish it (git cherry-pick --continue or git "
     "revert --continue) or abandon it (--abort)"),
    ("BISECT_LOG", "a bisect", "end it (git bisect reset)"),
)
_NOTE_SHOWN = 60  # characters of a note in the commit subject; the body has it whole


def _git(folder: Path, *args: str, data: bytes | None = None,
         env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
    try:
        return subprocess.run(["git", "-C", str(folder), *args], input=data,
                              capture_output=True, env=environment, check=False)
    except FileNotFoundError:
        raise UsageError("--commit needs git, which is not installed or not on the PATH; "
                         "install git or leave out --commit") from None


def _out(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stdout.decode("utf-8", "replace").strip()


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    """git's last line of complaint, for a message."""
    lines = [line for line in (done.stderr + done.stdout).decode("utf-8", "replace").splitlines()
             if line.strip()]
    return lines[-1].strip() if lines else f"git exited with code {done.returncode}"


def check_can_commit(target: Path, display: str) -> None:
    """Before anything is changed: the plan is tracked in a git work tree that is on a branch
    and not in the middle of another operation."""
    folder = target.parent
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or _out(inside) != "true":
        raise UsageError(f"--commit: {display} is not in a git repository; leave out --commit, "
                         "or put the plan under git first (git init, git add, git commit)")
    tracked = _git(folder, "ls-files", "--error-unmatch", "--", target.name)
    if tracked.returncode != 0:
        raise UsageError(f"--commit: {display} is not tracked by git yet; commit it once "
                         f"(git add {target.name} && git commit) and then use --commit")
    state = _operation_in_progress(folder)
    if state is not None:
        raise UsageError(f"--commit: the repository holding {display} is {state[0]}; "
                         f"{state[1]}, then run the command again, or leave out --commit")


def _operation_in_progress(folder: Path) -> tuple[str, str] | None:
    """(what the repository is in the middle of, what to do), or None when it is on a branch."""
    git_dir = Path(_out(_git(folder, "rev-parse", "--absolute-git-dir")))
    for name, what, advice in _IN_PROGRESS:
        if (git_dir / name).exists():
            return f"in the middle of {what}", advice
    if _git(folder, "symbolic-ref", "-q", "HEAD").returncode != 0:
        return ("on a detached HEAD (no branch is checked out), so the commit would belong to "
                "no branch", "check out your branch first (git switch BRANCH)")
    return None


def _committed(folder: Path, name: str, display: str) -> tuple[str, str]:
    """The plan's (mode, blob id) in HEAD."""
    listed = _out(_git(folder, "ls-tree", "HEAD", "--", name))
    if not listed:
        raise UsageError(f"--commit: {display} has never been committed; commit it once "
                         f"(git commit {name}) and then use --commit")
    mode, _, rest = listed.partition(" ")
    return mode, rest.partition(" ")[2].partition("\t")[0]


def _blob(folder: Path, name: str, data: bytes, *, store: bool) -> str:
    """The id git gives these bytes as the content of `name` (its filters applied)."""
    args = ["hash-object", *(["-w"] if store else []), f"--path={name}", "--stdin"]
    done = _git(folder, *args, data=data)
    if done.returncode != 0:
        raise WriteFailed(f"git could not store the plan ({_said(done)})")
    return _out(done)


def check_unchanged(target: Path, raw: bytes, display: str) -> None:
    """Under the lock, with the bytes `set` read: refuse if they (or the staged plan) differ
    from the committed plan, as the commit would then carry changes `set` did not make."""
    folder, name = target.parent, target.name
    _, committed = _committed(folder, name, display)
    staged = _out(_git(folder, "ls-files", "-s", "--", name)).split()
    if _blob(folder, name, raw, store=False) != committed or staged[1:2] != [committed]:
        raise UsageError(
            f"--commit: {display} has changes that are not committed yet, and they would go "
            f"into this commit; commit them first (git commit {name}), or undo them (git "
            f"checkout {name}), or leave out --commit")


def commit_file(target: Path, data: bytes, message: str, display: str) -> str:
    """Commit HEAD with the plan's content replaced by `data`; the new commit's short id.

    WriteFailed if git refuses (a hook, say): then nothing is committed and the index is as it
    was.
    """
    folder, name = target.parent, target.name
    top = Path(_out(_git(folder, "rev-parse", "--show-toplevel")))
    path_in_repo = _out(_git(folder, "ls-files", "--full-name", "--", name))
    mode, _ = _committed(folder, name, display)
    blob = _blob(folder, name, data, store=True)
    entry = f"{mode},{blob},{path_in_repo}"
    scratch = tempfile.mkdtemp(prefix="plantrack-commit-")
    try:
        index = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
        for step in (("read-tree", "HEAD"), ("update-index", "--cacheinfo", entry),
                     ("commit", "--quiet", "-m", message)):
            done = _git(top, *step, env=index)
            if done.returncode != 0:
                raise WriteFailed(f"git could not commit {display} ({_said(done)})")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    # The real index: only the plan's entry moves to what was committed.
    _git(top, "update-index", "--cacheinfo", entry)
    return _out(_git(folder, "rev-parse", "--short", "HEAD"))


def commit_message(changes: Sequence[FieldChange]) -> str:
    """`plan: 3.7 completed; 4.5 due End of March 2010`, then one line per change.

    The subject names every change; ids given the same new value share it (`1.1, 2.3 completed`).
    """
    grouped: dict[tuple[str, str | None], list[str]] = {}
    for change in changes:
        grouped.setdefault((change.key, change.new), []).append(change.action_id)
    parts = []
    for (key, new), ids in grouped.items():
        who = ", ".join(dict.fromkeys(ids))
        if key in ("original_due", "completed_on"):
            continue  # follows the due or status change: the body says so, the subject names it
        if key == "status":
            parts.append(f"{who} {new}")
        elif new is None:
            parts.append(f"{who} {key} removed")
        elif key == "note":
            line = " ".join(new.split())
            shown = line if len(line) <= _NOTE_SHOWN else line[:_NOTE_SHOWN - 1] + "…"
            parts.append(f'{who} note "{shown}"')
        else:
            parts.append(f"{who} {key} {new}")
    body = "\n".join(change.describe(" ") for change in changes)
    return f"plan: {'; '.join(parts)}\n\n{body}\n"
