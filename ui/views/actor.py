"""Actor: one resolved actor whole — its names and who gave them (according to whom), its
member records per source, the evidence that joined each, the claims about its records, the
refused joins, and the attributions and state links across all its members.

Open it by link: `?actor=<resolved actor id>` or `?name=<any name, alias or exact id>`. The
actor is computed under the policy of the sidebar (ui/identity_policy.py, docs/identity.md);
the claims come from `cypher/identity/actor_attributions.cypher`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from attrib import cypher_text, limits
from attrib.identity import attributions
from attrib.identity.resolve import Actor
from attrib.names import name_key
from attrib.values import confidence_text, partial_date_text
from ui import actor_ties, common, evidence, identity_policy, result_view, tables, text

CLAIMS_QUERY = attributions.QUERY
CLAIMS_LIMIT = 500
ATTRIBUTION_KINDS = ("attribution", "sponsorship")
# Widths (px) that keep who, what, when, how sure and on what sources in view at 1,280 px;
# who disputes it, the wording and the rest follow (and are whole in the selected row).
CLAIM_COLUMNS = tables.fixed(
    {"claimant": 110, "kind": 90, "other end": 170, "made on": 84, "0-100": 70, "sources": 250}
) | {
    "other end": st.column_config.TextColumn(
        width=170, help="The campaign the actor is said to be behind, or the state or agency "
        "said to sponsor it (both ends are in the column “subject → object”)."
    ),
    "disputed by": st.column_config.TextColumn(width=260),
}  # fmt: skip
# The names table: the sentence of who gave a name and who says so is the widest cell.
NAME_COLUMNS = {
    "name": st.column_config.TextColumn(width=130),
    "given by": st.column_config.TextColumn(width=90),
    "as its sources give it": st.column_config.TextColumn(width=330),
    "not credited to": st.column_config.TextColumn(
        width=90, help="A source says this party gave the name, but the party's own data "
        "gives it to another group: see the list under the table."
    ),
}  # fmt: skip


@st.cache_data(ttl=identity_policy.TTL_SECONDS, show_spinner=False, max_entries=64)
def actor_claims(records: tuple[str, ...]) -> list[dict[str, Any]]:
    """The attribution, sponsorship and non-attribution claims touching these records."""
    return attributions.actor_attributions(
        list(records), CLAIMS_LIMIT, timeout=limits.timeout_seconds()
    )


def open_name() -> None:
    """Callback of the search box: show the actors a name leads to (the URL holds it)."""
    typed = (st.session_state.get("actor_q") or "").strip()
    st.query_params.pop("actor", None)
    if typed:
        st.query_params["name"] = typed


def ranking(found: identity_policy.Resolved, actor: Actor, wanted: str) -> tuple[int, int, str]:
    """Actors a name leads to, most likely meant first: the most records giving it as their
    primary name, then as any name, then by id."""
    key = name_key(wanted)
    records = [found.evidence.records[m] for m in actor.members]
    primary = sum(key in {name_key(n) for n in (r.name, *r.external_ids)} for r in records)
    named = sum(
        key in {name_key(n) for n in (r.name, *r.aliases, *r.external_ids)} for r in records
    )
    return (-primary, -named, actor.id)


def pick(found: identity_policy.Resolved) -> Actor | None:
    """The actor the address asks for (?actor=… or ?name=…); a choice when a name leads to
    several, a search box always."""
    if "actor_q" not in st.session_state:  # arriving by a link: the box shows what was asked
        st.session_state["actor_q"] = st.query_params.get("name", "")
    st.text_input(
        "Find an actor by any name",
        key="actor_q",
        on_change=open_name,
        placeholder="e.g. Silk Typhoon, G0125, APT28",
        help="Any name, alias or exact id a record carries; case and punctuation do not matter.",
    )
    wanted = st.query_params.get("actor") or st.query_params.get("name") or ""
    if not wanted:
        st.caption("Type a name, or open an actor from Explore or the Identity page.")
        return None
    res = found.resolution
    actors = found.find(wanted)
    if not actors and wanted.startswith("actor:") and wanted[6:] in res.actor_of:
        # The actor was named after a record that, under this policy, is in another actor.
        actors = found.find(res.actor_of[wanted[6:]])
        st.info(f"Under this policy the record {text.code(wanted[6:])} belongs to this actor.")
    if not actors:
        st.warning(f"No actor record carries the name “{text.md(wanted)}”.")
        return None
    if len(actors) == 1:
        return actors[0]
    st.markdown(f"“{text.md(wanted)}” leads to **{len(actors)} actors** under this policy:")
    by_id = {a.id: a for a in sorted(actors, key=lambda a: ranking(found, a, wanted))}
    chosen = st.radio(
        "Actor",
        list(by_id),
        # Radio labels are Markdown (select options are not): the names are escaped.
        format_func=lambda i: text.md(f"{by_id[i].name} ({i}, {len(by_id[i].members)} records)"),
        key=f"actor_pick_{wanted}",
        label_visibility="collapsed",
    )
    return by_id[str(chosen)]


def names_table(doc: dict[str, Any], records: dict[str, dict[str, Any]]) -> pd.DataFrame:
    def record(rid: str) -> str:
        return f"{records[rid]['name']} ({records[rid]['source']})"

    return pd.DataFrame(
        [
            {
                "name": n["name"],
                "given by": n.get("given_by", ""),
                "as its sources give it": n["said"],
                "not credited to": ", ".join(n.get("not_credited_to", [])),  # why: below
                "carried by": ", ".join(record(r) for r in n["records"]),
            }
            for n in doc["names"]
        ]
    )


def show_not_credited(doc: dict[str, Any]) -> None:
    """Second-hand names the giver's own data gives to another group (docs/identity.md,
    "Given versus reported"): listed under the names, not credited to the giver."""
    lines = [line for n in doc["names"] for line in n.get("not_credited", [])]
    if lines:
        st.markdown(
            "**Names not credited to their giver** (its own data gives them to another "
            "group):\n" + "\n".join(f"- {text.md(line)}" for line in lines)
        )


def show_members(doc: dict[str, Any]) -> None:
    by_source: dict[str, list[dict[str, Any]]] = {}
    for member in doc["members"]:
        by_source.setdefault(member["source"], []).append(member)
    for source, members in by_source.items():
        st.markdown(f"##### {text.md(source)} ({len(members)})")
        for m in members:
            with st.container(border=True):
                st.markdown(f"**{text.md(m['name'])}** · source id {text.code(m['source_id'])}")
                if m["aliases"]:
                    st.markdown("**Aliases:** " + ", ".join(text.md(a) for a in m["aliases"]))
                chain = " → ".join(text.md(j["evidence"]) for j in m["joined_by"])
                st.markdown(
                    f"**Joined by:** {chain}"
                    if chain
                    else "**Joined by:** none needed: the actor's name and id come from it"
                )
                with st.expander("Description"):
                    st.markdown(text.md_block(m["description"]) or "No description.")
                common.explore_link(m["id"], m["name"])


def record_claims_table(doc: dict[str, Any], names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "kind": c["kind"],
                "record": names.get(c["subject"], c["subject"]),
                "other record": names.get(c["object"], c["object"]),
                "claimant": c["claimant"],
                "confidence": confidence_text(c["confidence_label"], c["confidence"]),
                "reported in": c["dataset"],
                "sources": ", ".join(c["sources"]),
                "statement": c["statement"],
            }
            for c in doc["record_claims"]
        ]
    )


def show_refused(doc: dict[str, Any], names: dict[str, str]) -> None:
    for r in doc["refused_joins"]:
        pair = " and ".join(f"**{text.md(names.get(x, x))}**" for x in r["records"])
        st.markdown(
            f":orange-badge[refused join] {pair}: {text.md(r['evidence'])}  \n"
            f"Why: {text.md(r['reason'])}"
        )


def _end(row: dict[str, Any], end: str) -> str:
    """One end of a claim: its name, with its label unless it is an actor record."""
    label = row.get(end + "_label")
    name = row.get(end) or "—"
    return name if label == "Actor" else f"{name} ({label or '?'})"


def _other_end(row: dict[str, Any], members: set[str]) -> str:
    """The end of the claim that is not one of the actor's records (both when both are)."""
    if row.get("subject_id") in members and row.get("object_id") in members:
        return f"{_end(row, 'subject')} → {_end(row, 'object')}"
    return _end(row, "object" if row.get("subject_id") in members else "subject")


