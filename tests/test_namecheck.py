"""Names that are probably one party written two ways, or several parties in one lead, and
matching that ignores accents and apostrophes and knows initials (issue 12)."""

from __future__ import annotations

import pytest

from plantrack.errors import UsageError
from plantrack.plan.load import all_problems, load_text, require_plan
from plantrack.plan.model import Plan, name_key
from plantrack.plan.namecheck import several_parties, similar_names
from plantrack.plan.names import BOARD, LEAD, name_index

pytestmark = pytest.mark.usefixtures("both_loaders")


def plan_of(*leads: str, boards: tuple[str, ...] = ()) -> Plan:
    """One action per lead (or per board), so every name is used on its own."""
    lines = ["title: T", "recommendations:", '  - id: "1"', "    actions:"]
    for number, lead in enumerate(leads, 1):
        lines += [f'      - id: "1.{number}"', "        action: A", f'        lead: "{lead}"',
                  "        status: not-started"]
    for number, board in enumerate(boards, len(leads) + 1):
        lines += [f'      - id: "1.{number}"', "        action: A", "        lead: Ann",
                  f'        board: "{board}"', "        status: not-started"]
    return require_plan(load_text("\n".join(lines) + "\n"))


def test_accents_and_apostrophes_do_not_matter() -> None:
    assert name_key("Siobhán  O’Neill") == name_key("siobhan o'neill") == "siobhan o'neill"
    plan = plan_of("Siobhán O’Neill", "Tracy Collins")
    names = name_index(plan)
    for typed in ("siobhan", "o'neill", "O`Neill", "SIOBHAN O’NEILL"):
        assert names.show(names.resolve(typed, LEAD)) == "Siobhán O’Neill"
    assert similar_names(plan_of("Siobhán O’Neill", "Siobhan O'Neill")) == []  # one name


@pytest.mark.parametrize(("a", "b"), [
    ("OMB*", "OMB"),
    ("IFA GoodRead Prouct Team", "GoodRead Product Team"),
    ("U.S. Census Bureau", "Census Bureau"),
    ("Jo Smith (Head of Safeguarding)", "Jo Smith"),
    ("Maureen Cavanagh", "Maureen Cavanaugh"),
])
def test_near_duplicates_are_found(a: str, b: str) -> None:
    assert similar_names(plan_of(a, b)) == [tuple(sorted((a, b)))]


@pytest.mark.parametrize(("a", "b"), [
    ("ISSM", "ISSO"), ("Team Managers", "Managers"), ("Area Managers", "Service Managers"),
    ("Peter Wilson", "Peter Jackson"),
])
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert similar_names(plan_of(a, b)) == []


def test_the_near_duplicate_warning_gives_the_alias_line() -> None:
    plan_text = ("title: T\nrecommendations:\n  - id: \"1\"\n    actions:\n"
                 "      - {id: \"1.1\", action: A, lead: 'OMB*', status: done}\n"
                 "      - {id: \"1.2\", action: A, lead: OMB, status: done}\n")
    (problem,) = all_problems(load_text(plan_text))
    assert str(problem) == (
        "plan.yaml:6:38: warning: 'OMB' and 'OMB*' look like one name; if they are the same, "
        "add 'OMB: OMB*' (or the reverse) under 'aliases' [similar-names]")


@pytest.mark.parametrize(("lead", "parts"), [
    ("GSA and OMB", ["GSA", "OMB"]),
    ("GSA with CDO Council", ["GSA", "CDO Council"]),
    ("Tracy Collins/ Richard Davies", ["Tracy Collins", "Richard Davies"]),
])
def test_a_lead_naming_several_parties_is_warned_about(lead: str, parts: list[str]) -> None:
    plan = plan_of(lead, *parts)
    assert several_parties(lead, {name_key(part) for part in parts}) == parts
    problems = [p for p in all_problems(load_text(
        "title: T\nrecommendations:\n  - id: \"1\"\n    actions:\n"
        + "".join(f"      - {{id: \"1.{n}\", action: A, lead: '{name}', status: done}}\n"
                  for n, name in enumerate((lead, *parts), 1))))
        if p.code == "several-leads"]
    (problem,) = problems
    assert problem.message == (f"lead '{lead}' names several parties; write them as a list, "
                               f"lead: [{', '.join(parts)}], so that --lead {parts[0]} finds "
                               "every action of each")
    assert plan is not None


def test_one_name_with_and_in_it_is_not_several() -> None:
    assert several_parties("Health and Safety Team", {"ann", "safety"}) is None
    assert several_parties("Chairs of the Fostering and Adoption panels", {"ann"}) is None


def test_initials_find_the_one_name_they_stand_for() -> None:
    plan = plan_of(boards=("Social Care Management Team", "Quality Board", "Quarterly Board",
                           "Children and Young People Board", "Care Quality Board"))
    names = name_index(plan)
    assert names.show(names.resolve("scmt", BOARD)) == "Social Care Management Team"
    assert names.show(names.resolve("cypb", BOARD)) == "Children and Young People Board"
    assert names.show(names.resolve("CQB", BOARD)) == "Care Quality Board"
    with pytest.raises(UsageError, match=r"^--board 'qb' are the initials of 2 boards: Quality "
                                         r"Board, Quarterly Board; give more of the name$"):
        names.resolve("qb", BOARD)
