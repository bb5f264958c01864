"""Query results as plain nodes and relationships, ready to be styled and drawn (ui/graph.py).

`extract()` finds every node, relationship and path in driver records, or in the runner's plain
rows (nodes as `{"_id", "_labels", ...}` maps, relationships as `{"_type", "_start", "_end",
...}`). A claim node may carry its ends (`_ends`: subject, object, claimant, as the
`neighbourhood` query sends them) so a drawing can show it as one labelled edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j.graph

from attrib.values import to_plain
from ui.graph_style import claim_caption


@dataclass(frozen=True)
class ClaimEnd:
    """One end of a claim: its role (SUBJECT, OBJECT, CLAIMED_BY) and the node there."""

    role: str
    rel_id: str
    node: GNode


@dataclass(frozen=True)
class GNode:
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]
    ends: tuple[ClaimEnd, ...] = ()

    @property
    def label(self) -> str:
        """The node's own label (every entity also carries `Entity`)."""
        own = [lbl for lbl in self.labels if lbl != "Entity"]
        return own[0] if own else (self.labels[0] if self.labels else "Node")

    @property
    def caption(self) -> str:
        p = self.props
        if self.label == "Claim":
            return claim_caption(p)
        text = p.get("name") or p.get("title_en") or p.get("title") or p.get("id") or self.id
        text = str(text)
        return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True)
class GRel:
    id: str
    type: str
    start: str
    end: str
    props: dict[str, Any]
    # Set when a claim is drawn as this one edge: its kind (the edge's look) and caption.
    claim_kind: str | None = None
    caption: str | None = None


def _walk(value: Any, nodes: dict[str, GNode], rels: dict[str, GRel]) -> None:
    if isinstance(value, neo4j.graph.Node):
        nodes.setdefault(
            value.element_id,
            GNode(value.element_id, tuple(sorted(value.labels)), to_plain(dict(value.items()))),
        )
    elif isinstance(value, neo4j.graph.Relationship):
        if value.start_node is None or value.end_node is None:
            return
        for end in (value.start_node, value.end_node):
            _walk(end, nodes, rels)
        rels.setdefault(
            value.element_id,
            GRel(
                value.element_id,
                value.type,
                value.start_node.element_id,
                value.end_node.element_id,
                to_plain(dict(value.items())),
            ),
        )
    elif isinstance(value, neo4j.graph.Path):
        for n in value.nodes:
            _walk(n, nodes, rels)
        for r in value.relationships:
            _walk(r, nodes, rels)
    elif isinstance(value, list | tuple):
        for v in value:
            _walk(v, nodes, rels)
    elif isinstance(value, dict):
        for v in value.values():
            _walk(v, nodes, rels)


def _node_from_map(value: dict[str, Any]) -> GNode:
    """A `{"_id", "_labels", ...}` map as a node (null entries are properties it lacks)."""
    props = {
        k: v for k, v in value.items() if k not in ("_id", "_labels", "_ends") and v is not None
    }
    ends = tuple(
        ClaimEnd(str(e["role"]), str(e.get("_rid") or ""), _node_from_map(e["node"]))
        for e in value.get("_ends") or []
        if isinstance(e, dict) and isinstance(e.get("node"), dict) and "_id" in e["node"]
    )
    return GNode(str(value["_id"]), tuple(value["_labels"]), props, ends)


def _walk_rows(value: Any, nodes: dict[str, GNode], rels: dict[str, GRel]) -> None:
    """The runner's plain rows: nodes are `{"_id", "_labels", ...}`, relationships
    `{"_type", "_start", "_end", ...}` (also maps a query builds in that shape, such as
    `neighbourhood`'s)."""
    if isinstance(value, dict):
        if "_id" in value and "_labels" in value:
            nodes.setdefault(str(value["_id"]), _node_from_map(value))
            return
        if "_type" in value and "_start" in value and "_end" in value:
            props = {
                k: v
                for k, v in value.items()
                if k not in ("_id", "_type", "_start", "_end") and v is not None
            }
            rid = str(value.get("_id") or f"{value['_start']}-{value['_type']}-{value['_end']}")
            rels.setdefault(
                rid, GRel(rid, str(value["_type"]), str(value["_start"]), str(value["_end"]), props)
            )
            return
        for v in value.values():
            _walk_rows(v, nodes, rels)
    elif isinstance(value, list | tuple):
        for v in value:
            _walk_rows(v, nodes, rels)


def extract(
    records: list[Any] | None, rows: list[dict[str, Any]] | None = None
) -> tuple[list[GNode], list[GRel]]:
    """Every node, relationship and path in the result, once each (records preferred)."""
    nodes: dict[str, GNode] = {}
    rels: dict[str, GRel] = {}
    for record in records or []:
        values = record.values() if hasattr(record, "values") else record
        _walk(list(values), nodes, rels)
    if not nodes and rows:
        _walk_rows(rows, nodes, rels)
    return list(nodes.values()), list(rels.values())


def merge(
    into: tuple[list[GNode], list[GRel]], more: tuple[list[GNode], list[GRel]]
) -> tuple[list[GNode], list[GRel]]:
    """Two drawings as one (an expanded node's neighbours added), each element once."""
    nodes = {n.id: n for n in into[0]}
    for n in more[0]:
        if n.id not in nodes or (n.ends and not nodes[n.id].ends):
            nodes[n.id] = n
    rels = {r.id: r for r in into[1]}
    for r in more[1]:
        rels.setdefault(r.id, r)
    return list(nodes.values()), list(rels.values())
