"""The commands' options and arguments, declared once for Typer: the shared ones first, then
each command's own, in sections; cli.py and cli_start.py name them in their commands'
signatures.

Light to import on purpose: cli.py reads these at start-up, before any command runs.

No `from __future__ import annotations`: Typer evaluates these annotations on each run.
"""

from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Optional

import typer

from plantrack import completion
from plantrack.errors import EXIT_OVERDUE


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


def complete(values: Callable[..., Any]) -> Callable[..., Any] | None:
    """An option's completer, only in a run a shell started to complete (_PLANTRACK_COMPLETE
    set): Typer inspects each completer's signature whenever it builds a command, which
    doubled the time to build them all for --help."""
    return values if COMPLETING else None


COMPLETING = completion.completing()

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


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", case_sensitive=False,
                  help="table (for people), json, csv (opens in Excel), markdown, or xlsx "
                       "(an Excel workbook: needs --output)."),
]
OutputFileOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--output", "-o", show_default=False, metavar="FILE",
                 help="Write the answer to this file instead of the screen (any format)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
LeadOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--lead", show_default=False, metavar="NAME",
                 autocompletion=complete(completion.lead_names),
                 help="Only actions this person or team leads: the name or an unambiguous part "
                      "of it, any spelling in 'aliases'. Repeat for either of two."),
]
BoardOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--board", show_default=False, metavar="NAME",
                 autocompletion=complete(completion.board_names),
                 help="Only actions this board monitors (matched like --lead). Repeatable."),
]
StatusOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--status", show_default=False, metavar="STATUS",
                 autocompletion=complete(completion.status_filters),
                 help="Only actions with this status (done, underway... are understood; open = "
                      "not completed or dropped, closed = completed or dropped). Repeatable."),
]
OpenOption = Annotated[
    bool, typer.Option("--open", help="Only actions not completed or dropped (--status open).")
]
WhereOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--where", show_default=False, metavar="FIELD[=VALUE]",
                 help="Only actions whose declared field (the plan's 'fields:') has this value "
                      "(any case), or has any value. Repeat: all must hold."),
]
ColumnsOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--columns", show_default=False, metavar="FIELD,...",
                 help="Add these declared fields to the table or Markdown."),
]
RecOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--rec", show_default=False, metavar="ID",
                 autocompletion=complete(completion.rec_ids),
                 help="Only this recommendation's actions (its id, e.g. 3). Repeatable."),
]
AreaOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--area", show_default=False, metavar="TEXT",
                 help="Only recommendations whose area contains this text."),
]
SearchOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--search", show_default=False, metavar="TEXT",
                 help="Only actions whose text or latest note contains this text."),
]

# The options every listing command shares, in the order --help shows them around the
# command's own: Typer has no option groups, so cli.question_command adds them to each.
LISTING_BEFORE = (("plan", PlanOption, None), ("as_of", AsOfOption, None))
LISTING_AFTER = (
    ("lead", LeadOption, None), ("board", BoardOption, None), ("status", StatusOption, None),
    ("open_only", OpenOption, False), ("where", WhereOption, None),
    ("rec", RecOption, None), ("area", AreaOption, None), ("search", SearchOption, None),
    ("columns", ColumnsOption, None),
    ("output", FormatOption, OutputFormat.table), ("json_flag", JsonOption, False),
    ("output_file", OutputFileOption, None),
)


# -- the meeting cycle: changes (and the pack's period) ---------------------------------------
SinceOption = Annotated[
    str, typer.Option("--since", metavar="WHEN", show_default=False,
                      help="From this date (any --as-of form) or git revision (tag, commit, "
                           "HEAD~3).")
]
UntilOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--until", metavar="WHEN", show_default=False,
                 help="Up to this date or revision. Default: the file as it is now, "
                      "uncommitted changes included."),
]


# -- changing the plan: set and add ----------------------------------------------------------
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show the change as a diff and write nothing.")
]
CommitOption = Annotated[
    bool, typer.Option("--commit", help="Commit the plan file, alone, in its git repository.")
]
IdOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--id", show_default=False, help="The new id (default: the next free one)."),
]


