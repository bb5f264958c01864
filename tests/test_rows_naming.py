"""loader.rows.PlanBuilder.naming_claim: a naming claim says how its giver stands to the name
(docs/identity.md, "Given versus reported"), and cites its reporter. No database."""

from __future__ import annotations

import pytest

from attrib.identity import datasets as ds
from loader.confidence import normalise
from loader.rows import PlanBuilder

NAMING = normalise("naming (definitional)", "wording", 100)


def _plan(**naming: str) -> PlanBuilder:
    rows = PlanBuilder()
    record = rows.actor_record("misp:1", dataset=ds.MISP_THREAT_ACTOR, source_id="1",
                               name="Lazarus Group", aliases=["G0082"])  # fmt: skip
    rows.naming_claim(
        record, "G0082", giver=("Organisation", "mitre"), dataset=ds.MISP_THREAT_ACTOR,
        source=ds.source_id(ds.MISP_THREAT_ACTOR), confidence=NAMING,
        statement="MITRE calls Lazarus Group 'G0082'.", **naming,
    )  # fmt: skip
    return rows


def test_a_reported_naming_is_by_the_giver_citing_the_reporter() -> None:
    plan = _plan(naming=ds.REPORTED).finish()
    (claim,) = plan.nodes["Claim"]
    assert claim["props"]["naming"] == "reported"
    assert claim["props"]["alias"] == "G0082" and claim["props"]["name_keys"] == ["g0082"]
    edges = {(shape[0], e["from"], e["to"]) for shape, rows in plan.edges.items() for e in rows}
    cid = claim["id"]
    assert {("CLAIMED_BY", cid, "mitre"), ("SUBJECT", cid, "misp:1"),
            ("CITES", cid, "dataset:misp-threat-actor")} <= edges  # fmt: skip


def test_a_naming_is_given_unless_said_otherwise_and_nothing_else() -> None:
    (claim,) = _plan().finish().nodes["Claim"]
    assert claim["props"]["naming"] == "given"  # the signature the importers already call
    with pytest.raises(ValueError, match="naming must be one of"):
        _plan(naming="coined")
