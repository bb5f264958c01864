"""YAML text -> plain Python data, built from the parser's events with every danger bounded.

PyYAML's composer and constructor recurse once per nesting level (a file nested 100,000 deep
overflowed libyaml's C stack: a segfault; 1,000 deep raised RecursionError) and expand aliases
(a "billion laughs" file ran for minutes). This builder consumes libyaml's event stream (the
parser itself keeps an explicit stack) with a loop of its own, so nesting costs no recursion,
and refuses at once:

- nesting deeper than MAX_DEPTH (a seed record is at most 5 levels deep);
- anchors and aliases (`&name`, `*name`): the seed format never needs them, and refusing them
  rules out alias bombs and recursive aliases by construction;
- explicit tags other than the plain ones (`!!python/object`, `!custom`, ...);
- a mapping key that is not a plain value, and more than one document.

It also reports, per value, without stopping: a key that appears twice in one mapping,
integers outside Neo4j's 64-bit range, and NaN or infinite numbers. Every value remembers its
path (section, index, field...) so the caller can name the record and field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 12  # file > section > record > field > list item > ...: seed records need 5
INT_RANGE = (-(2**63), 2**63 - 1)  # what Neo4j stores as an integer
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)

# libyaml's parser (C) when PyYAML was built with it: the same events and marks, ~10x faster.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Events and scalar resolution only; dates stay text (our own parser reports bad ones)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Path_ = tuple[str | int, ...]  # (section, index, field, ...) from the top of the document


class Refused(Exception):
    """The file cannot be read safely; parsing stopped at `line` (1-based, or None)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class ValueProblem:
    """A problem with one value; parsing went on."""

    path: Path_
    message: str
    line: int


@dataclass
class Document:
    """The data, the start line of every container and the line of every mapping key."""

    data: Any = None
    lines: dict[int, int] = field(default_factory=dict)  # id(container) -> line
    key_lines: dict[int, list[tuple[Any, int]]] = field(default_factory=dict)  # id -> (key, line)
    item_lines: dict[int, list[int]] = field(default_factory=dict)  # id(list) -> item lines
    problems: list[ValueProblem] = field(default_factory=list)

    def line_of(self, container: Any, default: int = 0) -> int:
        return self.lines.get(id(container), default)

    def keys_of(self, mapping: Any) -> list[tuple[Any, int]]:
        """(key, line) of every key of a mapping, in order, duplicates included."""
        return self.key_lines.get(id(mapping), [])


@dataclass
class _Open:
    """A container being built, and for a mapping the key waiting for its value."""

    value: Any
    path: Path_
    key: Any = None
    has_key: bool = False


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 0


class _Builder:
    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.doc = Document()
        self.stack: list[_Open] = []

    def _scalar(self, event: yaml.ScalarEvent, path: Path_) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        elif tag not in _PLAIN_TAGS:
            raise Refused(
                f"the tag {tag!r} is not allowed: seed files hold plain data", _line(event)
            )
        node = yaml.ScalarNode(tag, event.value, style=event.style)  # marks: only for errors
        try:
            value = self.loader.yaml_constructors[tag](self.loader, node)
        except (yaml.YAMLError, ValueError) as exc:
            raise Refused(f"not valid YAML: {exc}", _line(event)) from None
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and not INT_RANGE[0] <= value <= INT_RANGE[1]:
            self.doc.problems.append(
                ValueProblem(path, "integer too large: at most 2^63-1 in magnitude", _line(event))
            )
        elif isinstance(value, float) and not math.isfinite(value):
            self.doc.problems.append(
                ValueProblem(
                    path, f"{event.value!r} is not a number: use a finite value", _line(event)
                )
            )
        return value

    def _path(self) -> Path_:
        """The path of the value about to be added to the innermost container."""
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        return (*top.path, top.key if isinstance(top.key, (str, int)) else str(top.key))

    def _add(self, value: Any, line: int) -> None:
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
            self.doc.item_lines.setdefault(id(top.value), []).append(line)
        elif not top.has_key:
            top.key, top.has_key = value, True
            self.doc.key_lines.setdefault(id(top.value), []).append((value, line))
        else:
            if top.key in top.value:
                self.doc.problems.append(
                    ValueProblem(
                        (*top.path, str(top.key)), "key appears twice in the same mapping", line
                    )
                )
            else:  # the first one stays: the file is refused anyway
                top.value[top.key] = value
            top.has_key = False

    def _key_line(self) -> int:
        """The line of the key whose value is being added (for duplicate keys)."""
        top = self.stack[-1]
        return self.doc.keys_of(top.value)[-1][1]

    def feed(self, event: yaml.Event) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            raise Refused(
                f"YAML anchors (&{anchor}) are not allowed in seed files: write each value out",
                _line(event),
            )
        if isinstance(event, yaml.AliasEvent):
            raise Refused(f"YAML aliases (*{anchor}) are not allowed in seed files", _line(event))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag not in (None, "!") and event.tag not in _PLAIN_TAGS:
                raise Refused(
                    f"the tag {event.tag!r} is not allowed: seed files hold plain data",
                    _line(event),
                )
            if len(self.stack) >= MAX_DEPTH:
                raise Refused(
                    f"nested more than {MAX_DEPTH} levels deep; a seed record needs at most 5",
                    _line(event),
                )
            if self.stack and isinstance(self.stack[-1].value, dict) and not self.stack[-1].has_key:
                raise Refused(
                    "a mapping key must be a plain value, not a list or mapping", _line(event)
                )
            path = self._path() if self.stack else ()
            value: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.doc.lines[id(value)] = _line(event)
            self.stack.append(_Open(value, path))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            done = self.stack.pop()
            if self.stack and self.stack[-1].has_key:
                line = self._key_line()
            else:
                line = self.doc.line_of(done.value)
            self._add(done.value, line)
        elif isinstance(event, yaml.ScalarEvent):
            path = self._path() if self.stack else ()
            line = _line(event)
            if self.stack and self.stack[-1].has_key:
                line = self._key_line()
            self._add(self._scalar(event, path), line)


def parse(text: str) -> Document:
    """Build the one document of `text`, bounded as the module doc says.

    Raises:
        Refused: the file is not valid YAML, or is refused as a whole (with the line).
    """
    loader = _Loader(text)
    builder = _Builder(loader)
    documents = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise Refused("more than one YAML document (---) in one file", _line(event))
            elif not isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                builder.feed(event)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        raise Refused(f"not valid YAML: {reason}", mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()
    return builder.doc
