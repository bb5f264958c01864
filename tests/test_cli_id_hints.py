"""`attrib query` given a name where it takes an id: the empty result says which records carry
that name, and a resolved actor's id says what it is (attrib/cli/id_hints.py)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from attrib.catalogue import catalogue
from attrib.cli import app
from attrib.cli.id_hints import id_hints
from attrib.fingerprint import Fingerprint

cli = CliRunner()


def test_only_id_parameters_are_looked_up() -> None:
    # search's q is a name, not an id: nothing to look up, so no database is needed here
    assert id_hints(catalogue()["search"], {"q": "HAFNIUM"}) == []
    assert id_hints(catalogue()["neighbourhood"], {"hops": 2}) == []


@pytest.mark.neo4j
def test_a_name_given_for_an_id_lists_the_records_named_so(seeded_graph: Fingerprint) -> None:
    result = cli.invoke(app, ["query", "entity_profile", "-p", "id=HAFNIUM", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"rows": []' in result.stdout
    hint = result.stderr.split("hint: ", 1)[1]
    assert hint.startswith("id='HAFNIUM' is not an id; records named so: hafnium (HAFNIUM, seed)")


@pytest.mark.neo4j
def test_a_resolved_actor_id_is_explained(seeded_graph: Fingerprint) -> None:
    result = cli.invoke(app, ["query", "timeline", "-p", "id=actor:hafnium"])
    assert result.exit_code == 0, result.stderr
    assert "is a resolved actor (a group of records)" in result.stderr
    assert 'attrib identity show "actor:hafnium"' in result.stderr


@pytest.mark.neo4j
def test_an_id_or_a_result_brings_no_hint(seeded_graph: Fingerprint) -> None:
    for args in (
        ["entity_profile", "-p", "id=no-such-record"],
        ["entity_profile", "-p", "id=hafnium"],
    ):
        result = cli.invoke(app, ["query", *args])
        assert result.exit_code == 0, result.stderr
        assert "hint:" not in result.stderr
