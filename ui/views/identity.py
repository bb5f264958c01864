"""Identity: everything the resolution could not simply agree with — suspect chains (evidence
that would join more records than the policy allows in one actor), refused joins, ambiguous
names, names shared across datasets, names not credited to their giver, claims below the
policy and claims about records that are not loaded (attrib.identity.views.report,
`attrib identity report`).

The report is computed under the policy of the sidebar (ui/identity_policy.py). Each section
is filtered (text, source, "split" names) and paged; every actor links to the actor page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from attrib.identity.evidence import Evidence
from attrib.identity.resolve import Resolution
from attrib.values import confidence_text
from ui import identity_policy, tables, text

PAGE_SIZES = (25, 50, 100, 250)
Row = dict[str, Any]


def actor_url(actor_id: str, name: str) -> str:
    """The actor page's address, relative to this page (so it works under any base path); it
    ends in the actor's name, which the table shows (`ACTOR_COLUMNS`) instead of its id."""
    return f"actor?actor={quote(actor_id, safe=':')}&actor_name={quote(name, safe='')}"


# An actor is shown by its name and opens its page; its id is in the address (hover) and in
# the selected row.
ACTOR_COLUMNS = {
    label: st.column_config.LinkColumn(
        label, help="Opens the actor page", display_text=r"actor_name=(.*)$", width=140
    )
    for label in ("actor", "other actor")
}
# px: at 1,280 px the records and the reason (or the claimant and confidence) are on screen.
SECTION_COLUMNS = {
    "suspect_chains": tables.fixed(
        {"records": 70, "sources": 140, "why suspect": 330, "first records": 200}
    ),
    "refused_joins": tables.fixed(
        {"record": 150, "other record": 150, "why refused": 330, "evidence": 150}
    ),
    "names_not_credited": tables.fixed(
        {"name": 90, "record": 150, "giver's own record": 150, "why not credited": 330}
    ),
    "ambiguous_names": tables.fixed({"name": 160, "record": 180, "source": 140}),
    "shared_names": tables.fixed({"name": 160, "ended in": 110, "record": 160, "source": 130}),
    "below_policy": tables.fixed(
        {"kind": 80, "claimant": 110, "confidence": 150, "statement": 200, "role": 64,
         "record": 120}
    ),
}  # fmt: skip
SECTION_COLUMNS["about_records_not_loaded"] = SECTION_COLUMNS["below_policy"]


class Lookup:
    """Record ids as readers know them, and the actor each record ended in."""

    def __init__(self, evidence: Evidence, resolution: Resolution) -> None:
        self.records = evidence.records
        self.actor_of = resolution.actor_of
        self.actor_names = {a.id: a.name for a in resolution.actors}

    def name(self, rid: str) -> str:
        rec = self.records.get(rid)
        return rec.name if rec else f"{rid} (not loaded)"

    def source(self, rid: str) -> str:
        rec = self.records.get(rid)
        return rec.dataset if rec else ""

    def actor(self, rid: str) -> str | None:
        """The address of the actor page of the actor the record ended in, ending in its name."""
        found = self.actor_of.get(rid)
        return actor_url(found, self.actor_names.get(found, found)) if found else None

    def record_row(self, rid: str) -> Row:
        return {
            "record": self.name(rid),
            "source": self.source(rid),
            "actor": self.actor(rid),
            "record id": rid,
        }


def suspect_rows(entry: Row, look: Lookup) -> list[Row]:
    """One row per suspect chain: how many records, of which sources, why, and its first
    records (a runaway chain has thousands: the filter still finds any of them)."""
    first = ", ".join(look.name(r) for r in entry["records"][:5])
    more = len(entry["records"]) - 5
    return [
        {
            "records": entry["size"],
            "sources": ", ".join(entry["sources"]),
            "why suspect": entry["reason"],
            "first records": first + (f" and {more} more" if more > 0 else ""),
            "actor": look.actor(entry["records"][0]),
        }
    ]


def refused_rows(entry: Row, look: Lookup) -> list[Row]:
    """One row per refused join: the two records, why, and the actor each ended in."""
    left, right = entry["records"]
    return [
        {
            "record": f"{look.name(left)} ({look.source(left)})",
            "other record": f"{look.name(right)} ({look.source(right)})",
            "why refused": entry["reason"],
            "evidence": entry["evidence"],
            "actor": look.actor(left),
            "other actor": look.actor(right),
        }
    ]


def ambiguous_rows(entry: Row, look: Lookup) -> list[Row]:
    return [{"name": entry["name"], **look.record_row(rid)} for rid in entry["records"]]


def shared_rows(entry: Row, look: Lookup) -> list[Row]:
    split = "several actors" if entry["split"] else "one actor"
    return [
        {"name": entry["name"], "ended in": split, **look.record_row(r["id"])}
        for r in entry["records"]
    ]


def not_credited_rows(entry: Row, look: Lookup) -> list[Row]:
    """A reported name its giver's own data gives to another group: the record the report
    puts it on, and each record the giver's own dataset gives it to."""
    record = entry["record"]
    return [
        {
            "name": entry["name"],
            "record": f"{look.name(record)} ({look.source(record)})",
            "giver's own record": f"{look.name(other)} ({look.source(other)})",
            "why not credited": entry["reason"],
            "actor": look.actor(record),
            "other actor": look.actor(other),
        }
        for other in entry["given_to"]
    ]


def claim_rows(entry: Row, look: Lookup) -> list[Row]:
    claim = {
        "kind": entry["kind"],
        "claimant": entry["claimant"],
        "confidence": confidence_text(entry["confidence_label"], entry["confidence"]),
        "statement": entry["statement"],
    }
    ends = ("subject", "object")
    return [
        {**claim, "role": end, **look.record_row(entry[end]), "reported in": entry["dataset"]}
        for end in ends
    ]


