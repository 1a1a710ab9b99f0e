"""One-line helpers shared by the tests (the pattern yamllint's tests/common.py uses)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


MINIMAL_PLAN = dedent(
    """
    title: Test plan
    recommendations:
      - id: "1"
        title: First recommendation
        actions:
          - id: "1.1"
            action: Do the first thing
            lead: Ann Smith
            due: End of January 2010
            status: in-progress
            board: Quality Board
    """
)


# A plan that uses every date setting and the fields they feed (cache and build tests).
DATED_PLAN = dedent(
    """
    title: Dated plan
    agreed: 2009-11-02
    financial_year_start: April
    date_order: month-first
    recommendations:
      - id: "1"
        timescale: within 3 months
        actions:
          - id: "1.1"
            action: Do the first thing
            lead: Ann Smith
            due: End of March 2010
            original_due: Dec 09
            status: in-progress
          - id: "1.2"
            action: Do the next thing
            lead: Ann Smith
            due: Within 6 months
            status: not-started
          - id: "1.3"
            action: Agree a date
            lead: Ann Smith
            due: TBC
            status: not-started
          - id: "1.4"
            action: Report in the American way
            lead: Ann Smith
            start: 1/15/2010
            due: Q4 2009/10
            status: not-started
    """
)


# A plan in its own words: `statuses:`, `fields:`, the owner's `rag` and `completed_on`.
OWN_WORDS_PLAN = dedent(
    """
    title: Own words
    statuses:
      Partially completed: in-progress
      Pending guidance: blocked
    fields: [priority, evidence]
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: Audit the case files
            lead: Ann Smith
            due: March 2010
            status: Partially completed
            rag: G
            priority: High
            evidence:
              - Audit report
              - Minutes of 3 March
          - id: "1.2"
            action: Train the team
            lead: Bob Jones
            due: January 2010
            status: done
            completed_on: 2010-02-15
            rag: green
          - id: "1.3"
            action: Wait for guidance
            lead: Bob Jones
            status: Pending guidance
            priority: low
    """
)


def plan_in_working_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    """plan.yaml in a fresh folder that is also the working directory, found as a user would."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLANTRACK_PLAN", raising=False)
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    """Run plantrack in-process: its exit code, stdout and stderr, kept apart."""
    from typer.testing import CliRunner

    from plantrack.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr
