"""The plan format's keys, once: what the loader accepts, what `plantrack schema` describes and
what docs/plan-format.md lists all come from here, so the three cannot drift apart.

Each key says what kind of value it takes (the loader's checks in build.py follow the kind),
whether it is required, and one line a person reads in the docs and in an editor's tooltip.
Order matters: it is the order keys are written in the file, and `set`/`add` insert a missing
key in its place. Pure data: no I/O, nothing heavy to import.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a value may be. Every scalar is read as text exactly as written (`1.10` stays 1.10).
TEXT = "text"  # one scalar
NAMES = "names"  # a scalar, or a list of scalars (lead: Ann Smith / lead: [Ann Smith, Bo Li])
TEXT_LIST = "text list"  # a list of scalars (a single scalar is read as a list of one)
WORD_MAP = "mapping"  # a mapping of scalar: scalar (aliases, statuses)
KEY_LIST = "key list"  # the names of declared fields: a list (or one name)
RECOMMENDATION_LIST = "recommendations"  # a list of recommendation mappings
ACTION_LIST = "actions"  # a list of action mappings


@dataclass(frozen=True)
class Key:
    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()  # the words allowed, where there is a fixed set
    example: str = ""  # shown in the docs table and the schema's examples


PLAN_KEYS: tuple[Key, ...] = (
    Key("title", TEXT, "the plan's name", required=True),
    Key("version", TEXT, "the plan's version, as text", example='"6"'),
    Key("organisation", TEXT, "who the plan belongs to"),
    Key("agreed", TEXT, "the day the plan was agreed or the inspection reported "
        "(`2009-11-02`): relative deadlines (`Within 3 months`) and a recommendation's "
        "`timescale` count from it", example="2009-11-02"),
    Key("financial_year_start", TEXT, "the month a financial year starts (`April`, or `4`), "
        "for `2024/25`, `FY 2024/25` and `Q3 2024/25`", example="April"),
    Key("date_order", TEXT, "how numeric dates are read: `day-first` (the default: "
        "`6/1/2020` is 6 January) or `month-first` (`6/1/2020` is 1 June)",
        choices=("day-first", "month-first")),
    Key("statuses", WORD_MAP, "the plan's own status words: a mapping from the word, as the "
        "plan writes it, to the status it means (`Partially completed: in-progress`); see "
        "[Status](#status)", example="Partially completed: in-progress"),
    Key("fields", KEY_LIST, "the extra keys this plan's actions may carry "
        "(`[priority, management_response, evidence]`), in the order answers show them; see "
        "[Extra columns](#extra-columns)", example="[priority, evidence]"),
    Key("aliases", WORD_MAP, "a mapping from a variant spelling to the one name it means, for "
        "people and boards", example="Maureen Cavanaugh: Maureen Cavanagh"),
    Key("recommendations", RECOMMENDATION_LIST, "a list of recommendations", required=True),
)

RECOMMENDATION_KEYS: tuple[Key, ...] = (
    Key("id", TEXT, 'unique among recommendations, e.g. `"2"`', required=True, example='"2"'),
    Key("title", TEXT, "what the recommendation asks for"),
    Key("area", TEXT, "the area or theme it belongs to"),
    Key("timescale", TEXT, "when it must be met; with `agreed:` it is read as the "
        "recommendation's own deadline (`within 3 months`), and `show` and `summary` flag "
        "actions planned to finish after it"),
    Key("success_criteria", TEXT_LIST, "what will be true when it is met"),
    Key("measures", TEXT_LIST, "how progress is measured"),
    Key("actions", ACTION_LIST, "a list of actions", required=True),
)

ACTION_KEYS: tuple[Key, ...] = (
    Key("id", TEXT, 'unique in the whole plan, e.g. `"2.10"` (kept as written: `2.10` is '
        "never `2.1`)", required=True, example='"2.10"'),
    Key("action", TEXT, "what is to be done", required=True),
    Key("lead", NAMES, "a name, or a list of names"),
    Key("start", TEXT, "when work starts: a date or a phrase (the first day of it counts)"),
    Key("due", TEXT, "the deadline: a date or a phrase (the last day of it counts); absent "
        "means no deadline", example="By March 2010"),
    Key("original_due", TEXT, "the deadline first agreed, read like `due`; `plantrack set ID "
        "--due X` writes it (the old deadline, exactly as written) the first time a deadline "
        "moves, and answers show both (`End of March 2010 (was Dec 09; +90 days)`)"),
    Key("status", TEXT, "a status word: the vocabulary below, a word `set` understands, or "
        "one of the plan's own `statuses:`", required=True, example="in-progress"),
    Key("completed_on", TEXT, "the day it was completed or dropped (`2010-02-15`); "
        "`plantrack set ID done` writes it, and opening the action again removes it",
        example="2010-02-15"),
    Key("rag", TEXT, "the lead's own rating: `red`, `amber`, `green` or `blue` (`R`, `A`, "
        "`G`, `B`, any case)", example="green"),
    Key("note", TEXT, "the latest progress, free text"),
    Key("board", NAMES, "who monitors progress: a name, or a list"),
    Key("monitoring", TEXT, "how progress is monitored, in words"),
)


def names(keys: tuple[Key, ...]) -> tuple[str, ...]:
    return tuple(key.name for key in keys)


def markdown_table(keys: tuple[Key, ...]) -> str:
    """The docs' table of these keys (docs/plan-format.md holds exactly this text)."""
    lines = ["| key | required | what it holds |", "| --- | --- | --- |"]
    for key in keys:
        required = " yes " if key.required else " "
        lines.append(f"| `{key.name}` |{required}| {key.description} |")
    return "\n".join(lines) + "\n"
