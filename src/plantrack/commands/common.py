"""What the commands share: the clock, `--as-of`, and the Question every listing answers.

A command's module imports this when it runs, never cli.py at start-up, so it may import the
core freely inside its functions; at the top it imports only what costs nothing. This is the
only module that reads the clock: everything else is given the day, so tests can fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from plantrack.errors import UsageError
from plantrack.messages import err
from plantrack.options import OutputFormat

if TYPE_CHECKING:  # for annotations only: imported inside the functions that use them
    from plantrack.plan.load import LoadResult
    from plantrack.plan.model import Plan
    from plantrack.query import Item, Selection


def today() -> date:
    """The clock, read in one place so that everything else can be tested at fixed dates."""
    return date.today()


def as_of_date(text: str | None, plan: Plan | None = None) -> date:
    """The day --as-of names, read as the plan reads its own dates when the plan is given
    (its date_order, financial year and agreed day), so 6/1/2010 means the same in both."""
    if text is None:
        return today()
    iso = text.strip()
    if len(iso) == 10 and iso[4] == iso[7] == "-":  # 2010-02-01 needs no phrase grammar
        try:
            return date.fromisoformat(iso)
        except ValueError:
            pass  # 2010-02-30: let the grammar explain what is wrong
    from plantrack.plan import dates

    try:
        if plan is None or not _has_date_settings(plan):
            return dates.read_as_of(text, today())  # what a plan without settings means
        from plantrack.plan.datefields import settings_for

        return dates.read_as_of(text, today(), settings_for(plan))
    except dates.PhraseError as exc:
        raise UsageError(f"--as-of: {exc.message}; {exc.hint}") from None


def _has_date_settings(plan: Plan) -> bool:
    """Whether the plan changes how a date is read; without settings, reading --as-of needs
    neither the plan's span of dates nor dateutil (a cached answer stays light)."""
    from plantrack.plan.model import DAY_FIRST

    return (plan.date_order != DAY_FIRST or plan.financial_year_start is not None
            or plan.agreed is not None)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def load_plan(plan_option: str | None) -> tuple[LoadResult, Plan]:
    """Find, read and validate the plan; a broken plan ends the command (exit 1)."""
    from plantrack.plan.load import find_plan, load_path, require_plan

    result = load_path(find_plan(plan_option))
    return result, require_plan(result)


@dataclass(frozen=True)
class Question:
    """What every query command starts from: the plan, the date, the filters, the format."""

    plan: Plan
    as_of: date
    selection: Selection
    output: str
    output_file: str | None = None
    columns: tuple[str, ...] = ()  # declared fields added to a table or Markdown (--columns)

    @property
    def scope(self) -> str:
        """' — lead Tracy Collins' for headings; empty when nothing is filtered."""
        return f" — {self.selection.label}" if self.selection.label else ""

    @property
    def on(self) -> str:
        from plantrack.formats.render import long_date

        return long_date(self.as_of)


def ask(
    plan: str | None,
    as_of: str | None,
    output: OutputFormat,
    json_flag: bool,
    lead: list[str] | None = None,
    board: list[str] | None = None,
    status: list[str] | None = None,
    rec: list[str] | None = None,
    area: str | None = None,
    search: str | None = None,
    output_file: str | None = None,
    open_only: bool = False,
    where: list[str] | None = None,
    columns: str | None = None,
) -> Question:
    """Check the options, load the plan and resolve the filters."""
    from plantrack.query import Filters, select

    chosen = format_named(output, json_flag, output_file)
    if output is OutputFormat.xlsx and not output_file:
        raise UsageError("--format xlsx writes an Excel workbook: give the file to write with "
                         "--output FILE.xlsx")
    result, loaded = load_plan(plan)
    when = as_of_date(as_of, loaded)
    if output_file:
        from pathlib import Path

        from plantrack.formats.destination import check_output

        check_output(output_file, Path(result.source.path))
    statuses = (*(status or ()), *(("open",) if open_only else ()))
    filters = Filters(tuple(lead or ()), tuple(board or ()), statuses,
                      tuple(rec or ()), area, search, tuple(where or ()))
    selection = select(loaded, filters, when)
    return Question(loaded, when, selection, chosen, output_file,
                    declared_columns(loaded, columns))


