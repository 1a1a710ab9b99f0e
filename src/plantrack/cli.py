"""The command line: parse options, call the core, render, map errors to exit codes.

Kept thin on purpose, and light to import: `plantrack --help` must feel instant, so modules
that cost start-up time (rich, the editor, dateutil) are imported inside the commands that use
them. The commands' bodies live in commands/<name>.py, imported when the command runs.

No `from __future__ import annotations` here: Typer reads every command's annotations on each
run, and evaluating them from strings cost about 10 ms of start-up.
"""

import functools
import gc
import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from plantrack import __version__, completion, errors
from plantrack import options as opt
from plantrack.errors import PlanInvalid, PlantrackError
from plantrack.messages import err, say

if TYPE_CHECKING:  # for annotations only: imported when a command runs
    from plantrack.commands.common import Question

APP_SETTINGS: dict[str, Any] = {
    "name": "plantrack",
    "help": "Keep an improvement action plan in one YAML file, and answer what a board asks of it.",
    "add_completion": False,
    "no_args_is_help": True,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},  # inherited by each command
}
app = typer.Typer(**APP_SETTINGS)


def fail(exc: PlantrackError) -> NoReturn:
    if isinstance(exc, PlanInvalid):
        for problem in exc.problems:
            if problem.is_error:
                err(str(problem))
        err(f"plantrack: {exc.message}")
    else:
        err(f"plantrack: {exc.message}")
    raise typer.Exit(exc.exit_code)


def handled(body: Callable[..., None]) -> Callable[..., None]:
    """The one place a command's PlantrackError becomes its message and exit code."""

    @functools.wraps(body)
    def command(*args: Any, **options: Any) -> None:
        try:
            body(*args, **options)
        except PlantrackError as exc:
            fail(exc)
        except BrokenPipeError:  # `plantrack dates | head -1`: the reader had what it wanted
            silence_stdout()
            raise typer.Exit(0) from None

    return command


def command(name: str | None = None) -> Callable[[Callable[..., None]], Callable]:
    """Register a command whose PlantrackErrors end it with their message and exit code."""

    def register(body: Callable[..., None]) -> Callable:
        return app.command(name)(handled(body))

    return register


def version_callback(value: bool) -> None:
    if value:
        say(f"plantrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=version_callback, is_eager=True,
                     help="Show the version and exit."),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option("--install-completion", callback=completion.install_callback,
                     is_eager=True, expose_value=False,
                     help="Install tab completion for the shell this runs in (bash, zsh, fish "
                          "or PowerShell): commands, options, ids, statuses, names."),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option("--show-completion", callback=completion.show_callback,
                     is_eager=True, expose_value=False,
                     help="Print that shell's completion script ('plantrack completion SHELL' "
                          "for another shell)."),
    ] = False,
) -> None:
    """Keep an improvement action plan in one YAML file, and answer what a board asks of it.

    Exit codes: 0 ok; 1 the plan has errors; 2 usage, unknown id or name, no plan found or
    unreadable; 3 the plan could not be written; 4 overdue --exit-code found something overdue;
    70 plantrack itself failed.
    """


@command()
def validate(
    plan: opt.PlanOption = None,
    strict: opt.ValidateStrictOption = False,
) -> None:
    """Check the plan and report every problem as FILE:LINE:COL: error|warning: message [code]."""
    from plantrack.commands import validate as validate_

    raise typer.Exit(validate_.run(plan, strict=strict))


# -- the questions a board asks ----------------------------------------------------------------
# The listing commands get the options in opt.LISTING_BEFORE/AFTER around their own.
_SHARED = [
    inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
    for key, annotation, default in (*opt.LISTING_BEFORE, *opt.LISTING_AFTER)
]


