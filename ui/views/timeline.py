"""Timeline: dated claims and events on one chart, for the whole graph or one entity.

Query: `timeline` (claims by made_on, events by date; each row labelled with its kind, so a
denial or non-attribution is never shown as an attribution; each with its sources, shown
inline and, for a selected row, whole: ui/evidence_rows.py), `search` to pick the entity.
"""

from __future__ import annotations

import streamlit as st

from ui import common, evidence_rows, tables, text, timeline_chart

PAGE_SIZE = 100  # rows a page: a seed-sized timeline reads as one list
MAX_HEIGHT = 720  # px: a longer page scrolls inside the table, the chart stays in reach

st.title("Timeline")
st.caption(
    "Claims (by the day they were made) and events (by the day they happened). A date known "
    "only to the month or year is shown as such (2021-03, 2022) and drawn on its first day."
)
PERIOD_NOTE = (
    "In the table a date known only to the month or year (2021-03, 2022) comes after the "
    "days of its period: it counts as known from the period's last day."
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
        left.info(f"Nothing is called “{text.md(find)}”; showing everything.")
    else:
        # Select options are plain text (not Markdown): shown as they are.
        names = {r["id"]: f"{r['name']} ({r['label']})" for r in found.rows}
        entity_id = right.selectbox(
            "Entity", list(names), format_func=names.__getitem__, key="timeline_entity"
        )

params = {"id": entity_id, "limit": 500} if entity_id else {"limit": 500}
with common.query("timeline", params) as result:
    if result is not None and result.rows:
        frame = timeline_chart.frame(result, result.run_id)
        if len(result.rows) >= 500 or result.truncated:
            st.warning(
                "Only the first 500 dated items are shown; filter by an entity to see the rest."
            )
        kinds = sorted(frame["kind"].dropna().unique())
        chosen = st.multiselect("Kinds", kinds, default=kinds, key="timeline_kinds")
        view = timeline_chart.view(frame, result.run_id, tuple(chosen))
        st.vega_lite_chart(view.drawn, view.spec, width="stretch")
        st.caption(PERIOD_NOTE)
        tables.show(
            view.table,
            key="timeline",
            records=[result.rows[i] for i in view.table.index],
            detail=evidence_rows.timeline_detail,
            config=evidence_rows.TIMELINE_COLUMNS,
            page_size=PAGE_SIZE,
            max_height=MAX_HEIGHT,
        )
    elif result is not None:
        st.info("No dated claims or events" + (" for this entity." if entity_id else "."))