def claims_table(rows: list[dict[str, Any]], members: set[str]) -> pd.DataFrame:
    def disputes(r: dict[str, Any]) -> str:
        return "; ".join(
            f"{'denied' if d.get('kind') == 'denial' else d.get('kind')} by "
            f"{d.get('claimant') or '?'} "
            f"({partial_date_text(d.get('made_on'), d.get('made_on_precision')) or '—'})"
            for d in r.get("disputed_by") or []
        )

    return pd.DataFrame(
        [
            {
                "claimant": r.get("claimant"),
                "kind": r["kind"],
                "other end": _other_end(r, members),
                "made on": partial_date_text(r.get("made_on"), r.get("made_on_precision")) or "—",
                "0-100": r.get("confidence"),
                "sources": evidence.sources_text(r.get("sources")),
                "disputed by": disputes(r) or "not disputed",
                "confidence": confidence_text(r.get("confidence_label"), r.get("confidence")),
                "subject → object": f"{_end(r, 'subject')} → {_end(r, 'object')}",
                "via record": ", ".join(f"{v['id']} ({v['dataset']})" for v in r["via"]),
            }
            for r in rows
        ]
    )


def show_claims(actor: Actor) -> None:
    params = {"records": list(actor.members), "limit": CLAIMS_LIMIT}
    rows = common.rows_or_error(lambda: actor_claims(tuple(actor.members)))
    attributions = [r for r in rows if r["kind"] in ATTRIBUTION_KINDS]
    st.subheader(f"Attributions and state links ({len(attributions)})")
    st.caption(
        "Every attribution and sponsorship claim whose subject or object is one of this actor's "
        "records, whichever source's record it names; one row per claim."
    )
    if len(rows) >= CLAIMS_LIMIT:
        st.warning(f"Only the first {CLAIMS_LIMIT} claims are shown.")
    if attributions:
        tables.show(
            claims_table(attributions, set(actor.members)),
            key="actor-claims",
            records=[result_view.precise_dates(r) for r in attributions],
            detail=result_view.row_detail,
            config=CLAIM_COLUMNS,
        )
    else:
        st.caption("None.")
    non = [r for r in rows if r["kind"] not in ATTRIBUTION_KINDS]
    st.subheader(f"Non-attributions (explicit “no link”) ({len(non)})")
    st.caption("These say the actor is *not* behind something; they never count as attributions.")
    for r in non:
        st.markdown(
            f":violet-badge[non-attribution] **{text.md(r.get('claimant'))}** says "
            f"**{text.md(r.get('subject'))}** is not linked to **{text.md(r.get('object'))}** "
            f"({text.md(partial_date_text(r.get('made_on'), r.get('made_on_precision'))) or '—'})"
        )
    if not non:
        st.caption("None.")
    common.show_cypher(cypher_text.read(CLAIMS_QUERY), params, name="actor_attributions")


