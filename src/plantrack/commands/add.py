"""`plantrack add action|recommendation`: a new item at the end of its list, nothing else touched.

The same safety as `set` (write/store.py: validated before and after, locked, atomic, never
over a concurrent save; `--dry-run`, `--commit`). Before anything is written, a lead or board
typed close to a name already in the plan, but not equal to it, stops the command: a typo
would otherwise split one person's actions between two names.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from plantrack.errors import UsageError
from plantrack.messages import err, say, say_text
from plantrack.plan.load import display_path, find_plan, load_decoded, require_plan
from plantrack.plan.model import ACTION_FIELDS, Plan, name_key, status_from_user
from plantrack.plan.yamlsrc import Source
from plantrack.write import edit, gitcommit, insert, store


def near_duplicates(plan: Plan, names: list[str], kind: str) -> list[str]:
    """Why each typed name looks like a misspelling of one already in the plan."""
    known: dict[str, str] = {}
    for action in plan.actions:
        for name in action.leads if kind == "lead" else action.boards:
            known.setdefault(name_key(name), name)
            canonical = plan.canonical(name)
            known.setdefault(name_key(canonical), canonical)
    for variant, target in plan.aliases.items():
        known.setdefault(name_key(variant), variant)
        known.setdefault(name_key(target), target)
    problems = []
    for name in names:
        folded = name_key(name)
        if folded in known:
            continue
        close = difflib.get_close_matches(folded, list(known), n=1, cutoff=0.85)
        if close:
            meant = plan.canonical(known[close[0]])
            problems.append(f"--{kind} '{name}' is close to '{meant}', already in the plan; "
                            f"type it as '{meant}', or add '{name}: {meant}' under 'aliases' "
                            f"if it is the same, or give --force if '{name}' is someone else")
    return problems


def _texts(option: str, values: list[str]) -> tuple[str, ...]:
    cleaned = []
    for value in values:
        if not value.strip():
            raise UsageError(f"{option} is empty; give a name")
        cleaned.append(" ".join(value.split()))
    return tuple(cleaned)


def _one_line(option: str, value: str | None) -> str:
    if value is None:
        return ""
    if "\n" in value or "\r" in value:
        raise UsageError(f"{option} must be one line")
    return value.strip()


def run_action(
    text: str, *, rec: str, lead: list[str], board: list[str], start: str | None,
    due: str | None, status: str, note: str | None, monitoring: str | None,
    action_id: str | None, force: bool, dry_run: bool, commit: bool, plan: str | None,
) -> int:
    """Add an action to recommendation `rec`; print it (stdout) and what was written (stderr)."""
    canonical = status_from_user(status)
    if canonical is None:
        raise UsageError(edit.status_error(status))
    if not text.strip():
        raise UsageError("give the action's text: plantrack add action --rec 3 \"What is to be "
                         "done\"")
    values: dict[str, str | tuple[str, ...]] = {
        "id": "", "action": _one_line("the action", text), "lead": _texts("--lead", lead),
        "start": _one_line("--start", start), "due": _one_line("--due", due),
        "status": canonical, "note": _one_line("--note", note),
        "board": _texts("--board", board), "monitoring": _one_line("--monitoring", monitoring),
    }
    values = {key: values[key] for key in ACTION_FIELDS if key in values}

    def make(loaded: Plan) -> insert.NewItem:
        target_rec = loaded.recommendation(rec)
        if target_rec is None:
            ids = [r.id for r in loaded.recommendations]
            raise UsageError(f"no recommendation {rec} in the plan (its recommendations: "
                             f"{', '.join(ids) if ids else 'none yet'}); add it first with "
                             "plantrack add recommendation")
        taken = {action.id for action in loaded.actions}
        if action_id is not None:
            if action_id in taken:
                free = insert.next_action_id(target_rec, taken)
                raise UsageError(f"action {action_id} is already in the plan; leave out --id "
                                 f"for the next free one ({free})")
            chosen = _one_line("--id", action_id)
        else:
            chosen = insert.next_action_id(target_rec, taken)
        if not force:
            problems = near_duplicates(loaded, list(values["lead"]), "lead") + \
                near_duplicates(loaded, list(values["board"]), "board")
            if problems:
                raise UsageError("; and ".join(problems))
        return insert.NewItem("action", {**values, "id": chosen}, rec_id=target_rec.id)

    return _add(make, dry_run=dry_run, commit=commit, plan=plan)


def run_recommendation(
    title: str, *, area: str | None, timescale: str | None, rec_id: str | None,
    dry_run: bool, commit: bool, plan: str | None,
) -> int:
    """Add a recommendation (with no actions yet) at the end of the plan."""
    if not title.strip():
        raise UsageError("give the recommendation's title: plantrack add recommendation "
                         "\"Title\"")
    values: dict[str, str | tuple[str, ...]] = {
        "id": "", "title": _one_line("the title", title), "area": _one_line("--area", area),
        "timescale": _one_line("--timescale", timescale),
    }

    def make(loaded: Plan) -> insert.NewItem:
        if rec_id is not None and loaded.recommendation(rec_id) is not None:
            raise UsageError(f"recommendation {rec_id} is already in the plan; leave out --id "
                             f"for the next free one ({insert.next_recommendation_id(loaded)})")
        chosen = _one_line("--id", rec_id) if rec_id is not None else \
            insert.next_recommendation_id(loaded)
        return insert.NewItem("recommendation", {**values, "id": chosen})

    return _add(make, dry_run=dry_run, commit=commit, plan=plan)


def _add(make: Callable[[Plan], insert.NewItem], *, dry_run: bool, commit: bool,
         plan: str | None) -> int:
    made: list[insert.NewItem] = []
    committed: list[str] = []
    path = find_plan(plan)
    display = display_path(path)
    target = path.resolve()

    def change(source: Source) -> str:
        if commit and not dry_run:
            gitcommit.check_unchanged(target, source.encode(source.text), display)
        loaded = require_plan(load_decoded(source))
        item = make(loaded)
        made[:] = [item]
        return insert.insert(source.text, loaded, item, source.path, bom=source.bom)

    def commit_change(written: Path, data: bytes) -> None:
        committed.append(gitcommit.commit_file(written, data, _message(made[0]), display))

    if commit and not dry_run:
        gitcommit.check_can_commit(target, display)
    outcome = store.update_plan(path, display, change, dry_run=dry_run,
                                after_write=commit_change if commit else None)
    item = made[0]
    if dry_run:
        say_text(edit.unified_diff(outcome.source.text, outcome.new_text, display))
        err(f"{display}: dry run, nothing written (would add {item.kind} {item.id})")
        return 0
    say(_describe(item))
    done = f" and committed ({committed[0]})" if committed else ""
    err(f"{display}: {item.kind} {item.id} added{done}")
    return 0


def _describe(item: insert.NewItem) -> str:
    text = item.values.get("action") if item.kind == "action" else item.values.get("title")
    where = f" to recommendation {item.rec_id}" if item.rec_id else ""
    return f"{item.id}  {text}  (added{where})"


def _message(item: insert.NewItem) -> str:
    text = str(item.values.get("action") or item.values.get("title") or "")
    short = text if len(text) <= 60 else text[:59] + "…"
    where = f" to {item.rec_id}" if item.kind == "action" else ""
    return f"plan: add {item.kind} {item.id}{where}: {short}"
