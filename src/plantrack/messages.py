"""Lines for a person: answers' lines to stdout, errors and summaries to stderr, escaped.

Written to sys.stdout/sys.stderr themselves rather than through click's echo: click replaces
a stream whose encoding is ASCII by a UTF-8 one, so a person who asked for ASCII got UTF-8
bytes; the streams plantrack sets up (cli.main) write what they cannot encode as the nearest
ASCII instead. Every line goes through escape.for_message: messages quote plan text.
"""

from __future__ import annotations

import sys

from plantrack.formats.escape import for_message


def say(message: str) -> None:
    """One line of an answer to stdout."""
    sys.stdout.write(for_message(message) + "\n")
    sys.stdout.flush()


def err(message: str) -> None:
    """One line to stderr, for errors and summaries that must not mix with the answer."""
    sys.stderr.write(for_message(message) + "\n")
    sys.stderr.flush()


def say_text(text: str) -> None:
    """Several lines of an answer (a diff) to stdout: escaped, its own line breaks kept."""
    from plantrack.formats.escape import for_terminal

    sys.stdout.write(for_terminal(text))
    sys.stdout.flush()
