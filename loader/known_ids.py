"""Look-ups into the graph an import may make before it writes (read-only): which of its ids the
graph already holds, under which label."""

from __future__ import annotations

from attrib import cypher_text, db
from loader.plan import Plan
from loader.problems import Problem
from loader.sources.contract import Lookup

LOOKUP_CHUNK = 20_000  # ids per look-up query


def lookup_known_ids(ids: set[str]) -> dict[str, str]:
    """Labels of already-loaded nodes among `ids` (read-only): references to them resolve, and
    an id the input defines under another label is refused before anything is written."""
    query = cypher_text.read("load/known_ids.cypher")
    ordered = sorted(ids)
    found: dict[str, str] = {}
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        result = db.read(query, {"ids": chunk}, timeout=60)
        found.update((rec["id"], rec["label"]) for rec in result.records)
    return found


def label_clashes(plan: Plan, lookup: Lookup[str], where: str) -> list[Problem]:
    """Planned nodes whose id the graph already holds under another label (any source)."""
    planned: dict[str, str] = {}
    for label, rows in plan.nodes.items():
        for row in rows:
            planned[row["id"]] = label
    known = lookup(set(planned)) if planned else {}
    return [
        Problem(
            where,
            f"{planned[nid]} {nid}",
            "id",
            f"id {nid!r} is already a {got} in the graph, so it cannot be a {planned[nid]}: "
            "ids are unique across every kind of record",
        )
        for nid, got in sorted(known.items())
        if got != planned[nid]
    ]
