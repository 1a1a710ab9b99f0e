"""Composed YAML nodes → a validated Plan, collecting every problem instead of stopping at one.

A person fixing a hand-edited file wants the whole list at once, each with its line and column
and the fix, so nothing here raises on a content problem: it records a Problem and goes on.
Only load.py calls this, and only when the parsed-plan cache has no answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, TypeGuard

from plantrack.errors import WARNING, Problem
from plantrack.plan.datefields import (
    DateFields,
    WrittenDates,
    read_agreed,
    read_date_order,
    read_month,
)
from plantrack.plan.model import (
    ACTION_FIELDS,
    DAY_FIRST,
    MONTH_FIRST,
    PLAN_FIELDS,
    RECOMMENDATION_FIELDS,
    STATUSES,
    Action,
    FieldPos,
    Plan,
    Recommendation,
    name_key,
    normalise_status,
)
from plantrack.plan.source import Source
from plantrack.plan.yamlsrc import MappingNode, Node, PlanStream, ScalarNode, SequenceNode

if TYPE_CHECKING:
    from plantrack.plan.load import LoadResult

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


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
        builder.add_recommendation(item)
    plan = builder.build(stream.root)
    return plan, builder.problems


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word.casefold(), choices, n=1, cutoff=0.6)
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


class _Builder:
    """Walks the node tree along the plan's schema, building values and noting problems."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.action_ids: dict[str, int] = {}
        self.rec_ids: dict[str, int] = {}
        self.names_used: dict[str, int] = {}  # folded name as written → first index
        self.recs: list[Recommendation] = []  # in file order, as each item is composed
        self.dates = DateFields(self.error, self.warn)

    # -- reporting -------------------------------------------------------------------------
    def error(self, index: int, message: str, code: str) -> None:
        self.problems.append(self.source.problem(index, message, code))

    def warn(self, index: int, message: str, code: str) -> None:
        self.problems.append(self.source.problem(index, message, code, WARNING))

    def line_of(self, index: int) -> int:
        return self.source.line_col(index)[0]

    # -- generic helpers -------------------------------------------------------------------
    def fields(
        self, node: MappingNode, known: tuple[str, ...], what: str
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
                self.error(index, f"unknown key '{key}' in {what}{_suggest(key, list(known))} "
                           f"(known keys: {', '.join(known)})", "unknown-key")
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
        agreed, fy_start, date_order = self.date_settings(found)
        self.dates.finish(self.recs, self.dates.settings(agreed, fy_start, date_order))
        plan = Plan(title=title or "", recommendations=tuple(self.recs), version=version,
                    organisation=organisation, aliases=aliases, agreed=agreed,
                    financial_year_start=fy_start, date_order=date_order)
        self.check_aliases(plan, found.get("aliases"))
        return plan

    def date_settings(self, found: dict[str, tuple[ScalarNode, Node]]
                      ) -> tuple[date | None, int | None, str]:
        """agreed, financial_year_start and date_order, each checked where it stands."""
        date_order = DAY_FIRST
        if (text := self.optional_text(found, "date_order", "the plan")) is not None:
            date_order = read_date_order(text, found["date_order"][1].start_mark.index,
                                         self.error)
        fy_start = None
        if (text := self.optional_text(found, "financial_year_start", "the plan")) is not None:
            fy_start = read_month(text, found["financial_year_start"][1].start_mark.index,
                                  self.error)
        agreed = None
        if (text := self.optional_text(found, "agreed", "the plan")) is not None:
            agreed = read_agreed(text, found["agreed"][1].start_mark.index,
                                 date_order == MONTH_FIRST, self.error)
        return agreed, fy_start, date_order

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
        """Note where an id stands; report it if another recommendation/action has it."""
        if item_id is None:
            return
        index = found["id"][1].start_mark.index
        if item_id in seen:
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
        found = self.fields(node, ACTION_FIELDS, "an action")
        action_id = self.required_text(found, "id", "an action", at)
        what = f"action {action_id}" if action_id else "an action"
        self.claim_id(self.action_ids, action_id, found, "action")
        text = self.required_text(found, "action", what, at)
        status = self.status(found, what, at)
        leads = self.names(found, "lead", what)
        if not leads and action_id is not None:
            self.warn(found["id"][0].start_mark.index, f"{what} has no lead; add "
                      "'lead: NAME' so someone owns it", "no-lead")
        boards = self.names(found, "board", what)
        written = WrittenDates(what, self.when(found, "start", what),
                               self.when(found, "due", what),
                               self.when(found, "original_due", what))
        complete = action_id is not None and text is not None and status is not None
        # An action that will not be built is not read again at the end: no place for it.
        read = self.dates.first_reading(written, (self.rec_number, number if complete else -1))
        if action_id is None or text is None or status is None:
            return None
        positions = {
            key: FieldPos(k.start_mark.index, v.start_mark.index, v.end_mark.index, _style(v))
            for key, (k, v) in found.items()
        }
        return Action(
            id=action_id, rec_id=rec_id, text=text, status=status, leads=leads, boards=boards,
            due=read.due, due_text=written.due and written.due[0], start=read.start,
            start_text=written.start and written.start[0], original_due=read.original_due,
            original_due_text=written.original_due and written.original_due[0],
            due_kind=read.due_kind, note=self.optional_text(found, "note", what),
            monitoring=self.optional_text(found, "monitoring", what),
            index=at, fields=positions,
        )

    def status(self, found: dict[str, tuple[ScalarNode, Node]], what: str, at: int) -> str | None:
        written = self.required_text(found, "status", what, at)
        if written is None:
            return None
        status = normalise_status(written)
        if status is None:
            index = found["status"][1].start_mark.index
            self.error(index, f"unknown status '{written}' for {what}"
                       f"{_suggest(written.replace(' ', '-'), list(STATUSES))} "
                       f"(use one of: {', '.join(STATUSES)})", "unknown-status")
        return status

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


def similar_names(plan: Plan) -> list[tuple[str, str]]:
    """Pairs of lead/board names that differ only slightly and are not reconciled by aliases.

    `Maureen Cavanagh` / `Maureen Cavanaugh` is the case this exists for. Names are compared
    after aliases apply, so a reconciled pair is never reported.
    """
    names: dict[str, str] = {}
    for action in plan.actions:
        for name in (*action.leads, *action.boards):
            canonical = plan.canonical(name)
            names.setdefault(name_key(canonical), canonical)
    by_length: dict[int, list[str]] = {}
    for folded in names:
        by_length.setdefault(len(folded), []).append(folded)
    pairs: list[tuple[str, str]] = []
    for length, group in by_length.items():
        for other_length in (length, length + 1, length + 2):
            for a in group:
                for b in by_length.get(other_length, ()):
                    if (other_length == length and b <= a) or min(len(a), len(b)) < 6:
                        continue
                    if _within_two_edits(a, b):
                        pairs.append((names[a], names[b]))
    return sorted(pairs)


def _within_two_edits(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 2, with the usual early exits (names are short)."""
    if abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        if min(current) > 2:
            return False
        previous = current
    return previous[-1] <= 2


def name_warnings(result: LoadResult) -> tuple[Problem, ...]:
    """Warnings that need the whole plan and some work: run by `validate`, not by every query."""
    plan = result.plan
    if plan is None:
        return ()
    first_use: dict[str, int] = {}
    for action in plan.actions:
        for key in ("lead", "board"):
            pos = action.fields.get(key)
            if pos is None:
                continue
            for name in action.leads if key == "lead" else action.boards:
                first_use.setdefault(name_key(plan.canonical(name)), pos.value_start)
    problems = []
    for a, b in similar_names(plan):
        index = max(first_use.get(name_key(a), 0), first_use.get(name_key(b), 0))
        problems.append(result.source.problem(
            index, f"'{a}' and '{b}' differ only slightly; if they are the same, add "
            f"'{a}: {b}' (or the reverse) under 'aliases'", "similar-names", WARNING))
    return tuple(problems)
