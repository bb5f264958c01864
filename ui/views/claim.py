"""Claim: one claim whole (`?claim=ID`), judged by its evidence.

Statement, the claimant's own words, who and what it is about, the date as precise as the
source, confidence in the original wording and normalised, basis, the editor's note, every
source (with reliability and what it relays), what disputes or supports it, and its history:
when each part of it became known. Query: `claim_detail`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from attrib.evidence import independence_text, relaying
from attrib.values import confidence_text, partial_date_text, period_sort_key
from ui import common, evidence, text

KIND_BADGES = {  # non-attribution and denial never look like an attribution
    "attribution": ":blue-badge[attribution]",
    "non-attribution": ":violet-badge[non-attribution: no link]",
    "denial": ":red-badge[denial]",
    "sponsorship": ":orange-badge[state link (sponsorship)]",
}

st.title("Claim")
claim_id = st.query_params.get("claim", "")
typed = st.text_input("Claim id", value=claim_id, placeholder="e.g. claim-…")
if typed.strip() and typed.strip() != claim_id:
    st.query_params["claim"] = typed.strip()
    st.rerun()
if not claim_id:
    st.info("Open a claim from Search, Explore or Attributions, or type its id.")
    st.stop()


def when(item: dict[str, Any], field: str = "made_on") -> str:
    return partial_date_text(item.get(field), item.get(f"{field}_precision")) or "undated"


def entity(node: dict[str, Any] | None) -> str:
    if not node:
        return "—"
    return f"{text.md(node.get('name') or node.get('id'))} ({text.md(node.get('label'))})"


def claim_line(other: dict[str, Any], made_on: Any) -> None:
    """A claim that disputes or supports this one (or that this one disputes or supports):
    when, and whether before or after this claim; who; what."""
    order = evidence.order_text(other.get("made_on"), made_on)
    st.markdown(
        f"- {when(other)}{f' ({order})' if order else ''} · "
        f"**{text.md(other.get('claimant') or 'unknown')}** "
        f"({text.md(other.get('kind'))}): {text.md(other.get('statement'))}"
    )
    st.page_link(
        "views/claim.py", label="Open", icon=":material/fact_check:",
        query_params={"claim": other["id"]},
    )  # fmt: skip


def show_sources(claim: dict[str, Any]) -> None:
    sources = claim["sources"]
    st.subheader(f"Sources ({len(sources)})")
    st.caption(
        f"{independence_text(sources)} (each relays another source this claim cites)"
        if relaying(sources)
        else f"{len(sources)} source(s), none relaying another cited here"
    )
    for src in sorted(sources, key=lambda s: str(s.get("published") or "")):
        bits = [common.source_link({**src, "published": when(src, "published")})]
        if src.get("reliability"):
            bits.append(f"reliability **{text.md(src['reliability'])}** (Admiralty)")
        if src.get("relays"):  # by title, as cited beside it
            titles = evidence.relayed_titles(src, sources)
            bits.append("relays " + ", ".join(f"“{text.md(t)}”" for t in titles))
        if evidence.older_than_claim(src, claim):
            bits.append(":orange[published before the claim was made]")
        st.markdown("- " + " · ".join(bits))


def show_history(claim: dict[str, Any]) -> None:
    """When each part became known, in date order (as the as-of view would see it)."""
    events = [(str(claim.get("made_on") or ""), f"{when(claim)}: the claim is made")]
    for src in claim["sources"]:
        title = src.get("title_en") or src.get("title")
        events.append(
            (str(src.get("published") or ""), f"{when(src, 'published')}: source “{title}”")
        )
    for other in claim["disputed_by"]:
        who = other.get("claimant") or "someone"
        events.append((str(other.get("made_on") or ""), f"{when(other)}: disputed by {who}"))
    for other in claim["supported_by"]:
        who = other.get("claimant") or "someone"
        events.append((str(other.get("made_on") or ""), f"{when(other)}: supported by {who}"))
    for _, line in sorted(events):
        st.markdown(f"- {text.md(line)}")


with common.query("claim_detail", {"claim": claim_id}) as found:
    if found is not None and not found.rows:
        st.warning(f"No claim has the id “{text.md(claim_id)}”.")
    elif found is not None:
        claim = found.rows[0]
        badge = KIND_BADGES.get(claim["kind"], f":gray-badge[{text.md(claim['kind'])}]")
        st.markdown(f"### {text.md(claim['statement'])}\n{badge}")
        if claim.get("quote"):
            st.markdown(f"> “{text.md(claim['quote'])}”")
        left, right = st.columns(2)
        left.markdown(f"**Claimant:** {entity(claim.get('claimant'))}")
        if claim.get("claimant_inferred"):  # the source names no one: a dataset's rule did
            left.caption(
                "Claimant inferred, not named by the source: "
                f"{text.md(claim.get('claimant_rule') or 'by a rule of the dataset')}"
            )
        left.markdown(f"**About:** {entity(claim.get('subject'))}")
        if claim.get("object"):
            left.markdown(f"**Points at:** {entity(claim.get('object'))}")
        if claim.get("alias"):
            left.markdown(f"**Name given:** {text.md(claim['alias'])}")
        right.markdown(f"**Made on:** {when(claim)} (as precise as the source)")
        if claim.get("made_on_raw") and claim.get("made_on_precision") == "year":
            right.caption(
                f"The dataset gives {text.md(str(claim['made_on_raw']))}: its 1 January stands "
                "for some time that year"
            )
        if claim.get("before_incident_start"):
            right.warning("Dated before the incident it attributes began (see the note)")
        right.markdown(
            "**Confidence:** "
            + text.md(
                confidence_text(
                    claim.get("confidence_label"),
                    claim.get("confidence"),
                    claim.get("confidence_scale"),
                )
            )
        )
        if claim.get("confidence") is not None:
            right.progress(int(claim["confidence"]) / 100)
        right.markdown(f"**Basis:** {text.md(claim.get('basis') or 'unspecified')}")
        if claim.get("note"):
            st.info(f"**Editor's note:** {text.md_block(claim['note'])}")
        show_sources(claim)
        for title, key in (
            ("Disputed by", "disputed_by"),
            ("Disputes", "disputes"),
            ("Supported by", "supported_by"),
            ("Supports", "supports"),
        ):
            if claim[key]:
                st.subheader(f"{title} ({len(claim[key])})")
                for other in sorted(claim[key], key=lambda o: period_sort_key(o.get("made_on"))):
                    claim_line(other, claim.get("made_on"))
        st.subheader("History")
        show_history(claim)