class DatesFormat(str, Enum):
    table = "table"
    json = "json"


class PackFormat(str, Enum):
    docx = "docx"
    html = "html"
    markdown = "markdown"


# -- show and history -------------------------------------------------------------------------
ItemIdArgument = Annotated[
    str, typer.Argument(metavar="ID", show_default=False,
                        autocompletion=complete(completion.item_ids),
                        help="An action id (3.7) or a recommendation id (3).")
]


# -- validate ---------------------------------------------------------------------------------
ValidateStrictOption = Annotated[
    bool, typer.Option("--strict", help="Warnings fail too (exit 1).")
]


# -- overdue ----------------------------------------------------------------------------------
OverdueExitCodeOption = Annotated[
    bool, typer.Option("--exit-code",
                       help=f"Exit {EXIT_OVERDUE} when anything is overdue (1 stays "
                            "'the plan has errors').")
]


# -- due --------------------------------------------------------------------------------------
DueWithinOption = Annotated[
    str, typer.Option("--within", metavar="WINDOW", help="How far ahead: 14d, 2w, 1m, 30 days.")
]
DueIncludeOverdueOption = Annotated[
    bool, typer.Option("--include-overdue", help="List overdue actions too, first.")
]


# -- list -------------------------------------------------------------------------------------
ListRagMismatchOption = Annotated[
    bool, typer.Option("--rag-mismatch",
                       help="Only actions their owner rates Green or Blue (rag:) that "
                            "plantrack rates Amber or Red: on track by report, but late.")
]


# -- summary ----------------------------------------------------------------------------------
SummaryRedAfterOption = Annotated[
    int, typer.Option("--red-after", min=0, metavar="DAYS",
                      help="Red when an action is overdue by more than this many days.")
]


# -- slipped ----------------------------------------------------------------------------------
SlippedMinDaysOption = Annotated[
    int, typer.Option("--min-days", min=0, metavar="N",
                      help="Only deadlines moved later by at least N days.")
]


# -- dates ------------------------------------------------------------------------------------
DatesOutputOption = Annotated[
    DatesFormat,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="table (a line per action, for people) or json (id, due_text, due, "
                      "start, original_due, kind, uses)."),
]


# -- set --------------------------------------------------------------------------------------
SetWordsArgument = Annotated[
    list[str],
    typer.Argument(metavar="ID... STATUS", show_default=False,
                   autocompletion=complete(completion.set_words),
                   help="One or more action ids, then the status (done, in progress, ...)."),
]
SetNoteOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--note", show_default=False,
                 help="Replace the action's progress note ('' clears it)."),
]
SetDueOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--due", show_default=False,
                 help="Set the deadline, written any way the plan accepts ('' clears it)."),
]
SetOnOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--on", show_default=False, metavar="DATE",
                 help="The day it was completed or dropped (default today), for its "
                      "completed_on."),
]


# -- pack -------------------------------------------------------------------------------------
PackOutputOption = Annotated[
    str, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                      help="The file to write (with --by-lead, a folder); '-' for stdout "
                           "(html or markdown).")]
PackBoardOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--board", metavar="NAME", show_default=False,
                 autocompletion=complete(completion.board_names),
                 help="The board the pack is for (matched like everywhere else).")]
PackLeadOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--lead", metavar="NAME", show_default=False,
                 autocompletion=complete(completion.lead_names),
                 help="Or: one lead officer's actions.")]
PackRecOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--rec", metavar="ID", show_default=False,
                 autocompletion=complete(completion.rec_ids),
                 help="Or: one recommendation's actions.")]
PackSinceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--since", metavar="WHEN", show_default=False,
                 help="The last meeting: a date, or a git tag or commit made then. "
                      "Default: 4 weeks before --as-of.")]
PackNextMeetingOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--next", metavar="DATE", show_default=False,
                 help="The next meeting's date. Default: 4 weeks after --as-of.")]
PackOutputFormatOption = Annotated[
    Optional[PackFormat],  # noqa: UP045
    typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                 help="docx (Word), html (prints on A4) or markdown. Default: from the "
                      "output file's extension.")]
