"""Ids that look the same but are not: an invisible character (zero-width space, a bidi mark, a
control) or a space at either end makes an id that `show 1.1` can never find and that a
reader cannot tell from its neighbour. Each is an error, located, saying what to delete.

Failed on main: `1.1` and `1.1` + ZERO WIDTH SPACE, or `"1.1 "`, were two distinct ids.
"""

from __future__ import annotations

import pytest

from plantrack.plan.load import all_problems, load_text
from tests.common import dedent

pytestmark = pytest.mark.usefixtures("both_loaders")


def plan_with_ids(first: str, second: str) -> str:
    return dedent(
        f"""
        title: Test plan
        recommendations:
          - id: "1"
            actions:
              - id: "{first}"
                action: Do the first thing
                status: in-progress
                lead: Ann Smith
              - id: "{second}"
                action: Do the second thing
                status: in-progress
                lead: Ann Smith
        """
    )


def reported(text: str) -> list[str]:
    return [str(p) for p in all_problems(load_text(text))]


def test_a_zero_width_space_makes_no_new_id() -> None:
    assert reported(plan_with_ids("1.1", "1.1\\u200b")) == [
        "plan.yaml:9:13: error: action id '1.1\u200b' has an invisible character in it "
        "(U+200B ZERO WIDTH SPACE, after '1.1'); retype the id as '1.1' (it is then the same "
        "as the id at line 5: give one of them another id) [invisible-id]",
    ]


def test_a_space_at_the_end_of_a_quoted_id() -> None:
    assert reported(plan_with_ids("1.1", "1.2 ")) == [
        "plan.yaml:9:13: error: action id '1.2 ' has a space at its end; retype the id as "
        "'1.2' [invisible-id]",
    ]


def test_spaces_and_marks_anywhere_and_recommendation_ids() -> None:
    text = plan_with_ids("\\u202e1.1", " 1.2").replace('- id: "1"', '- id: "1\\t"')
    assert reported(text) == [
        "plan.yaml:3:9: error: recommendation id '1\t' has a space at its end; retype the id as "
        "'1' [invisible-id]",
        "plan.yaml:5:13: error: action id '\u202e1.1' has an invisible character in it "
        "(U+202E RIGHT-TO-LEFT OVERRIDE, at its start); retype the id as '1.1' [invisible-id]",
        "plan.yaml:9:13: error: action id ' 1.2' has a space at its start; retype the id as "
        "'1.2' [invisible-id]",
    ]


def test_the_plan_is_refused_until_the_id_is_fixed() -> None:
    assert load_text(plan_with_ids("1.1", "1.1\\u200b")).plan is None
    assert load_text(plan_with_ids("1.1", "1.2")).plan is not None
