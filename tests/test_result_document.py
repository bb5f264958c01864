"""One JSON document for a query result: `attrib query|cypher --format json` prints what the
explorer's "Download JSON" serves (attrib.result_document)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from attrib import runner
from attrib.catalogue import catalogue
from attrib.cli import app
from attrib.cli.output import OutputFormat, print_outcome
from attrib.fingerprint import Fingerprint
from attrib.result_document import result_document
from attrib.runner import QueryOutcome
from ui import common


def _outcome(text: str, name: str | None = None) -> QueryOutcome:
    return QueryOutcome(
        query=text,
        params={"limit": 2},
        keys=["name", "aliases", "seen"],
        rows=[
            {"name": "HAFNIUM", "aliases": ["Silk Typhoon"], "seen": "2021-01"},
            {"name": "国家安全部", "aliases": [], "seen": None},
        ],
        records=[],
        truncated=True,
        elapsed_ms=3.0,
        name=name,
    )


def _ui_result(outcome: QueryOutcome, name: str | None) -> common.Result:
    return common.Result(
        name=name,
        text=outcome.query,
        params=dict(outcome.params),
        keys=list(outcome.keys),
        rows=[dict(r) for r in outcome.rows],
        truncated=outcome.truncated,
    )


def test_the_document_holds_name_params_keys_rows_and_truncation() -> None:
    doc = result_document(_outcome("RETURN 1"), "newest_claims")
    assert doc == {
        "query": "newest_claims",
        "params": {"limit": 2},
        "keys": ["name", "aliases", "seen"],
        "rows": _outcome("RETURN 1").rows,
        "truncated": True,
    }


def test_cli_json_is_the_ui_download(capsys: pytest.CaptureFixture[str]) -> None:
    named = catalogue()["newest_claims"]
    for text, name in ((named.text, "newest_claims"), ("MATCH (n) RETURN n", None)):
        outcome = _outcome(text, name)
        print_outcome(outcome, OutputFormat.json)
        printed = json.loads(capsys.readouterr().out)
        assert printed == result_document(outcome, name)
        download = json.loads(common.json_bytes(_ui_result(outcome, name)))
        assert download == printed


def test_the_name_is_the_catalogue_query_that_ran() -> None:
    printed = result_document(_outcome("MATCH (a:Actor) RETURN a"), None)
    assert printed["query"] is None  # typed Cypher has no catalogue name
    assert QueryOutcome.__dataclass_fields__["name"].default is None


@pytest.mark.neo4j
def test_a_real_query_prints_the_download_document(seeded_graph: Fingerprint) -> None:
    name, campaign = "competing_attributions", "campaign=exchange-2021"
    result = CliRunner().invoke(
        app, ["query", name, "-p", campaign, "-f", "json", "--timeout", "60"]
    )
    assert result.exit_code == 0, result.stderr
    outcome = runner.run_named(name, {"campaign": "exchange-2021"}, timeout=60)  # a busy machine
    expected = result_document(outcome, name)
    assert json.loads(result.stdout) == expected
    ui = common._from_outcome(name, outcome.query, outcome.params, outcome)  # the UI's cache
    assert json.loads(common.json_bytes(ui)) == expected
