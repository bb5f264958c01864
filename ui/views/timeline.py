"""Timeline: dated claims and events on one chart, for the whole graph or one entity.

Query: `timeline` (claims by made_on, events by date; each row labelled with its kind, so a
denial or non-attribution is never shown as an attribution), `search` to pick the entity.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui import common

# A rerun (any widget change) must not rebuild the table and the chart of up to 500 items:
# both are derived once per query execution (Result.run_id) and choice of kinds.


@st.cache_data(ttl=common.CACHE_TTL_SECONDS, show_spinner=False, max_entries=32)
def _frame(_result: common.Result, run_id: str) -> pd.DataFrame:
    """The timeline rows as a frame with display columns (date as datetime, lane, who)."""
    rows = _result.rows
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["when"] = [
        common.fmt_date(r["date"], p) for r, p in zip(rows, frame["precision"], strict=True)
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
    return frame


@st.cache_data(ttl=common.CACHE_TTL_SECONDS, show_spinner=False, max_entries=64)
def _view(
    _frame: pd.DataFrame, run_id: str, chosen: tuple[str, ...]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """(the table shown, the Vega-Lite spec of the chart) for the chosen kinds."""
    shown = _frame[_frame["kind"].isin(chosen)]
    # Only what the chart draws or its tooltip shows goes into the spec's inline data.
    drawn = shown[
        ["date", "lane", "kind", "type", "when", "text", "who", "about", "confidence_label"]
    ]
    chart = (
        alt.Chart(drawn)
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
    table = shown[["when", "type", "kind", "text", "who", "about", "confidence_label", "id"]]
    table = table.rename(
        columns={
            "when": "date",
            "text": "what",
            "who": "claimant",
            "confidence_label": "confidence",
        }
    )
    return table, chart.to_dict()


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
    frame = _frame(result, result.run_id)
    if len(result.rows) >= 500 or result.truncated:
        st.warning("Only the first 500 dated items are shown; filter by an entity to see the rest.")
    kinds = sorted(frame["kind"].dropna().unique())
    chosen = st.multiselect("Kinds", kinds, default=kinds, key="timeline_kinds")
    shown, spec = _view(frame, result.run_id, tuple(chosen))
    st.session_state["timeline:rows"] = [
        {"id": r["id"], "type": r["type"], "kind": r["kind"], "date": r["date"]}
        for r in shown[["id", "type", "kind", "date"]].to_dict("records")
    ]
    st.vega_lite_chart(spec, width="stretch")
    st.dataframe(shown, hide_index=True, width="stretch")
elif result is not None:
    st.info("No dated claims or events" + (" for this entity." if entity_id else "."))
common.show_cypher(common.query_text("timeline"), params, name="timeline", result=result)