PackByLeadOption = Annotated[
    bool, typer.Option("--by-lead", help="Write one short file per lead into the "
                                         "--output folder, named after the lead.")]


# -- completion -------------------------------------------------------------------------------
CompletionShellArgument = Annotated[
    completion.Shell,
    typer.Argument(metavar="SHELL", case_sensitive=False, show_default=False,
                   help="bash, zsh, fish or powershell."),
]


# -- init -------------------------------------------------------------------------------------
InitPathArgument = Annotated[
    Optional[str],  # noqa: UP045
    typer.Argument(metavar="[PATH]", show_default=False,
                   help="Where to write the plan (default plan.yaml here)."),
]
InitTitleOption = Annotated[
    str, typer.Option("--title", help="The plan's name.")
]
InitOrganisationOption = Annotated[
    str, typer.Option("--organisation", help="Who the plan belongs to.")
]


def _optional_text(flag: str, text: str) -> Any:
    return typer.Option(flag, show_default=False, help=text)


# -- add action -------------------------------------------------------------------------------
AddActionTextArgument = Annotated[
    str, typer.Argument(metavar="TEXT", show_default=False, help="What is to be done.")
]
AddActionRecOption = Annotated[
    str, typer.Option("--rec", metavar="ID", show_default=False,
                      autocompletion=complete(completion.rec_ids),
                      help="The recommendation it belongs to (its id).")
]
AddActionLeadOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--lead", metavar="NAME", show_default=False,
                 autocompletion=complete(completion.lead_names),
                 help="Who leads it. Repeat for several."),
]
AddActionDueOption = Annotated[
    Optional[str],  # noqa: UP045
    _optional_text("--due", "The deadline, any way the plan accepts (By March 2010)."),
]
AddActionStartOption = Annotated[
    Optional[str],  # noqa: UP045
    _optional_text("--start", "When work starts."),
]
AddActionStatusOption = Annotated[
    str, typer.Option("--status", autocompletion=complete(completion.statuses),
                      help="Its status (done, underway... are understood).")
]
AddActionBoardOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--board", metavar="NAME", show_default=False,
                 autocompletion=complete(completion.board_names),
                 help="Who monitors it. Repeat for several."),
]
AddActionNoteOption = Annotated[
    Optional[str],  # noqa: UP045
    _optional_text("--note", "The latest progress."),
]
AddActionMonitoringOption = Annotated[
    Optional[str],  # noqa: UP045
    _optional_text("--monitoring", "How progress is monitored, in words."),
]
AddActionForceOption = Annotated[
    bool, typer.Option("--force", help="Add a lead or board even if it is close to a name "
                                       "already in the plan.")
]


# -- add recommendation -----------------------------------------------------------------------
AddRecTitleArgument = Annotated[
    str, typer.Argument(metavar="TITLE", show_default=False,
                        help="What the recommendation asks for.")
]
AddRecAreaOption = Annotated[
    Optional[str],  # noqa: UP045
    _optional_text("--area", "Its area or theme."),
]
AddRecTimescaleOption = Annotated[
    Optional[str],  # noqa: UP045
    _optional_text("--timescale", "When it must be met (within 3 months)."),
]


# -- import -----------------------------------------------------------------------------------
ImportFileArgument = Annotated[
    str, typer.Argument(metavar="FILE", show_default=False,
                        help="The tracker: an .xlsx workbook or a .csv file.")
]
ImportOutputOption = Annotated[
    str, typer.Option("--output", "-o", metavar="PLAN", help="The plan file to write.")
]
ImportSheetOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--sheet", show_default=False, metavar="NAME",
                 help="The workbook's sheet to read (default: the first)."),
]
ImportMapsOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--map", show_default=False, metavar="HEADER=FIELD",
                 help='Read a column into a field: --map "Officer=lead". Repeatable.'),
]
ImportTitleOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--title", show_default=False, help="The plan's title."),
]
ImportOrganisationOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--organisation", show_default=False, help="Who the plan belongs to."),
]
ImportDryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show the column mapping and the first rows; "
                                         "write nothing.")
]
ImportForceOption = Annotated[bool, typer.Option("--force", help="Replace PLAN if it exists.")]
