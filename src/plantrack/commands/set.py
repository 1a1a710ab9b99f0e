"""`plantrack set`: change statuses, notes or deadlines in place, as one-line changes.

The whole safety story (validated before and after, locked, atomic, never overwriting a
concurrent save) lives in write/; this module turns the words typed into changes and reports.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from plantrack.errors import UsageError
from plantrack.messages import err, say, say_text
from plantrack.plan.load import display_path, find_plan, load_decoded, require_plan
from plantrack.plan.model import Plan
from plantrack.plan.yamlsrc import Source
from plantrack.write import edit, gitcommit, store


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def run(
    words: list[str],
    *,
    note: str | None,
    due: str | None,
    dry_run: bool,
    commit: bool,
    plan: str | None,
    on: str | None = None,
    today: date | None = None,
) -> int:
    """Apply the change, print what changed (stdout) and what was written (stderr); exit 0.

    Closing an action records the day (`--on`, else `today`) as its completed_on."""
    changes: list[edit.FieldChange] = []
    committed: list[str] = []
    today = today or date.today()

    def change(source: Source) -> str:
        nonlocal ids, status
        if commit and not dry_run:  # under the lock, with the bytes read
            gitcommit.check_unchanged(target, source.encode(source.text), display)
        loaded = require_plan(load_decoded(source))  # a cache hit when nothing else changed
        asked_status = status is not None or (note is None and due is None)
        if asked_status and (loaded.statuses or status is None):
            ids, status = edit.split_status(words, loaded.status_table)  # the plan's words too
            if status is None:
                raise UsageError(edit.status_error(words[-1]))
        _check_on(on, status)
        closed_on = _closing_day(on, today, loaded)
        changes[:] = edit.plan_changes(loaded, ids, status=status, note=note, due=due,
                                       display=source.path, closed_on=closed_on)
        return edit.apply_changes(source.text, loaded, changes, source.path, bom=source.bom)

    def commit_change(written: Path, data: bytes) -> None:
        message = gitcommit.commit_message(changes)
        committed.append(gitcommit.commit_file(written, data, message, display))

    ids, status = edit.split_status(words)
    if status is None and note is None and due is None and len(words) < 2:
        raise UsageError("give action ids and then a status: plantrack set 2.3 done")
    path = find_plan(plan)
    display = display_path(path)
    target = path.resolve()
    if commit and not dry_run:
        gitcommit.check_can_commit(target, display)
    outcome = store.update_plan(path, display, change, dry_run=dry_run,
                                after_write=commit_change if commit else None)
    arrow = "→" if "→".encode(getattr(sys.stdout, "encoding", None) or "utf-8", "ignore") else "->"
    if dry_run:
        say_text(edit.unified_diff(outcome.source.text, outcome.new_text, display))
        err(f"{display}: dry run, nothing written ({_plural(len(changes), 'change')})")
        return 0
    for field_change in changes:
        say(field_change.describe().replace("→", arrow))
    changed_ids = {field_change.action_id for field_change in changes}
    for action_id in dict.fromkeys(ids):
        if action_id not in changed_ids:
            say(f"{action_id}  already {status}" if status else f"{action_id}  unchanged")
    if not outcome.written:
        err(f"{display}: nothing to change; the file was not written")
        return 0
    done = f" and committed ({committed[0]})" if committed else ""
    err(f"{display}: {_plural(len(changed_ids), 'action')} changed{done}")
    return 0


def _closing_day(on: str | None, today: date, plan: Plan) -> date:
    """The day --on gives (read with the plan's date settings, as `completed_on:` in the file
    is), else today."""
    if on is None:
        return today
    from plantrack.plan import dates
    from plantrack.plan.datefields import settings_for

    try:
        return dates.read_as_of(on, today, settings_for(plan))
    except dates.PhraseError as exc:
        raise UsageError(f"--on '{on}': {exc.message}; {exc.hint}") from None


def _check_on(on: str | None, status: str | None) -> None:
    if on is not None and status not in ("completed", "dropped"):
        raise UsageError("--on gives the day an action was completed or dropped; use it with "
                         "a closing status: plantrack set 2.3 done --on 2024-03-31")
