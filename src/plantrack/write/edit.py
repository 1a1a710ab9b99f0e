"""Change an action's status, note or deadline in the plan's text: pure, text in and text out.

Why splice rather than load-and-dump: a status change must be a one-line `git diff`, and every
comment, quote, blank line, line ending and key order a person wrote must survive. The loader
records where each key and value stands (`Action.fields`); we replace exactly a value's
characters, or insert one line in the key's usual place, then load the result again and refuse
unless the intended fields, and only those, changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from operator import attrgetter

from plantrack.errors import PlanInvalid, UsageError, WriteFailed
from plantrack.plan import dates, yamlsrc
from plantrack.plan.datefields import settings_for
from plantrack.plan.load import PLAN_FILENAME, load_text
from plantrack.plan.model import (
    ACTION_FIELDS,
    CLOSED_STATUSES,
    Action,
    FieldPos,
    Plan,
    Recommendation,
    status_from_user,
)
from plantrack.plan.vocabulary import AMBIGUOUS, explain_status

# What `set` may change, in the order changes are reported.
EDITABLE_FIELDS: tuple[str, ...] = ("status", "due", "note")
_BLOCK_SCALAR = ("|", ">")
_BLOCK_COLLECTION = ("-", ":")
_STR_TAG = "tag:yaml.org,2002:str"
# Characters only a double-quoted scalar can hold: line breaks (YAML also counts NEL, U+2028 and
# U+2029), tabs, control characters, a stray byte-order mark and non-characters.
_NEEDS_ESCAPES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_NAMED_ESCAPES = {
    "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
    "\r": "\\r", "\x1b": "\\e", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P",
    '"': '\\"', "\\": "\\\\",
}
# Plain words that YAML 1.2 readers (other tools than ours) take for numbers, booleans or null,
# although PyYAML's YAML 1.1 rules read them as text: quote them too.
_YAML12_NOT_TEXT = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
)
_HEADER_COMMENT = re.compile(r"[ \t]+#.*$")
_REMOVABLE = frozenset({"completed_on"})  # fields `set` takes out whole rather than empties
_ISO_DAYS = frozenset({"completed_on"})  # fields whose ISO days are written plain
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ACTION_NAMES = tuple(f.name for f in fields(Action) if f.name not in ("index", "fields"))
_ACTION_ATTRS = attrgetter(*_ACTION_NAMES)
_REC_ATTRS = attrgetter(
    *(f.name for f in fields(Recommendation) if f.name not in ("index", "actions"))
)
_PLAN_ATTRS = attrgetter("title", "version", "organisation", "aliases", "statuses", "fields")
# Attributes of Action that a change of each field may alter (a deadline span sets a start).
_ALTERED_BY = {
    "status": ("status", "status_text"), "completed_on": ("completed_on",), "note": ("note",),
    "due": ("due", "due_text", "start", "due_kind"),
    "original_due": ("original_due", "original_due_text"),
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one action going from `old` to `new`; None means absent or empty."""

    action_id: str
    key: str
    old: str | None
    new: str | None

    def describe(self, gap: str = "  ") -> str:
        """`2.3  in-progress → completed`, or `2.3  due: By March 2010 → April 2010`."""
        if self.key == "status":
            return f"{self.action_id}{gap}{self.old} → {self.new}"
        if self.key == "completed_on" and self.new is None:
            return f"{self.action_id}{gap}completed_on: {self.old} removed (open again)"
        if self.key == "completed_on" and self.old is None:
            return f"{self.action_id}{gap}completed_on: {self.new}"
        if self.key == "original_due":
            return f"{self.action_id}{gap}original_due: {self.new} (the deadline it moved from)"
        shown = _quoted if self.key == "note" else _bare
        return f"{self.action_id}{gap}{self.key}: {shown(self.old)} → {shown(self.new)}"


def _bare(value: str | None) -> str:
    return "(none)" if value is None else value


def _quoted(value: str | None) -> str:
    return "(none)" if value is None else f'"{value}"'


class EditRefused(WriteFailed):
    """The change could not be made without touching more of the file than intended."""


# -- reading what the user asked for ---------------------------------------------------------


def split_status(
    words: Sequence[str], plan_words: dict[str, str] | None = None
) -> tuple[list[str], str | None]:
    """The action ids and the status after them; a status may be several words (`in progress`,
    or a plan's own `Partially completed`, when `plan_words` (Plan.status_table) is given).

    Returns the words unchanged and None when the last words do not name a status.
    """
    for count in range(len(words) - 1, 0, -1):  # the longest status first: 'not yet started'
        status = status_from_user(" ".join(words[-count:]), plan_words)
        if status is not None:
            return list(words[:-count]), status
    return list(words), None


