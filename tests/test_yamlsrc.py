"""Streaming a plan (yamlsrc.PlanStream, build.build_streamed) gives exactly what composing the
whole tree and building from it gives, for every layout, and never holds the whole tree."""

from __future__ import annotations

import gc
import re
import sys
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantrack.errors import PlanInvalid, Problem
from plantrack.plan import build, yamlsrc
from plantrack.plan.load import load_source
from plantrack.plan.model import Plan
from plantrack.plan.source import Source

pytestmark = pytest.mark.usefixtures("both_loaders")


def reference(source: Source) -> tuple[Plan | None, tuple[Problem, ...]]:
    """What load_source gave before streaming: compose the whole tree, then build from it."""
    try:
        root = yamlsrc.compose(source)
    except PlanInvalid as invalid:
        return None, tuple(sorted(invalid.problems, key=Problem.sort_key))
    plan, found = build.build_plan(source, root)
    problems = tuple(sorted(found, key=Problem.sort_key))
    return (None if any(p.is_error for p in problems) else plan), problems


def streamed(source: Source) -> tuple[Plan | None, tuple[Problem, ...]]:
    result = load_source(source)
    return result.plan, result.problems


@contextmanager
def screen_off() -> Iterator[None]:
    """Skip the anchor/alias/tag screen, so composing itself meets them (as if it missed one)."""
    saved = yamlsrc._SUSPECT_TOKEN
    yamlsrc._SUSPECT_TOKEN = re.compile(r"(?!)")
    try:
        yield
    finally:
        yamlsrc._SUSPECT_TOKEN = saved


def whole_tree(source: Source) -> yamlsrc.Node | None:
    """PlanStream's root with the streamed items put back: should be compose()'s tree."""
    stream = yamlsrc.PlanStream(source)
    items = list(stream.recommendations())
    root = stream.root
    if items:
        assert isinstance(root, yamlsrc.MappingNode)
        lists = [v for k, v in root.value if getattr(k, "value", None) == "recommendations"]
        lists[0].value = items
    return root


def shape(node: object, seen: dict[int, int] | None = None) -> object:
    """Everything a node tree holds (kinds, tags, values, styles, marks, shared nodes)."""
    seen = {} if seen is None else seen
    if not isinstance(node, yamlsrc.Node):
        return node
    if id(node) in seen:  # an alias: the same node again
        return ("same as", seen[id(node)])
    seen[id(node)] = len(seen)
    marks = [(m.index, m.line, m.column) for m in (node.start_mark, node.end_mark)]
    if isinstance(node, yamlsrc.ScalarNode):
        value: object = node.value
    elif isinstance(node, yamlsrc.SequenceNode):
        value = [shape(item, seen) for item in node.value]
    else:
        value = [(shape(k, seen), shape(v, seen)) for k, v in node.value]
    return (type(node).__name__, node.tag, getattr(node, "style", None),
            getattr(node, "flow_style", None), marks, value)


@contextmanager
def deep_recursion() -> Iterator[None]:
    """Room for shape() to walk trees nested up to libyaml's 1,000 levels."""
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(max(saved, 10_000))
    try:
        yield
    finally:
        sys.setrecursionlimit(saved)


def assert_same(text: str) -> None:
    source = Source("plan.yaml", text)
    assert streamed(source) == reference(source)
    try:
        root = yamlsrc.compose(source)
    except PlanInvalid as invalid:
        with pytest.raises(PlanInvalid) as raised:
            whole_tree(source)
        assert raised.value.problems == invalid.problems
    else:
        with deep_recursion():
            assert shape(whole_tree(source)) == shape(root)


