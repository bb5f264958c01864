"""Resolved actors and identity conflicts as plain documents: the CLI prints them, the UI shows
them, scripts read their JSON (`attrib identity show NAME --format json`).

Example:
    >>> from attrib.identity.evidence import Evidence, Record
    >>> ev = Evidence({"a": Record("a", "seed", "HAFNIUM")})
    >>> [d["name"] for d in show(ev, resolve(ev), "hafnium")]
    ['HAFNIUM']
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from attrib.identity import datasets as ds
from attrib.identity.evidence import Evidence, RecordClaim
from attrib.identity.firsthand import Check
from attrib.identity.resolve import Actor, Join, Resolution, Suspect, explain, resolve
from attrib.names import name_key

__all__ = ["actor_document", "find_actors", "report", "resolve", "show"]


def find_actors(evidence: Evidence, resolution: Resolution, text: str) -> list[Actor]:
    """Every resolved actor that `text` (a name, alias, exact id or actor id) leads to."""
    by_id = {a.id: a for a in resolution.actors}
    if text in by_id:
        return [by_id[text]]
    records = evidence.carriers().get(name_key(text), set())
    ids = sorted({resolution.actor_of[r] for r in records if r in resolution.actor_of})
    return [by_id[i] for i in ids]


def _join_document(join: Join) -> dict[str, Any]:
    return {
        "kind": join.kind,
        "evidence": join.detail,
        "records": [join.left, join.right],
        **({"claim": join.claim} if join.claim else {"name": join.name}),
    }


def _claim_document(claim: RecordClaim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "kind": claim.kind,
        "subject": claim.subject,
        "object": claim.object,
        "claimant": claim.claimant_name or claim.claimant,
        "dataset": claim.dataset,
        "confidence": claim.confidence,
        "confidence_label": claim.confidence_label,
        "statement": claim.statement,
        "sources": list(claim.sources),
    }


def said_text(name: str, given: dict[str, set[str]], used: set[str]) -> str:
    """A name as its sources give it: "G0082, given by MITRE, according to the MISP
    threat-actor galaxy; used by MITRE ATT&CK" (giver -> reporters; users)."""
    parts = [
        f"given by {giver}" + (f", according to {', '.join(sorted(by))}" if by else "")
        for giver, by in sorted(given.items())
    ]
    if used:
        parts.append(f"used by {', '.join(sorted(used))}")
    return f"{name}, {'; '.join(parts)}" if parts else name


def not_credited_text(check: Check, evidence: Evidence) -> str:
    """Why a reported name is not credited to its giver on a record."""
    naming = check.naming
    giver = naming.given_by_name or naming.given_by
    record = evidence.records[naming.record].name
    reporter = naming.reporter or "a source"
    return (
        f"not credited to {giver}: {reporter} says {giver} calls {record} {naming.name!r}, "
        f"but {check.text(evidence)}"
    )


def _name_entries(evidence: Evidence, resolution: Resolution, actor: Actor) -> list[dict[str, Any]]:
    """Each name of the actor with who gave it (according to whom), who only uses it, and
    the second-hand credits its giver's own data contradicts (attrib.identity.firsthand)."""
    members = set(actor.members)
    against = {c.naming.claim: c for c in resolution.contradicted}
    givers: dict[str, dict[str, str]] = defaultdict(dict)  # name key -> giver id -> name
    given: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    used: dict[str, set[str]] = defaultdict(set)
    conflicts: dict[str, list[str]] = defaultdict(list)
    uncredited: dict[str, set[str]] = defaultdict(set)  # name key -> givers not credited
    spoken: set[tuple[str, str]] = set()  # (record, key): a naming claim of its dataset says it
    own_namings = [n for rid in actor.members for n in evidence.about(rid)[0]]
    for naming in sorted(own_namings, key=lambda n: n.claim):  # the order namings are read in
        key = name_key(naming.name)
        if not key:
            continue
        if naming.dataset == evidence.records[naming.record].dataset:
            spoken.add((naming.record, key))
        giver = naming.given_by_name or naming.given_by
        if naming.claim in against:  # the record still lists it, as its reporter says
            conflicts[key].append(not_credited_text(against[naming.claim], evidence))
            uncredited[key].add(giver)
            used[key] |= {naming.reporter} if naming.reporter else set()
        elif naming.has_giver:
            givers[key][naming.given_by] = naming.given_by_name
            given[key][giver] |= {naming.reporter} if naming.reporter else set()
        elif giver or naming.reporter:
            used[key].add(giver or naming.reporter)
    for rid in actor.members:  # the names a record lists, as its dataset reports them
        rec = evidence.records[rid]
        owner = ds.OWNER_NAMES.get(ds.OWNERS.get(rec.dataset, ""), "")
        for text in (rec.name, *rec.aliases, *rec.external_ids):
            key = name_key(text)
            if not key or (rid, key) in spoken:
                continue
            if owner and text in rec.external_ids:  # its owner's own ids: MITRE's G-numbers
                given[key][owner].add(ds.label(rec.dataset))
            else:
                used[key].add(ds.label(rec.dataset))
    carriers = evidence.carriers()
    names = []
    for name in actor.names:
        key = name_key(name)
        entry: dict[str, Any] = {
            "name": name,
            "records": sorted(carriers.get(key, set()) & members),
            "said": said_text(name, given.get(key, {}), used.get(key, set())),
        }
        if givers.get(key):
            by = givers[key]
            entry["given_by"] = "; ".join(by[g] or g for g in sorted(by))
            entry["given_by_ids"] = sorted(by)
        if conflicts.get(key):
            entry["not_credited"] = sorted(conflicts[key])
            entry["not_credited_to"] = sorted(uncredited[key])
        names.append(entry)
    return names


