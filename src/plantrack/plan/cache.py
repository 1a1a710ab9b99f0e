"""A cache of parsed plans, so that asking about an unchanged large plan twice parses it once.

Parsing a plan of 10,000 actions takes most of a second; reading it back from here takes a few
hundredths. An entry is named by a hash of the plan file's exact bytes together with
plantrack's version, the code that reads plans and the YAML loader, so it can only ever
describe those bytes read by that code: an edited file, or an upgraded plantrack, is a miss.

Entries are JSON, never pickle or marshal, because reading a cache must never run code.
The directory must belong to the user and be writable by nobody else, or it is not used.
Anything wrong with the cache (unreadable, corrupt, another format, a full disk) is a miss,
never an error: the cache can make plantrack faster, never wrong or broken. The folder, the
framing of an entry (its header and checksum) and pruning are in cachedir.py.

Where: $PLANTRACK_CACHE_DIR, else $XDG_CACHE_HOME/plantrack or ~/.cache/plantrack
(%LOCALAPPDATA%\\plantrack\\Cache on Windows). PLANTRACK_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import sys
from abc import abstractmethod
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from plantrack import __version__
from plantrack.errors import Problem
from plantrack.plan.cachedir import (
    CACHE_DIR_ENV,
    MAX_ENTRIES,
    MAX_TOTAL_BYTES,
    NO_CACHE_ENV,
    SUFFIX,
    cache_dir,
    max_entry_bytes,
    prune,
    read_entry,
    usable_folder,
    write_entry,
)
from plantrack.plan.model import Action, FieldPos, Plan, Recommendation
from plantrack.plan.source import Source, digest_bytes

# Bump when the layout of an entry changes; older entries then simply miss.
FORMAT = 5
# The modules whose code decides what a plan file means: a change to any of them (an editable
# install, a patched release) must not be answered from entries they did not write.
_READER_MODULES = (
    "plan/build.py", "plan/cache.py", "plan/cachedir.py", "plan/datefields.py",
    "plan/dates/__init__.py", "plan/dates/base.py", "plan/dates/explain.py",
    "plan/dates/grammar.py", "plan/dates/readers.py", "errors.py", "plan/load.py",
    "plan/model.py", "plan/source.py", "plan/ownwords.py", "plan/vocabulary.py", "plan/yamlsrc.py",
)
_FIELD_SEPARATOR = ","

Cached = tuple[Plan | None, tuple[Problem, ...]]


def _reader_fingerprint() -> str:
    here = Path(__file__).parent.parent
    parts = []
    for name in _READER_MODULES:
        try:
            info = os.stat(here / name)
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return ";".join(parts)


def _yaml_fingerprint() -> str:
    """Which PyYAML would read the plan, and with which loader, without importing it.

    Importing yaml costs more than answering from the cache, so the installed package is
    identified by its files: its __init__.py and whether libyaml's extension sits beside it.
    A loader chosen by hand (the tests run under both) is only possible once yamlsrc is
    imported, and then it is asked directly.
    """
    yamlsrc = sys.modules.get("plantrack.plan.yamlsrc")
    chosen = yamlsrc.loader_override() if yamlsrc is not None else None
    loader = chosen or "default"
    spec = importlib.util.find_spec("yaml")
    if spec is None or not spec.origin:
        return f"pyyaml missing; loader {loader}"
    folder = os.path.dirname(spec.origin)
    try:
        info = os.stat(spec.origin)
        libyaml = any(name.startswith("_yaml") for name in os.listdir(folder))
    except OSError:
        return f"pyyaml unknown; loader {loader}"
    return f"pyyaml {info.st_size}:{info.st_mtime_ns} libyaml {libyaml}; loader {loader}"


def entry_key(source: Source) -> str:
    """The entry's name: the file's bytes (their hash) and everything else that shapes the
    result of reading them."""
    identity = "\0".join((
        f"format {FORMAT}", f"plantrack {__version__}", _yaml_fingerprint(),
        _reader_fingerprint(), f"bytes {source.digest}",
    ))
    return digest_bytes(identity.encode("utf-8"))


# -- reading ------------------------------------------------------------------------------
class _Lazy(Mapping[str, Any]):
    """A mapping stored compactly and built into a dict on first use (`_build`): most commands
    never look at an action's positions or declared fields, and building them all on every
    cache hit would cost more than the rest of reading the plan back."""

    __slots__ = ("_table",)

    def __init__(self) -> None:
        self._table: dict[str, Any] | None = None

    @abstractmethod
    def _build(self) -> dict[str, Any]:
        """The whole mapping, from the compact stored form (each subclass knows its form)."""

    def _items(self) -> dict[str, Any]:
        if self._table is None:
            self._table = self._build()
        return self._table

    def __getitem__(self, key: str) -> Any:
        return self._items()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __repr__(self) -> str:
        return repr(self._items())


class StoredFields(_Lazy):
    """An action's field positions as stored, turned into FieldPos objects on first use.

    A large plan has tens of thousands of them and most commands never look at one: stored as
    one string per action and built when asked for, they cost a twentieth of building them all.
    """

    __slots__ = ("_packed",)

    def __init__(self, packed: str) -> None:
        self._packed = packed
        self._table = None

    def _build(self) -> dict[str, FieldPos]:
        items = self._packed.split(_FIELD_SEPARATOR) if self._packed else []
        return {
            items[i]: FieldPos(int(items[i + 1]), int(items[i + 2]), int(items[i + 3]),
                               items[i + 4])
            for i in range(0, len(items), 5)
        }


def _pack_fields(fields: Mapping[str, FieldPos]) -> str:
    """key,key_start,value_start,value_end,style for each field, all joined by commas."""
    packed = _FIELD_SEPARATOR.join(
        f"{key},{pos.key_start},{pos.value_start},{pos.value_end},{pos.style}"
        for key, pos in fields.items()
    )
    if packed.count(_FIELD_SEPARATOR) != max(5 * len(fields) - 1, 0):
        raise ValueError("a field key or style contains the separator")  # not stored
    return packed


def _day(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


class StoredExtra(_Lazy):
    """An action's declared fields as stored: one value per declared field, in the plan's
    `fields:` order (None where the action has none), made a mapping on first use.

    Stored with each action's keys and built on every hit, they cost a fifth of reading back a
    10,000-action plan with `fields:` on every action; most commands never look at them.
    """

    __slots__ = ("_names", "_stored")

    def __init__(self, names: tuple[str, ...], stored: list[Any]) -> None:
        self._names = names
        self._stored = stored
        self._table = None

    def _build(self) -> dict[str, str | tuple[str, ...]]:
        return {name: value if type(value) is str else tuple(value)
                for name, value in zip(self._names, self._stored, strict=False)
                if value is not None}


def _pack_extra(names: tuple[str, ...], extra: Mapping[str, Any]) -> list[Any] | None:
    """StoredExtra's list: the values in declared order; None when the action has none."""
    if not extra:
        return None
    return [extra.get(name) for name in names]


