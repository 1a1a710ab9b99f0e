"""A plan's own words at the command line: statuses, declared fields, the owner's RAG, and
completion dates (issue 12). stdout, stderr and exit codes are checked apart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from tests.common import OWN_WORDS_PLAN
from tests.test_cli_query import REPO_PLAN

CLEAN_ENV = {"COLUMNS": "200", "NO_COLOR": "1", "PLANTRACK_PLAN": None}


@pytest.fixture
def own(tmp_path: Path) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(OWN_WORDS_PLAN, encoding="utf-8")
    return str(path)


def run(plan: str, *args: str):
    return CliRunner().invoke(app, [*args, "--plan", plan], env=CLEAN_ENV)


def ids(plan: str, *args: str) -> list[str]:
    result = run(plan, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return [record["id"] for record in json.loads(result.stdout)]


def test_status_open_means_every_action_not_completed_or_dropped() -> None:
    every = ids(REPO_PLAN, "list")
    closed = ids(REPO_PLAN, "list", "--status", "closed")
    opened = ids(REPO_PLAN, "list", "--status", "open")
    assert len(opened) == 58 and len(opened) + len(closed) == len(every)
    assert ids(REPO_PLAN, "list", "--open") == opened
    assert len(ids(REPO_PLAN, "list", "--status", "not-started")) < len(opened)


def test_status_open_on_a_past_day_counts_actions_closed_since(own: str) -> None:
    assert ids(own, "list", "--open", "--as-of", "2010-02-01") == ["1.1", "1.2", "1.3"]
    assert ids(own, "list", "--open", "--as-of", "2010-03-01") == ["1.1", "1.3"]
    assert ids(own, "list", "--status", "completed", "--as-of", "2010-02-01") == []


def test_a_plans_own_word_shows_beside_the_status(own: str) -> None:
    result = run(own, "list", "--as-of", "2010-01-15")
    assert result.exit_code == 0
    assert "in-progress (Partially completed)" in " ".join(result.stdout.split())
    (first, *_) = json.loads(run(own, "list", "--json").stdout)
    assert (first["status"], first["status_text"], first["rag"]) == (
        "in-progress", "Partially completed", "green")
    assert ids(own, "list", "--status", "Pending guidance") == ["1.3"]


def test_declared_fields_come_last_in_json_and_csv(own: str) -> None:
    records = json.loads(run(own, "list", "--json").stdout)
    assert list(records[0])[-5:] == ["status_text", "rag", "completed_on", "priority",
                                     "evidence"]
    assert [(r["priority"], r["evidence"]) for r in records] == [
        ("High", ["Audit report", "Minutes of 3 March"]), (None, None), ("low", None)]
    rows = list(csv.DictReader(io.StringIO(
        run(own, "list", "-f", "csv").stdout_bytes.decode("utf-8-sig"), newline="")))
    assert rows[0]["evidence"] == "Audit report; Minutes of 3 March"
    assert rows[1]["completed_on"] == "2010-02-15"


def test_where_filters_on_declared_fields(own: str) -> None:
    assert ids(own, "list", "--where", "priority=high") == ["1.1"]
    assert ids(own, "list", "--where", "priority") == ["1.1", "1.3"]
    assert ids(own, "list", "--where", "evidence=audit REPORT", "--where", "priority=High") \
        == ["1.1"]
    assert ids(own, "list", "--where", "evidence", "--where", "priority=low") == []
    result = run(own, "list", "--where", "owner=Ann")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("plantrack: --where 'owner=Ann': 'owner' is not one of the plan's "
                             "declared fields (its 'fields:' are: priority, evidence)\n")


def test_columns_add_declared_fields_to_markdown(own: str) -> None:
    result = run(own, "list", "-f", "markdown", "--columns", "priority,evidence")
    assert result.exit_code == 0
    header = next(line for line in result.stdout.splitlines() if line.startswith("| ID"))
    assert header.rstrip(" |").endswith("| Priority | Evidence")
    assert "| High | Audit report<br>Minutes of 3 March |" in result.stdout
    bad = run(own, "list", "--columns", "cost")
    assert (bad.exit_code, bad.stderr) == (2, "plantrack: --columns: cost not among the plan's "
                                              "declared fields (its 'fields:' are: priority, "
                                              "evidence)\n")


def test_show_gives_declared_fields_owner_rag_and_completion(own: str) -> None:
    result = run(own, "show", "1.1", "--as-of", "2010-04-15")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Status in-progress (Partially completed)" in text
    assert ("Owner's RAG Green — but plantrack rates it Amber: reported on track, yet late or "
            "blocked") in text
    assert "Priority High" in text and "Evidence Audit report; Minutes of 3 March" in text
    done = " ".join(run(own, "show", "1.2").stdout.split())
    assert "Status completed (done), on 15 Feb 2010" in done


def test_rag_mismatch_lists_exactly_the_on_track_but_late(own: str) -> None:
    assert ids(own, "list", "--rag-mismatch", "--as-of", "2010-04-15") == ["1.1"]
    assert ids(own, "list", "--rag-mismatch", "--as-of", "2010-02-10") == ["1.2"]
    assert ids(own, "list", "--rag-mismatch", "--as-of", "2010-01-01") == []
    listing = run(own, "list", "--as-of", "2010-04-15").stdout
    assert "(owner: Green)" in listing


def test_summary_counts_owner_rag_mismatches(own: str) -> None:
    result = run(own, "summary", "--as-of", "2010-04-15")
    assert result.exit_code == 0
    assert "Owner G/B, late" in result.stdout
    assert ("1 rated Green or Blue by their owners are Amber or Red here ('plantrack list "
            "--rag-mismatch' lists them).") in " ".join(result.stdout.split())
    (row,) = json.loads(run(own, "summary", "--json", "--as-of", "2010-04-15").stdout)
    assert row["rag_mismatch"] == 1
