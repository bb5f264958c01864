"""An unknown query name is bad input (exit 2) that names the close ones, checked before any
connection: no Neo4j is needed to be told."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.cli.output import ExitCode

cli = CliRunner()


@pytest.mark.parametrize("command", [["query"], ["queries"]])
def test_an_unknown_query_exits_2_naming_the_close_ones(command: list[str]) -> None:
    result = cli.invoke(app, [*command, "entity_profil"])
    assert result.exit_code == ExitCode.INVALID
    assert result.stdout == ""
    assert result.stderr.startswith("error: There is no query named 'entity_profil'")
    assert "did you mean entity_profile?" in result.stderr
    assert "competing_attributions" not in result.stderr  # the close names only


def test_an_unknown_query_with_no_close_name_lists_them_all() -> None:
    result = cli.invoke(app, ["query", "zzz", "--param", "id=x"])
    assert result.exit_code == ExitCode.INVALID
    listed = "`attrib queries` lists them: as_of, attribution_lag, attribution_matrix,"
    assert listed in result.stderr
