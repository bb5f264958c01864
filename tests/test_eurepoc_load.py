"""`attrib load` of the real EuRepoC 1.1 excerpt against a real Neo4j: every incident loads,
the problems file lists each repaired or skipped record, a re-load changes nothing, and
`--strict` refuses the input with nothing written."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib import db
from attrib.cli import app
from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader.sources.eurepoc import read_eurepoc

pytestmark = pytest.mark.neo4j
SAMPLE = Path(__file__).parent / "data" / "eurepoc-sample"
runner = CliRunner()


def test_the_release_loads_names_its_problems_file_and_reloads_unchanged(
    tmp_path: Path, restore_seed: Fingerprint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATTRIB_PROBLEMS_DIR", str(tmp_path / "problems"))
    first = runner.invoke(app, ["load", str(SAMPLE)])
    assert first.exit_code == 0, first.output
    named = re.search(r"reason: (\S+\.csv)", first.output.replace("\n", ""))
    assert named, first.output
    problems_file = Path(named.group(1))
    assert problems_file.parent == tmp_path / "problems"
    with problems_file.open(encoding="utf-8", newline="") as fh:
        listed = list(csv.DictReader(fh))
    expected = read_eurepoc([SAMPLE]).notices
    assert len(listed) == len(expected) > 0
    assert all(row["file"] and row["line"] and row["record"] and row["field"] for row in listed)
    incidents = db.read(
        "MATCH (c:Campaign {dataset: 'eurepoc'}) WHERE c.first_seen IS NOT NULL OR "
        "c.name IS NOT NULL RETURN count(c) AS n"
    ).records[0]["n"]
    assert incidents == 24
    skipped = runner.invoke(app, ["load", str(SAMPLE)])  # unchanged: nothing read
    assert skipped.exit_code == 0, skipped.output
    flat = skipped.output.replace("\n", "")
    assert flat.count(": unchanged, skipped") == len(list(SAMPLE.glob("*.csv"))) == 2
    assert f"listed in {problems_file}" in flat
    again = runner.invoke(app, ["load", "--force", str(SAMPLE)])
    assert again.exit_code == 0, again.output
    total = next(line for line in again.output.splitlines() if line.strip().startswith("total"))
    assert [c for c in total.split() if c.isdigit()][:2] == ["0", "0"], total  # created, updated


def test_strict_refuses_the_release_and_writes_nothing(
    seeded_graph: Fingerprint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATTRIB_PROBLEMS_DIR", str(tmp_path))
    refused = runner.invoke(app, ["load", "--strict", str(SAMPLE)])
    assert refused.exit_code == 2, refused.output
    assert "attribution_ID" in refused.output and "nothing was written" in refused.output
    assert graph_fingerprint() == seeded_graph
    assert list(tmp_path.iterdir()) == []
