"""The plan's date settings and its actions' date fields, read once the whole plan is known.

A phrase's meaning can depend on the plan: 'Within 3 months' on its `agreed:` day, '2024/25'
on `financial_year_start:`, 6/1/2020 on `date_order:`, and 'Nov 09' on the span of the plan's
other dates. The settings may stand anywhere in the file and the span needs every action, so
the builder reads each phrase once without them, keeps those readings that did not need them,
and reads the rest again here at the end (they are few: most phrases name their year).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from plantrack.plan import dates
from plantrack.plan.dates.base import Deadline, Failure, Settings
from plantrack.plan.model import (
    DATE_ORDERS,
    DAY_FIRST,
    DUE_NONE,
    DUE_TBC,
    MONTH_FIRST,
    Action,
    Plan,
    Recommendation,
)

Report = Callable[[int, str, str], None]

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


@dataclass(slots=True)
class WrittenDates:
    """An action's date fields as written, each with where its value stands."""

    what: str
    start: tuple[str, int] | None = None
    due: tuple[str, int] | None = None
    original_due: tuple[str, int] | None = None
    completed_on: tuple[str, int] | None = None

    def text(self, key: str) -> str | None:
        """The field's text as written ('due', 'start', 'original_due' or 'completed_on'),
        None if absent."""
        field = getattr(self, key)
        return None if field is None else field[0]


@dataclass(frozen=True, slots=True)
class ReadDates:
    start: date | None = None
    due: date | None = None
    original_due: date | None = None
    due_kind: str = DUE_NONE
    completed_on: date | None = None


Outcome = Deadline | Failure | None
Outcomes = tuple[Outcome, Outcome, Outcome, Outcome]  # start, due, original_due, completed_on


def _outcomes(written: WrittenDates, settings: Settings) -> Outcomes:
    start = dates.start_outcome(written.start[0], settings) if written.start else None
    due = dates.deadline_outcome(written.due[0], settings) if written.due else None
    original = (dates.deadline_outcome(written.original_due[0], settings)
                if written.original_due else None)
    completed = (dates.day_outcome(written.completed_on[0], settings)
                 if written.completed_on else None)
    return start, due, original, completed


def _fields(written: WrittenDates) -> tuple[tuple[str, int] | None, ...]:
    """The written fields in the order of their outcomes."""
    return written.start, written.due, written.original_due, written.completed_on


def needs_plan(outcomes: tuple[Outcome, ...]) -> bool:
    return any(outcome is not None and outcome.uses for outcome in outcomes)


