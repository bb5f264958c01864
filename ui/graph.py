"""Drawing query results as an interactive graph with neo4j-viz (Neo4j's NVL renderer).

Two steps, so the data can be checked without a browser:
`extract()` turns driver records (or the runner's plain rows) into plain nodes and
relationships; `build()` caps and styles them into a `GraphSpec`; `draw()` renders the spec with
`neo4j_viz.streamlit.display_widget`. AppTest cannot read a custom component, so `draw()`
also leaves the spec's summary in session state under `graph:<key>` for the UI tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import neo4j.graph
import streamlit as st

from attrib.values import to_plain
from ui import text

# One colour per label (a fixed list, as the labels are). Colour-blind-safe-ish, distinct hues.
LABEL_COLOURS: dict[str, str] = {
    "Actor": "#d62728",
    "Organisation": "#1f77b4",
    "Person": "#17becf",
    "Country": "#2ca02c",
    "Campaign": "#ff7f0e",
    "Vulnerability": "#9467bd",
    "Tool": "#8c564b",
    "Infrastructure": "#7f7f7f",
    "Sector": "#bcbd22",
    "Source": "#aec7e8",
    "Event": "#f7b6d2",
    "Claim": "#ffbb78",
}
OTHER_COLOUR = "#c7c7c7"
# Radius in pixels: the actors and campaigns attribution is about stand out, claims recede.
NODE_SIZES = {"Actor": 40, "Campaign": 40, "Organisation": 32, "Country": 32, "Claim": 24}
DEFAULT_CAP = 150  # nodes drawn at most; the rest are listed as "not drawn"


@dataclass(frozen=True)
class GNode:
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]

    @property
    def label(self) -> str:
        """The node's own label (every entity also carries `Entity`)."""
        own = [lbl for lbl in self.labels if lbl != "Entity"]
        return own[0] if own else (self.labels[0] if self.labels else "Node")

    @property
    def caption(self) -> str:
        p = self.props
        if self.label == "Claim":
            kind = p.get("kind") or "claim"
            made = p.get("made_on")
            return f"{kind} ({made})" if made else str(kind)
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


@dataclass
class GraphSpec:
    """What is drawn: capped nodes and the relationships between them."""

    nodes: list[GNode]
    rels: list[GRel]
    dropped_nodes: int = 0
    dropped_rels: int = 0
    legend: dict[str, str] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """What was drawn, by label, as plain data (read by the UI tests: see `draw`)."""
        by_label: dict[str, int] = {}
        for n in self.nodes:
            by_label[n.label] = by_label.get(n.label, 0) + 1
        return {
            "nodes": len(self.nodes),
            "relationships": len(self.rels),
            "dropped_nodes": self.dropped_nodes,
            "dropped_relationships": self.dropped_rels,
            "by_label": by_label,
            "captions": sorted(n.caption for n in self.nodes),
            "ids": sorted(str(n.props.get("id", n.id)) for n in self.nodes),
        }


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


def _walk_rows(value: Any, nodes: dict[str, GNode], rels: dict[str, GRel]) -> None:
    """The runner's plain rows: nodes are `{"_id", "_labels", ...}`, relationships
    `{"_type", "_start", "_end", ...}` (also maps a query builds in that shape, such as
    `neighbourhood`'s: their null entries are properties the node does not have)."""
    if isinstance(value, dict):
        if "_id" in value and "_labels" in value:
            props = {
                k: v for k, v in value.items() if k not in ("_id", "_labels") and v is not None
            }
            nodes.setdefault(
                str(value["_id"]), GNode(str(value["_id"]), tuple(value["_labels"]), props)
            )
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


