"""The options several commands share, declared once for Typer.

Light to import on purpose: cli.py reads these at start-up, before any command runs.

No `from __future__ import annotations`: Typer evaluates these annotations on each run.
"""

from enum import Enum


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"
