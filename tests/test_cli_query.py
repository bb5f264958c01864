"""`attrib queries`, `attrib query` and `attrib cypher` through the real `attrib` command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from attrib.catalogue import catalogue
from attrib.cli import app
from attrib.cli.output import ExitCode
from attrib.fingerprint import Fingerprint, graph_fingerprint
from tests.seed_facts import MS_ATTRIBUTION

cli = CliRunner()


def test_cli_lists_queries_one_per_line_with_a_tab() -> None:
    result = cli.invoke(app, ["queries"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted(catalogue())
    assert "search\tSearch names and what was said" in lines


@pytest.mark.neo4j
def test_cli_query_prints_json_and_timing_on_stderr(seeded_graph: Fingerprint) -> None:
    result = cli.invoke(
        app,
        ["query", "competing_attributions", "--param", "campaign=exchange-2021", "-f", "json"],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)  # the explorer's download document (test_result_document)
    assert data["query"] == "competing_attributions"
    assert MS_ATTRIBUTION in {r["claim"] for r in data["rows"]}
    assert " rows in " in result.stderr


@pytest.mark.neo4j
def test_cli_query_csv_and_truncation_notice(seeded_graph: Fingerprint) -> None:
    result = cli.invoke(app, ["query", "timeline", "--max-rows", "2", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("date,precision,type,kind,id")
    assert len(lines) == 3
    assert "truncated" in result.stderr


@pytest.mark.neo4j
def test_cli_cypher_infers_json_params(seeded_graph: Fingerprint) -> None:
    result = cli.invoke(
        app,
        ["cypher", "RETURN $n + 1 AS n, $xs AS xs", "-p", "n=41", "-p", "xs=[1,2]", "-f", "json"],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["query"], data["rows"]) == (None, [{"n": 42, "xs": [1, 2]}])


@pytest.mark.neo4j
def test_cli_refusal_is_one_line_on_stderr_with_exit_3(seeded_graph: Fingerprint) -> None:
    result = cli.invoke(app, ["cypher", "MATCH (n) DETACH DELETE n"])
    assert result.exit_code == ExitCode.REFUSED
    assert result.stdout == ""
    assert result.stderr.startswith("refused: Only read queries can run here")
    assert graph_fingerprint() == seeded_graph


@pytest.mark.neo4j
def test_cli_bad_parameter_exits_2_naming_it(seeded_graph: Fingerprint) -> None:
    result = cli.invoke(app, ["query", "neighbourhood", "-p", "id=x", "-p", "hops=far"])
    assert result.exit_code == ExitCode.INVALID
    assert "parameter 'hops'" in result.stderr


def test_every_cli_command_has_help_with_an_example() -> None:
    for command in ("queries", "query", "cypher"):
        result = cli.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout
