"""Driver values as plain Python, and values as the text a person reads.

One converter for each direction, used by the runner, the loader, the exporters, the CLI and
the UI: `to_plain` (JSON-ready), `to_native` (Python dates, to compare with planned rows),
`partial_date_text` (a date no more precise than it is known), `period_bounds` (the days such a
date covers) and `cell_text` (one table cell).

Dates are stored as a Neo4j DATE (the first day of the period) with `<field>_precision` ("year",
"month"; absent or "day": a day). The catalogue queries return them already written as precisely
as known ("2021", "2021-03", "2021-03-02": ISO 8601 reduced precision); `to_plain` does the same
for nodes, relationships and maps that carry the precision beside the date (the console, paths).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime


def _labels(node: Node) -> list[str]:
    return sorted(node.labels, key=lambda label: (label == "Entity", label))


def to_plain(value: Any) -> Any:
    """A driver value as plain, JSON-ready Python.

    Nodes become `{"_id", "_labels", **props}`, relationships `{"_id", "_type", "_start",
    "_end", **props}` (ids are element ids), paths `{"nodes": [...], "relationships": [...]}`,
    temporal values ISO strings; a date with `<name>_precision` beside it ("year", "month")
    as precisely as known ("2021", "2021-03").
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Node):
        props = _dates_as_known({k: to_plain(v) for k, v in value.items()})
        return {"_id": value.element_id, "_labels": _labels(value), **props}
    if isinstance(value, Relationship):
        props = _dates_as_known({k: to_plain(v) for k, v in value.items()})
        start, end = value.start_node, value.end_node
        return {
            "_id": value.element_id,
            "_type": value.type,
            "_start": start.element_id if start is not None else None,
            "_end": end.element_id if end is not None else None,
            **props,
        }
    if isinstance(value, Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return _dates_as_known({str(k): to_plain(v) for k, v in value.items()})
    if isinstance(value, list | tuple | set):
        return [to_plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return str(value.iso_format())
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    return str(value)


def to_native(value: Any) -> Any:
    """Driver dates and date-times as Python's (lists too); anything else unchanged."""
    if isinstance(value, Date | DateTime):
        return value.to_native()
    if isinstance(value, list):
        return [to_native(v) for v in value]
    return value


def weight(value: Any, budget: int) -> int:
    """About how many bytes `value` holds (strings by length, numbers 8, containers their items),
    counted only until `budget` is passed: a 2-million-element list costs its first items only.
    """
    total, stack = 0, [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, str | bytes | bytearray):
            total += len(item) + 8
        elif isinstance(item, list | tuple):
            total += 8
            stack.extend(item)
        elif isinstance(item, dict):
            total += 8
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, Node | Relationship):
            total += 64
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, Path):
            stack.extend(item.nodes)
            stack.extend(item.relationships)
        else:  # numbers, booleans, null, temporal and spatial values
            total += 8
    return total


def confidence_text(label: Any, value: Any, scale: Any = None) -> str:
    """A claim's confidence as one line of plain text, the same on every page and table: the
    claimant's own wording first, then its scale, then the normalised 0-100 number.

    Example:
        confidence_text("High", 85, "none-low-med-high")  # '“High” (none-low-med-high) → 85/100'
    """
    number = "no number" if value is None else f"{value}/100"
    wording = f"“{label}”" if label else "no wording"
    return f"{wording} ({scale}) → {number}" if scale else f"{wording} → {number}"


def partial_date_text(value: Any, precision: str | None = None) -> str:
    """A stored date as known: "2021", "2021-03" or "2021-03-02" (never a made-up day).

    `value` is a date, a driver date or an ISO string; `precision` is "year", "month" or
    "day" (None: day). Empty values give "".
    """
    if value is None or value == "":
        return ""
    text = to_plain(value) if not isinstance(value, str) else value
    text = str(text)[:10]
    if precision == "year":
        return text[:4]
    if precision == "month":
        return text[:7]
    return text


def _dates_as_known(props: dict[str, Any]) -> dict[str, Any]:
    """Properties with every date that has a `<name>_precision` beside it as precisely as known."""
    for key, precision in list(props.items()):
        field = key.removesuffix("_precision")
        if field != key and precision in ("year", "month") and isinstance(props.get(field), str):
            props[field] = partial_date_text(props[field], precision)
    return props


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def period_bounds(value: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date written as precisely as known covers: "2021" is
    2021-01-01 to 2021-12-31, "2021-03" is March 2021, "2021-03-02" that day alone. None for an
    empty or unreadable value.

    Example:
        period_bounds("2021-03") == (dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value, value
    match = _PARTIAL.match(str(to_plain(value) or "").strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            first = last = dt.date(int(year), int(month), int(day))
        elif month:
            first = dt.date(int(year), int(month), 1)
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        else:
            first, last = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    except ValueError:
        return None
    return first, last


def period_order(value: Any, other: Any) -> str:
    """Whether a date as precisely as known comes "earlier" or "later" than another, by their
    periods (`period_bounds`); "same period" when they overlap (2021-03 and 2021-03-02: the
    order is not known), "" when either is missing.

    Example:
        period_order("2021-03", "2021-07-19") == "earlier"
    """
    mine, theirs = period_bounds(value), period_bounds(other)
    if mine is None or theirs is None:
        return ""
    if mine[1] < theirs[0]:
        return "earlier"
    if mine[0] > theirs[1]:
        return "later"
    return "same period"


def period_sort_key(value: Any) -> tuple[dt.date, int]:
    """A key that sorts dates as precisely as known by their periods: a month or a year
    after the days it holds (by its last day, as the as-of rule counts it known; a longer
    period after a shorter one ending the same day); undated last."""
    bounds = period_bounds(value)
    return (bounds[1], (bounds[1] - bounds[0]).days) if bounds else (dt.date.max, 0)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return to_plain(value)


def _has_value(value: Any) -> bool:
    """Whether a field is worth a "key: value" in a cell: not None, "", [] or {}."""
    return value is not None and value != "" and value != [] and value != {}


def cell_text(value: Any) -> str:
    """One value as a table cell, for the CLI and the UI alike.

    Nodes read "name (Label)", relationships ":TYPE", paths their nodes joined by " - ", lists
    of plain values "a, b", lists of maps one "• key: value; …" line per item, other maps JSON.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, dict):
        if "_labels" in value:
            labels = [label for label in value["_labels"] if label != "Entity"]
            label = labels[0] if labels else "node"
            shown = value.get("name") or value.get("title") or value.get("id") or value.get("_id")
            return f"{shown} ({label})"
        if "_type" in value:
            return f":{value['_type']}"
        if set(value) == {"nodes", "relationships"}:
            return " - ".join(cell_text(n) for n in value["nodes"])
    if isinstance(value, list) and all(
        isinstance(v, str | int | float | bool) or v is None for v in value
    ):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, list) and all(
        isinstance(v, dict) and ("_labels" in v or "_type" in v) for v in value
    ):
        return ", ".join(cell_text(v) for v in value)  # nodes and relationships, briefly
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        # e.g. sources or denials: one line each, fields that have a value (an empty list,
        # a source with no relays, has none)
        return "\n".join(
            "• " + "; ".join(f"{k}: {cell_text(v)}" for k, v in item.items() if _has_value(v))
            for item in value
        )
    return json.dumps(_jsonable(value), ensure_ascii=False, default=str)
