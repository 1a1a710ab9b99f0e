"""Why a phrase is not a date plantrack reads, with one hint fit for that phrase.

Only reached once reading has failed, and never reads a date out of prose: the dates it
finds inside a phrase only shape the hint. It ignores the plan's settings (a hint must not
change with them); the full list of accepted forms is printed once by `validate`, not here.
"""

from __future__ import annotations

import re

from plantrack.plan.dates.base import (
    EXAMPLE_YEAR,
    MONTH_NAMES,
    PLAIN,
    Failure,
    Impossible,
    Period,
    month_length,
    month_number,
)
from plantrack.plan.dates.grammar import FLAGS, MON, Context, match

_QUARTER = re.compile(r"\bq[1-4]\b|\bquarters?\b", FLAGS)
_QUARTER_ONE_YEAR = re.compile(r"(?:end of )?(?:q|quarter )(?P<q>[1-4]),? (?P<y>\d{4})", FLAGS)
_SPLIT_YEAR = re.compile(r"\b(?P<a>\d{4}) ?[/–—‐‑−-] ?(?P<b>\d{4}|\d{2})\b", FLAGS)
_SEASON = re.compile(
    r"(?:by )?(?:the )?(?:end of )?(?P<word>spring|summer|autumn|fall|winter)(?: of)?[ -]"
    r"(?P<rest>.+)",
    FLAGS,
)
_VAGUE = re.compile(r"(?:by )?(?P<word>early|late)(?: of)?[ -](?P<rest>.+)", FLAGS)
_CADENCE = re.compile(
    r"\b(?:daily|weekly|fortnightly|monthly|bi-?monthly|quarterly|half-yearly|bi-?annual(?:ly)?"
    r"|annual(?:ly)?|yearly|termly|every (?:day|week|month|quarter|year|term)|each (?:week|month"
    r"|quarter|year|term)|(?:per|a|each) (?:day|week|month|quarter|year|annum|term)"
    r"|(?:once|twice) a)\b",
    FLAGS,
)
_CONDITION = re.compile(
    r"(?:after|following|when|once|upon|on|subject to|dependent on|depends on|depending on"
    r"|pending|until|subsequent to|in line with|as per|as and when|linked to)\b",
    FLAGS,
)
_REVISED = re.compile(
    r"\b(?:revised|moved|changed|extended|slipped|rescheduled|deferred|was|previously"
    r"|originally|formerly)\b",
    FLAGS,
)
_WEEK_OF = re.compile(
    r"(?P<kind>w/c|w/b|wc|week commencing|week beginning|w/e|week ending) (?P<rest>.+)", FLAGS
)
_VAGUE_LENGTH = re.compile(
    r"(?:within |in )?(?:the next )?(?:a few|few|some|several|a couple of|a number of) "
    r"(?P<unit>days|weeks|months|years)",
    FLAGS,
)
_MONTH_WORD = re.compile(rf"\b{MON}(?![a-z])", FLAGS)
_DAY_MONTH_NO_YEAR = re.compile(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}(?![\d/.-])", FLAGS)
_DIGITS = re.compile(r"\d+", FLAGS)
_TOKEN = re.compile(r"[^\s()\[\]{};:!?\"]+")
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
_ONGOING = " ongoing "


def failure(s: str, reason: str, hint: str, code: str) -> Failure:
    return Failure(f"cannot read '{s}' as a date: {reason}", hint, code)


def safe_match(s: str) -> Period | None:
    """A reading for hints only: no settings, no exceptions."""
    try:
        return match(s, Context(PLAIN, explaining=True))
    except Impossible:
        return None


