"""Drawing query results as an interactive graph with neo4j-viz (Neo4j's NVL renderer).

Three steps, so the data can be checked without a browser: `extract()` (ui/graph_model.py)
turns driver records (or the runner's plain rows) into plain nodes and relationships;
`build()` collapses claims into labelled edges if asked, caps the nodes and keeps what is
drawn in a `GraphSpec`; `draw()` styles it (ui/graph_style.py: a claim's kind is visible at a
glance) and renders it with neo4j-viz's frontend (ui/graph_component/: its bundle loaded once
per page from a static URL, not sent inline with every draw), the claim legend under it.
AppTest cannot read a custom component, so `draw()` also leaves the spec's summary in session
state under `graph:<key>` for the UI tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st

from ui import graph_fit, text
from ui.graph_model import GNode, GRel, extract, merge
from ui.graph_style import (
    CLAIM_LOOKS,
    LABEL_COLOURS,
    NEGATIVE_KINDS,
    NODE_SIZES,
    OTHER_COLOUR,
    PLAIN_EDGE,
    claim_caption,
    claim_look,
    legend_markdown,
)

__all__ = ["GNode", "GRel", "GraphSpec", "build", "draw", "extract", "merge", "node_by_id"]

DEFAULT_CAP = 150  # nodes drawn at most; the rest are counted as "not drawn"
CLAIM_ROLES = ("SUBJECT", "OBJECT", "CLAIMED_BY")


@dataclass
class GraphSpec:
    """What is drawn: capped nodes and the relationships between them."""

    nodes: list[GNode]
    rels: list[GRel]
    dropped_nodes: int = 0
    dropped_rels: int = 0
    legend: dict[str, str] = field(default_factory=dict)
    claim_kinds: set[str] = field(default_factory=set)

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
            "claim_edges": sorted(r.caption or "" for r in self.rels if r.claim_kind),
        }


def _claim_ends(claim: GNode, rels: list[GRel], by_id: dict[str, GNode]) -> dict[str, GNode]:
    """A claim's subject, object and claimant: from the ends it carries, else from the
    drawn SUBJECT / OBJECT / CLAIMED_BY relationships."""
    ends = {e.role: e.node for e in claim.ends}
    for r in rels:
        if r.start == claim.id and r.type in CLAIM_ROLES and r.end in by_id:
            ends.setdefault(r.type, by_id[r.end])
    return ends


def with_claimants(nodes: list[GNode], rels: list[GRel]) -> list[GNode]:
    """Claims given their claimant's name from a drawn CLAIMED_BY edge when the result did
    not carry it (a path, a console query), so every claim caption says who claims it."""
    names = {n.id: n.props.get("name") for n in nodes}
    who = {r.start: names.get(r.end) for r in rels if r.type == "CLAIMED_BY"}
    return [
        replace(n, props={**n.props, "claimant": who[n.id]})
        if n.label == "Claim" and not n.props.get("claimant") and who.get(n.id)
        else n
        for n in nodes
    ]


def collapse_claims(nodes: list[GNode], rels: list[GRel]) -> tuple[list[GNode], list[GRel]]:
    """Each claim as one edge captioned "claimant: kind, confidence": subject -> object, or
    claimant -> subject for a claim without an object (a denial). Its ends are added when the
    claim brought them; a claim with no drawable end is left out."""
    by_id = {n.id: n for n in nodes}
    claims = [n for n in nodes if n.label == "Claim"]
    claim_ids = {c.id for c in claims}
    kept = {n.id: n for n in nodes if n.id not in claim_ids}
    edges: list[GRel] = []
    for c in claims:
        ends = _claim_ends(c, rels, by_id)
        subject, obj, who = ends.get("SUBJECT"), ends.get("OBJECT"), ends.get("CLAIMED_BY")
        props = dict(c.props)
        if who is not None:
            props.setdefault("claimant", who.props.get("name"))
        start, end = (subject, obj) if obj is not None else (who, subject)
        if start is None or end is None or start.id == end.id:
            continue
        for n in (start, end):
            kept.setdefault(n.id, n)
        kind = str(props.get("kind") or "claim")
        edges.append(
            GRel(f"claim:{c.id}", kind, start.id, end.id, props, kind, claim_caption(props))
        )
    plain = [r for r in rels if r.start not in claim_ids and r.end not in claim_ids]
    return list(kept.values()), plain + edges


def build(
    nodes: list[GNode],
    rels: list[GRel],
    cap: int = DEFAULT_CAP,
    focus: str | None = None,
    *,
    claims_as_edges: bool = False,
) -> GraphSpec:
    """Keep at most `cap` nodes (the focus node and the best-connected first) and the
    relationships whose both ends are kept; with `claims_as_edges`, each claim is first
    turned into one labelled edge (`collapse_claims`)."""
    nodes = with_claimants(nodes, rels)
    if claims_as_edges:
        nodes, rels = collapse_claims(nodes, rels)
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
    kinds = {str(n.props.get("kind")) for n in kept if n.label == "Claim"}
    kinds |= {r.claim_kind for r in kept_rels if r.claim_kind}
    return GraphSpec(
        nodes=kept,
        rels=kept_rels,
        dropped_nodes=len(nodes) - len(kept),
        dropped_rels=len(rels) - len(kept_rels),
        legend=dict(sorted(legend.items())),
        claim_kinds=kinds,
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


def _node_look(n: GNode) -> tuple[str, float]:
    if n.label == "Claim":
        return claim_look(n.props.get("kind")).colour, NODE_SIZES["Claim"]
    return LABEL_COLOURS.get(n.label, OTHER_COLOUR), NODE_SIZES.get(n.label, 26)


def _rel_look(r: GRel, claim_kinds: dict[str, str]) -> tuple[str, float, str]:
    """Colour, width and caption: a claim edge by its kind; a claim's SUBJECT / OBJECT edge
    takes a negative claim's colour, so a "NOT linked" claim never reads as a link."""
    if r.claim_kind is not None:
        look = claim_look(r.claim_kind)
        return look.colour, look.width, r.caption or look.word
    kind = claim_kinds.get(r.start)
    if kind in NEGATIVE_KINDS and r.type in ("SUBJECT", "OBJECT"):
        look = CLAIM_LOOKS[kind]
        return look.colour, look.width, f"{r.type} ({look.word})"
    return PLAIN_EDGE, 1, r.type


