"""Property: whatever text a plan holds, and however it is quoted, it is read back as written."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantrack.plan.build import invisible_in_id
from plantrack.plan.load import load_text
from plantrack.plan.model import STATUSES

pytestmark = pytest.mark.usefixtures("both_loaders")

# Text that YAML's resolvers love to turn into something else, plus ordinary words.
TRICKY = [
    "no",
    "yes",
    "on",
    "off",
    "NO",
    "null",
    "~",
    "1.10",
    "2.1",
    "010",
    "3:20",
    "2010-01-31",
    "1e3",
    ".inf",
    "true",
    "Norway",
    "#1",
]
words = st.sampled_from(TRICKY) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=20,
).map(str.strip).filter(bool)


# An id with a character nobody can see is an error (build.invisible_in_id): ids are visible.
visible_ids = words.filter(lambda word: invisible_in_id(word) is None)


def quoted(value: str, style: str) -> str:
    """A YAML scalar for `value` in a given style; json.dumps is valid double-quoted YAML."""
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    ids=st.lists(visible_ids, min_size=1, max_size=5, unique=True),
    texts=st.lists(words, min_size=5, max_size=5),
    status=st.sampled_from(STATUSES),
    style=st.sampled_from(["single", "double"]),
    crlf=st.booleans(),
)
def test_values_round_trip_as_written(
    ids: list[str], texts: list[str], status: str, style: str, crlf: bool
) -> None:
    lines = ["title: " + quoted(texts[0], style), "recommendations:", "  - id: R", "    actions:"]
    for action_id in ids:
        lines += [
            f"      - id: {quoted(action_id, style)}",
            f"        action: {quoted(texts[1], style)}",
            f"        lead: [{quoted(texts[2], style)}, {quoted(texts[3], style)}]",
            f"        status: {status.upper().replace('-', ' ')}",
            f"        note: {quoted(texts[4], style)}",
        ]
    newline = "\r\n" if crlf else "\n"
    result = load_text(newline.join(lines) + newline)
    assert result.errors == ()
    plan = result.plan
    assert plan is not None
    assert plan.title == texts[0]
    actions = list(plan.actions)
    assert [a.id for a in actions] == ids
    for action in actions:
        assert action.text == texts[1]
        assert action.leads == (texts[2], texts[3])
        assert action.status == status
        assert action.note == texts[4]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(TRICKY))
def test_plain_scalars_are_kept_as_text(value: str) -> None:
    text = (
        f"title: {value if value not in ('#1', '~') else 'x'}\n"
        "recommendations:\n  - id: 1\n    actions:\n"
        f"      - id: {value if value != '#1' else 'x'}\n"
        "        action: a\n        lead: b\n        status: completed\n"
    )
    result = load_text(text)
    if value in ("~", "null"):  # an empty id is reported, not silently turned into None
        assert result.errors
        return
    assert result.errors == ()
    action = next(result.plan.actions)
    assert action.id == (value if value != "#1" else "x")
