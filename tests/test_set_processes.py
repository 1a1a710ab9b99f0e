"""Real processes: concurrent `set`s lose nothing; a killed write never leaves half a file.

These start Python processes, so they take a few seconds; they assert outcomes, never durations.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plantrack.plan.load import load_text
from plantrack.write import edit

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

ACTION_COUNT = 8
PLAN = "title: Processes\nrecommendations:\n  - id: \"1\"\n    actions:\n" + "".join(
    f'      - id: "1.{n}"\n        action: Action {n}\n        status: not-started  # as agreed\n'
    for n in range(1, ACTION_COUNT + 1)
)
WRITER = """
import sys
from pathlib import Path
from plantrack.write import store
plan = Path(sys.argv[1])
first, second = Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()
print("ready", flush=True)
current = plan.read_bytes()
while True:
    new = second if current == first else first
    store.replace_file(plan, new, expected=current, display="plan.yaml")
    current = new
    print("w", flush=True)
"""


def plantrack(*args: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PLANTRACK_LOCK_TIMEOUT": "60"}
    environment.pop("PLANTRACK_PLAN", None)
    return subprocess.Popen([sys.executable, "-m", "plantrack", "set", *args], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


CLOSED_ON = "2024-03-31"  # given with --on, so that closing writes a known completed_on


def on_day(status: str) -> list[str]:
    return ["--on", CLOSED_ON] if status in ("completed", "dropped") else []


def after_set(text: str, action_id: str, status: str) -> str:
    """What `set ID STATUS` should leave, worked out in-process with the pure editor."""
    import datetime as dt

    loaded = load_text(text).plan
    assert loaded is not None
    changes = edit.plan_changes(loaded, [action_id], status=status,
                                closed_on=dt.date.fromisoformat(CLOSED_ON))
    return edit.apply_changes(text, loaded, changes)


def test_concurrent_sets_of_different_actions_all_land(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN)
    for round_status in ("in-progress", "completed"):
        runs = [plantrack(f"1.{n}", round_status, *on_day(round_status), "--plan", str(plan))
                for n in range(1, ACTION_COUNT + 1)]
        for process in runs:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err.decode()
        added = f"\n        completed_on: {CLOSED_ON}" if on_day(round_status) else ""
        expected = PLAN.replace("status: not-started  # as agreed",
                                f"status: {round_status}  # as agreed{added}")
        assert plan.read_text() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml", "plan.yaml.lock"]


def test_a_set_killed_at_random_moments_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN)
    started = time.monotonic()
    plantrack("1.1", "blocked", "--plan", str(plan)).communicate(timeout=60)
    lifetime = time.monotonic() - started  # how long a whole run takes on this machine
    chooser = random.Random(4)
    current = plan.read_text()
    for _ in range(30):
        action_id = f"1.{chooser.randint(1, ACTION_COUNT)}"
        status = chooser.choice(["in-progress", "completed", "blocked", "dropped"])
        expected = after_set(current, action_id, status)
        process = plantrack(action_id, status, *on_day(status), "--plan", str(plan))
        time.sleep(chooser.uniform(0.3, 1.1) * lifetime)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        now = plan.read_text()
        assert now in (current, expected)
        current = now
    # A run after the kills works, and clears any temporary file a killed run left behind.
    assert plantrack("1.1", "ongoing", "--plan", str(plan)).wait(timeout=60) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml", "plan.yaml.lock"]
    assert load_text(plan.read_text()).plan is not None


def test_a_writer_killed_mid_write_never_leaves_a_partial_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    first = PLAN.encode()
    second = (PLAN * 40).replace("Processes", "Processes, longer").encode()  # a longer write
    (tmp_path / "first").write_bytes(first)
    (tmp_path / "second").write_bytes(second)
    plan.write_bytes(first)
    chooser = random.Random(7)
    writes = 0
    for attempt in range(60):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(plan), str(tmp_path / "first"),
             str(tmp_path / "second")], stdout=subprocess.PIPE, text=True)
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        if attempt % 4 == 0:  # some kills surely after a write, however loaded the machine
            assert writer.stdout.readline() == "w\n"
            writes += 1
        time.sleep(chooser.uniform(0, 0.02))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=60)
        writes += out.count("w\n")
        assert plan.read_bytes() in (first, second)
    assert writes > 0  # the kills did land among writes, not only before the first one


def test_20_concurrent_sets_and_20_readers(tmp_path: Path) -> None:
    """The load test: every change lands and every reader sees a whole plan, old or new."""
    count = 20
    plan = tmp_path / "plan.yaml"
    text = PLAN.replace("title: Processes\n", "title: Load\n") + "".join(
        f'      - id: "1.{n}"\n        action: Action {n}\n        status: not-started\n'
        for n in range(ACTION_COUNT + 1, count + 1))
    plan.write_text(text)
    environment = {**os.environ, "PLANTRACK_LOCK_TIMEOUT": "120"}
    environment.pop("PLANTRACK_PLAN", None)
    readers = [subprocess.Popen([sys.executable, "-m", "plantrack", "validate", "--plan",
                                 str(plan)], env=environment, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE) for _ in range(count)]
    sets = [plantrack(f"1.{n}", "completed", *on_day("completed"), "--plan", str(plan))
            for n in range(1, count + 1)]
    for process in [*sets, *readers]:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    assert plan.read_text() == re.sub(r"status: not-started( *#[^\n]*)?\n",
                                      rf"status: completed\1\n        completed_on: {CLOSED_ON}\n",
                                      text)