def to_visualization(spec: GraphSpec) -> Any:
    """The neo4j-viz VisualizationGraph for a spec: colour by label (claims by kind),
    captions that say who claims what, claim edges styled by kind."""
    from neo4j_viz import Node, Relationship, VisualizationGraph

    vnodes = []
    for n in spec.nodes:
        colour, size = _node_look(n)
        vnodes.append(
            Node(
                id=n.id,
                caption=n.caption,
                color=colour,
                size=size,
                properties={"label": n.label, **_tooltip_props(n.props)},
            )
        )
    claim_kinds = {n.id: str(n.props.get("kind")) for n in spec.nodes if n.label == "Claim"}
    vrels = []
    for r in spec.rels:
        colour, width, caption = _rel_look(r, claim_kinds)
        vrels.append(
            Relationship(
                id=r.id,
                source=r.start,
                target=r.end,
                caption=caption,
                color=colour,
                width=width,
                properties={"type": r.type, **_tooltip_props(r.props)},
            )
        )
    vg = VisualizationGraph(nodes=vnodes, relationships=vrels)
    if spec.legend:
        kinds = {claim_look(k).word: claim_look(k).colour for k in sorted(spec.claim_kinds)}
        vg.set_legend(nodes=list(spec.legend.items()), relationships=list(kinds.items()) or None)
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
    widget = _render(spec, key=key, height=height, reuse_key=reuse_key)
    legend = legend_markdown(spec.claim_kinds)
    drawn = f"{len(spec.nodes)} nodes and {len(spec.rels)} links drawn."
    st.caption(f"{drawn} {legend}" if legend else drawn)
    return [] if widget is None else list(widget.selected.nodeIds)


def _render(spec: GraphSpec, *, key: str, height: int, reuse_key: str | None) -> Any:
    """The widget, drawn (None if the renderer could not start: the page goes on)."""
    try:
        from ui import graph_component

        widgets: dict[str, tuple[str, Any]] = st.session_state.setdefault(_WIDGETS, {})
        kept = widgets.get(key)
        if reuse_key is not None and kept is not None and kept[0] == reuse_key:
            widget = kept[1]
        else:
            widget = to_visualization(spec).render_widget(height=f"{height}px", on_dangling="none")
            if reuse_key is not None:  # only the graph last drawn is kept
                st.session_state[_WIDGETS] = {key: (reuse_key, widget)}
        graph_component.display(widget, key=key)
        # NVL fits the drawing to its frame once, when the layout settles: a frame that was
        # hidden then (a tab not yet open) stays unfitted. This refits it when it is shown.
        graph_fit.refit_when_shown(key)
    except Exception as exc:  # the table stays usable if the renderer cannot start
        st.warning(text.md(f"The graph could not be drawn here ({type(exc).__name__}: {exc})."))
        return None
    return widget


def last_event(key: str) -> dict[str, Any] | None:
    """The last click in the drawing of this key (`{"type": "node_click", "id": …}`)."""
    state = st.session_state.get(key)
    event = state.get("last_event") if isinstance(state, dict) else None
    return event if isinstance(event, dict) else None


def node_by_id(spec: GraphSpec, element_id: str) -> GNode | None:
    return next((n for n in spec.nodes if n.id == element_id), None)
