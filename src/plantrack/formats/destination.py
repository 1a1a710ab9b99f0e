"""Where an answer goes: stdout, or a file given with `--output` (written whole, or not at all).

A board paper or workbook that a failed run left half-written is worse than none, and a file
that already exists (last month's tracker) must keep its old content until the new one is
complete: so the answer is built in memory and moved into place in one step.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from plantrack.errors import UsageError, WriteFailed


def check_output(path: str, plan_path: Path | None) -> None:
    """Refuse an --output that would overwrite the plan itself or is a folder."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"--output {path} is a folder; give a file name")
    if plan_path is not None and target.resolve() == plan_path.resolve():
        raise UsageError(f"--output {path} is the plan itself; give another file name")


@contextlib.contextmanager
def text_output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a text stream whose bytes become the file `path` when the answer is done."""
    if path is None:
        yield sys.stdout
        return
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    yield stream
    stream.flush()
    write_file(Path(path), buffer.getvalue())


def write_file(target: Path, data: bytes) -> None:
    """Replace `target` with `data` atomically: a synced temporary file beside it, renamed."""
    display = str(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteFailed(f"cannot write {display}: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=folder)
    except OSError as exc:
        raise WriteFailed(f"cannot write {display}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise WriteFailed(f"cannot write {display}: {exc.strerror or exc}") from None


def _umask() -> int:
    """The process's umask (read by setting it, the only portable way), for a new file's mode."""
    current = os.umask(0o022)
    os.umask(current)
    return current
