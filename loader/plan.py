"""Turn a validated Dataset into write batches: node rows per label, edge rows per shape.

A row's `props` is the complete property map of the node or edge, so `SET x = row.props` makes
a re-load idempotent and removes properties that were deleted from the input.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, get_args

from attrib.identity.datasets import GIVEN
from attrib.identity.datasets import SEED as SEED_DATASET
from attrib.names import name_key, name_props
from loader import models as m
from loader.dates import PartialDate
from loader.validate import Dataset

# Edge types the loader writes besides the relation types; a fixed list like the labels.
CLAIM_EDGE_TYPES = (
    "CLAIMED_BY",
    "SUBJECT",
    "OBJECT",
    "CITES",
    "DISPUTES",
    "SUPPORTS",
    "CONCERNS",
    "MEMBER_OF",
    "RELAYS",
)
EDGE_TYPES: tuple[str, ...] = (*get_args(m.RelationType), *CLAIM_EDGE_TYPES)


@dataclass
class Plan:
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Shared nodes an import refers to but does not own (registry organisations and countries,
    # loader.registry): created when absent, never overwritten, so the result does not depend
    # on which dataset was loaded first.
    refs: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def close(self) -> None:
        """Nothing to release: the rows are in memory (a SpooledPlan removes its files)."""

    def node_count(self) -> int:
        return sum(len(rows) for rows in [*self.nodes.values(), *self.refs.values()])

    def edge_count(self) -> int:
        return sum(len(rows) for rows in self.edges.values())


def _props(record: m.Record, skip: set[str]) -> dict[str, Any]:
    """Flatten a record into Neo4j properties: dates become date + precision, no nulls."""
    out: dict[str, Any] = {}
    for key, value in record:
        if key in skip or value is None or value == []:
            continue
        if isinstance(value, PartialDate):
            out[key] = value.value
            out[f"{key}_precision"] = value.precision
        else:
            out[key] = value
    return out


_NodeSink = Callable[[str, dict[str, Any]], None]  # (label, row)
_EdgeSink = Callable[[str, str, str, dict[str, Any]], None]  # (type, from, to, props)


def _plan_record(
    rec: m.Record, labels: Mapping[str, str], node: _NodeSink, edge: _EdgeSink
) -> None:
    """The node and edge rows of one validated record (see `record_rows`)."""
    if isinstance(rec, m.Entity):
        props = _props(rec, {"sources"})
        names = [rec.name, *rec.aliases, *([rec.original_name] if rec.original_name else [])]
        props.update(name_props(names))
        if isinstance(rec, m.Actor):  # an actor record of the analyst's own YAML (docs/identity.md)
            props.update(dataset=SEED_DATASET, source_id=rec.id)
        node(labels[rec.id], {"id": rec.id, "props": props})
        for src in rec.sources:
            edge("CITES", rec.id, src, {})
        if isinstance(rec, m.Organisation) and rec.country:
            edge("LOCATED_IN", rec.id, rec.country, {"sources": rec.sources})
    elif isinstance(rec, m.Source):
        node("Source", {"id": rec.id, "props": _props(rec, {"relays"})})
        if rec.relays:  # the original it reports: an edge, so queries can follow it
            edge("RELAYS", rec.id, rec.relays, {})
    elif isinstance(rec, m.Event):
        node("Event", {"id": rec.id, "props": _props(rec, {"concerns", "sources"})})
        for target in rec.concerns:
            edge("CONCERNS", rec.id, target, {})
        for src in rec.sources:
            edge("CITES", rec.id, src, {})
    elif isinstance(rec, m.Relation):
        edge(rec.type, rec.from_, rec.to, _props(rec, {"type", "from_", "to"}))
    elif isinstance(rec, m.Claim):
        props = _props(
            rec,
            {"claimant", "subject", "object", "disputes", "supports", "sources", "confidence"},
        )
        conf = rec.confidence.normalised()
        props.update(confidence_label=conf.label, confidence_scale=conf.scale)
        if conf.value is not None:
            props["confidence"] = conf.value
        if rec.alias and name_key(rec.alias):  # alias claims are found by name, like actors
            props["name_keys"] = [name_key(rec.alias)]
            props["naming"] = rec.naming or GIVEN
        node("Claim", {"id": rec.id, "props": props})
        edge("CLAIMED_BY", rec.id, rec.claimant, {})
        edge("SUBJECT", rec.id, rec.subject, {})
        if rec.object:
            edge("OBJECT", rec.id, rec.object, {})
        for disputed in rec.disputes:
            edge("DISPUTES", rec.id, disputed, {})
        for supported in rec.supports:
            edge("SUPPORTS", rec.id, supported, {})
        for src in rec.sources:
            edge("CITES", rec.id, src, {})


EdgeKey = tuple[str, str, str]  # (type, from id, to id)


def record_rows(
    rec: m.Record, labels: Mapping[str, str]
) -> tuple[list[tuple[str, dict[str, Any]]], dict[EdgeKey, dict[str, Any]]]:
    """One record's node rows (label, row) and edge rows, one edge per (type, from, to).

    A row's `props` hold its id too, so `SET n = row.props` keeps it. Used by every source.
    """
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: dict[EdgeKey, dict[str, Any]] = {}

    def node(label: str, row: dict[str, Any]) -> None:
        row["props"]["id"] = row["id"]
        nodes.append((label, row))

    def edge(etype: str, frm: str, to: str, props: dict[str, Any]) -> None:
        edges[(etype, frm, to)] = {"from": frm, "to": to, "props": props}  # the last one wins

    _plan_record(rec, labels, node, edge)
    return nodes, edges


def edge_shape(key: EdgeKey, labels: Mapping[str, str]) -> tuple[str, str, str]:
    """(type, from label, to label): the edges written by one query."""
    return (key[0], labels[key[1]], labels[key[2]])


def build_plan(data: Dataset) -> Plan:
    """Every node and edge the dataset implies, grouped for batched writes, all in memory.

    The independent oracle of `tests/test_loader_stream.py`: the loader itself plans while it
    streams (`loader.sources.seed_stream`), and the tests check that both plan the same rows.
    """
    plan = Plan()
    for _, rec in data.records:
        nodes, edges = record_rows(rec, data.labels)
        for label, row in nodes:
            plan.nodes[label].append(row)
        for key, row in edges.items():
            plan.edges[edge_shape(key, data.labels)].append(row)
    for shape, rows in plan.edges.items():  # one edge per (type, from, to): the last one wins
        plan.edges[shape] = list({(r["from"], r["to"]): r for r in rows}.values())
    return plan
