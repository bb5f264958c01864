"""`attrib load --bulk` (issue 19): the import tool builds the graph the online load builds.

Each load runs through `attrib load` in a subprocess against a throwaway local server of its
own (the tool stops and starts it); the graphs are compared line by line with every value's
type (`tests/graph_dump.py`): ids, labels, properties, relationships, constraints, indexes and
the resolved actors, on the seed case and on the benchmarks' S corpus.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import corpus
from loader.load import DEFAULT_SEED

pytestmark = pytest.mark.neo4j

Env = dict[str, str]


def run(env: Env, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=timeout,
        check=False,
    )  # fmt: skip


def attrib(env: Env, *args: str) -> subprocess.CompletedProcess[str]:
    return run(env, "-m", "attrib.cli", *args)


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


def dump(env: Env, path: Path) -> list[str]:
    ok(run(env, "-m", "tests.graph_dump", str(path)))
    return path.read_text(encoding="utf-8").splitlines()


def wipe(env: Env) -> None:
    ok(run(env, "-c", "from loader.writer import wipe; wipe()"))


def server_pid(data_dir: Path) -> int:
    pid: int = json.loads((data_dir / "server.json").read_text())["pid"]
    return pid


def differences(bulk: list[str], online: list[str]) -> list[str]:
    """The lines only one graph has (the first 20 of each), for a readable failure."""
    only_bulk = sorted(set(bulk) - set(online))[:20]
    only_online = sorted(set(online) - set(bulk))[:20]
    return [f"bulk only: {line[:600]}" for line in only_bulk] + [
        f"online only: {line[:600]}" for line in only_online
    ]


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Env, Path]]:
    """A local server of its own (the bulk load stops and starts it), empty at the start."""
    data_dir = tmp_path_factory.mktemp("bulk-neo4j")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["ATTRIB_DATA_DIR"] = str(data_dir)
    env.pop("ATTRIB_NEO4J_PORT", None)  # a free port, another one if taken while stopped
    ok(attrib(env, "neo4j", "start", "--wait", "300"))
    try:
        yield env, data_dir
    finally:
        attrib(env, "neo4j", "stop")


def bulk_then_online(env: Env, tmp: Path, paths: list[str]) -> tuple[list[str], list[str]]:
    """The graph the bulk load makes of `paths` in an empty database, and the online load's."""
    wipe(env)
    said = ok(attrib(env, "load", "--bulk", *paths))
    assert "Stopping the local Neo4j" in said and "Starting the local Neo4j again" in said
    bulk = dump(env, tmp / "bulk.txt")
    wipe(env)
    ok(attrib(env, "load", *paths))
    online = dump(env, tmp / "online.txt")
    return bulk, online


def test_the_seed_loaded_in_bulk_is_the_graph_the_online_load_makes(
    local: tuple[Env, Path], tmp_path: Path
) -> None:
    env, _ = local
    bulk, online = bulk_then_online(env, tmp_path, [str(DEFAULT_SEED)])
    assert any(line.startswith('node [["ResolvedActor"]') for line in bulk)
    assert any(line.startswith("constraint ") for line in bulk)
    assert differences(bulk, online) == []
    assert bulk == online


def test_the_s_corpus_loaded_in_bulk_is_the_graph_the_online_load_makes(
    local: tuple[Env, Path], tmp_path: Path
) -> None:
    env, _ = local
    s_corpus = corpus.ensure("S") / "yaml"
    bulk, online = bulk_then_online(env, tmp_path, [str(s_corpus)])
    assert sum(line.startswith("node ") for line in bulk) > 9_000
    assert differences(bulk, online) == []
    assert bulk == online


def test_bulk_refuses_a_database_that_is_not_empty_and_changes_nothing(
    local: tuple[Env, Path], tmp_path: Path
) -> None:
    env, data_dir = local
    wipe(env)
    ok(attrib(env, "load", str(DEFAULT_SEED)))
    before, pid = dump(env, tmp_path / "before.txt"), server_pid(data_dir)
    refused = attrib(env, "load", "--bulk", str(DEFAULT_SEED))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "--bulk loads only into an empty database" in " ".join(refused.stderr.split())
    assert "Stopping" not in refused.stderr
    assert server_pid(data_dir) == pid  # not stopped and started again
    assert dump(env, tmp_path / "after.txt") == before


def test_bulk_refuses_a_server_named_by_neo4j_uri_and_changes_nothing(
    local: tuple[Env, Path], tmp_path: Path
) -> None:
    env, data_dir = local
    wipe(env)
    pid = server_pid(data_dir)
    uri = json.loads((data_dir / "server.json").read_text())["uri"]
    password = (data_dir / "password").read_text().strip()
    remote = {**env, "NEO4J_URI": uri, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": password}
    refused = attrib(remote, "load", "--bulk", str(DEFAULT_SEED))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    message = " ".join(refused.stderr.split())
    assert "works only on the local server that `attrib neo4j start` manages" in message
    assert "NEO4J_URI names another server" in message
    assert server_pid(data_dir) == pid
    assert not any(line.startswith(("node ", "edge ")) for line in dump(env, tmp_path / "g.txt"))


def test_bulk_with_wipe_is_refused(local: tuple[Env, Path]) -> None:
    env, _ = local
    refused = attrib(env, "load", "--bulk", "--wipe", str(DEFAULT_SEED))
    assert refused.returncode == 2
    assert "cannot be combined with --wipe" in " ".join(refused.stderr.split())
