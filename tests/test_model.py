"""The status vocabulary and name comparison: what the file accepts, and what a person may type."""

from __future__ import annotations

import pytest

from plantrack.plan.model import (
    STATUSES,
    Plan,
    Recommendation,
    name_key,
    normalise_status,
    status_from_user,
)


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("in-progress", "in-progress"),
        ("In progress", "in-progress"),
        ("IN_PROGRESS", "in-progress"),
        ("  not   started ", "not-started"),
        ("Completed", "completed"),
        ("dropped", "dropped"),
    ],
)
def test_file_status_ignores_case_spaces_and_underscores(written: str, status: str) -> None:
    assert normalise_status(written) == status


@pytest.mark.parametrize("written", ["no", "False", "", "in progres", "open", "Red"])
def test_words_that_are_no_status(written: str) -> None:
    assert normalise_status(written) is None


@pytest.mark.parametrize(("written", "status"), [("done", "completed"), ("Complete", "completed"),
                                                  ("Closed", "completed"), ("On hold", "blocked")])
def test_the_file_reads_every_word_set_understands(written: str, status: str) -> None:
    """One vocabulary: the file reads what `plantrack set` takes (issue 12)."""
    assert normalise_status(written) == status_from_user(written) == status


def test_a_plans_own_words_come_first() -> None:
    table = {"partially-completed": "in-progress", "closed": "dropped"}
    assert status_from_user("Partially  completed", table) == "in-progress"
    assert status_from_user("CLOSED", table) == "dropped"
    assert status_from_user("done", table) == "completed"


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("done", "completed"),
        ("Complete", "completed"),
        ("in progress", "in-progress"),
        ("underway", "in-progress"),
        ("to be started", "not-started"),
        ("on hold", "blocked"),
        ("cancelled", "dropped"),
        ("Ongoing", "ongoing"),
    ],
)
def test_user_status_takes_synonyms(typed: str, status: str) -> None:
    assert status_from_user(typed) == status


def test_every_vocabulary_word_is_its_own_reading() -> None:
    for status in STATUSES:
        assert normalise_status(status) == status_from_user(status) == status


def test_names_compare_without_case_or_spacing() -> None:
    assert name_key("  Maureen   CAVANAGH ") == name_key("maureen cavanagh")


def test_canonical_goes_through_aliases_case_insensitively() -> None:
    plan = Plan(
        title="t",
        recommendations=(Recommendation(id="1", actions=()),),
        aliases={"Pete Jackson": "Peter Jackson"},
    )
    assert plan.canonical("pete  jackson") == "Peter Jackson"
    assert plan.canonical("Someone Else") == "Someone Else"
