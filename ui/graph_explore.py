"""Explore's graph: one hop around the entity, claims as labelled edges, a node limit with
"show more", and a click on a node adds that node's neighbours to the drawing.

The expanded nodes are kept in session state per entity (`explore-expanded:<id>`), so the
drawing grows in place; "Reset the drawing" forgets them. Each neighbourhood comes from the
`neighbourhood` query (cached like every query).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui import common, evidence, graph, text

STEP = 40  # nodes added by "show more", and room made for each expanded node
DEFAULT_CAP = 40
CAP_KEY = "explore_cap"


def _expanded_key(entity_id: str) -> str:
    return f"explore-expanded:{entity_id}"


def _show_more() -> None:
    st.session_state[CAP_KEY] = min(300, int(st.session_state.get(CAP_KEY, DEFAULT_CAP)) + STEP)


def _reset(entity_id: str) -> None:
    st.session_state[_expanded_key(entity_id)] = []


def show(entity_id: str, open_entity: Callable[[str | None], None]) -> None:
    """The drawn neighbourhood of `entity_id`, its controls, and what is selected in it."""
    c1, c2, c3, c4 = st.columns(4)
    hops = c1.slider("Hops", 1, 3, 1, key="explore_hops")
    cap = c2.slider("Nodes drawn at most", 10, 300, DEFAULT_CAP, step=10, key=CAP_KEY)
    as_edges = c3.toggle(
        "Claims as labelled edges",
        value=True,
        key="explore_claims_as_edges",
        help="Each claim drawn as one edge from subject to object (a denial from the claimant "
        "to what it denies), captioned with the claimant, the kind and the confidence.",
    )
    with_sources = c4.toggle("Include sources", value=False, key="explore_sources")
    expanded: list[str] = st.session_state.setdefault(_expanded_key(entity_id), [])
    key = f"explore-graph-{entity_id}"
    base = {"hops": hops, "limit": min(500, cap + STEP), "sources": with_sources}
    with common.query("neighbourhood", {"id": entity_id, **base}) as hood:
        if hood is None:
            return
        drawn = (hood.nodes, hood.rels)
        runs = [hood.run_id]

        def add(node_id: str) -> None:
            more = common.run_quiet(
                "neighbourhood", {"id": node_id, "hops": 1, "limit": STEP, "sources": with_sources}
            )
            nonlocal drawn
            if more is not None:
                drawn = graph.merge(drawn, (more.nodes, more.rels))
                runs.append(more.run_id)

        for node_id in expanded:
            add(node_id)
        # A node clicked in the drawing may be one an earlier expansion brought in.
        clicked = _clicked(key, entity_id, drawn[0], expanded)
        if clicked:
            expanded.append(clicked)
            add(clicked)
        spec = graph.build(
            *drawn,
            cap=cap + STEP * len(expanded),
            focus=entity_id,
            claims_as_edges=as_edges,
        )
        selected = graph.draw(
            spec, key=key, reuse_key=f"{':'.join(runs)}:{cap}:{as_edges}", focus=entity_id
        )
        _controls(spec, entity_id, expanded)
        _selection(spec, selected, entity_id, open_entity)


def _controls(spec: graph.GraphSpec, entity_id: str, expanded: list[str]) -> None:
    left, right = st.columns(2)
    if spec.dropped_nodes:
        left.button(
            f"Show more ({spec.dropped_nodes} not drawn)",
            key="explore_more",
            on_click=_show_more,
            icon=":material/add:",
        )
    if expanded:
        right.button(
            f"Reset the drawing ({len(expanded)} expanded)",
            key="explore_reset",
            on_click=_reset,
            args=(entity_id,),
            icon=":material/restart_alt:",
        )
    else:
        right.caption("Click a node to add its neighbours to the drawing.")


def _clicked(key: str, entity_id: str, nodes: list[graph.GNode], expanded: list[str]) -> str | None:
    """The id of a node just clicked in the drawing whose neighbours are not drawn yet.

    A click is acted on once (`graph.new_event`), so a rerun (or "Reset the drawing") does
    not expand that node again.
    """
    event = graph.new_event(key, f"expand:{entity_id}")
    if not event or event.get("type") != "node_click":
        return None
    ends = [e.node for n in nodes for e in n.ends]
    node = next((n for n in [*nodes, *ends] if n.id == str(event.get("id"))), None)
    node_id = str(node.props.get("id") or "") if node is not None else ""
    if not node_id or node_id == entity_id or node_id in expanded:
        return None
    return node_id


def _selection(
    spec: graph.GraphSpec,
    selected: list[str],
    entity_id: str,
    open_entity: Callable[[str | None], None],
) -> None:
    """What is selected in the drawing, with a button that opens an entity's page."""
    picked: list[Any] = [graph.node_by_id(spec, s) for s in selected]
    for node in picked:
        if node is None:
            continue
        st.markdown(f"Selected: **{text.md(node.caption)}** :gray-badge[{text.md(node.label)}]")
        if node.label == "Claim" and node.props.get("id"):
            evidence.claim_link(str(node.props["id"]))
        elif "Entity" in node.labels and node.props.get("id") != entity_id:
            st.button(
                f"Open {text.md(node.caption)}",
                key=f"open-selected-{node.props['id']}",
                on_click=open_entity,
                args=(node.props["id"],),
            )
