"""Connection settings: the environment first, else the local server (no database needed)."""

from __future__ import annotations

import pytest

from attrib import settings


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


@pytest.mark.parametrize(
    "uri", ["bolt://neo4j:s3cret-pw@127.0.0.1:7687", "neo4j+s://s3cret-pw@x.databases.neo4j.io"]
)
def test_a_password_in_the_uri_is_refused_and_never_echoed(uri: str) -> None:
    with pytest.raises(settings.NotConfigured, match="NEO4J_USERNAME and NEO4J_PASSWORD") as info:
        settings.resolve({"NEO4J_URI": uri, "NEO4J_PASSWORD": "pw"})
    assert "s3cret-pw" not in str(info.value)


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "127.0.0.1:7687", "https://x.io"])
def test_a_uri_that_is_not_bolt_is_a_clear_error(uri: str) -> None:
    with pytest.raises(settings.NotConfigured, match="NEO4J_URI must start with one of bolt://"):
        settings.resolve({"NEO4J_URI": uri, "NEO4J_PASSWORD": "pw"})
