"""`plantrack leads` and `plantrack boards`: one row per name after aliases, most overdue first."""

from __future__ import annotations

from plantrack.commands.common import Question, answer, plural


def run(question: Question, kind: str) -> int:
    """Tally the actions by `kind`: "lead" or "board"."""
    from plantrack import answers, query

    tallies = query.tally_names(question.plan, question.selection, question.as_of, kind)
    named = sum(1 for t in tallies if t.name)
    footer = [f"{plural(named, kind)}; an action with several {kind}s counts for each."]
    answer(question, grid=lambda: answers.name_grid(tallies, kind),
           records=lambda: [answers.name_record(t) for t in tallies], keys=answers.NAME_KEYS,
           heading=f"{kind.capitalize()}s on {question.on}{question.scope}", footer=footer,
           sheet=f"{kind.capitalize()}s")
    return 0
