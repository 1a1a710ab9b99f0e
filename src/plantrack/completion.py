"""Shell completion: the scripts for bash, zsh, fish and PowerShell, and the values that come
from the plan itself (action ids, statuses, lead and board names).

How it works: the script a shell loads (`plantrack --show-completion`, or installed by
`--install-completion`) runs `plantrack` with _PLANTRACK_COMPLETE set and the words typed so
far; Typer (its copy of click) answers with the commands and options, and asks the functions
below for the values of the options and arguments that name things in the plan.

Light to import on purpose: options.py names these functions in its options, so this module is
imported by every run, and everything it needs (Typer's completion classes, the plan) is
imported only while completing or installing. An ordinary command never pays for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from enum import Enum
from typing import Any

PROG_NAME = "plantrack"
COMPLETE_VAR = "_PLANTRACK_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def completing() -> bool:
    """Is this run a shell asking for completions (rather than a command)?"""
    return COMPLETE_VAR in os.environ


def prepare() -> None:
    """Register the four shells' completion classes (Typer does this only with its own
    --install-completion options, which plantrack adds itself so that they cost nothing)."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import BashComplete, PowerShellComplete, completion_init

    class EscapingBashComplete(BashComplete):
        """bash inserts a completion as it is: a name with spaces must come escaped."""

        def format_completion(self, item: Any) -> str:
            return "".join(f"\\{char}" if char in _BASH_SPECIAL else char
                           for char in str(item.value))

    class QuotingPowerShellComplete(PowerShellComplete):
        """PowerShell too inserts a completion as it is: a name with spaces is quoted."""

        def format_completion(self, item: Any) -> str:
            value = str(item.value)
            if any(char in _POWERSHELL_SPECIAL for char in value):
                value = "'" + value.replace("'", "''") + "'"
            return super().format_completion(type(item)(value, type=item.type, help=item.help))

    completion_init()
    add_completion_class(EscapingBashComplete, "bash")
    add_completion_class(QuotingPowerShellComplete, "powershell")
    add_completion_class(QuotingPowerShellComplete, "pwsh")


_BASH_SPECIAL = frozenset(" \t'\"\\$`&|;<>()[]{}*?!#~")
_POWERSHELL_SPECIAL = frozenset(" \t'\"$`&|;<>(){}@#,")


class Shell(str, Enum):
    """The shells plantrack writes a completion script for (`plantrack completion SHELL`)."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


def _detected() -> str:
    """The shell plantrack runs in (shellingham, which Typer installs)."""
    from typer._completion_shared import _get_shell_name

    found = _get_shell_name()
    if found not in SHELLS:  # an eager option's callback: not inside a command's handling
        import typer

        from plantrack.errors import EXIT_USAGE
        from plantrack.messages import err

        err("plantrack: cannot tell which shell this is; name it: plantrack completion bash "
            "(or zsh, fish, powershell)")
        raise typer.Exit(EXIT_USAGE)
    return found


def script(shell: str) -> str:
    """The completion script `shell` loads."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)


def print_script(shell: str) -> None:
    import sys

    sys.stdout.write(script(shell) + "\n")  # a script: written as it is, never escaped


def show_callback(value: bool) -> None:
    """--show-completion: print the script of the shell this runs in."""
    if not value:
        return
    import typer

    print_script(_detected())
    raise typer.Exit()


def install_callback(value: bool) -> None:
    """--install-completion: add the script to the start-up files of the shell this runs in."""
    if not value:
        return
    import typer
    from typer._completion_shared import install

    from plantrack.messages import say

    shell, path = install(shell=_detected(), prog_name=PROG_NAME, complete_var=COMPLETE_VAR)
    say(f"{shell} completion installed in {path}; it takes effect in a new terminal")
    raise typer.Exit()


# -- values from the plan ----------------------------------------------------------------------
def _plan(ctx: Any) -> Any:
    """The plan the command line names (--plan typed so far), else the one found as usual;
    None when there is none or it cannot be read: completion then offers nothing."""
    try:
        from plantrack.plan.load import find_plan, load_path

        return load_path(find_plan((ctx.params or {}).get("plan"))).plan
    except Exception:  # completion must never print a traceback into a shell
        return None


def _matching(values: Iterator[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """(value, help) pairs starting with what was typed, each value once, in plan order."""
    seen: dict[str, str] = {}
    for value, help_text in values:
        if value.startswith(incomplete) and value not in seen:
            seen[value] = help_text
    return list(seen.items())


def _short(text: str | None, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _names(ctx: Any, incomplete: str, kind: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    from plantrack.plan.names import name_index

    index = name_index(plan)
    return _matching(((index.show(key), kind) for key in index.by_kind[kind]), incomplete)


def lead_names(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """--lead: the plan's leads, as every answer shows them (after aliases)."""
    return _names(ctx, incomplete, "lead")


def board_names(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """--board: the plan's boards, after aliases."""
    return _names(ctx, incomplete, "board")


def _status_words(plan: Any) -> Iterator[tuple[str, str]]:
    from plantrack.plan.model import STATUSES

    for status in STATUSES:
        yield status, "status"
    for word, status in (getattr(plan, "statuses", None) or {}).items():
        yield word, f"the plan's word for {status}"


def statuses(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """--status: the six statuses, and the plan's own words for them."""
    return _matching(_status_words(_plan(ctx)), incomplete)


def status_filters(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """--status of a listing: the statuses, the plan's words, and open or closed."""
    extra = iter((("open", "not completed or dropped"), ("closed", "completed or dropped")))
    return _matching(_chain(_status_words(_plan(ctx)), extra), incomplete)


def _action_ids(plan: Any) -> Iterator[tuple[str, str]]:
    for action in plan.actions:
        yield action.id, f"{action.status}: {_short(action.text)}"


def item_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """show ID: the actions' ids, and the recommendations'."""
    plan = _plan(ctx)
    if plan is None:
        return []
    recs = ((rec.id, f"recommendation: {_short(rec.title)}") for rec in plan.recommendations)
    return _matching(_chain(_action_ids(plan), recs), incomplete)


def rec_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """--rec: the recommendations' ids."""
    plan = _plan(ctx)
    if plan is None:
        return []
    return _matching(((rec.id, _short(rec.title)) for rec in plan.recommendations), incomplete)


def set_words(ctx: Any, args: list[str], incomplete: str) -> list[tuple[str, str]]:
    """set ID... STATUS: action ids first (`set 3.<TAB>`), then statuses as well."""
    plan = _plan(ctx)
    if plan is None:
        return []
    if incomplete[:1].isdigit():
        return _matching(_action_ids(plan), incomplete)
    typed = [word for word in (ctx.params or {}).get("words") or () if word]
    if not typed:
        return _matching(_action_ids(plan), incomplete)
    return _matching(_status_words(plan), incomplete)


def _chain(*parts: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    for part in parts:
        yield from part
