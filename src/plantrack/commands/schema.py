"""`plantrack schema`: the plan format as JSON Schema, for editors that check as you type."""

from __future__ import annotations

from plantrack.formats.destination import text_output
from plantrack.formats.render import write_text
from plantrack.messages import err


def run(output: str | None) -> int:
    import json

    from plantrack.plan.schema import plan_schema

    with text_output(output) as out:
        write_text(out, json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n")
    if output:
        err(f"Wrote {output}; put '# yaml-language-server: $schema={output}' at the top of "
            "the plan")
    return 0
