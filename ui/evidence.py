"""A claim's evidence where the claim is shown (issue #11, item 1): its sources, deduplicated,
independent apart from relays, flagged when older than the claim (unless the claim is a
secondary work's, which cites earlier reporting); its quote and the editor's
note; a link to the claim page.

Rows are those of the catalogue queries that carry a claim's `sources` (a list of maps with
id, title, publisher, published, url, reliability and relays: the source ids it relays).
Used by the Attributions cards, the detail panel of every claim table (ui/tables.py) and
the Claim page's neighbours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from attrib.evidence import independence_text, relaying
from attrib.values import period_order
from ui import common, text

Source = Mapping[str, Any]


def distinct(sources: Sequence[Source] | None) -> list[Source]:
    """Each article once: the same URL (or title, without a URL) cited twice counts once."""
    seen: dict[str, Source] = {}
    for src in sources or []:
        seen.setdefault(str(src.get("url") or src.get("title") or src.get("id")), src)
    return list(seen.values())


def relayed_titles(src: Source, cited: Sequence[Source]) -> list[str]:
    """The titles of the sources `src` relays, as cited beside it (its ids when not cited)."""
    titles = {c.get("id"): c.get("title_en") or c.get("title") for c in cited}
    return [str(titles.get(r) or r) for r in src.get("relays") or []]


def sources_text(sources: Sequence[Source] | None) -> str:
    """A table cell: the first source ("Title — Publisher, 2021-03-02") and how many more,
    with how many relay another ("+ 7 more, 7 relaying"); "" without sources."""
    unique = distinct(sources)
    if not unique:
        return ""
    first = unique[0]
    title = first.get("title_en") or first.get("title") or first.get("id") or "source"
    bits = [str(b) for b in (first.get("publisher"), first.get("published")) if b]
    cell = f"{title} — {', '.join(bits)}" if bits else str(title)
    more = len(unique) - 1
    if more:
        relays = len(relaying(unique))
        cell += f" (+ {more} more" + (f", {relays} relaying)" if relays else ")")
    return cell


def first_url(sources: Sequence[Source] | None) -> str | None:
    """The first http(s) URL among the sources (a table's link column), None if none."""
    for src in distinct(sources):
        url = text.web_url(src.get("url"))
        if url:
            return url
    return None


# Claimants whose claims are secondary works (an encyclopedia, a news roundup): they cite
# earlier reporting as a matter of course, so a source older than their claim is no warning.
SECONDARY_CLAIMANTS = frozenset({"media"})


def older_than_claim(src: Source, claim: Mapping[str, Any]) -> bool:
    """A source published wholly before the claim was made (by their periods: 2021-03 is not
    before 2021-03-05), where that deserves a warning: the source stands for the claim's own
    statement, for no source the claim cites is from its time or later. Not when one is (the
    older sources are the reporting the statement builds on), nor for a secondary work's
    claim (`claimant_kind` media), which cites earlier reporting."""
    made_on = claim.get("made_on")
    if claim.get("claimant_kind") in SECONDARY_CLAIMANTS:
        return False
    if period_order(src.get("published"), made_on) != "earlier":
        return False
    cited = claim.get("sources") or []
    return not any(period_order(s.get("published"), made_on) in OWN_TIME for s in cited)


OWN_TIME = ("same period", "later")  # a source that can be the statement or report it


ORDER_WORDS = {
    "earlier": "earlier than this claim",
    "later": "later than this claim",
    "same period": "in the same period as this claim (which came first is not known)",
}


def order_text(made_on: Any, claim_made_on: Any) -> str:
    """Whether a denial (or any claim) dated `made_on` came before or after the claim it is
    placed against, by their periods (`attrib.values.period_order`); "" without dates."""
    return ORDER_WORDS.get(period_order(made_on, claim_made_on), "")


def sources_block(row: Mapping[str, Any]) -> None:
    """The claim's sources: one line each, how many are independent and how many relay
    another cited here, a flag on a source published before the claim was made, and a link
    to the claim page when the row names its claim (`claim`)."""
    sources = distinct(row.get("sources"))
    relays = relaying(sources)
    count = f"**Sources ({len(sources)})**"
    if relays:
        count += f": {independence_text(sources)}"
    lines = []
    for src in sources:
        line = common.source_link(src)
        if src.get("reliability"):
            line += f" · reliability {text.md(src['reliability'])}"
        if src in relays:
            line += " · relays " + ", ".join(
                f"“{text.md(t)}”" for t in relayed_titles(src, sources)
            )
        if older_than_claim(src, row):
            line += " · :orange[published before the claim was made]"
        lines.append(f"- {line}")
    st.markdown(count + ("\n" + "\n".join(lines) if lines else ": none"))
    if row.get("claim"):
        claim_link(str(row["claim"]))


def claim_link(claim_id: str) -> None:
    st.page_link(
        "views/claim.py", label="The claim with all its evidence", icon=":material/fact_check:",
        query_params={"claim": claim_id},
    )  # fmt: skip


def said_block(row: Mapping[str, Any]) -> None:
    """The claim in the claimant's words (`quote`) and the editor's note, when there are."""
    if row.get("quote"):
        st.markdown(f"> “{text.md(row['quote'])}”")
    if row.get("note"):
        st.caption(f"Editor's note: {text.md(row['note'])}")
