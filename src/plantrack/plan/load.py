"""Finding, reading and validating a plan: the one entry point every command loads through.

Reading answers from the parsed-plan cache (cache.py) when the file's exact bytes were read
before; only on a miss are PyYAML and the builder (yamlsrc.py, build.py) imported and run, so
a question about an unchanged plan pays for neither.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from plantrack.errors import PlanInvalid, PlanNotFound, Problem, UsageError
from plantrack.plan.model import Plan
from plantrack.plan.source import (
    UTF8_BOM,
    Source,
    check_plan_path,
    decode,
    digest_bytes,
    read_bytes,
)

PLAN_FILENAME = "plan.yaml"
PLAN_ENV = "PLANTRACK_PLAN"
# Above this many characters (about 2,000 actions) a freshly built plan is frozen out of the
# garbage collector's sight; below it, the collector's passes cost nothing worth saving.
_FREEZE_ABOVE = 1_000_000


@dataclass(frozen=True)
class LoadResult:
    """What loading found: the plan (None when it could not be built) and every problem, sorted."""

    source: Source
    plan: Plan | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def find_plan(explicit: str | None, cwd: Path | None = None) -> Path:
    """--plan, else $PLANTRACK_PLAN, else plan.yaml here or in the nearest parent directory.

    An empty --plan or $PLANTRACK_PLAN is a usage error, never "search instead": in a script,
    `--plan "$PLAN"` with PLAN unset must not quietly change whichever plan.yaml is nearest.
    A path given is checked at once (check_plan_path), so a FIFO cannot hang the command.
    """
    from_env = os.environ.get(PLAN_ENV)
    for given, named in ((explicit, "--plan"), (from_env, PLAN_ENV)):
        if given is None:
            continue
        if not given.strip():
            raise UsageError(f"{named} is empty; give the plan file's path, or leave {named} "
                             f"out to use {PLAN_FILENAME} from this folder or a parent")
        path = Path(given)
        check_plan_path(path, given)
        return path
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PLAN_FILENAME
        if candidate.is_file():
            return candidate
    raise PlanNotFound(
        f"no {PLAN_FILENAME} here or in any parent directory; run from the plan's folder, "
        f"or give --plan PATH or set {PLAN_ENV}"
    )


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def load_path(path: Path, display: str | None = None) -> LoadResult:
    """Read, decode and validate one plan file. OS failures raise PlanUnreadable.

    The cache is asked first, with the bytes still undecoded: bytes it has an entry for were
    decoded once already, and a question about them may never need their text.
    """
    from plantrack.plan import cache

    display = display if display is not None else display_path(path)
    raw = read_bytes(path, display)
    digest = digest_bytes(raw)
    with _collector_paused(len(raw)):
        known = Source.decoded_before(display, raw, digest)
        cached = cache.lookup(known)
        if cached is not None:
            return LoadResult(known, *cached)
        del known
    try:
        source = decode(raw, display, digest)
    except PlanInvalid as invalid:  # not UTF-8 text: a content problem, located like the rest
        return LoadResult(Source(display, ""), None, invalid.problems)
    del raw  # a large plan's bytes are not needed again: keep them out of the peak memory
    return _parse_and_cache(source)


def load_decoded(source: Source) -> LoadResult:
    """The result for these exact bytes: from the user's cache, or parsed and then cached.

    The cache is keyed on a hash of the bytes (cache.py), so an unchanged large plan is parsed
    once, not on every command, and an edited one can never be answered from an old entry.
    """
    from plantrack.plan import cache

    with _collector_paused(source.size):
        cached = cache.lookup(source)
        if cached is not None:
            return LoadResult(source, *cached)
    return _parse_and_cache(source)


def _parse_and_cache(source: Source) -> LoadResult:
    """A cache miss: parse, and keep the result for the next command."""
    from plantrack.plan import cache

    result = load_source(source)
    cache.store(source, result.plan, result.problems)
    return result


def load_text(
    text: str, display: str = PLAN_FILENAME, *, bom: bool = False, cached: bool = False
) -> LoadResult:
    """Validate plan text that is not (yet) a file: tests, and the editor's re-check.

    With `cached`, the result goes through the cache as if read from a file holding the text
    (with a byte-order mark if `bom`): `set` uses this so its check warms the next command.
    """
    raw = (UTF8_BOM if bom else b"") + text.encode("utf-8")
    source = Source(display, text, bom=bom, digest=digest_bytes(raw))
    return load_decoded(source) if cached else load_source(source)


def load_source(source: Source) -> LoadResult:
    """Parse and validate, bypassing the cache."""
    from plantrack.plan.build import build_streamed

    with _collector_paused(source.size):
        try:
            plan, found = build_streamed(source)
        except PlanInvalid as invalid:  # a YAML error: whatever was built before it is dropped
            return LoadResult(source, None, tuple(sorted(invalid.problems, key=Problem.sort_key)))
        problems = tuple(sorted(found, key=Problem.sort_key))
        has_errors = any(p.is_error for p in problems)
        return LoadResult(source, None if has_errors else plan, problems)


@contextmanager
def _collector_paused(size: int) -> Iterator[None]:
    """Pause the cyclic garbage collector while a plan's objects are built.

    A plan is many small objects and no cycles; the collector's passes over them more than
    doubled the time to build a large one. A large plan is then frozen (gc.freeze), so later
    collections never walk it either; its objects are still freed when nothing refers to them.
    """
    if not gc.isenabled():  # nested, or paused by the caller: leave it as it is
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if size > _FREEZE_ABOVE:
            gc.freeze()
        gc.enable()


def require_plan(result: LoadResult) -> Plan:
    """The plan, or PlanInvalid: commands never answer from a broken plan."""
    if result.plan is None or result.errors:
        raise PlanInvalid(result.problems)
    return result.plan


def all_problems(result: LoadResult) -> tuple[Problem, ...]:
    """Everything `validate` reports, sorted by place (adds the whole-plan name checks)."""
    from plantrack.plan.namecheck import name_warnings

    return tuple(sorted((*result.problems, *name_warnings(result.plan, result.source)),
                        key=Problem.sort_key))


__all__ = [
    "PLAN_ENV",
    "PLAN_FILENAME",
    "LoadResult",
    "all_problems",
    "display_path",
    "find_plan",
    "load_decoded",
    "load_path",
    "load_source",
    "load_text",
    "require_plan",
]
