"""Reading the plan file's history through git's plumbing: revisions, revisions' bytes.

Git is run as a list of arguments (never a shell) with LC_ALL=C, and only output whose shape
git documents as stable is parsed: `log -z --format=...` with fields we chose, `rev-parse`,
`rev-list`, and `cat-file --batch`. Every version of the file is read through ONE long-lived
`cat-file --batch` process (`BlobReader`), so a thousand revisions cost one process, not a
thousand.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from plantrack.errors import UsageError

_RECORD = "\x1e"  # starts each commit in `git log` output (%x1e): never in a subject or a name
_FORMAT = "%x1e%H%x00%P%x00%an%x00%aI%x00%s"
_FIELDS = 5
SHORT = 7  # a commit's id as people see it (git log --oneline's usual length)


class GitMissing(UsageError):
    """git is not installed or not on the PATH."""


def git_environment() -> dict[str, str]:
    """git's output in plain C locale, and never a prompt for credentials."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def run_git(folder: Path, *args: str, need: str = "this") -> subprocess.CompletedProcess[str]:
    """Run `git -C folder ARGS`, text out; GitMissing (exit 2) names what needed git."""
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True, text=True, encoding="utf-8", errors="replace",
            env=git_environment(), check=False,
        )
    except FileNotFoundError:
        raise GitMissing(f"{need} needs git, which is not installed or not on the PATH; "
                         "install git (https://git-scm.com) and run again") from None


@dataclass(frozen=True)
class Repository:
    """Where the plan file lives in git: the work tree's top folder and the file's path in it."""

    root: Path
    path: str  # relative to root, with forward slashes, as git names it


def locate(plan: Path, display: str, need: str) -> Repository:
    """The repository holding `plan`; a UsageError when it is not in a git work tree."""
    folder = plan.resolve().parent
    if not folder.is_dir():
        raise UsageError(f"{display}: no such folder")
    found = run_git(folder, "rev-parse", "--show-toplevel", need=need)
    if found.returncode != 0 or not found.stdout.strip():
        raise UsageError(f"{need}: {display} is not in a git repository, so it has no history; "
                         "put the plan under git (git init, git add, git commit) and commit "
                         "each change")
    root = Path(found.stdout.strip())
    relative = plan.resolve().relative_to(root.resolve())
    return Repository(root, relative.as_posix())


@dataclass(frozen=True)
class Revision:
    """One commit that changed the plan file (on the first-parent line of history)."""

    commit: str  # the full hash
    parents: tuple[str, ...]
    author: str
    when: datetime  # the author date, with its own time zone
    subject: str
    path: str  # the plan's path at this commit (renames are followed)
    blob: str | None = None  # the id of the file's bytes at this commit; None: deleted

    @property
    def short(self) -> str:
        return self.commit[:SHORT]

    @property
    def day(self) -> date:
        return self.when.date()

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


_NO_BLOB = "0" * 40


def _parse_log(output: str, path: str) -> list[Revision]:
    """Revisions from `log -z --raw --no-abbrev --format=_FORMAT`, newest first, as git gives
    them. A raw entry is `:MODE MODE OLD NEW STATUS` then the path (two for a rename)."""
    revisions = []
    for record in output.split(_RECORD)[1:]:
        parts = record.split("\0")
        commit, parents, author, when, subject = parts[:_FIELDS]
        rest = [part.lstrip("\n") for part in parts[_FIELDS:]]
        rest = [part for part in rest if part]
        here, blob = path, None
        if rest and rest[0].startswith(":"):
            meta = rest[0].split()
            names = rest[1:3] if meta[-1][:1] in "RC" else rest[1:2]
            here = names[-1] if names else path
            blob = meta[3] if len(meta) >= 5 and meta[3] != _NO_BLOB else None
        revisions.append(Revision(commit, tuple(parents.split()), author,
                                  datetime.fromisoformat(when), subject, here, blob))
    return revisions