class DateFields:
    """Reads actions' date fields for the builder, deferring those that need the plan."""

    def __init__(self, error: Report, warn: Report) -> None:
        self.error = error
        self.warn = warn
        self.low: date | None = None  # the span of the dates read without the plan's help
        self.high: date | None = None
        self.pending: dict[tuple[int, int], WrittenDates] = {}
        self.timescales: dict[int, int] = {}  # recommendation number → timescale's index

    # -- one action, while building --------------------------------------------------------
    def first_reading(self, written: WrittenDates, place: tuple[int, int]) -> ReadDates:
        """The reading without the plan's settings; a phrase that needs them is kept in
        `pending` (reported and read again by finish) and reads as no date for now."""
        outcomes = _outcomes(written, dates.PLAIN)
        if needs_plan(outcomes):
            self.pending[place] = written
            # Its fields that need nothing still tell the span: an action completed on
            # 6/1/2010 (read again, in the plan's date order) is still due in March 2010.
            self.widen(day for outcome in outcomes
                       if isinstance(outcome, Deadline) and not outcome.uses
                       for day in (outcome.start, outcome.due))
            return ReadDates()
        read = self.apply(written, outcomes)
        self.widen((read.start, read.due, read.original_due, read.completed_on))
        return read

    def widen(self, days: Iterable[date | None]) -> None:
        """Stretch the span of the plan's dates read without its help to cover `days`."""
        for day in days:
            if day is not None:
                self.low = day if self.low is None or day < self.low else self.low
                self.high = day if self.high is None or day > self.high else self.high

    def apply(self, written: WrittenDates, outcomes: Outcomes) -> ReadDates:
        """Report the outcomes' problems and warnings; the dates they give."""
        start_out, due_out, original_out, completed_out = outcomes
        what = written.what
        start = self.take(start_out, written.start, "start", what)
        deadline = self.take(due_out, written.due, "due", what)
        original = self.take(original_out, written.original_due, "original_due", what)
        completed = self.take(completed_out, written.completed_on, "completed_on", what)
        due = deadline.due if deadline else None
        kind = deadline.kind if deadline else DUE_NONE
        first_day = start.start if start else (deadline.start if deadline else None)
        if kind == DUE_TBC and written.due:
            self.warn(written.due[1], f"the deadline of {what} is still to be confirmed "
                      f"('{written.due[0]}'); write the date once it is agreed", "deadline-tbc")
        if first_day is not None and due is not None and first_day > due:
            index = (written.start or written.due or ("", 0))[1]
            self.error(index, f"{what} starts ({first_day.isoformat()}) after its deadline "
                       f"({due.isoformat()}); correct one of the two dates", "start-after-due")
        return ReadDates(first_day, due, original.due if original else None, kind,
                         completed.due if completed else None)

    def take(self, outcome: Outcome, written: tuple[str, int] | None, key: str, what: str
             ) -> Deadline | None:
        if outcome is None or written is None:
            return None
        if isinstance(outcome, Failure):
            self.error(written[1], f"{key} of {what}: {outcome.message}; {outcome.hint}",
                       outcome.code)
            return None
        for message, hint, code in outcome.warnings:
            self.warn(written[1], f"{key} of {what}: {message}; {hint}", code)
        return outcome

    # -- the whole plan, at the end --------------------------------------------------------
    def settings(self, agreed: date | None, financial_year_start: int | None,
                 date_order: str) -> Settings:
        low, high = self.low, self.high
        if agreed is not None:
            low = agreed if low is None or agreed < low else low
            high = agreed if high is None or agreed > high else high
        near = (low, high) if low is not None and high is not None else None
        return Settings(agreed, financial_year_start, date_order == MONTH_FIRST, near)

    def finish(self, recs: list[Recommendation], settings: Settings) -> None:
        """Read the pending phrases with the plan's settings, in place in `recs`."""
        changed: dict[int, dict[int, Action]] = {}
        proofs: list[str] = []
        ambiguous: list[tuple[WrittenDates, tuple[str, int]]] = []
        for (rec_number, action_number), written in self.pending.items():
            outcomes = _outcomes(written, settings)
            read = self.apply(written, outcomes)
            for outcome, field in zip(outcomes, _fields(written), strict=True):
                if field is None or outcome is None:
                    continue
                if isinstance(outcome, Failure) and outcome.code == "date-order":
                    proofs.append(field[0])
                elif dates.is_order_ambiguous(field[0]):
                    ambiguous.append((written, field))
            if rec_number >= len(recs) or action_number < 0:
                continue
            actions = recs[rec_number].actions
            if action_number < len(actions):
                changed.setdefault(rec_number, {})[action_number] = dataclasses.replace(
                    actions[action_number], start=read.start, due=read.due,
                    original_due=read.original_due, due_kind=read.due_kind,
                    completed_on=read.completed_on)
        if proofs and not settings.month_first:
            for written, (text, index) in ambiguous:
                self.warn(index, f"'{text}' of {written.what} was read day first, but other "
                          f"dates in this plan ('{proofs[0]}') are written month first; set "
                          "date_order: month-first if the whole plan writes them that way",
                          "ambiguous-date-order")
        for rec_number, replaced in changed.items():
            rec = recs[rec_number]
            actions = tuple(replaced.get(i, a) for i, a in enumerate(rec.actions))
            recs[rec_number] = dataclasses.replace(rec, actions=actions)
        self.read_timescales(recs, settings)

    def read_timescales(self, recs: list[Recommendation], settings: Settings) -> None:
        """A recommendation's `timescale` as a deadline, once the plan has `agreed:`."""
        if settings.agreed is None:
            return
        for number, rec in enumerate(recs):
            if rec.timescale is None:
                continue
            outcome = dates.deadline_outcome(rec.timescale, settings)
            if isinstance(outcome, Failure):
                index = self.timescales.get(number, rec.index)
                self.warn(index, f"timescale of recommendation {rec.id} is not read as a "
                          f"deadline: {outcome.message}; {outcome.hint}", "unreadable-timescale")
            elif outcome.due is not None:
                recs[number] = dataclasses.replace(rec, due=outcome.due)