def build(
    nodes: list[GNode], rels: list[GRel], cap: int = DEFAULT_CAP, focus: str | None = None
) -> GraphSpec:
    """Keep at most `cap` nodes (the focus node and the best-connected first) and the
    relationships whose both ends are kept."""
    degree: dict[str, int] = {}
    for r in rels:
        degree[r.start] = degree.get(r.start, 0) + 1
        degree[r.end] = degree.get(r.end, 0) + 1

    def rank(n: GNode) -> tuple[int, int, str]:
        is_focus = focus is not None and focus in (n.id, n.props.get("id"))
        return (0 if is_focus else 1, -degree.get(n.id, 0), n.caption)

    kept = sorted(nodes, key=rank)[:cap] if len(nodes) > cap else list(nodes)
    kept_ids = {n.id for n in kept}
    kept_rels = [r for r in rels if r.start in kept_ids and r.end in kept_ids]
    legend = {n.label: LABEL_COLOURS.get(n.label, OTHER_COLOUR) for n in kept}
    return GraphSpec(
        nodes=kept,
        rels=kept_rels,
        dropped_nodes=len(nodes) - len(kept),
        dropped_rels=len(rels) - len(kept_rels),
        legend=dict(sorted(legend.items())),
    )


def _tooltip_props(props: dict[str, Any]) -> dict[str, Any]:
    """Properties shown in the renderer's side panel (long lists shortened)."""
    out: dict[str, Any] = {}
    for k, v in props.items():
        if k in ("name_keys", "name_search"):
            continue
        if isinstance(v, list) and len(v) > 12:
            v = [*v[:12], f"… {len(v) - 12} more"]
        out[k] = v
    return out


def to_visualization(spec: GraphSpec) -> Any:
    """The neo4j-viz VisualizationGraph for a spec: colour by label, caption by name."""
    from neo4j_viz import Node, Relationship, VisualizationGraph

    vnodes = [
        Node(
            id=n.id,
            caption=n.caption,
            color=LABEL_COLOURS.get(n.label, OTHER_COLOUR),
            size=NODE_SIZES.get(n.label, 26),
            properties={"label": n.label, **_tooltip_props(n.props)},
        )
        for n in spec.nodes
    ]
    vrels = [
        Relationship(
            id=r.id,
            source=r.start,
            target=r.end,
            caption=r.type,
            properties={"type": r.type, **_tooltip_props(r.props)},
        )
        for r in spec.rels
    ]
    vg = VisualizationGraph(nodes=vnodes, relationships=vrels)
    if spec.legend:
        vg.set_legend(nodes=list(spec.legend.items()))
    return vg


# The session's last rendered widget, by its draw key: (what it shows, the widget).
_WIDGETS = "_graph_widgets"


def draw(
    spec: GraphSpec, *, key: str, height: int = 520, reuse_key: str | None = None
) -> list[str]:
    """Render the spec; returns the ids of the nodes the user has selected (after a rerun).

    With `reuse_key` (what identifies the spec: the query run, the cap, the focus), a rerun
    that shows the same spec reuses this session's widget instead of serialising every node
    again.
    """
    # Test-only hook: the neo4j-viz widget is a custom component, which AppTest cannot read,
    # so the tests read what it was given here instead. The page itself never reads it back.
    st.session_state[f"graph:{key}"] = spec.summary()
    if not spec.nodes:
        st.info("Nothing to draw: the result holds no nodes.")
        return []
    if spec.dropped_nodes:
        st.caption(
            f"Drawing {len(spec.nodes)} nodes; {spec.dropped_nodes} more (and "
            f"{spec.dropped_rels} relationships) not drawn to keep the graph readable."
        )
    try:
        from neo4j_viz.streamlit import display_widget

        widgets: dict[str, tuple[str, Any]] = st.session_state.setdefault(_WIDGETS, {})
        kept = widgets.get(key)
        if reuse_key is not None and kept is not None and kept[0] == reuse_key:
            widget = kept[1]
        else:
            widget = to_visualization(spec).render_widget(height=f"{height}px", on_dangling="none")
            if reuse_key is not None:  # only the graph last drawn is kept
                st.session_state[_WIDGETS] = {key: (reuse_key, widget)}
        display_widget(widget, key=key)
    except Exception as exc:  # the table stays usable if the renderer cannot start
        st.warning(text.md(f"The graph could not be drawn here ({type(exc).__name__}: {exc})."))
        return []
    return list(widget.selected.nodeIds)


def node_by_id(spec: GraphSpec, element_id: str) -> GNode | None:
    return next((n for n in spec.nodes if n.id == element_id), None)
