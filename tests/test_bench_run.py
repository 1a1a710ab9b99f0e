"""bench/run.py's report names its columns as the README's table does: one set of names."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_bench_generator import _bench_module

ROOT = Path(__file__).resolve().parent.parent


def readme_timing_columns() -> list[str]:
    """The README's table of medians: its header, without the first (size) column."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    header = next(line for line in readme.splitlines()
                  if line.startswith("| actions (file) |") and "overdue" in line)
    return [cell.strip().strip("`") for cell in header.strip("|").split("|")][1:]


def fake_result(names: list[str]) -> dict:
    timing = {"median_s": 0.05, "min_s": 0.04, "max_s": 0.06, "runs": 3, "peak_rss_kb": 9000}
    return {"label": "bundled", "actions": 71, "overdue": 35, "file_bytes": 40_000,
            "measures": {name: dict(timing) for name in names}, "notes": [], "problems": []}


def report_columns(report: str) -> list[str]:
    header = next(line for line in report.splitlines() if line.startswith("| plan | file |"))
    return [cell.strip() for cell in header.strip("|").split("|")][2:]


def test_results_md_uses_the_readmes_column_names() -> None:
    run = _bench_module("run")
    results = [fake_result(list(run.COLUMNS))]
    run.ratios(results)
    columns = report_columns(run.tables(results))
    readme = readme_timing_columns()
    assert readme == [name for name in columns if name != "python"]
    assert "first run" in readme and "list --lead" in readme


def test_baseline_measures_repeat_the_commands_with_the_other_script(tmp_path: Path) -> None:
    run = _bench_module("run")
    env = {"PLANTRACK_CACHE_DIR": str(tmp_path / "cache")}
    measures = [run.Measure("--help", [["new", "--help"]], env),
                run.Measure("first run", [["new", "overdue"]], env, before=[tmp_path / "cache"]),
                run.Measure("floor", [["python", "floor.py"]], env)]
    copies = run.baseline_measures(measures, ["new"], ["old"])
    assert [(m.name, m.argvs) for m in copies] == [
        ("--help (baseline)", [["old", "--help"]]),
        ("first run (baseline)", [["old", "overdue"]]),
    ]
    assert copies[1].before == [tmp_path / "cache-baseline"]  # its own cache, emptied each run
    results = [fake_result([*run.COLUMNS, *(m.name for m in copies)])]
    run.ratios(results)
    assert results[0]["ratios"]["--help / baseline"] == 1.0
    assert re.search(r"\| --help \(baseline\) \|", run.tables(results))
