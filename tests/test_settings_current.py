"""`settings.current()`: the settings worked out once, again only when an input changed (no
database needed: `resolve` is counted, not run against a server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from attrib import settings
from attrib.settings import Settings


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each `resolve()` call appends to the list; it answers from the environment's URI."""
    calls: list[int] = []

    def fake(env: dict[str, str] | None = None) -> Settings:
        import os

        calls.append(1)
        uri = os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7999"
        origin = "environment" if os.environ.get("NEO4J_URI") else "local server"
        return Settings(uri, "neo4j", "pw", None, origin)

    monkeypatch.setattr(settings, "resolve", fake)
    monkeypatch.setattr(settings, "_last", None)
    return calls


def test_the_same_environment_is_resolved_once(
    counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    first = settings.current()
    assert settings.current() is first
    assert settings.current() is first
    assert len(counted) == 1


def test_a_changed_variable_is_resolved_again(
    counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    assert settings.current().uri == "bolt://127.0.0.1:7687"
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7688")
    assert settings.current().uri == "bolt://127.0.0.1:7688"
    monkeypatch.setenv("NEO4J_PASSWORD", "other")
    settings.current()
    assert len(counted) == 3


def test_a_restarted_local_server_is_resolved_again(
    counted: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without NEO4J_URI: the local server's state file is an input (each start rewrites it,
    a stop removes it), and so is the data directory."""
    for name in settings.INPUT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ATTRIB_DATA_DIR", str(tmp_path / "a"))
    (tmp_path / "a").mkdir()
    state = tmp_path / "a" / "server.json"
    state.write_text('{"uri": "bolt://127.0.0.1:7687"}')
    settings.current()
    settings.current()
    assert len(counted) == 1
    state.write_text('{"uri": "bolt://127.0.0.1:7690", "pid": 2}')  # a new start
    settings.current()
    assert len(counted) == 2
    state.unlink()  # stopped
    settings.current()
    assert len(counted) == 3
    monkeypatch.setenv("ATTRIB_DATA_DIR", str(tmp_path / "b"))  # another data directory
    settings.current()
    assert len(counted) == 4


def test_not_configured_is_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "_last", None)
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(settings.NotConfigured, match="NEO4J_PASSWORD"):
        settings.current()
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    assert settings.current().uri == "bolt://127.0.0.1:7687"
