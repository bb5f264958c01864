"""The attribution lag on screen: the Lag page's chart and tables, and the per-campaign strip
the Attributions page shows under a campaign's name.

The rules and the days are `attrib.lag`'s; this module only draws them. It lives apart from
the page script so the Attributions page can use the strip too.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from attrib import lag
from ui import common, text

PHASE_COLOURS = {"technical": "#4c78a8", "political": "#e45756", "legal": "#72b7b2",
                 "denial": "#b279a2"}  # fmt: skip
PHASE_TITLES = {
    "technical": "first technical attribution",
    "political": "first political attribution",
    "legal": "first legal action",
    "denial": "first denial",
}


def summary(result: common.Result, by: lag.GroupBy) -> lag.Summary:
    """The figures of an `attribution_lag` result."""
    return lag.summarise(result.rows, by, truncated=result.truncated)


def points(s: lag.Summary) -> pd.DataFrame:
    """One row per campaign, phase and group: what the chart draws (exact lags as dots,
    imprecise ones as a bar from the earliest to the latest day)."""
    out: list[dict[str, Any]] = []
    for c in s.campaigns:
        for key in lag.group_keys(c, s.by):
            for phase, m in c.milestones.items():
                if m.lag is None:
                    continue  # no start date: nothing to draw (counted below the chart)
                out.append(
                    {
                        "group": key or "all",
                        "phase": phase,
                        "campaign": c.name,
                        "start": c.start,
                        "date": m.item.date,
                        "by": m.item.claimant or m.item.statement or m.item.id,
                        "low": m.lag.low,
                        "high": m.lag.high,
                        "days": m.lag.low if m.lag.exact else None,
                        "exact": m.lag.exact,
                        "lag": m.lag.text(),
                    }
                )
    columns = ["group", "phase", "campaign", "start", "date", "by", "low", "high", "days",
               "exact", "lag"]  # fmt: skip
    return pd.DataFrame(out, columns=columns)


def chart(frame: pd.DataFrame, by: lag.GroupBy) -> alt.LayerChart | alt.FacetChart:
    """Days per phase: a box of the exact lags (median, quartiles, extremes), each campaign's
    exact lag as a dot, each imprecise one as a thin bar over its range, day 0 (the start)
    as a rule. By state or year: one panel per group."""
    phases = [p for p in lag.PHASES if p in set(frame["phase"])]
    y = alt.Y("phase:N", sort=phases, title=None)
    colour = alt.Color(
        "phase:N",
        scale=alt.Scale(domain=phases, range=[PHASE_COLOURS[p] for p in phases]),
        legend=None,
    )
    tooltip = ["campaign:N", "phase:N", "lag:N", "start:N", "date:N", "by:N"]
    base = alt.Chart(frame)
    exact = base.transform_filter("datum.exact")
    box = exact.mark_boxplot(extent="min-max", size=22, opacity=0.35).encode(
        x=alt.X("days:Q", title="days after the campaign's start"), y=y, color=colour
    )
    dots = exact.mark_circle(size=70, opacity=0.9).encode(
        x="days:Q", y=y, color=colour, tooltip=tooltip
    )
    ranges = (
        base.transform_filter("!datum.exact")
        .mark_bar(height=5, opacity=0.5, yOffset=14)
        .encode(x="low:Q", x2="high:Q", y=y, color=colour, tooltip=tooltip)
    )
    # day 0 from the same data (one aggregated row), so it is drawn in every panel too
    start = (
        base.transform_aggregate(items="count()")
        .mark_rule(strokeDash=[4, 3])
        .encode(x=alt.datum(0))
    )
    layered = alt.layer(box, dots, ranges, start)
    if by == "type":
        return layered.properties(height=70 * max(len(phases), 1))
    return layered.properties(height=55 * max(len(phases), 1)).facet(
        row=alt.Row("group:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left"))
    )


def groups_frame(s: lag.Summary) -> pd.DataFrame:
    """The figures as a compact table beside the chart: one row per group and phase; n, the
    median, the quartiles and the extremes in days, then what was left out of n (imprecise or
    without a start date) and how many of n came before the start. The JSON download and
    `attrib lag` give each number in a column of its own."""
    rows = []
    for g in s.groups:
        st_ = g.stats
        row: dict[str, Any] = {} if s.by == "type" else {s.by: g.key}
        row.update(
            {
                "phase": g.phase,
                "n": st_.n,
                "median": _days(st_.median),
                "q1–q3": _span(st_.q1, st_.q3),
                "min–max": _span(st_.low, st_.high),
                "left out": st_.left_out_imprecise + st_.left_out_undated,
                "before start": st_.before_start,
            }
        )
        if s.by == "state":
            row["via"] = ", ".join(g.via)
        rows.append(row)
    return pd.DataFrame(rows)


def phases_frame(s: lag.Summary) -> pd.DataFrame:
    """The figures by phase alone, turned on their side to sit beside the chart: one column
    per phase, one row per figure (n, median, quartiles, extremes, left out, before start)."""
    table = groups_frame(s).set_index("phase").T.astype(str)  # one type a column: text
    return table.reset_index(names="figure")


def _days(value: float | None) -> str:
    """A figure in days as text ("55", "22.5"), "—" when there is none."""
    if value is None:
        return "—"
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _span(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "—"
    return _days(low) if low == high else f"{_days(low)} to {_days(high)}"


def campaigns_frame(s: lag.Summary) -> pd.DataFrame:
    """One row per campaign: its start and the first item of each phase, with days."""
    rows = []
    for c in s.campaigns:
        row: dict[str, Any] = {"campaign": c.name, "start": c.start or "—"}
        for phase in lag.PHASES:
            row[phase] = milestone_text(c.milestones.get(phase))
        row["states"] = "; ".join(f"{k} ({', '.join(v)})" for k, v in c.states.items())
        rows.append(row)
    return pd.DataFrame(rows, columns=["campaign", "start", *lag.PHASES, "states"])


def milestone_text(m: lag.Milestone | None) -> str:
    """ "55 d (2021-03-02, Microsoft)", "54 to 84 d (2021-03, …)", "—" when none."""
    if m is None:
        return "—"
    days = m.lag.text() if m.lag else "no start date"
    flag = ", before the start" if m.lag and m.lag.before_start else ""
    who = f", {m.item.claimant}" if m.item.claimant else ""
    return f"{days} ({m.item.date}{who}{flag})"


def left_out_text(s: lag.Summary) -> str:
    """What the figures leave out, in one sentence (Markdown-safe: numbers only)."""
    left = s.left_out()
    return (
        f"Left out of the figures: **{left['imprecise']}** imprecise (a month- or year-dated "
        f"start or item: drawn as a range), **{left['no_start_date']}** without a start date; "
        f"**{left['attributions_not_counted']}** attribution(s) of no phase are not counted."
    )


def strip(campaign: lag.CampaignLag) -> str:
    """One campaign's lags on one Markdown line: start → first technical → first political
    → first legal → first denial, with days."""
    steps = [f"start {text.md(campaign.start or 'unknown')}"]
    for phase in lag.PHASES:
        m = campaign.milestones.get(phase)
        shown = text.md(milestone_text(m)) if m else "none"
        steps.append(f":{_badge(phase)}-badge[{phase}] {shown}")
    return " → ".join(steps)


def _badge(phase: str) -> str:
    return {"technical": "blue", "political": "red", "legal": "green", "denial": "violet"}[phase]


def show_strip(campaign_id: str, as_of_params: dict[str, Any]) -> None:
    """The strip for one campaign (the Attributions page), as known on the page's as-of date
    when it has one (`as_of_params`: as_of and period_start, or nothing), with a link to the
    Lag page."""
    result = common.run_quiet("attribution_lag", {"campaign": campaign_id, **as_of_params})
    if result is None or not result.rows:
        return
    one = lag.campaign_lag(result.rows[0])
    when = f", as known on {as_of_params['as_of']}" if as_of_params.get("as_of") else ""
    with st.container(border=True):
        st.markdown("**Attribution lag:** " + strip(one))
        st.caption(
            f"Days from the campaign's start to the first item of each phase{when}. Dates "
            "known only to the month or year give a range of days."
        )
        st.page_link("views/lag.py", label="All campaigns' lags", icon=":material/schedule:")
