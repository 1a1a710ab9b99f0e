"""`plantrack list`: every action the filters keep, in plan order, with its BRAG colour."""

from __future__ import annotations

from plantrack.commands.common import Question, answer_actions, plural


def run(question: Question, *, rag_mismatch: bool = False) -> int:
    """Answer; with `rag_mismatch`, only actions rated on track by their owner but late."""
    from plantrack import answers, query

    items = query.matching(question.plan, question.selection, question.as_of)
    if rag_mismatch:
        items = [it for it in items if query.rag_mismatch(it.action, it.brag)]
    total = sum(1 for _ in question.plan.actions)
    late = sum(1 for it in items if it.days_overdue is not None)
    footer = [f"{len(items)} of {plural(total, 'action')}; {late} overdue on {question.on}."]
    answer_actions(question, items, answers.LIST_VIEW, "Actions", footer)
    return 0
