"""Lines for a person: answers' lines to stdout, errors and summaries to stderr, escaped.

Written to sys.stdout/sys.stderr themselves rather than through click's echo: click replaces
a stream whose encoding is ASCII by a UTF-8 one, so a person who asked for ASCII got UTF-8
bytes; the streams plantrack sets up (cli.main) write what they cannot encode as the nearest
ASCII instead. Every line goes through escape.for_message: messages quote plan text.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
from typing import IO

ENCODING_ERRORS = "plantrack-nearest"


def say(message: str) -> None:
    """One line of an answer to stdout."""
    from plantrack.formats.escape import for_message

    sys.stdout.write(for_message(message) + "\n")
    sys.stdout.flush()


def err(message: str) -> None:
    """One line to stderr, for errors and summaries that must not mix with the answer."""
    from plantrack.formats.escape import for_message

    sys.stderr.write(for_message(message) + "\n")
    sys.stderr.flush()


def _nearest(error: UnicodeError) -> tuple[str, int]:
    from plantrack.formats.escape import replace_unencodable

    return replace_unencodable(error)


def tolerate_encoding(stream: IO[str] | None) -> None:
    """Make `stream` write what its encoding lacks as the nearest ASCII (`→` as `->`) instead
    of failing. Cheap: escape.py is imported only when a character is missing."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        codecs.lookup_error(ENCODING_ERRORS)
    except LookupError:
        codecs.register_error(ENCODING_ERRORS, _nearest)
    with contextlib.suppress(ValueError, OSError):  # a closed or unusual stream: as it is
        reconfigure(errors=ENCODING_ERRORS)


def say_text(text: str) -> None:
    """Several lines of an answer (a diff) to stdout: escaped, its own line breaks kept."""
    from plantrack.formats.escape import for_terminal

    sys.stdout.write(for_terminal(text))
    sys.stdout.flush()
