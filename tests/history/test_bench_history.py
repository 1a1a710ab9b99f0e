"""bench/history.py makes the repositories it times as it says: N commits of one plan, each
changing a few statuses, and `changes` reads every one of those changes back."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from plantrack.history.changes import changes_between
from tests.test_bench_generator import _bench_module

history_bench = _bench_module("history")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_benchmark_repository_has_its_commits_and_changes(tmp_path: Path) -> None:
    text = history_bench.plan_bytes("bundled", seed=1)
    first_day = history_bench.make_repository(tmp_path / "repo", text, commits=6, seed=1)
    found = changes_between(tmp_path / "repo" / "plan.yaml", first_day, "HEAD",
                            today=date(2010, 1, 1))
    statuses = [change for change in found if change.kind == "status"]
    assert 5 <= len(statuses) <= 20  # five commits after the first, 1 to 4 statuses each
    assert {change.author for change in statuses} <= {"Ann Example", "Bob Example"}
    assert len({change.commit for change in statuses}) == 5
    table = history_bench.table([{"case": "x", "target_s": 2.0, "changes": 3, "median_s": 1.5,
                                  "min_s": 1.0, "max_s": 2.5, "cpu_s": 0.75, "load": 1.25,
                                  "runs": 3}])
    assert "| x | 3 | 1.50 (1.00–2.50) | 0.75 | 1.2 | < 2 s | yes |" in table
