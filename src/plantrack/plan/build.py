"""Composed YAML nodes → a validated Plan, collecting every problem instead of stopping at one.

A person fixing a hand-edited file wants the whole list at once, each with its line and column
and the fix, so nothing here raises on a content problem: it records a Problem and goes on.
Only load.py calls this, and only when the parsed-plan cache has no answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeGuard

from plantrack.errors import WARNING, Problem
from plantrack.plan.datefields import DATE_SETTINGS, DateFields, WrittenDates, read_settings
from plantrack.plan.model import (
    ACTION_FIELDS,
    PLAN_FIELDS,
    RECOMMENDATION_FIELDS,
    Action,
    FieldPos,
    Plan,
    Recommendation,
    name_key,
)
from plantrack.plan.ownwords import VOCABULARY_KEYS, OwnWords
from plantrack.plan.source import Source
from plantrack.plan.yamlsrc import MappingNode, Node, PlanStream, ScalarNode, SequenceNode

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# The keys whose positions an action keeps (declared fields are not edited in place).
_STANDARD_KEYS = frozenset(ACTION_FIELDS)


def build_plan(source: Source, root: Node | None) -> tuple[Plan | None, list[Problem]]:
    """The plan a whole node tree describes (None when it cannot be built) and every problem.

    The reference that build_streamed is tested against: a large plan's whole tree takes
    two and a half times the memory its model does.
    """
    builder = _Builder(source)
    plan = builder.build(root)
    return plan, builder.problems


def build_streamed(source: Source) -> tuple[Plan | None, list[Problem]]:
    """build_plan(source, compose(source)), composing and building one recommendation at a
    time so a large plan's nodes are never all in memory. PlanInvalid for a YAML error."""
    builder = _Builder(source)
    stream = PlanStream(source)
    for item in stream.recommendations():
        if not builder.vocabulary_read and isinstance(stream.root, MappingNode):
            builder.read_vocabulary(stream.root)  # the keys written above the list
        builder.add_recommendation(item)
    plan = builder.build(stream.root)
    if builder.vocabulary_late:
        # `statuses:` or `fields:` written below the recommendations: rare, so read again
        # with the whole tree rather than hold every action back until the end.
        from plantrack.plan.yamlsrc import compose

        return build_plan(source, compose(source))
    return plan, builder.problems


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """A near key: the whole key, else one of its words (`lead officer` → lead)."""
    import difflib

    folded = word.casefold()
    close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.6)
    if not close:
        for part in folded.replace("_", " ").replace("-", " ").split():
            close = difflib.get_close_matches(part, choices, n=1, cutoff=0.75)
            if close:
                break
    return f"; did you mean '{close[0]}'?" if close else ""


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    return "text"


