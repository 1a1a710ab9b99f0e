"""A version parsed in pieces (one per recommendation) is the same plan as parsed whole, and
every layout the cut cannot vouch for is parsed whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.history.snapshots import PlanReader, cut
from plantrack.plan.load import load_text
from plantrack.plan.model import Plan
from tests.common import MINIMAL_PLAN, dedent
from tests.test_bench_generator import generate

BUNDLED = (Path(__file__).resolve().parents[2] / "plan.yaml").read_text(encoding="utf-8")


def meaning(plan: Plan) -> tuple:
    """Everything a plan says, without positions (pieces are parsed at other offsets)."""
    actions = [(a.id, a.rec_id, a.text, a.status, a.leads, a.boards, a.due, a.due_text,
                a.start, a.start_text, a.note, a.monitoring, getattr(a, "original_due", None),
                getattr(a, "rag", None), getattr(a, "completed_on", None))
               for a in plan.actions]
    recs = [(r.id, r.title, r.area, r.timescale, r.success_criteria, r.measures)
            for r in plan.recommendations]
    return (plan.title, plan.version, plan.organisation, dict(plan.aliases), recs, actions)


def read(text: str) -> tuple[PlanReader, Plan | None]:
    """`text` read in pieces: the reader has read another plan first (which it parsed whole,
    as it does any first version), so nothing of `text` is known to it."""
    reader = PlanReader("plan.yaml")
    reader.read("first", MINIMAL_PLAN.encode("utf-8"))
    return reader, reader.read("blob", text.encode("utf-8")).plan


def whole(text: str) -> Plan | None:
    result = load_text(text)
    return None if result.errors else result.plan


@pytest.mark.parametrize("text", [
    BUNDLED,
    BUNDLED.replace("\n", "\r\n"),
    generate.generate(300, seed=3).text,
    generate.generate(40, seed=8).text,
], ids=["bundled", "bundled-crlf", "generated-300", "generated-40"])
def test_pieces_make_the_same_plan_as_the_whole_file(text: str, both_loaders: str) -> None:
    reader, plan = read(text)
    assert plan is not None
    assert reader.parsed_whole == 1  # the first plan alone
    # one parse per action, and one per recommendation that cannot be read action by action
    # (it cannot be cut, or an action's phrase needs the plan's other dates)
    assert reader.parsed_pieces <= len(list(plan.actions)) + len(plan.recommendations)
    assert meaning(plan) == meaning(whole(text))


def test_the_first_version_is_parsed_whole_and_then_only_what_changed() -> None:
    reader = PlanReader("plan.yaml")
    first = reader.read("a", BUNDLED.encode()).plan
    assert (reader.parsed_whole, reader.parsed_pieces) == (1, 0)
    changed = BUNDLED.replace("status: in-progress", "status: blocked", 1)
    second = reader.read("b", changed.encode()).plan
    assert first is not None and second is not None
    assert reader.parsed_whole == 1 and reader.parsed_pieces == 1  # the changed action alone
    assert meaning(second) == meaning(whole(changed))
    shared = [a is b for a, b in zip(first.recommendations, second.recommendations, strict=True)]
    assert shared.count(False) == 1
    again = changed.replace("status: blocked", "status: completed", 1)
    third = reader.read("c", again.encode()).plan
    assert third is not None and reader.parsed_pieces == 2
    assert meaning(third) == meaning(whole(again))
    assert reader.read("b", b"not even read").plan is second  # the blob id names the bytes


def test_a_phrase_read_against_the_plans_dates_is_read_the_same_in_a_piece() -> None:
    # 'By Nov 09' is November 2009 only because the plan's other dates are near 2009: alone,
    # the action is refused, so it is read beside the actions holding the plan's extremes.
    assert "By Nov 09" in BUNDLED
    reader = PlanReader("plan.yaml")
    reader.read("a", BUNDLED.encode())
    at = BUNDLED.index("By Nov 09")
    rest = BUNDLED[at:]
    edited = BUNDLED[:at] + rest.replace("status: in-progress", "status: blocked", 1)
    plan = reader.read("b", edited.encode()).plan
    assert plan is not None and reader.parsed_whole == 1
    assert meaning(plan) == meaning(whole(edited))


TAIL_AND_COLUMN_ZERO = dedent("""
    title: T
    recommendations:
    # a comment at column 0 inside the list
    - id: "1"
      title: One
      actions:
      - id: "1.1"
        action: A
        lead: Ann
        status: completed
    - id: "2"
      actions:
      - id: "2.1"
        action: B
        lead: Al
        status: blocked
    aliases:
      Al: Ann
    """)


def test_recommendations_at_column_zero_and_keys_after_them() -> None:
    pieces = cut(TAIL_AND_COLUMN_ZERO.encode())
    assert pieces is not None
    _head, items, tail = pieces
    assert len(items) == 2 and tail == b"aliases:\n  Al: Ann\n"
    reader, plan = read(TAIL_AND_COLUMN_ZERO)
    assert plan is not None and reader.parsed_whole == 1
    assert meaning(plan) == meaning(whole(TAIL_AND_COLUMN_ZERO))
    assert plan.canonical("Al") == "Ann"


@pytest.mark.parametrize("text", [
    "title: T\nrecommendations: [{id: '1', actions: [{id: '1.1', action: A, lead: X, "
    "status: completed}]}]\n",
    "---\ntitle: T\nrecommendations:\n  - id: '1'\n    actions: []\n",
    "title: T\nrecommendations:\n\t- id: '1'\n",
], ids=["flow", "document-marker", "tab"])
def test_layouts_the_cut_cannot_vouch_for_are_parsed_whole(text: str) -> None:
    assert cut(text.encode()) is None
    reader, plan = read(text)
    assert reader.parsed_whole == 2
    expected = whole(text)
    assert (plan is None) == (expected is None)


def test_a_piece_with_an_error_makes_the_whole_file_parse() -> None:
    # A quoted title that runs on to a line which looks like the next item: cut there, the
    # first piece is broken, so the version is parsed whole, and means what it means whole.
    text = dedent("""
        title: T
        recommendations:
          - id: "1"
            title: "Runs on
          - past this line"
            actions:
              - id: "1.1"
                action: A
                lead: Ann
                status: completed
        """)
    reader, plan = read(text)
    assert reader.parsed_whole == 2
    expected = whole(text)
    assert (plan is None) == (expected is None)
    if plan is not None and expected is not None:
        assert meaning(plan) == meaning(expected)


def test_duplicate_ids_across_pieces_are_left_to_the_whole_parse() -> None:
    text = dedent("""
        title: T
        recommendations:
          - id: "1"
            actions:
              - {id: "1.1", action: A, lead: Ann, status: completed}
          - id: "2"
            actions:
              - {id: "1.1", action: B, lead: Ann, status: completed}
        """)
    reader, plan = read(text)
    assert plan is None and reader.parsed_whole == 2
    assert reader.read("blob", b"").problems  # the whole parse's errors are kept


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["status: blocked", "status: completed", "note: x",
                                 "due: March 2011", "lead: Someone Else"]),
                min_size=1, max_size=6),
       st.randoms(use_true_random=False))
def test_any_edit_of_a_generated_plan_reads_the_same_either_way(edits, rng) -> None:
    text = generate.generate(30, seed=5).text
    lines = text.split("\n")
    for edit in edits:
        key = edit.split(":")[0]
        candidates = [i for i, line in enumerate(lines) if line.strip().startswith(key + ":")
                      and line.startswith("        ")]
        if candidates:
            index = rng.choice(candidates)
            indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
            lines[index] = indent + edit
    edited = "\n".join(lines)
    _reader, plan = read(edited)
    expected = whole(edited)
    assert (plan is None) == (expected is None)
    if plan is not None and expected is not None:
        assert meaning(plan) == meaning(expected)


def test_a_version_the_parsed_plan_cache_holds_is_not_parsed_again(tmp_path: Path) -> None:
    """The current plan was read (and cached) by the command already; its last commit holds
    the same bytes, so history takes it from the cache rather than parsing it again."""
    from plantrack.plan.load import load_path

    path = tmp_path / "plan.yaml"
    path.write_text(BUNDLED, encoding="utf-8")
    load_path(path)  # a command's first read stores it (each test has its own cache)
    reader = PlanReader("plan.yaml")
    version = reader.read("a", BUNDLED.encode())
    assert version.plan is not None and reader.parsed_whole == 0
    assert meaning(version.plan) == meaning(whole(BUNDLED))
    changed = BUNDLED.replace("status: in-progress", "status: blocked", 1)
    second = reader.read("b", changed.encode()).plan  # the next version: one piece parsed
    assert second is not None and meaning(second) == meaning(whole(changed))
    assert (reader.parsed_whole, reader.parsed_pieces) == (0, 1)
