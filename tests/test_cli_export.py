"""`attrib export stix` against a real Neo4j: valid STIX 2.1, campaign scope, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.fingerprint import Fingerprint, graph_fingerprint
from tests.stix_bundles import assert_valid

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def test_export_of_the_seed_is_valid_stix(tmp_path: Path, seeded_graph: Fingerprint) -> None:
    result = runner.invoke(app, ["export", "stix", str(tmp_path / "all.json")])
    assert result.exit_code == 0, result.output
    assert_valid(tmp_path / "all.json")
    assert graph_fingerprint() == seeded_graph


def test_campaign_export_is_valid_and_holds_its_claims(
    tmp_path: Path, seeded_graph: Fingerprint
) -> None:
    path = tmp_path / "exchange.json"
    result = runner.invoke(app, ["export", "stix", str(path), "--campaign", "exchange-2021"])
    assert result.exit_code == 0, result.output
    assert_valid(path)
    text = path.read_text(encoding="utf-8")
    assert '"attributed-to"' in text and '"opinion": "disagree"' in text
    assert "Microsoft attributes the exploitation" in text
    missing = runner.invoke(app, ["export", "stix", str(path), "--campaign", "no-such"])
    assert missing.exit_code == 2 and "no campaign" in missing.output
