"""Write a realistic plan of N actions, the same every time for the same N and seed.

    python bench/generate.py 10000 --seed 1 > plan.yaml
    python bench/generate.py 10000 --seed 1 --truth truth.json > plan.yaml

Realistic means what real action plans contain and what costs plantrack time: comments, long
action texts, one to three leads (some spelt two ways and reconciled under `aliases`), boards,
notes, deadline phrases in every accepted form spread over two years either side of
REFERENCE_DATE, `Ongoing` and missing deadlines, and every status in the spellings people use.

This module does not import plantrack: it knows the date each phrase it writes stands for, so
the sidecar it can write (`--truth`: each action's id, ISO deadline and closed flag) is an
independent answer. The floor script and the Taskwarrior import read the sidecar instead of
re-implementing plantrack's phrase grammar, and the tests check plantrack's reading against it.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import sys
from dataclasses import asdict, dataclass
from datetime import date, timedelta

# The day the generated plan is "as of": deadlines fall up to two years either side of it, and
# the benchmark asks what is overdue on this day.
REFERENCE_DATE = date(2010, 1, 15)
SPREAD_DAYS = 730

MONTHS = [calendar.month_name[m] for m in range(1, 13)]
MONTH_ABBREVIATIONS = [calendar.month_abbr[m] for m in range(1, 13)]

# People and teams who lead actions, and the variant spellings real plans contain for some of
# them. No two canonical names are within two letters of each other (plantrack would warn).
LEADS = (
    "Maureen Cavanagh", "Peter Jackson", "Richard Davies", "Elaine Petch", "Tracy Collins",
    "Amanda Fitzgerald", "Gurpreet Sandhu", "Oluwaseun Adeyemi", "Catherine Brookes",
    "Stephen Whitfield", "Helen Marchant", "Nadia Rahman", "Graham Oldroyd", "Bethany Ellis",
    "Rajesh Kapoor", "Fiona McAllister", "Duncan Pritchard", "Yvonne Osei", "Martin Lindqvist",
    "Samira Haddad", "Area Social Care Managers", "Service Managers", "Head of Safeguarding",
    "Principal Social Worker", "Workforce Development Manager", "Performance Team",
    "Independent Reviewing Officers", "Business Support Manager", "LAC Nurse",
    "Virtual School Head", "Family Placement Team Manager", "Children's Rights Officer",
)
LEAD_VARIANTS = {
    "Maureen Cavanaugh": "Maureen Cavanagh",
    "Pete Jackson": "Peter Jackson",
    "Rich Davies": "Richard Davies",
    "ASCM": "Area Social Care Managers",
    "Area Managers": "Area Social Care Managers",
    "SM": "Service Managers",
    "HoS Safeguarding": "Head of Safeguarding",
    "PSW": "Principal Social Worker",
    "IROs": "Independent Reviewing Officers",
}
BOARDS = (
    "Social Care Performance and Quality Assurance Board",
    "Social Care Management Team",
    "Workforce Development Group",
    "LSCB Quality and Effectiveness Group",
    "Corporate Parenting Board",
    "ICS Project Board",
    "Children's Trust Executive",
    "Area Performance Boards",
    "LAC Operations Group",
    "Safeguarding Improvement Board",
)
BOARD_VARIANTS = {
    "Performance and QA Board": "Social Care Performance and Quality Assurance Board",
    "Social Care Mgt Team": "Social Care Management Team",
    "LAC Ops Group": "LAC Operations Group",
    "QEG": "LSCB Quality and Effectiveness Group",
}
AREAS = ("Safeguarding", "Looked After Children", "Workforce", "Performance", "Partnership")
TIMESCALES = ("within 3 months", "within 6 months", "within 12 months", "immediately")

VERBS = (
    "Review", "Audit", "Introduce", "Strengthen", "Monitor", "Develop", "Agree", "Implement",
    "Publish", "Embed", "Evaluate", "Recruit to", "Re-launch", "Report on",
)
OBJECTS = (
    "the allocation of referrals in each area team",
    "the timeliness of initial and core assessments",
    "supervision arrangements for newly qualified social workers",
    "the quality of child protection plans",
    "case file audits across the service",
    "the placement stability of looked after children",
    "the electronic recording of chronologies in the ICS",
    "multi-agency training on thresholds for intervention",
    "the handover between the referral and assessment teams",
    "health assessments for looked after children placed out of area",
    "the caseload management tool",
    "the quality assurance framework",
    "return home interviews for children who go missing",
    "vacant team manager posts",
)
PURPOSES = (
    "so that no child waits more than five working days for a decision",
    "and report the findings to the management team each month",
    "with a clear escalation route where standards are not met",
    "taking account of the views of children, young people and their families",
    "using the national indicators NI 59 and NI 60 as the measure of progress",
    "so that managers can see at a glance where work is falling behind",
    "in partnership with health, education and the police",
    "and agree an action plan for any team falling below the target",
)
NOTES = (
    "Two of four sessions held",
    "Report to the March board",
    "Agreed: start in May",
    "Delayed by vacancies in the team; new start date to be agreed",
    "Pilot in the North area first",
    "Awaiting sign-off by the Director",
    "Completed in two areas, #3 and #4 to follow",
)
MONITORING = (
    "Through case file audits",
    "Monthly performance report",
    "Quarterly report to the board",
    "Supervision records and audit",
)
CRITERIA = (
    "All cases are risk assessed by a Team Manager and allocated promptly",
    "Improvement in the timely completion of assessments (NI 59 & 60)",
    "Plans are well defined, with specific objectives and timescales",
    "Children and young people say they are listened to",
)
MEASURES = (
    "No unallocated cases where a decision has been made to undertake an initial assessment",
    "Month on month improvement in the completion of initial assessments",
    "Audit scores improve quarter on quarter",
)

# Status as written in the file → what it means; weights are rough shares in real plans.
STATUS_SPELLINGS = {
    "not-started": ("not-started", "Not started", "NOT_STARTED"),
    "in-progress": ("in-progress", "In progress", "In Progress", "in_progress"),
    "ongoing": ("ongoing", "Ongoing"),
    "blocked": ("blocked", "Blocked"),
    "completed": ("completed", "Completed"),
    "dropped": ("dropped", "Dropped"),
}
STATUS_WEIGHTS = {
    "not-started": 15, "in-progress": 30, "ongoing": 10, "blocked": 8, "completed": 30,
    "dropped": 7,
}
CLOSED = frozenset({"completed", "dropped"})


@dataclass(frozen=True)
class TruthAction:
    """What one generated action means, worked out here and not by plantrack."""

    id: str
    rec_id: str
    text: str
    status: str
    closed: bool
    due: str | None  # ISO date, or None for no deadline
    leads: tuple[str, ...]  # canonical names (aliases applied)


@dataclass(frozen=True)
class GeneratedPlan:
    text: str
    actions: tuple[TruthAction, ...]

    def truth(self) -> dict[str, object]:
        """The sidecar: the reference date and each action's meaning, JSON-ready."""
        return {
            "reference_date": REFERENCE_DATE.isoformat(),
            "actions": [asdict(action) for action in self.actions],
        }


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_name(rng: random.Random, month: int) -> str:
    if month == 9 and rng.random() < 0.3:
        return "Sept"
    return MONTHS[month - 1] if rng.random() < 0.7 else MONTH_ABBREVIATIONS[month - 1]


