"""Add an action or a recommendation to the plan's text: pure, text in and text out.

Like edit.py (whose quoting and line-finding this reuses), the new lines are spliced in and
the rest of the file stays byte for byte as it was: the new item goes after the last one of
its list, written the way its neighbours are (the same indentation, quoting of ids, block or
`{…}` style, blank line between items or none, line endings). The result is loaded again and
must be the old plan with exactly the one new item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.errors import UsageError
from plantrack.plan import yamlsrc
from plantrack.plan.load import load_text
from plantrack.plan.model import ACTION_FIELDS, FieldPos, Plan, Recommendation
from plantrack.write import edit

_NUMBERED = re.compile(r"(.*?)(\d+)")


@dataclass(frozen=True)
class NewItem:
    """What to add: its key → value (a text, or several names), in the format's key order."""

    kind: str  # "action" or "recommendation"
    values: dict[str, str | tuple[str, ...]]
    rec_id: str | None = None  # the recommendation an action goes into

    @property
    def id(self) -> str:
        value = self.values["id"]
        assert isinstance(value, str)
        return value


def next_action_id(rec: Recommendation, taken: set[str]) -> str:
    """The next free `REC.N` after the highest N in the recommendation: `3.10` after `3.9`."""
    highest = 0
    prefix = f"{rec.id}."
    for action in rec.actions:
        tail = action.id.removeprefix(prefix)
        if action.id.startswith(prefix) and tail.isdigit():
            highest = max(highest, int(tail))
    number = max(highest, 0) + 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def next_recommendation_id(plan: Plan) -> str:
    """One more than the highest numbered recommendation (`R12` → `R13`, `9` → `10`)."""
    best: tuple[int, str] | None = None
    for rec in plan.recommendations:
        found = _NUMBERED.fullmatch(rec.id)
        if found and (best is None or int(found.group(2)) >= best[0]):
            best = (int(found.group(2)), found.group(1))
    number, stem = best if best else (0, "")
    taken = {rec.id for rec in plan.recommendations}
    while f"{stem}{number + 1}" in taken:
        number += 1
    return f"{stem}{number + 1}"


# -- where and how to write ------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """How the items of a list are written in this file."""

    dash: str  # what comes before the first key: `      - `
    key_column: int  # where the other keys start
    id_quote: str  # '"', "'" or '' as the neighbours' ids are written
    flow: bool  # neighbours written `- {id: "1.1", …}`
    gap: str  # a blank line between items, or ''


_DEFAULT_STYLE = _Style("- ", 2, '"', False, "")


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _style_of(text: str, items: Sequence[yamlsrc.Node], fallback: _Style) -> _Style:
    """The style of a block list's items, from its last item (and the one before it)."""
    if not items or not isinstance(items[-1], yamlsrc.MappingNode):
        return fallback
    last = items[-1]
    start = last.start_mark.index
    dash = text[_line_start(text, start):start]
    if not dash.strip().startswith("-") or dash.strip("- ") != "":
        return fallback  # not `- key:` on one line: write the usual way
    quote = ""
    for key, value in last.value:
        if isinstance(key, yamlsrc.ScalarNode) and key.value == "id" and isinstance(
                value, yamlsrc.ScalarNode):
            quote = value.style if value.style in ("'", '"') else ""
    if last.flow_style:
        return _Style(dash, len(dash), quote, True, "")
    gap = ""
    if len(items) > 1:
        between = text[_end_of_item(text, items[-2]):_line_start(text, start)]
        gap = "\n" if between.strip(" \t\r\n") == "" and between.count("\n") >= 1 else ""
    return _Style(dash, len(dash), quote, False, gap)


def _end_of_item(text: str, item: yamlsrc.Node) -> int:
    """The start of the line after an item's last value (its trailing blanks and lower comments
    belong to what follows)."""
    if not isinstance(item, yamlsrc.MappingNode) or not item.value:
        return edit._after_line(text, item.end_mark.index)
    if item.flow_style:
        return edit._after_line(text, item.end_mark.index)
    key, value = item.value[-1]
    pos = FieldPos(key.start_mark.index, value.start_mark.index, value.end_mark.index,
                   _node_style(value))
    column = key.start_mark.index - _line_start(text, key.start_mark.index)
    return edit._end_of_field(text, pos, column)


def _node_style(node: yamlsrc.Node) -> str:
    if isinstance(node, yamlsrc.ScalarNode):
        return node.style or ""
    if isinstance(node, yamlsrc.SequenceNode):
        return "[" if node.flow_style else "-"
    return "{" if node.flow_style else ":"


