"""The plan's lock: one file every `plantrack set` on the same plan takes its turn on.

Not the plan itself: the plan is replaced by a rename, and a lock on the old file would not
stop a second process from locking the new one. Where a git repository holds the plan, the
lock lives in its git folder (`.git/plantrack/plan.yaml.lock`), so it never shows in
`git status`; elsewhere it is `plan.yaml.lock` beside the plan.

Team folders: the lock is locked through a read-only handle when it cannot be opened for
writing (flock needs no write access), is created readable by all and writable by the plan's
group when the plan is, and takes the folder's group; so a lock file one colleague created
never shuts the others out. The file also says who holds it (so a long wait can be described
truly) and what plantrack wrote last (so the next `set` knows the plan is complete and need
not wait for it to settle; store.py).
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from plantrack.errors import UsageError, WriteFailed

LOCK_TIMEOUT_ENV = "PLANTRACK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
MAX_LOCK_TIMEOUT = 3600.0  # an hour: longer is a mistake (or `inf`), not a wish to wait
LOCK_SUFFIX = ".lock"
_POLL = 0.05
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_HEAD = "plantrack lock\n"


def lock_timeout() -> float:
    """Seconds to wait for another plantrack to finish: $PLANTRACK_LOCK_TIMEOUT or 10."""
    written = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not written:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(written)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_LOCK_TIMEOUT:  # also refuses NaN and inf
        raise UsageError(f"{LOCK_TIMEOUT_ENV}={written!r} is not a number of seconds from 0 "
                         f"to {MAX_LOCK_TIMEOUT:g}; set it to a number such as 10, or unset it")
    return seconds


def git_dir_of(folder: Path) -> Path | None:
    """The git folder of the work tree holding `folder` (`.git`, or where a `.git` file of a
    linked work tree points), found without running git; None outside a repository."""
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        try:
            if dot_git.is_dir():
                return dot_git
            if dot_git.is_file():
                pointer = dot_git.read_text(encoding="utf-8", errors="replace").strip()
                if pointer.startswith("gitdir:"):
                    return (candidate / pointer[len("gitdir:"):].strip()).resolve()
                return None
        except OSError:
            return None
    return None


def lock_path(target: Path) -> Path:
    """Where the lock for the plan at `target` (a resolved path) lives."""
    git_dir = git_dir_of(target.parent)
    if git_dir is None:
        return target.with_name(target.name + LOCK_SUFFIX)
    top = git_dir.parent if git_dir.name == ".git" else None
    try:
        inside = target.relative_to(top).as_posix() if top else target.name
    except ValueError:
        inside = target.name
    return git_dir / "plantrack" / (inside.replace("%", "%25").replace("/", "%2F") + LOCK_SUFFIX)


@dataclass
class HeldLock:
    """The lock while held: its path, and its descriptor for the records kept in it."""

    path: Path
    descriptor: int
    writable: bool

    def read_record(self, name: str) -> str | None:
        return _record(_read_text(self.descriptor), name)

    def write_record(self, name: str, value: str) -> None:
        """Keep `name value` in the lock file (other records kept). Best effort: a lock that
        could only be opened read-only keeps nothing, which only costs the next run a wait."""
        if not self.writable:
            return
        lines = [line for line in _read_text(self.descriptor).splitlines()[1:]
                 if line and not line.startswith(name + " ")]
        text = _HEAD + "".join(f"{line}\n" for line in [*lines, f"{name} {value}"])
        with contextlib.suppress(OSError):
            os.ftruncate(self.descriptor, 0)
            os.lseek(self.descriptor, 0, os.SEEK_SET)
            os.write(self.descriptor, text.encode("utf-8"))


def _read_text(descriptor: int) -> str:
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        return os.read(descriptor, 4096).decode("utf-8", "replace")
    except OSError:
        return ""


def _record(text: str, name: str) -> str | None:
    for line in text.splitlines()[1:]:
        if line.startswith(name + " "):
            return line[len(name) + 1:]
    return None


@contextlib.contextmanager
def plan_lock(target: Path, display: str, timeout: float | None = None) -> Iterator[HeldLock]:
    """Hold the plan's lock; WriteFailed if others keep it longer than the timeout."""
    seconds = lock_timeout() if timeout is None else timeout
    where = lock_path(target)
    descriptor, writable = _open_lock(where, target, display)
    try:
        holders = _wait_for_turn(descriptor, seconds, where)
        if holders is not None:
            raise WriteFailed(_busy_message(display, seconds, holders))
        held = HeldLock(where, descriptor, writable)
        held.write_record("holder", f"process {os.getpid()} on {_host()}")
        try:
            yield held
        finally:
            held.write_record("holder", "none")
            _unlock(descriptor)
    finally:
        os.close(descriptor)


