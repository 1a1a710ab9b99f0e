"""Time whole plantrack processes next to the floor and the peer, at several plan sizes.

    .venv/bin/python bench/run.py --sizes 100,1000,10000,50000 --runs 7 --out bench/out

For each size it generates a plan (bench/generate.py) in a scratch folder outside the
repository, checks that plantrack, the floor and the peer agree on what is overdue, then runs
every command once to warm up and `--runs` more times, round-robin, so that a noisy moment on
a shared machine slows all of them alike. It prints medians with min–max, ratios and peak
memory, and writes results.json and results.md into --out. Nothing here asserts a timing.

Measured, as whole processes started by posix_spawn and reaped by wait4 (which gives each
child's own peak RSS):
  --help         plantrack --help
  overdue        plantrack overdue, the parsed plan in the cache (the usual case)
  first run      plantrack overdue with an empty cache (a first run: parse, then store)
  list --lead    plantrack list --lead NAME (the lead with most actions)
  validate       plantrack validate
  pack docx      plantrack pack --format docx, the whole plan's board pack as a Word file, the
                 plan committed in a scratch git repository (so its history is read too)
  set            plantrack set ID STATUS, on its own copy of the plan, toggling the status of
                 one action back and forth so that every run changes the file
  floor          bench/floor.py: PyYAML's C loader reads the file, the overdue ids are printed
  compose        bench/floor.py --compose: the C loader's compose alone (the bar for `set`)
  peer           Taskwarrior's `task overdue` on the same actions imported as tasks, where
                 `task` is installed (same deadlines, same open/closed states)
  python         the bare interpreter (`python -c pass`), for scale
With --baseline PLANTRACK (another version's console script), --help, overdue, first run and
list --lead are also timed with it, in the same round-robin, as `NAME (baseline)`: a change's
cost measured side by side rather than across two runs of a noisy machine.
These names are the columns of results.md and of the README's table: one set of names.
A plantrack command that does not exist yet in this version is reported as missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # the generator, which sits beside this script

BENCH = Path(__file__).resolve().parent
BUNDLED_PLAN = BENCH.parent / "plan.yaml"
FLOOR = BENCH / "floor.py"
# The measures, in the order of results.md's columns; the README's table uses these names.
COLUMNS = ("python", "--help", "overdue", "first run", "list --lead", "validate", "set", "floor",
           "compose", "peer")
PACK_COLUMNS = ("pack docx",)  # the board pack: a table of its own, as in the README
# Timed too, in a table of their own (their figures are not among the README's targets).
OTHER_COLUMNS = ("import",)
BASELINE_NAMES = ("--help", "overdue", "first run", "list --lead")  # timed again by --baseline


@dataclass
class Measure:
    """One command to time, how to run it, and what its runs gave."""

    name: str
    argvs: list[list[str]]  # run i uses argvs[i % len(argvs)], '{run}' → i (set)
    env: dict[str, str]
    before: list[Path] = field(default_factory=list)  # folders emptied before each run
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # user + system time of each run
    peak_rss_kb: int | None = None
    failures: list[str] = field(default_factory=list)
    runs_started: int = 0

    def next_argv(self) -> list[str]:
        for folder in self.before:
            shutil.rmtree(folder, ignore_errors=True)
        argv = self.argvs[self.runs_started % len(self.argvs)]
        self.runs_started += 1
        return [word.replace("{run}", str(self.runs_started)) for word in argv]

    def run(self, record: bool) -> None:
        argv = self.next_argv()
        seconds, cpu, code = time_process(argv, self.env)
        if code != 0:
            self.failures.append(f"exit {code}: {' '.join(argv)}")
        elif record:
            self.seconds.append(seconds)
            self.cpu_seconds.append(cpu)

    def probe_memory(self) -> None:
        argv = self.next_argv()
        rss_kb, code = peak_rss(argv, self.env)
        if code == 0:
            self.peak_rss_kb = rss_kb

    def summary(self) -> dict[str, object]:
        if not self.seconds:
            return {"missing": True, "failures": self.failures[:3]}
        return {
            "median_s": statistics.median(self.seconds),
            "min_s": min(self.seconds),
            "max_s": max(self.seconds),
            "runs": len(self.seconds),
            "cpu_median_s": statistics.median(self.cpu_seconds),
            "peak_rss_kb": self.peak_rss_kb,
            "failures": self.failures[:3],
        }


def time_process(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system) and exit code of one whole process, its output
    discarded. CPU time is what to compare on a busy shared machine: waiting for a core
    inflates the wall time, not the work done.

    posix_spawn starts it with less overhead and noise than subprocess's fork-and-exec.
    """
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime,
            os.waitstatus_to_exitcode(status))


