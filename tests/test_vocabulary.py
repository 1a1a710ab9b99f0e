"""The status vocabulary: one set of words for the file and for `set`, and suggestions that
never reverse a word's meaning (issue 12)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantrack.plan.load import load_text, require_plan
from plantrack.plan.model import STATUSES
from plantrack.plan.vocabulary import explain_status, likely_status, status_words, within_edits
from plantrack.write import edit

pytestmark = pytest.mark.usefixtures("both_loaders")


@st.composite
def typed_status_words(draw: st.DrawFn) -> str:
    """A word `set` understands, as a person might type or write it."""
    word = draw(st.sampled_from(status_words()))
    case = draw(st.sampled_from([str.lower, str.upper, str.title, str.capitalize]))
    gap = draw(st.sampled_from([" ", "_", "-", "  "]))
    return case(word.replace("-", " ").replace(" ", gap))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=typed_status_words())
def test_every_word_set_accepts_reads_back_from_the_file_as_that_status(word: str) -> None:
    _, status = edit.split_status(["1.1", *word.split()])
    assert status in STATUSES
    text = ('title: T\nrecommendations:\n  - id: "1"\n    actions:\n      - id: "1.1"\n'
            f"        action: A\n        lead: Ann\n        status: {edit.render_value(word)}\n")
    (action,) = require_plan(load_text(text)).actions
    assert action.status == status
    assert action.status_text == word


@pytest.mark.parametrize(("word", "meaning"), [
    ("Not implemented", "not-started"), ("Partially completed", "in-progress"),
    ("Partly done", "in-progress"), ("Delayed", "in-progress"), ("superseded", "dropped"),
    ("Monitoring arrangements in place", "ongoing"), ("Pending guidance", "blocked"),
])
def test_words_are_suggested_by_meaning(word: str, meaning: str) -> None:
    assert likely_status(word) == meaning
    assert f"if it means {meaning}, add '{word}: {meaning}' under 'statuses:'" in \
        explain_status(word)


@pytest.mark.parametrize("word", ["Red", "amber", "GREEN", "R", "a", "g"])
def test_rag_colours_point_at_the_rag_field(word: str) -> None:
    assert explain_status(word).startswith(": it is a RAG colour; put the owner's rating in "
                                           "the action's 'rag:' field")


@pytest.mark.parametrize(("word", "meant"), [("complted", "completed"), ("in progres",
                                                                          "in-progress"),
                                             ("blokced", "blocked"), ("dropd", "dropped")])
def test_misspellings_of_status_words_get_the_word(word: str, meant: str) -> None:
    assert explain_status(word).startswith(f"; did you mean '{meant}'?")


@pytest.mark.parametrize("word", ["closing soon", "Not applicable yet", "nearly", "lost",
                                  "uncompleted", "not complete", "unblocked",
                                  "incomplete", "not done"])
def test_other_words_get_no_guess(word: str) -> None:
    """No spelling guess that could reverse the meaning: the vocabulary and how to map."""
    assert explain_status(word).startswith("; use one of: not-started,")


def _levenshtein(a: str, b: str) -> int:
    """The textbook table, no early exit: what within_edits must agree with."""
    table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1,
                              table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    return table[-1][-1]


@settings(max_examples=300, deadline=None)
@given(st.text("abcde", max_size=9), st.text("abcde", max_size=9), st.integers(0, 3))
def test_within_edits_is_levenshtein_with_early_exits(a: str, b: str, most: int) -> None:
    """One edit distance for status spellings and near-miss names (namecheck): its early exits
    never change the answer."""
    assert within_edits(a, b, most) == (_levenshtein(a, b) <= most)
