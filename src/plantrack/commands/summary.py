"""`plantrack summary`: per recommendation, counts by status, % complete, a bar and BRAG."""

from __future__ import annotations

import sys

from plantrack.commands.common import Question, answer


def run(question: Question, *, red_after: int = 30) -> int:
    """Answer, Red for actions overdue by more than `red_after` days."""
    from plantrack import answers, query

    rows, total = query.summarise(question.plan, question.selection, question.as_of, red_after)
    # Markdown is written as UTF-8 whatever the locale; a table goes through the console's.
    ascii_only = question.output == "table" and not stdout_is_utf8()
    label = answers.FILTERED_TOTAL if question.selection.label else answers.WHOLE_PLAN
    answer(question, grid=lambda: answers.summary_grid(rows, total, ascii_only, label),
           records=lambda: [answers.summary_record(row) for row in rows]
           if question.output == "json" else [answers.summary_csv_record(row) for row in rows],
           keys=answers.SUMMARY_CSV_KEYS,
           heading=f"Progress by recommendation on {question.on}{question.scope}",
           footer=[answers.plan_line(total, red_after, label), answers.brag_key(red_after)],
           sheet="Summary", brag_key=answers.brag_key(red_after))
    return 0


def stdout_is_utf8() -> bool:
    return (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
