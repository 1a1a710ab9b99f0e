"""`plantrack overdue`: actions past their deadline (from the day after it), still open."""

from __future__ import annotations

from plantrack.commands.common import Question, answer_actions, plural
from plantrack.errors import EXIT_OVERDUE


def run(question: Question, *, exit_code: bool = False) -> int:
    """Answer; exit EXIT_OVERDUE when asked to (--exit-code) and anything is overdue."""
    from plantrack import answers, query

    items = query.overdue(question.plan, question.selection, question.as_of)
    open_count = sum(1 for action, _ in query.selected(question.plan, question.selection)
                     if not query.is_closed_on(action, question.as_of))
    if items:
        red = sum(1 for it in items if (it.days_overdue or 0) > query.RED_AFTER_DAYS)
        footer = [f"{len(items)} of {plural(open_count, 'open action')} overdue on "
                  f"{question.on}; {red} by more than {query.RED_AFTER_DAYS} days."]
    else:
        footer = [f"Nothing overdue on {question.on} "
                  f"({plural(open_count, 'open action')} checked)."]
    answer_actions(question, items, answers.OVERDUE_VIEW, f"Overdue on {question.on}", footer)
    return EXIT_OVERDUE if exit_code and items else 0
