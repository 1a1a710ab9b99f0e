"""The plan file's history as a sequence of versions, and the changes from each to the next.

History is walked along the first parent: the line of commits a branch such as main was at,
one after another. A merge brings in a branch's work as one step; each change in it is then
credited to the branch commit that made it (its author, date and subject), so a change made on
a branch and merged shows once, as its author made it. A change the merge itself made (a
conflict resolved by hand) stays the merge's.

A version that does not validate is skipped with a warning naming its commit: the changes it
held show up in the next version that does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from plantrack.errors import UsageError
from plantrack.history import git
from plantrack.history.diff import EMPTY_PLAN, Change, Stamp, diff_plans
from plantrack.history.snapshots import PlanReader
from plantrack.plan.model import Plan

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Step:
    """One version of the plan in the sequence, with who made it and when."""

    plan: Plan
    stamp: Stamp
    revision: git.Revision | None = None  # None: the working copy, or no version at all


def stamp_of(revision: git.Revision) -> Stamp:
    return Stamp(revision.day, revision.author, revision.short, revision.subject)


_READERS: dict[tuple[str, str, str], PlanReader] = {}


def _reader_for(repo: git.Repository, display: str) -> PlanReader:
    """One reader per plan file for the whole run: a command that reads the history twice (the
    board pack: the period's changes, then every deadline's first agreed date) parses each
    version once, and warns about a broken one once."""
    key = (str(repo.root), repo.path, display)
    if key not in _READERS:
        _READERS[key] = PlanReader(display)
    return _READERS[key]


class PlanHistory:
    """The git history of one plan file: its revisions, and the plan at each of them.

    Holds one `git cat-file --batch` process; use it in a `with` block.
    """

    def __init__(self, plan_path: Path, display: str, warn: Warn, need: str) -> None:
        self.path = plan_path
        self.display = display
        self.warn = warn
        self.need = need
        self.repo = git.locate(plan_path, display, need)
        if not git.has_commits(self.repo):
            raise UsageError(f"{need}: the git repository holding {display} has no commits "
                             "yet; commit the plan first")
        self.reader = _reader_for(self.repo, display)
        self._blobs: git.BlobReader | None = None
        self._warned = self.reader.warned

    def __enter__(self) -> PlanHistory:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._blobs is not None:
            self._blobs.close()

    @property
    def blobs(self) -> git.BlobReader:
        if self._blobs is None:
            self._blobs = git.BlobReader(self.repo)
        return self._blobs

    def revisions(self, tip: str = "HEAD", exclude: str | None = None,
                  path: str | None = None) -> list[git.Revision]:
        return git.plan_revisions(self.repo, tip, exclude, path=path)

    def resolve(self, text: str) -> str | None:
        return git.resolve_revision(self.repo, text)

    def commit_revision(self, commit: str) -> git.Revision:
        return git.describe_commit(self.repo, commit)

    def plan_at(self, commit: str, path: str, short: str | None = None) -> Plan | None:
        """The plan at `commit` (`path` there): None if absent there or not valid (warned)."""
        found = self.blobs.read(commit, path)
        if found is None:
            return None
        blob, raw = found
        version = self.reader.read(blob, raw)
        if version.plan is None:
            self._warn_invalid(blob, version, path, short or commit[:git.SHORT])
        return version.plan

    def step(self, revision: git.Revision) -> Step | None:
        plan = self.plan_at(revision.commit, revision.path, revision.short)
        return None if plan is None else Step(plan, stamp_of(revision), revision)

    def steps(self, revisions: list[git.Revision]) -> list[Step]:
        """The plan at each revision that has a valid one, its blobs read in one go."""
        wanted = list(dict.fromkeys(r.blob for r in revisions
                                    if r.blob is not None and not self.reader.knows(r.blob)))
        for blob, raw in self.blobs.read_blobs(wanted):
            if raw is not None:
                self.reader.read(blob, raw)
        found = []
        for revision in revisions:
            if revision.blob is None or not self.reader.knows(revision.blob):
                continue
            version = self.reader.read(revision.blob, b"")
            if version.plan is None:
                self._warn_invalid(revision.blob, version, revision.path, revision.short)
                continue
            found.append(Step(version.plan, stamp_of(revision), revision))
        return found

    def _warn_invalid(self, blob: str, version, path: str, short: str) -> None:
        if blob in self._warned:
            return
        self._warned.add(blob)
        first = version.first_error
        reason = f" (first: {first.message})" if first is not None else ""
        errors = sum(1 for p in version.problems if p.is_error)
        self.warn(f"plantrack: warning: skipping commit {short}: its {path} has {errors} "
                  f"error{'s' if errors != 1 else ''}{reason}")

    def head_blob(self) -> bytes | None:
        found = self.blobs.read("HEAD", self.repo.path)
        return None if found is None else found[1]

    def working_step(self, plan: Plan) -> Step | None:
        """The working copy as a last step, when its bytes differ from the last commit's."""
        try:
            raw = self.path.read_bytes()
            modified = date.fromtimestamp(os.stat(self.path).st_mtime)
        except OSError:
            return None
        if raw == self.head_blob():
            return None
        return Step(plan, Stamp(modified, None, None, None, uncommitted=True))

    # -- changes ------------------------------------------------------------------------------
    def changes(self, base: Step | None, steps: list[Step]) -> list[Change]:
        """The changes from `base` through each step in turn, merges credited to their authors."""
        found: list[Change] = []
        previous = base.plan if base is not None else EMPTY_PLAN
        for step in steps:
            made = diff_plans(previous, step.plan, step.stamp)
            if step.revision is not None and step.revision.is_merge and made:
                made = self.credit(step.revision, made)
            found.extend(made)
            previous = step.plan
        return found

    def credit(self, merge: git.Revision, made: list[Change]) -> list[Change]:
        """Each change a merge brought in, credited to the branch commit that made it last."""
        branch = self.revisions(merge.parents[1], exclude=merge.parents[0], path=merge.path)
        if not branch:
            return made
        oldest = branch[0]
        fork = self.plan_at(oldest.parents[0], oldest.path) if oldest.parents else None
        steps = self.steps(branch)
        base = Step(fork, stamp_of(oldest)) if fork is not None else None
        latest: dict[tuple[str, str, str | None], Change] = {}
        for change in self.changes(base, steps):
            latest[(change.id, change.kind, change.to)] = change
        credited = []
        for change in made:
            origin = latest.get((change.id, change.kind, change.to))
            if origin is not None:
                change = replace(change, date=origin.date, author=origin.author,
                                 commit=origin.commit, subject=origin.subject)
            credited.append(change)
        return credited
