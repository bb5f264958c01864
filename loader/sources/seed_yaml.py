"""Read seed YAML files into raw records that remember where they came from.

Parsing is pure: no database, no pydantic, and bounded (`loader.sources.safe_yaml`: no
recursion, no aliases, no tags); line numbers come from the parser's event marks so an error can
point at the exact line of the record or field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loader.problems import Problem
from loader.sources import safe_yaml
from loader.sources.files import input_files, read_capped
from loader.sources.safe_yaml import Path_

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 64 * 2**20  # one file is parsed whole; big corpora come as many files


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


def seed_files(paths: list[Path]) -> list[Path]:
    """Every YAML file under `paths` (regular files only: see `loader.sources.files`).

    Raises:
        ValidationFailed: there is none, or a path is a FIFO, a device, a link loop, ...
    """
    return input_files(paths, YAML_SUFFIXES, ".yaml or .yml files")


def _where(path: Path_, data: Any) -> tuple[str, str]:
    """(record, field) of a value's path: ('actors[3] (id: x)', 'aliases[2]')."""
    if not path:
        return "-", "-"
    section = str(path[0])
    if len(path) < 2 or not isinstance(path[1], int):
        return section, ".".join(map(str, path[1:])) or "-"
    items = data.get(section) if isinstance(data, dict) else None
    item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
    rid = item.get("id") if isinstance(item, dict) else None
    record = f"{section}[{path[1]}]" + (f" (id: {rid})" if isinstance(rid, str) and rid else "")
    fld = ""
    for part in path[2:]:
        fld += f"[{part}]" if isinstance(part, int) else (f".{part}" if fld else str(part))
    return record, fld or "-"


def read_yaml_file(path: Path, known_sections: set[str]) -> tuple[list[RawRecord], list[Problem]]:
    """Parse one file; return its records and any problems (never raises on bad input)."""
    name = str(path)
    try:
        raw = read_capped(path, MAX_FILE_BYTES)
    except OSError as exc:
        return [], [Problem(name, "-", "-", f"cannot read file: {exc.strerror}")]
    except ValueError as exc:
        return [], [Problem(name, "-", "-", str(exc))]
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
    del raw
    if not text.strip():
        return [], [Problem(name, "-", "-", "file is empty; expected sections such as 'actors:'")]
    try:
        doc = safe_yaml.parse(text)
    except safe_yaml.Refused as exc:
        return [], [Problem(name, "-", "-", exc.message, exc.line)]
    data = doc.data
    problems = [Problem(name, *_where(p.path, data), p.message, p.line) for p in doc.problems]
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        return [], [
            *problems,
            Problem(name, "-", "-", f"top level must be a mapping of sections, got {kind}"),
        ]

    records: list[RawRecord] = []
    seen: set[Any] = set()
    for section, line in doc.keys_of(data):
        if section in seen:  # reported by the parser ("key appears twice")
            continue
        seen.add(section)
        if section not in known_sections:
            problems.append(
                Problem(
                    name,
                    str(section),
                    "-",
                    f"unknown section {section!r}; known: {', '.join(sorted(known_sections))}",
                    line,
                )
            )
            continue
        items = data[section]
        if items is None:
            continue  # an empty section is allowed
        if not isinstance(items, list):
            problems.append(
                Problem(name, section, "-", "a section must be a list of records", line)
            )
            continue
        for index, item in enumerate(items):
            item_line = doc.item_lines.get(id(items), [])[index]
            field_lines = (
                {str(key): key_line for key, key_line in doc.keys_of(item)}
                if isinstance(item, dict)
                else {}
            )
            records.append(RawRecord(name, section, index, item, item_line, field_lines))
    return records, problems
