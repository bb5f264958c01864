"""Read seed YAML files into raw records that remember where they came from.

Parsing is pure: no database, no pydantic. Line numbers come from PyYAML's node marks so an
error can point at the exact line of the record or field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from loader.problems import Problem, ValidationFailed

YAML_SUFFIXES = (".yaml", ".yml")


# libyaml's parser (C) when PyYAML was built with it: the same events and marks, ~10x faster.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader that leaves dates as text: our own parser reports bad ones per field."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class RawRecord:
    file: str
    section: str
    index: int
    data: Any
    line: int
    field_lines: dict[str, int]

    @property
    def label(self) -> str:
        rid = self.data.get("id") if isinstance(self.data, dict) else None
        return f"{self.section}[{self.index}]" + (f" (id: {rid})" if rid else "")


def find_yaml_files(path: Path) -> list[Path]:
    """A directory's YAML files (recursively, sorted) or the file itself."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
    return [path]


def seed_files(paths: list[Path]) -> list[Path]:
    """Every YAML file under `paths`.

    Raises:
        ValidationFailed: there is none.
    """
    files = [f for p in paths for f in find_yaml_files(p)]
    if not files:
        raise ValidationFailed(
            [Problem(", ".join(map(str, paths)), "-", "-", "no .yaml or .yml files found")]
        )
    return files


def _duplicate_keys(node: yaml.Node, file: str) -> Iterator[Problem]:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield Problem(
                        file,
                        "-",
                        str(key.value),
                        "key appears twice in the same mapping",
                        key.start_mark.line + 1,
                    )
                seen.add(key.value)
            yield from _duplicate_keys(value, file)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, file)


def read_yaml_file(path: Path, known_sections: set[str]) -> tuple[list[RawRecord], list[Problem]]:
    """Parse one file; return its records and any problems (never raises on bad input)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [Problem(name, "-", "-", f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [
            Problem(
                name,
                "-",
                "-",
                f"not valid UTF-8 (byte {raw[exc.start]:#04x} at offset "
                f"{exc.start}); save the file as UTF-8",
            )
        ]
    if not text.strip():
        return [], [Problem(name, "-", "-", "file is empty; expected sections such as 'actors:'")]
    loader = _Loader(text)
    try:  # parsed once: the node tree gives the line numbers, the data is built from it
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        return [], [Problem(name, "-", "-", f"not valid YAML: {reason}", line)]
    finally:
        loader.dispose()
    problems = list(_duplicate_keys(root, name)) if root is not None else []
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        kind = type(data).__name__ if data is not None else "nothing"
        return [], [
            *problems,
            Problem(name, "-", "-", f"top level must be a mapping of sections, got {kind}"),
        ]

    records: list[RawRecord] = []
    for key_node, value_node in root.value:
        section = key_node.value
        line = key_node.start_mark.line + 1
        if section not in known_sections:
            problems.append(
                Problem(
                    name,
                    section,
                    "-",
                    f"unknown section {section!r}; known: {', '.join(sorted(known_sections))}",
                    line,
                )
            )
            continue
        items = data.get(section)
        if items is None:
            continue  # an empty section is allowed
        if not isinstance(items, list) or not isinstance(value_node, yaml.SequenceNode):
            problems.append(
                Problem(name, section, "-", "a section must be a list of records", line)
            )
            continue
        for index, (item, item_node) in enumerate(zip(items, value_node.value, strict=True)):
            field_lines: dict[str, int] = {}
            if isinstance(item_node, yaml.MappingNode):
                for fkey, _ in item_node.value:
                    field_lines[str(fkey.value)] = fkey.start_mark.line + 1
            records.append(
                RawRecord(name, section, index, item, item_node.start_mark.line + 1, field_lines)
            )
    return records, problems