def _style(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return node.style or ""
    if isinstance(node, SequenceNode):
        return "[" if node.flow_style else "-"
    return "{" if node.flow_style else ":"


_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")  # controls, format characters, line separators


def invisible_in_id(item_id: str) -> tuple[str, str] | None:
    """(the id as it looks, what in it cannot be seen), or None for an id that is all visible:
    a control or format character (zero-width space, bidi mark), or white space at either
    end (a tab or a newline counts as that)."""
    from plantrack.formats.escape import has_controls

    if has_controls(item_id):
        import unicodedata

        hidden = [i for i, c in enumerate(item_id)
                  if not c.isspace() and unicodedata.category(c) in _INVISIBLE]
        if hidden:
            shown = "".join(c for i, c in enumerate(item_id) if i not in hidden).strip()
            char = item_id[hidden[0]]
            where = f"after '{item_id[:hidden[0]]}'" if hidden[0] else "at its start"
            name = unicodedata.name(char, "a control character")
            return shown, f"an invisible character in it (U+{ord(char):04X} {name}, {where})"
    shown = item_id.strip()
    if shown != item_id:
        return shown, f"a space at its {'start' if item_id[:1].isspace() else 'end'}"
    return None


class _Builder(OwnWords):
    """Walks the node tree along the plan's schema, building values and noting problems."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.action_ids: dict[str, int] = {}
        self.rec_ids: dict[str, int] = {}
        self.names_used: dict[str, int] = {}  # folded name as written → first index
        self.recs: list[Recommendation] = []  # in file order, as each item is composed
        self.dates = DateFields(self.error, self.warn)
        self.start_own_words()

    # -- reporting -------------------------------------------------------------------------
    def error(self, index: int, message: str, code: str) -> None:
        self.problems.append(self.source.problem(index, message, code))

    def warn(self, index: int, message: str, code: str) -> None:
        self.problems.append(self.source.problem(index, message, code, WARNING))

    def line_of(self, index: int) -> int:
        return self.source.line_col(index)[0]

    # -- generic helpers -------------------------------------------------------------------
    def fields(
        self, node: MappingNode, known: tuple[str, ...], what: str, declarable: bool = False
    ) -> dict[str, tuple[ScalarNode, Node]]:
        """Key → (key node, value node), reporting unknown and duplicate keys."""
        seen: dict[str, tuple[ScalarNode, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node.start_mark.index, f"a key in {what} must be a plain word, "
                           f"not {_kind(key_node)}", "bad-key")
                continue
            key = key_node.value
            index = key_node.start_mark.index
            if key == "<<":
                self.error(index, "merge keys (<<) are not allowed in a plan; write the fields "
                           "out in full", "merge-key")
                continue
            if key not in known:
                declare = (f"; if the plan keeps this column, declare it at the top of the "
                           f"plan: 'fields: [{key}]'") if declarable else ""
                self.error(index, f"unknown key '{key}' in {what}{_suggest(key, list(known))} "
                           f"(known keys: {', '.join(known)}){declare}", "unknown-key")
                continue
            if key in seen:
                first = self.line_of(seen[key][0].start_mark.index)
                self.error(index, f"duplicate key '{key}' in {what} (first at line {first}); "
                           "keep one of them", "duplicate-key")
                continue
            seen[key] = (key_node, value_node)
        return seen

    def text(self, node: Node, key: str, what: str) -> str | None:
        """A scalar's text as written; None for an empty value. Reports a list or mapping."""
        if not isinstance(node, ScalarNode):
            self.error(node.start_mark.index, f"'{key}' in {what} must be text, not "
                       f"{_kind(node)}", "wrong-type")
            return None
        if not node.style and node.value in _NULLS:
            return None
        return node.value

    def required_text(
        self, found: dict[str, tuple[ScalarNode, Node]], key: str, what: str, at: int
    ) -> str | None:
        if key not in found:
            self.error(at, f"{what} has no '{key}'; add a line '{key}: ...'", "missing-key")
            return None
        key_node, value_node = found[key]
        value = self.text(value_node, key, what)
        if value is None and isinstance(value_node, ScalarNode):
            self.error(key_node.start_mark.index, f"'{key}' in {what} is empty", "empty-value")
        return value

    def text_list(self, node: Node, key: str, what: str) -> tuple[str, ...]:
        """A name or a list of names / a list of text lines."""
        if isinstance(node, ScalarNode):
            value = self.text(node, key, what)
            return (value,) if value is not None else ()
        if isinstance(node, SequenceNode):
            items: list[str] = []
            for item in node.value:
                value = self.text(item, f"an item of '{key}'", what)
                if value is not None:
                    items.append(value)
            return tuple(items)
        self.error(node.start_mark.index, f"'{key}' in {what} must be text or a list, not "
                   f"{_kind(node)}", "wrong-type")
        return ()

    def items(self, node: Node, key: str, what: str) -> Iterator[MappingNode]:
        """Mappings of a list, reporting anything that is not a list of mappings."""
        if not isinstance(node, SequenceNode):
            self.error(node.start_mark.index, f"'{key}' in {what} must be a list (lines "
                       f"starting with '- '), not {_kind(node)}", "wrong-type")
            return
        for item in node.value:
            if self.is_mapping_item(item, key):
                yield item

    def is_mapping_item(self, item: Node, key: str) -> TypeGuard[MappingNode]:
        if isinstance(item, MappingNode):
            return True
        self.error(item.start_mark.index, f"each item of '{key}' must be a mapping "
                   f"(key: value lines), not {_kind(item)}", "wrong-type")
        return False

    # -- the schema ------------------------------------------------------------------------
    def build(self, root: Node | None) -> Plan | None:
        if root is None:
            self.error(0, "the plan is empty; it needs at least 'title:' and "
                       "'recommendations:'", "empty")
            return None
        if not isinstance(root, MappingNode):
            self.error(root.start_mark.index, f"the plan must be a mapping with 'title:' and "
                       f"'recommendations:' at the top, but this file is {_kind(root)}",
                       "root-not-mapping")
            return None
        found = self.fields(root, PLAN_FIELDS, "the plan")
        if not self.vocabulary_read:
            self.read_vocabulary(root)
        elif any(key in found for key in VOCABULARY_KEYS if key not in self.vocabulary_seen):
            self.vocabulary_late = True
            return None
        at = root.start_mark.index
        title = self.required_text(found, "title", "the plan", at)
        version = self.optional_text(found, "version", "the plan")
        organisation = self.optional_text(found, "organisation", "the plan")
        aliases = self.aliases(found["aliases"][1]) if "aliases" in found else {}
        # PlanStream hands the items to add_recommendation as it composes them and leaves
        # this list empty; a whole tree's items are built here.
        if "recommendations" not in found:
            self.error(at, "the plan has no 'recommendations'; add 'recommendations:' "
                       "followed by a list", "missing-key")
        else:
            for rec_node in self.items(found["recommendations"][1], "recommendations",
                                       "the plan"):
                self.add_recommendation(rec_node)
        agreed, fy_start, date_order = read_settings(
            {key: self.when(found, key, "the plan") for key in DATE_SETTINGS}, self.error)
        self.dates.finish(self.recs, self.dates.settings(agreed, fy_start, date_order))
        plan = Plan(title=title or "", recommendations=tuple(self.recs), version=version,
                    organisation=organisation, aliases=aliases, agreed=agreed,
                    financial_year_start=fy_start, date_order=date_order,
                    statuses=self.statuses, fields=self.extra_fields)
        self.check_aliases(plan, found.get("aliases"))
        return plan

    def add_recommendation(self, node: Node) -> None:
        """Build one item of the plan's 'recommendations' list."""
        if self.is_mapping_item(node, "recommendations"):
            rec = self.recommendation(node)
            if rec is not None:
                self.recs.append(rec)

    def optional_text(
        self, found: dict[str, tuple[ScalarNode, Node]], key: str, what: str
    ) -> str | None:
        return self.text(found[key][1], key, what) if key in found else None

    def aliases(self, node: Node) -> dict[str, str]:
        if not isinstance(node, MappingNode):
            self.error(node.start_mark.index, "'aliases' must be a mapping of 'variant: name' "
                       f"lines, not {_kind(node)}", "wrong-type")
            return {}
        table: dict[str, str] = {}
        firsts: dict[str, int] = {}
        self.alias_index: dict[str, int] = {}
        for key_node, value_node in node.value:
            variant = self.text(key_node, "an alias", "'aliases'")
            target = self.text(value_node, "an alias", "'aliases'")
            if variant is None or target is None:
                if variant is not None:
                    self.error(value_node.start_mark.index, f"alias '{variant}' has no name "
                               "after the colon", "empty-value")
                continue
            folded = name_key(variant)
            if folded in firsts:
                self.error(key_node.start_mark.index, f"duplicate alias '{variant}' (first at "
                           f"line {self.line_of(firsts[folded])}); keep one", "duplicate-key")
                continue
            firsts[folded] = key_node.start_mark.index
            table[variant] = target
            self.alias_index[variant] = key_node.start_mark.index
        folded_variants = {name_key(v) for v in table}
        for variant, target in table.items():
            if name_key(target) in folded_variants:
                self.error(self.alias_index[variant], f"alias '{variant}' points to "
                           f"'{target}', which is itself an alias; point it at the final name",
                           "alias-chain")
        return table

    def claim_id(
        self, seen: dict[str, int], item_id: str | None,
        found: dict[str, tuple[ScalarNode, Node]], kind: str,
    ) -> None:
        """Note where an id stands; report it if another recommendation/action has it, or if
        it has a character nobody can see (two ids would look alike, and `show` could never
        find it)."""
        if item_id is None:
            return
        index = found["id"][1].start_mark.index
        trouble = invisible_in_id(item_id)
        if trouble is not None:
            shown, what = trouble
            same = f" (it is then the same as the id at line {self.line_of(seen[shown])}: " \
                "give one of them another id)" if shown in seen else ""
            fix = f"retype the id as '{shown}'{same}" if shown else "give it a visible id"
            self.error(index, f"{kind} id '{item_id}' has {what}; {fix}", "invisible-id")
            seen.setdefault(item_id, index)
        elif item_id in seen:
            self.error(index, f"duplicate {kind} id '{item_id}' (also at line "
                       f"{self.line_of(seen[item_id])}); ids must be unique", "duplicate-id")
        else:
            seen[item_id] = index

    def recommendation(self, node: MappingNode) -> Recommendation | None:
        at = node.start_mark.index
        found = self.fields(node, RECOMMENDATION_FIELDS, "a recommendation")
        rec_id = self.required_text(found, "id", "a recommendation", at)
        what = f"recommendation {rec_id}" if rec_id else "a recommendation"
        self.claim_id(self.rec_ids, rec_id, found, "recommendation")
        actions: list[Action] = []
        self.rec_number = len(self.recs)
        if "timescale" in found:
            self.dates.timescales[self.rec_number] = found["timescale"][1].start_mark.index
        if "actions" not in found:
            self.error(at, f"{what} has no 'actions'; add 'actions:' followed by a list",
                       "missing-key")
        else:
            for action_node in self.items(found["actions"][1], "actions", what):
                action = self.action(action_node, rec_id or "", len(actions))
                if action is not None:
                    actions.append(action)
        return Recommendation(
            id=rec_id or "",
            actions=tuple(actions),
            title=self.optional_text(found, "title", what),
            area=self.optional_text(found, "area", what),
            timescale=self.optional_text(found, "timescale", what),
            success_criteria=self.text_list(found["success_criteria"][1], "success_criteria",
                                            what) if "success_criteria" in found else (),
            measures=self.text_list(found["measures"][1], "measures", what)
            if "measures" in found else (),
            index=at,
        )

    def action(self, node: MappingNode, rec_id: str, number: int) -> Action | None:
        at = node.start_mark.index
        found = self.fields(node, self.action_keys, "an action", declarable=True)
        action_id = self.required_text(found, "id", "an action", at)
        what = f"action {action_id}" if action_id else "an action"
        self.claim_id(self.action_ids, action_id, found, "action")
        text = self.required_text(found, "action", what, at)
        status_text = self.required_text(found, "status", what, at)
        status = self.status(found, status_text, what)
        completed_on = self.when(found, "completed_on", what)
        self.check_completed_on(found, completed_on, status, what)
        rag = self.rag(found, what)
        extra = self.extra(found, what) if self.extra_fields else {}
        leads = self.names(found, "lead", what)
        if not leads and action_id is not None:
            self.warn(found["id"][0].start_mark.index, f"{what} has no lead; add "
                      "'lead: NAME' so someone owns it", "no-lead")
        boards = self.names(found, "board", what)
        written = WrittenDates(what, self.when(found, "start", what),
                               self.when(found, "due", what),
                               self.when(found, "original_due", what), completed_on)
        complete = action_id is not None and text is not None and status is not None
        # An action that will not be built is not read again at the end: no place for it.
        read = self.dates.first_reading(written, (self.rec_number, number if complete else -1))
        if action_id is None or text is None or status is None:
            return None
        # Where the standard keys stand, for the editor; declared fields are not edited in
        # place, and their positions would add a fifth to a cached plan that has several.
        positions = {
            key: FieldPos(k.start_mark.index, v.start_mark.index, v.end_mark.index, _style(v))
            for key, (k, v) in found.items() if key in _STANDARD_KEYS
        }
        return Action(
            id=action_id, rec_id=rec_id, text=text, status=status, leads=leads, boards=boards,
            due=read.due, due_text=written.text("due"), start=read.start,
            start_text=written.text("start"), original_due=read.original_due,
            original_due_text=written.text("original_due"),
            due_kind=read.due_kind, note=self.optional_text(found, "note", what),
            monitoring=self.optional_text(found, "monitoring", what),
            index=at, fields=positions, status_text=status_text or status,
            completed_on=read.completed_on, rag=rag, extra=extra,
        )

    def names(self, found: dict[str, tuple[ScalarNode, Node]], key: str, what: str
              ) -> tuple[str, ...]:
        if key not in found:
            return ()
        names = self.text_list(found[key][1], key, what)
        index = found[key][1].start_mark.index
        for name in names:
            self.names_used.setdefault(name_key(name), index)
        return names

    def when(self, found: dict[str, tuple[ScalarNode, Node]], key: str, what: str
             ) -> tuple[str, int] | None:
        """A date field's text as written and where its value stands; None if empty."""
        if key not in found:
            return None
        node = found[key][1]
        written = self.text(node, key, what)
        return None if written is None else (written, node.start_mark.index)

    # -- whole-plan checks -----------------------------------------------------------------
    def check_aliases(self, plan: Plan, aliases: tuple[ScalarNode, Node] | None) -> None:
        if aliases is None:
            return
        for variant, index in getattr(self, "alias_index", {}).items():
            if name_key(variant) not in self.names_used:
                self.warn(index, f"alias '{variant}' is not used by any lead or board; remove "
                          "it or check its spelling", "unused-alias")