def _value_of(mapping: yamlsrc.MappingNode, name: str) -> yamlsrc.Node | None:
    for key, value in mapping.value:
        if isinstance(key, yamlsrc.ScalarNode) and key.value == name:
            return value
    return None


def _render(key: str, value: str | tuple[str, ...], style: _Style, flow: bool) -> str:
    if isinstance(value, tuple):
        if len(value) == 1:
            return edit.render_value(value[0], flow=flow)
        return "[" + ", ".join(edit.render_value(v, flow=True) for v in value) + "]"
    if key == "id" and style.id_quote and edit.render_value(value) in (value, f'"{value}"',
                                                                         f"'{value}'"):
        quoted = f"{style.id_quote}{value}{style.id_quote}"
        return quoted if edit._reads_back(quoted, value, flow) else edit.render_value(
            value, flow=flow)
    return edit.render_value(value, flow=flow)


def _names_in_blocks(recs: yamlsrc.SequenceNode) -> bool:
    """Whether the file writes several leads or boards as `- ` lines rather than `[A, B]`."""
    block = flow = 0
    for rec in recs.value:
        actions = _value_of(rec, "actions") if isinstance(rec, yamlsrc.MappingNode) else None
        for action in actions.value if isinstance(actions, yamlsrc.SequenceNode) else ():
            for key in ("lead", "board"):
                names = _value_of(action, key) if isinstance(action, yamlsrc.MappingNode) \
                    else None
                if isinstance(names, yamlsrc.SequenceNode):
                    flow += bool(names.flow_style)
                    block += not names.flow_style
    return block > flow


def _item_lines(item: NewItem, style: _Style, newline: str, names_in_blocks: bool = False
                ) -> str:
    """The new item's text, ending with a line break."""
    pairs = [(key, value) for key, value in item.values.items() if value not in ("", ())]
    if style.flow:
        body = ", ".join(f"{key}: {_render(key, value, style, True)}" for key, value in pairs)
        return f"{style.dash}{{{body}}}{newline}"
    lines = []
    for number, (key, value) in enumerate(pairs):
        lead = style.dash if number == 0 else " " * style.key_column
        if isinstance(value, tuple) and len(value) > 1 and names_in_blocks:
            lines.append(f"{lead}{key}:")
            lines += [" " * (style.key_column + 2) + f"- {edit.render_value(name)}"
                      for name in value]
            continue
        lines.append(f"{lead}{key}: {_render(key, value, style, False)}")
    if item.kind == "recommendation":
        lines.append(" " * style.key_column + "actions: []")
    return style.gap.replace("\n", newline) + newline.join(lines) + newline


def insert(text: str, plan: Plan, item: NewItem, display: str, *, bom: bool = False) -> str:
    """The plan text with `item` added at the end of its list, verified by loading it again."""
    root = yamlsrc.compose(yamlsrc.Source(display, text))
    assert isinstance(root, yamlsrc.MappingNode)  # `plan` loaded from this text
    recs = _value_of(root, "recommendations")
    assert isinstance(recs, yamlsrc.SequenceNode)
    newline = edit._newline(text, text.find("\n"))
    if item.kind == "recommendation":
        new_text = _add_to_list(text, recs, item, newline, "recommendations", _rec_style(
            text, recs))
    else:
        rec_node = next(node for node in recs.value if isinstance(node, yamlsrc.MappingNode)
                        and _scalar(_value_of(node, "id")) == item.rec_id)
        actions = _value_of(rec_node, "actions")
        assert isinstance(actions, yamlsrc.SequenceNode)
        new_text = _add_to_list(text, actions, item, newline, f"recommendation {item.rec_id}'s "
                                "actions", _action_style(text, recs, rec_node),
                                _names_in_blocks(recs))
    _verify(plan, new_text, item, display, bom)
    return new_text


def _scalar(node: yamlsrc.Node | None) -> str | None:
    return node.value if isinstance(node, yamlsrc.ScalarNode) else None


def _rec_style(text: str, recs: yamlsrc.SequenceNode) -> _Style:
    return _style_of(text, recs.value, _DEFAULT_STYLE)


def _action_style(text: str, recs: yamlsrc.SequenceNode, rec: yamlsrc.MappingNode) -> _Style:
    """This recommendation's actions' style; else another recommendation's, moved to this one's
    indentation; else two spaces deeper than its keys."""
    actions = _value_of(rec, "actions")
    assert isinstance(actions, yamlsrc.SequenceNode)
    rec_column = rec.start_mark.index - _line_start(text, rec.start_mark.index)
    fallback = _Style(" " * (rec_column + 2) + "- ", rec_column + 4, '"', False, "")
    if actions.value:
        return _style_of(text, actions.value, fallback)
    for other in recs.value:
        others = _value_of(other, "actions") if isinstance(other, yamlsrc.MappingNode) else None
        if isinstance(others, yamlsrc.SequenceNode) and others.value and not others.flow_style:
            style = _style_of(text, others.value, fallback)
            other_column = other.start_mark.index - _line_start(text, other.start_mark.index)
            shift = rec_column - other_column
            dash = " " * max(0, len(style.dash) - len(style.dash.lstrip()) + shift) + \
                style.dash.lstrip()
            return _Style(dash, style.key_column + shift, style.id_quote, style.flow, "")
    return fallback


