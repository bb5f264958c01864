"""The loader against a real Neo4j: counts, idempotency, bad input, dry runs, schema."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib import db
from attrib.cli import app
from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader import models as m
from loader.load import DEFAULT_SEED, load
from loader.validate import read_and_validate
from tests.bad_inputs import BAD_INPUTS, BadInput

pytestmark = pytest.mark.neo4j
runner = CliRunner()


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
    relations = Counter(r.type for r in data.of(m.Relation) if isinstance(r, m.Relation))
    for rtype, n in relations.items():
        query = f"MATCH ()-[r:{rtype}]->() WHERE r.sources IS NOT NULL RETURN count(r) AS n"
        assert db.read(query).records[0]["n"] >= n, rtype


def test_second_load_changes_nothing(seeded_graph: Fingerprint) -> None:
    outcome = load([DEFAULT_SEED])
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
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id",
        {"q": "hafnium"},
    ).records
    assert "hafnium" in {r["id"] for r in found}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=lambda c: c.name)
def test_bad_input_exits_2_names_the_place_and_writes_nothing(
    tmp_path: Path, case: BadInput, seeded_graph: Fingerprint
) -> None:
    for name, data in case.files.items():
        (tmp_path / name).write_bytes(data)
    result = runner.invoke(app, ["load", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "nothing was written" in result.output
    record = "(whole file)" if case.record == "-" else case.record
    field = f"field '{case.field}'" if case.field != "-" else ""
    lines = [line for line in result.output.splitlines() if case.file in line]
    assert any(record in line and field in line for line in lines), result.output
    assert graph_fingerprint() == seeded_graph


def test_valid_file_beside_a_bad_one_is_not_written(
    tmp_path: Path, seeded_graph: Fingerprint
) -> None:
    (tmp_path / "a.yaml").write_text("actors:\n  - id: brand-new\n    name: Brand New\n")
    (tmp_path / "b.yaml").write_text("actors:\n  - id: broken\n")
    result = runner.invoke(app, ["load", str(tmp_path)])
    assert result.exit_code == 2
    assert graph_fingerprint() == seeded_graph


def test_dry_run_validates_prints_the_plan_and_writes_nothing(
    tmp_path: Path, seeded_graph: Fingerprint
) -> None:
    (tmp_path / "new.yaml").write_text(
        "actors:\n  - id: brand-new\n    name: Brand New\n    sources: [src-01]\n"
    )
    result = runner.invoke(app, ["load", str(tmp_path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output and "Actor" in result.output
    assert graph_fingerprint() == seeded_graph


def test_small_file_may_reference_loaded_records(tmp_path: Path, restore_seed: Fingerprint) -> None:
    (tmp_path / "more.yaml").write_text(
        "tools:\n  - id: test-tool\n    name: Test Tool\n    sources: [src-24]\n"
        "relations:\n  - type: USES\n    from: hafnium\n    to: test-tool\n    sources: [src-24]\n"
    )
    result = runner.invoke(app, ["load", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = db.read(
        "MATCH (:Actor {id:'hafnium'})-[:USES]->(t:Tool {id:'test-tool'}) RETURN count(*) AS n"
    ).records
    assert rows[0]["n"] == 1


def test_wipe_then_load_gives_the_same_graph(restore_seed: Fingerprint) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "attrib.cli", "load", "--wipe"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "created" in result.stdout
    assert graph_fingerprint() == restore_seed