def question_command(name: str | None = None) -> Callable[[Callable[..., None]], Callable]:
    """Register a listing command whose first parameter receives the loaded Question.

    The command declares only its own options; the plan, --as-of, the filters and the output
    format are added to what Typer sees, and resolved by `ask` before the command runs.
    """

    def register(body: Callable[..., None]) -> Callable:
        own = list(inspect.signature(body).parameters.values())[1:]
        before = len(opt.LISTING_BEFORE)
        params = [*_SHARED[:before], *(p.replace(kind=p.KEYWORD_ONLY) for p in own),
                  *_SHARED[before:]]

        @functools.wraps(body)
        def command(**options: Any) -> None:
            from plantrack.commands.common import ask

            body(ask(**{p.name: options.pop(p.name) for p in _SHARED}), **options)

        del command.__wrapped__  # Typer must see the signature below, not the body's
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        return app.command(name)(handled(command))

    return register


@question_command()
def overdue(
    question: "Question",
    exit_code: opt.OverdueExitCodeOption = False,
) -> None:
    """Actions past their deadline (from the day after it) and not completed or dropped."""
    from plantrack.commands import overdue as overdue_

    raise typer.Exit(overdue_.run(question, exit_code=exit_code))


@question_command()
def due(
    question: "Question",
    within: opt.DueWithinOption = "14d",
    include_overdue: opt.DueIncludeOverdueOption = False,
) -> None:
    """Open actions falling due in the next 14 days (or --within), soonest first."""
    from plantrack.commands import due as due_

    raise typer.Exit(due_.run(question, within=within, include_overdue=include_overdue))


@question_command("list")
def list_command(
    question: "Question",
    rag_mismatch: opt.ListRagMismatchOption = False,
) -> None:
    """Every action the filters keep, in plan order, with its BRAG colour on --as-of."""
    from plantrack.commands import list as list_

    raise typer.Exit(list_.run(question, rag_mismatch=rag_mismatch))


@command()
def show(
    item_id: opt.ItemIdArgument,
    plan: opt.PlanOption = None,
    as_of: opt.AsOfOption = None,
    output: opt.FormatOption = opt.OutputFormat.table,
    json_flag: opt.JsonOption = False,
    output_file: opt.OutputFileOption = None,
) -> None:
    """One action in full, or a recommendation with its criteria, measures and actions."""
    from plantrack.commands import show as show_

    raise typer.Exit(show_.run(item_id, plan=plan, as_of=as_of, output=output,
                               json_flag=json_flag, output_file=output_file))


@question_command()
def leads(question: "Question") -> None:
    """Each lead (after aliases): open, overdue, due in 14 days and completed actions."""
    from plantrack.commands import leads as leads_

    raise typer.Exit(leads_.run(question, "lead"))


@question_command()
def boards(question: "Question") -> None:
    """Each board (after aliases): open, overdue, due in 14 days and completed actions."""
    from plantrack.commands import leads as leads_

    raise typer.Exit(leads_.run(question, "board"))


@question_command()
def summary(
    question: "Question",
    red_after: opt.SummaryRedAfterOption = 30,
) -> None:
    """Per recommendation: counts by status, % complete, a bar and a BRAG rating, with the key."""
    from plantrack.commands import summary as summary_

    raise typer.Exit(summary_.run(question, red_after=red_after))


@command("dates")
def dates_command(
    plan: opt.PlanOption = None,
    output: opt.DatesOutputOption = opt.DatesFormat.table,
) -> None:
    """Each action's deadline phrase and how it was read (2.2  By Nov 09 -> 2009-11-30), with
    the plan setting a reading used."""
    from plantrack.commands import dates as dates_

    raise typer.Exit(dates_.run(plan, output.value))


@command("set")
def set_command(
    words: opt.SetWordsArgument,
    note: opt.SetNoteOption = None,
    due: opt.SetDueOption = None,
    dry_run: opt.DryRunOption = False,
    commit: opt.CommitOption = False,
    on: opt.SetOnOption = None,
    plan: opt.PlanOption = None,
) -> None:
    """Change actions' status (and note or deadline) in place, as a one-line change in the file.

    Examples: plantrack set 2.3 done; plantrack set 2.3 2.4 in progress --note "Two of four held"
    """
    from plantrack.commands import set as set_
    from plantrack.commands.common import today

    raise typer.Exit(set_.run(words, note=note, due=due, dry_run=dry_run, commit=commit,
                              plan=plan, on=on, today=today()))


