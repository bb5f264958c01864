"""A Plan written as the CSV files `neo4j-admin database import` reads, typed as the online
load stores each value.

The online load sends Python values through the driver (`SET n = row.props`); the files carry
the same values with the import tool's types: str -> string, int -> long, float -> double,
bool -> boolean, date -> date, datetime -> datetime/localdatetime, lists -> arrays of one
type. A property that is None (or an absent key) is not set, as `SET n = {k: null}` sets
nothing. Every file holds rows of one property signature (the same keys, of the same types),
so no column is ever empty and an empty string stays an empty string.

What the online load would make of a plan is what these files say:
- a reference node (`Plan.refs`: registry organisations and countries) is created with the
  smallest of its spellings (`loader.writer.one_row_per_id`), and a node of the plan with the
  same id replaces its properties, as its MERGE ... SET does;
- a node or an edge planned twice is written once, with the properties of the last row;
- an edge whose end is not among the planned nodes is refused: in an empty database the online
  load's MATCH would find no node either, and a plan never holds such an edge.

An empty list is left out of the files (an empty array field reads as no property) and set
after the import (`ImportFiles.empty_node_lists`, `empty_edge_lists`). A value the files cannot
carry exactly (a list of mixed types, an empty list element, the array delimiter inside a
value) is refused with its label, id and property before anything stops.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from loader import models as m
from loader.plan import EDGE_TYPES, Plan
from loader.writer import one_row_per_id

ARRAY_DELIMITER = "\x1f"  # the ASCII unit separator: no text of the datasets holds it
ARRAY_DELIMITER_ARG = "U+001F"  # how the import tool is told
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # a property name a CSV header can carry

Signature = tuple[tuple[str, str], ...]  # (property, import type), sorted by property


class BulkUnsupported(Exception):
    """A value the import files cannot carry exactly; nothing was changed."""


@dataclass
class CsvGroup:
    """One header and data file pair: `--nodes=Labels=header,data` or `--relationships=...`."""

    header: Path
    data: Path
    rows: int = 0
    multiline: bool = False  # a value holds a line break (the tool must be told)


@dataclass
class ImportFiles:
    """The files of one import, with the rows each label and type got."""

    nodes: dict[str, list[CsvGroup]] = field(default_factory=dict)  # "Actor:Entity" -> groups
    relationships: dict[str, list[CsvGroup]] = field(default_factory=dict)  # type -> groups
    node_rows: dict[str, int] = field(default_factory=dict)  # label -> nodes
    relationship_rows: dict[str, int] = field(default_factory=dict)  # type -> relationships
    # Empty lists, set after the import (an empty array field reads as no property):
    # label -> [{"id", "props"}], (type, from label, to label) -> [{"from", "to", "props"}]
    empty_node_lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    empty_edge_lists: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def rows(self) -> int:
        return sum(self.node_rows.values()) + sum(self.relationship_rows.values())

    def arguments(self) -> list[str]:
        """The import tool's --nodes, --relationships and --multiline-fields arguments."""
        args = [f"--array-delimiter={ARRAY_DELIMITER_ARG}"]
        multiline: list[str] = []
        for flag, groups_of in (("--nodes", self.nodes), ("--relationships", self.relationships)):
            for name, groups in groups_of.items():
                for group in groups:
                    args.append(f"{flag}={name}={group.header},{group.data}")
                    if group.multiline:
                        multiline.append(str(group.data))
        if multiline:
            args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
        return args


