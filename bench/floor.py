"""The floor: the least any tool must do to answer "what is overdue" from a YAML plan.

    python bench/floor.py plan.yaml truth.json 2010-01-15      # print the overdue ids
    python bench/floor.py --compose plan.yaml                  # only compose the nodes

It parses the whole file with PyYAML's C loader (no CLI framework, no rich, no validation) and
prints the id of each action that is not closed and whose deadline is before the given day.
Deadlines are loose English phrases that only plantrack's grammar reads, so the floor takes
each action's ISO deadline from the generator's sidecar (a dictionary lookup, which costs
nothing next to the parse) and its status from the YAML it has just parsed: its time is the
time to read the same file, which is what plantrack's is compared with.

`--compose` stops after `yaml.compose`, the step plantrack's `set` cannot skip: the bar for the
`set` ratio.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import yaml

CLOSED = frozenset({"completed", "dropped"})


def overdue_ids(plan: dict, deadlines: dict[str, str | None], as_of: date) -> list[str]:
    """Ids of open actions whose deadline is before `as_of`, in plan order."""
    as_of_text = as_of.isoformat()  # ISO dates compare as text
    found = []
    for recommendation in plan["recommendations"]:
        for action in recommendation["actions"]:
            action_id = str(action["id"])
            status = str(action["status"]).strip().casefold().replace(" ", "-").replace("_", "-")
            due = deadlines.get(action_id)
            if status not in CLOSED and due is not None and due < as_of_text:
                found.append(action_id)
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["--compose"]:
        with open(argv[1], "rb") as handle:
            yaml.compose(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)
        return 0
    plan_path, truth_path, as_of = argv
    with open(plan_path, "rb") as handle:
        plan = yaml.load(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)
    with open(truth_path, encoding="utf-8") as handle:
        deadlines = {a["id"]: a["due"] for a in json.load(handle)["actions"]}
    ids = overdue_ids(plan, deadlines, date.fromisoformat(as_of))
    sys.stdout.write("".join(f"{action_id}\n" for action_id in ids))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
