"""Loading and validation: every message with its exact line and column, under both loaders."""

from __future__ import annotations

from datetime import date

import pytest

from plantrack.plan.load import all_problems, load_text
from tests.common import MINIMAL_PLAN, dedent

pytestmark = pytest.mark.usefixtures("both_loaders")


def problems(text: str) -> list[str]:
    """'LINE:COL severity code' for each problem validate would report: one-line assertions."""
    result = load_text(text)
    return [f"{p.line}:{p.col} {p.severity} {p.code}" for p in all_problems(result)]


def messages(text: str) -> list[str]:
    return [str(p) for p in all_problems(load_text(text))]


def with_action(body: str) -> str:
    """The minimal plan with its one action's lines replaced (body indented as an action)."""
    head = dedent(
        """
        title: Test plan
        recommendations:
          - id: "1"
            actions:
        """
    )
    return (
        head
        + "\n".join("      " + line if line else line for line in dedent(body).splitlines())
        + "\n"
    )


def test_minimal_plan_is_clean() -> None:
    assert problems(MINIMAL_PLAN) == []
    plan = load_text(MINIMAL_PLAN).plan
    assert plan is not None
    (action,) = plan.actions
    assert action.id == "1.1"
    assert action.leads == ("Ann Smith",)
    assert action.boards == ("Quality Board",)
    assert action.due == date(2010, 1, 31)
    assert action.due_text == "End of January 2010"
    assert action.status == "in-progress"


def test_values_are_read_as_written() -> None:
    text = with_action(
        """
        - id: 2.10
          action: yes
          lead: [no, 1.10]
          due: 2010-01-31
          status: In Progress
          note: 3:20
        """
    )
    assert problems(text) == []
    action = next(load_text(text).plan.actions)
    assert action.id == "2.10"
    assert action.text == "yes"
    assert action.leads == ("no", "1.10")
    assert action.due_text == "2010-01-31"
    assert action.status == "in-progress"
    assert action.note == "3:20"


def test_status_no_is_an_unknown_status_not_false() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: Something
          lead: Ann
          status: no
        """
    )
    assert messages(text) == [
        "plan.yaml:8:17: error: unknown status 'no' for action 1.1; use one of: not-started, "
        "in-progress, ongoing, blocked, completed, dropped, or map the plan's word under "
        "'statuses:' at the top of the plan, e.g. 'no: in-progress' [unknown-status]"
    ]


def test_unknown_status_suggests_nearest() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: Something
          lead: Ann
          status: complet
        """
    )
    (message,) = messages(text)
    assert message.startswith(
        "plan.yaml:8:17: error: unknown status 'complet' for action 1.1; did you mean 'completed'?"
    )


def test_unknown_key_did_you_mean() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: Something
          lead: Ann
          staus: completed
          status: completed
        """
    )
    (message,) = messages(text)
    assert message.startswith(
        "plan.yaml:8:9: error: unknown key 'staus' in an action; did you mean 'status'?"
    )
    assert message.endswith("[unknown-key]")


def test_duplicate_key_names_both_lines() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: Something
          lead: Ann
          status: completed
          status: in-progress
        """
    )
    assert messages(text) == [
        "plan.yaml:9:9: error: duplicate key 'status' in an action (first at line 8); keep one "
        "of them [duplicate-key]"
    ]


def test_duplicate_ids() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: One
          lead: Ann
          status: completed
        - id: "1.1"
          action: Two
          lead: Ann
          status: completed
        """
    )
    assert messages(text) == [
        "plan.yaml:9:13: error: duplicate action id '1.1' (also at line 5); ids must be unique "
        "[duplicate-id]"
    ]


def test_missing_required_fields() -> None:
    text = with_action(
        """
        - lead: Ann
          note: nothing else
        """
    )
    assert problems(text) == [
        "5:9 error missing-key",
        "5:9 error missing-key",
        "5:9 error missing-key",
    ]
    assert "plan.yaml:5:9: error: an action has no 'id'; add a line 'id: ...' [missing-key]" in (
        messages(text)
    )


def test_missing_top_level_fields() -> None:
    assert problems("version: 1\n") == ["1:1 error missing-key", "1:1 error missing-key"]


def test_wrong_types() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: [a, list]
          lead: {name: Ann}
          status: completed
        """
    )
    assert problems(text) == [
        "5:9 warning no-lead",
        "6:17 error wrong-type",
        "7:15 error wrong-type",
    ]
    assert "'action' in action 1.1 must be text, not a list" in messages(text)[1]


def test_recommendations_must_be_a_list() -> None:
    assert problems("title: x\nrecommendations: none\n") == ["2:18 error wrong-type"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["1:1 error empty"]),
        ("# only a comment\n", ["1:1 error empty"]),
        ("- a\n- b\n", ["1:1 error root-not-mapping"]),
        ("just words\n", ["1:1 error root-not-mapping"]),
    ],
)
def test_root_shapes(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_unreadable_deadline_names_line_and_forms() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: Something
          lead: Ann
          due: End Nov following Launch
          status: completed
        """
    )
    (message,) = messages(text)
    assert message.startswith("plan.yaml:8:14: error: due of action 1.1: ")
    assert "end of November 2010" in message  # one hint fit for the phrase
    assert "accepted" not in message  # the list of forms is printed once, by validate


def test_from_under_due_says_use_start() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: Something
          lead: Ann
          due: From September 2009
          status: in-progress
        """
    )
    (message,) = messages(text)
    assert message.startswith("plan.yaml:8:14: error: due of action 1.1:")
    assert "start:" in message
    assert message.endswith("[start-in-due]")


