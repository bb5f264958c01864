"""Attributions: for one campaign, who says who did it, side by side, and who denies it.

Queries: `attribution_lag` (the strip of days from the start to the first item of each phase,
`ui/lag_view.py`), `competing_attributions` (the claims, their state links, sources and the
denials against each, with a status), `non_attributions` (explicit "no link" claims, shown apart
and never as attributions), `denials` (their quotes and sources), `attribution_matrix` and
`search` (to pick the campaign), `latest_claim_date` (the as-of date's default). As of a date,
every query applies the same rule (ui/as_of.py): what was dated by then, a month or year
counting from the end of its period unless the start is chosen, and only the sources published
by then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from attrib.values import confidence_text, period_bounds, period_sort_key
from ui import as_of as as_of_view
from ui import common, evidence, lag_view, result_view, tables, text

st.title("Competing attributions")
st.caption(
    "Each column is one claim about who is behind the campaign; the denials that dispute a "
    "claim are placed under it. Non-attributions (“no link”) are listed apart."
)


# --- Picking the campaign ----------------------------------------------------------------------


def campaign_options(extra_query: str) -> dict[str, str]:
    """Campaign id -> name: those with attribution claims, plus matches for a search."""
    options: dict[str, str] = {}
    matrix = common.run_quiet("attribution_matrix", {})
    for row in matrix.rows if matrix else []:
        options.setdefault(row["campaign_id"], row["campaign"])
    if extra_query.strip():
        found = common.run_quiet("search", {"q": extra_query, "limit": 25})
        for row in found.rows if found else []:
            if row.get("label") == "Campaign":
                options.setdefault(row["id"], row["name"])
    return options


def find_campaign() -> None:
    """Callback of the search box: select the first campaign it finds."""
    text = st.session_state.get("attr_find") or ""
    found = common.run_quiet("search", {"q": text, "limit": 25}) if text.strip() else None
    match = next((r for r in found.rows if r.get("label") == "Campaign"), None) if found else None
    if match:
        st.session_state["attr_campaign"] = match["id"]


url_campaign = st.query_params.get("campaign")
top = st.columns([3, 2])
find = top[1].text_input(
    "Find another campaign",
    key="attr_find",
    placeholder="name or alias, e.g. SolarWinds",
    help="Campaigns with attribution claims are listed; search to add any other.",
    on_change=find_campaign,
)
options = campaign_options(find)
if url_campaign and url_campaign not in options:
    found = common.run_quiet("campaign_details", {"campaign": url_campaign})
    if found and found.rows:
        options[url_campaign] = found.rows[0]["name"]
if not options:
    # Nothing to pick: the queries failed (the next run says why) or the graph is empty.
    common.run("attribution_matrix", {})
    st.info("No campaigns found. Is the seed loaded (`attrib load seed_data`)?")
    st.stop()

# Which campaign: a link or the address bar (?campaign=…) first, then the user's last pick.
if url_campaign in options and url_campaign != st.session_state.get("attributions_campaign"):
    st.session_state["attr_campaign"] = url_campaign
elif st.session_state.get("attr_campaign") not in options:
    remembered = st.session_state.get("attributions_campaign")
    st.session_state["attr_campaign"] = remembered if remembered in options else next(iter(options))
campaign = top[0].selectbox(
    "Campaign",
    list(options),
    format_func=lambda cid: options.get(cid, cid),  # options are plain text, not Markdown
    key="attr_campaign",
)
st.session_state["attributions_campaign"] = campaign
st.query_params["campaign"] = campaign

# --- As of, filters ----------------------------------------------------------------------------

with st.container(border=True):
    a1, a2, a3 = st.columns([2, 4, 5])
    use_as_of = a1.toggle("As of a date", key="attr_use_as_of")
    as_of: dt.date | None = None
    period_start = False
    if use_as_of:
        # the default comes from the data: the day the latest claim counts from
        as_of = as_of_view.day_box(a2, key="attr_as_of", default=as_of_view.latest_known_on())
        rule = a3.radio(
            "A month- or year-dated claim or source counts as known from the",
            as_of_view.PERIOD_RULES,
            horizontal=True,
            key="attr_period_rule",
            help=as_of_view.RULE_HELP,
        )
        period_start = rule == as_of_view.START
        if as_of:
            st.caption(as_of_view.rule_caption(as_of, period_start))
    f2, f3, f4 = st.columns([2, 1, 2])

# The same as-of parameters for every query of the page (none without a date).
as_of_params: dict[str, Any] = (
    {"as_of": as_of.isoformat(), "period_start": period_start} if as_of else {}
)
params: dict[str, Any] = {"campaign": campaign, **as_of_params}
result = common.run("competing_attributions", params, show=False)
rows = result.rows if result else []

claimants = sorted({r["claimant"] for r in rows if r.get("claimant")})
chosen_claimants = f2.multiselect(
    "Claimant", claimants, default=[], key="attr_claimants", placeholder="all claimants"
)
min_conf = f3.slider("Min. confidence", 0, 100, 0, step=5, key="attr_min_conf")
# Dates are as precise as known ("2021-03"): a claim is kept when its period meets the range.
periods = [b for b in (period_bounds(r.get("made_on")) for r in rows) if b]
lo = min((first for first, _ in periods), default=None)
hi = max((last for _, last in periods), default=None)
date_range = f4.date_input(
    "Claim made between",
    value=[lo, hi] if lo and hi else [],  # an empty range when no claim is shown
    key=f"attr_dates_{campaign}_{as_of}_{period_start}",
)


def keep(row: dict[str, Any]) -> bool:
    if chosen_claimants and row.get("claimant") not in chosen_claimants:
        return False
    conf = row.get("confidence")
    if min_conf and (conf is None or conf < min_conf):
        return False
    made = period_bounds(row.get("made_on"))
    if isinstance(date_range, tuple) and len(date_range) == 2 and made:
        start, end = date_range
        if made[1] < start or made[0] > end:
            return False
    return True


shown = [r for r in rows if keep(r)]

# The denials in full (quote, sources), to place under the claims they dispute.
denial_params = {"id": campaign, **as_of_params}
denial_result = common.run_quiet("denials", denial_params) if rows else None
denials_by_id = {r["denial"]: r for r in denial_result.rows} if denial_result else {}

# --- The claims side by side ---------------------------------------------------------------------


def state_link_lines(row: dict[str, Any]) -> list[str]:
    """The state behind the attributed party: named in the claim, or claimed by whom."""
    lines = []
    for link in row.get("state_link") or []:
        state = f"**{text.md(link['state'])}** ({text.md(link.get('state_kind'))})"
        if link.get("claimant"):
            number = link.get("confidence")
            conf = f", {text.md(number)}/100" if number is not None else ""
            made = link.get("made_on") or "—"
            lines.append(f"{state} — per {text.md(link['claimant'])}, {text.md(made)}{conf}")
        else:
            lines.append(f"{state} — named in this claim")
    return lines


def denial_note(d: dict[str, Any], claim_made_on: Any) -> None:
    """A denial against the claim it disputes: who, when (as precise as known, and whether
    before or after the claim), what, sources."""
    full = denials_by_id.get(d.get("claim"), {})
    party = " (the accused party)" if d.get("by_attributed_party") else ""
    made = d.get("made_on") or "—"  # as precise as known, like every date the queries give
    order = evidence.order_text(d.get("made_on"), claim_made_on)
    when = f"{text.md(made)}, {order}" if order else text.md(made)
    note = (
        f":red-badge[:material/block: denial] **Denied by {text.md(d.get('claimant'))}{party}**, "
        f"{when}: {text.md(d.get('statement'))}"
    )
    if full.get("quote"):
        note += f"\n\n> {text.md(full['quote'])}"
    links = [common.source_link(s) for s in full.get("sources") or []]
    if links:
        note += "\n\nSources: " + "; ".join(links)
    with st.container(border=True):
        st.markdown(note)


def card(row: dict[str, Any]) -> None:
    with st.container(border=True):
        who = text.md(row.get("claimant")) or "unknown claimant"
        org = f" ({text.md(row['claimant_org'])})" if row.get("claimant_org") else ""
        st.markdown(f"##### {who}{org}")
        st.markdown(
            f"{common.status_badge(row['status'])} :gray-badge[{text.md(row['kind'])}] "
            f":gray-badge[{text.md(row.get('claimant_kind')) or '?'}]"
        )
        made = row.get("made_on") or "—"
        confidence = text.md(
            confidence_text(
                row.get("confidence_label"), row.get("confidence"), row.get("confidence_scale")
            )
        )
        st.markdown(
            f"**Attributed to:** {text.md(row['attributed'])} "
            f"({text.md(row['attributed_label'])})  \n"
            f"**Made on:** {text.md(made)}  \n"
            f"**Basis:** {text.md(row.get('basis')) or 'unspecified'}  \n"
            f"**Confidence:** {confidence}"
        )
        links = state_link_lines(row)
        st.markdown(
            "**State link:**" + ("\n" + "\n".join(f"- {x}" for x in links) if links else " none")
        )
        # in time order, each placed before or after the claim
        denials = sorted(row.get("denials") or [], key=lambda d: period_sort_key(d.get("made_on")))
        for d in denials:
            denial_note(d, row.get("made_on"))
        if not denials:
            st.caption("No denial disputes this claim.")
        evidence.said_block(row)
        evidence.sources_block(row)
        common.explore_link(row.get("attributed_id"), row["attributed"])
        st.caption(f"claim id: {text.code(row['claim'])}")


# px: at 1,280 px who, what, when, how sure and on what sources are on screen; the rest of a
# claim (kind, state link, basis, wording, denials) follows, and is whole in the selected row.
GLANCE_COLUMNS = tables.fixed(
    {"status": 78, "claimant": 120, "attributed to": 110, "made on": 84, "0-100": 70,
     "sources": 250}
)  # fmt: skip


def glance(items: list[dict[str, Any]]) -> None:
    """The claims in one table, for comparing at a glance: the evidence first."""
    table = pd.DataFrame(
        [
            {
                "status": r["status"],
                "claimant": r.get("claimant"),
                "attributed to": r["attributed"],
                "made on": r.get("made_on") or "—",
                "0-100": r.get("confidence"),
                "sources": evidence.sources_text(r.get("sources")),
                "denied by": ", ".join(d.get("claimant") or "?" for d in r.get("denials") or []),
                "kind": r["kind"],
                "state link": ", ".join(
                    sorted({link["state"] for link in r.get("state_link") or []})
                ),
                "basis": r.get("basis"),
                "wording": r.get("confidence_label"),
                "first source": evidence.first_url(r.get("sources")),
            }
            for r in items
        ]
    )
    tables.show(
        table,
        key="attributions-glance",
        records=items,
        detail=result_view.row_detail,
        config=GLANCE_COLUMNS,
    )


def columns_of(items: list[dict[str, Any]], per_row: int = 3) -> None:
    for start in range(0, len(items), per_row):
        cols = st.columns(per_row)
        for col, row in zip(cols, items[start : start + per_row], strict=False):
            with col:
                card(row)


name = options.get(campaign, campaign)
when = f" as known on {as_of.isoformat()}" if as_of else ""
st.subheader(f"{text.md(name)}{when}")
lag_view.show_strip(campaign, as_of_params)  # start -> the first of each phase, days
if result is not None:
    direct = [r for r in shown if r["scope"] == "campaign"]
    via_actor = [r for r in shown if r["scope"] != "campaign"]
    if not rows:
        st.info("No attribution or sponsorship claim names anyone for this campaign" + when + ".")
    elif not shown:
        st.info("No claim matches the filters.")
    if direct:
        counts = {s: sum(r["status"] == s for r in direct) for s in common.STATUS_COLOURS}
        st.markdown(
            f"**{len(direct)} claim(s) about the campaign:** "
            + " ".join(f"{common.status_badge(s)} {n}" for s, n in counts.items() if n)
        )
        glance(direct)
        columns_of(direct)
    if via_actor:
        st.markdown("##### State links claimed for the attributed actors")
        st.caption(
            "Sponsorship and attribution claims whose subject is an actor this campaign is "
            "attributed to."
        )
        columns_of(via_actor)
common.show_query("competing_attributions", params, result)
if denial_result is not None:
    common.show_query("denials", denial_params, denial_result)

# --- Non-attributions, apart -------------------------------------------------------------------

st.subheader("Non-attributions (explicit “no link”)")
st.caption("These say someone is *not* behind the campaign; they never count as attributions.")
non_params = {"id": campaign, **as_of_params}
non = common.run("non_attributions", non_params, show=False)
non_rows = non.rows if non else []
if non is not None and not non_rows:
    st.caption("None recorded for this campaign.")
for r in non_rows:
    with st.container(border=True):
        st.markdown(
            f":violet-badge[non-attribution] **{text.md(r.get('claimant'))}** says "
            f"**{text.md(r.get('subject'))}** is not linked to "
            f"**{text.md(r.get('not_linked_to'))}** "
            f"({text.md(r.get('made_on')) or '—'})"
        )
        st.markdown(text.md_block(r.get("statement")))
        if r.get("quote"):
            st.markdown(f"> {text.md(r['quote'])}")
        st.markdown(
            "**Confidence:** "
            + text.md(confidence_text(r.get("confidence_label"), r.get("confidence")))
        )
        st.markdown("\n".join(f"- {common.source_link(s)}" for s in r.get("sources") or []))
common.show_query("non_attributions", non_params, non)