def _year(rng: random.Random, year: int) -> str:
    return f"{year % 100:02d}" if rng.random() < 0.25 else str(year)


def deadline_phrase(rng: random.Random, day: date) -> tuple[str, date]:
    """A phrase in one of the accepted forms for a deadline near `day`, and the date it means."""
    form = rng.randrange(12)
    by = "By " if rng.random() < 0.35 else ""
    month, year = day.month, day.year
    if form == 0:
        return f"{by}{day.day:02d}/{month:02d}/{year}", day
    if form == 1:
        return day.isoformat(), day
    if form == 2:
        return f"{by}{day.day} {MONTHS[month - 1]} {year}", day
    if form == 3:
        return f"{by}end of {MONTHS[month - 1]} {year}", _last_day(year, month)
    if form == 4:
        return f"{by}end {_month_name(rng, month)} {year}", _last_day(year, month)
    if form == 5:
        return f"mid {MONTHS[month - 1]} {year}", date(year, month, 15)
    if form == 6 and month == 12:
        return f"{by}end of {year}", date(year, 12, 31)
    if form == 7:
        first = day - timedelta(days=rng.randrange(30, 120))
        return (f"From {MONTHS[first.month - 1]} {first.year} – by {MONTHS[month - 1]} {year}",
                _last_day(year, month))
    return f"{by}{_month_name(rng, month)} {_year(rng, year)}", _last_day(year, month)