# -- the settings themselves --------------------------------------------------------------
DATE_SETTINGS = ("agreed", "financial_year_start", "date_order")


def read_settings(written: dict[str, tuple[str, int] | None], error: Report
                  ) -> tuple[date | None, int | None, str]:
    """agreed, financial_year_start and date_order from their text and place (None where the
    plan has none), each checked where it stands; date_order first, as agreed may need it."""
    date_order = DAY_FIRST
    if (order := written.get("date_order")) is not None:
        date_order = read_date_order(*order, error)
    fy_start = None
    if (month := written.get("financial_year_start")) is not None:
        fy_start = read_month(*month, error)
    agreed = None
    if (day := written.get("agreed")) is not None:
        agreed = read_agreed(*day, date_order == MONTH_FIRST, error)
    return agreed, fy_start, date_order


def read_date_order(text: str, index: int, error: Report) -> str:
    folded = "-".join(text.casefold().replace("_", " ").replace("-", " ").split())
    if folded in DATE_ORDERS:
        return folded
    error(index, f"unknown date_order '{text}'; write day-first (6/1/2020 is 6 January, the "
          "default) or month-first (6/1/2020 is June 1)", "unknown-date-order")
    return DAY_FIRST


def read_month(text: str, index: int, error: Report) -> int | None:
    """financial_year_start: a month's name (April, Apr) or number (4)."""
    import difflib

    folded = text.strip().casefold().rstrip(".")
    if folded.isdigit() and 1 <= int(folded) <= 12:
        return int(folded)
    for number, name in enumerate(_MONTHS, start=1):
        if (len(folded) >= 3 and name.startswith(folded)) or (folded == "sept" and number == 9):
            return number
    close = difflib.get_close_matches(folded, _MONTHS, n=1, cutoff=0.6)
    guess = f"; did you mean '{close[0].capitalize()}'?" if close else ""
    error(index, f"unknown month '{text}' for financial_year_start{guess} (write the month "
          "the financial year starts, like April)", "unknown-month")
    return None


def read_agreed(text: str, index: int, month_first: bool, error: Report) -> date | None:
    """agreed: one day, in any form a deadline may take that names a single day."""
    settings = Settings(month_first=month_first)
    try:
        period = dates.read_period(text, settings)
    except dates.PhraseError as exc:
        if exc.code == "ambiguous-year":
            exc = dates.PhraseError(exc.message, "write the day in full, like 2 November 2009",
                                    exc.code)
        error(index, f"agreed: {exc.message}; {exc.hint}", exc.code)
        return None
    if period is None or period.first != period.last:
        error(index, f"agreed: '{text}' is not one day; write the day the plan was agreed, "
              "like 2009-11-02", "bad-date")
        return None
    return period.first


def settings_for(plan: Plan) -> Settings:
    """The settings a new phrase for this plan is read with (`set --due`): the plan's own,
    and the span of its dates as read."""
    days = [day for action in plan.actions
            for day in (action.start, action.due, action.original_due, action.completed_on)
            if day is not None]
    if plan.agreed is not None:
        days.append(plan.agreed)
    near = (min(days), max(days)) if days else None
    return Settings(plan.agreed, plan.financial_year_start, plan.date_order == MONTH_FIRST, near)