def records_of(entry: Row) -> list[str]:
    found = entry.get("records") or [entry.get("subject"), entry.get("object")]
    return [r["id"] if isinstance(r, dict) else str(r) for r in found if r]


def matches(entry: Row, look: Lookup, needle: str, sources: list[str]) -> bool:
    rids = records_of(entry)
    if sources and not any(look.source(r) in sources for r in rids):
        return False
    if not needle:
        return True
    words = [str(v) for k, v in entry.items() if isinstance(v, str) and k != "id"]
    words += [w for r in rids for w in (r, look.name(r))]
    return any(needle in w.casefold() for w in words)


def section(
    key: str,
    entries: list[Row],
    rows_of: Callable[[Row, Lookup], list[Row]],
    look: Lookup,
    what: str,
) -> None:
    """One report section: filtered, counted and paged, one table row per record involved."""
    needle = (st.session_state.get("identity_text") or "").strip().casefold()
    sources = st.session_state.get("identity_sources") or []
    kept = [e for e in entries if matches(e, look, needle, sources)]
    if key == "shared_names" and st.toggle(
        "Only names that ended in several actors",
        key="identity_split",
        help="Names whose records were not all joined into one actor.",
    ):
        kept = [e for e in kept if e["split"]]
    if not kept:
        st.caption(f"No {what}." if not entries else f"No {what} match the filters.")
        return
    left, right, _ = st.columns([1, 1, 3])
    size = int(left.selectbox("Per page", PAGE_SIZES, index=1, key=f"identity_size_{key}"))
    pages = (len(kept) + size - 1) // size
    page = int(right.number_input(f"Page (of {pages})", 1, pages, 1, key=f"identity_page_{key}"))
    start = (page - 1) * size
    shown = kept[start : start + size]
    filtered = "" if len(kept) == len(entries) else f" ({len(entries)} before the filters)"
    st.caption(f"{what.capitalize()} {start + 1}–{start + len(shown)} of {len(kept)}{filtered}")
    # One row per record involved (per join for refused joins): each row links its actor.
    rows = [row for entry in shown for row in rows_of(entry, look)]
    # Paged above by entries (a refused join is two rows): the table shows its rows at once.
    tables.show(
        pd.DataFrame(rows),
        key=f"identity_table_{key}",
        config=SECTION_COLUMNS[key] | ACTOR_COLUMNS,
        page_size=max(1, len(rows)),
    )


SECTIONS: list[tuple[str, str, Callable[[Row, Lookup], list[Row]], str, str]] = [
    ("suspect_chains", "Suspect chains", suspect_rows, "suspect chains",
     "Evidence that would join more records into one actor than the policy allows "
     "(max_members): a runaway chain of same-as claims or shared names, not a group. Its "
     "records are kept apart, each an actor of its own, until the evidence is settled (a "
     "distinct-from claim, a higher minimum confidence, or a larger max_members)."),
    ("refused_joins", "Refused joins", refused_rows, "refused joins",
     "Evidence that two records are one group which the rules refused (two records of one "
     "dataset, or a distinct-from claim): two sources disagree; both sides are shown."),
    ("ambiguous_names", "Ambiguous names", ambiguous_rows, "ambiguous names",
     "A name one dataset gives to several of its records: it joins nothing."),
    ("shared_names", "Shared names", shared_rows, "shared names",
     "Names carried by records of several datasets, and the actors they ended in."),
    ("names_not_credited", "Names not credited", not_credited_rows, "names not credited",
     "A source says a party gave a name (MISP: MITRE calls Lazarus Group “G0082”), but the "
     "party's own dataset gives it to another group (ATT&CK: G0082 is APT38): first-hand "
     "beats second-hand, so the name is not credited to the party on that record."),
    ("below_policy", "Claims below the policy", claim_rows, "claims below the policy",
     "Same-as claims the policy does not accept (claimant or confidence)."),
    ("about_records_not_loaded", "Claims about records not loaded", claim_rows,
     "claims about records not loaded",
     "Claims that name a record of a dataset you have not imported."),
]  # fmt: skip


st.title("Identity")
st.caption(
    "Who is who: where sources disagree about which names are one group. A conflict never "
    "blocks an import; docs/identity.md explains how to read one."
)
found = identity_policy.resolved()
report = found.report()
identity_policy.show_policy(found.resolution.policy)
look = Lookup(found.evidence, found.resolution)
cols = st.columns(4)
cols[0].metric("Actor records", report["records"])
cols[1].metric("Actors", report["actors"])
cols[2].metric("Refused joins", len(report["refused_joins"]))
cols[3].metric("Shared names", len(report["shared_names"]))

with st.container(border=True):
    f1, f2 = st.columns(2)
    f1.text_input(
        "Filter", key="identity_text", placeholder="a name, record id, claimant or reason"
    )
    f2.multiselect(
        "Source",
        sorted({r.dataset for r in found.evidence.records.values()}),
        key="identity_sources",
        placeholder="all sources",
    )

# A suspect chain is the first thing to see when there is one; with none, its empty tab goes
# last so the page opens on the refused joins.
shown_sections = sorted(
    SECTIONS, key=lambda spec: spec[0] == "suspect_chains" and not report[spec[0]]
)
tabs = st.tabs([f"{spec[1]} ({len(report[spec[0]])})" for spec in shown_sections])
for tab, (key, _, rows_of, what, about) in zip(tabs, shown_sections, strict=True):
    with tab:
        st.caption(text.md(about))
        section(key, report[key], rows_of, look, what)
