"""Change the plan file on disk safely: a side-car lock, a re-check of the bytes, an atomic swap.

Several people (and scripts) may run `plantrack set` on the same plan, and a process can be
killed at any moment. So a change is made under a lock beside the plan (concurrent changes wait
their turn rather than overwrite each other), the new bytes go to a temporary file in the same
folder that is synced and then renamed over the plan (a reader sees the old file or the new one,
never half of one), and the write is abandoned if the file changed on disk since it was read.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from plantrack.errors import PlantrackError, UsageError, WriteFailed
from plantrack.plan import yamlsrc
from plantrack.plan.yamlsrc import Source

LOCK_TIMEOUT_ENV = "PLANTRACK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_SUFFIX = ".lock"
TEMP_SUFFIX = ".tmp"
# On Windows a file another program has open cannot be replaced; such opens are brief.
_REPLACE_RETRY_SECONDS = 2.0


@dataclass(frozen=True)
class Outcome:
    """What an update did: the text as read, the text as computed, and whether it was written."""

    source: Source
    new_text: str
    written: bool

    @property
    def changed(self) -> bool:
        return self.new_text != self.source.text


def lock_path(target: Path) -> Path:
    """`plan.yaml.lock` beside the real file (the project's .gitignore names `*.yaml.lock`)."""
    return target.with_name(target.name + LOCK_SUFFIX)


def lock_timeout() -> float:
    """Seconds to wait for another plantrack to finish: $PLANTRACK_LOCK_TIMEOUT or 10."""
    written = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not written:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(written)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses NaN
        raise UsageError(f"{LOCK_TIMEOUT_ENV}={written!r} is not a number of seconds; "
                         "set it to a number such as 10, or unset it")
    return seconds


@contextlib.contextmanager
def plan_lock(target: Path, display: str, timeout: float | None = None) -> Iterator[None]:
    """Hold the plan's side-car lock; WriteFailed if another holder keeps it too long.

    The lock is a separate file, not the plan itself: the plan is replaced by a rename, and a
    lock on the old file would not stop a second process from locking the new one.
    """
    from filelock import FileLock, Timeout

    seconds = lock_timeout() if timeout is None else timeout
    where = lock_path(target)
    lock = FileLock(str(where), timeout=seconds)
    try:
        lock.acquire()
    except Timeout:
        raise WriteFailed(
            f"another plantrack is changing {display} (the lock has been held for {seconds:g} s);"
            f" wait for it to finish and run the command again (set {LOCK_TIMEOUT_ENV} to wait "
            "longer)"
        ) from None
    except PermissionError:
        raise WriteFailed(f"cannot create the lock file {where.name} beside {display}: "
                          "permission denied; the folder is read-only for you") from None
    except OSError as exc:
        raise WriteFailed(f"cannot create the lock file {where.name} beside {display}: "
                          f"{exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


def update_plan(
    path: Path,
    display: str,
    change: Callable[[Source], str],
    *,
    dry_run: bool = False,
    after_write: Callable[[Path, bytes], None] | None = None,
) -> Outcome:
    """Read the plan, compute its new text with `change`, and write it if it differs.

    All of it happens under the plan's lock, so no concurrent update is lost. `change` raises
    (a PlantrackError) to refuse; then nothing is written. A symlinked plan is written through to
    its target and stays a symlink. `after_write` (the git commit) runs still under the lock; if
    it fails, the old bytes are put back, so the command either fully happens or not at all.
    With `dry_run` nothing is locked or written.
    """
    target = path.resolve()
    if dry_run:
        source = yamlsrc.read_source(target, display)
        return Outcome(source, change(source), written=False)
    with plan_lock(target, display):
        raw = yamlsrc.read_bytes(target, display)
        source = yamlsrc.decode(raw, display)
        new_text = change(source)
        new_raw = source.encode(new_text)
        if new_raw == raw:
            return Outcome(source, new_text, written=False)
        remove_stale_temporaries(target)
        replace_file(target, new_raw, expected=raw, display=display)
        if after_write is not None:
            try:
                after_write(target, new_raw)
            except PlantrackError as exc:
                try:
                    replace_file(target, raw, expected=new_raw, display=display)
                except WriteFailed as undo:
                    raise WriteFailed(f"{exc.message}; and {display} could not be put back as "
                                      f"it was ({undo.message}): it holds the change") from None
                raise WriteFailed(f"{exc.message}; {display} was put back as it was") from None
        return Outcome(source, new_text, written=True)


def replace_file(target: Path, data: bytes, *, expected: bytes, display: str) -> None:
    """Atomically make `target` hold `data`, if it still holds `expected`; else WriteFailed.

    Temporary file in the same folder (a rename across file systems is not atomic), written,
    flushed and fsynced, given the original's permissions, then renamed over the target; the
    folder is synced so the rename itself survives a crash. On any failure the temporary file
    is removed and the plan is as it was.
    """
    try:
        original = os.stat(target)
    except OSError as exc:
        raise WriteFailed(f"cannot write {display}: {exc.strerror or exc}") from None
    if not _writable(target, original):
        raise WriteFailed(
            f"{display} is read-only, so it was not changed; make it writable (chmod u+w "
            f"{display}, or on Windows untick Read-only in its Properties) and run again"
        )
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder
        )
    except PermissionError:
        raise WriteFailed(f"cannot write in the folder that holds {display}: permission "
                          "denied; the folder is read-only for you") from None
    except OSError as exc:
        raise WriteFailed(f"cannot create a temporary file beside {display}: "
                          f"{exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(original.st_mode))
        _keep_owner(temporary, original)
        if yamlsrc.read_bytes(target, display) != expected:
            raise WriteFailed(f"{display} was changed by someone else while plantrack was "
                              "working, so it was not overwritten; run the command again")
        _replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        if isinstance(exc, PermissionError):
            raise WriteFailed(f"cannot replace {display}: permission denied; check that the "
                              "file and its folder are writable for you") from None
        if isinstance(exc, OSError):
            raise WriteFailed(f"cannot write {display}: {exc.strerror or exc}; the file is "
                              "unchanged") from None
        raise
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder; the data is
        _sync_folder(folder)  # synced already and the rename is done


def remove_stale_temporaries(target: Path) -> None:
    """Delete temporary files left by a plantrack that was killed mid-write.

    Only called under the lock, when no other plantrack can be writing one.
    """
    pattern = re.compile(re.escape(f".{target.name}.") + r"[A-Za-z0-9_]+" + re.escape(TEMP_SUFFIX))
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.remove(entry.path)


def _writable(target: Path, info: os.stat_result) -> bool:
    """Writable by us, and not marked read-only for everyone (which root would ignore)."""
    return bool(info.st_mode & 0o222) and os.access(target, os.W_OK)


def _keep_owner(temporary: str, original: os.stat_result) -> None:
    """Give the new file the old one's owner where we may (root editing a user's plan)."""
    if hasattr(os, "chown") and (original.st_uid, original.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):
            os.chown(temporary, original.st_uid, original.st_gid)


def _replace(temporary: str, target: Path) -> None:
    deadline = time.monotonic() + _REPLACE_RETRY_SECONDS
    while True:
        try:
            os.replace(temporary, target)
            return
        except PermissionError:
            if os.name != "nt" or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sync_folder(folder: Path) -> None:
    """fsync the folder so the rename is on disk too (POSIX; Windows has no folder handles)."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
