"""Every example in README.md and docs/*.md runs, and prints what the page shows.

The harness collects, from each page, every fenced block of these kinds:

- ```console: lines starting with `$ ` are commands (a line ending in `\\` continues); the
  lines after one, up to the next `$ `, are what it prints (stdout, then stderr). The output
  must match exactly, apart from git commit ids in parentheses.
- ```sh: every line starting with `plantrack` is run; it must succeed (exit 0; a line with
  `--exit-code` may also exit 4, "something is overdue"). Nothing is shown, so nothing is
  compared: these are the examples whose output depends on today's date.
- ```yaml (CI files, pre-commit configs): every `plantrack` command in it (`- run: plantrack
  ...`, `- plantrack ...`) is run as a sh line is, with $GITHUB_STEP_SUMMARY a file.

Each block runs in a fresh temporary git repository holding a committed copy of the bundled
plan.yaml (so `set ... --commit` works and nothing in the checkout changes), its commands in
order (a `set` sees the one before it), through bash, with `plantrack` on PATH as
`python -m plantrack`, no $COLUMNS (tables are 120 wide, as in a pipe), no colour, and fixed
git dates and author (so commit ids do not depend on the clock).

A comment on the line before a block changes how it is run, `<!-- example: KEY ... -->`:
  `skip REASON...`   not run at all (say why: a command that needs a network, say);
  `no-compare`       run, must succeed, output not compared (it depends on today's date);
  `empty-folder`     the folder has no plan.yaml (for `plantrack init`);
  `files=A,B`        also copy these repository files into the folder (for `import`);
  `exit=N`           every command must exit N (for an example of a failure, in a sh block).
Output that GitHub should render rather than show as text (a Markdown table) may follow its
console block between `<!-- example-output -->` and `<!-- /example-output -->`: it is the
expected output of the block's last command, which then shows none itself.

New pages in docs/ and new blocks are picked up without any change here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXIT_OVERDUE = 4
FENCE = re.compile(r"^(`{3,})\s*([\w-]*)\s*$")
MARKER = re.compile(r"^<!--\s*example:\s*(.*?)\s*-->$")
COMMIT_ID = re.compile(r"\((?:[0-9a-f]{7,40})\)")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ann Example", "GIT_AUTHOR_EMAIL": "ann@example.org",
    "GIT_COMMITTER_NAME": "Ann Example", "GIT_COMMITTER_EMAIL": "ann@example.org",
    "GIT_AUTHOR_DATE": "2010-02-01T09:00:00+0000", "GIT_COMMITTER_DATE": "2010-02-01T09:00:00+0000",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass
class Step:
    command: str
    expected: str | None  # None: not compared


@dataclass
class Example:
    page: str
    line: int  # of the opening fence, 1-based
    kind: str  # console or sh
    steps: list[Step]
    options: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"


def parse_marker(text: str) -> dict[str, str]:
    """'no-compare files=a,b skip needs a network' -> {'no-compare': '', 'files': 'a,b',
    'skip': 'needs a network'}: everything after `skip` is its reason."""
    options: dict[str, str] = {}
    words = text.split()
    for index, word in enumerate(words):
        if word == "skip":
            options["skip"] = " ".join(words[index + 1:]) or "marked skip"
            break
        key, _, value = word.partition("=")
        options[key] = value
    return options


def console_steps(lines: list[str]) -> list[Step]:
    steps: list[Step] = []
    output: list[str] = []
    for line in lines:
        if line.startswith("$ "):
            if steps:
                steps[-1].expected = "".join(f"{text}\n" for text in output)
            steps.append(Step(line[2:], None))
            output = []
        elif steps and steps[-1].expected is None and not output and \
                steps[-1].command.endswith("\\"):
            steps[-1].command = steps[-1].command[:-1] + line.strip()
        else:
            output.append(line)
    if steps:
        steps[-1].expected = "".join(f"{text}\n" for text in output)
    return steps


def sh_steps(lines: list[str]) -> list[Step]:
    return [Step(line.strip(), None) for line in lines if re.match(r"\s*plantrack\b", line)]


YAML_COMMAND = re.compile(r"^\s*(?:-\s+)?(?:run:\s*)?(plantrack\s.*?)(?:\s+#\s.*)?$")


def yaml_steps(lines: list[str]) -> list[Step]:
    """The plantrack commands of a CI file: `- run: plantrack ...` or `- plantrack ...`."""
    return [Step(match.group(1), None) for line in lines if (match := YAML_COMMAND.match(line))]


def examples_in(text: str, page: str) -> list[Example]:
    """The runnable blocks of one Markdown page, in order."""
    lines = text.splitlines()
    found: list[Example] = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        ticks, kind = fence.groups()
        end = next((j for j in range(index + 1, len(lines)) if lines[j].strip() == ticks),
                   len(lines))
        body = lines[index + 1:end]
        before = next((lines[j] for j in range(index - 1, -1, -1) if lines[j].strip()), "")
        marker = MARKER.match(before.strip())
        options = parse_marker(marker.group(1)) if marker else {}
        steps = console_steps(body) if kind == "console" else sh_steps(body) if kind == "sh" \
            else yaml_steps(body) if kind in ("yaml", "yml") else []
        if kind == "console" and steps and not steps[-1].expected:
            rendered = output_after(lines, end + 1)
            if rendered is not None:
                steps[-1].expected = rendered
        if steps:
            found.append(Example(page, index + 1, kind, steps, options))
        index = end + 1
    return found


def output_after(lines: list[str], start: int) -> str | None:
    """The text between <!-- example-output --> and its closing comment, if it comes next."""
    rest = [j for j in range(start, len(lines)) if lines[j].strip()]
    if not rest or lines[rest[0]].strip() != "<!-- example-output -->":
        return None
    begin = rest[0] + 1
    end = next(j for j in range(begin, len(lines))
               if lines[j].strip() == "<!-- /example-output -->")
    return "\n".join(lines[begin:end]).strip("\n") + "\n"


def all_examples() -> list[Example]:
    return [example for page in PAGES
            for example in examples_in(page.read_text(encoding="utf-8"),
                                       str(page.relative_to(ROOT)))]


# -- running -----------------------------------------------------------------------------------
def prepare_folder(folder: Path, example: Example) -> None:
    """A git repository with the bundled plan committed (and any files the example asks for)."""
    if "empty-folder" not in example.options:
        shutil.copyfile(ROOT / "plan.yaml", folder / "plan.yaml")
    for name in filter(None, example.options.get("files", "").split(",")):
        shutil.copyfile(ROOT / name, folder / Path(name).name)
    env = {**os.environ, **GIT_ENV}
    has_files = any(folder.iterdir())  # before `git init` makes .git (an empty-folder example)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True, env=env)
    if has_files:
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", "plan as bundled"], cwd=folder, check=True,
                       env=env)


def shim(folder: Path) -> Path:
    """A `plantrack` on PATH that runs this interpreter's plantrack."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    script = bin_dir / "plantrack"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m plantrack "$@"\n')
    script.chmod(0o755)
    return bin_dir


