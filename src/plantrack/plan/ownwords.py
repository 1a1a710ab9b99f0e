"""A plan's own words, read by the builder: `statuses:`, `fields:`, and each action's status
word, whether a `completed_on` fits it, `rag` and declared fields (issue 12). A mixin of
build._Builder, apart so that build.py stays one concern: walking the schema.

`statuses:` and `fields:` change how every action reads, so the builder reads them before the
first action (from the keys composed above the list, when streaming).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from plantrack.plan.model import (
    ACTION_FIELDS,
    CLOSED_STATUSES,
    STATUSES,
    fold_status,
    rag_from_text,
    status_from_user,
)
from plantrack.plan.vocabulary import explain_status
from plantrack.plan.yamlsrc import MappingNode, Node, ScalarNode, SequenceNode

VOCABULARY_KEYS = ("statuses", "fields")
Found = dict[str, tuple[ScalarNode, Node]]


class OwnWords:
    """The builder's readers for a plan's own words; the builder supplies the reporting."""

    error: Callable[[int, str, str], None]
    warn: Callable[[int, str, str], None]
    text: Callable[[Node, str, str], str | None]
    text_list: Callable[[Node, str, str], tuple[str, ...]]
    line_of: Callable[[int], int]

    def start_own_words(self) -> None:
        self.vocabulary_read = False
        self.vocabulary_seen: frozenset[str] = frozenset()
        self.vocabulary_late = False  # found only after the actions were built
        self.statuses: dict[str, str] = {}  # the plan's word as written → status
        self.status_table: dict[str, str] = {}  # folded word → status
        self.extra_fields: tuple[str, ...] = ()
        self.action_keys: tuple[str, ...] = ACTION_FIELDS

    def read_vocabulary(self, root: MappingNode) -> None:
        """`statuses:` and `fields:`, from the root's keys composed so far (the first of each;
        fields() reports a second one)."""
        self.vocabulary_read = True
        values: dict[str, Node] = {}
        for key_node, value_node in root.value:
            if isinstance(key_node, ScalarNode) and key_node.value in VOCABULARY_KEYS:
                values.setdefault(key_node.value, value_node)
        self.vocabulary_seen = frozenset(values)
        if "statuses" in values:
            self.plan_statuses(values["statuses"])
        if "fields" in values:
            self.declared_fields(values["fields"])

    def plan_statuses(self, node: Node) -> None:
        """`statuses:`: the plan's words, each mapped to the status it means."""
        if not isinstance(node, MappingNode):
            kind = "a list" if isinstance(node, SequenceNode) else "text"
            self.error(node.start_mark.index, "'statuses' must be a mapping of 'plan word: "
                       f"status' lines, not {kind}", "wrong-type")
            return
        firsts: dict[str, int] = {}
        for key_node, value_node in node.value:
            word = self.text(key_node, "a word", "'statuses'")
            meant = self.text(value_node, "a status", "'statuses'")
            if word is None:
                continue
            if meant is None:
                self.error(value_node.start_mark.index, f"'{word}' under 'statuses' has no "
                           f"status after the colon; give one of: {', '.join(STATUSES)}",
                           "empty-value")
                continue
            status = status_from_user(meant)
            if status is None:
                self.error(value_node.start_mark.index, f"'{meant}' (for '{word}' under "
                           f"'statuses') is not a status{explain_status(meant)}",
                           "unknown-status")
                continue
            folded = fold_status(word)
            if folded in STATUSES and folded != status:
                self.error(key_node.start_mark.index, f"'{word}' is itself a status; it cannot "
                           f"mean {status} (remove this line)", "status-redefined")
                continue
            if folded in firsts:
                self.error(key_node.start_mark.index, f"duplicate word '{word}' under "
                           f"'statuses' (first at line {self.line_of(firsts[folded])}); keep "
                           "one", "duplicate-key")
                continue
            firsts[folded] = key_node.start_mark.index
            self.statuses[word] = status
            self.status_table[folded] = status

    def declared_fields(self, node: Node) -> None:
        """`fields:`: the extra keys this plan's actions may carry, in the order to show them."""
        items = node.value if isinstance(node, SequenceNode) else [node]
        declared: list[str] = []
        for item in items:
            name = self.text(item, "fields" if item is node else "an item of 'fields'",
                             "the plan")
            if name is None:
                continue
            if name in ACTION_FIELDS:
                self.error(item.start_mark.index, f"'{name}' under 'fields' is a standard "
                           "action field already; remove it from 'fields'", "field-redefined")
            elif name in declared:
                self.error(item.start_mark.index, f"'{name}' is declared twice under "
                           "'fields'; keep one", "duplicate-key")
            else:
                declared.append(name)
        self.extra_fields = tuple(declared)
        self.action_keys = (*ACTION_FIELDS, *declared)

    def status(
        self, found: Found, written: str | None, what: str
    ) -> str | None:
        """The status the word means: the plan's own words first, then the vocabulary."""
        if written is None:
            return None
        status = status_from_user(written, self.status_table)
        if status is None:
            index = found["status"][1].start_mark.index
            self.error(index, f"unknown status '{written}' for {what}{explain_status(written)}",
                       "unknown-status")
        return status

    def check_completed_on(
        self, found: Found, written: tuple[str, int] | None, status: str | None, what: str
    ) -> None:
        """An open action with a completion day is a contradiction worth a warning. The day
        itself is read with the other date fields (datefields), with the plan's settings."""
        if written is None or status is None or status in CLOSED_STATUSES:
            return
        self.warn(found["completed_on"][0].start_mark.index, f"{what} has completed_on but "
                  f"its status is {status}; remove the completed_on line, or correct the "
                  "status", "completed-but-open")

    def rag(self, found: Found, what: str) -> str | None:
        """The owner's own rating; plantrack's computed BRAG is separate."""
        if "rag" not in found:
            return None
        node = found["rag"][1]
        written = self.text(node, "rag", what)
        if written is None:
            return None
        colour = rag_from_text(written)
        if colour is None:
            self.error(node.start_mark.index, f"rag of {what} is '{written}'; the owner's "
                       "rating is one of red, amber, green or blue (or R, A, G, B)",
                       "unknown-rag")
        return colour

    def extra(
        self, found: Found, what: str
    ) -> Mapping[str, str | tuple[str, ...]]:
        """The declared fields this action has, as written, in declared order."""
        values: dict[str, str | tuple[str, ...]] = {}
        for key in self.extra_fields:
            if key not in found:
                continue
            node = found[key][1]
            if isinstance(node, ScalarNode):
                value = self.text(node, key, what)
                if value is not None:
                    values[key] = value
            else:
                listed = self.text_list(node, key, what)
                if isinstance(node, SequenceNode):
                    values[key] = listed
        return values
