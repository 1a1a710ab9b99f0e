"""plan/schema.py and `plantrack schema`: one definition of the format (plan/fields.py) for the
loader, the schema and the docs; checked with the jsonschema package, as an editor would."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.commands.init import plan_text
from plantrack.plan import fields
from plantrack.plan.load import load_text
from plantrack.plan.model import ACTION_FIELDS, PLAN_FIELDS, RECOMMENDATION_FIELDS
from plantrack.plan.schema import plan_schema
from tests.common import MINIMAL_PLAN, dedent

ROOT = Path(__file__).resolve().parent.parent
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)"
                    r"|\.nan|\.NaN|\.NAN")


def as_an_editor_reads_it(text: str) -> Any:
    """The plan as the YAML language server sees it (YAML 1.2 core: `2010-01-31` is text,
    `1.10` a number), built from composed nodes so no PyYAML 1.1 reading gets in the way."""

    def value(node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return {value(k): value(v) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [value(item) for item in node.value]
        text = node.value
        if node.style:  # quoted or block: always text
            return text
        if text in ("", "~", "null", "Null", "NULL"):
            return None
        if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return text.lower() == "true"
        if _INT.fullmatch(text):
            return int(text, 0) if not text.lstrip("+-").startswith("0") or text == "0" \
                else float(text)
        if _FLOAT.fullmatch(text):
            return float(text.replace(".inf", "inf").replace(".nan", "nan"))
        return text

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return None if root is None else value(root)


VALIDATOR = jsonschema.Draft202012Validator(plan_schema())


def schema_errors(text: str) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(as_an_editor_reads_it(text))]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(plan_schema())
    assert plan_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_key_the_loader_accepts_is_in_the_schema_in_the_same_order() -> None:
    schema = plan_schema()
    assert tuple(schema["properties"]) == PLAN_FIELDS == fields.names(fields.PLAN_KEYS)
    defs = schema["$defs"]
    assert tuple(defs["recommendation"]["properties"]) == RECOMMENDATION_FIELDS
    assert tuple(defs["action"]["properties"]) == ACTION_FIELDS
    assert schema["required"] == ["title", "recommendations"]
    assert defs["action"]["required"] == ["id", "action", "status"]


VALID_PLANS = {
    "bundled": (ROOT / "plan.yaml").read_text(encoding="utf-8"),
    "minimal": MINIMAL_PLAN,
    "init": plan_text("T", "O", date(2026, 12, 2)),
    "flow and lists": dedent(
        """
        title: T
        version: 6
        aliases: {Ann S: Ann Smith}
        recommendations:
          - id: 1
            success_criteria: One
            measures: [a, b]
            actions:
              - {id: 1.10, action: A, lead: [Ann S, Bo Li], due: 2010-01-31, status: Done,
                 note: no, board: }
        """),
    "every key": dedent(
        """
        title: T
        version: "1"
        organisation: O
        agreed: 2009-09-30
        financial_year_start: April
        date_order: day-first
        statuses:
          Underway: in-progress
        fields: [priority, cost]
        aliases:
          Ann S: Ann Smith
        recommendations:
          - id: "1"
            title: A
            area: B
            timescale: within 3 months
            success_criteria: [x]
            measures: [y]
            actions:
              - id: "1.1"
                action: A
                lead: Ann S
                start: January 2010
                due: March 2010
                original_due: February 2010
                status: completed
                completed_on: 2010-03-02
                rag: Green
                note: fine
                board: QB
                monitoring: monthly
                priority: High
                cost: £5k
              - {id: "1.2", action: B, lead: Bo Li, status: Underway}
        """),
}


@pytest.mark.parametrize("name", VALID_PLANS)
def test_valid_plans_validate(name: str) -> None:
    text = VALID_PLANS[name]
    assert load_text(text).errors == ()
    assert schema_errors(text) == []


INVALID_STRUCTURES = {
    "root is a list": "- title: T\n",
    "no title": "recommendations: []\n",
    "no recommendations": "title: T\n",
    "unknown plan key": "title: T\nowner: X\nrecommendations: []\n",
    "recommendations not a list": "title: T\nrecommendations: {id: 1}\n",
    "recommendation without actions": "title: T\nrecommendations:\n  - id: '1'\n",
    "action without status": "title: T\nrecommendations:\n  - id: '1'\n    actions:\n"
                             "      - {id: '1.1', action: A}\n",
    "unknown action key": "title: T\nrecommendations:\n  - id: '1'\n    actions:\n"
                          "      - {id: '1.1', action: A, status: done, owner: X}\n",
    "lead is a mapping": "title: T\nrecommendations:\n  - id: '1'\n    actions:\n"
                         "      - {id: '1.1', action: A, status: done, lead: {a: b}}\n",
    "aliases is a list": "title: T\naliases: [a, b]\nrecommendations: []\n",
    "measures is a mapping": "title: T\nrecommendations:\n  - id: '1'\n    measures: {a: b}\n"
                             "    actions: []\n",
    "title is a list": "title: [a]\nrecommendations: []\n",
    "an extra key not declared": "title: T\nrecommendations:\n  - id: '1'\n    actions:\n"
                                 "      - {id: '1.1', action: A, status: done, priority: X}\n",
    "a declared field holding a mapping": "title: T\nfields: [priority]\nrecommendations:\n"
                                          "  - id: '1'\n    actions:\n      - {id: '1.1', "
                                          "action: A, status: done, priority: {a: b}}\n",
}


@pytest.mark.parametrize("name", INVALID_STRUCTURES)
def test_invalid_structures_fail_both(name: str) -> None:
    text = INVALID_STRUCTURES[name]
    assert load_text(text).errors, "the loader accepts it"
    assert schema_errors(text), "the schema accepts it"


def test_docs_tables_are_the_definitions() -> None:
    docs = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    for keys in (fields.PLAN_KEYS, fields.RECOMMENDATION_KEYS, fields.ACTION_KEYS):
        assert fields.markdown_table(keys) in docs


def test_schema_command_prints_json_and_writes_a_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == plan_schema()
    target = tmp_path / "plan.schema.json"
    result = CliRunner().invoke(app, ["schema", "--output", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text()) == plan_schema()
    assert "# yaml-language-server: $schema=" in result.stderr