_NO_EXTRA = StoredExtra((), [])  # shared: a StoredExtra is never changed


def _decode_plan(row: list[Any]) -> Plan:
    (title, version, organisation, aliases, agreed, fy_start, date_order, statuses, fields,
     recs) = row
    recommendations = []
    declared = tuple(fields)
    day = date.fromordinal  # inlined below: four calls an action add up at 10,000 actions
    for rec_id, rec_title, area, timescale, criteria, measures, index, rec_due, actions in recs:
        recommendations.append(Recommendation(
            rec_id,
            tuple(
                Action(aid, rec_id, text, status, tuple(leads), tuple(boards),
                       None if due is None else day(due), due_text,
                       None if start is None else day(start), start_text,
                       None if original_due is None else day(original_due), original_text,
                       due_kind, note, monitoring, at, StoredFields(packed),
                       status_text or status,
                       None if completed_on is None else day(completed_on), rag,
                       _NO_EXTRA if extra is None else StoredExtra(declared, extra))
                for (aid, text, status, leads, boards, due, due_text, start, start_text,
                     original_due, original_text, due_kind, note, monitoring, at, packed,
                     status_text, completed_on, rag, extra)
                in actions
            ),
            rec_title, area, timescale, tuple(criteria), tuple(measures), index, _day(rec_due),
        ))
    return Plan(title, tuple(recommendations), version, organisation, dict(aliases),
                _day(agreed), fy_start, date_order, dict(statuses), declared)


