"""Reading the plan only when nobody is part-way through saving it, and swapping a new version in
only if the old one still holds what was read.

A save in progress is not a plan. An editor that writes the file in place (VS Code, Notepad,
`cat >`, a slow network share) and stalls part-way leaves a half file that may well be valid
YAML; `set` acting on it would rename its edit of the half over the plan, and the rest of the
writer's bytes would go to the orphaned old file. So, on Linux, `set` reads under a read lease
(F_SETLEASE), which the kernel refuses while anyone has the file open for writing, and which is
broken (we can see it: F_GETLEASE) the moment anyone opens it for writing; `set` waits while
the file is open for writing. Where a lease cannot be had (another system, a file owned by
someone else, a network file system), `set` waits until the file has been still for 2.5
seconds, unless it holds exactly the bytes plantrack itself wrote last (so consecutive `set`s
in a script do not each wait).

Never replace bytes not read: on Linux, renameat2(RENAME_EXCHANGE) swaps the new file in and
the old one out in one step; what came out is compared with what was read and, if it differs (a
save landed in between), swapped back. Elsewhere the file is compared just before the rename,
which leaves a window of microseconds (README: "What plantrack guarantees").
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from plantrack.errors import PlanUnreadable, WriteFailed
from plantrack.plan.source import digest_bytes, read_open_file

# A writer may pause up to 2 s part-way through a save; half a second more is the margin.
STILL_SECONDS = 2.5
_POLL = 0.05
_LINUX = sys.platform.startswith("linux")


@dataclass
class ReadPlan:
    """The plan's bytes as read, and the lease that guards them until release()."""

    raw: bytes
    descriptor: int | None = None
    waited: float = 0.0
    _signal_before: object = field(default=None, repr=False)

    @property
    def leased(self) -> bool:
        return self.descriptor is not None

    def save_began(self) -> bool:
        """True when someone has opened the file we read for writing since (a broken lease)."""
        if self.descriptor is None:
            return False
        import fcntl

        try:
            return fcntl.fcntl(self.descriptor, fcntl.F_GETLEASE) != fcntl.F_RDLCK
        except OSError:
            return True

    def release(self) -> None:
        """Give up the lease: a writer waiting for it may go on."""
        if self.descriptor is None:
            return
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(self.descriptor, fcntl.F_SETLEASE, fcntl.F_UNLCK)
        os.close(self.descriptor)
        self.descriptor = None
        if self._signal_before is not None:
            signal.signal(signal.SIGIO, self._signal_before)  # type: ignore[arg-type]


def written_record(target: Path, data: bytes) -> str:
    """What the lock keeps about the bytes plantrack just wrote to `target`."""
    info = os.stat(target)
    return f"{digest_bytes(data)} {info.st_ino} {info.st_size} {info.st_mtime_ns}"


def read_complete(target: Path, display: str, seconds: float,
                  written_before: str | None) -> ReadPlan:
    """The plan's bytes once no save is in progress; WriteFailed after `seconds` of saving."""
    started = time.monotonic()
    deadline = started + seconds
    settled = False  # seen still for STILL_SECONDS already (a clock skew must not loop)
    while True:
        try:
            handle = open(target, "rb", opener=_no_wait)  # noqa: SIM115 - kept for the lease
        except OSError as exc:
            raise WriteFailed(f"cannot read {display}: {exc.strerror or exc}") from None
        with handle:
            taken = _take_lease(handle.fileno())
            if taken == "busy":
                _give_up_if_late(deadline, display, seconds, "is open for writing in another "
                                 "program (a save in progress)")
                continue
            info = os.fstat(handle.fileno())
            if taken == "held":
                signal_before = _LEASE_SIGNALS.pop(threading.get_ident(), None)
                try:
                    raw = _read(handle, display)
                    descriptor = os.dup(handle.fileno())  # the lease goes with the open file
                except BaseException:
                    if signal_before is not None:  # closing the handle ends the lease
                        signal.signal(signal.SIGIO, signal_before)  # type: ignore[arg-type]
                    raise
                return ReadPlan(raw, descriptor, time.monotonic() - started, signal_before)
            if _same_as_written(info, written_before):
                raw = _read(handle, display)
                if written_before and written_before.split()[0] == digest_bytes(raw):
                    return ReadPlan(raw, waited=time.monotonic() - started)
            age = time.time() - info.st_mtime_ns / 1e9
            if settled or age >= STILL_SECONDS:
                return ReadPlan(_read(handle, display), waited=time.monotonic() - started)
        _wait_until_still(target, display, age, deadline, seconds)
        settled = True


def _read(handle: object, display: str) -> bytes:
    try:
        return read_open_file(handle, display)  # type: ignore[arg-type]
    except PlanUnreadable:
        raise
    except OSError as exc:
        raise WriteFailed(f"cannot read {display}: {exc.strerror or exc}") from None


def _same_as_written(info: os.stat_result, written_before: str | None) -> bool:
    if not written_before:
        return False
    parts = written_before.split()
    return len(parts) == 4 and parts[1:] == [str(info.st_ino), str(info.st_size),
                                             str(info.st_mtime_ns)]


def _give_up_if_late(deadline: float, display: str, seconds: float, what: str) -> None:
    if time.monotonic() >= deadline:
        raise WriteFailed(f"{display} {what}, and stayed so for {seconds:g} s; plantrack did "
                          "not change it; let the save finish (or close the program holding "
                          "the file) and run the command again")
    time.sleep(_POLL)


def _wait_until_still(target: Path, display: str, age: float, deadline: float,
                      seconds: float) -> None:
    """Until the file has not changed for STILL_SECONDS (by our clock: a network share's
    clock may differ, so a modification time in the future counts as just now)."""
    still_since = time.monotonic() - max(0.0, age)
    before = _signature(target)
    while time.monotonic() - still_since < STILL_SECONDS:
        _give_up_if_late(deadline, display, seconds, "kept changing (another program is saving "
                         "it)")
        now = _signature(target)
        if now != before:
            before, still_since = now, time.monotonic()


def _signature(target: Path) -> tuple[int, int, int]:
    try:
        info = os.stat(target)
    except OSError:
        return (0, 0, 0)
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _no_wait(name: str, flags: int) -> int:
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


# The signal disposition each thread replaced to take a lease, until ReadPlan takes it over.
_LEASE_SIGNALS: dict[int, object] = {}


def _take_lease(descriptor: int) -> str:
    """"held", "busy" (someone has the file open for writing) or "none" (no lease here)."""
    if not _LINUX or threading.current_thread() is not threading.main_thread():
        return "none"  # only the main thread may set the signal a lease break sends
    import fcntl

    before = signal.signal(signal.SIGIO, signal.SIG_IGN)  # we ask F_GETLEASE instead
    try:
        fcntl.fcntl(descriptor, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except OSError as exc:
        signal.signal(signal.SIGIO, before)
        return "busy" if exc.errno in (errno.EAGAIN, errno.EBUSY) else "none"
    _LEASE_SIGNALS[threading.get_ident()] = before
    return "held"


# -- swapping -----------------------------------------------------------------------------
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path | str, second: Path | str) -> bool:
    """Swap two paths' files in one step (Linux renameat2); False where that is not possible
    (another system, an old kernel, a file system without it). Other failures raise OSError."""
    if not _LINUX:
        return False
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    import ctypes

    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(number, os.strerror(number))


_LIBC: list[object] = []


def _renameat2() -> object | None:
    if not _LIBC:
        try:
            import ctypes

            _LIBC.append(getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None))
        except (OSError, AttributeError):
            _LIBC.append(None)
    return _LIBC[0]
