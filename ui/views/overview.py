"""Overview: what the graph holds, the newest claims and the attributions that are disputed.

Queries: `overview_counts`, `newest_claims`, `as_of` (every attribution with its status today).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from attrib.values import partial_date_text
from ui import common

st.title("Attribution Explorer")
st.caption(
    "Who says who did what, how sure they are, and who denies it. Every attribution is a "
    "claim: made by someone, on a date, with a confidence, citing sources."
)

# --- Counts ------------------------------------------------------------------------------------


def show_counts(counts: common.Result) -> None:
    """Totals, then nodes by label and claims by kind as bars, relationships by type."""
    by_group: dict[str, dict[str, int]] = {}
    for row in counts.rows:
        by_group.setdefault(row["what"], {})[row["name"]] = row["count"]
    nodes = by_group.get("nodes", {})
    claims = by_group.get("claims", {})
    rels = by_group.get("relationships", {})
    m = st.columns(5)
    m[0].metric("Nodes", sum(nodes.values()))
    m[1].metric("Relationships", sum(rels.values()))
    m[2].metric("Claims", sum(claims.values()))
    m[3].metric("Attributions", claims.get("attribution", 0))
    m[4].metric("Denials", claims.get("denial", 0))

    left, right = st.columns(2)
    with left:
        st.subheader("Nodes by label")
        frame = pd.DataFrame({"label": list(nodes), "count": list(nodes.values())})
        st.bar_chart(frame, x="label", y="count", horizontal=True, sort="-count", height=320)
    with right:
        st.subheader("Claims by kind")
        frame = pd.DataFrame({"kind": list(claims), "count": list(claims.values())})
        st.bar_chart(frame, x="kind", y="count", horizontal=True, sort="-count", height=320)
    with st.expander("Relationships by type"):
        st.dataframe(
            pd.DataFrame({"type": list(rels), "count": list(rels.values())}),
            hide_index=True,
            width="stretch",
        )


with common.query("overview_counts") as counts:
    if counts is not None:
        show_counts(counts)

# --- Contested attributions --------------------------------------------------------------------

st.subheader("Disputed attributions")
st.caption(
    "Attribution and sponsorship claims that a denial disputes: **denied** when the accused "
    "party (or its state) denies it, **contested** when only others do."
)
with common.query("as_of", {"as_of": dt.date.today().isoformat()}) as disputed:
    if disputed is not None:
        rows = [r for r in disputed.rows if r["status"] != "uncontested"]
        if rows:
            table = pd.DataFrame(
                [
                    {
                        "status": r["status"],
                        "claimant": r["claimant"],
                        "kind": r["kind"],
                        "subject": r["subject"],
                        "attributed to": r["attributed"],
                        "made on": partial_date_text(r["made_on"]) or "—",
                        "confidence": r["confidence"],
                        "wording": r["confidence_label"],
                        "denied by": ", ".join(d["claimant"] or "?" for d in r["denials"]),
                    }
                    for r in rows
                ]
            )
            st.dataframe(table, hide_index=True, width="stretch")
        else:
            st.success("No attribution is disputed.")
        uncontested = len(disputed.rows) - len(rows)
        st.caption(f"{uncontested} attribution/sponsorship claim(s) are uncontested.")

# --- Newest claims -----------------------------------------------------------------------------

st.subheader("Newest claims")
with common.query("newest_claims", {"limit": 10}) as newest:
    if newest is not None:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "made on": partial_date_text(r["made_on"], r.get("made_on_precision"))
                        or "—",
                        "kind": r["kind"],
                        "claimant": r["claimant"],
                        "statement": r["statement"],
                        "confidence": r["confidence_label"],
                    }
                    for r in newest.rows
                ]
            ),
            hide_index=True,
            width="stretch",
        )
