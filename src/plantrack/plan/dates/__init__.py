"""Reading the loose English deadline phrases people write in a plan.

Every phrase names a period (a day, a month, a year, a week, a financial year or quarter, or
one day of a month such as its end), so "due March 2010" and "due 31 March 2010" compare the
same way. The package is pure: it never looks at the clock and never fills a missing day or
year from today, because a plan must mean the same thing whenever and wherever it is read.
Anything it cannot read unambiguously is a PhraseError that says what is wrong and gives one
hint fit for the phrase; it never picks dates out of prose.

Rules worth knowing:
  * numeric dates are day first (01/02/2010 is 1 February 2010) unless the plan says
    `date_order: month-first`; a two-digit year is 20yy (31/03/10 is 31 March 2010);
  * a month and a one- or two-digit number ('Nov 09') is a year only when nothing else fits:
    when the number cannot be a day of that month, or the year lies within five years of the
    plan's other dates; 'Nov '09' and 'Mar-24' are always years;
  * 'Within 3 months' and 'Immediate' count from the plan's `agreed:` day, '2024/25' and
    'Q3 2024/25' need its `financial_year_start:`; without them they are errors saying so;
  * a span needs a marker: "From X - Y", "X - by Y" or "X to Y"; a bare "X - Y" is refused
    because "2010-11" or "2010-2011" may be a financial year;
  * "Started November 2009 - ongoing" is a start, not a deadline: read_deadline refuses it
    (code 'start-in-due') and the hint says to write start: November 2009 and no due:.

Modules: base (values, calendar facts), grammar (the forms), explain (why not), readers
(due/start/period, cached), window (--as-of, --within).
"""

from __future__ import annotations

from plantrack.plan.dates.base import (
    AGREED,
    DATE_ORDER,
    FINANCIAL_YEAR_START,
    PLAIN,
    PLAN_DATES,
    Deadline,
    Period,
    PhraseError,
    Settings,
)
from plantrack.plan.dates.readers import (
    DATE,
    NONE,
    RELATIVE,
    TBC,
    day_outcome,
    deadline_outcome,
    is_order_ambiguous,
    read_deadline,
    read_period,
    read_start,
    start_outcome,
)
from plantrack.plan.dates.window import read_as_of, read_window, window_end

# Printed once at the end of `validate` when a deadline could not be read.
ACCEPTED_FORMS = (
    "31/03/2010 (day first unless date_order: month-first); 2010-03-31; 31 March 2010; "
    "30th September 2023; Sept. 30, 2020; March 2010; Mar-24; Nov '09; end of March 2010; "
    "mid March 2010; 2010; end of 2010; w/c 14 Oct 2024; w/e 18 Oct 2024; 2024/25 and "
    "Q3 2024/25 (with financial_year_start); Immediate and Within 3 months (with agreed); "
    "From January 2010 – by March 2010; TBC; Ongoing; N/A"
)

# The codes of a phrase that could not be read as a date: `validate` prints ACCEPTED_FORMS
# once after its list when one of them is among the errors.
PHRASE_CODES = frozenset({
    "cadence", "condition", "ambiguous-quarter", "ambiguous-date", "ambiguous-year",
    "vague-date", "two-dates", "unreadable-date", "impossible-date", "no-year", "needs-agreed",
    "needs-financial-year", "date-order", "start-in-due", "range-in-start",
    "ongoing-not-a-date",
})

__all__ = [
    "ACCEPTED_FORMS",
    "AGREED",
    "DATE",
    "DATE_ORDER",
    "FINANCIAL_YEAR_START",
    "NONE",
    "PHRASE_CODES",
    "PLAIN",
    "PLAN_DATES",
    "RELATIVE",
    "TBC",
    "Deadline",
    "Period",
    "PhraseError",
    "Settings",
    "day_outcome",
    "deadline_outcome",
    "is_order_ambiguous",
    "read_as_of",
    "read_deadline",
    "read_period",
    "read_start",
    "read_window",
    "start_outcome",
    "window_end",
]
