"""The only module that imports yaml: compose a plan's text into nodes, refusing what no plan needs.

We compose (never `safe_load`) so every value keeps its literal text (`1.10`, `no`) and its
position. Marks count characters, so all positions are indices into the decoded text with any
byte-order mark removed (see source.py, which reads and decodes the file). A plan is composed
one recommendation at a time (PlanStream), so a large plan's whole node tree is never in memory.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import Any

import yaml
import yaml.composer
import yaml.resolver

from plantrack.errors import PlanInvalid, Problem

# Re-exported: the reading half lives in source.py so that cache hits never import yaml.
from plantrack.plan.source import (
    MAX_PLAN_BYTES,
    UTF8_BOM,
    Source,
    decode,
    digest_bytes,
    read_bytes,
    read_source,
)

# Deeper than any plan needs (root → recommendations → actions → a list of leads is 6).
MAX_DEPTH = 32

Node = yaml.Node
MappingNode = yaml.MappingNode
SequenceNode = yaml.SequenceNode
ScalarNode = yaml.ScalarNode

_LOADERS: dict[str, type] = {"pure": yaml.SafeLoader}
if getattr(yaml, "__with_libyaml__", False):
    _LOADERS["c"] = yaml.CSafeLoader
_loader: type = _LOADERS.get("c", yaml.SafeLoader)


_DEFAULT_LOADER = _loader


def loader_override() -> str | None:
    """The loader chosen by use_loader, or None while it is the default (the cache key uses
    this: a cache hit must not need to import yaml to learn which loader is the default)."""
    return None if _loader is _DEFAULT_LOADER else loader_name()


def use_loader(name: str) -> None:
    """Choose PyYAML's 'c' (libyaml) or 'pure' loader; the tests run under both."""
    global _loader
    _loader = _LOADERS[name]


def available_loaders() -> tuple[str, ...]:
    return tuple(_LOADERS)


def loader_name() -> str:
    return next(name for name, cls in _LOADERS.items() if cls is _loader)


# Anchors (&a), aliases (*a) and tags (!x) as tokens: a cheap screen before the exact check.
_SUSPECT_TOKEN = re.compile(r"(?:^|[\s\[{,:-])[&*!]\S", re.MULTILINE)
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def _indentation_tabs(source: Source) -> list[Problem]:
    if "\t" not in source.text:
        return []
    return [
        source.problem(m.end() - 1, "a tab is used for indentation; YAML needs spaces: "
                       "replace the tab with spaces", "tab")
        for m in _TAB_INDENT.finditer(source.text)
    ]


# git's conflict markers: seven of one character at the start of a line; '<', '>' and diff3's
# '|' are followed by a space and a label (or nothing), '=' stands alone.
_CONFLICT_MARKER = re.compile(r"^(?:([<>|])\1{6}(?:[ \t][^\n]*)?|={7}[ \t]*)\r?$", re.MULTILINE)
_OPENS, _CLOSES = "<" * 7, ">" * 7


def _merge_conflicts(source: Source) -> list[Problem]:
    """One problem per unresolved conflict, naming the line of each of its markers.

    Checked on the text before YAML sees it: inside a quoted multi-line value the markers are
    valid YAML (the plan would silently carry both sides), and elsewhere YAML reports a puzzling
    syntax error on the line after a marker. A line of seven '=' alone is a marker only in a
    file that has a '<<<<<<<' or '>>>>>>>' one: by itself it may be a note's underline.
    """
    text = source.text
    if _OPENS not in text and _CLOSES not in text:
        return []
    conflicts: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] | None = None
    for match in _CONFLICT_MARKER.finditer(text):
        marker = match.group()[:7]
        if current is None or marker == _OPENS:
            current = []
            conflicts.append(current)
        current.append((match.start(), marker))
        if marker == _CLOSES:
            current = None
    problems = []
    for markers in conflicts:
        if all(marker not in (_OPENS, _CLOSES) for _, marker in markers):
            continue
        lines = ", ".join(f"{source.line_col(index)[0]} ({marker})" for index, marker in markers)
        problems.append(source.problem(
            markers[0][0], f"unresolved git merge conflict: markers at lines {lines}; finish "
            "the git merge (keep the lines you want, delete the marker lines, then 'git add' "
            "the plan and commit)", "merge-conflict"))
    return problems


