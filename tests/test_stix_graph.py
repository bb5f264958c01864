"""STIX 2.1 in and out against a real Neo4j: import, idempotency, records, export, round trip."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from attrib import db
from attrib.fingerprint import Fingerprint
from loader.export.stix import export_bundle
from loader.load import DEFAULT_SEED, load
from tests.stix_bundles import (
    ATTRIBUTION,
    CAMPAIGN,
    KITE,
    SCALES,
    SPONSOR_CN,
    assert_valid,
    bundle,
    every_type,
    obj,
    rel,
    sid,
    write,
)

pytestmark = pytest.mark.neo4j


def one(query: str, **params: Any) -> Any:
    rows = db.read(query, params).records
    return rows[0] if rows else None


SHARED = "(n:Organisation OR n:Country)"  # the registry's nodes: an import refers to them only


def counts() -> dict[str, Any]:
    labels = db.read(  # the loader's bookkeeping (which files were loaded) is not content
        "MATCH (n) WHERE NOT n:LoadedFile AND NOT n:LoadLedger "
        "UNWIND labels(n) AS l RETURN l, count(*) AS n"
    ).records
    kinds = db.read("MATCH (c:Claim) RETURN c.kind AS k, count(*) AS n").records
    edges = db.read(  # an organisation's or a country's own sources are the seed's, not a bundle's
        f"MATCH (n)-[r]->() WHERE NOT (type(r) = 'CITES' AND {SHARED}) "
        "RETURN type(r) AS t, count(*) AS n"
    ).records
    return {
        "labels": {r["l"]: r["n"] for r in labels},
        "claims": {r["k"]: r["n"] for r in kinds},
        "edges": {r["t"]: r["n"] for r in edges},
    }


# --- import ----------------------------------------------------------------------------------
def test_imported_claims_keep_claimant_confidence_and_sources(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    load([write(tmp_path / "every.json", every_type())])
    row = one(
        "MATCH (c:Claim {id: $id})-[:CLAIMED_BY]->(w), (c)-[:SUBJECT]->(s), (c)-[:OBJECT]->(o) "
        "RETURN c.kind AS kind, c.confidence AS conf, c.confidence_label AS label, "
        "c.confidence_scale AS scale, c.stix_id AS stix_id, w.name AS who, s.id AS s, o.id AS o, "
        "[(c)-[:CITES]->(src) | src.title] AS sources",
        id=ATTRIBUTION,
    )
    assert (row["kind"], row["conf"], row["label"], row["scale"]) == (
        "attribution",
        85,
        "High",
        "none-low-med-high",
    )
    assert (row["who"], row["s"], row["o"], row["stix_id"]) == (
        "Example Vendor",
        CAMPAIGN,
        KITE,
        ATTRIBUTION,
    )
    assert row["sources"] == ["Nylon Kite: a health-care campaign"]  # the report holding it
    kinds = {
        r["id"]: r["kind"]
        for r in db.read("MATCH (c:Claim) RETURN c.id AS id, c.kind AS kind").records
    }
    assert kinds[SPONSOR_CN] == "sponsorship"  # attributed-to a country
    assert kinds[sid("relationship", 3)] == "sponsorship"  # attributed-to a government body
    assert kinds[sid("opinion", 1)] == "denial"
    assert kinds[sid("opinion", 2)] == kinds[sid("opinion", 3)] == "corroboration"
    disputed = db.read(
        "MATCH (:Claim {id: $id})-[:DISPUTES]->(c) RETURN c.id AS id", {"id": sid("opinion", 1)}
    ).records
    assert [r["id"] for r in disputed] == [SPONSOR_CN]
    supported = db.read(
        "MATCH (:Claim {id: $id})-[:SUPPORTS]->(c) RETURN c.id AS id", {"id": sid("opinion", 3)}
    ).records
    assert [r["id"] for r in supported] == [ATTRIBUTION]  # its `uses` ref is not a claim
    source = one("MATCH (s:Source {id: $id}) RETURN s.reliability AS r", id=sid("report", 1))
    assert source["r"] == "B"


def test_every_confidence_scale_from_a_bundle(tmp_path: Path, restore_seed: Fingerprint) -> None:
    objects: list[dict[str, Any]] = [
        obj("campaign", 1, name="C"),
        obj("intrusion-set", 1, name="K"),
    ]
    for n, (scale, label, stix, _) in enumerate(SCALES, 100):
        objects.append(
            rel(
                n,
                "attributed-to",
                CAMPAIGN,
                KITE,
                confidence=stix,
                x_confidence_label=label,
                x_confidence_scale=scale,
            )
        )
    load([write(tmp_path / "scales.json", bundle(*objects))])
    for n, (scale, label, _, value) in enumerate(SCALES, 100):
        row = one(
            "MATCH (c:Claim {id: $id}) RETURN c.confidence AS v, c.confidence_label AS l, "
            "c.confidence_scale AS s",
            id=sid("relationship", n),
        )
        assert (row["v"], row["l"], row["s"]) == (value, label, scale)


# --- one record per source ------------------------------------------------------------------
def test_vendor_records_stay_their_own_and_resolve_with_the_seed(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    """A vendor's "Silk Typhoon" is its own record; the resolution (not the importer) puts it
    in the seed's HAFNIUM actor. Its Microsoft identity is the seed's `microsoft`."""
    data = bundle(
        obj("identity", 1, name="Microsoft Corporation", identity_class="organization"),
        obj(
            "intrusion-set",
            11,
            name="Silk Typhoon",
            aliases=["HAFNIUM", "Nylon Typhoon"],
            created_by_ref=sid("identity", 1),
        ),
        obj("intrusion-set", 12, name="Stone Panda", aliases=["menuPass", "POTASSIUM"]),
        obj("location", 5, name="China", country="CN"),
        obj("campaign", 11, name="Kite Season"),
        rel(21, "attributed-to", sid("campaign", 11), sid("intrusion-set", 11), confidence=80),
        rel(22, "attributed-to", sid("intrusion-set", 12), sid("location", 5), confidence=70,
            created_by_ref=sid("identity", 1)),
    )  # fmt: skip
    outcome = load([write(tmp_path / "names.json", data)])
    assert outcome.source == "stix" and outcome.identity is not None
    record = one(
        "MATCH (a:Actor {id: $id})-[:MEMBER_OF]->(r:ResolvedActor) "
        "RETURN a.dataset AS dataset, a.source_id AS source_id, r.anchor AS anchor",
        id=sid("intrusion-set", 11),
    )
    assert (record["dataset"], record["source_id"], record["anchor"]) == (
        "stix",
        sid("intrusion-set", 11),
        "hafnium",
    )
    stone = one(
        "MATCH (:Actor {id: $id})-[:MEMBER_OF]->(r) RETURN r.anchor AS a",
        id=sid("intrusion-set", 12),
    )
    assert stone["a"] == "apt10"
    target = one(
        "MATCH (:Claim {id: $id})-[:OBJECT]->(a) RETURN a.id AS id", id=sid("relationship", 21)
    )
    assert target["id"] == sid("intrusion-set", 11)  # the claim stays on the vendor's record
    state = one(
        "MATCH (c:Claim {id: $id})-[:SUBJECT]->(s), (c)-[:OBJECT]->(o), (c)-[:CLAIMED_BY]->(w) "
        "RETURN c.kind AS kind, s.id AS s, o.id AS o, w.id AS who",
        id=sid("relationship", 22),
    )
    assert (state["kind"], state["s"], state["o"], state["who"]) == (
        "sponsorship",
        sid("intrusion-set", 12),
        "china",
        "microsoft",
    )
    assert one("MATCH (o:Organisation {name: 'Microsoft'}) RETURN count(o) AS n")["n"] == 1
    assert one("MATCH (c:Claim {kind: 'alias'}) WHERE c.stix_id IS NOT NULL "
               "RETURN count(c) AS n")["n"] == 0  # fmt: skip
    again = load([tmp_path / "names.json"])
    assert again.report is not None
    assert (again.report.totals().created, again.report.totals().updated) == (0, 0)
    # A later bundle that only references the STIX id lands on the vendor's record.
    later = bundle(
        obj("campaign", 12, name="Later"),
        rel(23, "attributed-to", sid("campaign", 12), sid("intrusion-set", 11)),
        n=2,
    )
    load([write(tmp_path / "later.json", later)])
    target = one(
        "MATCH (:Claim {id: $id})-[:OBJECT]->(a) RETURN a.id AS id", id=sid("relationship", 23)
    )
    assert target["id"] == sid("intrusion-set", 11)


# --- export ----------------------------------------------------------------------------------
def test_export_after_an_import_is_valid(tmp_path: Path, restore_seed: Fingerprint) -> None:
    load([write(tmp_path / "every.json", every_type())])
    export_bundle(tmp_path / "mixed.json")
    assert_valid(tmp_path / "mixed.json")


def _content() -> dict[str, Counter[tuple[Any, ...]]]:
    """What the graph says, without the ids (they change on a round trip)."""
    claims = db.read(
        "MATCH (c:Claim) RETURN c.kind AS k, c.statement AS s, c.confidence AS v, "
        "c.confidence_label AS l, c.confidence_scale AS sc, toString(c.made_on) AS d, "
        "c.made_on_precision AS p, c.quote AS q, c.basis AS b, c.alias AS a"
    ).records
    entities = db.read(  # organisations and countries come back as the registry has them
        f"MATCH (n:Entity) WHERE NOT {SHARED} "
        "RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS l, n.name AS n, "
        "n.aliases AS a, n.original_name AS o, n.kind AS k, toString(n.first_seen) AS f"
    ).records
    sources = db.read(
        "MATCH (s:Source) RETURN s.title AS t, s.publisher AS p, s.url AS u, "
        "toString(s.published) AS d, s.language AS l, s.ref AS r, s.title_en AS e"
    ).records
    return {
        "claims": Counter(tuple(r.values()) for r in claims),
        "entities": Counter(tuple(map(str, r.values())) for r in entities),
        "sources": Counter(tuple(r.values()) for r in sources),
    }


def test_round_trip_into_an_empty_database_keeps_the_counts(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    before, content = counts(), _content()
    path = tmp_path / "seed.json"
    export_bundle(path)
    outcome = load([path], wipe_first=True)
    assert outcome.report is not None
    after = counts()
    for label in ("Actor", "Campaign", "Claim", "Source"):
        assert after["labels"][label] == before["labels"][label], label
    assert after == before  # every label, claim kind and edge type
    assert _content() == content
    again = load([path], force=True)  # unforced, the unchanged bundle would be skipped
    assert again.report is not None
    assert (again.report.totals().created, again.report.totals().updated) == (0, 0)


def test_import_planned_in_many_chunks_writes_the_same_graph(
    tmp_path: Path, restore_seed: Fingerprint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Objects are planned in chunks (MAP_BATCH) and their rows gathered per label and edge
    shape before writing: with tiny chunks, the graph is the one a single chunk writes."""
    from loader.sources.stix import source as stix_source

    path = tmp_path / "seed.json"
    export_bundle(path)
    one_chunk: list[int] = []  # the size of every batch written
    load([path], wipe_first=True, batch_size=50, progress=one_chunk.append)
    whole, content = counts(), _content()
    monkeypatch.setattr(stix_source, "MAP_BATCH", 7)
    many_chunks: list[int] = []
    outcome = load([path], wipe_first=True, batch_size=50, progress=many_chunks.append)
    assert outcome.report is not None
    assert counts() == whole and _content() == content
    totals = outcome.report.totals()
    assert (totals.updated, totals.unchanged) == (0, 0)  # every row written once, as new
    # The same full batches as from one chunk, not a few small ones per chunk of 7 objects.
    assert sorted(many_chunks) == sorted(one_chunk) and sum(many_chunks) == totals.created
    again = load([path], force=True)  # unforced, the unchanged bundle would be skipped
    assert again.report is not None
    assert (again.report.totals().created, again.report.totals().updated) == (0, 0)


def test_seed_is_still_what_the_yaml_says(seeded_graph: Fingerprint) -> None:
    outcome = load([DEFAULT_SEED], dry_run=True)
    assert outcome.source == "seed" and outcome.plan.node_count() > 0
