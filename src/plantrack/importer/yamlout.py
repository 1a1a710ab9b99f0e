"""An imported sheet as plan text, remembering where each cell's value was written.

The plan is written as text (not dumped) so that it reads like a hand-kept plan: the format's
key order, ids quoted, comments saying where it came from and which statuses still need a
meaning. Each value's line and column are recorded against its cell reference, so a problem the
validator finds at `plan.yaml:88:14` can be shown at `Actions!C14` too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from plantrack.importer.rows import Imported, ImportedAction, Value
from plantrack.plan.model import ACTION_FIELDS, STATUSES, status_from_user

# The format's key order for an action (plan/fields.py), then declared extra fields.
ACTION_ORDER = ACTION_FIELDS
_NAME_KEYS = ("lead", "board")
# Text any YAML reader takes as this very string when written plain in a block mapping:
# it starts with a letter and holds no ': ', ' #', quotes at the start, or flow characters.
_PLAIN = re.compile(r"[^\W\d_][\w ,.;()'’“”/&\-–—£$€%!?+=@*\u00a0]*")
_PLAIN_FLOW = re.compile(r"[^\W\d_][\w .'’&\-–—]*")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_ID_LIKE = re.compile(r"[0-9][0-9.]*")


def scalar(text: str, flow: bool = False) -> str:
    """`text` as a YAML scalar that reads back as exactly `text`; plain where that is safe."""
    pattern = _PLAIN_FLOW if flow else _PLAIN
    if pattern.fullmatch(text) and text.casefold() not in _YAML11_WORDS \
            and not text.endswith((" ", ":")) and " #" not in text:
        return text
    if _ID_LIKE.fullmatch(text):
        return f'"{text}"'
    from plantrack.write.edit import render_value

    return render_value(text, flow=flow)


def guess_status(word: str) -> tuple[str, bool]:
    """The vocabulary word a tracker's status most likely means, and whether that is certain."""
    known = status_from_user(word.strip().rstrip(".!"))
    if known is not None:
        return known, True
    folded = word.casefold()
    for needles, status in (  # the most telling words first: "partially implemented"
        (("not started", "not yet", "to start", "to be started", "planned"), "not-started"),
        (("hold", "block", "delay", "stuck", "paused"), "blocked"),
        (("cancel", "withdrawn", "dropped", "superseded", "no longer"), "dropped"),
        (("partial", "progress", "underway", "under way", "being", "started", "on track",
          "drafted", "draft"), "in-progress"),
        (("ongoing", "continuous", "business as usual"), "ongoing"),
        (("complete", "done", "achieved", "in place", "closed", "implemented", "finished"),
         "completed"),
    ):
        if any(needle in folded for needle in needles):
            return status, False
    return "not-started", False


@dataclass
class Written:
    """The plan's text, and where each cell's value stands in it."""

    text: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (line, col) → cell
    rows: list[tuple[int, int, str]] = field(default_factory=list)  # first, last line, row

    def ref_at(self, line: int, col: int) -> str | None:
        """The cell a problem at line:col is about: its value's cell, else its row."""
        if (line, col) in self.cells:
            return self.cells[(line, col)]
        for first, last, ref in self.rows:
            if first <= line <= last:
                return ref
        return None


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cells: dict[tuple[int, int], str] = {}

    def add(self, line: str) -> None:
        self.lines.append(line)

    def pair(self, indent: str, key: str, value: Value | str, *, quoted_id: bool = False
             ) -> None:
        text = value.text if isinstance(value, Value) else value
        prefix = f"{indent}{key}: "
        if isinstance(text, tuple):
            self.names(prefix, indent, value if isinstance(value, Value) else None, text)
            return
        rendered = f'"{text}"' if quoted_id and _ID_LIKE.fullmatch(text) else scalar(text)
        if isinstance(value, Value):
            self.cells[(len(self.lines) + 1, len(prefix) + 1)] = value.ref
        self.add(prefix + rendered)

    def names(self, prefix: str, indent: str, value: Value | None,
              names: Sequence[str]) -> None:
        if value is not None:
            self.cells[(len(self.lines) + 1, len(prefix) + 1)] = value.ref
        if len(names) == 1:
            self.add(prefix + scalar(names[0]))
            return
        items = [scalar(name, flow=True) for name in names]
        if all(_PLAIN_FLOW.fullmatch(item) or item.startswith('"') for item in items):
            self.add(prefix + "[" + ", ".join(items) + "]")
            return
        self.add(prefix.rstrip())
        for name in names:
            if value is not None:
                self.cells[(len(self.lines) + 1, len(indent) + 5)] = value.ref
            self.add(f"{indent}  - {scalar(name)}")


