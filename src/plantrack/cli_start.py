"""The command line for getting a plan in: `init`, `add action|recommendation`, `import`,
`schema`. Split from cli.py by concern (cli.py keeps what every command shares); like it, it
only wires commands (their options are in options.py) to the command's module, and it has no
`from __future__ import annotations`, because Typer reads each command's annotations.
"""

import typer

from plantrack import options as opt
from plantrack.cli import app, command, handled


@command()
def init(
    path: opt.InitPathArgument = None,
    title: opt.InitTitleOption = "Improvement action plan",
    organisation: opt.InitOrganisationOption = "Your organisation",
) -> None:
    """Start a new plan: one recommendation and one action, with comments on the format.

    Never overwrites a file (exit 2). Example: plantrack init --title "Ofsted action plan"
    """
    from plantrack.commands import init as init_
    from plantrack.commands.common import today

    raise typer.Exit(init_.run(path, title=title, organisation=organisation, today=today()))


@command()
def schema(output_file: opt.OutputFileOption = None) -> None:
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


@add_app.command("action")
@handled
def add_action(
    text: opt.AddActionTextArgument,
    rec: opt.AddActionRecOption,
    lead: opt.AddActionLeadOption = None,
    due: opt.AddActionDueOption = None,
    start: opt.AddActionStartOption = None,
    status: opt.AddActionStatusOption = "not-started",
    board: opt.AddActionBoardOption = None,
    note: opt.AddActionNoteOption = None,
    monitoring: opt.AddActionMonitoringOption = None,
    action_id: opt.IdOption = None,
    force: opt.AddActionForceOption = False,
    dry_run: opt.DryRunOption = False,
    commit: opt.CommitOption = False,
    plan: opt.PlanOption = None,
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
    title: opt.AddRecTitleArgument,
    area: opt.AddRecAreaOption = None,
    timescale: opt.AddRecTimescaleOption = None,
    rec_id: opt.IdOption = None,
    dry_run: opt.DryRunOption = False,
    commit: opt.CommitOption = False,
    plan: opt.PlanOption = None,
) -> None:
    """Append a recommendation (with no actions yet) to the plan, with the next free id."""
    from plantrack.commands import add

    raise typer.Exit(add.run_recommendation(title, area=area, timescale=timescale,
                                            rec_id=rec_id, dry_run=dry_run, commit=commit,
                                            plan=plan))


@command("import")
def import_command(
    file: opt.ImportFileArgument,
    output: opt.ImportOutputOption = "plan.yaml",
    sheet: opt.ImportSheetOption = None,
    maps: opt.ImportMapsOption = None,
    title: opt.ImportTitleOption = None,
    organisation: opt.ImportOrganisationOption = None,
    dry_run: opt.ImportDryRunOption = False,
    force: opt.ImportForceOption = False,
) -> None:
    """Make a plan from a tracker in Excel or CSV; problems are shown at the cell and the line.

    Exit 0: the plan validates; 1: it was written with problems to fix; 2: unreadable input.
    """
    from plantrack.commands import import_

    raise typer.Exit(import_.run(file, output=output, sheet=sheet, maps=maps or [],
                                 title=title, organisation=organisation, dry=dry_run,
                                 force=force))
