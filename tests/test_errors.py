"""The one translator from driver and settings errors to words for people (no database)."""

from __future__ import annotations

import os
import subprocess
import sys

import neo4j.exceptions
import pytest
from typer.testing import CliRunner

from attrib import errors
from attrib.cli import app
from attrib.settings import NotConfigured


def test_a_uri_password_in_a_driver_message_is_masked() -> None:
    exc = neo4j.exceptions.ConfigurationError(
        "URI userinfo is not supported. Given URI: 'bolt://neo4j:s3cret-pw@127.0.0.1:1'."
    )
    message = errors.describe(exc)
    assert "s3cret-pw" not in message
    assert "bolt://***@127.0.0.1:1" in message


@pytest.mark.parametrize("command", [["cypher", "RETURN 1"], ["query", "overview_counts"]])
def test_the_cli_never_echoes_a_password_from_neo4j_uri(command: list[str]) -> None:
    env = {"NEO4J_URI": "bolt://neo4j:s3cret-pw@127.0.0.1:1", "NEO4J_PASSWORD": "x"}
    result = CliRunner().invoke(app, command, env=env)
    assert result.exit_code == 1
    assert "NEO4J_URI must not hold a user name or password" in result.stderr
    assert "s3cret-pw" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            NotConfigured("No Neo4j configured: run `attrib neo4j start`"),
            errors.DatabaseUnavailable,
        ),
        (neo4j.exceptions.AuthError("no"), errors.DatabaseUnavailable),
        (neo4j.exceptions.ServiceUnavailable("Couldn't connect"), errors.DatabaseUnavailable),
        (neo4j.exceptions.SessionExpired("gone"), errors.DatabaseUnavailable),
    ],
)
def test_every_way_of_not_reaching_neo4j_reads_the_same(
    exc: BaseException, expected: type[errors.AttribError]
) -> None:
    translated = errors.translate(exc, "RETURN 1")
    assert isinstance(translated, expected)
    assert translated.query == "RETURN 1"
    assert translated.message == errors.describe(exc)


def test_an_unknown_exception_is_left_as_it_is() -> None:
    exc = ValueError("a bug")
    assert errors.translate(exc) is exc
    assert errors.describe(exc) == "ValueError: a bug"


def test_an_unreachable_server_is_one_line_on_stderr() -> None:
    """The driver's own log lines and warnings never join the one error line."""
    env = {**os.environ, "NEO4J_URI": "neo4j://127.0.0.1:1", "NEO4J_PASSWORD": "x"}
    done = subprocess.run(
        [sys.executable, "-m", "attrib.cli", "cypher", "RETURN 1"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: Cannot reach Neo4j (Unable to retrieve routing information). Is it running? "
        "Try `attrib neo4j status`."
    ]


def test_one_timeout_sentence_with_the_advice_of_each_reader() -> None:
    """The runner's own deadline and Neo4j's stop say the same sentence; the CLI is told its
    flag, the UI what the UI offers (never a CLI flag)."""
    stopped = errors.timed_out(2)
    waited = errors.QueryTimedOut(2, "RETURN 1", answered=False)
    assert stopped.message == (
        "The query was stopped after the 2 s time limit. Narrow it (a LIMIT, fewer hops, an id) "
        "or raise --timeout (at most 60 s)."
    )
    assert waited.message == (
        "The query was stopped after the 2 s time limit; Neo4j had not answered. Narrow it "
        "(a LIMIT, fewer hops, an id) or raise --timeout (at most 60 s)."
    )
    for exc in (stopped, waited):
        assert errors.describe(exc) == exc.message
        ui = errors.describe(exc, cli=False)
        assert "--" not in ui
        assert ui == exc.message.replace("raise --timeout", "raise the Console's time limit")
