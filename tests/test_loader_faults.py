"""Faults during a load, kept as regression tests: the graph always ends as a clean load's.

- the loader killed with SIGKILL at a random batch, then run again;
- the Neo4j server killed with SIGKILL mid-load (a throwaway server of its own, never the
  session's), restarted, and the load run again;
- two loads of one input at once: the same graph, no duplicates, and "created" counted once.

Each load runs in a child process (tests/load_child.py) on the seed, in small batches so that
there are many batches to interrupt. A kill lands at a random batch; the seed of the random
choice is printed, so a failure can be replayed.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader.load import DEFAULT_SEED, load
from loader.spool import SPILL_PREFIX
from loader.writer import wipe
from tests.ui_server import free_port

pytestmark = pytest.mark.neo4j

BATCH = 10  # rows per batch: the seed makes ~100 batches


def batch_count(batch_size: int) -> int:
    """How many batches a load of the seed writes."""
    plan = load([DEFAULT_SEED], dry_run=True, use_database_ids=False).plan
    groups = [*plan.nodes.values(), *plan.edges.values()]
    return sum(math.ceil(len(rows) / batch_size) for rows in groups)


def row_count() -> int:
    plan = load([DEFAULT_SEED], dry_run=True, use_database_ids=False).plan
    return plan.node_count() + plan.edge_count()


def child(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.load_child", str(DEFAULT_SEED), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
    output, _ = proc.communicate(timeout=timeout)
    return proc.returncode, output


def spills(tmp: Path) -> list[Path]:
    return sorted(tmp.glob(f"{SPILL_PREFIX}*"))


def test_loader_killed_at_a_random_batch_then_rerun_gives_the_clean_graph(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    seed = random.randrange(2**32)
    kill_at = random.Random(seed).randint(1, batch_count(BATCH) - 1)
    print(f"random seed {seed}: SIGKILL after batch {kill_at}")
    env = {**os.environ, "TMPDIR": str(tmp_path)}

    code, output = finish(child(str(BATCH), "--wipe", "--kill-at", str(kill_at), env=env))
    assert code == -signal.SIGKILL, output
    assert output.split()[-2:] == ["batch", str(kill_at)]
    assert graph_fingerprint() != restore_seed  # the kill left a half-written graph
    assert spills(tmp_path), "a kill -9 leaves its spill directory behind"

    code, output = finish(child(str(BATCH), env=env))
    assert code == 0, output
    assert graph_fingerprint() == restore_seed
    assert spills(tmp_path) == [], "the next load removes the dead load's spill directory"


def test_two_concurrent_loads_give_one_graph_and_count_each_creation_once(
    restore_seed: Fingerprint,
) -> None:
    wipe()
    first, second = child("1"), child("1")  # one row per batch: the two loads interleave
    results = [finish(first), finish(second)]
    for code, output in results:
        assert code == 0, output
    assert graph_fingerprint() == restore_seed  # no duplicate node or edge
    created = [int(re.findall(r"done created=(\d+)", out)[0]) for _, out in results]
    assert sum(created) == row_count(), created


def test_a_sigterm_removes_the_spill_directory(tmp_path: Path, restore_seed: Fingerprint) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = child("1", "--force", env=env)  # the seed is loaded: unforced, it would be skipped
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("batch 20"):
            proc.send_signal(signal.SIGTERM)
            break
    code, output = finish(proc)
    assert code == 128 + signal.SIGTERM, output
    assert spills(tmp_path) == []


# --- the server killed mid-load: a throwaway server of its own --------------------------------
def server_env(data_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return {**env, "ATTRIB_DATA_DIR": str(data_dir), "ATTRIB_NEO4J_PORT": str(port)}


def cli(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "attrib.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


FINGERPRINT = "from attrib.fingerprint import graph_fingerprint; print(repr(graph_fingerprint()))"


def test_server_killed_mid_load_restarted_then_rerun_gives_the_clean_graph(
    tmp_path_factory: pytest.TempPathFactory, seeded_graph: Fingerprint
) -> None:
    data_dir = tmp_path_factory.mktemp("killed-neo4j")
    env = server_env(data_dir, free_port())
    started = cli(env, "neo4j", "start")
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        seed = random.randrange(2**32)
        kill_at = random.Random(seed).randint(1, batch_count(BATCH) // 2)
        print(f"random seed {seed}: server SIGKILL after batch {kill_at}")
        proc = child(str(BATCH), "--wipe", env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == f"batch {kill_at}":
                pid = json.loads((data_dir / "server.json").read_text())["pid"]
                os.kill(pid, signal.SIGKILL)
                break
        code, output = finish(proc)
        assert code != 0, output  # the load failed with the server

        restarted = cli(env, "neo4j", "start")
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr
        code, output = finish(child(str(BATCH), env=env))
        assert code == 0, output
        fingerprint = subprocess.run(
            [sys.executable, "-c", FINGERPRINT],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert fingerprint.stdout.strip() == repr(seeded_graph)
    finally:
        cli(env, "neo4j", "stop")
