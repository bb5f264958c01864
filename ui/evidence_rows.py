"""Claim, relation and event rows with their evidence (issue #11, items 1 and 6): the tables
of Explore's tabs and of the Timeline, and each row shown whole when it is selected.

A table shows every row's sources inline (`evidence.sources_text`: the first source and how
many more) and the first source's link; the columns an analyst reads first (date, kind,
statement, sources) come first, so they fit at 1,280 px without scrolling sideways. A
selected row is shown whole under the table (`tables.show`): a claim with its statement,
quote, claimant, subject and object, date as precise as known, confidence in the original
wording and normalised, basis, the editor's note, every source (title, publisher, date,
link, reliability, what it relays) and a link to its Claim page; an event or a relation with
its sources the same way.

Rows are those of `entity_profile` (claims, relations, events) and `timeline`; both carry
`sources` (see their headers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from attrib.values import confidence_text, partial_date_text, period_sort_key
from ui import evidence, tables, text

Row = Mapping[str, Any]
PRECISION_WORDS = {"month": "known to the month", "year": "known to the year"}

# Widths (px) that keep the evidence (date, confidence, sources) on screen at 1,280 px beside
# date, kind, claimant and statement: `ui.tables.VIEW_PX` in all; the rest of the row follows
# (one scroll to the right) and is whole in the selected row.
CLAIM_COLUMNS = tables.fixed(
    {"made on": 84, "kind": 100, "claimant": 96, "statement": 220, "0-100": 70, "sources": 200}
)
TIMELINE_COLUMNS = tables.fixed(
    {"date": 84, "kind": 100, "claimant": 96, "what": 220, "0-100": 70, "sources": 200}
)
EVENT_COLUMNS = tables.fixed({"date": 84, "kind": 100, "event": 250, "sources": 250})
# A relation's evidence: since when, its sources and the editor's note.
RELATION_COLUMNS = tables.fixed(
    {"relation": 120, "other": 140, "since": 84, "sources": 220, "note": 200}
)


def when(row: Row, field: str, precision: Any = None) -> str:
    """A date as precise as known, with the precision in words: "2021-03 (known to the
    month)"; "undated" without one."""
    precision = precision or row.get(f"{field}_precision") or row.get("precision")
    shown = partial_date_text(row.get(field), precision)
    if not shown:
        return "undated"
    words = PRECISION_WORDS.get(str(precision))
    return f"{shown} ({words})" if words else shown


def claim_frame(claims: Sequence[Row]) -> pd.DataFrame:
    """Explore's claims: what an analyst reads first on the left, sources inline."""
    return pd.DataFrame(
        [
            {
                "made on": partial_date_text(c.get("made_on")) or "—",
                "kind": c["kind"],
                "claimant": c.get("claimant"),
                "statement": c.get("statement"),
                "0-100": c.get("confidence"),
                "sources": evidence.sources_text(c.get("sources")),
                "confidence": c.get("confidence_label"),
                "link": evidence.first_url(c.get("sources")),
                "subject": c.get("subject"),
                "object": c.get("object"),
                "claim id": c["claim"],
            }
            for c in claims
        ]
    )


def relation_frame(relations: Sequence[Row]) -> pd.DataFrame:
    """Explore's relations: sources by title (not by id), with the first one's link."""
    return pd.DataFrame(
        [
            {
                "relation": r["type"] if r["direction"] == "out" else f"← {r['type']}",
                "other": r["other"],
                "since": r.get("since"),
                "sources": evidence.sources_text(r.get("sources")),
                "note": r.get("note"),
                "label": r["other_label"],
                "link": evidence.first_url(r.get("sources")),
            }
            for r in relations
        ]
    )


def event_frame(events: Sequence[Row]) -> pd.DataFrame:
    """Explore's events, each with the sources it cites."""
    return pd.DataFrame(
        [
            {
                "date": partial_date_text(v["date"], v.get("date_precision")) or "—",
                "kind": v["kind"],
                "event": v["name"],
                "sources": evidence.sources_text(v.get("sources")),
                "link": evidence.first_url(v.get("sources")),
                "event id": v["id"],
            }
            for v in events
        ]
    )


