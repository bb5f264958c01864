"""Every `attrib` command has help with an example (no database needed)."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

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