@command()
def pack(
    output: opt.PackOutputOption,
    plan: opt.PlanOption = None,
    as_of: opt.AsOfOption = None,
    board: opt.PackBoardOption = None,
    lead: opt.PackLeadOption = None,
    rec: opt.PackRecOption = None,
    since: opt.PackSinceOption = None,
    next_meeting: opt.PackNextMeetingOption = None,
    output_format: opt.PackOutputFormatOption = None,
    by_lead: opt.PackByLeadOption = False,
) -> None:
    """The paper for a board meeting: figures, progress, exceptions, what is due and changed."""
    from plantrack.commands import pack as pack_
    from plantrack.commands.common import as_of_date, today

    raise typer.Exit(pack_.run(
        plan=plan, as_of=as_of_date(as_of), today=today(), board=board, lead=lead, rec=rec,
        since=since, next_meeting=next_meeting,
        fmt=output_format.value if output_format else None, output=output, by_lead=by_lead))


# -- the meeting cycle: what the plan's git history says ------------------------------------
@command()
def changes(
    since: opt.SinceOption,
    until: opt.UntilOption = None,
    plan: opt.PlanOption = None,
    lead: opt.LeadOption = None,
    board: opt.BoardOption = None,
    status: opt.StatusOption = None,
    rec: opt.RecOption = None,
    area: opt.AreaOption = None,
    search: opt.SearchOption = None,
    output: opt.FormatOption = opt.OutputFormat.table,
    json_flag: opt.JsonOption = False,
    output_file: opt.OutputFileOption = None,
) -> None:
    """What changed since a date or revision (from git): statuses, deadlines, notes, leads,
    boards, actions added and removed; what became overdue and what was completed.

    Example: plantrack changes --since 1/1/2010 --board "Social Care Management Team"
    """
    from plantrack.commands import changes as changes_
    from plantrack.commands.common import format_named, today
    from plantrack.query import Filters

    chosen = format_named(output, json_flag, output_file)
    filters = Filters(tuple(lead or ()), tuple(board or ()), tuple(status or ()),
                      tuple(rec or ()), area, search)
    raise typer.Exit(changes_.run(plan=plan, since=since, until=until, filters=filters,
                                  output=chosen, output_file=output_file, today=today()))


@command()
def history(
    item_id: opt.ItemIdArgument,
    plan: opt.PlanOption = None,
    as_of: opt.AsOfOption = None,
    output: opt.FormatOption = opt.OutputFormat.table,
    json_flag: opt.JsonOption = False,
    output_file: opt.OutputFileOption = None,
) -> None:
    """One action's (or recommendation's) changes from git, oldest first, with date, author
    and commit message, ending with how it stands now (or on --as-of)."""
    from plantrack.commands import history as history_
    from plantrack.commands.common import as_of_date, format_named

    raise typer.Exit(history_.run(item_id=item_id, plan=plan,
                                  output=format_named(output, json_flag, output_file),
                                  output_file=output_file, today=as_of_date(as_of)))


@command()
def slipped(
    plan: opt.PlanOption = None,
    as_of: opt.AsOfOption = None,
    min_days: opt.SlippedMinDaysOption = 1,
    lead: opt.LeadOption = None,
    board: opt.BoardOption = None,
    status: opt.StatusOption = None,
    rec: opt.RecOption = None,
    area: opt.AreaOption = None,
    search: opt.SearchOption = None,
    output: opt.FormatOption = opt.OutputFormat.table,
    json_flag: opt.JsonOption = False,
    output_file: opt.OutputFileOption = None,
) -> None:
    """Actions whose deadline is later than first agreed (original_due, else the first one
    committed to git): both deadlines, days slipped, times moved, most slipped first."""
    from plantrack.commands import slipped as slipped_
    from plantrack.commands.common import today

    raise typer.Exit(slipped_.run(
        plan=plan, as_of=as_of, min_days=min_days, lead=lead, board=board, status=status,
        rec=rec, area=area, search=search, output=output, json_flag=json_flag,
        output_file=output_file, today=today()))