def _dates_in(s: str) -> tuple[list[tuple[str, Period]], str | None]:
    """Readable dates inside prose (for hints only, as written there: 'June 30, 2020') and the
    first impossible-date reason."""
    spans = [(m.start(), m.end() - (len(m[0]) - len(m[0].rstrip(".,"))))
             for m in _TOKEN.finditer(s) if m[0].rstrip(".,")]
    tokens = [s[start:end] for start, end in spans]
    found: list[tuple[str, Period]] = []
    impossible: str | None = None
    i = 0
    while i < len(tokens):
        if tokens[i].lower() == "by":
            i += 1
            continue
        for j in range(min(len(tokens), i + 6), i, -1):
            candidate = " ".join(tokens[i:j])
            try:
                period = match(candidate, Context(PLAIN, explaining=True))
            except Impossible as e:
                impossible = impossible or str(e)
                continue
            if period is not None:
                found.append((s[spans[i][0]:spans[j - 1][1]], period))
                i = j
                break
        else:
            i += 1
    return found, impossible


def diagnose(s: str, *, for_deadline: bool, start_word: bool = False) -> Failure:
    """Say, as precisely as possible, why `s` is not a phrase plantrack reads."""
    if not s:
        return Failure("no date given", "write a date, or Ongoing if there is none", "empty")
    if _CADENCE.search(s):
        return failure(
            s, "it says how often something happens, and a cadence is not a deadline",
            "if it recurs, write Ongoing and put the cadence in monitoring:", "cadence",
        )
    if _QUARTER.search(s):
        return _quarter(s)
    if (m := _SPLIT_YEAR.search(s)) and int(m["b"]) % 100 == (int(m["a"]) + 1) % 100:
        a, b = int(m["a"]), int(m["a"]) + 1
        month = int(m["b"])
        also = (f", {MONTH_NAMES[month - 1]} {a}"
                if "-" in m[0] and len(m["b"]) == 2 and month <= 12 else "")
        return failure(
            s,
            f"'{m[0]}' could be the financial year {a}/{b % 100:02d}{also} or all of {a} and {b}",
            f"for a financial year write {a}/{b % 100:02d} and add financial_year_start: (the "
            f"month it starts) to the plan; otherwise write the day or month it ends, like "
            f"31 March {b}",
            "ambiguous-date",
        )
    if (m := _SEASON.fullmatch(s)) and safe_match(m["rest"]) is not None:
        return _season(s, m)
    if (m := _VAGUE.fullmatch(s)) and safe_match(m["rest"]) is not None:
        return failure(
            s, f"'{m['word']}' does not say which day",
            "write the month you mean, like March 2010 or end of June 2010", "vague-date",
        )
    if (m := _WEEK_OF.fullmatch(s)) and (rest := safe_match(m["rest"])) is not None:
        day = rest.last if m["kind"].lower() in ("w/e", "week ending") else rest.first
        return failure(
            s, "a week is named by one day, and this names more than one",
            f"write the week's day, like {m['kind']} {day.day} {MONTH_NAMES[day.month - 1]} "
            f"{day.year}", "vague-date",
        )
    if m := _VAGUE_LENGTH.fullmatch(s):
        return failure(
            s, "it does not say how long",
            f"write the length, like Within 3 {m['unit'].lower()} (counted from the plan's "
            "agreed: day), or the date itself", "vague-date",
        )
    found, impossible = _dates_in(s)
    ongoing = _ONGOING in f" {s.lower()} "
    if len(found) >= 2:
        return _two_dates(s, found, for_deadline=for_deadline)
    if _CONDITION.match(s) and not found:
        return failure(
            s, "it is a condition, not a date",
            "write the date it is expected, or TBC until one is agreed, and put the condition "
            "in note:", "condition",
        )
    if len(found) == 1:
        hint = f"write only the date, like {found[0][0]}, and keep the other words in note:"
        if for_deadline and ongoing:
            hint = f"if there is no deadline, write Ongoing; otherwise write only the date, " \
                   f"like {found[0][0]}"
        if for_deadline and start_word:
            hint = f"put when work started in start:, like start: {found[0][0]}"
        return failure(s, "it has other words around the date", hint, "unreadable-date")
    if impossible:
        return failure(s, impossible, "check the day and month", "impossible-date")
    months = [m for m in _MONTH_WORD.finditer(s) if m["mon"] != "may"]  # lowercase may: a verb
    numbers = _DIGITS.findall(s)
    if (months and len(numbers) <= 1 and all(len(n) <= 2 for n in numbers)) or (
        len(numbers) == 2 and _DAY_MONTH_NO_YEAR.search(s)
    ):
        if months:
            number = month_number(months[0]["mon"])
            name = MONTH_NAMES[number - 1]
            last = month_length(EXAMPLE_YEAR, number)
            hint = (f"add the year, writing it like {last} {name} {EXAMPLE_YEAR}, "
                    f"{name} {EXAMPLE_YEAR} or end of {name} {EXAMPLE_YEAR}")
        else:
            hint = "add the year, writing it like 31/03/2010"
        return failure(s, "it has no year", hint, "no-year")
    hint = "write it like 31 March 2010 or March 2010"
    if for_deadline and ongoing:
        hint = "if there is no deadline write Ongoing; otherwise " + hint
    return failure(s, "it is not a date in a form plantrack reads", hint, "unreadable-date")


