"""Search: one box for names and for what was said, results grouped by kind, matches in bold.

Query: `search` (entity names and aliases in every language, actor records of every dataset
with the actor they resolve to, and claims, events and sources by their text). A card shows
a claim's or event's date and its first source with how many more, a source's date. A claim opens
on the Claim page with its evidence; an entity on Explore; an actor record on the Actor page.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import common, evidence, text
from ui.highlight import highlight

GROUPS = (  # (title, labels): the order an analyst reads them in
    ("Claims", ("Claim",)),
    ("Actors", ("Actor",)),
    ("Other entities", ("Organisation", "Person", "Country", "Campaign", "Vulnerability",
                        "Tool", "Infrastructure", "Sector")),
    ("Events", ("Event",)),
    ("Sources", ("Source",)),
)  # fmt: skip

st.title("Search")
with st.form("search_form", border=False):
    typed = st.text_input(
        "Search names and what was said",
        value=st.query_params.get("q", ""),
        placeholder="e.g. highly skilled, web shell, silk typhoon, 国家安全部",
        help="Names and aliases in any language (case, spaces and punctuation do not matter), "
        "and the words of claims, quotes, notes, events and source titles.",
    )
    st.form_submit_button("Search", icon=":material/search:")
if typed.strip():
    st.query_params["q"] = typed.strip()
q = st.query_params.get("q", "").strip()


def _links(row: dict[str, Any]) -> None:
    if row["label"] == "Claim":
        st.page_link(
            "views/claim.py", label="Open the claim with its evidence",
            icon=":material/fact_check:", query_params={"claim": row["id"]},
        )  # fmt: skip
    elif row["label"] not in ("Event", "Source"):
        common.explore_link(row["id"], row["name"] or row["id"])
    if row.get("actor_id"):  # the actor this record of one source resolves to
        st.page_link(
            "views/actor.py", label=f"Actor {text.md(row.get('actor') or '')}",
            icon=":material/group:", query_params={"actor": row["actor_id"]},
        )  # fmt: skip


def _card(row: dict[str, Any]) -> None:
    with st.container(border=True):
        kind = f" · {text.md(row['kind'])}" if row.get("kind") else ""
        badge = f":gray-badge[{text.md(row['label'])}{kind}]"
        st.markdown(f"{highlight(row['name'], q)} {badge}")
        bits = []
        if row.get("date"):  # made on, happened or published: as precise as known
            bits.append(text.md(row["date"]))
        if row.get("claimant"):
            bits.append(f"claimed by **{text.md(row['claimant'])}**")
        if row.get("dataset"):
            bits.append(f"record of {text.md(row['dataset'])}")
        if row.get("named_by"):
            bits.append("name given by " + ", ".join(text.md(n) for n in row["named_by"]))
        if row.get("aliases"):
            bits.append("aliases: " + ", ".join(highlight(a, q) for a in row["aliases"][:12]))
        if bits:
            st.caption(" · ".join(bits))
        if row.get("sources"):  # the first source and how many more: provenance at a glance
            st.caption("Source: " + text.md(evidence.sources_text(row["sources"])))
        if row.get("summary"):
            st.markdown(highlight(row["summary"], q))
        _links(row)


if q:
    with common.query("search", {"q": q, "limit": 100}) as found:
        if found is not None and not found.rows:
            st.info(f"Nothing matches “{text.md(q)}”. Try fewer words, or part of a name.")
        elif found is not None:
            st.caption(f"{len(found.rows)} result(s) for “{text.md(q)}”")
            for title, labels in GROUPS:
                rows = [r for r in found.rows if r["label"] in labels]
                if rows:
                    st.subheader(f"{title} ({len(rows)})")
                    for row in rows:
                        _card(row)