REC = 'recommendations:\n  - id: "1"\n    actions:\n      - {id: "1.1", action: A, status: done}\n'
ODD_LAYOUTS = {
    "plain": "title: T\n" + REC,
    "empty": "",
    "comment only": "# nothing\n",
    "explicit empty document": "---\n...\n",
    "root list": "- title: T\n- x\n",
    "root scalar": "just words\n",
    "root flow mapping": '{title: T, recommendations: [{id: "1", actions: []}]}\n',
    "list not a list": "title: T\nrecommendations: soon\n",
    "list a mapping": "title: T\nrecommendations: {id: 1}\n",
    "list empty flow": "title: T\nrecommendations: []\n",
    "list null": "title: T\nrecommendations:\n",
    "items not mappings": "title: T\nrecommendations:\n  - words\n  - [a, b]\n  -\n  - id: '2'\n",
    "duplicate list": "title: T\n" + REC + REC.replace('"1', '"2'),
    "duplicate, first not a list": "title: T\nrecommendations: x\n" + REC,
    "quoted key": 'title: T\n"recommendations":\n  - id: "1"\n    actions: []\n',
    "keys after the list": REC + "title: T\naliases:\n  Ann: Ann Smith\nversion: 2\nextra: 1\n",
    "complex key first": "? [recommendations]\n: []\ntitle: T\n" + REC,
    "merge key": "<<: {title: T}\n" + REC,
    "two documents": "title: T\n" + REC + "---\ntitle: U\n",
    "two documents, second broken": "title: T\n" + REC + "---\ntitle: 'U\n",
    "explicit start and end": "---\ntitle: T\n" + REC + "...\n",
    "directive": "%YAML 1.1\n---\ntitle: T\n" + REC,
    "syntax error in the last item": "title: T\n" + REC + "  - id: '2'\n   bad: x\n",
    "syntax error after the list": "title: T\n" + REC + "version: 'unclosed\n",
    "syntax error before the list": "title: a: b\n" + REC,
    "unclosed flow item": "title: T\n" + REC + "  - {id: '2', actions: [\n",
    "tab": "title: T\n" + REC + "\tversion: 1\n",
    "bad character": "title: T\n" + REC + "version: \x07\n",
    "anchor": "title: &t T\n" + REC,
    "alias": "title: T\n" + REC + "version: *t\n",
    "tag": "title: !!str T\n" + REC,
    "deep list": "title: T\nrecommendations:\n" + "".join("  " * i + "-\n" for i in range(1, 1200)),
    "deep flow": "title: T\nrecommendations: " + "[" * 1200 + "]" * 1200 + "\n",
    # Within libyaml's 1,000 levels, but beyond what a recursive composer reaches.
    "deep flow, under the limit": "title: T\nrecommendations: " + "[" * 900 + "]" * 900 + "\n",
}


@pytest.mark.parametrize("text", ODD_LAYOUTS.values(), ids=ODD_LAYOUTS.keys())
def test_streaming_matches_the_whole_tree(text: str) -> None:
    assert_same(text)


SCREENED = {
    "anchored item aliased later": 'recommendations:\n  - &r {id: "1", actions: []}\n'
                                   "title: T\nextra: *r\n",
    "alias repeats an item": 'recommendations:\n  - &r {id: "1", actions: []}\n  - *r\n',
    "anchored list": 'title: T\nrecommendations: &l [{id: "1", actions: []}]\nx: *l\n',
    "anchored root": "&root {title: T, recommendations: [], x: *root}\n",
    "undefined alias in an item": "title: T\nrecommendations:\n  - *nowhere\n",
    "duplicate anchor": "title: &a T\nversion: &a 2\n" + REC,
    "tagged items": "title: !!str T\nrecommendations: !!seq\n  - !!map {id: !!int 1}\n",
    "local tag": "title: !x T\n" + REC,
}


@pytest.mark.parametrize("text", SCREENED.values(), ids=SCREENED.keys())
def test_streaming_matches_when_composing_meets_anchors_and_tags(text: str) -> None:
    with screen_off():
        assert_same(text)