def _quarter(s: str) -> Failure:
    if m := _QUARTER_ONE_YEAR.fullmatch(s):
        year = int(m["y"])
        return failure(
            s,
            "a quarter of one year could be a calendar quarter (Q1 = January to March) or a "
            "financial-year quarter (Q1 = April to June in the UK)",
            f"for a financial-year quarter write Q{m['q']} {year}/{(year + 1) % 100:02d} (with "
            f"financial_year_start: in the plan); for a calendar quarter write the month it "
            f"ends, like end of {MONTH_NAMES[3 * int(m['q']) - 1]} {year}",
            "ambiguous-quarter",
        )
    return failure(
        s,
        "a quarter could be a calendar quarter (Q1 = January to March) or a financial-year "
        "quarter (Q1 = April to June in the UK)",
        "write the month it ends instead, like end of March 2010, or Q1 2010/11 with "
        "financial_year_start: in the plan",
        "ambiguous-quarter",
    )


def _season(s: str, m: re.Match[str]) -> Failure:
    word = m["word"].lower()
    rest = safe_match(m["rest"])
    assert rest is not None
    month = _SEASON_END[word]
    year = rest.last.year + (1 if month == 2 and rest.first.year == rest.last.year else 0)
    return failure(
        s, f"a season ({word}) does not say which day, and seasons differ between countries",
        f"write the month it ends, like end of {MONTH_NAMES[month - 1]} {year}", "vague-date",
    )


def _two_dates(s: str, found: list[tuple[str, Period]], *, for_deadline: bool) -> Failure:
    names = ", ".join(f[0] for f in found[:-1]) + f" and {found[-1][0]}"
    reason = f"it names more than one date ({names})"
    if not for_deadline:
        return failure(s, reason, f"write one date, like {found[0][0]}", "two-dates")
    if len(found) == 2 and (revised := _REVISED.search(s)):
        # March 2024 (revised from Dec 2023): the date after the word is the earlier deadline.
        before = [f for f in found if s.find(f[0]) < revised.start()]
        after = [f for f in found if s.find(f[0]) > revised.start()]
        if len(before) == 1 and len(after) == 1:
            current, first = before[0][0], after[0][0]
            return failure(
                s, reason,
                f"if the deadline moved, write due: {current} and original_due: {first}",
                "two-dates",
            )
    ordered = sorted(found, key=lambda f: f[1].last)
    earlier, later = ordered[0][0], ordered[-1][0]
    return failure(
        s, reason,
        f"if the deadline moved, write due: {later} and original_due: {earlier} (the deadline "
        f"first agreed); if it is a span, write From {earlier} – by {later}",
        "two-dates",
    )
