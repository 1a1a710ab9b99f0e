"""Error types, each carrying its exit code, and the located Problem every message is built from.

Exit codes (documented in the README):
  0  all is well
  1  the plan has errors
  2  usage: bad arguments, unknown id or name, no plan found, plan unreadable
  3  the plan could not be written (read-only, lock held too long, changed on disk)
  4  `overdue --exit-code` found something overdue (apart from 1, so that CI can tell a late
     action from a broken plan)
  70 plantrack itself failed: an unexpected exception, one line asking for a bug report
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_PLAN_ERRORS = 1
EXIT_USAGE = 2
EXIT_WRITE = 3
EXIT_OVERDUE = 4
EXIT_INTERNAL = 70  # plantrack itself failed (sysexits' EX_SOFTWARE), never 1: "plan broken"

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a plan, at a place a person can go to (1-based line and column)."""

    path: str
    line: int
    col: int
    severity: str
    message: str
    code: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.line, self.col, 0 if self.is_error else 1, self.message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


class PlantrackError(Exception):
    """Base for errors that end a command with one clear message and an exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(PlantrackError):
    """Bad arguments, an unknown id or name."""

    exit_code = EXIT_USAGE


class PlanNotFound(PlantrackError):
    """No plan given and none found in this directory or its parents."""

    exit_code = EXIT_USAGE


class PlanUnreadable(PlantrackError):
    """The file cannot be opened or read at all (missing, a directory, no permission, too large)."""

    exit_code = EXIT_USAGE


class PlanInvalid(PlantrackError):
    """The plan has errors; the command refuses to answer from a broken plan."""

    exit_code = EXIT_PLAN_ERRORS

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        errors = [p for p in problems if p.is_error]
        noun = "error" if len(errors) == 1 else "errors"
        super().__init__(f"the plan has {len(errors)} {noun}; fix them and run again")
        self.problems = problems


class WriteFailed(PlantrackError):
    """The plan could not be written safely; the file on disk is unchanged."""

    exit_code = EXIT_WRITE
