"""Explore: find an entity by name or alias, then see it, its neighbourhood and its claims.

Queries: `search` (full-text and folded-alias match: "silk typhoon" finds HAFNIUM),
`entity_profile` (details, relations, claims, events - each with its sources, shown inline
and whole on selection, ui/evidence_rows.py - and record sources), `neighbourhood`
(drawn with Cytoscape.js, ui/graph_explore.py: expand on click), `provenance` (every source
behind the entity, one click away) and `shortest_path` ("Path to…", ui/graph_paths.py).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import common, evidence_rows, graph_explore, graph_paths, identity_policy, text


def open_entity(entity_id: str | None) -> None:
    """Callback: show this entity (None: back to the search). The URL holds it (?id=…)."""
    if entity_id:
        st.query_params["id"] = entity_id
    else:
        st.query_params.pop("id", None)


st.title("Explore")
query = st.text_input(
    "Search names and aliases",
    key="explore_q",
    on_change=open_entity,
    args=(None,),
    placeholder="e.g. silk typhoon, MSS, ProxyLogon, 中国政府",
    help="Matches names, aliases and original-language names; case, spaces and punctuation "
    "do not matter.",
)


def show_search(q: str) -> None:
    with common.query("search", {"q": q, "limit": 25}) as found:
        if found is not None:
            show_matches(q, found)


def show_matches(q: str, found: common.Result) -> None:
    """One card per match, each with a button that opens it."""
    if found.rows:
        st.caption(f"{len(found.rows)} match(es)")
    else:
        st.info(f"Nothing is called “{text.md(q)}”. Try part of a name, or another alias.")
    for row in found.rows:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(f"**{text.md(row['name'])}** :gray-badge[{text.md(row['label'])}]")
            if row.get("aliases"):
                left.caption("aliases: " + ", ".join(text.md(a) for a in row["aliases"]))
            summary = row.get("summary") or ""
            if summary:
                left.markdown(text.md_block(summary) + ("…" if len(summary) >= 160 else ""))
            if row.get("actor_id"):
                with left:
                    actor_line(row)
            right.button(
                "Open",
                key=f"open-{row['id']}",
                on_click=open_entity,
                args=(row["id"],),
                width="stretch",
            )


def actor_line(row: dict[str, Any]) -> None:
    """An actor record (one source's record of a group): who reports it, who gave the name
    found, and the resolved actor it belongs to, with a link to the actor page."""
    said = [f"record of {text.md(row['dataset'])}"] if row.get("dataset") else []
    givers = sorted({g for g in row.get("named_by") or [] if g})
    if givers:
        said.append("name given by " + ", ".join(text.md(g) for g in givers))
    if said:
        st.caption(" · ".join(said))
    identity_policy.actor_link(row["actor_id"], row.get("actor") or row["actor_id"])


def show_sources(entity_id: str) -> None:
    with common.query("provenance", {"id": entity_id, "limit": 500}) as prov:
        if prov is not None:
            show_provenance(prov)


def show_provenance(prov: common.Result) -> None:
    """The sources behind the entity, grouped by how they are reached."""
    groups = {
        "record": "About the record itself",
        "claim": "Behind claims",
        "edge": "Behind direct edges",
    }
    for via, heading in groups.items():
        rows = [r for r in prov.rows if r["via"] == via]
        if not rows:
            continue
        by_source: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            by_source.setdefault(r["source"], []).append(r)
        st.markdown(f"##### {heading} ({len(by_source)} sources)")
        lines = []
        for group in by_source.values():
            vias = sorted({text.code(r["via_id"]) for r in group})
            where = f" — for {', '.join(vias)}" if via != "record" else ""
            lines.append(f"- {common.source_link(group[0])}{where}")
        st.markdown("\n".join(lines))


def show_resolved_actor(record_id: str) -> None:
    """An actor record belongs to one resolved actor (under the stored policy): link to it."""
    actor = identity_policy.stored_actor(record_id)
    if actor:
        count = actor["members"]
        detail = f"({count} member record{'' if count == 1 else 's'})"
        identity_policy.actor_link(actor["actor_id"], actor["actor"], detail)


def show_entity(entity_id: str) -> None:
    st.button("← Back to search", on_click=open_entity, args=(None,), key="explore_back")
    profile = common.run("entity_profile", {"id": entity_id}, show=False)
    if profile is None:
        return
    if not profile.rows:
        st.warning(f"No entity has the id “{text.md(entity_id)}”.")
        common.show_query("entity_profile", {"id": entity_id}, profile)
        return
    e = profile.rows[0]
    st.header(text.md(e["name"]))
    line = [f":blue-badge[{text.md(e['label'])}]"]
    if e.get("kind"):
        line.append(f":gray-badge[{text.md(e['kind'])}]")
    line.append(text.code(e["id"]))
    if e.get("original_name"):
        line.append(f"· original name **{text.md(e['original_name'])}**")
    st.markdown(" ".join(line))
    if e.get("aliases"):
        st.markdown("**Aliases:** " + ", ".join(text.md(a) for a in e["aliases"]))
    if e.get("description"):
        st.markdown(text.md_block(e["description"]))
    if e["label"] == "Actor":
        show_resolved_actor(entity_id)
    more, cypher = st.columns(2)
    with more.expander("All properties"):
        props = {
            k: v
            for k, v in (e.get("properties") or {}).items()
            if k not in ("name_keys", "name_search")
        }
        st.json(props)
    with cypher:
        common.show_query("entity_profile", {"id": entity_id}, profile)

    claims = e.get("claims") or []
    made = [c for c in claims if c["role"] == "claimant"]
    received = [c for c in claims if c["role"] != "claimant"]
    tabs = st.tabs(
        [
            "Graph",
            f"Claims received ({len(received)})",
            f"Claims made ({len(made)})",
            f"Relations ({len(e.get('relations') or [])})",
            f"Events ({len(e.get('events') or [])})",
            "Sources",
            "Path to…",
        ]
    )
    with tabs[0]:
        graph_explore.show(entity_id, open_entity)
    with tabs[1]:
        st.caption(
            "Claims whose subject or object this is; each kind is labelled as what it is. "
            "Select a row to see the claim whole: its words, confidence and every source."
        )
        if received:
            evidence_rows.show_claims(received, key=f"explore-{entity_id}-received")
        else:
            st.caption("None.")
    with tabs[2]:
        if made:
            evidence_rows.show_claims(made, key=f"explore-{entity_id}-made")
        else:
            st.caption("None.")
    with tabs[3]:
        if e.get("relations"):
            evidence_rows.show_relations(e["relations"], key=f"explore-{entity_id}-relations")
        else:
            st.caption("None.")
    with tabs[4]:
        if e.get("events"):
            evidence_rows.show_events(e["events"], key=f"explore-{entity_id}-events")
        else:
            st.caption("None.")
    with tabs[5]:
        show_sources(entity_id)
    with tabs[6]:
        graph_paths.show(entity_id, e["name"])


current = st.query_params.get("id")
if query.strip() and not current:
    show_search(query)
elif current:
    show_entity(current)
else:
    st.caption("Type a name or alias to begin.")
