"""Small second datasets for the identity tests, written as a load writes them (rows, then the
resolution), with the seed restored afterwards: `two_datasets` (a MISP HAFNIUM joining the
seed's, two records sharing "Grizzly Steppe", a STIX "Red Apollo" that a claim says is APT10
and that also carries "Silk Typhoon", a claim about a record not loaded) and `lazarus` (MISP
reports MITRE's names for Lazarus Group; ATT&CK gives G0082 to APT38). Used by the AppTest and
the browser tests of the Actor, Identity and Search pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import streamlit as st

from attrib.fingerprint import Fingerprint
from attrib.identity import datasets as ds
from attrib.names import name_key, name_props
from loader.plan import Plan
from loader.resolution import write_resolution
from loader.writer import write_plan

MISP_SOURCE = "dataset:misp-threat-actor"
VENDOR = "org-test-vendor"


def record(plan: Plan, rid: str, dataset: str, name: str, aliases: list[str]) -> None:
    props = {
        "id": rid,
        "dataset": dataset,
        "source_id": rid.split(":", 1)[1],
        "name": name,
        "aliases": aliases,
        "kind": "intrusion-set",
        "description": f"The {dataset} record of {name} (a test fixture).",
        **name_props([name, *aliases]),
    }
    plan.nodes["Actor"].append({"id": rid, "props": props})


def claim(plan: Plan, cid: str, subject: str, **props: Any) -> None:
    plan.nodes["Claim"].append({"id": cid, "props": {"id": cid, **props}})
    plan.edges[("SUBJECT", "Claim", "Actor")].append({"from": cid, "to": subject, "props": {}})
    plan.edges[("CLAIMED_BY", "Claim", "Organisation")].append(
        {"from": cid, "to": VENDOR, "props": {}}
    )
    plan.edges[("CITES", "Claim", "Source")].append({"from": cid, "to": MISP_SOURCE, "props": {}})


def second_dataset() -> Plan:
    plan = Plan()
    record(plan, "misp:test-hafnium", ds.MISP_THREAT_ACTOR, "HAFNIUM", ["ATK233", "Silk Typhoon"])
    record(plan, "misp:test-apt28", ds.MISP_THREAT_ACTOR, "APT28", ["Grizzly Steppe"])
    record(plan, "misp:test-apt29", ds.MISP_THREAT_ACTOR, "APT29", ["Grizzly Steppe"])
    record(plan, "stix:test-red-apollo", ds.STIX, "Red Apollo", ["Silk Typhoon"])
    plan.nodes["Source"].append(
        {"id": MISP_SOURCE, "props": {"id": MISP_SOURCE, "title": "MISP galaxy: threat-actor"}}
    )
    plan.nodes["Organisation"].append(
        {"id": VENDOR, "props": {"id": VENDOR, "name": "Test Vendor", "kind": "company"}}
    )
    claim(plan, "claim-test-naming", "misp:test-hafnium", kind="alias", alias="ATK233",
           dataset=ds.MISP_THREAT_ACTOR)  # fmt: skip
    claim(plan, "claim-test-same-as", "stix:test-red-apollo", kind="same-as", dataset=ds.STIX,
           object_record="apt10", confidence=60, confidence_label="likely",
           statement="Red Apollo is APT10.")  # fmt: skip
    claim(plan, "claim-test-dangling", "misp:test-apt28", kind="associated",
           dataset=ds.MISP_THREAT_ACTOR, object_record="misp:not-loaded",
           statement="APT28 is associated with a group of another galaxy.")  # fmt: skip
    return plan


def clear_caches() -> None:
    """The pages keep query results and the evidence for a minute: start each test afresh."""
    st.cache_data.clear()
    st.cache_resource.clear()


def written(plan: Plan) -> Iterator[None]:
    """Write the rows and resolve the actors as a load does, with the page caches emptied."""
    write_plan(plan)
    write_resolution()
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def two_datasets(restore_seed: Fingerprint) -> Iterator[None]:
    """The seed plus the second dataset, resolved; the seed alone again afterwards."""
    yield from written(second_dataset())


MISP_LAZARUS, ATTACK_LAZARUS, ATTACK_APT38 = "misp:test-lazarus", "attack:g0032", "attack:g0082"
NOT_CREDITED = (
    "not credited to MITRE: the MISP threat-actor galaxy says MITRE calls Lazarus Group "
    "'G0082', but MITRE ATT&CK, MITRE's own dataset, gives 'G0082' to APT38 (G0082)"
)


def lazarus_case() -> Plan:
    """MISP's Lazarus Group lists G0032 and G0082 as MITRE's names (name-attribution); ATT&CK
    gives G0032 to Lazarus Group and G0082 to APT38, as the real data does."""
    plan = Plan()
    record(plan, MISP_LAZARUS, ds.MISP_THREAT_ACTOR, "Lazarus Group", ["G0032", "G0082"])
    record(plan, ATTACK_LAZARUS, ds.ATTACK, "Lazarus Group", [])
    record(plan, ATTACK_APT38, ds.ATTACK, "APT38", [])
    for row in plan.nodes["Actor"][1:]:
        row["props"]["external_ids"] = [row["props"]["source_id"].upper()]
    plan.nodes["Source"].append(
        {"id": MISP_SOURCE, "props": {"id": MISP_SOURCE, "title": "MISP galaxy: threat-actor"}}
    )
    plan.nodes["Organisation"].append(
        {"id": "mitre", "props": {"id": "mitre", "name": "MITRE", "kind": "research"}}
    )
    for gid in ("G0032", "G0082"):
        cid = f"claim-test-mitre-{gid}"
        claim(plan, cid, MISP_LAZARUS, kind="alias", alias=gid, naming=ds.REPORTED,
               dataset=ds.MISP_THREAT_ACTOR, name_keys=[name_key(gid)])  # fmt: skip
        by = plan.edges[("CLAIMED_BY", "Claim", "Organisation")]
        by[-1] = {"from": cid, "to": "mitre", "props": {}}
    return plan


@pytest.fixture
def lazarus(restore_seed: Fingerprint) -> Iterator[None]:
    yield from written(lazarus_case())