def _scalar(text: str) -> str:
    """Plain when YAML reads it back unchanged, else double-quoted (as a person would write)."""
    plain = (
        text
        and text[0].isalpha()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.casefold() not in {"yes", "no", "on", "off", "true", "false", "null"}
    )
    if plain:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _names(key: str, values: list[str]) -> list[str]:
    """An action's `lead:` or `board:` lines: one name inline, two as a flow list, three as a
    block list (all three forms occur in real plans)."""
    if len(values) == 1:
        return [f"        {key}: {_scalar(values[0])}"]
    if len(values) == 2:
        return [f"        {key}: [" + ", ".join(_scalar(v) for v in values) + "]"]
    return [f"        {key}:", *(f"          - {_scalar(v)}" for v in values)]


def _sizes(rng: random.Random, n: int) -> list[int]:
    """Actions per recommendation: 3 to 12 each, adding up to exactly n."""
    sizes: list[int] = []
    left = n
    while left > 0:
        size = min(left, rng.randint(3, 12))
        if 0 < left - size < 3:
            size = left
        sizes.append(size)
        left -= size
    return sizes


def _statuses(rng: random.Random, n: int) -> list[str]:
    """Statuses by weight, with every status present once there are enough actions."""
    names = list(STATUS_WEIGHTS)
    chosen = rng.choices(names, weights=list(STATUS_WEIGHTS.values()), k=n)
    for position, status in zip(rng.sample(range(n), min(n, len(names))), names, strict=False):
        chosen[position] = status
    return chosen


def _pick_names(rng: random.Random, pool: tuple[str, ...], variants: dict[str, str],
                count: int, used_variants: set[str]) -> tuple[list[str], list[str]]:
    """`count` distinct names as written (sometimes a variant), and the names they mean."""
    canonical = rng.sample(pool, count)
    written: list[str] = []
    for name in canonical:
        spellings = [v for v, target in variants.items() if target == name]
        if spellings and rng.random() < 0.25:
            variant = rng.choice(spellings)
            used_variants.add(variant)
            written.append(variant)
        else:
            written.append(name)
    return written, canonical


