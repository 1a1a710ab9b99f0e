"""The plan as immutable values, and the status vocabulary. No I/O here: load.py builds these."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from plantrack.plan import fields as _fields

# The status vocabulary, in the order a board reads it (not started → finished).
NOT_STARTED = "not-started"
IN_PROGRESS = "in-progress"
ONGOING = "ongoing"
BLOCKED = "blocked"
COMPLETED = "completed"
DROPPED = "dropped"
STATUSES: tuple[str, ...] = (NOT_STARTED, IN_PROGRESS, ONGOING, BLOCKED, COMPLETED, DROPPED)
CLOSED_STATUSES = frozenset({COMPLETED, DROPPED})

# Other words for a status, understood alike in the plan file and at the command line
# (`status: Done`, `plantrack set 2.3 done`): one vocabulary everywhere. Each must be
# unambiguous; a word whose meaning depends on the plan (`open`, `delayed`) is not here, and a
# plan maps it under `statuses:` (vocabulary.py explains the words it will not guess).
STATUS_SYNONYMS: Mapping[str, str] = {
    "done": COMPLETED,
    "complete": COMPLETED,
    "finished": COMPLETED,
    "closed": COMPLETED,
    "implemented": COMPLETED,
    "achieved": COMPLETED,
    "started": IN_PROGRESS,
    "underway": IN_PROGRESS,
    "under-way": IN_PROGRESS,
    "in-hand": IN_PROGRESS,
    "progress": IN_PROGRESS,
    "in-train": IN_PROGRESS,
    "wip": IN_PROGRESS,
    "to-be-started": NOT_STARTED,
    "not-yet-started": NOT_STARTED,
    "yet-to-start": NOT_STARTED,
    "todo": NOT_STARTED,
    "to-do": NOT_STARTED,
    "continuing": ONGOING,
    "on-going": ONGOING,
    "on-hold": BLOCKED,
    "stuck": BLOCKED,
    "cancelled": DROPPED,
    "canceled": DROPPED,
    "abandoned": DROPPED,
    "withdrawn": DROPPED,
}

# How a plan writes numeric dates (`date_order`): 6/1/2020 is 6 January day first.
DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
DATE_ORDERS: tuple[str, ...] = (DAY_FIRST, MONTH_FIRST)

# What kind of deadline an action has (`Action.due_kind`, the JSON `due_kind` key).
DUE_DATE = "date"  # a day, read from a date or a phrase
DUE_TBC = "tbc"  # a deadline still to be agreed (TBC, To be confirmed)
DUE_NONE = "none"  # no deadline: none written, Ongoing, N/A
DUE_RELATIVE = "relative"  # counted from the plan's `agreed` day (Within 3 months)
DUE_KINDS: tuple[str, ...] = (DUE_DATE, DUE_TBC, DUE_NONE, DUE_RELATIVE)

# The owner's own rating of an action (`rag:`), as opposed to the BRAG plantrack works out.
RAG_COLOURS: tuple[str, ...] = ("red", "amber", "green", "blue")
_RAG_WORDS: Mapping[str, str] = {
    **{colour: colour for colour in RAG_COLOURS},
    **{colour[0]: colour for colour in RAG_COLOURS},
}

# The keys of each mapping, in the order they are written; a missing key is inserted in this
# order (an action's declared extra fields, `fields:`, follow its own). Defined once, with
# their kinds and descriptions, in fields.py (also the schema's and the docs' source).
ACTION_FIELDS: tuple[str, ...] = _fields.names(_fields.ACTION_KEYS)
RECOMMENDATION_FIELDS: tuple[str, ...] = _fields.names(_fields.RECOMMENDATION_KEYS)
PLAN_FIELDS: tuple[str, ...] = _fields.names(_fields.PLAN_KEYS)

_SEPARATORS = re.compile(r"[\s_]+")


def _fold_status(text: str) -> str:
    return _SEPARATORS.sub("-", text.strip().casefold())


def fold_status(text: str) -> str:
    """How status words are compared: case, spaces and underscores do not matter."""
    return _fold_status(text)


def status_from_user(text: str, plan_words: Mapping[str, str] | None = None) -> str | None:
    """The status a word means, in the file or typed (`In progress`, `IN_PROGRESS`, `done`).

    `plan_words` is a plan's own vocabulary (Plan.status_table: folded word → status), asked
    first so that a plan may give a word its own meaning. None when the word is not a status.
    """
    folded = _fold_status(text)
    if plan_words:
        mapped = plan_words.get(folded)
        if mapped is not None:
            return mapped
    if folded in STATUSES:
        return folded
    return STATUS_SYNONYMS.get(folded)


normalise_status = status_from_user  # one vocabulary: the file reads what `set` understands


def rag_from_text(text: str) -> str | None:
    """The owner's RAG colour a word means (`Red`, `R`, `amber`), or None."""
    return _RAG_WORDS.get(text.strip().casefold())


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
                              "\u00b4": "'", "\u2032": "'"})


