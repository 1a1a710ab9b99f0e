"""`plantrack init`: a new plan that validates as it stands and teaches the format in comments.

A new user's first hour decides whether they keep the tool: the file they start from must pass
`validate --strict`, and its comments must answer what they would otherwise look up (which keys
exist, how deadlines are written, where variant spellings go). Like pre-commit's
`sample-config`, this writes a constant; unlike it, it never overwrites anything.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from plantrack.errors import UsageError, WriteFailed
from plantrack.messages import say
from plantrack.plan.load import PLAN_FILENAME, display_path, load_text

DEFAULT_TITLE = "Improvement action plan"
DEFAULT_ORGANISATION = "Your organisation"

# Kept as a template rather than dumped from data: the comments are the point.
TEMPLATE = """\
# {title_comment}
#
# plantrack keeps this plan; `plantrack validate` checks it and says what to fix.
# Edit it in any plain text editor, or with `plantrack add` and `plantrack set`.
# Every key is described in docs/plan-format.md; for completion and checking as
# you type, run `plantrack schema > plan.schema.json` and put this line first:
#   # yaml-language-server: $schema=plan.schema.json
#
# Quote a value that contains ": " or " #", or that YAML could read as a
# number or a yes/no ("1.10", "no"): note: "Agreed: start in May".

title: {title}
version: "1"
organisation: {organisation}
agreed: {agreed}  # the day the plan was agreed; "within 3 months" counts from it

# Status words of your own, and what each means (done, underway, on hold and
# the like are understood already):
# statuses:
#   Signed off: completed

# Variant spellings of a person's or a board's name, and the one name they mean:
# aliases:
#   Maureen Cavanaugh: Maureen Cavanagh
#   Social Care Mgt Team: Social Care Management Team

recommendations:
  - id: "1"                       # ids are text, and unique: "1.10" is never 1.1
    title: Replace this with the first recommendation
    area: Replace this with its area
    timescale: within 3 months
    success_criteria:             # lists: one item a line, each starting "- "
      - What will be true when the recommendation is met
    measures:
      - How progress will be measured
    actions:
      # An action's keys, in this order: id, action, lead, start, due, status,
      # note, board, monitoring. Only id, action and status are required.
      - id: "1.1"
        action: Replace this with the first action
        lead: Lead Officer          # a name, or a list: [Ann Smith, Bo Li]
        # start and due: a date (31/03/2027 is day first, 2027-03-31) or a phrase
        # (March 2027, end of March 2027, mid March 2027, By Nov 27). The first day
        # of a start counts; the last day of a deadline does. "Ongoing": no deadline.
        start: {start}
        due: {due}
        # status: not-started, in-progress, ongoing, blocked, completed or dropped
        status: not-started
        board: Quality Board        # who monitors progress: a name, or a list
        monitoring: Monthly report to the board
"""


def _month_name(day: date) -> str:
    import calendar

    return f"{calendar.month_name[day.month]} {day.year}"  # English: the C locale's names


def _months_after(day: date, months: int) -> date:
    total = day.month - 1 + months
    return date(day.year + total // 12, total % 12 + 1, 1)


def due_phrase(today: date) -> str:
    """The example deadline: the month three months on, as a board would write it."""
    return _month_name(_months_after(today, 3))


def plan_text(title: str, organisation: str, today: date) -> str:
    """The new plan's text; title and organisation quoted as YAML needs them."""
    from plantrack.write.edit import render_value

    for option, value in (("--title", title), ("--organisation", organisation)):
        if not value.strip() or "\n" in value or "\r" in value:
            raise UsageError(f"{option} must be one line of text, not empty")
    return TEMPLATE.format(
        title_comment=" ".join(title.split()),
        title=render_value(title.strip()),
        organisation=render_value(organisation.strip()),
        agreed=today.isoformat(),
        start=_month_name(_months_after(today, 1)),
        due=due_phrase(today),
    )


def run(path: str | None, *, title: str, organisation: str, today: date) -> int:
    """Write the plan (never over an existing file) and print what to do next."""
    target = Path(path or PLAN_FILENAME)
    if target.is_dir():
        target = target / PLAN_FILENAME
    display = display_path(target)
    if target.exists() or target.is_symlink():
        raise UsageError(f"{display} already exists; plantrack init never overwrites a file. "
                         "Give another path, or delete it first")
    text = plan_text(title, organisation, today)
    result = load_text(text, display)
    if result.problems:  # a template that fails its own promise is plantrack's bug
        raise UsageError(f"the new plan would not validate: {result.problems[0]}")
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileNotFoundError:
        raise UsageError(f"cannot write {display}: its folder does not exist") from None
    except FileExistsError:
        raise UsageError(f"{display} already exists; plantrack init never overwrites a file")\
            from None
    except OSError as exc:
        raise WriteFailed(f"cannot write {display}: {exc.strerror or exc}") from None
    plan_flag = "" if target.name == PLAN_FILENAME and target.resolve().parent == Path.cwd(
    ).resolve() else f" --plan {display}"
    say(f"Wrote {display}: 1 recommendation with 1 action, to replace with your own.")
    say("Next:")
    for command, why in (
        (f"plantrack validate{plan_flag}", "check it (after every hand edit)"),
        (f'plantrack add recommendation{plan_flag} "Title" --area "Area"',
         "add a recommendation"),
        (f'plantrack add action{plan_flag} --rec 1 "What is to be done" --lead "Ann Smith" '
         f'--due "{due_phrase(today)}"', "add an action"),
        (f"plantrack import tracker.xlsx -o {display}",
         "or start from a spreadsheet instead (delete this file first)"),
        ("plantrack schema > plan.schema.json", "completion and checking in your editor"),
    ):
        say(f"  {command}")
        say(f"      {why}")
    return 0
