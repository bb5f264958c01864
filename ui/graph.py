"""Drawing query results as an interactive graph (our renderer over Cytoscape.js).

Three steps, so the data can be checked without a browser: `extract()` (ui/graph_model.py)
turns driver records (or the runner's plain rows) into plain nodes and relationships;
`build()` collapses claims into labelled edges if asked, caps the nodes and keeps what is
drawn in a `GraphSpec`; `to_payload()` styles it (ui/graph_style.py: a claim's kind is visible
at a glance, denials and non-attributions dashed, a legend that never changes order or colour)
and `draw()` renders it with ui/graph_component/ (the renderer loaded once per page from a
static URL, the data sent with each draw). A click on a claim's edge opens the claim.
AppTest cannot read a custom component, so `draw()` also leaves the spec's summary in session
state under `graph:<key>` for the UI tests.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st

from ui import text
from ui.graph_model import GNode, GRel, extract, merge
from ui.graph_style import (
    DISPUTES,
    LABEL_COLOURS,
    NEGATIVE_KINDS,
    NODE_SIZES,
    OTHER_COLOUR,
    PLAIN_EDGE,
    claim_caption,
    claim_look,
    legend,
)

__all__ = [
    "GNode",
    "GRel",
    "GraphSpec",
    "build",
    "draw",
    "extract",
    "merge",
    "node_by_id",
    "to_payload",
]

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
            "dashed": sorted(e["caption"] for e in to_payload(self)["edges"] if e["dashed"]),
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


def _node_look(n: GNode) -> tuple[str, float, str]:
    """Colour, size and shape: a claim (drawn as a node) by its kind, as a diamond."""
    if n.label == "Claim":
        return claim_look(n.props.get("kind")).colour, NODE_SIZES["Claim"], "diamond"
    return LABEL_COLOURS.get(n.label, OTHER_COLOUR), NODE_SIZES.get(n.label, 26), "ellipse"


def _rel_look(r: GRel, claim_kinds: dict[str, str]) -> tuple[str, float, str, bool]:
    """Colour, width, caption and dashes: a claim edge by its kind; a claim's SUBJECT /
    OBJECT edge and a denial's DISPUTES edge take a negative claim's look, so a "NOT linked"
    claim never reads as a link. Negative kinds are dashed."""
    if r.claim_kind is not None:
        look = claim_look(r.claim_kind)
        return look.colour, look.width, r.caption or look.word, r.claim_kind in NEGATIVE_KINDS
    kind = claim_kinds.get(r.start)
    if kind in NEGATIVE_KINDS and r.type in ("SUBJECT", "OBJECT", DISPUTES):
        look = claim_look(kind)
        return look.colour, look.width, f"{r.type} ({look.word})", True
    return PLAIN_EDGE, 1, r.type, False


def _tip(label: str, props: dict[str, Any]) -> str:
    """The hover text of a node: its label, then a few properties that say what it is."""
    bits = [label]
    for k in ("id", "kind", "statement", "made_on", "date", "first_seen", "confidence_label"):
        v = props.get(k)
        if v not in (None, "", []):
            bits.append(f"{k}: {str(v)[:200]}")
    return "\n".join(bits)


def to_payload(spec: GraphSpec, *, focus: str | None = None) -> dict[str, Any]:
    """What the browser draws (ui/graph_component/): nodes coloured by label (claims by
    kind), links styled by claim kind (negative kinds dashed), captions that say who claims
    what, and the legend of the fixed tables. Plain data: the renderer sets it as text."""
    nodes = []
    for n in spec.nodes:
        colour, size, shape = _node_look(n)
        nodes.append(
            {
                "id": n.id,
                "caption": n.caption,
                "label": n.label,
                "colour": colour,
                "size": size,
                "shape": shape,
                "focus": focus is not None and focus in (n.id, n.props.get("id")),
                "tip": _tip(n.label, n.props),
            }
        )
    claim_kinds = {n.id: str(n.props.get("kind")) for n in spec.nodes if n.label == "Claim"}
    edges = []
    for r in spec.rels:
        colour, width, caption, dashed = _rel_look(r, claim_kinds)
        edges.append(
            {
                "id": r.id,
                "source": r.start,
                "target": r.end,
                "caption": caption,
                "type": r.type,
                "colour": colour,
                "width": width,
                "dashed": dashed,
            }
        )
    plain = any(r.claim_kind is None for r in spec.rels)
    drawn = json.dumps([nodes, edges], sort_keys=True, default=str)
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": legend(set(spec.legend), spec.claim_kinds, plain_links=plain),
        # what identifies this drawing: the browser updates its elements only when it changes
        "signature": hashlib.sha256(drawn.encode()).hexdigest()[:16],
    }


# The session's last payload, by its draw key: (what it shows, the payload).
_PAYLOADS = "_graph_payloads"


def draw(
    spec: GraphSpec,
    *,
    key: str,
    height: int = 520,
    reuse_key: str | None = None,
    focus: str | None = None,
) -> list[str]:
    """Render the spec; returns the ids of the nodes the user has selected (after a rerun).

    A click on a claim drawn as an edge opens that claim's page. With `reuse_key` (what
    identifies the spec: the query run, the cap, the focus), a rerun that shows the same
    spec reuses this session's payload instead of styling every node again.

    Example:
        graph.draw(graph.build(result.nodes, result.rels), key="query-graph", reuse_key=run_id)
    """
    # Test-only hook: the drawing is a custom component, which AppTest cannot read, so the
    # tests read what it was given here instead. The page itself never reads it back.
    st.session_state[f"graph:{key}"] = spec.summary()
    if not spec.nodes:
        st.info("Nothing to draw: the result holds no nodes.")
        return []
    if spec.dropped_nodes:
        st.caption(
            f"Drawing {len(spec.nodes)} nodes; {spec.dropped_nodes} more (and "
            f"{spec.dropped_rels} relationships) not drawn to keep the graph readable."
        )
    payload = _payload(spec, key=key, reuse_key=reuse_key, focus=focus)
    event = _render(payload, key=key, height=height)
    dashed = (
        " Dashed: denials and non-attributions."
        if any(e["dashed"] for e in payload["edges"])
        else ""
    )
    st.caption(
        f"{len(spec.nodes)} nodes and {len(spec.rels)} links drawn.{dashed} Click a claim's "
        "link to open the claim; scroll to zoom, drag to move."
    )
    _open_clicked_claim(spec, key)
    if event and event.get("type") == "node_click":
        return [str(event.get("id"))]
    return []


def _payload(
    spec: GraphSpec, *, key: str, reuse_key: str | None, focus: str | None
) -> dict[str, Any]:
    kept: dict[str, tuple[str, dict[str, Any]]] = st.session_state.setdefault(_PAYLOADS, {})
    if reuse_key is not None and key in kept and kept[key][0] == reuse_key:
        return kept[key][1]
    payload = to_payload(spec, focus=focus)
    if reuse_key is not None:  # only the graph last drawn is kept
        st.session_state[_PAYLOADS] = {key: (reuse_key, payload)}
    return payload


def _render(payload: dict[str, Any], *, key: str, height: int) -> dict[str, Any] | None:
    """The drawing, with its last click (None if the renderer could not start: the page
    goes on)."""
    try:
        from ui import graph_component

        return graph_component.display(payload, key=key, height=height)
    except Exception as exc:  # the table stays usable if the renderer cannot start
        st.warning(text.md(f"The graph could not be drawn here ({type(exc).__name__}: {exc})."))
        return None


def last_event(key: str) -> dict[str, Any] | None:
    """The last click in the drawing of this key (`{"type": "node_click", "id": …}`)."""
    state = st.session_state.get(key)
    event = state.get("last_event") if isinstance(state, dict) else None
    return event if isinstance(event, dict) else None


def new_event(key: str, reader: str) -> dict[str, Any] | None:
    """The drawing's last click if `reader` has not acted on it yet (then it has).

    The drawing keeps its last click until the next one; each reader remembers the click it
    acted on, so a rerun does not act on it again.
    """
    event = last_event(key)
    seen_key = f"graph-seen:{reader}:{key}"
    if not event or event == st.session_state.get(seen_key):
        return None
    st.session_state[seen_key] = event
    return event


def claim_of_edge(spec: GraphSpec, element_id: str) -> str | None:
    """The id of the claim a drawn edge stands for (a claim drawn as one edge), or None."""
    rel = next((r for r in spec.rels if r.id == element_id), None)
    if rel is None or rel.claim_kind is None:
        return None
    claim_id = rel.props.get("id")
    return str(claim_id) if claim_id else None


def _open_clicked_claim(spec: GraphSpec, key: str) -> None:
    """A click on a claim's edge opens the Claim page on it (as the pages' claim links do)."""
    event = new_event(key, "claim")
    if not event or event.get("type") != "edge_click":
        return
    claim_id = claim_of_edge(spec, str(event.get("id")))
    if claim_id:
        st.switch_page("views/claim.py", query_params={"claim": claim_id})


def node_by_id(spec: GraphSpec, element_id: str) -> GNode | None:
    return next((n for n in spec.nodes if n.id == element_id), None)
