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
from plantrack.write import edit, lock, ondisk, store
from tests.common import MINIMAL_PLAN

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
HOLD_LOCK = (
    "import fcntl, os, sys, time\n"
    "handle = open(sys.argv[1], 'a+')\n"
    "fcntl.flock(handle, fcntl.LOCK_EX)\n"
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


def save_by_rename(path: Path, data: bytes) -> None:
    """How most editors save: a new file beside the old, renamed over it."""
    beside = path.with_name(path.name + ".editor-save")
    beside.write_bytes(data)
    os.replace(beside, path)


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
        save_by_rename(plan_file, theirs.encode())
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


@pytest.mark.parametrize(("module", "failing", "error", "message"), [
    (ondisk, "exchange", PermissionError(errno.EACCES, "Permission denied"),
     "cannot replace plan.yaml: permission denied"),
    (os, "fsync", OSError(errno.ENOSPC, "No space left on device"),
     "cannot write plan.yaml: No space left on device; the file is unchanged"),
])
def test_a_failed_write_leaves_the_plan_and_no_temporary_file(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch, module: object, failing: str,
    error: OSError, message: str
) -> None:
    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(module, failing, fail)
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
        WriteFailed, match=r"plantrack waited 0.2 s for its turn to change plan.yaml, and another "
        r"plantrack was changing it all that time; run the command again when they are done"
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
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    folder = plan_file.parent
    message = (f"cannot create the lock file for plan.yaml in {folder}: you may not create "
               f"files there (it belongs to {lock._owner(folder)}, mode drwx")
    with pytest.raises(WriteFailed, match=re.escape(message)):
        store.update_plan(plan_file, "plan.yaml", set_status)


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf", "1e9"])
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


TAKE_TURN = """
import fcntl, os, sys, time
from pathlib import Path
from plantrack.write import lock
handle = open(lock.lock_path(Path(sys.argv[1]).resolve()), "a+")
my_turn, next_turn = Path(sys.argv[2]), Path(sys.argv[3])
fcntl.flock(handle, fcntl.LOCK_SH)  # shared: the next holder has it before this one lets go
print("locked", flush=True)
while not my_turn.exists():
    time.sleep(0.01)
handle.truncate(0)
handle.write(f"plantrack lock\\nholder process {os.getpid()}\\n")
handle.flush()
time.sleep(0.6)
next_turn.touch()
"""


def test_the_wait_message_is_true_when_several_holders_took_turns(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said "the lock has been held for 10 s" when many plantracks had each held it briefly.

    The holders take turns without a moment between them when the lock is free, whatever the
    machine's load: each holds it (shared) from the start, and the next holder's turn begins
    (it writes itself into the lock file) before the one before lets go. Exclusive holders
    queued in the kernel would leave a gap at each hand-over for plantrack's next try to win.
    """
    turns = [plan_file.parent / f"turn-{n}" for n in range(5)]
    holders: list[subprocess.Popen[str]] = []
    try:
        for n in range(4):
            holders.append(subprocess.Popen(
                [sys.executable, "-c", TAKE_TURN, str(plan_file), str(turns[n]),
                 str(turns[n + 1])], stdout=subprocess.PIPE, text=True))
        for process in holders:  # each really holds the lock before the first turn begins
            assert process.stdout is not None and process.stdout.readline() == "locked\n"
        turns[0].touch()
        monkeypatch.setenv(store.LOCK_TIMEOUT_ENV, "1.5")
        with pytest.raises(WriteFailed) as failed:
            store.update_plan(plan_file, "plan.yaml", set_status)
    finally:
        for turn in turns:
            turn.touch()
        for process in holders:
            process.communicate(timeout=60)
    message = failed.value.message
    assert message.startswith("plantrack waited 1.5 s for its turn to change plan.yaml, and "
                              "other plantracks (")
    assert "of them, one after another) kept it busy all that time" in message
    assert plan_file.read_text() == MINIMAL_PLAN


GROUP = 100  # "users" on Debian and most Linux systems
NOBODY = 65534

AS_COLLEAGUE = """
import ctypes, grp, os, pwd, socket, sys
from plantrack.cli import main
from plantrack.write import ondisk
ondisk._renameat2()
plan, group, colleague = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.argv = ["plantrack", "set", "1.1", "ongoing", "--dry-run", "--plan", plan]
try:
    main()  # imports everything a set needs while the standard library is readable
except SystemExit:
    pass
os.setgroups([group])
os.setegid(colleague)
os.seteuid(colleague)
os.umask(0o022)
sys.argv = ["plantrack", "set", "1.1", "done", "--plan", plan]
main()
"""


@pytest.mark.skipif(not IS_ROOT or not sys.platform.startswith("linux"),
                    reason="needs root, to act as a colleague (another user) on Linux")
def test_a_team_folder_keeps_the_plans_group_and_mode_and_the_lock_usable(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group-writable folder without setgid, umask 022: the first `set` left the lock 0644 and
    a colleague's `set` moved the plan into the colleague's own group."""
    folder = Path(tempfile.mkdtemp(prefix="plantrack-team-"))
    try:
        os.chmod(folder, 0o775)
        os.chown(folder, 0, GROUP)
        plan = folder / "plan.yaml"
        plan.write_text(MINIMAL_PLAN)
        os.chown(plan, 0, GROUP)
        os.chmod(plan, 0o664)
        monkeypatch.setattr(os, "umask", os.umask)  # restored by hand below
        before = os.umask(0o022)
        try:
            store.update_plan(plan, "plan.yaml", set_status)  # the first set, by root
        finally:
            os.umask(before)
        done = subprocess.run(
            [sys.executable, "-c", AS_COLLEAGUE, str(plan), str(GROUP), str(NOBODY)],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "PLANTRACK_NO_CACHE": "1"})
        assert done.returncode == 0, done.stderr
        info = os.stat(plan)
        assert (info.st_gid, stat.S_IMODE(info.st_mode)) == (GROUP, 0o664)
        assert plan.read_text() == MINIMAL_PLAN.replace("in-progress", "completed")
        lock_info = os.stat(store.lock_path(plan))
        assert (lock_info.st_gid, stat.S_IMODE(lock_info.st_mode)) == (GROUP, 0o664)
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