def actor_document(evidence: Evidence, resolution: Resolution, actor: Actor) -> dict[str, Any]:
    """One resolved actor whole: names with who gave them (according to whom) and the credits
    the giver's own data contradicts, members with the chain that joined each, the record
    claims about its members, and the refused joins that touch it."""
    members = set(actor.members)
    names = _name_entries(evidence, resolution, actor)
    chains = explain(actor)
    member_docs = []
    for rid in actor.members:
        rec = evidence.records[rid]
        member_docs.append(
            {
                "id": rid,
                "source": rec.dataset,
                "source_id": rec.source_id,
                "name": rec.name,
                "aliases": list(rec.aliases),
                "description": rec.description,
                "joined_by": [_join_document(j) for j in chains.get(rid, [])],
            }
        )
    about = {c.id: c for rid in actor.members for c in evidence.about(rid)[1]}
    claims = [_claim_document(about[cid]) for cid in sorted(about)]  # as read: by claim id
    refused = [
        {**_join_document(r.join), "reason": r.reason}
        for r in resolution.refused
        if r.join.left in members or r.join.right in members
    ]
    return {
        "id": actor.id,
        "name": actor.name,
        "names": names,
        "members": member_docs,
        "joins": [_join_document(j) for j in actor.joins],
        "record_claims": claims,
        "refused_joins": refused,
        "policy": resolution.policy.describe(),
        **_suspect_of(resolution, actor),
    }


def _suspect_document(index: int, suspect: Suspect, examples: int = 10) -> dict[str, Any]:
    """A chain too long to be one actor: its records, sources, why, and its strongest links
    (the first `examples`; a runaway chain has thousands)."""
    return {
        "id": f"suspect-chain:{index + 1}",
        "size": len(suspect.records),
        "records": list(suspect.records),
        "sources": list(suspect.datasets),
        "evidence_count": len(suspect.joins),
        "evidence": [_join_document(j) for j in suspect.joins[:examples]],
        "reason": suspect.reason,
    }


def _suspect_of(resolution: Resolution, actor: Actor) -> dict[str, Any]:
    """The suspect chain the actor's record is part of, when it is (the page says so)."""
    index = resolution.suspect_of.get(actor.anchor)
    if index is None:
        return {}
    return {"suspect_chain": _suspect_document(index, resolution.suspect[index])}


def show(evidence: Evidence, resolution: Resolution, text: str) -> list[dict[str, Any]]:
    """`attrib identity show`: every actor `text` leads to, as documents."""
    return [
        actor_document(evidence, resolution, a) for a in find_actors(evidence, resolution, text)
    ]


def _shared_names(evidence: Evidence, resolution: Resolution) -> list[dict[str, Any]]:
    """Names carried by records of two or more datasets, and the actors they ended in."""
    # the records' own spellings (a name-giver's variant, "APT 28", is not the shared name)
    spelled = {name_key(n): n for r in evidence.records.values() for n in (r.name, *r.aliases)}
    out = []
    for key, records in sorted(evidence.carriers().items()):
        datasets = {evidence.records[r].dataset for r in records}
        if len(datasets) < 2 or key not in spelled:
            continue
        out.append(
            {
                "name": spelled[key],
                "records": [
                    {
                        "id": r,
                        "source": evidence.records[r].dataset,
                        "actor": resolution.actor_of[r],
                    }
                    for r in sorted(records)
                ],
                "actors": sorted({resolution.actor_of[r] for r in records}),
                "split": len({resolution.actor_of[r] for r in records}) > 1,
            }
        )
    return out


def report(evidence: Evidence, resolution: Resolution) -> dict[str, Any]:
    """`attrib identity report`: everything the resolution could not simply agree with."""
    return {
        "policy": resolution.policy.describe(),
        "records": len(evidence.records),
        "actors": len(resolution.actors),
        "suspect_chains": [_suspect_document(i, s) for i, s in enumerate(resolution.suspect)],
        "refused_joins": [
            {**_join_document(r.join), "reason": r.reason} for r in resolution.refused
        ],
        "ambiguous_names": [
            {"name": a.name, "source": a.dataset, "records": list(a.records)}
            for a in resolution.ambiguous
        ],
        "shared_names": _shared_names(evidence, resolution),
        "names_not_credited": [
            {
                "name": c.naming.name,
                "giver": c.naming.given_by_name or c.naming.given_by,
                "reporter": c.naming.reporter,
                "record": c.naming.record,
                "given_to": list(c.records),
                "records": [c.naming.record, *c.records],
                "claim": c.naming.claim,
                "reason": not_credited_text(c, evidence),
            }
            for c in resolution.contradicted
        ],
        "below_policy": [_claim_document(c) for c in resolution.unaccepted],
        "about_records_not_loaded": [_claim_document(c) for c in resolution.dangling],
    }