def run_step(step: Step, cwd: Path, bin_dir: Path) -> tuple[int, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE",
                          "PLANTRACK_PLAN")}
    env.update(GIT_ENV, PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", PYTHONUTF8="1",
               GITHUB_STEP_SUMMARY=str(cwd / "step-summary.md"))
    done = subprocess.run(["bash", "-c", step.command], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", check=False)
    return done.returncode, done.stdout + done.stderr


def normalise(text: str) -> str:
    return COMMIT_ID.sub("(<commit>)", text)


def allowed_codes(example: Example, step: Step) -> set[int]:
    if "exit" in example.options:
        return {int(example.options["exit"])}
    return {0, EXIT_OVERDUE} if "--exit-code" in step.command else {0}


EXAMPLES = all_examples()


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None,
                    reason="the examples run through bash in a git repository")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.name)
def test_example_runs_as_shown(example: Example, tmp_path: Path) -> None:
    if "skip" in example.options:
        pytest.skip(f"{example.name}: {example.options['skip']}")
    folder = tmp_path / "work"
    folder.mkdir()
    prepare_folder(folder, example)
    bin_dir = shim(tmp_path)
    compare = example.kind == "console" and "no-compare" not in example.options
    for step in example.steps:
        code, output = run_step(step, folder, bin_dir)
        where = f"{example.name}: $ {step.command}"
        if compare and step.expected is not None:
            assert normalise(output) == normalise(step.expected), where
        else:
            assert code in allowed_codes(example, step), f"{where}: exit {code}\n{output}"