# Started with nothing imported, it forks and execs the command and reports the child's rusage.
# A child started straight from this runner would not do: Linux keeps the high-water RSS of the
# memory a process had before exec, and a spawned child's is the runner's own (tens of MB once
# it has generated a large plan). This probe's is a few MB, below any Python process's.
_PROBE = """
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1),
      os.waitstatus_to_exitcode(status))
"""


def peak_rss(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    """Peak resident memory (KB) and exit code of one run of the command, in a separate
    untimed run so that the timed ones carry no probe."""
    probe = subprocess.run([sys.executable, "-S", "-E", "-c", _PROBE, *argv], env=env,
                           capture_output=True, text=True, check=False)
    rss_kb, code = probe.stdout.split()
    return int(rss_kb), int(code)


def capture(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", check=False)


def plantrack_argv() -> list[str]:
    """The console script beside this interpreter, as a user runs it; else `python -m`."""
    script = Path(sys.executable).with_name("plantrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "plantrack"]


# -- the plans and what they mean ------------------------------------------------------------
@dataclass
class Subject:
    """A plan to measure and the independent answer to check the programs against."""

    label: str
    plan: Path
    truth: Path
    actions: list[dict]
    as_of: date

    @property
    def expected_overdue(self) -> list[str]:
        day = self.as_of.isoformat()
        return [a["id"] for a in self.actions
                if not a["closed"] and a["due"] is not None and a["due"] < day]


def generated_subject(n: int, seed: int, folder: Path) -> Subject:
    made = generate.generate(n, seed)
    plan = folder / "plan.yaml"
    plan.write_bytes(made.text.encode("utf-8"))
    truth = folder / "truth.json"
    truth.write_text(json.dumps(made.truth()), encoding="utf-8")
    return Subject(f"{n:,}", plan, truth, made.truth()["actions"], generate.REFERENCE_DATE)


def bundled_subject(source: Path, folder: Path) -> Subject:
    """The bundled real plan. Its phrases are plantrack's to read, so its sidecar is made with
    plantrack here, once and untimed; the floor then only looks the dates up."""
    from plantrack.plan.load import load_path, require_plan

    plan = folder / "plan.yaml"
    shutil.copyfile(source, plan)
    os.environ["PLANTRACK_CACHE_DIR"] = str(folder / "cache-sidecar")  # not the user's cache
    parsed = require_plan(load_path(plan))
    actions = [
        {"id": a.id, "rec_id": a.rec_id, "text": a.text, "status": a.status,
         "closed": a.is_closed, "due": a.due.isoformat() if a.due else None,
         "leads": [parsed.canonical(name) for name in a.leads]}
        for a in parsed.actions
    ]
    truth = folder / "truth.json"
    truth.write_text(json.dumps({"actions": actions}), encoding="utf-8")
    return Subject(f"bundled ({len(actions)})", plan, truth, actions, generate.REFERENCE_DATE)


# -- the peer ---------------------------------------------------------------------------------
def taskwarrior_stamp(day: date) -> str:
    """Local midnight at the start of `day`, in Taskwarrior's UTC form."""
    seconds = time.mktime((day.year, day.month, day.day, 0, 0, 0, 0, 0, -1))
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(seconds))


def taskwarrior_env(subject: Subject, folder: Path) -> dict[str, str] | None:
    """Import the subject's actions as tasks into a scratch TASKDATA; None without `task`.

    Taskwarrior only answers as of now, so every date moves by (today - as_of): the same
    actions are then overdue. A deadline is the end of its day, so a task is due at midnight
    after it, and is overdue from the next day, as in plantrack. Completed actions are
    completed tasks, dropped ones deleted, the rest pending.
    """
    task = shutil.which("task")
    if task is None:
        return None
    data = folder / "taskdata"
    data.mkdir()
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n",
                  encoding="utf-8")
    shift = date.today() - subject.as_of  # the peer only answers as of now
    entry = taskwarrior_stamp(subject.as_of - timedelta(days=800) + shift)
    tasks = []
    for number, action in enumerate(subject.actions):
        task_row = {
            "uuid": f"00000000-0000-4000-8000-{number:012d}",
            "description": action["text"],
            "entry": entry,
            "project": f"rec{action['rec_id']}",
            "status": "pending",
        }
        if action["due"]:
            due = date.fromisoformat(action["due"]) + timedelta(days=1) + shift
            task_row["due"] = taskwarrior_stamp(due)
        if action["closed"]:
            task_row["status"] = "completed" if action["status"] == "completed" else "deleted"
            task_row["end"] = taskwarrior_stamp(subject.as_of + shift)
        tasks.append(task_row)
    import_file = folder / "tasks.json"
    import_file.write_text(json.dumps(tasks), encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    imported = capture([task, "import", str(import_file)], env)
    if imported.returncode != 0:
        print(f"  peer: task import failed, skipped: {imported.stderr.strip()[:200]}")
        return None
    return env


# -- one size ---------------------------------------------------------------------------------
def available(command: str, env: dict[str, str]) -> bool:
    return capture([*plantrack_argv(), command, "--help"], env).returncode == 0


def committed_copy(plan: Path, repo: Path) -> Path | None:
    """The plan committed alone in a new git repository (fixed author and date); None
    without git."""
    if shutil.which("git") is None:
        return None
    repo.mkdir()
    copy = repo / "plan.yaml"
    shutil.copyfile(plan, copy)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_AUTHOR_DATE": "2009-10-01T09:00:00+0000",
           "GIT_COMMITTER_DATE": "2009-10-01T09:00:00+0000"}
    for args in (["init", "-q"], ["add", "plan.yaml"], ["commit", "-q", "-m", "plan"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return copy


def build_measures(
    subject: Subject, folder: Path, baseline: list[str] | None = None
) -> tuple[list[Measure], list[str]]:
    """The commands to time for one plan, and notes on what was checked or left out."""
    notes: list[str] = []
    plantrack = plantrack_argv()
    plan, as_of = str(subject.plan), subject.as_of.isoformat()
    # PYTHONDONTWRITEBYTECODE (set on some machines) would make every run recompile every
    # module; an installed plantrack has its bytecode, so the warm-up run may write it here.
    base_env = {k: v for k, v in os.environ.items()
                if k not in ("PLANTRACK_PLAN", "PLANTRACK_NO_CACHE", "PYTHONDONTWRITEBYTECODE")}
    env = {**base_env, "PLANTRACK_CACHE_DIR": str(folder / "cache")}
    first_cache = folder / "cache-first"
    first_env = {**base_env, "PLANTRACK_CACHE_DIR": str(first_cache)}
    measures = [
        Measure("python", [[sys.executable, "-c", "pass"]], env),
        Measure("--help", [[*plantrack, "--help"]], env),
        Measure("overdue", [[*plantrack, "overdue", "--plan", plan, "--as-of", as_of]], env),
        Measure("first run", [[*plantrack, "overdue", "--plan", plan, "--as-of", as_of]],
                first_env, before=[first_cache]),
    ]
    if available("list", env):
        leads = Counter(name for a in subject.actions for name in a["leads"])
        lead = leads.most_common(1)[0][0]
        measures.append(Measure("list --lead",
                                [[*plantrack, "list", "--lead", lead, "--plan", plan]], env))
    else:
        notes.append("list: not in this version of plantrack")
    measures.append(Measure("validate", [[*plantrack, "validate", "--plan", plan]], env))
    if available("pack", env):
        pack_plan = committed_copy(subject.plan, folder / "pack-repo")
        if pack_plan is None:
            pack_plan = subject.plan
            notes.append("pack docx: git is not installed; timed without the plan's history")
        measures.append(Measure("pack docx", [[
            *plantrack, "pack", "--plan", str(pack_plan), "--as-of", as_of, "--format", "docx",
            "--output", str(folder / "pack.docx")]], env))
    else:
        notes.append("pack: not in this version of plantrack")
    if available("set", env):
        set_plan = folder / "plan-set.yaml"
        shutil.copyfile(subject.plan, set_plan)
        target = next(a for a in subject.actions if not a["closed"])
        other = "blocked" if target["status"] != "blocked" else "in-progress"
        # A new note each run, so every run writes text never seen before and its check
        # really parses it (the cache only holds what earlier runs read); the plan as the
        # previous run left it is in the cache, as it is when one set follows another.
        note = ["--note", "benchmark run {run}"]
        measures.append(Measure("set", [
            [*plantrack, "set", target["id"], other, *note, "--plan", str(set_plan)],
            [*plantrack, "set", target["id"], target["status"], *note, "--plan", str(set_plan)],
        ], env))
    else:
        notes.append("set: not in this version of plantrack")
    if available("import", env):
        # The plan's own export as the tracker (one row per action), made once, untimed;
        # each run reads it, maps and groups its rows, writes the plan and validates it.
        tracker = folder / "tracker.xlsx"
        made = capture([*plantrack, "list", "--plan", plan, "--format", "xlsx", "--output",
                        str(tracker)], env)
        if made.returncode == 0:
            measures.append(Measure("import", [[*plantrack, "import", str(tracker), "--output",
                                                str(folder / "imported.yaml"), "--force"]], env))
        else:
            notes.append(f"import: the tracker could not be made ({made.stderr.strip()})")
    else:
        notes.append("import: not in this version of plantrack")
    measures.append(Measure("floor", [[sys.executable, str(FLOOR), plan, str(subject.truth),
                                       as_of]], env))
    measures.append(Measure("compose", [[sys.executable, str(FLOOR), "--compose", plan]], env))
    peer_env = taskwarrior_env(subject, folder)
    if peer_env is not None:
        measures.append(Measure("peer", [["task", "overdue"]], peer_env))
    else:
        notes.append("peer: Taskwarrior (`task`) is not installed; skipped")
    if baseline:
        measures += baseline_measures(measures, plantrack, baseline)
    return measures, notes


def baseline_measures(
    measures: list[Measure], plantrack: list[str], baseline: list[str]
) -> list[Measure]:
    """The same commands run with another version's plantrack (its own cache folder)."""
    copies = []
    for measure in measures:
        if measure.name not in BASELINE_NAMES:
            continue
        argvs = [[*baseline, *argv[len(plantrack):]] for argv in measure.argvs]
        env = dict(measure.env)
        before = list(measure.before)
        if "PLANTRACK_CACHE_DIR" in env:  # versions may store different cache entries
            env["PLANTRACK_CACHE_DIR"] += "-baseline"
            before = [Path(env["PLANTRACK_CACHE_DIR"])] if measure.before else []
        copies.append(Measure(f"{measure.name} (baseline)", argvs, env, before))
    return copies


def check_answers(subject: Subject, measures: dict[str, Measure]) -> list[str]:
    """Do the floor, plantrack and the peer name the same overdue actions? Returns problems.

    The floor must agree exactly (it is ours). plantrack's output is a table whose layout
    other work may change, so its ids are picked out of it; the peer is checked by count.
    """
    expected = subject.expected_overdue
    problems = []
    floor = capture(measures["floor"].argvs[0], measures["floor"].env)
    if floor.stdout.split() != expected:
        problems.append(f"floor: {len(floor.stdout.split())} overdue ids, expected "
                        f"{len(expected)}")
    overdue = capture(measures["overdue"].argvs[0], measures["overdue"].env)
    all_ids = {a["id"] for a in subject.actions}
    found = {word.strip("│|") for word in overdue.stdout.split()} & all_ids
    if overdue.returncode != 0:
        problems.append(f"plantrack overdue: exit {overdue.returncode}: "
                        f"{overdue.stderr.strip()[:200]}")
    elif found != set(expected):
        problems.append(f"plantrack overdue: named {len(found)} of the {len(expected)} "
                        "overdue actions (or others)")
    if "peer" in measures:
        count = capture(["task", "+OVERDUE", "count"], measures["peer"].env)
        if count.stdout.strip() != str(len(expected)):
            problems.append(f"peer: {count.stdout.strip()} overdue tasks, expected "
                            f"{len(expected)}")
    if "set" in measures:
        setter = measures["set"]
        set_plan = Path(setter.argvs[0][-1])
        for _ in setter.argvs:  # each way once, keeping the toggle in step with its runs
            before = set_plan.read_bytes()
            argv = setter.argvs[setter.runs_started % len(setter.argvs)]
            setter.runs_started += 1
            changed = capture(argv, setter.env)
            if changed.returncode != 0 or set_plan.read_bytes() == before:
                problems.append(f"plantrack set: did not change the file (exit "
                                f"{changed.returncode}: {changed.stderr.strip()[:200]})")
    if "pack docx" in measures:
        packer = measures["pack docx"]
        written = Path(packer.argvs[0][-1])
        written.unlink(missing_ok=True)
        made = capture(packer.argvs[0], packer.env)
        if made.returncode != 0 or not written.is_file() or \
                written.read_bytes()[:2] != b"PK":  # a .docx is a zip file
            problems.append(f"plantrack pack: no Word file written (exit {made.returncode}: "
                            f"{made.stderr.strip()[:200]})")
    return problems


def measure_subject(
    subject: Subject, folder: Path, runs: int, baseline: list[str] | None = None
) -> dict[str, object]:
    measures, notes = build_measures(subject, folder, baseline)
    by_name = {m.name: m for m in measures}
    for measure in measures:  # warm-up: fills caches, pages in files, not recorded
        measure.run(record=False)
    problems = check_answers(subject, by_name)
    for _ in range(runs):
        for measure in measures:
            measure.run(record=True)
    for measure in measures:
        measure.probe_memory()
    return {
        "label": subject.label,
        "actions": len(subject.actions),
        "overdue": len(subject.expected_overdue),
        "file_bytes": subject.plan.stat().st_size,
        "measures": {m.name: m.summary() for m in measures},
        "notes": notes,
        "problems": problems,
    }


# -- reporting --------------------------------------------------------------------------------
def median(result: dict, name: str) -> float | None:
    summary = result["measures"].get(name, {"missing": True})
    return None if summary.get("missing") else summary["median_s"]


def ratio(result: dict, top: str, bottom: str) -> float | None:
    a, b = median(result, top), median(result, bottom)
    return a / b if a is not None and b else None


def ratios(results: list[dict]) -> None:
    """Add the ratios the targets are stated in to each result (and growth between sizes)."""
    by_actions = {r["actions"]: r for r in results if not r["label"].startswith("bundled")}
    for result in results:
        result["ratios"] = {
            "overdue / floor": ratio(result, "overdue", "floor"),
            "first run / floor": ratio(result, "first run", "floor"),
            "overdue / peer": ratio(result, "overdue", "peer"),
            "set / compose": ratio(result, "set", "compose"),
            "--help / python": ratio(result, "--help", "python"),
            **{f"{name} / baseline": ratio(result, name, f"{name} (baseline)")
               for name in BASELINE_NAMES if f"{name} (baseline)" in result["measures"]},
            **{f"{name} / baseline, CPU": cpu_ratio(result, name, f"{name} (baseline)")
               for name in BASELINE_NAMES if f"{name} (baseline)" in result["measures"]},
        }
        result["peak_rss / file"] = {
            name: s["peak_rss_kb"] * 1024 / result["file_bytes"]
            for name, s in result["measures"].items()
            if not s.get("missing") and s.get("peak_rss_kb")
        }
        bigger = by_actions.get(result["actions"] * 5)
        if bigger is not None and not result["label"].startswith("bundled"):
            result["growth ×5"] = {name: ratio_of(bigger, result, name)
                                   for name in ("overdue", "first run")}


def cpu_ratio(result: dict, top: str, bottom: str) -> float | None:
    a, b = (result["measures"].get(name, {}).get("cpu_median_s") for name in (top, bottom))
    return a / b if a is not None and b else None


def ratio_of(bigger: dict, smaller: dict, name: str) -> float | None:
    a, b = median(bigger, name), median(smaller, name)
    return a / b if a is not None and b else None


def cell(summary: dict) -> str:
    if summary.get("missing"):
        return "failed" if summary.get("failures") else "—"
    return (f"{summary['median_s'] * 1000:.0f} "
            f"({summary['min_s'] * 1000:.0f}–{summary['max_s'] * 1000:.0f})")


def number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def tables(results: list[dict]) -> str:
    names = [n for n in (*COLUMNS, *(f"{b} (baseline)" for b in BASELINE_NAMES))
             if any(n in r["measures"] for r in results)]
    lines = ["Median ms (min–max) of whole processes", "",
             "| plan | file | " + " | ".join(names) + " |",
             "|---|---:|" + "---:|" * len(names)]
    for r in results:
        size = f"{r['file_bytes'] / 1_048_576:.1f} MB"
        lines.append(f"| {r['label']} | {size} | "
                     + " | ".join(cell(r["measures"].get(n, {"missing": True})) for n in names)
                     + " |")
    others = [n for n in OTHER_COLUMNS if any(n in r["measures"] for r in results)]
    if others:
        lines += ["", "Other commands, median ms (min–max): `import` reads the plan's own "
                  "`list --format xlsx` workbook (one row an action) and writes a plan", "",
                  "| plan | " + " | ".join(others) + " |", "|---|" + "---:|" * len(others)]
        lines += [f"| {r['label']} | " + " | ".join(
            cell(r["measures"].get(n, {"missing": True})) for n in others) + " |"
            for r in results]
    ratio_names = list(results[0]["ratios"]) if results else []
    lines += ["", "Ratios of medians (targets: overdue/floor ≤ 2 on the bundled plan; at 10,000 "
              "actions overdue/peer ≤ 1.0, first run/floor ≤ 1.2, set/compose ≤ 1.5; "
              "50,000 ÷ 10,000 ≤ 5.5)", "",
              "| plan | " + " | ".join(ratio_names) + " | ×5 actions: overdue | ×5: first run |",
              "|---|" + "---:|" * (len(ratio_names) + 2)]
    for r in results:
        growth = r.get("growth ×5", {})
        cells = [number(r["ratios"][n]) for n in ratio_names]
        cells += [number(growth.get("overdue")), number(growth.get("first run"))]
        lines.append(f"| {r['label']} | " + " | ".join(cells) + " |")
    lines += ["", "Peak RSS in MB, and ÷ file size (target ≤ 30×; the interpreter alone is "
              "about 10 MB)", "",
              "| plan | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for r in results:
        row = []
        for name in names:
            summary = r["measures"].get(name, {})
            peak = summary.get("peak_rss_kb")
            row.append("—" if not peak else
                       f"{peak / 1024:.0f} ({r['peak_rss / file'][name]:.0f}×)")
        lines.append(f"| {r['label']} | " + " | ".join(row) + " |")
    lines += pack_table(results)
    for r in results:
        for text in (*r["notes"], *r["problems"]):
            lines.append(f"\n- {r['label']}: {text}")
    return "\n".join(lines) + "\n"


def pack_table(results: list[dict]) -> list[str]:
    """The board pack's own table (targets: under 1 s on the bundled plan, 10 s at 10,000)."""
    if not any(name in r["measures"] for r in results for name in PACK_COLUMNS):
        return []
    lines = ["", "The board pack: median ms (min–max), peak RSS in MB (targets: pack docx under "
             "1 s on the bundled plan, under 10 s at 10,000 actions)", "",
             "| plan | " + " | ".join(f"{n} | {n} MB" for n in PACK_COLUMNS) + " |",
             "|---|" + "---:|---:|" * len(PACK_COLUMNS)]
    for r in results:
        row = []
        for name in PACK_COLUMNS:
            summary = r["measures"].get(name, {"missing": True})
            peak = summary.get("peak_rss_kb")
            row += [cell(summary), "—" if not peak else f"{peak / 1024:.0f}"]
        lines.append(f"| {r['label']} | " + " | ".join(row) + " |")
    return lines


def environment() -> dict[str, object]:
    import yaml

    task = shutil.which("task")
    versions = capture([*plantrack_argv(), "--version"], dict(os.environ)).stdout.strip()
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "plantrack": versions,
        "pyyaml": yaml.__version__,
        "libyaml": getattr(yaml, "__with_libyaml__", False),
        "taskwarrior": capture([task, "--version"], dict(os.environ)).stdout.strip()
        if task else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000",
                        help="comma-separated numbers of actions (default 100,1000,10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="folder for results.json and results.md")
    parser.add_argument("--no-bundled", action="store_true",
                        help="leave out the bundled plan.yaml")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--baseline", metavar="PLANTRACK",
                        help="another version's plantrack script, timed in the same runs")
    parser.add_argument("--history", action="store_true",
                        help="also time `changes --since` over 200 and 1,000 commits "
                             "(bench/history.py; makes two git repositories, about a minute)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="plantrack-bench-"))
    results = []
    started = time.perf_counter()
    try:
        makers: list[tuple[str, Callable[[Path], Subject]]] = []
        if not args.no_bundled and BUNDLED_PLAN.exists():
            makers.append(("bundled", lambda folder: bundled_subject(BUNDLED_PLAN, folder)))
        for n in sizes:
            makers.append((f"generated-{n}",
                           lambda folder, n=n: generated_subject(n, args.seed, folder)))
        for name, make in makers:
            folder = scratch / name
            folder.mkdir()
            subject = make(folder)
            print(f"{subject.label} actions: {subject.plan.stat().st_size:,} bytes, "
                  f"{len(subject.expected_overdue):,} overdue …", flush=True)
            results.append(measure_subject(subject, folder, args.runs,
                                           [args.baseline] if args.baseline else None))
    finally:
        if args.keep:
            print(f"scratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    ratios(results)
    report = tables(results)
    found: list[dict] = []
    if args.history:
        import history  # beside this script

        scratch = Path(tempfile.mkdtemp(prefix="plantrack-history-bench-"))
        try:
            found = history.measure(plantrack_argv(), scratch, args.runs, args.seed,
                                    time_process)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        report += "\n" + history.table(found)
    print()
    print(report)
    document = {"environment": environment(), "runs": args.runs, "seed": args.seed,
                "seconds": time.perf_counter() - started, "results": results,
                "history": found}
    (out / "results.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    (out / "results.md").write_text(report, encoding="utf-8")
    print(f"written: {out / 'results.json'}, {out / 'results.md'}")
    return 1 if any(r["problems"] for r in results) or any("problem" in r for r in found) \
        else 0


if __name__ == "__main__":
    sys.exit(main())
