"""The bundled plan.yaml is a faithful transcription of the source action plan.

The source (a children's-services inspection action plan, text extracted from a PDF table) is
kept byte for byte in tests/data/source-plan.txt. These tests read plan.yaml with PyYAML
directly, so they hold whatever the loader does; the tests at the end check the loader's
reading of the same plan once `plantrack.plan.load` exists.

The facts checked here were worked out by hand from the source:
  1. how many actions each recommendation has;
  2. every text in plan.yaml occurs in the source (nothing invented, no row left out);
  3. every lead and board name occurs in the source, and the aliases reconcile real spellings;
  4. ids are unique, statuses are in the vocabulary, every value is a string;
  5. the deadline of every action, as written and as a date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plan.yaml"
SOURCE = Path(__file__).resolve().parent / "data" / "source-plan.txt"

LOADERS = [yaml.SafeLoader]
if getattr(yaml, "CSafeLoader", None) is not None:
    LOADERS.append(yaml.CSafeLoader)

STATUSES = {"not-started", "in-progress", "ongoing", "blocked", "completed", "dropped"}
TOP_KEYS = ["title", "version", "organisation", "aliases", "recommendations"]
REC_KEYS = ["id", "title", "area", "timescale", "success_criteria", "measures", "actions"]
ACTION_KEYS = ["id", "action", "lead", "start", "due", "status", "note", "board", "monitoring"]

# Status words in the source -> the vocabulary. Any other wording in a status cell is kept
# whole in `note` with status in-progress; an empty cell is not-started, with a comment.
STATUS_WORDS = {
    "Completed.": "completed",
    "Completed": "completed",
    "In progress": "in-progress",
    "Ongoing": "ongoing",
    "To be started": "not-started",
}

# 1. Actions per recommendation, counted by hand from the source's actions tables.
EXPECTED_ACTION_COUNTS = {
    "1": 2,  # two rows
    "2": 8,  # six rows, a page break, two more rows
    "3": 8,  # five rows, a page break, three more rows
    "4": 7,  # four rows, a page break, three more rows (two rows have no lead)
    "5": 6,  # seven lines, but the lone line "All performance and management information to be
    #          scrutinised by the Board on a monthly basis." continues the first row: joined (5.1)
    "6": 4,  # three rows, a page break, then one row broken over four lines: joined (6.4)
    "7": 4,  # four rows
    "8": 6,  # six rows (the section has no recommendation heading)
    "9": 7,  # five rows, a page break, two more rows
    "10": 6,  # six rows
    "11": 7,  # seven rows
    "12": 6,  # two rows, a page break, four more rows; the Care2Work row lists five items
    #           against four dates that cannot be matched up, so it is kept as one action (12.2)
}

# Rows broken over several source lines, joined back into one action: the first cell of each
# source line, in order. Joined with single spaces they give the action text.
JOINED_ROWS = {
    "5.1": [
        "Social Care Performance and Quality Assurance Board to oversee the production and"
        " further development of performance and management information reports for Social Care",
        "All performance and management information to be scrutinised by the Board on a monthly"
        " basis.",
    ],
    "6.4": [
        "Area Performance Board to consider, as part of review",
        "of monthly audit information from service manager,",
        "whether the child's voice is considered in assessment",
        "and planning (as captured on ICS).",
    ],
}

# The one success criterion the source writes without a bullet (recommendation 12).
UNBULLETED_CRITERIA = [
    "Maintain and improve performance against % of care leavers in EET – NI148 (which is above"
    " national /Statistical neighbours despite economic recession).",
]

# Section headings -> area and timescale of each recommendation.
AREAS = {
    **{rid: ("Safeguarding", "within 3 months") for rid in ("1", "2", "3")},
    **{rid: ("Safeguarding", "within 6 months") for rid in ("4", "5", "6", "7")},
    **{rid: ("Looked After Children", "within 3 months") for rid in ("8", "9")},
    **{rid: ("Looked After Children", "within 6 months") for rid in ("10", "11", "12")},
}

# 5. Every action's deadline: (action id, `due` as written in plan.yaml, the date it means).
# Worked out by hand from the deadline grammar: a month means its last day, "mid" the 15th,
# a 2-digit year is 20yy; "Ongoing" and an absent `due` mean no deadline.
DEADLINES = [
    ("1.1", "October 2009", "2009-10-31"),
    ("1.2", "November 2009", "2009-11-30"),
    ("2.1", None, None),  # start: September 2009 (source "From September 2009")
    ("2.2", "By Nov 09", "2009-11-30"),
    ("2.3", "Nov 2009", "2009-11-30"),
    ("2.4", "Oct 09", "2009-10-31"),
    ("2.5", "Nov 2009", "2009-11-30"),
    ("2.6", "By March 2010", "2010-03-31"),
    ("2.7", "January 2010", "2010-01-31"),
    ("2.8", None, None),  # start: end January 2010 (source "From end January 2010")
    ("3.1", "November 2009", "2009-11-30"),
    ("3.2", "end of November 2009", "2009-11-30"),  # source "End Nov following Launch"
    ("3.3", "End January 2010", "2010-01-31"),
    ("3.4", "Ongoing", None),  # source "Started – this will be ongoing during 2010"
    ("3.5", "Ongoing", None),  # source "Started – this will be ongoing during 2010"
    ("3.6", "End of January 2010", "2010-01-31"),
    ("3.7", "By end January 2010", "2010-01-31"),
    ("3.8", "By April 2010", "2010-04-30"),
    ("4.1", "Nov 2009", "2009-11-30"),
    ("4.2", "Nov 2009", "2009-11-30"),
    ("4.3", "March 2010", "2010-03-31"),
    ("4.4", "February 2010", "2010-02-28"),
    ("4.5", "Dec 09", "2009-12-31"),  # source "Group established by Dec 09 Work ongoing"
    ("4.6", "February 2009", "2009-02-28"),  # as written; probably meant 2010
    ("4.7", "March 2010", "2010-03-31"),
    ("5.1", "December 2010", "2010-12-31"),
    ("5.2", "End January 2010", "2010-01-31"),
    ("5.3", "By January 2010", "2010-01-31"),
    ("5.4", "Ongoing", None),
    ("5.5", "mid January 2010", "2010-01-15"),  # source "Completed by Mid January 2010"
    ("5.6", "By March 2010", "2010-03-31"),
    ("6.1", "By end March 2010", "2010-03-31"),
    ("6.2", "March 2010", "2010-03-31"),
    ("6.3", "May 2010", "2010-05-31"),
    ("6.4", "End January 2010", "2010-01-31"),  # "End January" / "2010" on two source lines
    ("7.1", "By March 2010", "2010-03-31"),
    ("7.2", "March 2010", "2010-03-31"),  # source "Final version by March 2010"
    ("7.3", "From January 2010 – by March 2010", "2010-03-31"),
    ("7.4", "End January 2010", "2010-01-31"),
    ("8.1", "November 09", "2009-11-30"),
    ("8.2", None, None),  # start: January 2010
    ("8.3", "Ongoing", None),  # start: November 2009 (source "Started November 2009 - ongoing")
    ("8.4", None, None),  # start: January 2010
    ("8.5", "End of January 2010", "2010-01-31"),
    ("8.6", None, None),  # start: January 2010
    ("9.1", None, None),  # start: January 2010 (source "Starting January 2010")
    ("9.2", None, None),  # start: January 2010
    ("9.3", "end of March 2010", "2010-03-31"),  # source "Completed by end of March 2010"
    ("9.4", "Ongoing", None),
    ("9.5", None, None),  # start: February 2010 (source "Commencing February 2010")
    ("9.6", None, None),  # start: January 2010
    ("9.7", None, None),  # start: January 2010
    ("10.1", "February 2010", "2010-02-28"),
    ("10.2", "End of March 2010", "2010-03-31"),
    ("10.3", None, None),  # start: January 2010
    ("10.4", "By March 2010", "2010-03-31"),
    ("10.5", None, None),  # start: January 2010
    ("10.6", None, None),  # start: Jan 2010
    ("11.1", None, None),  # the source's cell is blank
    ("11.2", "Ongoing", None),  # source "Implementat ion will be ongoing in 2010"
    ("11.3", "February 2010", "2010-02-28"),  # source "February 2010 Consultation Event ..."
    ("11.4", "March 2010", "2010-03-31"),
    ("11.5", "February 2010", "2010-02-28"),
    ("11.6", "February 2010", "2010-02-28"),
    ("11.7", "Nov 09", "2009-11-30"),
    ("12.1", "March 2010", "2010-03-31"),
    ("12.2", "end of 2011", "2011-12-31"),  # source "January 2010 April 2010 ... 2009 – 2011"
    ("12.3", "March 2010", "2010-03-31"),
    ("12.4", "September 2010", "2010-09-30"),
    ("12.5", "March 2010", "2010-03-31"),  # source "March 2010 February 2010 January 2010 ..."
    ("12.6", "February 2010", "2010-02-28"),
]

BULLETS = "•·"
SOURCE_COMMENT = re.compile(r'# source: "([^"]*)"')


# --- reading the files ---------------------------------------------------------------------


def normalise(text: str) -> str:
    """Drop bullets (a leading "- ", and "•"/"·" anywhere) and collapse all whitespace."""
    text = re.sub(r"(?m)^[ \t]*-[ \t]+", "", text)
    text = "".join(" " if ch in BULLETS else ch for ch in text)
    return " ".join(text.split())


@cache
def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@cache
def source_flat() -> str:
    return normalise(source_text())


@cache
def source_rows() -> tuple[tuple[str, ...], ...]:
    """Every line of every actions table except the headers, as 5 stripped cells."""
    rows = []
    for line in source_text().splitlines():
        if "\t" in line and not line.startswith("Actions/tasks"):
            cells = [c.strip() for c in line.split("\t")]
            rows.append(tuple((cells + [""] * 5)[:5]))
    return tuple(rows)


@cache
def plan_text() -> str:
    return PLAN.read_text(encoding="utf-8")


@cache
def plan(loader: type = yaml.SafeLoader) -> dict:
    return yaml.load(plan_text(), Loader=loader)


def recommendations() -> list[dict]:
    return plan()["recommendations"]


def actions() -> list[dict]:
    return [a for r in recommendations() for a in r["actions"]]


def names(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def names_in(name: str, text: str) -> bool:
    """Whether `name` occurs in `text` as whole words (not "Jane Mos" inside "Jane Moss")."""
    return re.search(rf"(?<![\w']){re.escape(name)}(?![\w'])", text) is not None


def fragments(action: dict) -> list[str]:
    return JOINED_ROWS.get(action["id"], [action["action"]])


@cache
def cells_by_action() -> dict[str, tuple[str, str, str, str]]:
    """Action id -> its source cells (lead, by when, status, monitoring), broken rows joined."""
    rows = iter(source_rows())
    out = {}
    for action in actions():
        parts = [next(rows) for _ in fragments(action)]
        assert [p[0] for p in parts] == fragments(action), action["id"]
        out[action["id"]] = tuple(
            " ".join(p[col] for p in parts if p[col] not in ("", "-")) for col in range(1, 5)
        )
    return out


def line_of(action_id: str, key: str) -> str:
    """The raw plan.yaml line holding `key` of the action `action_id`."""
    root = yaml.compose(plan_text(), Loader=yaml.SafeLoader)
    recs = {k.value: v for k, v in root.value}["recommendations"]
    for rec in recs.value:
        for act in {k.value: v for k, v in rec.value}["actions"].value:
            fields = {k.value: v for k, v in act.value}
            if fields["id"].value == action_id:
                return plan_text().splitlines()[fields[key].start_mark.line]
    raise AssertionError(f"no action {action_id}")


# --- 1. counts -------------------------------------------------------------------------------


def test_action_counts_match_the_source():
    counts = {r["id"]: len(r["actions"]) for r in recommendations()}
    assert counts == EXPECTED_ACTION_COUNTS
    assert sum(counts.values()) == 71


def test_every_source_row_is_one_action_in_source_order():
    plan_fragments = [f for a in actions() for f in fragments(a)]
    assert plan_fragments == [row[0] for row in source_rows()]
    for action_id, parts in JOINED_ROWS.items():
        action = next(a for a in actions() if a["id"] == action_id)
        assert action["action"] == " ".join(parts)


# --- 2. nothing invented -----------------------------------------------------------------------


def test_action_texts_occur_in_the_source():
    flat = source_flat()
    for action in actions():
        if action["id"] in JOINED_ROWS:
            at = 0
            for part in JOINED_ROWS[action["id"]]:
                found = flat.find(normalise(part), at)
                assert found >= 0, (action["id"], part)
                at = found + len(normalise(part))
        else:
            assert normalise(action["action"]) in flat, action["id"]


def test_titles_are_the_source_headings():
    headings = {}
    for line in source_text().splitlines():
        match = re.match(r"(\d+)\. (.+)", line)
        if match:
            headings[match[1]] = match[2]
    titles = {r["id"]: r["title"] for r in recommendations() if "title" in r}
    assert titles == headings
    assert set(headings) == {str(n) for n in range(1, 13)} - {"8"}
    for title in titles.values():
        assert normalise(title) in source_flat()


def test_areas_and_timescales_come_from_the_section_headings():
    text = source_text().replace("–", "-")
    for rec in recommendations():
        area, timescale = AREAS[rec["id"]]
        assert (rec["area"], rec["timescale"]) == (area, timescale)
        assert f"\n{area} - {timescale}\n" in text


def test_success_criteria_and_measures_are_the_source_bullets_in_order():
    source_items = []
    for line in source_text().splitlines():
        if line.startswith(("- ", "•")) or line in UNBULLETED_CRITERIA:
            source_items.append(normalise(line))
    plan_items = []
    for rec in recommendations():
        assert rec.get("success_criteria"), rec["id"]
        for item in rec.get("success_criteria", []) + rec.get("measures", []):
            assert item == item.strip() and item[:1] not in "-•·", item
            assert normalise(item) in source_flat(), item
            plan_items.append(normalise(item))
    assert plan_items == source_items


def test_source_comments_quote_the_source():
    quoted = SOURCE_COMMENT.findall(plan_text())
    assert len(quoted) > 20
    joined_cells = {cell for cells in cells_by_action().values() for cell in cells}
    for words in quoted:
        # The words of one cell; a cell broken over several lines is compared joined up.
        assert normalise(words) in source_flat() or words in joined_cells, words


def test_deadlines_are_as_written_or_carry_the_source_words():
    for action in actions():
        by_when = cells_by_action()[action["id"]][1]
        due, start = action.get("due"), action.get("start")
        assert start is None or names_in(start, by_when), action["id"]
        if by_when == "":
            assert due is None and start is None, action["id"]
        elif due == by_when and start is None:
            pass
        elif due is None and start is not None:
            assert by_when in {f"{w} {start}" for w in ("From", "Starting", "Commencing")}
        else:
            assert f'# source: "{by_when}"' in line_of(action["id"], "due"), action["id"]


def test_statuses_follow_the_source():
    for action in actions():
        cell = cells_by_action()[action["id"]][2]
        if cell in STATUS_WORDS:
            assert action["status"] == STATUS_WORDS[cell], action["id"]
            assert "note" not in action, action["id"]
        elif cell == "":
            assert action["status"] == "not-started", action["id"]
            assert "# source: status blank" in line_of(action["id"], "status"), action["id"]
        else:
            assert (action["status"], action.get("note")) == ("in-progress", cell), action["id"]


# --- 3. names ----------------------------------------------------------------------------------


def test_leads_are_names_from_their_own_source_cell():
    for action in actions():
        cell = cells_by_action()[action["id"]][0]
        leads = names(action.get("lead"))
        assert bool(leads) == bool(cell), action["id"]
        assert len(set(leads)) == len(leads), action["id"]
        for name in leads:
            assert name == name.strip() and name, action["id"]
            assert "/" not in name, (action["id"], name)
            assert names_in(name, cell), (action["id"], name)
            assert name in source_flat(), name
        if isinstance(action.get("lead"), list):
            assert len(leads) > 1, action["id"]


def test_boards_and_monitoring_come_from_their_own_source_cell():
    for action in actions():
        cell = cells_by_action()[action["id"]][3]
        boards = names(action.get("board"))
        monitoring = action.get("monitoring")
        assert bool(cell) == bool(boards or monitoring), action["id"]
        for name in boards:
            assert names_in(name, cell), (action["id"], name)
            assert name in source_flat(), name
        if monitoring is not None:
            assert monitoring == cell, action["id"]


def used_names() -> set[str]:
    used = set()
    for action in actions():
        used.update(names(action.get("lead")))
        used.update(names(action.get("board")))
    return used


def fold(name: str) -> str:
    """Names that differ only in case or spacing are one name to plantrack."""
    return " ".join(name.split()).casefold()


def test_aliases_reconcile_source_spellings():
    aliases = plan()["aliases"]
    assert aliases
    used = used_names()
    folded_keys = [fold(variant) for variant in aliases]
    assert len(folded_keys) == len(set(folded_keys)), "two alias keys differ only in case"
    for variant, canonical in aliases.items():
        assert fold(variant) != fold(canonical), variant
        assert variant in used, f"alias key {variant!r} is not used in the plan"
        assert names_in(variant, source_flat()), variant
        assert canonical in used or names_in(canonical, source_flat()), canonical
        assert fold(canonical) not in folded_keys, f"alias chain through {canonical!r}"
    # The spellings the source is known to vary in are all reconciled.
    for variant in ("Maureen Cavanaugh", "Pete Jackson", "Social Care Mgt Team", "ASCM"):
        assert variant in aliases


# --- 4. shape ----------------------------------------------------------------------------------


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_every_value_is_a_string(loader):
    data = plan(loader)

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                assert isinstance(key, str), where
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")
        else:
            assert isinstance(node, str), (where, node)

    walk(data, "plan")
    assert data == plan(yaml.SafeLoader)


def test_no_anchors_aliases_tags_or_tabs():
    assert "\t" not in plan_text()
    assert "\r" not in plan_text()
    for token in yaml.scan(plan_text(), Loader=yaml.SafeLoader):
        assert not isinstance(token, yaml.AnchorToken | yaml.AliasToken | yaml.TagToken), token
    # Every scalar resolves to a string by itself (no float ids, booleans or dates).
    pending = [yaml.compose(plan_text(), Loader=yaml.SafeLoader)]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            assert node.tag == "tag:yaml.org,2002:str", (node.start_mark, node.value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        else:
            for key, value in node.value:
                pending.extend((key, value))


def test_keys_are_known_and_in_order():
    def check(mapping: dict, order: list[str]) -> None:
        keys = list(mapping)
        assert set(keys) <= set(order), keys
        assert keys == sorted(keys, key=order.index), keys

    check(plan(), TOP_KEYS)
    assert plan()["title"] == "Inspection of Safeguarding and Looked After Children"
    assert plan()["version"] == "6"
    assert "organisation" not in plan()
    # The source dates neither the inspection nor the plan's agreement: no agreed: is invented,
    # so the timescales ("within 3 months") stay text and no deadline counts from a guess.
    assert "agreed" not in plan()
    assert not re.search(r"\b(?:agreed|approved|published|dated|inspected) (?:on|in) \d",
                         source_flat(), re.I)
    for rec in recommendations():
        check(rec, REC_KEYS)
        for action in rec["actions"]:
            check(action, ACTION_KEYS)


def test_ids_are_unique_and_numbered_in_source_order():
    assert [r["id"] for r in recommendations()] == [str(n) for n in range(1, 13)]
    ids = [a["id"] for a in actions()]
    assert len(ids) == len(set(ids))
    for rec in recommendations():
        expected = [f"{rec['id']}.{n}" for n in range(1, len(rec["actions"]) + 1)]
        assert [a["id"] for a in rec["actions"]] == expected


def test_statuses_are_in_the_vocabulary():
    counts = Counter(a["status"] for a in actions())
    assert set(counts) <= STATUSES
    # Counted by hand: completed 2.1-2.5, 3.1, 3.2, 4.1, 4.2, 5.1, 5.3, 8.1, 11.7; not-started
    # 3.8, 4.3, 9.5, 12.4 (blank) and 12.1 ("To be started"); ongoing 10.5, 10.6, 11.2.
    assert counts == {"in-progress": 50, "completed": 13, "not-started": 5, "ongoing": 3}


def test_values_are_single_line_and_trimmed():
    for line in plan_text().splitlines():
        assert line == line.rstrip(), line
    for action in actions():
        for key in ("action", "note", "monitoring", "due", "start"):
            value = action.get(key)
            if value is not None:
                assert value == value.strip() and "\n" not in value, (action["id"], key)
                assert "  " not in value, (action["id"], key)


# --- 5. deadlines ------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, full in enumerate(calendar.month_name[1:], start=1)
    for name in (full.lower(), full[:3].lower())
}


def test_deadline_table_covers_every_action():
    assert [row[0] for row in DEADLINES] == [a["id"] for a in actions()]


@pytest.mark.parametrize(("action_id", "due_text", "iso"), DEADLINES)
def test_deadline_as_written_in_plan(action_id, due_text, iso):
    action = next(a for a in actions() if a["id"] == action_id)
    assert action.get("due") == due_text
    if due_text is None or due_text.lower() == "ongoing":
        assert iso is None
        return
    # A cross-check of the hand-worked date: it falls in the last month the phrase names.
    date = dt.date.fromisoformat(iso)
    words = re.findall(r"[a-z]+|\d+", due_text.lower())
    years = [int(w) for w in words if w.isdigit()]
    months = [MONTHS[w] for w in words if w in MONTHS]
    assert date.year == (years[-1] if years[-1] > 99 else 2000 + years[-1])
    if months:
        assert date.month == months[-1]
        if "mid" in words:
            assert date.day == 15
        else:
            assert (date + dt.timedelta(days=1)).day == 1
    else:
        assert (date.month, date.day) == (12, 31)


def test_loader_reads_the_bundled_plan(both_loaders):  # conftest: once per PyYAML loader
    load = pytest.importorskip("plantrack.plan.load")
    result = load.load_path(PLAN)
    errors = [p for p in result.problems if getattr(p, "is_error", True)]
    assert errors == []
    aliases = {fold(k): fold(v) for k, v in plan()["aliases"].items()}

    def canonical(values):
        return tuple(aliases.get(fold(v), fold(v)) for v in values)

    loaded = result.plan
    assert [r.id for r in loaded.recommendations] == [r["id"] for r in recommendations()]
    by_id = {}
    for rec, raw in zip(loaded.recommendations, recommendations(), strict=True):
        assert (rec.title or None) == raw.get("title")
        assert len(rec.actions) == EXPECTED_ACTION_COUNTS[rec.id]
        assert list(rec.success_criteria) == raw["success_criteria"]
        assert list(rec.measures) == raw.get("measures", [])
        for action, raw_action in zip(rec.actions, raw["actions"], strict=True):
            assert action.id == raw_action["id"]
            assert action.text == raw_action["action"]
            assert canonical(action.leads) == canonical(names(raw_action.get("lead")))
            assert canonical(action.boards) == canonical(names(raw_action.get("board")))
            assert action.status == raw_action["status"]
            assert action.note == raw_action.get("note")
            by_id[action.id] = action
    for action_id, due_text, iso in DEADLINES:
        action = by_id[action_id]
        assert action.due_text == due_text, action_id
        assert action.due == (dt.date.fromisoformat(iso) if iso else None), action_id
    # Every variant spelling is reconciled: no near-duplicate names are left to warn about.
    from plantrack.plan.namecheck import similar_names

    assert similar_names(loaded) == []