def lookup(source: Source) -> Cached | None:
    """The plan and problems stored for exactly these bytes, or None (a miss)."""
    folder = cache_dir()
    if folder is None:
        return None
    key = entry_key(source)
    entry = folder / f"{key}{SUFFIX}"
    try:
        if not usable_folder(folder, create=False):
            return None
        payload = read_entry(entry, FORMAT, key, source.size)
        if payload is None:
            return None
        stored = json.loads(payload)
        problems = tuple(
            Problem(source.path, line, col, severity, message, code)
            for line, col, severity, message, code in stored["problems"]
        )
        plan = None if stored["plan"] is None else _decode_plan(stored["plan"])
    except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None  # missing, unreadable or not what this version writes: a miss
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: pruning removes the least recently used first
    return plan, problems


# -- writing ------------------------------------------------------------------------------
def _dumps(value: Any) -> str:
    # ASCII only (\u escapes): such JSON decodes from bytes seven times faster.
    return json.dumps(value, separators=(",", ":"), check_circular=False)


def _ordinal(day: date | None) -> int | None:
    return day.toordinal() if day else None


def _recommendation_row(rec: Recommendation, declared: tuple[str, ...] = ()) -> list[Any]:
    return [
        rec.id, rec.title, rec.area, rec.timescale, rec.success_criteria, rec.measures,
        rec.index, _ordinal(rec.due),
        [[a.id, a.text, a.status, a.leads, a.boards, _ordinal(a.due), a.due_text,
          _ordinal(a.start), a.start_text, _ordinal(a.original_due), a.original_due_text,
          a.due_kind, a.note, a.monitoring, a.index, _pack_fields(a.fields),
          None if a.status_text == a.status else a.status_text, _ordinal(a.completed_on),
          a.rag, _pack_extra(declared, a.extra)]
         for a in rec.actions],
    ]


def _entry_text(plan: Plan | None, problems: tuple[Problem, ...]) -> Iterator[str]:
    """The entry's JSON in pieces, one recommendation at a time: the whole text of a large
    plan's entry at once would add a tenth to the peak memory of a first run."""
    rows = [[p.line, p.col, p.severity, p.message, p.code] for p in problems]
    yield f'{{"problems":{_dumps(rows)},"plan":'
    if plan is None:
        yield "null}"
        return
    head = [plan.title, plan.version, plan.organisation, list(plan.aliases.items()),
            _ordinal(plan.agreed), plan.financial_year_start, plan.date_order,
            list(plan.statuses.items()), plan.fields]
    yield _dumps(head)[:-1] + ",["
    for number, rec in enumerate(plan.recommendations):
        yield ("," if number else "") + _dumps(_recommendation_row(rec, plan.fields))
    yield "]]}"


def store(source: Source, plan: Plan | None, problems: tuple[Problem, ...]) -> None:
    """Keep what reading these bytes gave. Never fails: a cache that cannot be written is
    only a slower next run."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        if not usable_folder(folder, create=True):
            return
        key = entry_key(source)
        write_entry(folder / f"{key}{SUFFIX}", FORMAT, key, _entry_text(plan, problems),
                    source.size)
        prune(folder)
    except (OSError, ValueError, TypeError, RecursionError):
        return


__all__ = [
    "CACHE_DIR_ENV",
    "MAX_ENTRIES",
    "MAX_TOTAL_BYTES",
    "NO_CACHE_ENV",
    "cache_dir",
    "entry_key",
    "lookup",
    "max_entry_bytes",
    "prune",
    "store",
]