def _kind(value: Any) -> str | None:
    """The import type of one scalar (None: not one the files carry)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, dt.date):
        return "date"
    return None


def _type_of(value: Any, where: Callable[[], str]) -> str:
    if isinstance(value, list | tuple):
        kinds = {_kind(v) for v in value}
        if len(kinds) != 1 or None in kinds:
            raise BulkUnsupported(f"{where()}: a list that mixes types; load it without --bulk")
        return f"{kinds.pop()}[]"
    kind = _kind(value)
    if kind is None:
        raise BulkUnsupported(f"{where()}: a {type(value).__name__}; load it without --bulk")
    return kind


def _scalar_text(value: Any, where: Callable[[], str]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):  # dates and datetimes
        return value.isoformat()
    return str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _field(value: Any, kind: str, where: Callable[[], str]) -> str:
    """One CSV field: strings (and string arrays) quoted, quotes doubled; RFC 4180."""
    if kind.endswith("[]"):
        parts = [_scalar_text(v, where) for v in value]
        if any(ARRAY_DELIMITER in p or p == "" for p in parts):
            raise BulkUnsupported(
                f"{where()}: a list element that is empty or holds U+001F; load it without --bulk"
            )
        joined = ARRAY_DELIMITER.join(parts)
        return _quoted(joined) if kind == "string[]" else joined
    text = _scalar_text(value, where)
    return _quoted(text) if kind == "string" else text


def _signature(props: dict[str, Any], where: Callable[[str], str]) -> Signature:
    sig = []
    for key, value in props.items():
        if value is None:
            continue
        if not _KEY.match(key):
            raise BulkUnsupported(f"{where(key)}: a property name a CSV header cannot carry")
        sig.append((key, _type_of(value, lambda key=key: where(key))))  # type: ignore[misc]
    return tuple(sorted(sig))


class _Writer:
    """The files of one label or type: one pair per signature, opened when first needed."""

    def __init__(self, directory: Path, stem: str, id_columns: list[str]) -> None:
        self._dir = directory
        self._stem = stem
        self._id_columns = id_columns
        self._open: dict[Signature, tuple[CsvGroup, IO[str]]] = {}

    def write(self, ids: list[str], sig: Signature, props: dict[str, Any], where: Any) -> None:
        entry = self._open.get(sig)
        if entry is None:
            n = len(self._open) + 1
            group = CsvGroup(
                self._dir / f"{self._stem}-{n:03d}-header.csv",
                self._dir / f"{self._stem}-{n:03d}.csv",
            )
            header = [*self._id_columns, *(f"{key}:{kind}" for key, kind in sig)]
            group.header.write_text(",".join(header) + "\n", encoding="utf-8")
            entry = (group, group.data.open("w", encoding="utf-8", newline=""))
            self._open[sig] = entry
        group, fh = entry
        fields = [_quoted(i) for i in ids]
        for key, kind in sig:
            text = _field(props[key], kind, lambda key=key: where(key))  # type: ignore[misc]
            if kind.startswith("string") and ("\n" in text or "\r" in text):
                group.multiline = True
            fields.append(text)
        fh.write(",".join(fields) + "\n")
        group.rows += 1

    def close(self) -> list[CsvGroup]:
        for _, fh in self._open.values():
            fh.close()
        return [group for group, _ in self._open.values()]


def _repeated(keys: Iterable[int]) -> set[int]:
    """Hash values met more than once: the candidates for a row planned twice."""
    seen: set[int] = set()
    out: set[int] = set()
    for h in keys:
        (out if h in seen else seen).add(h)
    return out


def _last_rows(
    rows: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], Any]
) -> Iterator[dict[str, Any]]:
    """The rows, each key once, with the last row of a key (as MERGE ... SET leaves it).

    Two passes over a spooled list: hashes first (8 bytes a row), exact keys only for the
    hashes met twice, so memory follows the duplicates, not the rows."""
    hashes = array("q", (hash(key(row)) for row in rows))
    suspects = _repeated(hashes)
    last: dict[Any, int] = {}
    if suspects:
        for i, row in enumerate(rows):
            if hashes[i] in suspects:
                last[key(row)] = i
    for i, row in enumerate(rows):
        if hashes[i] not in suspects or last[key(row)] == i:
            yield row


def _without_empty_lists(
    props: dict[str, Any], empties: list[dict[str, Any]], row: dict[str, Any]
) -> dict[str, Any]:
    """`props` less its empty lists, which go to `empties` as `row` + their props."""
    empty: dict[str, Any] = {
        k: [] for k, v in props.items() if isinstance(v, list | tuple) and not v
    }
    if not empty:
        return props
    empties.append({**row, "props": empty})
    return {k: v for k, v in props.items() if k not in empty}


def _node_labels(label: str) -> str:
    if label not in m.NODE_LABELS:
        raise BulkUnsupported(f"{label}: not a node label of the graph")
    return f"{label}:Entity" if label in m.ENTITY_LABELS else label


def write_import_files(
    plan: Plan, directory: Path, progress: Callable[[int], None] | None = None
) -> ImportFiles:
    """Write `plan` as import files into `directory` (which must exist and be empty).

    Args:
        plan: a validated plan (`loader.load` reads and plans it, as for the online load).
        directory: where the header and data files go.
        progress: called with the number of rows after each 10,000 written.

    Raises:
        BulkUnsupported: a value the files cannot carry exactly.

    Example:
        files = write_import_files(plan, Path("/tmp/import"))  # doctest: +SKIP
    """
    files = ImportFiles()
    done = 0

    def advance(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress and done % 10_000 == 0:
            progress(10_000)

    node_ids: dict[str, set[int]] = {}  # label -> hashes of its ids, for the edge check
    for label in sorted({*plan.nodes, *plan.refs}):
        labels = _node_labels(label)
        own = plan.nodes.get(label, [])
        owned = {hash(row["id"]) for row in own}
        refs = [r for r in one_row_per_id(plan.refs.get(label, [])) if hash(r["id"]) not in owned]
        writer = _Writer(directory, f"nodes-{label}", [f"id:ID({label})"])
        empty_nodes = files.empty_node_lists.setdefault(label, [])
        count = 0
        for row in [*refs, *_last_rows(own, lambda r: r["id"])]:
            rid = row["id"]

            def where(key: str, label: str = label, rid: str = rid) -> str:
                return f"{label} {rid!r}, property {key!r}"

            props = {k: v for k, v in row["props"].items() if k != "id"}
            props = _without_empty_lists(props, empty_nodes, {"id": rid})
            writer.write([rid], _signature(props, where), props, where)
            count += 1
            advance()
        for _ in range(len(plan.refs.get(label, [])) - len(refs)):
            advance()  # references the plan's own node of the same id replaced
        node_ids[label] = owned | {hash(r["id"]) for r in refs}
        files.nodes[labels] = writer.close()
        files.node_rows[label] = count
    for shape in sorted(plan.edges):
        etype, frm, to = shape
        if etype not in EDGE_TYPES:
            raise BulkUnsupported(f"{etype}: not a relationship type of the graph")
        _node_labels(frm), _node_labels(to)
        writer = _Writer(
            directory, f"rels-{etype}-{frm}-{to}", [f":START_ID({frm})", f":END_ID({to})"]
        )
        count = 0
        empty_edges = files.empty_edge_lists.setdefault(shape, [])
        for row in _last_rows(plan.edges[shape], lambda r: (r["from"], r["to"])):
            a, b = row["from"], row["to"]

            def where_edge(key: str, a: str = a, b: str = b, etype: str = etype) -> str:
                return f"{etype} from {a!r} to {b!r}, property {key!r}"

            for end, label in ((a, frm), (b, to)):
                if hash(end) not in node_ids.get(label, set()):
                    raise BulkUnsupported(
                        f"{etype} from {a!r} to {b!r}: no {label} {end!r} in the input"
                    )
            props = _without_empty_lists(row["props"], empty_edges, {"from": a, "to": b})
            writer.write([a, b], _signature(props, where_edge), props, where_edge)
            count += 1
            advance()
        files.relationships.setdefault(etype, []).extend(writer.close())
        files.relationship_rows[etype] = files.relationship_rows.get(etype, 0) + count
    if progress and done % 10_000:
        progress(done % 10_000)
    return files
