"""`plantrack show`: one action in full, or a recommendation with its criteria and actions."""

from __future__ import annotations

from plantrack.commands.common import answer_actions, ask
from plantrack.options import OutputFormat


def run(item_id: str, *, plan: str | None, as_of: str | None, output: OutputFormat,
        json_flag: bool, output_file: str | None) -> int:
    """Show the action (3.7) or recommendation (3) `item_id` names."""
    from plantrack import answers, query
    from plantrack.formats.destination import text_output
    from plantrack.plan.model import Action

    question = ask(plan, as_of, output, json_flag, output_file=output_file)
    found = query.find(question.plan, item_id)
    if isinstance(found, Action):
        rec = question.plan.recommendation(found.rec_id)
        assert rec is not None  # an action always belongs to a recommendation of its plan
        items = [query.item(question.selection, found, rec, question.as_of)]
    else:
        selection = query.select(question.plan, query.Filters(recs=(found.id,)))
        items = query.matching(question.plan, selection, question.as_of)
    if question.output == OutputFormat.xlsx.value:  # a workbook holds the actions' rows
        answer_actions(question, items, answers.LIST_VIEW,
                       f"Action {found.id}" if isinstance(found, Action) else
                       f"Recommendation {found.id}", [])
        return 0
    with text_output(question.output_file) as out:
        if isinstance(found, Action):
            answers.show_action(out, question.output, items[0], question.as_of,
                                question.plan.fields)
        else:
            tally = query.recommendation_tally(found, question.as_of)
            answers.show_recommendation(out, question.output, found, tally, items,
                                        question.as_of, question.plan.fields)
    return 0