def _add_to_list(text: str, items: yamlsrc.SequenceNode, item: NewItem, newline: str,
                 what: str, style: _Style, names_in_blocks: bool = False) -> str:
    if items.flow_style and items.value:
        raise edit.EditRefused(f"{what} are written as a [...] list on one line; add the "
                               f"{item.kind} by hand in an editor")
    if items.flow_style:  # `actions: []`: becomes a block list holding the new item
        start, end = items.start_mark.index, items.end_mark.index
        colon = edit._after_colon(text, start, same_line=True)
        if colon < 0:
            raise edit.EditRefused(f"cannot find where {what} start; add the {item.kind} by "
                                   "hand in an editor")
        lines = _item_lines(item, _Style(style.dash, style.key_column, style.id_quote,
                                         style.flow, ""), newline, names_in_blocks)
        tail = text[end:edit._line_break(text, end)]
        if tail.strip() and not tail.lstrip().startswith("#"):
            raise edit.EditRefused(f"{what} are followed by more on the same line; add the "
                                   f"{item.kind} by hand in an editor")
        comment = f" {tail.strip()}" if tail.strip() else ""
        after = edit._line_break(text, end)
        return text[:colon] + comment + newline + lines.rstrip("\r\n") + text[after:]
    at = _end_of_item(text, items.value[-1])
    lines = _item_lines(item, style, newline, names_in_blocks)
    if at == len(text) and not text.endswith("\n"):
        return text + newline + lines.rstrip("\r\n")
    return text[:at] + lines + text[at:]


def _verify(old: Plan, new_text: str, item: NewItem, display: str, bom: bool) -> None:
    """The new text must load as the old plan plus exactly the new item."""
    result = load_text(new_text, display, bom=bom, cached=True)
    if result.plan is None or result.errors:
        raise UsageError(f"the new {item.kind} would make {display} invalid, so nothing was "
                         f"written: {result.errors[0] if result.errors else ''}")
    new = result.plan

    def refuse(what: str) -> edit.EditRefused:
        return edit.EditRefused(f"adding the {item.kind} would also alter {what} in {display}, "
                                "so nothing was written; add it by hand in an editor")

    if edit._PLAN_ATTRS(old) != edit._PLAN_ATTRS(new):
        raise refuse("the plan's title, settings or aliases")
    extra_rec = 1 if item.kind == "recommendation" else 0
    if len(new.recommendations) != len(old.recommendations) + extra_rec:
        raise refuse("the list of recommendations")
    for old_rec, new_rec in zip(old.recommendations, new.recommendations, strict=False):
        added = 1 if item.kind == "action" and old_rec.id == item.rec_id else 0
        if edit._REC_ATTRS(old_rec) != edit._REC_ATTRS(new_rec) or \
                len(new_rec.actions) != len(old_rec.actions) + added:
            raise refuse(f"recommendation {old_rec.id}")
        for old_action, new_action in zip(old_rec.actions, new_rec.actions, strict=False):
            if edit._ACTION_ATTRS(old_action) != edit._ACTION_ATTRS(new_action):
                raise refuse(f"action {old_action.id}")
    if item.kind == "recommendation":
        made = new.recommendations[-1]
        wanted = {"id": made.id, "title": made.title, "area": made.area,
                  "timescale": made.timescale}
    else:
        rec = new.recommendation(item.rec_id or "")
        assert rec is not None
        action = rec.actions[-1]
        wanted = {"id": action.id, "action": action.text, "lead": action.leads,
                  "start": action.start_text, "due": action.due_text,
                  "status": action.status, "note": action.note, "board": action.boards,
                  "monitoring": action.monitoring}
    for key, value in item.values.items():
        if key in wanted and value not in ("", ()) and _as_read(key, value) != wanted[key]:
            raise refuse(f"the new {item.kind}'s {key} (it would read {wanted[key]!r})")


def _as_read(key: str, value: str | tuple[str, ...]) -> object:
    if key in ("lead", "board") and isinstance(value, str):
        return (value,)
    return value


__all__ = ["ACTION_FIELDS", "NewItem", "insert", "next_action_id", "next_recommendation_id"]
