"""One EuRepoC attribution is one claim, whichever file and run it came from (docs/identity.md):
the Global Database (without an `attribution_ID` column, as released) and the Attribution
dataset describe attributions 5001 and 5003 alike, and loading them alone, in either order or
together gives one graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from attrib import db
from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader.load import load
from loader.plan import Plan
from loader.sources.eurepoc import read_eurepoc
from tests.conftest import load_seed_fresh

FIXTURES = Path(__file__).parent / "fixtures" / "eurepoc"
GLOBAL = FIXTURES / "global.csv"
ATTRIBUTIONS = FIXTURES / "attributions.csv"


def _claims(plan: Plan) -> dict[str, dict[str, Any]]:
    """Every planned claim, owned (nodes) or created when absent (refs), by id."""
    rows = [*plan.nodes.get("Claim", []), *plan.refs.get("Claim", [])]
    return {row["id"]: row["props"] for row in rows}


def _by_source_id(plan: Plan) -> dict[str, str]:
    return {p["source_id"]: cid for cid, p in _claims(plan).items() if p["kind"] == "attribution"}


def test_both_files_give_an_attribution_the_same_claim_id() -> None:
    alone_global = _by_source_id(read_eurepoc([GLOBAL]).plan)
    alone_attributions = _by_source_id(read_eurepoc([ATTRIBUTIONS]).plan)
    assert alone_attributions["5001"] == alone_global["1001:1"]  # Microsoft: Hafnium
    assert alone_attributions["5003"] == alone_global["1002:1"]  # Germany: APT28
    assert alone_attributions["5002"] not in alone_global.values()  # the US: only there
    assert alone_global["1001:2"] not in alone_attributions.values()  # the NCSC: only there
    together = _claims(read_eurepoc([GLOBAL, ATTRIBUTIONS]).plan)
    assert set(together) == set(_claims(read_eurepoc([GLOBAL]).plan)) | set(
        _claims(read_eurepoc([ATTRIBUTIONS]).plan)
    )


def test_the_global_database_owns_what_it_describes() -> None:
    plan = read_eurepoc([ATTRIBUTIONS, GLOBAL]).plan
    owned = {row["id"] for row in plan.nodes["Claim"]}
    referred = {row["id"] for row in plan.refs.get("Claim", [])}
    assert not owned & referred  # one row per claim: the owner's
    ids = _by_source_id(plan)
    assert ids["1001:1"] in owned  # described by both: the Global Database's row
    assert ids["5002"] in referred  # only the Attribution dataset: created when absent
    assert "5001" not in ids  # no second claim for the attribution both describe


def test_identical_entries_of_one_incident_are_one_claim_listing_both_ids(tmp_path: Path) -> None:
    text = ATTRIBUTIONS.read_text(encoding="utf-8").splitlines()
    twin = text[1].replace("1001,5001,", "1001,5009,", 1)  # the same coding under another id
    doubled = tmp_path / "attributions.csv"
    doubled.write_text("\n".join([*text, twin]) + "\n", encoding="utf-8")
    claims = _claims(read_eurepoc([doubled]).plan)
    ids = _by_source_id(read_eurepoc([doubled]).plan)
    assert "5009" not in ids
    assert claims[ids["5001"]]["source_ids"] == ["5001", "5009"]
    assert ids["5001"] == _by_source_id(read_eurepoc([GLOBAL]).plan)["1001:1"]


# --- against Neo4j ------------------------------------------------------------------------


def _eurepoc_claims() -> Counter[str]:
    rows = db.read(
        "MATCH (c:Claim {dataset: 'eurepoc'}) RETURN c.kind AS kind, count(*) AS n"
    ).records
    return Counter({r["kind"]: r["n"] for r in rows})


def _same_attribution_twice() -> list[dict[str, Any]]:
    """Attributions with one subject, claimant, object and date planned as two claims."""
    return db.read(
        "MATCH (s)<-[:SUBJECT]-(c:Claim {dataset: 'eurepoc', kind: 'attribution'})"
        "-[:CLAIMED_BY]->(o), (c)-[:OBJECT]->(t) "
        "WITH s.id AS s, o.id AS o, t.id AS t, toString(c.made_on) AS made_on, "
        "collect(c.id) AS ids WHERE size(ids) > 1 RETURN s, o, t, made_on, ids"
    ).records


def _after(*runs: list[Path]) -> tuple[Fingerprint, Counter[str]]:
    load_seed_fresh()
    for paths in runs:
        load(paths)
    assert _same_attribution_twice() == []
    return graph_fingerprint(), _eurepoc_claims()


@pytest.mark.neo4j
def test_any_order_of_runs_gives_one_graph(restore_seed: Fingerprint) -> None:
    together, claims = _after([GLOBAL, ATTRIBUTIONS])
    assert claims["attribution"] == len(_by_source_id(read_eurepoc([GLOBAL, ATTRIBUTIONS]).plan))
    assert _after([ATTRIBUTIONS], [GLOBAL]) == (together, claims)
    assert _after([GLOBAL], [ATTRIBUTIONS]) == (together, claims)
    assert _after([ATTRIBUTIONS], [GLOBAL], [ATTRIBUTIONS], [GLOBAL, ATTRIBUTIONS]) == (
        together,
        claims,
    )
