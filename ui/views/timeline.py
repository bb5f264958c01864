"""Timeline: dated claims and events on one chart, for the whole graph or one entity.

Query: `timeline` (claims by made_on, events by date; each row labelled with its kind, so a
denial or non-attribution is never shown as an attribution), `search` to pick the entity.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui import common

st.title("Timeline")
st.caption(
    "Claims (by the day they were made) and events (by the day they happened). A date known "
    "only to the month or year is drawn on its first day and marked as such."
)

left, right = st.columns([2, 3])
find = left.text_input(
    "Filter by entity", key="timeline_q", placeholder="name or alias, e.g. HAFNIUM (empty: all)"
)
entity_id: str | None = None
if find.strip():
    found = common.run_quiet("search", {"q": find, "limit": 25})
    if found is None:
        common.run("search", {"q": find, "limit": 25})  # says what went wrong
    elif not found.rows:
        left.info(f"Nothing is called “{find}”; showing everything.")
    else:
        names = {r["id"]: f"{r['name']} ({r['label']})" for r in found.rows}
        entity_id = right.selectbox(
            "Entity", list(names), format_func=names.__getitem__, key="timeline_entity"
        )

params = {"id": entity_id, "limit": 500} if entity_id else {"limit": 500}
result = common.run("timeline", params, show=False)
if result is not None and result.rows:
    frame = pd.DataFrame(result.rows)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["when"] = [
        common.fmt_date(d, p)
        for d, p in zip([r["date"] for r in result.rows], frame["precision"], strict=True)
    ]
    frame["lane"] = [
        f"claim: {k}" if t == "claim" else f"event: {k}"
        for t, k in zip(frame["type"], frame["kind"], strict=True)
    ]
    frame["who"] = frame["claimant"].fillna("")
    frame["about"] = [
        ", ".join(c) if isinstance(c, list) else (s or "")
        for c, s in zip(frame["concerns"], frame["subject"], strict=True)
    ]
    if len(result.rows) >= 500 or result.truncated:
        st.warning("Only the first 500 dated items are shown; filter by an entity to see the rest.")
    kinds = sorted(frame["kind"].dropna().unique())
    chosen = st.multiselect("Kinds", kinds, default=kinds, key="timeline_kinds")
    shown = frame[frame["kind"].isin(chosen)]
    st.session_state["timeline:rows"] = [
        {"id": r["id"], "type": r["type"], "kind": r["kind"], "date": r["when"]}
        for r in shown.to_dict("records")
    ]
    chart = (
        alt.Chart(shown)
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X(
                "date:T",
                title="date",
                axis=alt.Axis(format="%b %Y", labelAngle=0),
                scale=alt.Scale(padding=16),
            ),
            y=alt.Y(
                "lane:N",
                title=None,
                sort=sorted(shown["lane"].unique()),
                axis=alt.Axis(labelLimit=220),
            ),
            color=alt.Color(
                "kind:N", legend=alt.Legend(title="kind"), scale=alt.Scale(scheme="tableau20")
            ),
            shape=alt.Shape("type:N", legend=alt.Legend(title="what")),
            tooltip=[
                alt.Tooltip("when:N", title="date"),
                alt.Tooltip("type:N"),
                alt.Tooltip("kind:N"),
                alt.Tooltip("text:N", title="what"),
                alt.Tooltip("who:N", title="claimant"),
                alt.Tooltip("about:N", title="about"),
                alt.Tooltip("confidence_label:N", title="confidence"),
            ],
        )
        .properties(height=max(220, 34 * shown["lane"].nunique()))
        .interactive(bind_y=False)
    )
    st.altair_chart(chart, width="stretch")
    st.dataframe(
        shown[["when", "type", "kind", "text", "who", "about", "confidence_label", "id"]].rename(
            columns={
                "when": "date",
                "text": "what",
                "who": "claimant",
                "confidence_label": "confidence",
            }
        ),
        hide_index=True,
        width="stretch",
    )
elif result is not None:
    st.info("No dated claims or events" + (" for this entity." if entity_id else "."))
common.show_cypher(common.query_text("timeline"), params, name="timeline", result=result)
