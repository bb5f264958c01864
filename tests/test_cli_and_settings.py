"""CLI help and connection-settings precedence (no database needed)."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from attrib import settings
from attrib.cli import app

runner = CliRunner()


def all_commands() -> list[tuple[list[str], bool]]:
    """Every command path, and whether it is a group (groups list commands, not examples)."""
    paths: list[tuple[list[str], bool]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        is_group = hasattr(cmd, "commands")  # typer vendors click: duck-type the group
        paths.append((path, is_group))
        if is_group:
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


@pytest.mark.parametrize("command", all_commands(), ids=lambda c: " ".join(c[0]) or "attrib")
def test_every_command_has_help_with_an_example(command: tuple[list[str], bool]) -> None:
    path, is_group = command
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip()) > 40
    if not is_group:
        assert "Example" in result.output, f"`attrib {' '.join(path)} --help` has no example"


def test_environment_wins_over_the_local_server() -> None:
    got = settings.resolve(
        {
            "NEO4J_URI": "neo4j+s://x.databases.neo4j.io",
            "NEO4J_USERNAME": "reader",
            "NEO4J_PASSWORD": "pw",
            "NEO4J_DATABASE": "intel",
        }
    )
    assert (got.uri, got.username, got.database, got.origin) == (
        "neo4j+s://x.databases.neo4j.io",
        "reader",
        "intel",
        "environment",
    )
    assert "pw" not in repr(got)


def test_username_defaults_to_neo4j() -> None:
    got = settings.resolve({"NEO4J_URI": "bolt://127.0.0.1:7687", "NEO4J_PASSWORD": "pw"})
    assert got.username == "neo4j" and got.database is None


def test_uri_without_password_is_a_clear_error() -> None:
    with pytest.raises(settings.NotConfigured, match="NEO4J_PASSWORD"):
        settings.resolve({"NEO4J_URI": "bolt://127.0.0.1:7687"})


def test_without_uri_the_local_server_is_used(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ATTRIB_DATA_DIR", str(tmp_path))
    with pytest.raises(settings.NotConfigured, match="attrib neo4j start"):
        settings.resolve({})
