"""`set` against another program saving the plan at the same time: nothing is ever lost.

Each step of a change (read, verify, replace, commit) gets a save injected at exactly that
point, by rename (most editors) and in place (VS Code, Notepad, `cat >`); a writer stalls in
the middle of a save; and a loop of 500 changes runs against a process saving both ways.
The property: `set` never replaces bytes it has not read, and never reads a save in progress.
These assert outcomes, never durations.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from plantrack.errors import WriteFailed
from plantrack.plan.load import load_source, require_plan
from plantrack.plan.yamlsrc import Source
from plantrack.write import edit, gitcommit, ondisk, store
from tests.common import dedent

LINUX = sys.platform.startswith("linux")
PLAN = dedent(
    """
    title: Races
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: First
            status: in-progress
          - id: "1.2"
            action: Second
            status: not-started
      - id: "2"
        actions:
          - id: "2.1"
            action: Third
            status: not-started
    """
)
DONE = PLAN.replace("status: in-progress", "status: completed")
THEIRS = PLAN.replace("action: Third", "action: Third, as the editor saved it")


def set_done(source: Source) -> str:
    loaded = require_plan(load_source(source))
    return edit.apply_changes(source.text, loaded,
                              edit.plan_changes(loaded, ["1.1"], status="done"))


def save_by_rename(path: Path, data: bytes) -> None:
    beside = path.with_name(".editor-save")
    beside.write_bytes(data)
    os.replace(beside, path)


def save_in_place(path: Path, data: bytes) -> threading.Thread:
    """Another program opening the plan for writing and saving over it, in a thread: while
    `set` holds a read lease the open waits for it, as another process's would."""
    def write() -> None:
        with open(path, "r+b") as handle:
            handle.truncate(0)
            handle.write(data)

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + 60  # only so that a broken test cannot hang the suite
    while writer.is_alive() and not breaking_a_lease():  # done, or queued in the kernel
        assert time.monotonic() < deadline, "the save neither finished nor waited for a lease"
        writer.join(0.005)
    return writer


def breaking_a_lease() -> bool:
    """True while a thread of this process waits in the kernel for a lease to be given up
    (Linux's /proc/locks lists it as a LEASE BREAKER); elsewhere there are no leases."""
    try:
        table = Path("/proc/locks").read_text()
    except OSError:
        return False
    return any(fields[1:4] == ["->", "LEASE", "BREAKER"] and fields[5] == str(os.getpid())
               for fields in map(str.split, table.splitlines()) if len(fields) > 5)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN)
    return path


def inject(monkeypatch: pytest.MonkeyPatch, step: str,
           action: Callable[[], object]) -> list[object]:
    """Run `action` once, when the change reaches `step`."""
    done: list[object] = []

    def pause(reached: str) -> None:
        if reached == step and not done:
            done.append(action())

    monkeypatch.setattr(store, "pause", pause)
    return done


@pytest.mark.parametrize("how", ["rename", "in-place"])
@pytest.mark.parametrize("step", ["read", "verify", "replace"])
def test_a_save_at_any_step_before_the_end_is_kept_and_set_refuses(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch, step: str, how: str
) -> None:
    if step == "replace" and not ondisk.exchange(plan_file, plan_file):
        pytest.skip("no atomic exchange here: the step after it does not exist")
    saves = {"rename": lambda: save_by_rename(plan_file, THEIRS.encode()),
             "in-place": lambda: save_in_place(plan_file, THEIRS.encode())}
    done = inject(monkeypatch, step, saves[how])
    with pytest.raises(WriteFailed) as failed:
        store.update_plan(plan_file, "plan.yaml", set_done)
    for writer in done:
        if isinstance(writer, threading.Thread):
            writer.join(60)
    assert plan_file.read_text() == THEIRS
    assert "run the command again" in failed.value.message
    assert sorted(p.name for p in plan_file.parent.iterdir()) == ["plan.yaml", "plan.yaml.lock"]


