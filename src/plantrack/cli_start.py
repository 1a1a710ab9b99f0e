"""The command line for getting a plan in: `init`, `add action|recommendation`, `import`,
`schema`. Split from cli.py by concern (cli.py keeps what every command shares); like it, it
only declares options and calls the command's module, and it has no `from __future__ import
annotations`, because Typer reads each command's annotations.
"""

from typing import Annotated, Any, Optional

import typer

from plantrack import completion
from plantrack.cli import app, command, handled
from plantrack.options import (
    CommitOption,
    DryRunOption,
    IdOption,
    OutputFileOption,
    PlanOption,
    complete,
)


@command()
def init(
    path: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="[PATH]", show_default=False,
                       help="Where to write the plan (default plan.yaml here)."),
    ] = None,
    title: Annotated[
        str, typer.Option("--title", help="The plan's name.")
    ] = "Improvement action plan",
    organisation: Annotated[
        str, typer.Option("--organisation", help="Who the plan belongs to.")
    ] = "Your organisation",
) -> None:
    """Start a new plan: one recommendation and one action, with comments on the format.

    Never overwrites a file (exit 2). Example: plantrack init --title "Ofsted action plan"
    """
    from plantrack.commands import init as init_
    from plantrack.commands.common import today

    raise typer.Exit(init_.run(path, title=title, organisation=organisation, today=today()))


@command()
def schema(output_file: OutputFileOption = None) -> None:
    """The plan format as JSON Schema (draft 2020-12), for completion and checking in editors.

    Save it beside the plan (plantrack schema -o plan.schema.json) and put this line at the top
    of the plan: # yaml-language-server: $schema=plan.schema.json
    """
    from plantrack.commands import schema as schema_

    raise typer.Exit(schema_.run(output_file))


# -- adding to the plan ----------------------------------------------------------------------
add_app = typer.Typer(name="add", help="Add an action or a recommendation to the plan, in place.",
                      no_args_is_help=True, rich_markup_mode=None, add_completion=False)
app.add_typer(add_app)
def _optional_text(flag: str, text: str) -> Any:
    return typer.Option(flag, show_default=False, help=text)


@add_app.command("action")
@handled
def add_action(
    text: Annotated[str, typer.Argument(metavar="TEXT", show_default=False,
                                        help="What is to be done.")],
    rec: Annotated[str, typer.Option("--rec", metavar="ID", show_default=False,
                                     autocompletion=complete(completion.rec_ids),
                                     help="The recommendation it belongs to (its id).")],
    lead: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--lead", metavar="NAME", show_default=False,
                     autocompletion=complete(completion.lead_names),
                     help="Who leads it. Repeat for several."),
    ] = None,
    due: Annotated[
        Optional[str],  # noqa: UP045
        _optional_text("--due", "The deadline, any way the plan accepts (By March 2010)."),
    ] = None,
    start: Annotated[
        Optional[str],  # noqa: UP045
        _optional_text("--start", "When work starts."),
    ] = None,
    status: Annotated[
        str, typer.Option("--status", autocompletion=complete(completion.statuses),
                          help="Its status (done, underway… are understood).")
    ] = "not-started",
    board: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--board", metavar="NAME", show_default=False,
                     autocompletion=complete(completion.board_names),
                     help="Who monitors it. Repeat for several."),
    ] = None,
    note: Annotated[
        Optional[str],  # noqa: UP045
        _optional_text("--note", "The latest progress."),
    ] = None,
    monitoring: Annotated[
        Optional[str],  # noqa: UP045
        _optional_text("--monitoring", "How progress is monitored, in words."),
    ] = None,
    action_id: IdOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Add a lead or board even if it is close to a name "
                                           "already in the plan.")
    ] = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    plan: PlanOption = None,
) -> None:
    """Append an action to a recommendation, with the next free id (3.10 after 3.9).

    Example: plantrack add action --rec 3 "Review case transfer processes" --lead "Tessa Bailey"
    --due "By end January 2010"
    """
    from plantrack.commands import add

    raise typer.Exit(add.run_action(
        text, rec=rec, lead=lead or [], board=board or [], start=start, due=due, status=status,
        note=note, monitoring=monitoring, action_id=action_id, force=force, dry_run=dry_run,
        commit=commit, plan=plan))


@add_app.command("recommendation")
@handled
def add_recommendation(
    title: Annotated[str, typer.Argument(metavar="TITLE", show_default=False,
                                         help="What the recommendation asks for.")],
    area: Annotated[
        Optional[str],  # noqa: UP045
        _optional_text("--area", "Its area or theme."),
    ] = None,
    timescale: Annotated[
        Optional[str],  # noqa: UP045
        _optional_text("--timescale", "When it must be met (within 3 months)."),
    ] = None,
    rec_id: IdOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    plan: PlanOption = None,
) -> None:
    """Append a recommendation (with no actions yet) to the plan, with the next free id."""
    from plantrack.commands import add

    raise typer.Exit(add.run_recommendation(title, area=area, timescale=timescale,
                                            rec_id=rec_id, dry_run=dry_run, commit=commit,
                                            plan=plan))


@command("import")
def import_command(
    file: Annotated[str, typer.Argument(metavar="FILE", show_default=False,
                                        help="The tracker: an .xlsx workbook or a .csv file.")],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="PLAN", help="The plan file to write.")
    ] = "plan.yaml",
    sheet: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--sheet", show_default=False, metavar="NAME",
                     help="The workbook's sheet to read (default: the first)."),
    ] = None,
    maps: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--map", show_default=False, metavar="HEADER=FIELD",
                     help='Read a column into a field: --map "Officer=lead". Repeatable.'),
    ] = None,
    title: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--title", show_default=False, help="The plan's title."),
    ] = None,
    organisation: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--organisation", show_default=False, help="Who the plan belongs to."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the column mapping and the first rows; "
                                             "write nothing.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace PLAN if it exists.")] = False,
) -> None:
    """Make a plan from a tracker in Excel or CSV; problems are shown at the cell and the line.

    Exit 0: the plan validates; 1: it was written with problems to fix; 2: unreadable input.
    """
    from plantrack.commands import import_

    raise typer.Exit(import_.run(file, output=output, sheet=sheet, maps=maps or [],
                                 title=title, organisation=organisation, dry=dry_run,
                                 force=force))
