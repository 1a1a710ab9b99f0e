"""docs/plan-format.md is checked, not trusted: its example plan passes `validate --strict`,
every deadline form in its table reads in a plan with the settings beside it, and every
phrase it says is refused is refused with the code it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plantrack.plan import dates
from plantrack.plan.load import all_problems, load_text

pytestmark = pytest.mark.usefixtures("both_loaders")

PAGE = Path(__file__).resolve().parent.parent / "docs" / "plan-format.md"
TEXT = PAGE.read_text(encoding="utf-8")
TICKED = re.compile(r"`([^`]+)`")
CODE = re.compile(r"`\[([a-z-]+)\]`")


def table(header: str) -> list[list[str]]:
    """The rows (cells) of the Markdown table whose header row is `header`."""
    lines = TEXT[TEXT.index(header):].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def plan_with(settings: list[str], due: str) -> str:
    quoted = "'" + due.replace("'", "''") + "'"
    head = "".join(f"{line}\n" for line in settings)
    return (f"title: T\n{head}recommendations:\n  - id: \"1\"\n    actions:\n"
            f"      - id: \"1.1\"\n        action: Something\n        lead: Ann\n"
            f"        due: {quoted}\n        status: in-progress\n")


def codes(text: str) -> list[str]:
    return [f"{p.severity} {p.code}" for p in all_problems(load_text(text))]


def accepted() -> list[tuple[str, list[str], list[str]]]:
    found = []
    for written, settings, means in table("| written | with | means |"):
        warnings = [f"warning {code}" for code in CODE.findall(means)]
        for phrase in TICKED.findall(written):
            found.append((phrase, TICKED.findall(settings), warnings))
    return found


def refused() -> list[tuple[str, str]]:
    found = []
    for written, why in table("| written | why not, and what the message says |"):
        (code,) = CODE.findall(why)
        found += [(phrase, code) for phrase in TICKED.findall(written)]
    return found


def test_the_tables_hold_every_form_the_issue_lists() -> None:
    phrases = {phrase for phrase, _, _ in accepted()}
    for form in ("TBC", "To be agreed", "N/A", "Immediate", "Within 3 months", "2024/25",
                 "FY24/25", "Q3 2024/25", "end of Q3 2024/25", "FY 2020", "6/30/2020",
                 "w/c 14 Oct 2024", "w/e 18 Oct 2024", "Mar-24", "Sept-23", "Mar-2024",
                 "2024-01-01T05:00:00-04:00", "Sept. 30, 2020", "30th September 2023",
                 "31.03.24", "July 31, 2020*", "Nov '09", "Nov 09"):
        assert form in phrases, form
    assert len(refused()) >= 15


def test_the_example_plan_passes_validate_strict() -> None:
    example = re.search(r"```yaml\n(.*?)```", TEXT, re.S)
    assert example is not None
    assert codes(example.group(1)) == []


def test_the_example_plan_uses_a_plans_own_words() -> None:
    """statuses, fields, rag and completed_on are shown in use, in an example that validates."""
    example = re.search(r"```yaml\n(.*?)```", TEXT, re.S)
    assert example is not None
    plan = load_text(example.group(1)).plan
    assert plan is not None and plan.statuses and plan.fields
    by_id = {action.id: action for action in plan.actions}
    assert by_id["2.2"].completed_on is not None and by_id["2.2"].status == "completed"
    assert by_id["2.6"].rag == "green" and by_id["2.6"].status_text == "Partially completed"
    assert set(by_id["2.2"].extra) | set(by_id["2.6"].extra) == set(plan.fields)


@pytest.mark.parametrize(("phrase", "settings", "warnings"), accepted(),
                         ids=[phrase for phrase, _, _ in accepted()])
def test_every_accepted_form_reads_with_its_settings(
    phrase: str, settings: list[str], warnings: list[str]
) -> None:
    assert codes(plan_with(settings, phrase)) == warnings


@pytest.mark.parametrize(("phrase", "code"), refused(), ids=[p for p, _ in refused()])
def test_every_refused_form_gives_its_code(phrase: str, code: str) -> None:
    assert codes(plan_with(["agreed: 2009-11-02"], phrase)) == [f"error {code}"]


def test_every_form_validate_lists_reads() -> None:
    """ACCEPTED_FORMS, printed by validate, offers nothing the reader refuses."""
    settings = dates.Settings(agreed=dates.read_period("2009-11-02").first,
                              financial_year_start=4)
    for part in dates.ACCEPTED_FORMS.split("; "):
        for example in re.sub(r" \([^)]*\)$", "", part).split(" and "):
            dates.read_deadline(example, settings)  # raises if it cannot be read
