"""The history cases: `plantrack changes --since` over many commits of one plan file.

    .venv/bin/python bench/run.py --sizes 1000 --history --out bench/out
    .venv/bin/python bench/history.py --out bench/out        # the history cases alone

Two repositories are made in a scratch folder with `git fast-import` (thousands of commits in
seconds, at fixed dates and authors): 200 commits of the generated 1,000-action plan and 1,000
commits of the bundled plan, each commit changing the status of a few actions (1 to 4) chosen
at random. Timed: `plantrack changes --since DAY --until HEAD`, a table into a pipe, where DAY
is the first commit's day, so every commit is read, diffed and reported. Whole processes, one
warm-up run, then `--runs` timed ones; the parsed-plan cache is empty each run, as history is
not read through it. Reported: wall time, and processor time (plantrack's and git's), which
does not grow with other programs' load on a shared machine; with it, the one-minute load
average when the case ended. The targets (issue 14): under 2 s and under 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402 - the generator beside this script

BUNDLED_PLAN = BENCH.parent / "plan.yaml"
STATUSES = ("not-started", "in-progress", "ongoing", "blocked", "completed")
_STATUS_LINE = re.compile(rb"^( +status: )([^\n#]*?)(\r?)$", re.M)
START = datetime(2009, 10, 1, 9, 0, tzinfo=timezone.utc)
AUTHORS = (("Ann Example", "ann@example.org"), ("Bob Example", "bob@example.org"))
# (label, where the plan comes from, commits, target in seconds)
CASES = (("1,000 actions × 200 commits", "generated-1000", 200, 2.0),
         ("bundled × 1,000 commits", "bundled", 1000, 3.0))


def plan_bytes(source: str, seed: int) -> bytes:
    if source == "bundled":
        return BUNDLED_PLAN.read_bytes()
    return generate.generate(int(source.split("-")[1]), seed).text.encode("utf-8")


def fast_import_stream(text: bytes, commits: int, seed: int) -> tuple[bytes, str]:
    """The commits as a `git fast-import` stream, and the first commit's day."""
    rng = random.Random(seed)
    chunks: list[bytes] = []
    current = text
    for number in range(commits):
        if number:  # the first commit is the plan as agreed; each later one changes 1-4 statuses
            spans = {m.start(): m for m in _STATUS_LINE.finditer(current)}
            picked = rng.sample(sorted(spans), k=min(len(spans), rng.randint(1, 4)))
            for at in sorted(picked, reverse=True):
                match = spans[at]
                new = rng.choice([s for s in STATUSES if s.encode() != match.group(2).strip()])
                current = (current[:match.start(2)] + new.encode() + current[match.end(2):])
        when = int((START + timedelta(hours=6 * number)).timestamp())
        name, email = AUTHORS[number % 2]
        message = f"plan: update {number}".encode()
        chunks += [
            b"commit refs/heads/main\n",
            f"author {name} <{email}> {when} +0000\n".encode(),
            f"committer {name} <{email}> {when} +0000\n".encode(),
            f"data {len(message)}\n".encode(), message, b"\n",
            b"M 100644 inline plan.yaml\n", f"data {len(current)}\n".encode(), current, b"\n",
        ]
    return b"".join(chunks), START.date().isoformat()


def make_repository(folder: Path, text: bytes, commits: int, seed: int) -> str:
    """A repository whose main branch has `commits` versions of plan.yaml; the first day."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True, env=env)
    stream, first_day = fast_import_stream(text, commits, seed)
    subprocess.run(["git", "-C", str(folder), "fast-import", "--quiet"], input=stream,
                   check=True, env=env)
    subprocess.run(["git", "-C", str(folder), "reset", "-q", "--hard", "main"], check=True,
                   env=env)
    return first_day


def time_with_cpu(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, processor seconds (user + system, git's included: plantrack waits for
    it) and exit code of one whole process, its output discarded. On a shared machine the
    wall time grows with everyone else's load; the processor time is this command's own."""
    actions = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def time_changes(plantrack: list[str], folder: Path, since: str, runs: int,
                 time_process) -> dict[str, object]:
    """Median, min and max seconds of `changes --since` and how many rows it reported."""
    argv = [*plantrack, "changes", "--since", since, "--until", "HEAD", "--plan",
            str(folder / "plan.yaml")]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PLANTRACK_CACHE_DIR"] = str(folder.parent / f"{folder.name}-cache")
    counted = subprocess.run([*argv, "--json"], env=env, capture_output=True, text=True,
                             check=False)
    if counted.returncode != 0:
        return {"problem": counted.stderr.strip()[-300:]}
    changes = len(json.loads(counted.stdout))
    time_process(argv, env)  # warm-up
    seconds, cpu = [], []
    for _ in range(runs):
        shutil.rmtree(env["PLANTRACK_CACHE_DIR"], ignore_errors=True)
        elapsed, used, code = time_with_cpu(argv, env)
        if code != 0:
            return {"problem": f"exit {code}"}
        seconds.append(elapsed)
        cpu.append(used)
    return {"median_s": statistics.median(seconds), "min_s": min(seconds),
            "max_s": max(seconds), "cpu_s": statistics.median(cpu), "runs": runs,
            "changes": changes, "load": os.getloadavg()[0]}


def measure(plantrack: list[str], scratch: Path, runs: int, seed: int,
            time_process) -> list[dict[str, object]]:
    results = []
    for label, source, commits, target in CASES:
        folder = scratch / f"history-{source}-{commits}"
        first_day = make_repository(folder, plan_bytes(source, seed), commits, seed)
        print(f"history: {label} …", flush=True)
        result = time_changes(plantrack, folder, first_day, runs, time_process)
        results.append({"case": label, "commits": commits, "target_s": target, **result})
    return results


def table(results: list[dict[str, object]]) -> str:
    lines = ["| `changes --since` | changes reported | wall s, median (min–max) | processor s "
             "| load | target | met (wall)? |", "|---|---:|---:|---:|---:|---:|:---:|"]
    for r in results:
        if "problem" in r:
            lines.append(f"| {r['case']} | – | {r['problem']} | – | – | {r['target_s']} s | "
                         "no |")
            continue
        lines.append(f"| {r['case']} | {r['changes']:,} | {r['median_s']:.2f} "
                     f"({r['min_s']:.2f}–{r['max_s']:.2f}) | {r.get('cpu_s', 0):.2f} | "
                     f"{r.get('load', 0):.1f} | < {r['target_s']:g} s | "
                     f"{'yes' if r['median_s'] < r['target_s'] else 'no'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import run  # the runner beside this script: its timer and its plantrack

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="plantrack-history-bench-"))
    try:
        results = measure(run.plantrack_argv(), scratch, args.runs, args.seed, run.time_process)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report = table(results)
    print(report)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "history.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (out / "history.md").write_text(report, encoding="utf-8")
    return 1 if any("problem" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
