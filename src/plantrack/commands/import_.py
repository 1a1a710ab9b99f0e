"""`plantrack import FILE`: a tracker in Excel or CSV becomes a plan, problems shown at the cell.

The plan is written even when it has problems (exit 1): most are a status word or a deadline
phrase to settle, quicker to fix in the YAML than in the sheet. Each problem names the cell as
well as the line (`Actions!C14 → plan.yaml:88:14: error: …`), so either can be fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from plantrack.errors import ERROR, EXIT_PLAN_ERRORS, UsageError
from plantrack.importer import headers
from plantrack.importer.readers import Table, read_table
from plantrack.importer.rows import Imported, read_rows
from plantrack.importer.yamlout import ACTION_ORDER, Written, write_plan
from plantrack.messages import err, say
from plantrack.plan.load import display_path


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def convert(table: Table, maps: dict[str, str], *, title: str | None,
            organisation: str | None = None, fallback_title: str = "Action plan"
            ) -> tuple[headers.Mapping, Imported, Written]:
    """The sheet read, grouped and written as plan text (nothing is validated here). The
    title: --title, else the sheet's own above its first recommendation, else the file's."""
    mapping = headers.map_columns(table, maps)
    imported = read_rows(table, mapping)
    written = write_plan(imported, title=title or imported.title or fallback_title,
                         source=table.how,
                         mapping_lines=mapping.describe(),
                         organisation=organisation)
    return mapping, imported, written


def located(written: Written, display: str, imported: Imported) -> list[tuple[bool, str]]:
    """Every problem, the import's own and the validator's, as (is_error, line to print)."""
    from plantrack.plan.load import all_problems, load_text

    where: dict[str, tuple[int, int]] = {}
    for spot, ref in written.cells.items():
        where.setdefault(ref, spot)
    lines: list[tuple[bool, str]] = []
    for note in imported.notes:
        spot = where.get(note.ref)
        at = f" → {display}:{spot[0]}:{spot[1]}" if spot else ""
        lines.append((note.severity == ERROR,
                      f"{note.ref}{at}: {note.severity}: {note.message} [{note.code}]"))
    for problem in all_problems(load_text(written.text, display)):
        ref = written.ref_at(problem.line, problem.col)
        lines.append((problem.is_error, f"{ref} → {problem}" if ref else str(problem)))
    return lines


def dry_run(table: Table, mapping: headers.Mapping, imported: Imported, rows: int = 5) -> None:
    say(f"Reading {table.how}; the header is row {mapping.header_row + 1}:")
    for line in mapping.describe():
        say(f"  {line}")
    say("The first rows as they would be read:")
    shown = 0
    for rec in imported.recs:
        say(f"  recommendation {rec.id}" + (f": {_short(str(rec.title.text))}"
                                                   if rec.title else ""))
        for action in rec.actions:
            if shown == rows:
                return
            shown += 1
            ordered = sorted(action.values.items(), key=lambda kv: ACTION_ORDER.index(kv[0]))
            values = [f"{key}: {_short(v.text)}" for key, v in
                      (*ordered, *action.extra.items())]
            say(f"    {action.ref}  " + "; ".join(values))


def _short(text: str | tuple[str, ...], width: int = 40) -> str:
    text = ", ".join(text) if isinstance(text, tuple) else text
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def run(file: str, *, output: str, sheet: str | None, maps: Sequence[str], title: str | None,
        organisation: str | None, dry: bool, force: bool) -> int:
    """Read, convert, write and report; exit 0 valid, 1 with problems, 2 unreadable input."""
    from plantrack.formats.destination import write_file

    source = Path(file)
    target = Path(output)
    display = display_path(target)
    chosen = headers.parse_maps(maps)
    if not dry and target.exists() and not force:
        raise UsageError(f"{display} already exists; give another file with -o, or --force to "
                         "replace it")
    if target.is_dir():
        raise UsageError(f"{display} is a folder; give a file name with -o")
    if target.resolve() == source.resolve():
        raise UsageError(f"-o {display} is the tracker itself; give the plan another name")
    table = read_table(source, sheet)
    mapping, imported, written = convert(table, chosen, title=title,
                                         organisation=organisation,
                                         fallback_title=f"Action plan imported from "
                                                        f"{source.name}")
    if dry:
        dry_run(table, mapping, imported)
        err(f"{source.name}: dry run, nothing written")
        return 0
    problems = located(written, display, imported)
    write_file(target, written.text.encode("utf-8"))
    for _, line in problems:
        say(line)
    actions = sum(len(rec.actions) for rec in imported.recs)
    errors = sum(1 for is_error, _ in problems if is_error)
    warnings = len(problems) - errors
    err(f"Read {table.how}: {_plural(len(imported.recs), 'recommendation')}, "
         f"{_plural(actions, 'action')}; wrote {display} with {_plural(errors, 'error')}, "
         f"{_plural(warnings, 'warning')}")
    if errors:
        check = "plantrack validate" + ("" if display == "plan.yaml" else f" --plan {display}")
        err(f"Fix them in {display} (or in the sheet, and import again); `{check}` checks it.")
        return EXIT_PLAN_ERRORS
    return 0
