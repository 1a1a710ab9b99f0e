"""`plantrack due`: open actions falling due within a window, soonest first."""

from __future__ import annotations

from plantrack.commands.common import Question, answer_actions, plural
from plantrack.errors import UsageError


def run(question: Question, *, within: str = "14d", include_overdue: bool = False) -> int:
    """Answer for the window `within` (14d, 2w, 1m…) from the question's day."""
    from plantrack import answers, query
    from plantrack.formats import render
    from plantrack.plan import dates

    try:
        window = dates.read_window(within)
    except dates.PhraseError as exc:
        raise UsageError(f"--within: {exc.message}; {exc.hint}") from None
    until = dates.window_end(question.as_of, window)
    items = query.due_within(question.plan, question.selection, question.as_of, until,
                             include_overdue)
    late = len(query.overdue(question.plan, question.selection, question.as_of))
    span = f"{question.on} to {render.long_date(until)}"
    coming = len(items) - (late if include_overdue else 0)
    footer = [f"{plural(coming, 'open action')} due from {span}."]
    if late and include_overdue:
        footer.append(f"{late} already overdue, listed first.")
    elif late:
        footer.append(f"{late} already overdue, not listed here: see plantrack overdue, or add "
                      "--include-overdue.")
    answer_actions(question, items, answers.DUE_VIEW, f"Due from {span}", footer)
    return 0
