"""Lag: how long after a campaign began it was attributed, denied, answered in law.

Query: `attribution_lag` (each campaign's start and dated items); the rules, days and
medians are `attrib.lag`'s, the same as `attrib lag`'s. The chart shows each phase's exact
lags as a box and dots and the imprecise ones as ranges; the figures sit beside it, and what
they leave out is counted under them.
"""

from __future__ import annotations

import json

import streamlit as st

from attrib import lag, limits
from ui import common, lag_view, tables, text

st.title("Attribution lag")
st.caption(
    "Days from a campaign's start (first seen) to its first technical attribution, first "
    "political attribution (a government, agency, legislature, regulator or intergovernmental "
    "body, or someone working for one), first legal action (basis legal, sanctions, "
    "indictments) and first denial. Medians and quartiles use exact days only."
)

BY_LABELS = {"type": "phase", "state": "attributed state", "year": "year of the start"}
by = st.radio(
    "Group by",
    list(lag.GROUP_BYS),
    format_func=BY_LABELS.__getitem__,
    horizontal=True,
    key="lag_by",
)

# every campaign counts in the figures: the row cap at its maximum (10,000 campaigns), and the
# page says when even that was reached (the result's truncation notice)
with common.query("attribution_lag", {}, max_rows=limits.max_rows(10**9)) as result:
    if result is not None:
        summary = lag_view.summary(result, by)
        if not summary.campaigns:
            st.info("No campaigns found. Is the seed loaded (`attrib load seed_data`)?")
        else:
            if summary.truncated:
                st.warning("The row cap cut the campaigns: the figures cover the first ones only.")
            frame = lag_view.points(summary)
            # By phase the figures fit beside the chart (turned on their side); by state or
            # year the chart has a panel per group and the table a row per group and phase,
            # both too wide to share the page's width: the table goes under the chart.
            if by == "type":
                chart_area, table_area = st.columns([4, 3])
            else:
                chart_area = table_area = st.container()
            with chart_area:
                if frame.empty:
                    st.info("No campaign has a dated attribution, legal action or denial.")
                else:
                    st.altair_chart(lag_view.chart(frame, by), width="stretch")
                    st.caption(
                        "Box: median, quartiles and extremes of the exact lags; dots: one "
                        "campaign each; thin bars: a lag known only as a range (a month- or "
                        "year-dated start or item), left out of the box; dashed rule: the start."
                    )
            with table_area:
                st.markdown("**Days to the first …**")
                figures = (
                    lag_view.phases_frame(summary)
                    if by == "type"
                    else lag_view.groups_frame(summary)
                )
                st.dataframe(figures, hide_index=True)
                st.markdown(lag_view.left_out_text(summary))
                if by == "state":
                    st.caption(
                        "A campaign counts under each country it is linked to: named in an "
                        "attribution, by a sponsorship claim, or by its actor's OPERATES_FROM "
                        "(the via column)."
                    )
            st.subheader("Per campaign")
            # each phase's first item (days, date, who) is the page's evidence: all on screen
            # at 1,280 px, wrapped; the states after them
            widths = {"campaign": 140, "start": 85} | dict.fromkeys(lag.PHASES, 140)
            tables.show(
                lag_view.campaigns_frame(summary),
                key="lag-campaigns",
                config=tables.fixed(widths),
            )
            if summary.not_counted:
                with st.expander(f"Not counted ({len(summary.not_counted)})"):
                    for n in summary.not_counted:
                        st.markdown(
                            f"- {text.md(n.item.claimant or n.item.id)}, "
                            f"{text.md(n.item.date)}: {text.md(n.reason)}"
                        )
            st.download_button(
                "Download JSON",
                json.dumps(summary.document(), indent=2, ensure_ascii=False).encode("utf-8"),
                "attribution_lag.json",
                "application/json",
                key="lag-json",
                on_click="ignore",
            )
