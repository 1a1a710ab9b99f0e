"""The command line: parse options, call the core, render, map errors to exit codes.

Kept thin on purpose, and light to import: `plantrack --help` must feel instant, so modules
that cost start-up time (rich, the editor, dateutil) are imported inside the commands that use
them. This is the only module that reads the clock.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from plantrack import __version__
from plantrack.errors import EXIT_OK, EXIT_PLAN_ERRORS, PlanInvalid, PlantrackError, UsageError

app = typer.Typer(
    name="plantrack",
    help="Keep an improvement action plan in one YAML file, and answer what a board asks of it.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

PlanOption = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on 3.9-era annotations
    typer.Option(
        "--plan",
        "-p",
        help="Plan file. Default: $PLANTRACK_PLAN, else plan.yaml here or in a parent folder.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--as-of",
        help="Answer as on this date (31/01/2010, 2010-01-31, 'January 2010', today).",
        show_default=False,
    ),
]


def today() -> date:
    """The clock, read in one place so that everything else can be tested at fixed dates."""
    return date.today()


def as_of_date(text: str | None) -> date:
    from plantrack import dates

    if text is None:
        return today()
    try:
        return dates.read_as_of(text, today())
    except dates.PhraseError as exc:
        raise UsageError(f"--as-of: {exc.message}; {exc.hint}") from None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def err(message: str) -> None:
    """One line to stderr, for errors and summaries that must not mix with the answer."""
    typer.echo(message, err=True)


def load_plan(plan_option: str | None):  # -> tuple[LoadResult, Plan]
    """Find, read and validate the plan; a broken plan ends the command (exit 1)."""
    from plantrack.load import find_plan, load_path, require_plan

    result = load_path(find_plan(plan_option))
    return result, require_plan(result)


def fail(exc: PlantrackError) -> NoReturn:
    if isinstance(exc, PlanInvalid):
        for problem in exc.problems:
            if problem.is_error:
                err(str(problem))
        err(f"plantrack: {exc.message}")
    else:
        err(f"plantrack: {exc.message}")
    raise typer.Exit(exc.exit_code)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"plantrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=version_callback, is_eager=True,
                     help="Show the version and exit."),
    ] = False,
) -> None:
    """Keep an improvement action plan in one YAML file, and answer what a board asks of it.

    Exit codes: 0 ok; 1 the plan has errors (or --exit-code found something); 2 usage, unknown
    id or name, no plan found or unreadable; 3 the plan could not be written.
    """


@app.command()
def validate(
    plan: PlanOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
) -> None:
    """Check the plan and report every problem as FILE:LINE:COL: error|warning: message [code]."""
    from plantrack.load import all_problems, find_plan, load_path

    try:
        result = load_path(find_plan(plan))
    except PlantrackError as exc:
        fail(exc)
    problems = all_problems(result)
    for problem in problems:
        typer.echo(str(problem))
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    tally = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if result.plan is not None and not errors:
        count = sum(1 for _ in result.plan.actions)
        err(f"{result.source.path}: {plural(len(result.plan.recommendations), 'recommendation')}"
            f", {plural(count, 'action')}; {tally}")
    else:
        err(f"{result.source.path}: {tally}")
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_PLAN_ERRORS)


@app.command()
def overdue(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything is overdue.")
    ] = False,
) -> None:
    """Actions past their deadline (from the day after it) and not completed or dropped."""
    from plantrack.query import overdue_actions

    try:
        when = as_of_date(as_of)
        _, loaded = load_plan(plan)
    except PlantrackError as exc:
        fail(exc)
    rows = overdue_actions(loaded, when)
    for action, days in rows:
        typer.echo(f"{action.id}\t{days} days\t{action.due_text}\t{action.status}\t{action.text}")
    err(f"{len(rows)} overdue as of {when.isoformat()}")
    if exit_code and rows:
        raise typer.Exit(EXIT_PLAN_ERRORS)


@app.command("dates")
def dates_command(plan: PlanOption = None) -> None:
    """Each action's deadline phrase and how it was read (2.2  By Nov 09 → 2009-11-30)."""
    from plantrack.load import find_plan, load_path

    try:
        result = load_path(find_plan(plan))
    except PlantrackError as exc:
        fail(exc)
    if result.plan is None:
        fail(PlanInvalid(result.problems))
    for action in result.plan.actions:
        written = action.due_text if action.due_text is not None else "(no deadline)"
        reading = action.due.isoformat() if action.due else "no deadline"
        start = f"  (start {action.start.isoformat()})" if action.start else ""
        typer.echo(f"{action.id}  {written} → {reading}{start}")


def main() -> None:
    """Console entry point: Typer runs the command; our errors become one line and an exit code."""
    try:
        app()
    except PlantrackError as exc:  # raised outside a command's own handling
        err(f"plantrack: {exc.message}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err("plantrack: interrupted")
        sys.exit(130)


__all__ = ["EXIT_OK", "Path", "app", "main"]
