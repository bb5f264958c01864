"""Write the resolved actors (attrib.identity.resolve) into the graph, idempotently.

Run after every load and by `attrib identity resolve`: the ResolvedActor nodes and MEMBER_OF
edges are derived data, rebuilt from the evidence under the policy, never edited by hand. An
unchanged graph and policy write nothing.

A load writes its records, then their resolution, in separate transactions. Before the
records, it marks the resolution pending (`mark_pending`); writing the resolution clears the
mark. A load killed in between leaves the mark, and the next load or `attrib up` completes
the resolution first and says so (`complete_pending`): records are never left without actors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from attrib import cypher_text, db
from attrib.identity.evidence import read_evidence
from attrib.identity.policy import Policy, load_policy
from attrib.identity.resolve import Resolution, explain, resolve
from loader.plan import Plan
from loader.writer import LoadReport, write_plan


@dataclass
class ResolutionOutcome:
    resolution: Resolution
    report: LoadReport
    removed: int  # stale actors and memberships deleted

    def lines(self) -> list[str]:
        res = self.resolution
        records = len(res.actor_of)
        joined = sum(1 for a in res.actors if len(a.members) > 1)
        return [
            f"Identity: {records} actor records resolved into {len(res.actors)} actors "
            f"({joined} joined from several records) under the policy: {res.policy.describe()}.",
            *(
                [
                    f"  {len(res.suspect)} suspect chain(s) kept apart: evidence that would join "
                    f"more than {res.policy.max_members} records into one actor (the largest "
                    f"{max(len(s.records) for s in res.suspect)}); the Identity report lists them."
                ]
                if res.suspect
                else []
            ),
            f"  {len(res.refused)} joins refused, {len(res.ambiguous)} ambiguous names, "
            f"{len(res.unaccepted)} same-as claims below the policy, {len(res.dangling)} claims "
            "about records not loaded: `attrib identity report` lists them.",
        ]


def resolution_plan(resolution: Resolution) -> Plan:
    """ResolvedActor nodes and (record)-[:MEMBER_OF]->(actor) edges with their evidence.

    An actor's names are an unindexed list, bounded by the policy's `max_members`; a name
    finds the actor through its member records, whose own `name_keys` are indexed
    (search.cypher: the record, then MEMBER_OF). No indexed property grows with the group.
    """
    plan = Plan()
    for actor in resolution.actors:
        props: dict[str, Any] = {
            "id": actor.id,
            "name": actor.name,
            "names": actor.names,
            "anchor": actor.anchor,
            "member_count": len(actor.members),
            "policy": resolution.policy.digest(),
        }
        plan.nodes["ResolvedActor"].append({"id": actor.id, "props": props})
        for member, chain in explain(actor).items():
            edge = {
                "evidence": [j.detail for j in chain],
                "via": [j.claim or j.name for j in chain],
            }
            plan.edges[("MEMBER_OF", "Actor", "ResolvedActor")].append(
                {"from": member, "to": actor.id, "props": edge}
            )
    return plan


def mark_pending() -> None:
    """Say that actor records are about to be written and their resolution is not."""
    db.run_write(cypher_text.read("identity/mark_pending.cypher"))


def pending_since() -> str | None:
    """When the unfinished resolution was marked, or None when there is none."""
    row = db.read(cypher_text.read("identity/pending.cypher"), timeout=30).records[0]
    return str(row["since"]) if row["pending"] else None


def complete_pending(policy: Policy | None = None) -> str | None:
    """Complete the resolution a killed load left unfinished; the sentence that says so, or
    None when nothing was pending.

    Example:
        >>> complete_pending()  # doctest: +SKIP
        'The load of 2026-12-07T21:02:11Z stopped after writing its records ...'
    """
    since = pending_since()
    if since is None:
        return None
    outcome = write_resolution(policy)
    return (
        f"The load of {since} stopped after writing its records and before resolving who is "
        f"who: resolved now ({len(outcome.resolution.actor_of)} actor records into "
        f"{len(outcome.resolution.actors)} actors)."
    )


def write_resolution(policy: Policy | None = None) -> ResolutionOutcome:
    """Resolve every actor record under `policy` (the settings file's if None) and write it."""
    # claims about records of datasets loaded since get their OBJECT edge first
    db.run_write(cypher_text.read("identity/link_claim_objects.cypher"))
    resolution = resolve(read_evidence(), policy or load_policy())
    removed = db.run_write(
        cypher_text.read("identity/remove_stale.cypher"),
        {"ids": [a.id for a in resolution.actors], "actor_of": resolution.actor_of},
    )
    report = write_plan(resolution_plan(resolution))
    db.run_write(cypher_text.read("identity/clear_pending.cypher"))
    return ResolutionOutcome(
        resolution, report, removed.nodes_deleted + removed.relationships_deleted
    )
