"""`plantrack dates`: how each action's deadline was read, and what the reading depended on.

The person checking a plan sees every phrase beside the day it means; a phrase that needed
the plan's settings (agreed, financial_year_start, date_order) or its other dates (the year
in 'Nov 09') says which, so a surprising day can be traced to the setting behind it.
"""

from __future__ import annotations

from typing import Any

from plantrack.formats.records import write_json
from plantrack.messages import say
from plantrack.plan import dates
from plantrack.plan.datefields import settings_for
from plantrack.plan.dates.base import Failure, Settings
from plantrack.plan.load import find_plan, load_path, require_plan
from plantrack.plan.model import DUE_TBC, Action, Plan

DATES_KEYS = ("id", "due_text", "due", "start", "original_due", "kind", "uses")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def uses(action: Action, settings: Settings) -> list[str]:
    """What the action's deadline and start were read with, beyond their own words."""
    used: set[str] = set()
    for text, outcome in ((action.due_text, dates.deadline_outcome),
                          (action.original_due_text, dates.deadline_outcome),
                          (action.start_text, dates.start_outcome)):
        if text is not None:
            reading = outcome(text, settings)
            if not isinstance(reading, Failure):
                used.update(reading.uses)
    order = (dates.AGREED, dates.FINANCIAL_YEAR_START, dates.DATE_ORDER, dates.PLAN_DATES)
    return [name for name in order if name in used]


def setting_words(plan: Plan, settings: Settings, used: list[str]) -> str:
    """'agreed: 2009-11-02' and the like, for the settings a reading used."""
    words = []
    for name in used:
        if name == dates.AGREED and plan.agreed is not None:
            words.append(f"agreed: {plan.agreed.isoformat()}")
        elif name == dates.FINANCIAL_YEAR_START and plan.financial_year_start is not None:
            words.append(f"financial_year_start: {_MONTHS[plan.financial_year_start - 1]}")
        elif name == dates.DATE_ORDER:
            words.append(f"date_order: {plan.date_order}")
        elif name == dates.PLAN_DATES and settings.near is not None:
            low, high = settings.near[0].year, settings.near[1].year
            span = str(low) if low == high else f"{low} to {high}"
            words.append(f"year judged from the plan's dates, {span}")
    return "; ".join(words)


def record(action: Action, used: list[str]) -> dict[str, Any]:
    return {
        "id": action.id,
        "due_text": action.due_text,
        "due": action.due.isoformat() if action.due else None,
        "start": action.start.isoformat() if action.start else None,
        "original_due": action.original_due.isoformat() if action.original_due else None,
        "kind": action.due_kind,
        "uses": used,
    }


def line(action: Action, plan: Plan, settings: Settings, used: list[str]) -> str:
    """2.2  By Nov 09 → 2009-11-30  (start 2009-10-01; year judged from the plan's dates)."""
    written = action.due_text if action.due_text is not None else "(no deadline)"
    if action.due_kind == DUE_TBC:
        reading = "to be confirmed"
    else:
        reading = action.due.isoformat() if action.due else "no deadline"
    notes = []
    if action.original_due_text is not None:
        first = action.original_due.isoformat() if action.original_due else "no date"
        notes.append(f"first agreed {action.original_due_text} → {first}")
    if action.start:
        notes.append(f"start {action.start.isoformat()}")
    if used:
        notes.append(setting_words(plan, settings, used))
    return f"{action.id}  {written} → {reading}" + (f"  ({'; '.join(notes)})" if notes else "")


def run(plan_option: str | None, output: str) -> int:
    plan = require_plan(load_path(find_plan(plan_option)))
    settings = settings_for(plan)
    rows = [(action, uses(action, settings)) for action in plan.actions]
    if output == "json":
        import sys

        write_json(sys.stdout, [record(action, used) for action, used in rows])
        return 0
    for action, used in rows:
        say(line(action, plan, settings, used))
    return 0
