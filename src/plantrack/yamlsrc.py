"""The only module that imports yaml: compose a plan's text into nodes, refusing what no plan needs.

We compose (never `safe_load`) so every value keeps its literal text (`1.10`, `no`) and its
position. Marks count characters, so all positions are indices into the decoded text with any
byte-order mark removed (see source.py, which reads and decodes the file).
"""

from __future__ import annotations

import re

import yaml

from plantrack.errors import PlanInvalid, Problem

# Re-exported: the reading half lives in source.py so that cache hits never import yaml.
from plantrack.source import (
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
            hint = "; if a value contains ': ', put it in quotes"
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


def compose(source: Source) -> Node | None:
    """The root node of the plan, or PlanInvalid with located problems. None for an empty file."""
    problems = _indentation_tabs(source)
    try:
        # Runaway nesting needs no scan of its own: libyaml stops at 1,000 levels and the pure
        # loader's RecursionError is caught below, both in well under a second.
        if _SUSPECT_TOKEN.search(source.text):
            problems.extend(_structure_problems(source))
        if problems:
            raise PlanInvalid(tuple(problems))
        return yaml.compose(source.text, Loader=_loader)
    except PlanInvalid:
        raise
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        problems.append(_syntax_problem(source, exc))
        raise PlanInvalid(tuple(problems)) from None


__all__ = [
    "MAX_PLAN_BYTES",
    "UTF8_BOM",
    "MappingNode",
    "Node",
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