# init, add, import and schema are declared in cli_start.py; importing it registers them.
from plantrack import cli_start  # noqa: E402, F401


@command("completion")
def completion_command(
    shell: opt.CompletionShellArgument,
) -> None:
    """Print the tab completion script for a shell, to load or install it by hand.

    bash: plantrack completion bash >> ~/.bashrc. --install-completion does this for the shell
    plantrack runs in.
    """
    completion.print_script(shell.value)


def app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command named in `argv`, or the whole app.

    Typer turns every registered command's signature into options on each run, about 2 ms a
    command; a run names one command, so only that one is built. `plantrack --help`, no
    command or an unknown one get the whole app, with its list and its suggestions.
    """
    name = next((word for word in argv if not word.startswith("-")), None)
    chosen = [
        info for info in app.registered_commands
        if (info.name or info.callback.__name__.replace("_", "-")) == name  # type: ignore[union-attr]
    ]
    groups = [info for info in app.registered_groups if info.name == name]
    if len(chosen) + len(groups) != 1:
        return app
    single = typer.Typer(**APP_SETTINGS)
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    single.registered_groups = groups  # `add action|recommendation`
    return single


def click_met_a_broken_pipe() -> bool:
    """Whether click's own handler caught a broken pipe (in --help, --version, a usage error).

    That handler exits 1 where plantrack's rule is 0, and leaves one trace only: it wraps
    stdout in its PacifyFlushWrapper, which it does nowhere else.
    """
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"


def silence_stdout() -> None:
    """After a broken pipe: point stdout at the null device, so that nothing (Python's own
    flush at exit included) writes to the closed pipe again and reports it."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (AttributeError, OSError, ValueError):  # not a real file: nothing will flush it
        pass


def internal_error(exc: BaseException) -> str:
    """The one line for an exception nobody expected: what it was, and that it is our bug."""
    detail = str(exc)
    detail = f"{type(exc).__name__}: {detail[:200]}" if detail else type(exc).__name__
    return (f"plantrack: internal error ({detail}); this is a bug in plantrack, not in your "
            f"plan: please report it with the command you ran and this line (plantrack "
            f"{__version__}, Python {sys.version.split()[0]})")


def main() -> None:
    """Console entry point: Typer runs the command; our errors become one line and an exit code.

    Whatever happens the process ends with one line, never a traceback: an exception nobody
    expected exits 70, a reader that went away (`| head`) exits 0, and a stdout whose encoding
    lacks a character gets the nearest ASCII (`->` for `→`) instead of a crash.
    """
    from plantrack.messages import tolerate_encoding

    tolerate_encoding(sys.stdout)
    tolerate_encoding(sys.stderr)
    if completion.completing():  # a shell asking what may come next, not a command
        completion.prepare()
    try:
        try:
            app_for(sys.argv[1:])(prog_name=completion.PROG_NAME)
        finally:
            sys.stdout.flush()  # a broken pipe found only here is handled as below
    except PlantrackError as exc:  # raised outside a command's own handling
        err(f"plantrack: {exc.message}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err("plantrack: interrupted")
        sys.exit(130)
    except BrokenPipeError:
        silence_stdout()
        sys.exit(0)
    except SystemExit as exc:
        if exc.code == 1 and click_met_a_broken_pipe():  # `plantrack --help | head -1`
            silence_stdout()
            sys.exit(0)
        raise
    except Exception as exc:
        err(internal_error(exc))
        sys.exit(errors.EXIT_INTERNAL)
    finally:
        # Everything alive now lives until the process ends. Frozen, it is left out of the
        # collector's passes at exit, which would otherwise tear down the cycles among typer's
        # and our modules, classes and functions one by one: about 9 ms of every run, a sixth
        # of a small plan's `overdue`. The process is freed at once instead. Every file we
        # write is closed by now, and Python still flushes stdout and stderr.
        gc.freeze()


__all__ = ["app", "app_for", "main"]
