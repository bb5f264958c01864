"""The loader against a real Neo4j: counts, idempotency, updates, schema (CLI: test_cli_load)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from attrib import db
from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader import models as m
from loader.load import DEFAULT_SEED, load
from loader.plan import build_plan
from loader.validate import read_and_validate

pytestmark = pytest.mark.neo4j


def count_by_label() -> dict[str, int]:
    rows = db.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n").records
    return {r["label"]: r["n"] for r in rows}


def test_seed_counts_match_the_yaml(seeded_graph: Fingerprint) -> None:
    data = read_and_validate([DEFAULT_SEED])
    expected = Counter(data.labels[rec.id] for _, rec in data.records if getattr(rec, "id", None))
    got = count_by_label()
    for label, n in expected.items():
        assert got.get(label) == n, label
    assert got["Entity"] == sum(expected[label] for label in m.ENTITY_LABELS)
    kinds = Counter(c.kind for c in data.of(m.Claim) if isinstance(c, m.Claim))
    rows = db.read("MATCH (c:Claim) RETURN c.kind AS kind, count(*) AS n").records
    assert {r["kind"]: r["n"] for r in rows} == dict(kinds)
    # every edge type exactly: relations, an organisation's country (LOCATED_IN, one edge with a
    # LOCATED_IN relation of the same pair) and the claim edges
    planned: Counter[str] = Counter()
    for (etype, _, _), rows in build_plan(data).edges.items():
        planned[etype] += len(rows)
    planned["MEMBER_OF"] = expected["Actor"]  # each actor record is a member of one actor
    rows = db.read("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n").records
    assert {r["type"]: r["n"] for r in rows} == dict(planned)
    relations = Counter(r.type for r in data.of(m.Relation) if isinstance(r, m.Relation))
    for rtype, n in relations.items():
        if rtype != "LOCATED_IN":  # the only type that organisations' countries add to
            assert planned[rtype] == n, rtype


def test_an_edited_relation_is_updated_in_place_not_duplicated(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    """Guards MERGE in cypher/load/merge_edges.cypher: with CREATE the edge would be there twice."""
    seed = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED, seed)
    relations = seed / "relations.yaml"
    text = relations.read_text(encoding="utf-8")
    old_note = '    note: "Reported in March 2021 for the Exchange Server breach."'
    assert old_note in text
    relations.write_text(text.replace(old_note, '    note: "Edited."', 1), encoding="utf-8")
    outcome = load([seed])
    assert outcome.report is not None
    tally = outcome.report.edges["USES"]
    assert (tally.created, tally.updated) == (0, 1)
    rows = db.read(
        "MATCH (:Actor {id: 'hafnium'})-[r:USES]->(:Tool {id: 'china-chopper'}) "
        "RETURN r.note AS note, r.sources AS sources"
    ).records
    assert [(r["note"], r["sources"]) for r in rows] == [("Edited.", ["src-24", "src-22"])]
    total = db.read("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    assert total == restore_seed.relationships


def test_second_load_changes_nothing(seeded_graph: Fingerprint) -> None:
    outcome = load([DEFAULT_SEED], force=True)  # read and compared again, not skipped
    assert outcome.report is not None
    totals = outcome.report.totals()
    assert (totals.created, totals.updated) == (0, 0)
    assert totals.unchanged == outcome.plan.node_count() + outcome.plan.edge_count()
    assert graph_fingerprint() == seeded_graph


def test_an_edited_record_is_reported_as_updated(tmp_path: Path, restore_seed: Fingerprint) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED, seed)
    actors = seed / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    assert "name: HAFNIUM" in text
    actors.write_text(text.replace("name: HAFNIUM", "name: HAFNIUM (edited)", 1), encoding="utf-8")
    outcome = load([seed])
    assert outcome.report is not None
    tally = outcome.report.nodes["Actor"]
    assert (tally.created, tally.updated) == (0, 1)
    assert graph_fingerprint() != restore_seed


def test_constraints_and_fulltext_index_exist_after_load(seeded_graph: Fingerprint) -> None:
    rows = db.read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type").records
    unique = {
        (r["labelsOrTypes"][0], tuple(r["properties"])) for r in rows if r["type"] == "UNIQUENESS"
    }
    for label in (*m.NODE_LABELS, "Entity"):
        assert (label, ("id",)) in unique, label
    found = db.read(
        "CALL db.index.fulltext.queryNodes('entity_name_text', $q) YIELD node RETURN node.id AS id",
        {"q": "hafnium"},
    ).records
    assert "hafnium" in {r["id"] for r in found}
