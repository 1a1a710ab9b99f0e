"""`plantrack validate`: every problem as FILE:LINE:COL: error|warning: message [code]."""

from __future__ import annotations

from plantrack.commands.common import plural
from plantrack.errors import EXIT_PLAN_ERRORS
from plantrack.messages import err, say


def run(plan: str | None, *, strict: bool = False) -> int:
    """Report the problems (stdout) and a tally (stderr); exit 1 on errors, or warnings if
    `strict`."""
    from plantrack.plan.load import all_problems, find_plan, load_path

    result = load_path(find_plan(plan))
    problems = all_problems(result)
    for problem in problems:
        say(str(problem))
    if any(problem.is_error and problem.code in _phrase_codes() for problem in problems):
        from plantrack.plan.dates import ACCEPTED_FORMS

        say(f"Deadlines may be written as: {ACCEPTED_FORMS} (docs/plan-format.md shows them all)")
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    tally = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if result.plan is not None and not errors:
        count = sum(1 for _ in result.plan.actions)
        err(f"{result.source.path}: {plural(len(result.plan.recommendations), 'recommendation')}"
            f", {plural(count, 'action')}; {tally}")
    else:
        err(f"{result.source.path}: {tally}")
    return EXIT_PLAN_ERRORS if errors or (strict and warnings) else 0


def _phrase_codes() -> frozenset[str]:
    """Imported only when a problem is an error: a clean plan read from the cache never
    loads the deadline grammar."""
    from plantrack.plan.dates import PHRASE_CODES

    return PHRASE_CODES
