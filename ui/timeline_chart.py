"""The timeline page's table and chart, derived from a `timeline` result.

They live in a module of their own, not in the page script: Streamlit runs a page script
again on every rerun, and a cached function defined there is wrapped (its source read and
hashed) again each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from attrib.values import period_bounds, period_sort_key
from ui import common, evidence

# A rerun (any widget change) must not rebuild the table and the chart of up to 500 items:
# both are derived once per query execution (Result.run_id) and choice of kinds, and kept as
# shared objects (cache_resource: no copy on every rerun). Nothing below mutates them.


@dataclass(frozen=True)
class View:
    """What the page shows for one choice of kinds."""

    table: pd.DataFrame  # the table under the chart (its index: the rows' places in the result)
    drawn: pd.DataFrame  # the chart's data: only the columns it draws or its tooltip shows
    spec: dict[str, Any]  # the chart's Vega-Lite spec, without the data


@st.cache_resource(ttl=common.CACHE_TTL_SECONDS, show_spinner=False, max_entries=32)
def frame(_result: common.Result, run_id: str) -> pd.DataFrame:
    """The timeline rows as a frame with display columns: when (the date as precise as known,
    "2021-03"), date (its first day, where the chart draws it), lane, who, about, the sources
    as one cell and the first source's link. Its index is the row's place in the result; its
    rows are in date order by period, a month or a year after the days it holds."""
    out = pd.DataFrame(_result.rows)
    out["when"] = out["date"].fillna("—")
    periods = [period_bounds(d) for d in out["date"]]
    out["date"] = pd.to_datetime([p[0] if p else None for p in periods])
    out["lane"] = [
        f"claim: {k}" if t == "claim" else f"event: {k}"
        for t, k in zip(out["type"], out["kind"], strict=True)
    ]
    out["who"] = out["claimant"].fillna("")
    out["about"] = [
        ", ".join(c) if isinstance(c, list) else (s or "")
        for c, s in zip(out["concerns"], out["subject"], strict=True)
    ]
    out["cited"] = [evidence.sources_text(s) for s in out["sources"]]
    out["link"] = [evidence.first_url(s) for s in out["sources"]]
    # a month or a year after the days it holds (ties keep the query's order)
    order = sorted(range(len(out)), key=lambda i: period_sort_key(_result.rows[i].get("date")))
    return out.iloc[order]


def kinds(frame: pd.DataFrame) -> list[str]:
    """Every kind of the timeline, in a fixed order: the colour scale's domain."""
    return sorted(str(k) for k in frame["kind"].dropna().unique())


@st.cache_resource(ttl=common.CACHE_TTL_SECONDS, show_spinner=False, max_entries=64)
def view(_frame: pd.DataFrame, run_id: str, chosen: tuple[str, ...]) -> View:
    """The table and the chart for the chosen kinds."""
    shown = _frame[_frame["kind"].isin(chosen)]
    # Only what the chart draws or its tooltip shows goes to the browser with it.
    drawn = shown[
        ["date", "lane", "kind", "type", "when", "text", "who", "about", "confidence_label",
         "cited"]
    ]  # fmt: skip
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
            # every kind of the result in the scale, chosen or not: a kind keeps its colour
            # when the filter changes
            color=alt.Color(
                "kind:N",
                legend=alt.Legend(title="kind"),
                scale=alt.Scale(scheme="tableau20", domain=kinds(_frame)),
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
                alt.Tooltip("cited:N", title="sources"),
            ],
        )
        .properties(height=max(220, 34 * shown["lane"].nunique()))
        .interactive(bind_y=False)
    )
    # What an analyst reads first (date, kind, who, what, sources) on the left: on screen at
    # 1,280 px (ui/evidence_rows.py TIMELINE_COLUMNS).
    table = shown[
        ["when", "kind", "who", "text", "confidence", "cited", "confidence_label", "link",
         "about", "type", "id"]
    ]  # fmt: skip
    table = table.rename(
        columns={
            "when": "date",
            "text": "what",
            "cited": "sources",
            "who": "claimant",
            "confidence": "0-100",
            "confidence_label": "confidence",
        }
    )
    # The data goes to Streamlit as a frame, not inlined in the spec as a list of records.
    spec = {k: v for k, v in chart.to_dict().items() if k not in ("data", "datasets")}
    return View(table=table, drawn=drawn, spec=spec)