def status_error(word: str) -> str:
    """Why `word` is not a status: what it may mean (never the reverse), and what to type."""
    folded = word.strip().casefold()
    if folded in AMBIGUOUS:
        options = ", ".join(AMBIGUOUS[folded])
        return (f"'{word}' is not one status: which does the action have now? one of {options} "
                f"(plantrack set ID in progress)")
    return (
        f"'{word}' is not a status{explain_status(word)} (common words also work: done, "
        "complete, underway, in progress, to be started, on hold, cancelled)"
    )


def written_status(plan: Plan, status: str) -> str:
    """The word `set` writes: the plan's own word when exactly one maps to the status."""
    own = [word for word, meant in plan.statuses.items() if meant == status]
    return own[0] if len(own) == 1 else status


def plan_changes(
    plan: Plan,
    action_ids: Iterable[str],
    *,
    status: str | None = None,
    note: str | None = None,
    due: str | None = None,
    display: str = PLAN_FILENAME,
    closed_on: date | None = None,
) -> list[FieldChange]:
    """The field changes a `set` asks for, leaving out what is already so.

    `note` and `due` of '' (or only spaces) clear the field. Closing an action (completed,
    dropped) writes `completed_on: closed_on` after its status; opening one again removes it.
    Raises UsageError for an unknown or recommendation id, a status outside the vocabulary,
    or a deadline that cannot be read.
    """
    wanted: dict[str, str | None] = {}
    if status is not None:
        normalised = status_from_user(status, plan.status_table)
        if normalised is None:
            raise UsageError(status_error(status))
        wanted["status"] = normalised
    if due is not None:
        wanted["due"] = _checked_text("--due", due) or None
        if wanted["due"] is not None:
            try:
                dates.read_deadline(wanted["due"], settings_for(plan))
            except dates.PhraseError as exc:
                raise UsageError(f"--due '{wanted['due']}': {exc.message}; {exc.hint}"
                                 f" (accepted: {dates.ACCEPTED_FORMS})") from None
    if note is not None:
        wanted["note"] = _checked_text("--note", note) or None
    by_id = {action.id: action for action in plan.actions}
    changes: list[FieldChange] = []
    for action_id in dict.fromkeys(action_ids):
        action = by_id.get(action_id)
        if action is None:
            raise UsageError(_unknown_id(plan, action_id, by_id, display))
        current = {"status": action.status, "due": action.due_text, "note": action.note}
        for key in EDITABLE_FIELDS:
            if key == "status" and "status" in wanted and wanted["status"] != action.status:
                new_status = wanted["status"] or ""
                changes.append(FieldChange(action_id, "status", action.status_text,
                                           written_status(plan, new_status)))
                changes.extend(_completion(action, new_status, closed_on))
                continue
            if key in wanted and wanted[key] != current[key]:
                changes.append(FieldChange(action_id, key, current[key], wanted[key]))
                if key == "due" and _keeps_original(action, wanted[key]):
                    changes.append(FieldChange(action_id, "original_due", None, action.due_text))
    return changes


def _completion(action: Action, new_status: str, closed_on: date | None) -> list[FieldChange]:
    """completed_on follows the status: written on closing, removed on opening again."""
    old = action.completed_on.isoformat() if action.completed_on else None
    had_line = "completed_on" in action.fields
    if new_status in CLOSED_STATUSES and closed_on is not None:
        return [FieldChange(action.id, "completed_on", old, closed_on.isoformat())]
    if new_status not in CLOSED_STATUSES and had_line:
        return [FieldChange(action.id, "completed_on", old, None)]
    return []


def _keeps_original(action: Action, new_due: str | None) -> bool:
    """A deadline that moves for the first time keeps the one agreed under original_due:
    only a real deadline (not Ongoing, TBC) moving to another (not cleared)."""
    return new_due is not None and action.due is not None and "original_due" not in action.fields


def _checked_text(option: str, value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option}: the text is not valid UTF-8; retype it") from None
    return value.strip()


def _unknown_id(plan: Plan, action_id: str, by_id: dict[str, Action], display: str) -> str:
    import difflib

    rec = plan.recommendation(action_id)
    if rec is not None:
        ids = [action.id for action in rec.actions]
        shown = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")
        return (f"{action_id} is a recommendation, not an action; give the ids of its actions "
                f"({shown})")
    close = difflib.get_close_matches(action_id, list(by_id), n=3, cutoff=0.6)
    if close:
        options = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
        return f"no action {action_id} in {display}; did you mean {options}?"
    ids = list(by_id)
    span = f" (its action ids run from {ids[0]} to {ids[-1]})" if ids else ""
    return f"no action {action_id} in {display}{span}"