# --- A row whole --------------------------------------------------------------------------------


def _lines(pairs: Sequence[tuple[str, Any]]) -> None:
    """Bold name, escaped value; lines without a value are left out."""
    shown = [f"**{name}:** {value}" for name, value in pairs if value]
    if shown:
        st.markdown("  \n".join(shown))


def claim_detail(row: Row) -> None:
    """One claim whole (a row of entity_profile's claims, or the same shape)."""
    st.markdown(f":gray-badge[{text.md(row.get('kind'))}] **{text.md(row.get('statement'))}**")
    evidence.said_block(row)
    about = " → ".join(text.md(x) for x in (row.get("subject"), row.get("object")) if x)
    confidence = text.md(
        confidence_text(
            row.get("confidence_label"), row.get("confidence"), row.get("confidence_scale")
        )
    )
    _lines(
        [
            ("Claimant", text.md(row.get("claimant")) or "unknown"),
            ("About", about),
            ("Made on", text.md(when(row, "made_on"))),
            ("Confidence", confidence),
            ("Basis", text.md(row.get("basis")) or "unspecified"),
            ("Claim id", text.code(row.get("claim"))),
        ]
    )
    evidence.sources_block(row)


def event_detail(row: Row) -> None:
    """One event whole: what happened, when, what it concerns, and its sources."""
    st.markdown(f":gray-badge[{text.md(row.get('kind'))}] **{text.md(row.get('name'))}**")
    if row.get("description"):
        st.markdown(text.md_block(row["description"]))
    concerns = ", ".join(text.md(c) for c in row.get("concerns") or [])
    _lines(
        [
            ("Date", text.md(when(row, "date"))),
            ("Concerns", concerns),
            ("Event id", text.code(row.get("id"))),
        ]
    )
    evidence.sources_block({"sources": row.get("sources")})


def relation_detail(row: Row) -> None:
    """One direct edge whole: the fact, since when, the editor's note, and its sources."""
    arrow = "→" if row.get("direction") == "out" else "←"
    st.markdown(
        f"**{text.md(row.get('type'))}** {arrow} {text.md(row.get('other'))} "
        f"({text.md(row.get('other_label'))})"
    )
    _lines([("Since", text.md(row.get("since"))), ("Note", text.md(row.get("note")))])
    evidence.sources_block({"sources": row.get("sources")})


def timeline_detail(row: Row) -> None:
    """A timeline row whole: a claim as a claim, an event as an event."""
    if row.get("type") == "claim":
        claim_detail(
            {**row, "claim": row.get("id"), "statement": row.get("text"),
             "made_on": row.get("date"), "made_on_precision": row.get("precision")}
        )  # fmt: skip
    else:
        event_detail({**row, "name": row.get("text"), "date_precision": row.get("precision")})


PERIOD_NOTE = "A date known only to the month or year (2021-03, 2022) comes after its days."


def show_claims(claims: Sequence[Row], key: str) -> None:
    """A tab of claims in date order (a month or a year after the days it holds): the table,
    and the selected claim whole."""
    ordered = sorted(claims, key=lambda c: period_sort_key(c.get("made_on")))
    st.caption(PERIOD_NOTE)
    tables.show(
        claim_frame(ordered), key=key, records=ordered, detail=claim_detail, config=CLAIM_COLUMNS
    )


def show_relations(relations: Sequence[Row], key: str) -> None:
    tables.show(
        relation_frame(relations),
        key=key,
        records=relations,
        detail=relation_detail,
        config=RELATION_COLUMNS,
    )


def show_events(events: Sequence[Row], key: str) -> None:
    tables.show(
        event_frame(events), key=key, records=events, detail=event_detail, config=EVENT_COLUMNS
    )