def generate(n: int, seed: int = 1) -> GeneratedPlan:
    """The plan text and what each action means. Same n and seed, same bytes."""
    if n < 1:
        raise ValueError("a plan needs at least one action")
    rng = random.Random(seed)
    statuses = _statuses(rng, n)
    used_variants: set[str] = set()
    body: list[str] = []
    truth: list[TruthAction] = []
    count = 0
    for rec_number, size in enumerate(_sizes(rng, n), start=1):
        rec_id = str(rec_number)
        if rng.random() < 0.3:
            body.append(f"  # Recommendation {rec_id}: reviewed at the "
                        f"{rng.choice(MONTHS)} board; see the minutes for the discussion.")
        body += [
            f'  - id: "{rec_id}"',
            f"    title: {_scalar(f'{rng.choice(VERBS)} {rng.choice(OBJECTS)}')}",
            f"    area: {rng.choice(AREAS)}",
            f"    timescale: {rng.choice(TIMESCALES)}",
            "    success_criteria:",
            *(f"      - {_scalar(c)}" for c in rng.sample(CRITERIA, rng.randint(1, 3))),
            "    measures:",
            *(f"      - {_scalar(m)}" for m in rng.sample(MEASURES, rng.randint(1, 2))),
            "    actions:",
        ]
        for number in range(1, size + 1):
            status = statuses[count]
            count += 1
            action_id = f"{rec_id}.{number}"
            text = (f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(PURPOSES)}"
                    f"{'; ' + rng.choice(PURPOSES) if rng.random() < 0.4 else ''}.")
            leads_written, leads = _pick_names(rng, LEADS, LEAD_VARIANTS,
                                               rng.choice((1, 1, 1, 2, 2, 3)), used_variants)
            boards_written, _ = _pick_names(rng, BOARDS, BOARD_VARIANTS,
                                            rng.choice((1, 1, 1, 2)), used_variants)
            if rng.random() < 0.1:
                body.append("      # Carried over from the previous plan.")
            lines = [f'      - id: "{action_id}"', f"        action: {_scalar(text)}"]
            lines += _names("lead", leads_written)
            due: date | None = None
            kind = rng.random()
            if status == "ongoing" and kind < 0.6:
                lines.append("        due: Ongoing")
            elif kind < 0.06:
                pass  # no deadline at all
            else:
                middle = REFERENCE_DATE + timedelta(days=rng.randint(-SPREAD_DAYS, SPREAD_DAYS))
                phrase, due = deadline_phrase(rng, middle)
                if rng.random() < 0.25 and "From" not in phrase:
                    start = due - timedelta(days=rng.randrange(30, 200))
                    lines.append(f"        start: {MONTHS[start.month - 1]} {start.year}")
                comment = "  # source: \"to be agreed\"" if rng.random() < 0.05 else ""
                lines.append(f"        due: {phrase}{comment}")
            lines.append(f"        status: {rng.choice(STATUS_SPELLINGS[status])}")
            if rng.random() < 0.4:
                lines.append(f"        note: {_scalar(rng.choice(NOTES))}")
            lines += _names("board", boards_written)
            if rng.random() < 0.3:
                lines.append(f"        monitoring: {rng.choice(MONITORING)}")
            body += lines
            truth.append(TruthAction(action_id, rec_id, text, status, status in CLOSED,
                                     due.isoformat() if due else None, tuple(leads)))
    head = [
        f"# A generated plan of {n} actions (bench/generate.py, seed {seed}).",
        "# It reads like a real improvement plan: long texts, several leads, loose deadlines.",
        "",
        f"title: Generated improvement plan ({n} actions)",
        'version: "1"',
        "organisation: Example Borough Council",
    ]
    variants = {**LEAD_VARIANTS, **BOARD_VARIANTS}
    used = [v for v in variants if v in used_variants]
    if used:
        head += ["aliases:  # variant spelling: the one name it means"]
        head += [f"  {_scalar(v)}: {_scalar(variants[v])}" for v in used]
    head += ["", "recommendations:"]
    return GeneratedPlan("\n".join([*head, *body]) + "\n", tuple(truth))


def generate_plan(n: int, seed: int = 1) -> str:
    """Just the plan text."""
    return generate(n, seed).text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of actions")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truth", metavar="FILE",
                        help="also write what each action means (id, ISO due, closed) as JSON")
    args = parser.parse_args(argv)
    generated = generate(args.n, args.seed)
    if args.truth:
        with open(args.truth, "w", encoding="utf-8") as handle:
            json.dump(generated.truth(), handle)
    sys.stdout.buffer.write(generated.text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