def plan_revisions(repo: Repository, tip: str = "HEAD", exclude: str | None = None,
                   first_parent: bool = True, path: str | None = None) -> list[Revision]:
    """Every commit up to `tip` that changed the plan file, oldest first, renames followed.

    Walking the first parent only, a branch's work appears once, in the merge that brought it
    in (changes.py then credits each change to the branch commit that made it).
    """
    args = ["log", "-z", "--follow", "--raw", "--no-abbrev", f"--format={_FORMAT}",
            "--no-color"]
    if first_parent:
        args += ["--first-parent", "--diff-merges=first-parent"]
    args.append(tip if exclude is None else f"{exclude}..{tip}")
    path = path or repo.path
    done = run_git(repo.root, *args, "--", path, need="reading the plan's history")
    if done.returncode != 0:
        raise UsageError(f"git could not read the history of {path}: {_last_line(done)}")
    return list(reversed(_parse_log(done.stdout, path)))


def describe_commit(repo: Repository, commit: str) -> Revision:
    """One commit's hash, author, date and subject (its path: the plan's path now)."""
    done = run_git(repo.root, "log", "-1", "-z", f"--format={_FORMAT}", commit, "--")
    found = _parse_log(done.stdout, repo.path) if done.returncode == 0 else []
    if not found:
        raise UsageError(f"git could not read commit {commit}: {_last_line(done)}")
    return found[0]


def resolve_revision(repo: Repository, text: str) -> str | None:
    """The full hash of a commit named by a tag, branch, hash or HEAD~3; None if unknown."""
    if not text or text.startswith("-"):
        return None
    done = run_git(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{text}^{{commit}}")
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def has_commits(repo: Repository) -> bool:
    return resolve_revision(repo, "HEAD") is not None


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    said = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    return said[-1] if said else f"git exited with code {done.returncode}"


class BlobReader:
    """One `git cat-file --batch` process: ask for `commit:path`, get the bytes (or None).

    Also gives each blob's id, which names its content: two revisions holding the same bytes
    share one id, so their plan is parsed once.
    """

    def __init__(self, repo: Repository) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "-C", str(repo.root), "cat-file", "--batch"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=git_environment(),
            )
        except FileNotFoundError:
            raise GitMissing("reading the plan's history needs git, which is not installed or "
                             "not on the PATH; install git and run again") from None
        assert self._process.stdin is not None and self._process.stdout is not None
        self._in: IO[bytes] = self._process.stdin
        self._out: IO[bytes] = self._process.stdout

    def read(self, commit: str, path: str) -> tuple[str, bytes] | None:
        """(blob id, bytes) of `path` at `commit`, or None when it is not there."""
        if "\n" in path:
            return None
        self._in.write(f"{commit}:{path}\n".encode())
        self._in.flush()
        return self._answer()

    def read_blobs(self, blobs: list[str]) -> Iterator[tuple[str, bytes | None]]:
        """Each blob's bytes, in order. The requests are written at once, and the answers read
        by a thread a few blobs ahead of the caller, so git inflates the next versions while
        the caller parses this one: one round trip in all, and both processors busy."""
        import queue
        import threading

        answers: queue.Queue[tuple[str, bytes] | BaseException | None] = queue.Queue(8)

        def ask() -> None:
            try:
                self._in.write(b"".join(f"{blob}\n".encode() for blob in blobs))
                self._in.flush()
            except (BrokenPipeError, ValueError):
                pass

        def listen() -> None:
            for _ in blobs:
                try:
                    answers.put(self._answer())
                except BaseException as exc:  # handed to the caller, raised there
                    answers.put(exc)
                    return

        writer = threading.Thread(target=ask, daemon=True)
        reader = threading.Thread(target=listen, daemon=True)
        writer.start()
        reader.start()
        try:
            for blob in blobs:
                found = answers.get()
                if isinstance(found, BaseException):
                    raise found
                yield blob, None if found is None else found[1]
        finally:
            while reader.is_alive():  # the caller stopped early: let the reader finish
                with suppress(queue.Empty):
                    answers.get(timeout=0.1)
            writer.join()

    def _answer(self) -> tuple[str, bytes] | None:
        header = self._out.readline().decode("utf-8", "replace").split()
        if len(header) != 3 or header[1] != "blob":  # "<spec> missing", or a tree
            if len(header) == 3:  # a tree or another object: its body still has to be read
                self._out.read(int(header[2]) + 1)
            return None
        size = int(header[2])
        body = self._out.read(size)
        self._out.read(1)  # the newline after the contents
        return header[0], body

    def close(self) -> None:
        if self._process.poll() is None:
            self._in.close()
            self._process.wait()
        self._out.close()
