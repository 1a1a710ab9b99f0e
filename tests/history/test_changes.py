"""changes_between over real git repositories: every kind of change, with who and when."""

from __future__ import annotations

from datetime import date

import pytest

from plantrack.errors import UsageError
from plantrack.history.changes import changes_between, period_between
from tests.history.gitrepo import ANN, BOB, Repo, action, plan

TODAY = date(2010, 3, 1)


def rows(changes) -> list[tuple]:
    return [(c.id, c.kind, c.from_, c.to, c.date.isoformat(), c.author, c.days_slipped)
            for c in changes]


def test_each_field_change_is_one_row_with_its_commit(repo: Repo) -> None:
    repo.commit(plan(action("1.1"), action("1.2", status="not-started")), "2010-01-04")
    first = repo.commit(plan(action("1.1", status="completed"),
                             action("1.2", status="not-started")), "2010-01-10", "plan: 1.1 done",
                        author=BOB)
    second = repo.commit(plan(action("1.1", status="completed"),
                              action("1.2", status="not-started", due="March 2010",
                                     lead="Cath Brown", board="Audit Board", note="Waiting")),
                         "2010-01-20", "plan: 1.2 moved")
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY)
    assert rows(found) == [
        ("1.1", "status", "in-progress", "completed", "2010-01-10", BOB, None),
        ("1.1", "completed", "in-progress", "completed", "2010-01-10", BOB, None),
        ("1.2", "due", "End of January 2010", "March 2010", "2010-01-20", ANN, 59),
        ("1.2", "note", None, "Waiting", "2010-01-20", ANN, None),
        ("1.2", "lead", "Ann Smith", "Cath Brown", "2010-01-20", ANN, None),
        ("1.2", "board", "Quality Board", "Audit Board", "2010-01-20", ANN, None),
    ]
    assert [c.commit for c in found] == [first, first, second, second, second, second]
    assert found[0].subject == "plan: 1.1 done"
    assert not any(c.uncommitted for c in found)


def test_added_and_removed_actions_and_recommendations(repo: Repo) -> None:
    repo.commit(plan(action("1.1"), action("2.1")), "2010-01-04")
    repo.commit(plan(action("1.1"), action("1.2"), action("3.1"), titles={"3": "New rec"}),
                "2010-01-10")
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", today=date(2010, 1, 20))
    assert [(c.id, c.kind, c.target, c.from_, c.to) for c in found] == [
        ("1.2", "added", "action", None, "Do thing 1.2"),
        ("3", "added", "recommendation", None, "New rec"),
        ("3.1", "added", "action", None, "Do thing 3.1"),
        ("2.1", "removed", "action", "Do thing 2.1", None),
        ("2", "removed", "recommendation", "Recommendation 2", None),
    ]


def test_became_overdue_is_dated_the_day_after_the_deadline(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="15/01/2010"), action("1.2", due="March 2010"),
                     action("1.3", due="15/01/2010", status="completed")), "2010-01-04")
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", today=date(2010, 2, 1))
    assert rows(found) == [("1.1", "became-overdue", None, "15/01/2010", "2010-01-16", None, None)]
    assert found[0].commit is None
    # the day of the deadline itself is still on time
    assert changes_between(repo.root / "plan.yaml", "2010-01-05", today=date(2010, 1, 15)) == []


def test_uncommitted_changes_are_included_and_marked(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="March 2010")), "2010-01-04")
    repo.write(plan(action("1.1", due="March 2010", status="blocked")))
    found = changes_between(repo.root / "plan.yaml", "2010-01-04", today=TODAY)
    assert [(c.id, c.kind, c.to, c.commit, c.author, c.uncommitted) for c in found] == [
        ("1.1", "status", "blocked", None, None, True)]
    assert found[0].record()["commit"] is None


def test_until_a_date_leaves_out_later_commits_and_the_working_copy(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="March 2010")), "2010-01-04")
    repo.commit(plan(action("1.1", due="March 2010", status="blocked")), "2010-01-10")
    repo.commit(plan(action("1.1", due="March 2010", status="completed")), "2010-02-10")
    repo.write(plan(action("1.1", due="March 2010", status="dropped")))
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", "31/01/2010", today=TODAY)
    assert [(c.kind, c.to) for c in found] == [("status", "blocked")]


def test_since_and_until_as_revisions(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="March 2010")), "2010-01-04")
    repo.git("tag", "v1")
    repo.commit(plan(action("1.1", due="March 2010", status="blocked")), "2010-01-10")
    repo.commit(plan(action("1.1", due="March 2010", status="completed")), "2010-02-10")
    found = changes_between(repo.root / "plan.yaml", "v1", "HEAD~1", today=TODAY)
    assert [(c.kind, c.to) for c in found] == [("status", "blocked")]
    period = period_between(repo.root / "plan.yaml", "v1", "HEAD~1", today=TODAY)
    assert period.since.day == date(2010, 1, 4) and period.until.day == date(2010, 1, 10)


def test_renames_are_followed(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="March 2010")), "2010-01-04", name="actions.yaml")
    repo.commit(plan(action("1.1", due="March 2010", status="blocked")), "2010-01-10",
                name="actions.yaml")
    repo.git("mv", "actions.yaml", "plan.yaml", when="2010-01-12")
    repo.commit(None, "2010-01-12", "rename")
    repo.commit(plan(action("1.1", due="March 2010", status="completed")), "2010-01-15")
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY)
    assert [(c.kind, c.to, c.date.day) for c in found if c.kind == "status"] == [
        ("status", "blocked", 10), ("status", "completed", 15)]


