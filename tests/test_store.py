"""Writing the plan: atomic, permission- and symlink-preserving, locked, never clobbering."""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from plantrack.errors import UsageError, WriteFailed
from plantrack.plan.load import load_source, require_plan
from plantrack.plan.yamlsrc import Source
from plantrack.write import edit, store
from tests.common import MINIMAL_PLAN

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
HOLD_LOCK = (
    "import sys, time\n"
    "from filelock import FileLock\n"
    "lock = FileLock(sys.argv[1])\n"
    "lock.acquire()\n"
    "print('locked', flush=True)\n"
    "time.sleep(60)\n"
)


@contextmanager
def lock_held(plan: Path) -> Iterator[None]:
    """Another process holding the plan's lock, as a second plantrack mid-change would."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(store.lock_path(plan))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()


def set_status(source: Source) -> str:
    """The change function `set 1.1 done` passes to update_plan."""
    loaded = require_plan(load_source(source))
    changes = edit.plan_changes(loaded, ["1.1"], status="done")
    return edit.apply_changes(source.text, loaded, changes)


DONE_PLAN = MINIMAL_PLAN.replace("status: in-progress", "status: completed")


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes(MINIMAL_PLAN.encode())
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_new_text_replaces_the_file_keeping_its_permissions(plan_file: Path) -> None:
    os.chmod(plan_file, 0o640)
    outcome = store.update_plan(plan_file, "plan.yaml", set_status)
    assert outcome.written and outcome.changed
    assert plan_file.read_bytes() == DONE_PLAN.encode()
    assert stat.S_IMODE(os.stat(plan_file).st_mode) == 0o640
    assert leftovers(plan_file.parent) == []
    assert (plan_file.parent / "plan.yaml.lock").exists()


def test_a_symlinked_plan_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "plan.yaml"
    real.parent.mkdir()
    real.write_text(MINIMAL_PLAN)
    link = tmp_path / "plan.yaml"
    link.symlink_to(real)
    store.update_plan(link, "plan.yaml", set_status)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text() == DONE_PLAN
    assert (real.parent / "plan.yaml.lock").exists()


def test_bom_and_crlf_survive_byte_for_byte(plan_file: Path) -> None:
    raw = b"\xef\xbb\xbf" + MINIMAL_PLAN.replace("\n", "\r\n").encode()
    plan_file.write_bytes(raw)
    store.update_plan(plan_file, "plan.yaml", set_status)
    assert plan_file.read_bytes() == raw.replace(b"in-progress", b"completed")


def test_when_nothing_changes_the_file_is_not_written(plan_file: Path) -> None:
    os.utime(plan_file, (1_000_000_000, 1_000_000_000))
    outcome = store.update_plan(plan_file, "plan.yaml", lambda source: source.text)
    assert not outcome.written and not outcome.changed
    assert os.stat(plan_file).st_mtime == 1_000_000_000


def test_a_change_made_on_disk_meanwhile_is_not_clobbered(plan_file: Path) -> None:
    theirs = MINIMAL_PLAN.replace("Ann Smith", "Bob Jones")

    def someone_saves_meanwhile(source: Source) -> str:
        new_text = set_status(source)
        plan_file.write_text(theirs)
        return new_text

    with pytest.raises(WriteFailed, match=re.escape("plan.yaml was changed by someone else while "
                       "plantrack was working, so it was not overwritten; run the command again")):
        store.update_plan(plan_file, "plan.yaml", someone_saves_meanwhile)
    assert plan_file.read_text() == theirs
    assert leftovers(plan_file.parent) == []


def test_a_read_only_file_is_refused_and_left_alone(plan_file: Path) -> None:
    os.chmod(plan_file, 0o444)
    with pytest.raises(WriteFailed, match=r"plan.yaml is read-only, so it was not changed; "
                       r"make it writable \(chmod u\+w plan.yaml"):
        store.update_plan(plan_file, "plan.yaml", set_status)
    assert plan_file.read_text() == MINIMAL_PLAN


def test_a_folder_that_cannot_be_written_is_refused(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    message = "cannot write in the folder that holds plan.yaml: permission denied; the folder"
    with pytest.raises(WriteFailed, match=re.escape(message + " is read-only for you")):
        store.update_plan(plan_file, "plan.yaml", set_status)
    assert plan_file.read_text() == MINIMAL_PLAN


@pytest.mark.skipif(IS_ROOT or os.name == "nt", reason="root writes to read-only folders")
def test_a_real_read_only_folder_is_refused(plan_file: Path) -> None:
    os.chmod(plan_file.parent, 0o555)
    try:
        with pytest.raises(WriteFailed, match="read-only for you"):
            store.update_plan(plan_file, "plan.yaml", set_status)
    finally:
        os.chmod(plan_file.parent, 0o755)
    assert plan_file.read_text() == MINIMAL_PLAN


@pytest.mark.parametrize(("failing", "error", "message"), [
    ("replace", PermissionError(errno.EACCES, "Permission denied"),
     "cannot replace plan.yaml: permission denied"),
    ("fsync", OSError(errno.ENOSPC, "No space left on device"),
     "cannot write plan.yaml: No space left on device; the file is unchanged"),
])
def test_a_failed_write_leaves_the_plan_and_no_temporary_file(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch, failing: str, error: OSError, message: str
) -> None:
    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(WriteFailed, match=message):
        store.update_plan(plan_file, "plan.yaml", set_status)
    monkeypatch.undo()
    assert plan_file.read_text() == MINIMAL_PLAN
    assert leftovers(plan_file.parent) == []


def test_a_lock_held_too_long_ends_in_a_clear_error(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.LOCK_TIMEOUT_ENV, "0.2")
    with lock_held(plan_file), pytest.raises(
        WriteFailed, match=r"another plantrack is changing plan.yaml \(the lock has been held "
        r"for 0.2 s\); wait for it to finish"
    ):
        store.update_plan(plan_file, "plan.yaml", set_status)
    assert plan_file.read_text() == MINIMAL_PLAN


def test_a_dry_run_needs_no_lock_and_writes_nothing(plan_file: Path) -> None:
    with lock_held(plan_file):
        outcome = store.update_plan(plan_file, "plan.yaml", set_status, dry_run=True)
    assert outcome.new_text == DONE_PLAN and not outcome.written
    assert plan_file.read_text() == MINIMAL_PLAN


def test_a_lock_file_that_cannot_be_created_is_explained(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import filelock

    def denied(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(filelock.FileLock, "acquire", denied)
    message = "cannot create the lock file plan.yaml.lock beside plan.yaml: permission denied"
    with pytest.raises(WriteFailed, match=re.escape(message)):
        store.update_plan(plan_file, "plan.yaml", set_status)


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_bad_lock_timeout_setting_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(store.LOCK_TIMEOUT_ENV, value)
    with pytest.raises(UsageError, match="is not a number of seconds"):
        store.lock_timeout()


def test_temporary_files_left_by_a_killed_write_are_cleared(plan_file: Path) -> None:
    stale = plan_file.parent / ".plan.yaml.k2x_9abc.tmp"
    stale.write_text("half a plan")
    unrelated = plan_file.parent / ".other.yaml.k2x_9abc.tmp"
    unrelated.write_text("not ours")
    store.update_plan(plan_file, "plan.yaml", set_status)
    assert leftovers(plan_file.parent) == [unrelated.name]


def test_when_the_step_after_writing_fails_the_old_file_is_put_back(plan_file: Path) -> None:
    def commit_refused(target: Path, data: bytes) -> None:
        assert data == DONE_PLAN.encode()
        assert target.read_text() == DONE_PLAN
        raise WriteFailed("git could not commit plan.yaml (hook failed)")

    with pytest.raises(WriteFailed, match=r"git could not commit plan.yaml \(hook failed\); "
                       "plan.yaml was put back as it was"):
        store.update_plan(plan_file, "plan.yaml", set_status, after_write=commit_refused)
    assert plan_file.read_text() == MINIMAL_PLAN