@pytest.mark.parametrize("how", ["rename", "in-place"])
def test_a_save_just_before_the_commit_stays_in_the_working_copy_only(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The commit holds exactly what `set` wrote; the later save is left for the user."""
    environment = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
                   "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    folder = plan_file.parent
    for args in (["init", "-q"], ["add", "plan.yaml"], ["commit", "-q", "-m", "plan"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True)
    saves = {"rename": lambda: save_by_rename(plan_file, THEIRS.encode()),
             "in-place": lambda: save_in_place(plan_file, THEIRS.encode())}
    done = inject(monkeypatch, "commit", saves[how])

    def commit(target: Path, data: bytes) -> None:
        gitcommit.commit_file(target, data, "plan: 1.1 completed\n", "plan.yaml")

    assert store.update_plan(plan_file, "plan.yaml", set_done, after_write=commit).written
    for writer in done:
        if isinstance(writer, threading.Thread):
            writer.join(60)
    committed = subprocess.run(["git", "-C", str(folder), "show", "HEAD:plan.yaml"],
                               check=True, capture_output=True, text=True).stdout
    assert committed == DONE
    assert plan_file.read_text() == THEIRS


WRITER = """
import os, sys, time
path, first, rest, pause = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
with open(path, "w") as handle:
    handle.write(first)
    handle.flush()
    print("half", flush=True)
    if pause.startswith("until "):  # a file the test makes when it is done waiting
        while not os.path.exists(pause[len("until "):]):
            time.sleep(0.01)
    else:
        time.sleep(float(pause))
    handle.write(rest)
"""
# Cut where the first part is a valid plan on its own: the case that lost 32 of 71 actions.
CUT = PLAN.index('  - id: "2"')


def stalled_writer(plan: Path, pause: float | str) -> subprocess.Popen[str]:
    """A process half-way through saving `plan` in place: it stops for `pause` seconds, or
    with 'until PATH', until that file exists."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(plan), THEIRS[:CUT],
                               THEIRS[CUT:], str(pause)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline() == "half\n"
    return writer


def test_a_save_that_stalls_part_way_is_waited_for(plan_file: Path) -> None:
    writer = stalled_writer(plan_file, 1.5)
    try:
        outcome = store.update_plan(plan_file, "plan.yaml", set_done)
    finally:
        writer.communicate(timeout=60)
    assert outcome.written
    assert plan_file.read_text() == THEIRS.replace("status: in-progress", "status: completed")


def test_without_a_lease_set_waits_until_the_file_has_been_still(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other systems, network shares, a plan owned by a colleague: no lease can be had."""
    monkeypatch.setattr(ondisk, "_take_lease", lambda descriptor: "none")
    writer = stalled_writer(plan_file, 2.0)
    try:
        outcome = store.update_plan(plan_file, "plan.yaml", set_done)
    finally:
        writer.communicate(timeout=60)
    assert outcome.written
    assert plan_file.read_text() == THEIRS.replace("status: in-progress", "status: completed")


def test_consecutive_sets_do_not_each_wait_for_the_file_to_settle(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ondisk, "_take_lease", lambda descriptor: "none")
    waits: list[float] = []
    real_wait = ondisk._wait_until_still

    def counted(*args: object) -> None:
        waits.append(1)
        real_wait(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(ondisk, "_wait_until_still", counted)
    store.update_plan(plan_file, "plan.yaml", set_done)  # the file was written just now
    assert waits == [1]

    def set_started(source: Source) -> str:
        loaded = require_plan(load_source(source))
        return edit.apply_changes(source.text, loaded,
                                  edit.plan_changes(loaded, ["1.2", "2.1"], status="started"))

    store.update_plan(plan_file, "plan.yaml", set_started)
    assert waits == [1]  # the bytes were the ones plantrack wrote last: no wait
    save_by_rename(plan_file, plan_file.read_bytes())  # another program saved since
    store.update_plan(plan_file, "plan.yaml", set_done)
    assert waits == [1, 1]


SAVER = """
import fcntl, os, random, sys, time
from pathlib import Path
from plantrack.write import lock, ondisk
plan = Path(sys.argv[1])
lock_file = open(lock.lock_path(plan.resolve()), "a+")
chooser = random.Random(int(sys.argv[2]))
saved = refused = 0
while not os.path.exists(sys.argv[3]):
    how = chooser.choice(["rename", "in-place"])
    fcntl.flock(lock_file, fcntl.LOCK_EX)  # plantrack's lock, waited for in the kernel
    try:
        text = plan.read_text()
        body, _, marker = text.rstrip("\\n").rpartition("\\n")
        if marker != f"# saver {saved}":
            print(f"LOST saver {saved}: file ends {marker!r}", flush=True)
            break
        new = f"{body}\\n# saver {saved + 1}\\n"
        if how == "in-place":  # stalls after a part that is a valid plan by itself
            handle = open(plan, "w")
            handle.write(body + "\\n")
            handle.flush()
        else:
            beside = plan.with_name(".saver-tmp")
            beside.write_text(new)
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)
    time.sleep(chooser.uniform(0, 0.01))  # the stall, outside the lock
    if how == "in-place":
        handle.write(f"# saver {saved + 1}\\n")
        handle.close()
        saved += 1
        time.sleep(chooser.uniform(0, 0.005))
        continue
    # Its swap, check and swap back are one step to plantrack (under the lock): a set that
    # read the swapped-in text before the swap back would see the saver's own passing state,
    # and the blind swap back would then undo that set, which is the saver's fault, not set's.
    fcntl.flock(lock_file, fcntl.LOCK_EX)
    try:
        if not ondisk.exchange(beside, plan):
            raise SystemExit("no exchange")
        if beside.read_text() == text:  # what came out is what the saver read
            os.remove(beside)
            saved += 1
        else:  # a careful editor: it does not save over what it has not seen
            ondisk.exchange(beside, plan)
            os.remove(beside)
            refused += 1
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)
    time.sleep(chooser.uniform(0, 0.005))
