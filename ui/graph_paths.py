"""Explore's "Path to…": the shortest paths from the open entity to another one, drawn.

Trivial links are left out by default: two entities in the same country, sector or citing the
same source are not thereby tied ("both are in China" is no link between HAFNIUM and the
Ministry of State Security). A toggle lets them in. The query is `shortest_path`; the types
it may avoid come from the fixed list below, never from the page.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import common, graph, text

# Relationship types that make a path trivial: shared country, shared sector, shared source.
TRIVIAL_LINKS: tuple[str, ...] = ("LOCATED_IN", "OPERATES_FROM", "IN_SECTOR", "CITES")


def show(entity_id: str, name: str) -> None:
    """Pick another entity by name; see the shortest paths to it (trivial links hidden)."""
    q = st.text_input(
        "Path to…",
        key="explore_path_q",
        placeholder="another entity's name or alias, e.g. Ministry of State Security",
    )
    if not q.strip():
        st.caption(f"Type a name to see how {text.md(name)} is linked to it.")
        return
    found = common.run("search", {"q": q, "limit": 10}, show=False)
    matches = [r for r in (found.rows if found else []) if r.get("id") != entity_id]
    if not matches:
        st.info(f"Nothing else is called “{text.md(q)}”.")
        return
    labels = {r["id"]: f"{r['name']} ({r['label']})" for r in matches}
    target = st.selectbox(
        "Entity", list(labels), format_func=lambda i: labels[i], key="explore_path_to"
    )
    trivial = st.toggle(
        "Include trivial links (same country, sector or source)",
        value=False,
        key="explore_path_trivial",
        help="Off: no path goes through " + ", ".join(TRIVIAL_LINKS) + ".",
    )
    params = {
        "from_id": entity_id,
        "to_id": target,
        "avoid": [] if trivial else list(TRIVIAL_LINKS),
        "limit": 10,
    }
    with common.query("shortest_path", params) as paths:
        if paths is not None:
            show_paths(paths, key=f"explore-path-graph-{entity_id}")


def path_line(row: dict[str, Any]) -> str:
    """One path as Markdown: the names along it, each link's type between them."""
    steps = [text.md(s) for s in row.get("steps") or []]
    types = [text.code(t) for t in row.get("types") or []]
    parts = [steps[0]] if steps else []
    for link, step in zip(types, steps[1:], strict=False):
        parts += [f"—{link}—", step]
    return " ".join(parts)


def show_paths(paths: common.Result, *, key: str) -> None:
    if not paths.rows:
        st.info(
            "No path within 8 links"
            + (
                "."
                if paths.params.get("avoid") == []
                else " without trivial links: include them to look further."
            )
        )
        return
    hops = paths.rows[0]["hops"]
    st.markdown(f"**{len(paths.rows)} shortest path(s)**, {hops} link(s) each:")
    st.markdown("\n".join(f"- {path_line(r)}" for r in paths.rows))
    spec = graph.build(paths.nodes, paths.rels, claims_as_edges=False)
    graph.draw(spec, key=key, height=420, reuse_key=paths.run_id)
