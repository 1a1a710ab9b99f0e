"""The plan format as a JSON Schema (draft 2020-12), built from plan/fields.py.

For editors: the YAML language server (VS Code's YAML extension, and any editor that speaks the
language server protocol) completes keys and flags mistakes as you type from it. It is built
from the same key definitions the loader checks, so it never refuses a plan the loader accepts
for its structure; the finer checks (deadline phrases, statuses, duplicate ids) stay the
loader's, and `plantrack validate` reports them.
"""

from __future__ import annotations

from typing import Any

from plantrack.plan import fields as f

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# A YAML scalar as the language server reads it: plantrack reads every one as text, so
# `id: 1.10` and `version: 6` are allowed (quoting them is still wiser).
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"]}
_NULL: dict[str, Any] = {"type": "null"}


def _value(key: f.Key, action: str = "action") -> dict[str, Any]:
    """What one key's value may be; `action` names the definition an action list holds."""
    options: list[dict[str, Any]]
    if key.kind == f.TEXT:
        options = [{"enum": list(key.choices)}, _SCALAR] if key.choices else [_SCALAR]
    elif key.kind in (f.NAMES, f.TEXT_LIST, f.KEY_LIST):
        options = [{"type": "array", "items": _SCALAR}, _SCALAR]
    elif key.kind == f.WORD_MAP:
        options = [{"type": "object", "additionalProperties": {"anyOf": [_SCALAR, _NULL]}}]
    elif key.kind == f.RECOMMENDATION_LIST:  # its items depend on `fields:` (plan_schema)
        options = [{"type": "array"}]
    elif key.kind == f.ACTION_LIST:
        options = [{"type": "array", "items": {"$ref": f"#/$defs/{action}"}}]
    else:  # a kind added to fields.py must be described here too
        raise ValueError(f"no schema for the kind {key.kind!r} of key {key.name!r}")
    nullable = not key.required and key.kind not in (f.WORD_MAP, f.RECOMMENDATION_LIST,
                                                     f.ACTION_LIST)
    if nullable:
        options = [*options, _NULL]
    schema: dict[str, Any] = options[0] if len(options) == 1 else {"anyOf": options}
    schema = {**schema, "description": key.description, "markdownDescription":
              key.description}
    if key.example:
        schema["examples"] = [key.example.strip('"')]
    return schema


def _mapping(keys: tuple[f.Key, ...], title: str, *, action: str = "action",
             open_ended: bool = False) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "properties": {key.name: _value(key, action) for key in keys},
        "required": [key.name for key in keys if key.required],
        # keys declared under the plan's `fields:`, which a schema cannot know by name
        "additionalProperties": {"anyOf": [_SCALAR, _NULL, {"type": "array", "items": _SCALAR}]}
        if open_ended else False,
    }


def plan_schema() -> dict[str, Any]:
    """The whole schema. Actions are closed to unknown keys unless the plan declares `fields:`."""

    def recommendations(definition: str) -> dict[str, Any]:
        return {"properties": {"recommendations": {"items": {"$ref": f"#/$defs/{definition}"}}}}

    return {
        "$schema": DIALECT,
        **_mapping(f.PLAN_KEYS, "A plantrack plan"),
        "description": "An improvement action plan kept by plantrack (docs/plan-format.md). "
                       "`plantrack validate` checks what a schema cannot: deadline phrases, "
                       "statuses, unique ids.",
        "if": {"required": ["fields"]},
        "then": recommendations("recommendation_with_fields"),
        "else": recommendations("recommendation"),
        "$defs": {
            "recommendation": _mapping(f.RECOMMENDATION_KEYS, "A recommendation"),
            "recommendation_with_fields": _mapping(f.RECOMMENDATION_KEYS, "A recommendation",
                                                   action="action_with_fields"),
            "action": _mapping(f.ACTION_KEYS, "An action"),
            "action_with_fields": _mapping(f.ACTION_KEYS, "An action", open_ended=True),
        },
    }