# -- random layouts ------------------------------------------------------------------------
ids = st.sampled_from(["1", "2", "1.1", "1.2", "x"])
actions = st.lists(
    st.builds(
        "      - id: {}\n        action: {}\n        status: {}\n{}".format,
        ids, st.sampled_from(["Do it", "''", "[a, b]"]),
        st.sampled_from(["done", "in progress", "no", "blocked"]),
        st.sampled_from(["", "        lead: Ann\n", "        due: 2010-01-31\n",
                         "        due: sometime\n", "        board: {a: b}\n"]),
    ),
    max_size=3,
).map("".join)
items = st.one_of(
    st.builds('  - id: "{}"\n    actions:\n{}'.format, ids, actions),
    st.builds('  - {{id: "{}", actions: [{{id: "{}.1", action: A, status: done}}]}}\n'.format,
              ids, ids),
    st.sampled_from(["  - words\n", "  - [a]\n", "  -\n", "  - id: '9'\n"]),
)
root_keys = st.one_of(
    st.lists(items, max_size=4).map(lambda xs: "recommendations:\n" + "".join(xs)),
    st.sampled_from([
        "title: T\n", "title: [a, b]\n", 'version: "1"\n', "organisation: Org\n",
        "aliases:\n  Ann: Ann Smith\n  Bob: Ann\n", "aliases: x\n", "recommendations: []\n",
        "recommendations: x\n", "recommendations: {a: 1}\n", "unknown: 1\n",
        "? [k]\n: v\n", "<<: {a: 1}\n", "# a comment\n", "\n", '"recommendations": []\n',
    ]),
)
breakages = st.sampled_from([
    "", "---\n", "...\n", "--- x\n", "key: 'unclosed\n", "  bad: indent\n", "a: b: c\n",
    "}\n", "\tx: 1\n", "- item\n", "x: \x07\n", "x: &a y\n", "x: *a\n", "x: !!str y\n",
    "[\n", "- [\n",
])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    keys=st.lists(root_keys, max_size=6),
    breakage=breakages,
    where=st.integers(min_value=0, max_value=200),
    start=st.sampled_from(["", "---\n", "# head\n"]),
    screened=st.booleans(),
)
def test_streaming_matches_for_random_layouts(
    keys: list[str], breakage: str, where: int, start: str, screened: bool
) -> None:
    lines = (start + "".join(keys)).splitlines(keepends=True)
    lines.insert(where % (len(lines) + 1), breakage)
    if screened:
        assert_same("".join(lines))
    else:
        with screen_off():
            assert_same("".join(lines))


# -- memory --------------------------------------------------------------------------------
def generated_plan(recs: int) -> str:
    lines = ["title: Generated", "aliases:", "  Ann: Ann Smith", "recommendations:"]
    for r in range(1, recs + 1):
        lines += [f'  - id: "{r}"', f"    title: Recommendation {r}", "    success_criteria:",
                  "      - It is better", "    actions:"]
        for a in range(1, 3):
            lines += [f'      - id: "{r}.{a}"', f"        action: Action {r}.{a} to do",
                      "        lead: [Ann, Bob Jones]", "        due: 31/01/2010",
                      "        status: in progress", "        note: some progress"]
    return "\n".join(lines) + "\n"


def count_nodes(node: object) -> int:
    if isinstance(node, yamlsrc.ScalarNode):
        return 1
    if isinstance(node, yamlsrc.SequenceNode):
        return 1 + sum(count_nodes(item) for item in node.value)
    if isinstance(node, yamlsrc.MappingNode):
        return 1 + sum(count_nodes(k) + count_nodes(v) for k, v in node.value)
    return 0


def test_nodes_are_not_all_alive_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    text = generated_plan(200)
    source = Source("plan.yaml", text)
    total = count_nodes(yamlsrc.compose(source))
    last_index = text.rindex('\n  - id: "') + len("\n  - ")  # the last recommendation
    alive: list[int] = []
    original = build._Builder.recommendation

    def counting(self: build._Builder, node: yamlsrc.MappingNode) -> object:
        if node.start_mark.index == last_index:
            alive.append(sum(isinstance(o, yamlsrc.Node) for o in gc.get_objects()))
        return original(self, node)

    monkeypatch.setattr(build._Builder, "recommendation", counting)
    result = load_source(source)
    assert result.errors == () and result.plan is not None
    assert len(result.plan.recommendations) == 200
    (live,) = alive
    per_recommendation = total / 200
    assert live < 3 * per_recommendation < total / 50


def test_peak_memory_is_a_fraction_of_composing_the_whole_tree() -> None:
    source = Source("plan.yaml", generated_plan(300))

    def peak(load: object) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            load(source)  # type: ignore[operator]
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    whole, streaming = peak(reference), peak(streamed)
    assert reference(source) == streamed(source)
    assert streaming < 0.6 * whole
