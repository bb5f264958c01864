"""Write a Plan to Neo4j: schema first, then UNWIND batches of MERGE, reporting what changed.

Each batch is first compared with what the database holds, so the report says created /
updated / unchanged and an unchanged re-load writes nothing at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from attrib import cypher_text, db
from attrib.values import to_native
from loader import models as m
from loader.plan import EDGE_TYPES, Plan

DEFAULT_BATCH_SIZE = 1000


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    nodes: dict[str, Tally] = field(default_factory=dict)
    edges: dict[str, Tally] = field(default_factory=dict)

    def totals(self) -> Tally:
        out = Tally()
        for tally in [*self.nodes.values(), *self.edges.values()]:
            out.created += tally.created
            out.updated += tally.updated
            out.unchanged += tally.unchanged
        return out


def _same(existing: dict[str, Any], planned: dict[str, Any]) -> bool:
    def norm(props: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in props.items():
            value = to_native(value)
            if isinstance(value, dt.datetime):
                value = value.isoformat()
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            out[key] = value
        return out

    return norm(existing) == norm(planned)


def apply_schema(wait: bool = True) -> None:
    """Create constraints and indexes (IF NOT EXISTS) and, unless `wait` is False, wait until
    they are online (the bulk load polls instead: `loader.bulk`)."""
    for statement in cypher_text.statements("schema.cypher"):
        db.run_autocommit(statement)
    if wait:
        db.run_autocommit(cypher_text.read("admin/await_indexes.cypher"), {"seconds": 300})


def wipe(batch: int = 10_000) -> None:
    """Delete every node and relationship, one small transaction per batch."""
    query = cypher_text.read("load/wipe.cypher")

    def delete_batch(tx: ManagedTransaction) -> int:
        deleted: int = tx.run(query, batch=batch).single(strict=True)["deleted"]
        return deleted

    while db.write(delete_batch):
        pass


NODE_NAMES = (*m.NODE_LABELS, "Entity")  # what a node query's slots may hold
EDGE_NAMES = (*EDGE_TYPES, *m.NODE_LABELS)  # what an edge query's slots may hold


def node_query(name: str, label: str) -> str:
    """The Cypher of `name` (cypher/load/) for nodes of `label`, from the fixed label list."""
    labels = f"{label}:Entity" if label in m.ENTITY_LABELS else label
    return cypher_text.render(name, NODE_NAMES, label=label, labels=labels)


def edge_query(name: str, shape: tuple[str, str, str]) -> str:
    """The Cypher of `name` (cypher/load/) for edges of `shape` (type, from label, to label)."""
    etype, frm, to = shape
    return cypher_text.render(name, EDGE_NAMES, type=etype, from_label=frm, to_label=to)


def chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Batches of `size` rows from a list or a stream (loader.spool.Spooled)."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _upsert(
    rows: Iterable[dict[str, Any]],
    key_fields: tuple[str, ...],
    existing_q: str,
    merge_q: str,
    tally: Tally,
    batch_size: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Compare each batch with the database, then MERGE only what is new or different.

    Both happen in one write transaction per batch (one round trip set, not two: the
    benchmarks showed the second transaction costing as much as the write itself on small
    batches); a batch with nothing new or different writes nothing.
    """
    for batch in chunks(rows, batch_size):
        keys = [{k: row[k] for k in key_fields} for row in batch]

        def work(
            tx: ManagedTransaction,
            batch: list[dict[str, Any]] = batch,
            keys: list[dict[str, Any]] = keys,
        ) -> tuple[int, int, int]:
            result = tx.run(existing_q, rows=keys)
            found = {tuple(rec[k] for k in key_fields): rec["props"] for rec in result}
            changed = [
                row
                for row in batch
                if (old := found.get(tuple(row[k] for k in key_fields))) is None
                or not _same(old, row["props"])
            ]
            created = 0
            if changed:
                # what MERGE itself created: a concurrent load may have created a row this one
                # did not see yet (the MERGE then matched it), so the comparison above can
                # count it twice; the counters cannot
                counters = tx.run(merge_q, rows=changed).consume().counters
                created = counters.nodes_created + counters.relationships_created
            return created, len(changed) - created, len(batch) - len(changed)

        created, updated, unchanged = db.write(work)  # retried whole on transient errors
        tally.created += created
        tally.updated += updated
        tally.unchanged += unchanged
        if progress:
            progress(len(batch))


def one_row_per_id(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One reference row per id; for an unregistered organisation the smallest name and kind
    among its rows, as create_missing_nodes.cypher keeps across imports."""
    unique: dict[str, dict[str, Any]] = {}
    for row in refs:
        kept = unique.setdefault(row["id"], row)
        if kept is row or not row.get("smallest_name"):
            continue
        props = dict(kept["props"])
        for key in ("name", "kind"):
            if key in row["props"] and str(row["props"][key]) < str(props.get(key, "")):
                props[key] = row["props"][key]
        unique[row["id"]] = {**kept, "props": props}
    return list(unique.values())


def _create_missing(
    label: str,
    rows: list[dict[str, Any]],
    tally: Tally,
    batch_size: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Reference nodes (Plan.refs): created when absent, an existing node is left as it is."""
    query = node_query("load/create_missing_nodes.cypher", label)
    for batch in chunks(rows, batch_size):

        def work(tx: ManagedTransaction, batch: list[dict[str, Any]] = batch) -> int:
            created: int = tx.run(query, rows=batch).consume().counters.nodes_created
            return created

        created = db.write(work)
        tally.created += created
        tally.unchanged += len(batch) - created
        if progress:
            progress(len(batch))


def write_plan(
    plan: Plan,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Write nodes (all labels) then edges, batch by batch; `progress(n)` after each batch."""
    report = LoadReport()
    for label, refs in plan.refs.items():
        unique = one_row_per_id(refs)
        _create_missing(
            label, unique, report.nodes.setdefault(label, Tally()), batch_size, progress
        )
    for label, rows in plan.nodes.items():
        _upsert(
            rows,
            ("id",),
            node_query("load/existing_nodes.cypher", label),
            node_query("load/merge_nodes.cypher", label),
            report.nodes.setdefault(label, Tally()),
            batch_size,
            progress,
        )
    for shape, rows in plan.edges.items():
        _upsert(
            rows,
            ("from", "to"),
            edge_query("load/existing_edges.cypher", shape),
            edge_query("load/merge_edges.cypher", shape),
            report.edges.setdefault(shape[0], Tally()),
            batch_size,
            progress,
        )
    return report