def _structure_problems(source: Source) -> list[Problem]:
    """Anchors, aliases, explicit tags and runaway nesting, found from the event stream.

    None of these has a use in a plan, and aliases are how 'billion laughs' files explode when
    walked, so they are refused before anything walks the nodes.
    """
    problems: list[Problem] = []
    depth = 0
    for event in yaml.parse(source.text, Loader=_loader):
        index = event.start_mark.index
        if isinstance(event, yaml.AliasEvent):
            problems.append(source.problem(
                index, f"alias *{event.anchor} is not allowed in a plan; write the value out "
                "in full", "alias"))
            continue
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            problems.append(source.problem(
                index, f"anchor &{anchor} is not allowed in a plan; remove it", "anchor"))
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", None)
        explicit_tag = tag is not None and tag != "!" and not (
            (isinstance(implicit, tuple) and any(implicit))
            or implicit is True
        )
        if explicit_tag:
            problems.append(source.problem(
                index, f"tag {tag} is not allowed in a plan; remove it", "tag"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(source.problem(
                    index, f"the file nests more than {MAX_DEPTH} levels deep; a plan needs "
                    "about 6", "too-deep"))
                break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return problems


def _too_deep_key_hint(text: str, index: int) -> str | None:
    """The hint when the ': ' YAML refused is the first on a line indented deeper than the line
    above: a key one space too far is read as the end of the value above, and PyYAML's words
    ("mapping values are not allowed") would send the person looking for a colon to quote."""
    start = text.rfind("\n", 0, index) + 1
    before = text[start:index]
    if ":" in before or not before.strip() or before.lstrip().startswith(("-", "#")):
        return None
    indent = len(before) - len(before.lstrip(" "))
    line = text.count("\n", 0, start) + 1
    above_end = start - 1
    above = line - 1
    while above_end > 0:
        above_start = text.rfind("\n", 0, above_end) + 1
        above_text = text[above_start:above_end].rstrip("\r")
        stripped = above_text.strip()
        if stripped and not stripped.startswith("#"):
            above_indent = len(above_text) - len(above_text.lstrip(" "))
            if above_text.lstrip(" ").startswith("- "):
                above_indent += 2  # the keys of a list item line up after its '- '
            if indent <= above_indent:
                return None
            return (f"; line {line} is indented {indent} spaces, more than line {above} "
                    f"({above_indent}), so YAML reads it as part of line {above}'s value: "
                    f"indent it like line {above}")
        above_end = above_start - 1
        above -= 1
    return None


def _syntax_problem(source: Source, exc: Exception) -> Problem:
    """One clear located message for whatever PyYAML (either loader) raised."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        index = exc.problem_mark.index
        problem = exc.problem or "syntax error"
        context = f" {exc.context}" if exc.context else ""
        if "'\\t'" in problem or "\\t" in problem or "tab" in problem:
            return source.problem(index, "a tab is used where YAML needs spaces: replace it "
                                  "with spaces", "tab")
        if "end of stream" in problem and "quoted scalar" in context and exc.context_mark:
            # Reported where the file ends; the person needs the quote that never closes.
            return source.problem(exc.context_mark.index, "YAML syntax: this quoted value is "
                                  "never closed (the file ends first); add the closing quote",
                                  "syntax")
        hint = ""
        if "mapping values are not allowed" in problem:
            hint = _too_deep_key_hint(source.text, index) or (
                "; if a value contains ': ', put it in quotes")
        elif "could not find expected ':'" in problem or "simple key" in problem:
            hint = "; check for a missing ':' after a key or an unclosed quote"
        elif "did not find expected key" in problem or "expected <block end>" in problem:
            hint = "; check this line's indentation against the lines above"
        return source.problem(index, f"YAML syntax: {problem}{context}{hint}", "syntax")
    if isinstance(exc, yaml.reader.ReaderError):
        return source.problem(exc.position, "the file contains a character that is not "
                              f"allowed in YAML (#x{exc.character:04x}); delete it"
                              if isinstance(exc.character, int) else str(exc), "bad-character")
    if isinstance(exc, RecursionError):
        return source.problem(0, "the file nests far too deep to be a plan", "too-deep")
    return source.problem(0, f"YAML could not be read: {exc}", "syntax")


# What PyYAML raises for a text it cannot read (both loaders), turned into a located problem.
_YAML_FAILURES = (yaml.YAMLError, RecursionError, ValueError)


def _screen(source: Source) -> None:
    """PlanInvalid for merge conflicts, tabs, anchors, aliases, tags and runaway nesting,
    before composing."""
    conflicts = _merge_conflicts(source)
    if conflicts:  # whatever else YAML would say is about the markers: say only that
        raise PlanInvalid(tuple(conflicts))
    problems = _indentation_tabs(source)
    try:
        # Runaway nesting needs no scan of its own: libyaml stops at 1,000 levels and the pure
        # loader's RecursionError is caught by the callers, both in well under a second.
        if _SUSPECT_TOKEN.search(source.text):
            problems.extend(_structure_problems(source))
    except _YAML_FAILURES as exc:
        problems.append(_syntax_problem(source, exc))
    if problems:
        raise PlanInvalid(tuple(problems))


def compose(source: Source) -> Node | None:
    """The root node of the whole text, or PlanInvalid with located problems; None when empty.

    For one-line texts (edit.py) and as the reference the streaming path is tested against:
    a plan is loaded through PlanStream, which never holds a large plan's whole tree.
    """
    _screen(source)
    try:
        return yaml.compose(source.text, Loader=_loader)
    except _YAML_FAILURES as exc:
        raise PlanInvalid((_syntax_problem(source, exc),)) from None


# -- streaming ----------------------------------------------------------------------------
# A 4.4 MB plan's node tree is about 70 MB: two and a half times what its model takes. So a plan is
# composed one recommendation at a time and each is handed on and dropped, with the same
# nodes, marks and errors as yaml.compose gives for the whole text.

PLAN_LIST = "recommendations"


def _compose_node_iteratively(self: _CEventLoader, parent: Node | None, index: object) -> Node:
    """Composer.compose_node over libyaml's events, with the C composer's semantics.

    libyaml only composes whole documents. Composer's own recursion would do as well for
    speed (on a 10,000-action plan this loop, that recursion and libyaml's composer each took
    about 270 ms), but it stops at Python's recursion limit where libyaml allows 1,000 levels,
    and a plan must give the same errors whichever way it is composed. Anchors, aliases and
    tags are refused before composing (_screen) but are still handled as the C composer does.
    """
    get_event = self.get_event
    resolve = self.resolve
    anchors = self.anchors
    scalar_event = yaml.ScalarEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    stack: list[tuple[Node | None, bool, Node | None]] = []
    top: Node | None = None  # the collection being filled, None at the start
    top_is_mapping = False
    key: Node | None = None  # a mapping's key waiting for its value
    node: Node
    while True:
        event = get_event()
        kind = event.__class__
        if kind is scalar_event:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(ScalarNode, event.value, event.implicit)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            if event.anchor is not None:
                _anchor(anchors, event, node)
        elif kind is mapping_start or kind is sequence_start:
            node_class = MappingNode if kind is mapping_start else SequenceNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(node_class, None, event.implicit)
            node = node_class(tag, [], event.start_mark, None, event.flow_style)
            if event.anchor is not None:
                _anchor(anchors, event, node)
            stack.append((top, top_is_mapping, key))
            top, top_is_mapping, key = node, node_class is MappingNode, None
            continue
        elif kind is mapping_end or kind is sequence_end:
            assert top is not None
            node = top
            node.end_mark = event.end_mark
            top, top_is_mapping, key = stack.pop()
        else:  # an alias: nothing else can stand where a node starts
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, "found undefined alias",
                                                  event.start_mark)
            node = anchors[event.anchor]
        if top is None:
            return node
        if not top_is_mapping:
            top.value.append(node)
        elif key is None:
            key = node
        else:
            top.value.append((key, node))
            key = None


def _anchor(anchors: dict[str, Node], event: Any, node: Node) -> None:
    """Note an anchored node, refusing a second use of the name as the C composer does."""
    if event.anchor in anchors:
        raise yaml.composer.ComposerError(
            "found duplicate anchor; first occurrence", anchors[event.anchor].start_mark,
            "second occurrence", event.start_mark)
    anchors[event.anchor] = node


_STREAM_LOADERS: dict[str, type] = {"pure": yaml.SafeLoader}
if "c" in _LOADERS:

    class _CEventLoader(yaml.cyaml.CParser, yaml.composer.Composer, yaml.resolver.Resolver):
        """libyaml's parser (the events CSafeLoader composes from) with Python composing."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        compose_node = _compose_node_iteratively

    _STREAM_LOADERS["c"] = _CEventLoader


class PlanStream:
    """A plan's text composed one recommendation at a time.

    Iterating `recommendations()` yields each item of the root's first 'recommendations' list
    (the one the builder reads) as soon as it is composed, and keeps none of them; after it,
    `root` is the root node as yaml.compose gives it but with that list left empty (None for
    an empty file). While items are yielded, `root` holds the keys composed so far, so the
    builder can read `statuses:` and `fields:` written above the list before its items.
    Any YAML error, wherever it is met, raises PlanInvalid with the one
    problem compose() would report, so the caller must drop whatever it built from the items.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.root: Node | None = None

    def recommendations(self) -> Iterator[Node]:
        _screen(self.source)
        loader = None
        try:
            # The pure loader checks every character here, so this too can raise.
            loader = _STREAM_LOADERS[loader_name()](self.source.text)
            self.root = yield from self._document(loader)
        except _YAML_FAILURES as exc:
            raise PlanInvalid((_syntax_problem(self.source, exc),)) from None
        finally:
            if loader is not None:
                loader.dispose()

    def _document(self, loader: Any) -> Generator[Node, None, Node | None]:
        """Composer.get_single_node, composing a root mapping by hand."""
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            loader.get_event()
            return None
        loader.get_event()  # document start
        if loader.check_event(yaml.MappingStartEvent):
            root = yield from self._root_mapping(loader)
        else:
            root = loader.compose_node(None, None)
        loader.get_event()  # document end
        loader.anchors = {}
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError("expected a single document in the stream",
                                              root.start_mark, "but found another document",
                                              event.start_mark)
        loader.get_event()
        return root

    def _root_mapping(self, loader: Any) -> Generator[Node, None, Node]:
        """Composer.compose_mapping_node for the root, streaming the first plan list."""
        start = loader.get_event()
        tag = start.tag
        if tag is None or tag == "!":
            tag = loader.resolve(MappingNode, None, start.implicit)
        root = self.root = MappingNode(tag, [], start.start_mark, None,
                                       flow_style=start.flow_style)
        if start.anchor is not None:
            loader.anchors[start.anchor] = root
        seen = False
        while not loader.check_event(yaml.MappingEndEvent):
            key = loader.compose_node(root, None)
            first = not seen and isinstance(key, ScalarNode) and key.value == PLAN_LIST
            seen = seen or first
            if (first and loader.check_event(yaml.SequenceStartEvent)
                    and loader.peek_event().anchor is None):  # an anchored one may be aliased
                value = yield from PlanStream._items(loader, root)
            else:
                value = loader.compose_node(root, key)
            root.value.append((key, value))
        root.end_mark = loader.get_event().end_mark
        return root

    @staticmethod
    def _items(loader: Any, root: Node) -> Generator[Node, None, Node]:
        """Composer.compose_sequence_node, yielding each item instead of keeping it."""
        start = loader.get_event()
        tag = start.tag
        if tag is None or tag == "!":
            tag = loader.resolve(SequenceNode, None, start.implicit)
        node = SequenceNode(tag, [], start.start_mark, None, flow_style=start.flow_style)
        index = 0
        while not loader.check_event(yaml.SequenceEndEvent):
            yield loader.compose_node(node, index)
            index += 1
        node.end_mark = loader.get_event().end_mark
        return node


__all__ = [
    "MAX_PLAN_BYTES",
    "UTF8_BOM",
    "MappingNode",
    "Node",
    "PlanStream",
    "ScalarNode",
    "SequenceNode",
    "Source",
    "available_loaders",
    "compose",
    "decode",
    "digest_bytes",
    "loader_name",
    "loader_override",
    "read_bytes",
    "read_source",
    "use_loader",
]
