"""The command line's own dates: `--as-of` and `due --within`.

dateutil is imported only when a window is read, so a query without one never loads it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from plantrack.plan.dates.base import PLAIN, PhraseError, Settings
from plantrack.plan.dates.grammar import FLAGS
from plantrack.plan.dates.readers import normalise, read_period

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_WINDOW = re.compile(
    r"(?P<n>[+-]?\d{1,6}) ?(?P<unit>d|days?|w|wks?|weeks?|m|mths?|months?)?", FLAGS
)


def read_as_of(text: str, today: date, settings: Settings = PLAIN) -> date:
    """The day `--as-of` means: 'today', 'yesterday', 'tomorrow' count from `today` (the
    caller passes the clock's date in, so this package stays pure); any other phrase is the
    LAST day of its period, so 'January 2010' asks about the state at the end of January.
    `settings` are the plan's (`set --on` reads 6/1/2020 in its date_order, as the file is).
    """
    s = normalise(text)
    if (shift := _RELATIVE.get(s.lower())) is not None:
        try:
            return today + timedelta(days=shift)
        except OverflowError:
            raise PhraseError(
                f"cannot read '{s}' as a date: it falls outside the calendar",
                "give a date instead",
                "impossible-date",
            ) from None
    try:
        period = read_period(s, settings)
    except PhraseError as exc:  # its hint may offer what only a deadline takes (Ongoing)
        raise PhraseError(exc.message, _as_of_hint(exc), exc.code) from None
    if period is None:
        raise PhraseError(
            f"cannot read '{s}' as a date: Ongoing is not a day",
            _as_of_forms("give a day or month, like 31 January 2010 or January 2010, or today"),
            "ongoing-not-a-date",
        )
    return period.last


AS_OF_FORMS = (
    "31/03/2010, 2010-03-31, 31 March 2010, March 2010, Nov '09, end of March 2010, "
    "mid March 2010, 2010, end of 2010, today, yesterday or tomorrow"
)


def _as_of_forms(hint: str) -> str:
    return f"{hint} (accepted: {AS_OF_FORMS})"


def _as_of_hint(exc: PhraseError) -> str:
    """A deadline phrase's hint, retold for --as-of: a message suggests only what the option
    it is about accepts, and --as-of takes a day, never Ongoing."""
    if exc.code == "empty":
        return _as_of_forms("give a day or month, like 31 January 2010, or today")
    hint = exc.hint
    if "ongoing" in hint.lower():
        hint = "write it like 31 March 2010 or March 2010"
    return _as_of_forms(hint)


def read_window(text: str) -> relativedelta:
    """How far ahead `plantrack due --within` looks: '14d', '14 days', '2w', '2 weeks', '1m',
    '1 month', or a bare number of days.

    A relativedelta, so a month is a calendar month (31 Jan + 1 month = 28/29 Feb) rather
    than 30 days. Zero or negative is a PhraseError: a window that looks nowhere is a mistake.
    """
    from dateutil.relativedelta import relativedelta

    s = normalise(text)
    m = _WINDOW.fullmatch(s)
    if m is None:
        raise PhraseError(
            f"cannot read '{s}' as a time window",
            "write it like 14d, 14 days, 2w, 2 weeks, 1m or 1 month",
            "bad-window",
        )
    n = int(m["n"])
    if n <= 0:
        raise PhraseError(
            f"cannot read '{s}' as a time window: it must be more than zero",
            "write it like 14d, 2w or 1m",
            "bad-window",
        )
    unit = (m["unit"] or "d")[0].lower()
    if unit == "w":
        return relativedelta(weeks=n)
    if unit == "m":
        return relativedelta(months=n)
    return relativedelta(days=n)


def window_end(as_of: date, window: relativedelta) -> date:
    """The last day inside `window` counted from `as_of` (included), capped at the calendar's
    end so a huge window cannot crash a report.
    """
    try:
        end = as_of + window
    except (OverflowError, ValueError):
        return date.max
    return end if isinstance(end, date) else end.date()
