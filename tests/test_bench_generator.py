"""bench/generate.py writes plans that validate clean and mean what its sidecar says; the floor
and the runner's Taskwarrior import answer from that sidecar, so both are checked here."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from plantrack.plan.load import all_problems, load_text
from plantrack.plan.model import STATUSES

ROOT = Path(__file__).resolve().parent.parent


def _bench_module(name: str) -> ModuleType:
    """A bench/ script as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


generate = _bench_module("generate")
floor = _bench_module("floor")
sys.modules.setdefault("generate", generate)  # run.py imports it by this name
run = _bench_module("run")

SIZES = [(1, 1), (2, 5), (3, 2), (7, 3), (50, 1), (240, 4), (600, 11)]


@pytest.mark.parametrize(("n", "seed"), SIZES)
def test_generated_plans_validate_clean(n: int, seed: int, both_loaders: str) -> None:
    text = generate.generate_plan(n, seed)
    result = load_text(text)
    assert [str(p) for p in all_problems(result)] == []
    assert result.plan is not None
    assert sum(1 for _ in result.plan.actions) == n


@pytest.mark.parametrize(("n", "seed"), SIZES)
def test_plantrack_reads_what_the_generator_meant(n: int, seed: int) -> None:
    made = generate.generate(n, seed)
    plan = load_text(made.text).plan
    assert plan is not None
    read = [
        (a.id, a.rec_id, a.text, a.status, a.is_closed, a.due.isoformat() if a.due else None,
         tuple(plan.canonical(name) for name in a.leads))
        for a in plan.actions
    ]
    meant = [(t.id, t.rec_id, t.text, t.status, t.closed, t.due, t.leads) for t in made.actions]
    assert read == meant


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not() -> None:
    assert generate.generate_plan(300, 9) == generate.generate_plan(300, 9)
    assert generate.generate_plan(300, 9) != generate.generate_plan(300, 10)
    assert generate.generate(300, 9).truth() == generate.generate(300, 9).truth()


def test_a_generated_plan_looks_like_a_real_one() -> None:
    made = generate.generate(2000, 1)
    text = made.text
    plan = load_text(text).plan
    assert plan is not None
    actions = list(plan.actions)
    assert Counter(a.status for a in actions).keys() == set(STATUSES)
    assert sum(1 for a in actions if a.due is None) > 50  # Ongoing or no deadline
    assert "due: Ongoing" in text
    assert sum(1 for a in actions if "due" not in a.fields) > 20
    assert sum(1 for a in actions if len(a.leads) > 1) > 200
    assert sum(1 for a in actions if a.start is not None) > 200
    assert sum(1 for a in actions if a.note) > 200
    assert any(plan.canonical(name) != name for a in actions for name in a.leads)
    assert len(plan.aliases) >= 5
    assert sum(len(a.text) for a in actions) / len(actions) > 100  # long texts
    assert text.count("\n  # ") + text.count("\n      # ") > 50  # comments
    sizes = [len(rec.actions) for rec in plan.recommendations]
    assert min(sizes) >= 3 and max(sizes) <= 12
    spread = [abs((a.due - generate.REFERENCE_DATE).days) for a in actions if a.due]
    assert max(spread) <= generate.SPREAD_DAYS + 31
    assert min(a.due for a in actions if a.due) < generate.REFERENCE_DATE < \
        max(a.due for a in actions if a.due)
    forms = {a.due_text.split()[0].lower() for a in actions if a.due_text}
    assert {"by", "end", "mid", "from", "ongoing"} <= forms


def test_the_command_line_writes_the_plan_and_its_sidecar(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    truth = tmp_path / "truth.json"
    assert generate.main(["25", "--seed", "4", "--truth", str(truth)]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == generate.generate_plan(25, 4)
    assert json.loads(truth.read_text(encoding="utf-8")) == \
        json.loads(json.dumps(generate.generate(25, 4).truth()))


@pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])
def test_the_floor_names_the_actions_plantrack_finds_overdue(loader: str) -> None:
    if not hasattr(yaml, loader):
        pytest.skip("libyaml is not installed")
    made = generate.generate(400, 2)
    as_of = generate.REFERENCE_DATE
    deadlines = {t.id: t.due for t in made.actions}
    found = floor.overdue_ids(yaml.load(made.text, Loader=getattr(yaml, loader)), deadlines,
                              as_of)
    plan = load_text(made.text).plan
    assert plan is not None
    expected = [a.id for a in plan.actions if a.due and not a.is_closed and a.due < as_of]
    assert found == expected
    assert 50 < len(found) < 400


def test_the_peer_is_due_at_midnight_after_the_deadline() -> None:
    """Taskwarrior is overdue from its due moment: midnight at the end of the deadline day."""
    stamp = run.taskwarrior_stamp(date(2010, 3, 31) + timedelta(days=1))
    assert len(stamp) == 16 and stamp.endswith("Z")
    subject = run.Subject("t", Path("p"), Path("t"), [
        {"id": "1.1", "closed": False, "due": "2010-01-14"},
        {"id": "1.2", "closed": False, "due": "2010-01-15"},
        {"id": "1.3", "closed": True, "due": "2009-01-01"},
        {"id": "1.4", "closed": False, "due": None},
    ], date(2010, 1, 15))
    assert subject.expected_overdue == ["1.1"]