# -- the harness itself ------------------------------------------------------------------------
def test_the_pages_examples_are_collected() -> None:
    """Every page with a plantrack command has its examples collected, and the README's
    set examples among them."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        collected = [e for e in EXAMPLES if e.page == str(page.relative_to(ROOT))]
        if re.search(r"^(\$ )?plantrack ", text, flags=re.MULTILINE):
            assert collected, page
    readme = [step.command for e in EXAMPLES if e.page == "README.md" for step in e.steps]
    assert sum(command.startswith("plantrack set ") for command in readme) >= 4
    compared = [e for e in EXAMPLES if e.kind == "console" and "no-compare" not in e.options]
    assert all(step.expected is not None for e in compared for step in e.steps)


PAGE = """\
Text.

```console
$ plantrack list \\
  --rec 1
first
second
$ plantrack show 1.1
```

<!-- example: no-compare files=a.xlsx -->
```sh
pip install x
plantrack overdue   # what is late
--lead NAME
```

```console
$ plantrack summary --format markdown
```

<!-- example-output -->
| a |
<!-- /example-output -->

<!-- example: skip needs a network -->
```console
$ plantrack pack
```

```yaml
steps:
  - run: pip install .
  - run: plantrack validate   # the plan
script:
  - plantrack overdue --exit-code
```
"""


def test_examples_in_a_page() -> None:
    found = examples_in(PAGE, "page.md")
    assert [(e.line, e.kind, e.options) for e in found] == [
        (3, "console", {}), (12, "sh", {"no-compare": "", "files": "a.xlsx"}),
        (18, "console", {}), (27, "console", {"skip": "needs a network"}), (31, "yaml", {}),
    ]
    assert [s.command for s in found[4].steps] == ["plantrack validate",
                                                    "plantrack overdue --exit-code"]
    assert [(s.command, s.expected) for s in found[0].steps] == [
        ("plantrack list --rec 1", "first\nsecond\n"), ("plantrack show 1.1", "")]
    assert [(s.command, s.expected) for s in found[1].steps] == [
        ("plantrack overdue   # what is late", None)]
    assert found[2].steps[0].expected == "| a |\n"


def test_a_wrong_example_fails(tmp_path: Path) -> None:
    """The harness would catch a README that shows the wrong output."""
    example = examples_in("```console\n$ plantrack overdue --as-of 1/2/2010 --rec 9\n"
                          "Nothing at all\n```\n", "page.md")[0]
    with pytest.raises(AssertionError):
        test_example_runs_as_shown(example, tmp_path)


def test_the_readme_has_one_table_of_every_exit_code() -> None:
    """Every EXIT_ code in errors.py has its row in the README's one table of exit codes, and
    the other pages link to it rather than keep a table of their own."""
    from plantrack import errors

    codes = sorted({value for name, value in vars(errors).items() if name.startswith("EXIT_")})
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = [int(cell) for cell in re.findall(r"^\| (\d+) \|", section, flags=re.MULTILINE)]
    assert rows == codes
    for page in PAGES[1:]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"^\| 70 \|", text, flags=re.MULTILINE), page
