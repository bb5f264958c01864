"""Write the resolved actors (attrib.identity.resolve) into the graph, idempotently.

Run after every load and by `attrib identity resolve`: the ResolvedActor nodes and MEMBER_OF
edges are derived data, rebuilt from the evidence under the policy, never edited by hand. An
unchanged graph and policy write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from attrib import cypher_text, db
from attrib.identity.evidence import read_evidence
from attrib.identity.policy import Policy, load_policy
from attrib.identity.resolve import Resolution, explain, resolve
from attrib.names import name_props
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
            f"  {len(res.refused)} joins refused, {len(res.ambiguous)} ambiguous names, "
            f"{len(res.unaccepted)} same-as claims below the policy, {len(res.dangling)} claims "
            "about records not loaded: `attrib identity report` lists them.",
        ]


def resolution_plan(resolution: Resolution) -> Plan:
    """ResolvedActor nodes and (record)-[:MEMBER_OF]->(actor) edges with their evidence."""
    plan = Plan()
    for actor in resolution.actors:
        props: dict[str, Any] = {
            "id": actor.id,
            "name": actor.name,
            "names": actor.names,
            "anchor": actor.anchor,
            "member_count": len(actor.members),
            "policy": resolution.policy.digest(),
            **name_props(actor.names),
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
    return ResolutionOutcome(
        resolution, report, removed.nodes_deleted + removed.relationships_deleted
    )