def name_key(name: str) -> str:
    """How names are compared: case, runs of spaces, accents and the style of apostrophe do
    not matter (`siobhan o'neill` is Siobhán O’Neill)."""
    folded = " ".join(name.split()).casefold()
    if folded.isascii() and "`" not in folded:
        return folded
    import unicodedata

    bare = "".join(char for char in unicodedata.normalize("NFKD", folded)
                   if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare.translate(_APOSTROPHES))


@dataclass(frozen=True, slots=True)
class FieldPos:
    """Where a key and its value stand in the text (character indices, BOM excluded).

    `style` is the scalar style PyYAML reports ('' plain, "'", '"', '|', '>'), or '[' / '-' for a
    flow or block sequence and '{' / ':' for a flow or block mapping. The editor uses this to
    replace exactly the value's characters and nothing else.
    """

    key_start: int
    value_start: int
    value_end: int
    style: str


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    rec_id: str
    text: str
    status: str
    leads: tuple[str, ...] = ()
    boards: tuple[str, ...] = ()
    due: date | None = None
    due_text: str | None = None
    start: date | None = None
    start_text: str | None = None
    # The deadline first agreed, kept when `due` moved (`set --due` writes it), read like due.
    original_due: date | None = None
    original_due_text: str | None = None
    due_kind: str = DUE_NONE
    note: str | None = None
    monitoring: str | None = None
    index: int = 0
    fields: Mapping[str, FieldPos] = field(default_factory=dict, compare=False, repr=False)
    # The status word as written (`Partially completed`); equals `status` when it is the
    # vocabulary word. build.py and cache.py always pass it.
    status_text: str = ""
    completed_on: date | None = None  # when it was completed or dropped, where recorded
    rag: str | None = None  # the owner's own rating: red, amber, green or blue
    extra: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)  # `fields:` keys

    @property
    def is_closed(self) -> bool:
        """Closed today. A question about a date asks query.is_closed_on instead."""
        return self.status in CLOSED_STATUSES

    @property
    def days_slipped(self) -> int | None:
        """How many days the deadline has moved since it was first agreed (negative: earlier)."""
        if self.original_due is None or self.due is None:
            return None
        return (self.due - self.original_due).days

    @property
    def status_label(self) -> str:
        """`in-progress (Partially completed)` when the plan's word differs from the status."""
        written = self.status_text
        if not written or written == self.status:
            return self.status
        return f"{self.status} ({written})"


@dataclass(frozen=True, slots=True)
class Recommendation:
    id: str
    actions: tuple[Action, ...]
    title: str | None = None
    area: str | None = None
    timescale: str | None = None
    success_criteria: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    index: int = 0
    # The last day its `timescale` allows, counted from the plan's `agreed` day (None without).
    due: date | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    title: str
    recommendations: tuple[Recommendation, ...]
    version: str | None = None
    organisation: str | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    # The day the plan was agreed: relative deadlines (Within 3 months) count from it.
    agreed: date | None = None
    financial_year_start: int | None = None  # month 1-12, for 2024/25 and Q3 2024/25
    date_order: str = DAY_FIRST
    statuses: Mapping[str, str] = field(default_factory=dict)  # plan's word → status
    fields: tuple[str, ...] = ()  # declared extra action keys, in declared order

    @property
    def status_table(self) -> dict[str, str]:
        """`statuses` keyed by folded word, for status_from_user."""
        return {_fold_status(word): status for word, status in self.statuses.items()}

    @property
    def actions(self) -> Iterable[Action]:
        """Every action, in plan order."""
        for rec in self.recommendations:
            yield from rec.actions

    def canonical(self, name: str) -> str:
        """The one name a variant spelling means, via `aliases` (case-insensitive)."""
        return _alias_table(self).get(name_key(name), name)

    def recommendation(self, rec_id: str) -> Recommendation | None:
        for rec in self.recommendations:
            if rec.id == rec_id:
                return rec
        return None

    def action(self, action_id: str) -> Action | None:
        for action in self.actions:
            if action.id == action_id:
                return action
        return None


_ALIAS_TABLES: dict[int, tuple[Plan, dict[str, str]]] = {}


def _alias_table(plan: Plan) -> dict[str, str]:
    """Aliases keyed by folded variant; built once per plan (plans are immutable)."""
    cached = _ALIAS_TABLES.get(id(plan))
    if cached is not None and cached[0] is plan:
        return cached[1]
    table = {name_key(variant): target for variant, target in plan.aliases.items()}
    _ALIAS_TABLES[id(plan)] = (plan, table)
    return table