def status_comments(words: Sequence[str]) -> list[str]:
    """The `statuses:` mapping the tracker's own status words need, as comments to check."""
    unknown = [word for word in words if status_from_user(word) is None]
    if not unknown:
        return []
    lines = [
        "# Status words of the tracker that plantrack does not know. It understands",
        f"# {', '.join(STATUSES)}",
        "# and the usual words for them (done, underway, on hold...); any other word needs",
        "# a line under `statuses:` saying what it means. Check each line below (`# ?`",
        "# marks a guess), then remove the `# ` in front of these lines:",
        "# statuses:",
    ]
    for word in unknown:
        status, certain = guess_status(word)
        lines.append(f"#   {scalar(word)}: {status}" + ("" if certain else "  # ?"))
    return lines


def write_plan(imported: Imported, *, title: str, source: str, mapping_lines: Sequence[str],
               organisation: str | None = None) -> Written:
    """The plan text for an imported sheet."""
    w = _Writer()
    w.add(f"# Imported by plantrack from {source}.")
    w.add("# Each column of the sheet and the key it became:")
    for line in mapping_lines:
        w.add(f"#   {line}")
    w.add("")
    w.pair("", "title", title)
    if organisation:
        w.pair("", "organisation", organisation)
    comments = status_comments(imported.statuses)
    if comments:
        w.add("")
        for line in comments:
            w.add(line)
    if imported.extras:
        w.add("")
        w.add("# Columns of the tracker that the format has no key for, kept as they were:")
        w.add("fields:")
        for name in imported.extras:
            w.add(f"  - {name}")
    w.add("")
    w.add("recommendations:")
    rows: list[tuple[int, int, str]] = []
    for rec in imported.recs:
        rec_line = len(w.lines) + 1
        w.cells[(rec_line, 9)] = rec.ref
        w.add(f'  - id: "{rec.id}"' if _ID_LIKE.fullmatch(rec.id) else
              f"  - id: {scalar(rec.id)}")
        for key in ("title", "area", "timescale"):
            value = getattr(rec, key)
            if value is not None:
                w.pair("    ", key, value)
        for key in ("success_criteria", "measures"):
            items = getattr(rec, key)
            if items:
                w.add(f"    {key}:")
                for item in items:
                    w.cells[(len(w.lines) + 1, 9)] = item.ref
                    w.add(f"      - {scalar(str(item.text))}")
        rows.append((rec_line, len(w.lines), rec.ref))
        w.add("    actions:")
        for action in rec.actions:
            first = len(w.lines) + 1
            _write_action(w, action, imported.extras)
            rows.append((first, len(w.lines), action.ref))
    return Written("\n".join(w.lines) + "\n", w.cells, rows)


def _write_action(w: _Writer, action: ImportedAction, extras: Sequence[str]) -> None:
    first = True
    for key in ACTION_ORDER:
        value = action.values.get(key)
        if key == "action" and value is None:
            value = Value("", action.ref)
        if value is None:
            continue
        indent = "      - " if first else "        "
        if key == "action" and value.text == "":
            w.cells[(len(w.lines) + 1, len(indent) + len(key) + 2)] = value.ref
            w.add(f"{indent}{key}:")
        else:
            w.pair(indent, key, value, quoted_id=key == "id")
        first = False
    for name in extras:
        if name in action.extra:
            w.pair("        ", name, action.extra[name])