def test_a_change_made_on_a_branch_and_merged_shows_once_as_its_author_made_it(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="March 2010"), action("2.1", due="March 2010")),
                "2010-01-04")
    repo.git("checkout", "-q", "-b", "bob")
    made = repo.commit(plan(action("1.1", due="March 2010", status="blocked"),
                            action("2.1", due="March 2010")), "2010-01-08", "bob's edit",
                       author=BOB)
    repo.git("checkout", "-q", "main")
    repo.commit(plan(action("1.1", due="March 2010"),
                     action("2.1", due="March 2010", status="completed")), "2010-01-09",
                "ann's edit")
    repo.git("merge", "-q", "--no-edit", "bob", when="2010-01-11")
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY)
    statuses = [(c.id, c.to, c.author, c.commit, c.date.day) for c in found if c.kind == "status"]
    assert statuses == [("1.1", "blocked", BOB, made, 8),
                        ("2.1", "completed", ANN, statuses[1][3], 9)]
    assert statuses[1][3] != made


def test_a_revision_that_does_not_validate_is_skipped_with_a_warning(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="March 2010")), "2010-01-04")
    broken = repo.commit(plan(action("1.1", due="March 2010", status="bogus")), "2010-01-06")
    repo.commit(plan(action("1.1", due="March 2010", status="blocked")), "2010-01-08")
    warnings: list[str] = []
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY,
                            warn=warnings.append)
    assert [(c.kind, c.to) for c in found] == [("status", "blocked")]
    assert len(warnings) == 1 and broken in warnings[0] and "plan.yaml" in warnings[0]


@pytest.mark.parametrize(("since", "until", "message"), [
    ("2009-12-01", None, "plan.yaml was first committed (4 January 2010)"),
    ("no-such-tag", None, "'no-such-tag' is neither a date nor a git revision"),
    ("2010-01-05", "nope~3", "--until 'nope~3' is neither a date nor a git revision"),
    ("2010-01-05", "2009-01-01", "--until 2009-01-01: that is before"),
    ("2010-02-05", "2010-01-31", "--since 2010-02-05 is after the end of the period"),
])
def test_errors_are_usage_errors_with_a_clear_message(repo: Repo, since, until, message) -> None:
    repo.commit(plan(action("1.1")), "2010-01-04")
    with pytest.raises(UsageError) as raised:
        changes_between(repo.root / "plan.yaml", since, until, today=TODAY)
    assert message in raised.value.message


def test_not_a_git_repository(tmp_path) -> None:
    (tmp_path / "plan.yaml").write_text(plan(action("1.1")), encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        changes_between(tmp_path / "plan.yaml", "2010-01-01", today=TODAY)
    assert "is not in a git repository" in raised.value.message


def test_git_not_installed(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit(plan(action("1.1")), "2010-01-04")
    monkeypatch.setenv("PATH", str(repo.root / "nowhere"))
    with pytest.raises(UsageError) as raised:
        changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY)
    assert "needs git, which is not installed" in raised.value.message


def test_rag_changes_and_completed_on_dates_the_completion(repo: Repo) -> None:
    repo.commit(plan(action("1.1", due="March 2010", extra="        rag: green"),
                     action("1.2", due="March 2010")), "2010-01-04")
    repo.commit(plan(action("1.1", due="March 2010", extra="        rag: amber"),
                     action("1.2", due="March 2010", status="completed",
                            extra="        completed_on: 8 January 2010")),
                "2010-01-20", "plan: 1.2 done, 1.1 amber")
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY)
    assert rows(found) == [
        ("1.2", "completed", "in-progress", "completed", "2010-01-08", None, None),
        ("1.1", "rag", "green", "amber", "2010-01-20", ANN, None),
        ("1.2", "status", "in-progress", "completed", "2010-01-20", ANN, None),
    ]


def test_an_action_completed_after_its_deadline_passed_still_became_overdue(repo: Repo
                                                                            ) -> None:
    repo.commit(plan(action("1.1", due="15/01/2010")), "2010-01-04")
    repo.commit(plan(action("1.1", due="15/01/2010", status="completed",
                            extra="        completed_on: 20 January 2010")), "2010-01-21")
    found = changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY)
    assert [(c.kind, c.date.isoformat()) for c in found] == [
        ("became-overdue", "2010-01-16"), ("completed", "2010-01-20"), ("status", "2010-01-21")]


def test_reading_the_history_twice_in_one_run_parses_each_version_once(repo: Repo) -> None:
    from plantrack.history import timeline

    repo.commit(plan(action("1.1", due="March 2010")), "2010-01-04")
    repo.commit(plan(action("1.1", due="March 2010", status="bogus")), "2010-01-06")
    repo.commit(plan(action("1.1", due="March 2010", status="blocked")), "2010-01-08")
    warnings: list[str] = []
    first = changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY,
                            warn=warnings.append)
    reader = next(r for (root, _, _), r in timeline._READERS.items()
                  if root == str(repo.root.resolve()))
    parsed = (reader.parsed_whole, reader.parsed_pieces)
    assert changes_between(repo.root / "plan.yaml", "2010-01-05", today=TODAY,
                           warn=warnings.append) == first
    assert (reader.parsed_whole, reader.parsed_pieces) == parsed
    assert len(warnings) == 1  # the broken version is reported once