def show_actor(found: identity_policy.Resolved, actor: Actor) -> None:
    doc = found.document(actor)
    records = {m["id"]: m for m in doc["members"]}
    names = {rid: f"{r.name} ({r.dataset})" for rid, r in found.evidence.records.items()}
    st.header(text.md(doc["name"]))
    sources = sorted({m["source"] for m in doc["members"]})
    st.markdown(
        f"{text.code(doc['id'])} · {len(doc['members'])} member record(s) from "
        f"{len(sources)} source(s): {', '.join(text.md(s) for s in sources)}"
    )
    st.subheader(f"Names ({len(doc['names'])})")
    st.caption(
        "Every name a member record carries: who gave it, according to which source (when a "
        "source says who gave it), or which sources use it."
    )
    tables.show(names_table(doc, records), key="actor-names", config=NAME_COLUMNS)
    show_not_credited(doc)
    st.subheader(f"Member records ({len(doc['members'])})")
    show_members(doc)
    st.subheader(f"Claims about its records ({len(doc['record_claims'])})")
    st.caption(
        "Same-as claims join records; overlaps, associated and split-from are kept as said; "
        "distinct forbids a join."
    )
    if doc["record_claims"]:
        tables.show(record_claims_table(doc, names), key="actor-record-claims")
    else:
        st.caption("None.")
    st.subheader(f"Refused joins ({len(doc['refused_joins'])})")
    st.caption("Evidence the resolution rules refused: not an error, two sources disagreeing.")
    show_refused(doc, names)
    if not doc["refused_joins"]:
        st.caption("None.")
    actor_ties.show(actor)
    show_claims(actor)


st.title("Actor")
resolved = identity_policy.resolved()
identity_policy.show_policy(resolved.resolution.policy)
chosen = pick(resolved)
if chosen is not None:
    show_actor(resolved, chosen)
