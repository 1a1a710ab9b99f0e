"""Unresolved git merge-conflict markers are one clear error, [merge-conflict], on every path.

Before this check, markers inside a quoted multi-line value passed `validate` and were shown as
the note, and an ordinary conflict was reported as a YAML error on the line after the marker.
"""

from __future__ import annotations

import pytest

from plantrack.errors import PlanInvalid
from plantrack.plan import yamlsrc
from plantrack.plan.load import all_problems, load_text
from plantrack.plan.source import Source
from tests.common import dedent

pytestmark = pytest.mark.usefixtures("both_loaders")

ORDINARY = dedent(
    """
    title: Test plan
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: Do the first thing
    <<<<<<< HEAD
            status: completed
    =======
            status: in-progress
    >>>>>>> feature/notes
            lead: Ann Smith
    """
)

IN_A_QUOTED_NOTE = dedent(
    """
    title: Test plan
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: Do the first thing
            status: in-progress
            lead: Ann Smith
            note: "Two sessions held.
    <<<<<<< HEAD
      Third booked.
    =======
      Third cancelled.
    >>>>>>> theirs
      "
    """
)

MESSAGE = ("unresolved git merge conflict: markers at lines {lines}; finish the git merge "
           "(keep the lines you want, delete the marker lines, then 'git add' the plan and "
           "commit)")


def reported(text: str) -> list[str]:
    return [str(p) for p in all_problems(load_text(text))]


def test_an_ordinary_conflict_is_one_clear_error_not_a_yaml_error() -> None:
    assert reported(ORDINARY) == [
        "plan.yaml:7:1: error: " + MESSAGE.format(lines="7 (<<<<<<<), 9 (=======), "
                                                        "11 (>>>>>>>)") + " [merge-conflict]",
    ]


def test_markers_inside_a_quoted_multi_line_value_are_an_error() -> None:
    result = load_text(IN_A_QUOTED_NOTE)
    assert result.plan is None
    assert reported(IN_A_QUOTED_NOTE) == [
        "plan.yaml:10:1: error: " + MESSAGE.format(lines="10 (<<<<<<<), 12 (=======), "
                                                         "14 (>>>>>>>)") + " [merge-conflict]",
    ]


def test_the_whole_tree_path_refuses_them_too() -> None:
    for text in (ORDINARY, IN_A_QUOTED_NOTE):
        with pytest.raises(PlanInvalid) as caught:
            yamlsrc.compose(Source("plan.yaml", text))
        assert [p.code for p in caught.value.problems] == ["merge-conflict"]


def test_each_conflict_is_reported_with_diff3_base_markers_and_crlf() -> None:
    text = ORDINARY.replace("=======\n", "||||||| base\n        status: x\n=======\n")
    text += "<<<<<<< HEAD\nversion: a\n=======\nversion: b\n>>>>>>> other\n"
    text = text.replace("\n", "\r\n")
    assert reported(text) == [
        "plan.yaml:7:1: error: " + MESSAGE.format(
            lines="7 (<<<<<<<), 9 (|||||||), 11 (=======), 13 (>>>>>>>)") + " [merge-conflict]",
        "plan.yaml:15:1: error: " + MESSAGE.format(
            lines="15 (<<<<<<<), 17 (=======), 19 (>>>>>>>)") + " [merge-conflict]",
    ]


def test_a_lone_marker_is_reported() -> None:
    text = ORDINARY.replace("<<<<<<< HEAD\n", "").replace("=======\n", "")
    assert [p.split(": error: ")[1] for p in reported(text)] == [
        MESSAGE.format(lines="9 (>>>>>>>)") + " [merge-conflict]"]


def test_seven_equals_signs_without_a_conflict_are_text() -> None:
    text = dedent(
        """
        title: Test plan
        recommendations:
          - id: "1"
            actions:
              - id: "1.1"
                action: Do the first thing
                status: in-progress
                lead: Ann Smith
                note: |
                  Minutes
        =======
        """
    )
    # A block scalar's content must be indented, so this line ends it: plain YAML decides.
    assert all("merge-conflict" not in p for p in reported(text))
    quoted = text.replace("note: |\n", 'note: "\n').replace("=======\n", "=======\n  \"\n")
    result = load_text(quoted)
    assert result.plan is not None
    assert next(result.plan.actions).note == " Minutes ======= "  # folded as YAML folds it