def _host() -> str:
    """This computer's name, for the holder record (no socket import: it costs a run 10 ms)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "this computer")


def _wait_for_turn(descriptor: int, seconds: float, where: Path) -> list[str] | None:
    """None once the lock is ours; else, after `seconds`, every holder seen meanwhile."""
    deadline = time.monotonic() + seconds
    holders: list[str] = []
    while True:
        try:
            if _try_lock(descriptor):
                return None
        except OSError as exc:  # NFS emulates flock with locks a read-only handle cannot take
            raise WriteFailed(f"cannot lock {where}: {exc.strerror or exc}; everyone who "
                              "changes the plan needs to be able to write to that file (ask "
                              f"{_owner(where)} to run chmod g+w on it)") from None
        holder = _record(_read_text(descriptor), "holder")
        if holder and holder != "none" and (not holders or holders[-1] != holder):
            holders.append(holder)
        if time.monotonic() >= deadline:
            return holders
        time.sleep(_POLL)


def _busy_message(display: str, seconds: float, holders: list[str]) -> str:
    advice = (f"run the command again when they are done (set {LOCK_TIMEOUT_ENV} to wait "
              "longer than that)")
    if len(set(holders)) > 1:
        return (f"plantrack waited {seconds:g} s for its turn to change {display}, and other "
                f"plantracks ({len(set(holders))} of them, one after another) kept it busy all "
                f"that time; {advice}")
    who = f" ({holders[0]})" if holders else ""
    return (f"plantrack waited {seconds:g} s for its turn to change {display}, and another "
            f"plantrack{who} was changing it all that time; {advice}")


def _open_lock(where: Path, target: Path, display: str) -> tuple[int, bool]:
    """The lock file's descriptor, and whether it is open for writing; created if need be,
    shared as the plan is (see the module's docstring)."""
    try:
        plan_info = os.stat(target)
    except OSError:
        plan_info = None
    _make_folder(where.parent, display)
    try:
        descriptor = os.open(where, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise WriteFailed(_cannot_create(where, display, exc)) from None
    else:
        _share_like(descriptor, plan_info)
        with contextlib.suppress(OSError):
            os.write(descriptor, _HEAD.encode("ascii"))
        return descriptor, True
    for flags, writable in ((os.O_RDWR, True), (os.O_RDONLY, False)):
        try:
            return os.open(where, flags | _NO_FOLLOW), writable
        except PermissionError:
            continue
        except OSError as exc:
            raise WriteFailed(_cannot_create(where, display, exc)) from None
    raise WriteFailed(
        f"cannot use the lock file {where} for {display}: it belongs to {_owner(where)} and "
        f"you may not even read it; ask them to run chmod a+r '{where}' (or delete it: it holds "
        "nothing of value), then run the command again")


def _make_folder(folder: Path, display: str) -> None:
    """The lock's folder inside the git folder, shared as the git folder is."""
    if folder.is_dir() or folder.name != "plantrack":
        return
    try:
        folder.mkdir()
    except FileExistsError:
        return
    except OSError as exc:
        raise WriteFailed(_cannot_create(folder / "x", display, exc)) from None
    with contextlib.suppress(OSError):
        parent = os.stat(folder.parent)
        os.chmod(folder, stat.S_IMODE(parent.st_mode))
        if hasattr(os, "chown"):
            os.chown(folder, -1, parent.st_gid)


def _share_like(descriptor: int, plan_info: os.stat_result | None) -> None:
    """Readable by all (a read-only handle is enough to lock it), writable by the plan's group
    when the plan is, in the plan's group: whoever can change the plan can take the lock."""
    if plan_info is None or not hasattr(os, "fchown"):
        return
    with contextlib.suppress(OSError):
        os.fchmod(descriptor, 0o644 | (plan_info.st_mode & 0o020))
    with contextlib.suppress(OSError):
        os.fchown(descriptor, -1, plan_info.st_gid)


def _cannot_create(where: Path, display: str, exc: OSError) -> str:
    folder = where.parent
    if isinstance(exc, PermissionError):
        return (f"cannot create the lock file for {display} in {folder}: you may not create "
                f"files there (it belongs to {_owner(folder)}, mode {_mode(folder)}); everyone "
                "who changes the plan needs to be able to write to that folder")
    return f"cannot create the lock file {where} for {display}: {exc.strerror or exc}"


def _owner(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "someone else"
    try:
        import pwd

        return pwd.getpwuid(info.st_uid).pw_name
    except (ImportError, KeyError):
        return f"user {info.st_uid}"


def _mode(path: Path) -> str:
    try:
        return stat.filemode(os.stat(path).st_mode)
    except OSError:
        return "unknown"


if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    _FAR = 1 << 30  # lock a byte far past the records, which stay readable

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, _FAR, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