# A file's ending → the format written into it when --format is left at table: a table's
# box drawing in `tracker.xlsx` is a file Excel cannot open.
_FORMAT_OF_ENDING = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".md": "markdown",
                     ".markdown": "markdown"}


def format_named(output: OutputFormat, json_flag: bool, output_file: str | None = None) -> str:
    """The format asked for: `--json` is short for `--format json`, so not beside another;
    without either, `--output` naming a .xlsx, .csv, .json or .md file chooses its format."""
    if json_flag and output not in (OutputFormat.table, OutputFormat.json):
        raise UsageError(f"give --json or --format {output.value}, not both")
    if json_flag:
        return "json"
    if output is OutputFormat.table and output_file:
        ending = output_file[output_file.rfind("."):].lower() if "." in output_file else ""
        return _FORMAT_OF_ENDING.get(ending, "table")
    return output.value


def declared_columns(plan: Plan, typed: str | None) -> tuple[str, ...]:
    """`--columns priority,evidence`: declared fields, checked against the plan's `fields:`."""
    if not typed:
        return ()
    wanted = tuple(dict.fromkeys(part.strip() for part in typed.split(",") if part.strip()))
    unknown = [key for key in wanted if key not in plan.fields]
    if unknown:
        declared = ", ".join(plan.fields) if plan.fields else "none"
        raise UsageError(f"--columns: {', '.join(unknown)} not among the plan's declared fields "
                         f"(its 'fields:' are: {declared})")
    return wanted


def answer(question: Question, *, sheet: str = "Answer", brag_key: str | None = None,
           **parts: Any) -> None:
    """Write the answer in the question's format, to stdout or --output; JSON, CSV and xlsx
    put the footer on stderr."""
    if question.output == OutputFormat.xlsx.value:
        write_xlsx(question, sheet=sheet, brag_key=brag_key, **parts)
        return
    from plantrack.answers import emit
    from plantrack.formats.destination import text_output

    with text_output(question.output_file) as out:
        footer = emit(out, question.output, **parts)
    for line in footer:
        err(line)


def write_xlsx(question: Question, *, sheet: str, brag_key: str | None, records: Any,
               keys: Any, heading: str = "", footer: Any = (), **_: Any) -> None:
    """The answer as a workbook in --output: the records on one sheet, the key on another."""
    import io
    from pathlib import Path

    from plantrack.formats import xlsx
    from plantrack.formats.destination import write_file

    assert question.output_file is not None  # ask() requires it for xlsx
    buffer = io.BytesIO()
    xlsx.write_workbook(buffer, keys, records(), sheet=sheet, heading=heading, notes=footer,
                        brag_key=brag_key)
    write_file(Path(question.output_file), buffer.getvalue())
    for line in footer:
        if not line.startswith("Key:"):
            err(line)


def answer_actions(
    question: Question, items: list[Item], view: tuple[str, ...], heading: str, footer: list[str]
) -> None:
    from plantrack import answers
    from plantrack.query import RED_AFTER_DAYS

    fields = question.plan.fields
    keys = answers.action_keys(fields)
    records = lambda: [answers.action_record(it, fields) for it in items]  # noqa: E731
    if question.output == OutputFormat.xlsx.value:  # a workbook is read alone: say what
        keys = (*keys, "recommendation_title")  # each recommendation is called
        records = lambda: [{**answers.action_record(it, fields),  # noqa: E731
                            "recommendation_title": it.recommendation.title} for it in items]
    view = (*view, *question.columns)
    answer(question, grid=lambda: answers.action_grid(items, view, question.as_of),
           records=records, keys=keys, heading=heading + question.scope, footer=footer,
           sheet="Actions", brag_key=answers.brag_key(RED_AFTER_DAYS))
