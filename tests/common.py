"""One-line helpers shared by the tests (the pattern yamllint's tests/common.py uses)."""

from __future__ import annotations

import textwrap


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


MINIMAL_PLAN = dedent(
    """
    title: Test plan
    recommendations:
      - id: "1"
        title: First recommendation
        actions:
          - id: "1.1"
            action: Do the first thing
            lead: Ann Smith
            due: End of January 2010
            status: in-progress
            board: Quality Board
    """
)
