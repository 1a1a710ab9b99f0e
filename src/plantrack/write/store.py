"""Change the plan file on disk safely: locked, read only when complete, swapped in atomically,
never over bytes that were not read.

Several people (and scripts, and editors) may change the plan at once, and a process can be
killed at any moment. So a change is made under the plan's lock (lock.py: concurrent `set`s
take turns), from bytes read when no save was in progress (ondisk.py), and the new bytes go to
a temporary file in the same folder that is synced and then swapped with the plan (a reader
sees the old file or the new one, never half of one). What came out of the swap must be what
was read, and what went in must still be there; otherwise the swap is undone (when a save
landed before it) or the command says the change was saved over (after it), exit 3 either way.
The new file keeps the plan's mode and group (and its owner, where plantrack may set it).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plantrack.errors import PlantrackError, WriteFailed
from plantrack.plan import yamlsrc
from plantrack.plan.yamlsrc import Source
from plantrack.write import ondisk
from plantrack.write.lock import LOCK_TIMEOUT_ENV, lock_path, lock_timeout, plan_lock

TEMP_SUFFIX = ".tmp"
# On Windows a file another program has open cannot be replaced; such opens are brief.
_REPLACE_RETRY_SECONDS = 2.0
_CHANGED_BEFORE = ("{display} was changed by someone else while plantrack was working, so it "
                   "was not overwritten; run the command again")


def _no_pause(step: str) -> None:
    """The steps of a change (read, verify, replace, commit): tests put a delay here."""


pause: Callable[[str], None] = _no_pause


@dataclass(frozen=True)
class Outcome:
    """What an update did: the text as read, the text as computed, and whether it was written."""

    source: Source
    new_text: str
    written: bool

    @property
    def changed(self) -> bool:
        return self.new_text != self.source.text


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
    with plan_lock(target, display) as held:
        read = ondisk.read_complete(target, display, lock_timeout(),
                                    held.read_record("written"))
        try:
            raw = read.raw
            pause("read")
            source = yamlsrc.decode(raw, display)
            new_text = change(source)
            new_raw = source.encode(new_text)
            if new_raw == raw:
                return Outcome(source, new_text, written=False)
            remove_stale_temporaries(target)
            replace_file(target, new_raw, expected=raw, display=display, read=read)
        finally:
            read.release()
        with contextlib.suppress(OSError):
            held.write_record("written", ondisk.written_record(target, new_raw))
        pause("commit")
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


def replace_file(target: Path, data: bytes, *, expected: bytes, display: str,
                 read: ondisk.ReadPlan | None = None) -> None:
    """Atomically make `target` hold `data`, if it still holds `expected`; else WriteFailed.

    Temporary file in the same folder (a rename across file systems is not atomic), written,
    flushed and fsynced, given the original's mode and group, then swapped with the target
    (ondisk.exchange; a plain rename after a last comparison where there is no swap); the
    folder is synced so the rename itself survives a crash. On any failure the temporary file
    is removed and the plan is as it was. `read` holds the lease taken when `expected` was read.
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
        _keep_owner(temporary, original, display)
        pause("verify")
        if ondisk.exchange(temporary, target):
            pause("replace")
            _settle_exchange(target, temporary, data, expected, display, read)
        else:
            if yamlsrc.read_bytes(target, display) != expected:
                raise WriteFailed(_CHANGED_BEFORE.format(display=display))
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


def _settle_exchange(target: Path, swapped_out: str, data: bytes, expected: bytes,
                     display: str, read: ondisk.ReadPlan | None) -> None:
    """After the swap: `swapped_out` holds what was the plan. Keep the swap only if that is
    what was read and nobody began saving it; else swap back, so their save stays the plan."""
    try:
        came_out = yamlsrc.read_bytes(Path(swapped_out), display)
        save_began = read is not None and read.save_began()
    except BaseException:
        ondisk.exchange(swapped_out, target)
        raise
    if came_out != expected or save_began:
        ondisk.exchange(swapped_out, target)
        if yamlsrc.read_bytes(Path(swapped_out), display) != data:  # a further save, just now
            kept = f"{swapped_out}.kept"
            os.replace(swapped_out, kept)
            raise WriteFailed(_CHANGED_BEFORE.format(display=display) + f" (another save that "
                              f"landed at the same moment is kept as {kept})")
        raise WriteFailed(_CHANGED_BEFORE.format(display=display))
    if read is not None:
        read.release()  # a writer that opens the plan from now on opens the new file
    now_there = yamlsrc.read_bytes(target, display)
    os.remove(swapped_out)
    if now_there != data:  # their save is newer than ours; it may yet be undone by them
        raise WriteFailed(f"plantrack changed {display}, but another program saved the file "
                          "at the same moment, so the change may have been replaced (their "
                          "save is kept); run the command again: it says 'already' if the "
                          "change is there")


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


def _keep_owner(temporary: str, original: os.stat_result, display: str) -> None:
    """Give the new file the plan's owner and group where we may (the owner only as root or
    the owner). A group-writable plan that would leave its group is refused: the colleagues
    who change it through that group would be shut out."""
    if not hasattr(os, "chown"):
        return
    made = os.stat(temporary)
    if (made.st_uid, made.st_gid) == (original.st_uid, original.st_gid):
        return
    with contextlib.suppress(OSError):
        os.chown(temporary, original.st_uid, original.st_gid)
        return
    with contextlib.suppress(OSError):
        os.chown(temporary, -1, original.st_gid)
        return
    if original.st_mode & 0o020:
        raise WriteFailed(
            f"{display} belongs to the group {_group_name(original.st_gid)}, which you are not "
            "a member of, so the new version could not keep that group and colleagues who "
            "change it through the group would lose access; it was not changed. Ask to be "
            "added to the group (or have its owner run the command)")


def _group_name(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)


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


__all__ = ["LOCK_TIMEOUT_ENV", "Outcome", "lock_path", "lock_timeout", "pause", "plan_lock",
           "remove_stale_temporaries", "replace_file", "update_plan"]
