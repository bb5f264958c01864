"""Overview: what the graph holds, the newest claims and the attributions that are disputed,
each claim with its sources (a selected row shows them whole, with the claim's words).

Queries: `overview_counts`, `newest_claims`, `latest_claim_date` and `as_of` (every attribution
with its status as known once the latest claim was made: the date comes from the data).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui import as_of as as_of_view
from ui import common, evidence, result_view, tables

BAR_PX = 26  # px a bar of the count charts: room for its label
MIN_CHART_PX = 160
# px: at 1,280 px each table keeps its evidence (date, confidence, sources) on screen; the
# other columns follow, and a selected row shows the claim whole.
DISPUTED_COLUMNS = tables.fixed(
    {"status": 78, "claimant": 120, "attributed to": 110, "made on": 84, "0-100": 70,
     "sources": 250}
)  # fmt: skip
NEWEST_COLUMNS = tables.fixed(
    {"made on": 84, "kind": 96, "claimant": 100, "statement": 220, "0-100": 70, "sources": 200}
)

st.title("Attribution Explorer")
st.caption(
    "Who says who did what, how sure they are, and who denies it. Every attribution is a "
    "claim: made by someone, on a date, with a confidence, citing sources."
)

# --- Counts ------------------------------------------------------------------------------------


def bars(frame: pd.DataFrame, name: str) -> alt.Chart:
    """Counts as horizontal bars, the largest first, every bar named: each gets room for its
    label (`BAR_PX`), and labels are never dropped to avoid overlap (Vega's default)."""
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="count"),
            y=alt.Y(f"{name}:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False)),
            tooltip=[name, "count"],
        )
        .properties(height=max(MIN_CHART_PX, BAR_PX * len(frame)))
    )
    return chart


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
        st.altair_chart(bars(frame, "label"), width="stretch")
    with right:
        st.subheader("Claims by kind")
        frame = pd.DataFrame({"kind": list(claims), "count": list(claims.values())})
        st.altair_chart(bars(frame, "kind"), width="stretch")
    with st.expander("Relationships by type"):
        tables.show(
            pd.DataFrame({"type": list(rels), "count": list(rels.values())}),
            key="overview-relationships",
        )


with common.query("overview_counts") as counts:
    if counts is not None:
        show_counts(counts)

# --- Contested attributions --------------------------------------------------------------------


def show_disputed(disputed: common.Result) -> None:
    """The attributions a denial disputes, in one table; the rest counted."""
    rows = [r for r in disputed.rows if r["status"] != "uncontested"]
    if rows:
        table = pd.DataFrame(
            [
                {
                    "status": r["status"],
                    "claimant": r["claimant"],
                    "attributed to": r["attributed"],
                    "made on": r["made_on"] or "—",
                    "0-100": r["confidence"],
                    "sources": evidence.sources_text(r.get("sources")),
                    "denied by": ", ".join(d["claimant"] or "?" for d in r["denials"]),
                    "denied on": ", ".join(d.get("made_on") or "?" for d in r["denials"]),
                    "kind": r["kind"],
                    "wording": r["confidence_label"],
                    "subject": r["subject"],
                    "first source": evidence.first_url(r.get("sources")),
                }
                for r in rows
            ]
        )
        tables.show(
            table,
            key="overview-disputed",
            records=rows,
            detail=result_view.row_detail,
            config=DISPUTED_COLUMNS,
        )
    else:
        st.success("No attribution is disputed.")
    uncontested = len(disputed.rows) - len(rows)
    st.caption(f"{uncontested} attribution/sponsorship claim(s) are uncontested.")


st.subheader("Disputed attributions")
latest = as_of_view.latest_known_on()  # from the data, not the clock
as_known = f" As known on {latest.isoformat()}, when the latest claim counts." if latest else ""
st.caption(
    "Attribution and sponsorship claims that a denial disputes: **denied** when the accused "
    "party (or its state) denies it, **contested** when only others do." + as_known
)
if latest is None:
    st.info("No dated claim is in the graph yet.")
else:
    with common.query("as_of", {"as_of": latest.isoformat()}) as disputed:
        if disputed is not None:
            show_disputed(disputed)

# --- Newest claims -----------------------------------------------------------------------------

st.subheader("Newest claims")
with common.query("newest_claims", {"limit": 10}) as newest:
    if newest is not None:
        table = pd.DataFrame(
            [
                {
                    "made on": r["made_on"] or "—",
                    "kind": r["kind"],
                    "claimant": r["claimant"],
                    "statement": r["statement"],
                    "0-100": r["confidence"],
                    "sources": evidence.sources_text(r.get("sources")),
                    "wording": r["confidence_label"],
                    "first source": evidence.first_url(r.get("sources")),
                }
                for r in newest.rows
            ]
        )
        tables.show(
            table,
            key="overview-newest",
            records=newest.rows,
            detail=result_view.row_detail,
            config=NEWEST_COLUMNS,
        )