print(f"saved {saved} refused {refused}", flush=True)

"""


@pytest.mark.skipif(not LINUX, reason="the saver swaps files with renameat2 (Linux)")
def test_500_sets_against_a_process_saving_by_rename_and_in_place_lose_nothing(
    tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace("action: Second", 'action: Second\n        note: "set 0"')
                    + "# saver 0\n")
    stop = tmp_path / "stop"
    saver = subprocess.Popen([sys.executable, "-c", SAVER, str(plan), "11", str(stop)],
                             stdout=subprocess.PIPE, text=True)
    landed = refused = uncertain = 0
    maybe = False  # the last refusal said the change may or may not be there

    def next_note(source: Source) -> str:
        nonlocal landed, maybe
        if maybe and f'note: "set {landed + 1}"' in source.text:
            landed += 1  # it was there after all: not lost, and now counted
        maybe = False
        assert f'note: "set {landed}"' in source.text, "a change of set's was lost"
        loaded = require_plan(load_source(source))
        return edit.apply_changes(source.text, loaded, edit.plan_changes(
            loaded, ["1.2"], note=f"set {landed + 1}"))

    chooser = random.Random(5)
    try:
        for _ in range(500):
            try:
                store.update_plan(plan, "plan.yaml", next_note)
                landed += 1
            except WriteFailed as failed:
                refused += 1
                maybe = "may have been replaced" in failed.message
                uncertain += maybe
            time.sleep(chooser.uniform(0, 0.002))  # the saver's turn to take the lock
    finally:
        stop.touch()
        out, _ = saver.communicate(timeout=120)
    assert "LOST" not in out, out
    saved = int(out.split()[1])
    text = plan.read_text()
    if maybe and f'note: "set {landed + 1}"' in text:
        landed += 1
    assert f'note: "set {landed}"' in text
    assert text.endswith(f"# saver {saved}\n")
    assert landed + refused - uncertain <= 500 <= landed + refused, (landed, refused, out)
    assert landed > 250 and saved > 50, (landed, refused, out)
    print(f"set: {landed} landed, {refused} refused ({uncertain} uncertain); saver: "
          f"{out.strip()}")


@pytest.mark.skipif(not LINUX, reason="the read lease is Linux's")
def test_a_file_kept_open_for_writing_past_the_timeout_is_left_alone(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.LOCK_TIMEOUT_ENV, "0.5")
    done = plan_file.parent / "done"
    writer = stalled_writer(plan_file, f"until {done}")  # open for writing until set gave up
    try:
        with pytest.raises(WriteFailed) as failed:
            store.update_plan(plan_file, "plan.yaml", set_done)
    finally:
        done.touch()
        writer.communicate(timeout=60)
    assert failed.value.message == (
        "plan.yaml is open for writing in another program (a save in progress), and stayed so "
        "for 0.5 s; plantrack did not change it; let the save finish (or close the program "
        "holding the file) and run the command again")
    assert plan_file.read_text() == THEIRS


@pytest.mark.skipif(not LINUX, reason="the read lease is Linux's")
def test_a_refused_change_gives_up_the_lease_and_the_signal_it_set(plan_file: Path) -> None:
    """A lease kept by mistake would make the next save in place wait 45 s for the kernel."""
    import signal

    before = signal.getsignal(signal.SIGIO)

    def refuse(source: Source) -> str:
        raise WriteFailed("refused")

    with pytest.raises(WriteFailed):
        store.update_plan(plan_file, "plan.yaml", refuse)
    assert signal.getsignal(signal.SIGIO) == before
    writer = save_in_place(plan_file, THEIRS.encode())
    writer.join(10)
    assert not writer.is_alive() and plan_file.read_text() == THEIRS