# -- writing values --------------------------------------------------------------------------


def render_value(value: str, *, flow: bool = False, like: str = "", iso_day: bool = False) -> str:
    """`value` as YAML text that reads back as exactly that string, in a mapping's context.

    Keeps the quoting of the value it replaces (`like`: '', "'" or '"') when that can hold the
    new text; plain only when both YAML 1.1 and 1.2 readers would take it as text (not `no`,
    `1.10`, `null`, `2010-03-31`) and nothing in it (`: `, ` #`) changes its meaning.
    With `iso_day`, a day such as 2010-03-31 stays plain: plantrack reads dates as text, and
    other YAML tools then see a date where there is one.
    """
    if iso_day and _ISO_DAY.fullmatch(value) and not like:
        return value
    if _NEEDS_ESCAPES.search(value) or like == '"':
        candidates = [_double_quoted(value)]
    elif like == "'":
        candidates = [_single_quoted(value), _double_quoted(value)]
    else:
        candidates = [value, _single_quoted(value), _double_quoted(value)]
    for candidate in candidates:
        if _reads_back(candidate, value, flow):
            return candidate
    raise EditRefused(f"cannot write the text {value!r} so that YAML reads it back unchanged; "
                      "nothing was written")


def _single_quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _double_quoted(value: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        named = _NAMED_ESCAPES.get(char)
        if named is not None:
            return named
        code = ord(char)
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return '"' + re.sub(r'["\\]|' + _NEEDS_ESCAPES.pattern, escape, value) + '"'


def _reads_back(candidate: str, value: str, flow: bool) -> bool:
    if candidate == value and (not value or _YAML12_NOT_TEXT.fullmatch(value)):
        return False
    snippet = f"{{k: {candidate}}}\n" if flow else f"k: {candidate}\n"
    try:
        root = yamlsrc.compose(yamlsrc.Source("value", snippet))
    except PlanInvalid:
        return False
    if not isinstance(root, yamlsrc.MappingNode) or len(root.value) != 1:
        return False
    node = root.value[0][1]
    return isinstance(node, yamlsrc.ScalarNode) and node.value == value and node.tag == _STR_TAG


# -- splicing --------------------------------------------------------------------------------

Splice = tuple[int, int, int, str]  # start, end, order among splices at one place, new text


def apply_changes(
    text: str,
    plan: Plan,
    changes: Sequence[FieldChange],
    display: str = PLAN_FILENAME,
    *,
    bom: bool = False,
) -> str:
    """The plan text with `changes` made, verified by loading it again.

    `plan` must be what `text` loads as. Raises EditRefused (nothing to write) if the result
    would differ from the plan anywhere but in the changed fields, and UsageError if the new
    values would make the plan invalid (a deadline before the action's start).
    """
    if not changes:
        return text
    by_id = {action.id: action for action in plan.actions}
    splices: list[Splice] = []
    for change in changes:
        action = by_id[change.action_id]
        flow = text.startswith("{", action.index)
        pos = action.fields.get(change.key)
        order = ACTION_FIELDS.index(change.key)
        if pos is not None and change.new is None and change.key in _REMOVABLE:
            splices.append(_remove_field(text, pos, flow, order))
        elif pos is not None:
            splices.append(_replace_value(text, pos, change.new, flow, order,
                                          iso_day=change.key in _ISO_DAYS))
        elif change.new is not None:
            rendered = _as_written(text, action, change) or render_value(
                change.new, flow=flow, iso_day=change.key in _ISO_DAYS)
            splices.append(_insert_field(text, action, change.key, rendered, flow, order))
    new_text = _splice(text, splices)
    verify(plan, new_text, changes, display, bom=bom)
    return new_text


def _as_written(text: str, action: Action, change: FieldChange) -> str | None:
    """original_due: the old deadline's characters exactly as they stand in the file (its
    quotes too), when it is one line of text; None to render it afresh."""
    pos = action.fields.get("due")
    if change.key != "original_due" or pos is None or pos.style not in ("", "'", '"'):
        return None
    written = text[pos.value_start:pos.value_end]
    return written if "\n" not in written and "\r" not in written else None


def _splice(text: str, splices: list[Splice]) -> str:
    pieces: list[str] = []
    cursor = 0
    for start, end, _, replacement in sorted(splices):
        if start < cursor:
            raise EditRefused("two of the changes overlap in the file; make them one at a time")
        pieces.append(text[cursor:start])
        pieces.append(replacement)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _replace_value(
    text: str, pos: FieldPos, new: str | None, flow: bool, order: int, iso_day: bool = False
) -> Splice:
    """Replace a value's characters; a comment after it (or after a block header) stays."""
    start, end = pos.value_start, pos.value_end
    keep = ""
    if pos.style in _BLOCK_SCALAR:
        # `note: |` and its lines become one line; the header's comment and the blank lines
        # after the block stay where they were.
        header_break = _line_break(text, start)
        found = _HEADER_COMMENT.search(text, start, header_break)
        keep = found.group() if found else ""
        last = _last_visible(text, header_break, end)
        end = header_break if last is None else _line_break(text, last)
    elif pos.style not in ("", "'", '"'):
        raise EditRefused(f"the value at character {start} is a list or mapping, not text; "
                          "nothing was written")
    if new is None:
        if not flow:
            start = _after_colon(text, start)
        return start, end, order, keep
    like = pos.style if pos.style in ("'", '"') else ""
    rendered = render_value(new, flow=flow, like=like, iso_day=iso_day)
    if start == end and not keep:  # empty value: `status:` or `status: # comment`
        colon = _after_colon(text, start, same_line=True)
        if colon < 0:
            raise EditRefused("cannot find the ':' before an empty value; nothing was written")
        return colon, colon, order, " " + rendered
    return start, end, order, rendered + keep


def _remove_field(text: str, pos: FieldPos, flow: bool, order: int) -> Splice:
    """Take a one-line `key: value` out whole: its line, or `, key: value` in braces."""
    if pos.style not in ("", "'", '"'):
        raise EditRefused(f"the value at character {pos.value_start} is not one line of text; "
                          "nothing was written")
    if flow:
        comma = text.rfind(",", 0, pos.key_start)
        if comma < 0 or text[comma + 1:pos.key_start].strip():
            raise EditRefused("cannot find the ',' before the field to remove; nothing was "
                              "written")
        return comma, pos.value_end, order, ""
    line_start = text.rfind("\n", 0, pos.key_start) + 1
    if text[line_start:pos.key_start].strip() or "\n" in text[pos.value_start:pos.value_end]:
        raise EditRefused("the field does not stand on a line of its own; nothing was written")
    return line_start, _after_line(text, pos.value_end), order, ""


def _after_colon(text: str, index: int, same_line: bool = False) -> int:
    """Just after the ':' that introduces the value at `index` (-1, or `index`, if not found)."""
    spaces = " \t" if same_line else " \t\r\n"
    at = index
    while at > 0 and text[at - 1] in spaces:
        at -= 1
    if at > 0 and text[at - 1] == ":":
        return at
    return -1 if same_line else index


def _line_break(text: str, index: int) -> int:
    """Where the line holding `index` ends: its '\\r\\n' or '\\n', or the end of the text."""
    found = text.find("\n", index)
    if found < 0:
        return len(text)
    return found - 1 if found > index and text[found - 1] == "\r" else found


def _after_line(text: str, index: int) -> int:
    """The start of the line after the one holding `index` (the end of the text if none)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _block_header(text: str, start: int) -> str:
    """A block scalar's indicators (`|`, `>-`, `|+2`) without the comment after them."""
    header = text[start:_line_break(text, start)]
    return _HEADER_COMMENT.sub("", header)


def _last_visible(text: str, start: int, end: int) -> int | None:
    """Index of the last character in text[start:end] that is not a space or line break."""
    stripped = text[start:end].rstrip(" \t\r\n")
    return start + len(stripped) - 1 if stripped else None


def _insert_field(
    text: str, action: Action, key: str, rendered: str, flow: bool, order: int
) -> Splice:
    """One new `key: value` after the nearest key that comes before it in ACTION_FIELDS."""
    earlier = ACTION_FIELDS[: ACTION_FIELDS.index(key)]
    anchor_key = next(k for k in reversed(earlier) if k in action.fields)  # `id` always is
    anchor = action.fields[anchor_key]
    if flow:
        return anchor.value_end, anchor.value_end, order, f", {key}: {rendered}"
    line_start = text.rfind("\n", 0, anchor.key_start) + 1
    column = anchor.key_start - line_start
    at = _end_of_field(text, anchor, column)
    line = " " * column + f"{key}: {rendered}"
    if at == len(text) and not text.endswith("\n"):  # the last line has no line break
        return at, at, order, _newline(text, text.rfind("\n")) + line
    return at, at, order, line + _newline(text, at - 1)


def _newline(text: str, break_at: int) -> str:
    """The line ending at `break_at` ('\\r\\n' or '\\n'), else the file's first one."""
    if break_at < 0 or text[break_at] != "\n":
        break_at = text.find("\n")
    return "\r\n" if break_at > 0 and text[break_at - 1] == "\r" else "\n"


def _end_of_field(text: str, pos: FieldPos, column: int) -> int:
    """The start of the line after a field's value: where a following key can go.

    A block collection's end mark lies past later blank lines and comments, and a block
    scalar's past later blank lines: those belong to what follows, so step back over them
    (a comment indented deeper than the key stays with the value it is under).
    """
    end = pos.value_end
    if pos.style not in _BLOCK_SCALAR + _BLOCK_COLLECTION:
        return _after_line(text, end)
    line_start = text.rfind("\n", 0, end) + 1
    at = line_start if not text[line_start:end].strip() else _after_line(text, end)
    if pos.style in _BLOCK_SCALAR and "+" in _block_header(text, pos.value_start):
        return at  # keep-chomping (`|+`): its trailing blank lines are part of the text
    floor = _after_line(text, pos.value_start)
    while at > floor:
        previous = text.rfind("\n", 0, at - 1) + 1
        line = text[previous:at]
        stripped = line.strip()
        comment_of_next = (
            pos.style in _BLOCK_COLLECTION
            and stripped.startswith("#")
            and len(line) - len(line.lstrip(" ")) <= column
        )
        if stripped and not comment_of_next:
            break
        at = previous
    return at


# -- checking the result ---------------------------------------------------------------------


def verify(
    old: Plan, new_text: str, changes: Sequence[FieldChange], display: str, *, bom: bool = False
) -> Plan:
    """Load `new_text` and check it is `old` with exactly `changes` made; return the new plan.

    This is what makes the splicing safe to trust: any surprise (a quote that closed early, a
    line that joined the wrong mapping) shows up here, and then nothing is written.
    """
    # Through the parsed-plan cache: the result is stored for the new bytes, so the next
    # question about the plan after this change is answered without parsing it again.
    result = load_text(new_text, display, bom=bom, cached=True)
    if result.plan is None or result.errors:
        first = result.errors[0] if result.errors else None
        raise UsageError(f"the change would make {display} invalid, so nothing was written: "
                         f"{first}")
    new = result.plan
    intended: dict[str, dict[str, str | None]] = {}
    for change in changes:
        intended.setdefault(change.action_id, {})[change.key] = change.new

    def refuse(what: str) -> EditRefused:
        return EditRefused(f"the change would also alter {what} in {display}, so nothing was "
                           "written; make this change by hand in an editor")

    if _PLAN_ATTRS(old) != _PLAN_ATTRS(new) or len(old.recommendations) != len(
        new.recommendations
    ):
        raise refuse("the plan's title, aliases or recommendations")
    for old_rec, new_rec in zip(old.recommendations, new.recommendations, strict=True):
        if _REC_ATTRS(old_rec) != _REC_ATTRS(new_rec) or len(old_rec.actions) != len(
            new_rec.actions
        ):
            raise refuse(f"recommendation {old_rec.id}")
        for old_action, new_action in zip(old_rec.actions, new_rec.actions, strict=True):
            wanted = intended.get(old_action.id)
            if wanted is None:
                if _ACTION_ATTRS(old_action) != _ACTION_ATTRS(new_action):
                    raise refuse(f"action {old_action.id}")
                continue
            _check_changed(old_action, new_action, wanted, refuse)
    return new


def _check_changed(
    old: Action, new: Action, wanted: dict[str, str | None], refuse: Callable[[str], EditRefused]
) -> None:
    altered = {name for key in wanted for name in _ALTERED_BY[key]}
    for name in _ACTION_NAMES:
        if name not in altered and getattr(old, name) != getattr(new, name):
            raise refuse(f"the {name} of action {old.id}")
    now = {"status": new.status_text, "note": new.note, "due": new.due_text,
           "original_due": new.original_due_text,
           "completed_on": new.completed_on.isoformat() if new.completed_on else None}
    for key, value in wanted.items():
        if now[key] != value:
            raise refuse(f"the {key} of action {old.id} (it would read {now[key]!r})")


# -- reporting -------------------------------------------------------------------------------


def unified_diff(old: str, new: str, display: str) -> str:
    """What `--dry-run` shows: a unified diff of the plan, as `git diff` would."""
    import difflib

    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"a/{display}", tofile=f"b/{display}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