def test_from_to_reads_start_and_deadline() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: Something
          lead: Ann
          due: From January 2010 – by March 2010
          status: in-progress
        """
    )
    assert problems(text) == []
    action = next(load_text(text).plan.actions)
    assert (action.start, action.due) == (date(2010, 1, 1), date(2010, 3, 31))


def test_start_after_due() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: Something
          lead: Ann
          start: April 2010
          due: March 2010
          status: in-progress
        """
    )
    assert problems(text) == ["8:16 error start-after-due"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title: "unclosed\nrecommendations: []\n',
            "plan.yaml:1:8: error: YAML syntax: this quoted value is never closed (the file ends "
            "first); add the closing quote [syntax]",
        ),
        (
            "title: a: b\nrecommendations: []\n",
            "plan.yaml:1:9: error: YAML syntax: mapping values are not allowed ",
        ),
    ],
)
def test_yaml_syntax_error_is_located_with_a_hint(text: str, expected: str) -> None:
    (message,) = messages(text)
    assert message.startswith(expected)
    if "mapping values" in expected:
        assert message.endswith("if a value contains ': ', put it in quotes [syntax]")


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        (
            "title: x\n  bad: indent\nrecommendations: []\n",
            "plan.yaml:2:6: error: YAML syntax: mapping values are not allowed ",
            "; line 2 is indented 2 spaces, more than line 1 (0), so YAML reads it as part of "
            "line 1's value: indent it like line 1 [syntax]",
        ),
        (  # one space too many before an action's key
            with_action('- id: "1.1"\n  action: Do it\n   lead: Ann\n  status: open\n'),
            "plan.yaml:7:14: error: YAML syntax: mapping values are not allowed ",
            "; line 7 is indented 9 spaces, more than line 6 (8), so YAML reads it as part of "
            "line 6's value: indent it like line 6 [syntax]",
        ),
    ],
)
def test_a_key_indented_too_far_is_called_an_indentation_mistake(
    text: str, where: str, hint: str
) -> None:
    """Found by hand-editing: a key one space too deep was told to quote a ': ' it has not."""
    (message,) = messages(text)
    assert message.startswith(where)
    assert message.endswith(hint)
    assert "put it in quotes" not in message


def test_tab_indentation_says_use_spaces() -> None:
    text = MINIMAL_PLAN.replace("    actions:", "\tactions:")
    result = messages(text)
    assert any("plan.yaml:5:1: error: a tab is used for indentation" in m for m in result)
    assert all("[tab]" in m or "[syntax]" in m for m in result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: &t x\nrecommendations: []\n", ["1:8 error anchor"]),
        ("title: &t x\nother: *t\nrecommendations: []\n", ["1:8 error anchor", "2:8 error alias"]),
        ("title: x\nother: *t\nrecommendations: []\n", ["2:8 error alias"]),
        ("title: !!python/object:os.system x\nrecommendations: []\n", ["1:8 error tag"]),
    ],
)
def test_anchors_aliases_tags_refused(text: str, expected: list[str]) -> None:
    # Refused before the nodes are walked, so nothing else (like the unknown key) is reported.
    assert problems(text) == expected


def test_merge_key_refused() -> None:
    text = with_action(
        """
        - id: "1.1"
          <<: {lead: Ann}
          action: Something
          status: completed
        """
    )
    assert "6:9 error merge-key" in problems(text)


def test_warnings_no_lead_similar_names_unused_alias() -> None:
    text = dedent(
        """
        title: Test
        aliases:
          Pete Jackson: Peter Jackson
          Nobody Here: Somebody
        recommendations:
          - id: "1"
            actions:
              - id: "1.1"
                action: One
                lead: Maureen Cavanagh
                status: completed
              - id: "1.2"
                action: Two
                lead: [Maureen Cavanaugh, Pete Jackson]
                status: completed
              - id: "1.3"
                action: Three
                status: completed
        """
    )
    assert problems(text) == [
        "4:3 warning unused-alias",
        "14:15 warning similar-names",
        "16:9 warning no-lead",
    ]


def test_aliases_reconcile_similar_names() -> None:
    text = dedent(
        """
        title: Test
        aliases:
          Maureen Cavanaugh: Maureen Cavanagh
        recommendations:
          - id: "1"
            actions:
              - id: "1.1"
                action: One
                lead: Maureen Cavanagh
                status: completed
              - id: "1.2"
                action: Two
                lead: Maureen Cavanaugh
                status: completed
        """
    )
    assert problems(text) == []
    plan = load_text(text).plan
    assert plan.canonical("maureen  cavanaugh") == "Maureen Cavanagh"


def test_problems_are_sorted_and_all_collected() -> None:
    text = with_action(
        """
        - id: "1.1"
          action: One
          lead: Ann
          status: finished-ish
          due: someday
        - id: "1.1"
          action: Two
          lead: Ann
          status: completed
          colour: red
        """
    )
    found = problems(text)
    assert found == sorted(found, key=lambda p: tuple(int(n) for n in p.split()[0].split(":")))
    assert len(found) == 4


def test_duplicate_recommendation_ids() -> None:
    text = dedent(
        """
        title: Test
        recommendations:
          - id: "1"
            actions: []
          - id: "1"
            actions: []
        """
    )
    assert messages(text) == [
        "plan.yaml:5:9: error: duplicate recommendation id '1' (also at line 3); ids must be "
        "unique [duplicate-id]"
    ]
