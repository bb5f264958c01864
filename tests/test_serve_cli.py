"""`attrib ui` / `attrib up` as real processes: a taken port, stop signals, Streamlit failing.

No Neo4j is needed: the explorer's server starts without one (pages say Neo4j is down).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli import app, serve

REPO = Path(__file__).resolve().parents[1]
STARTUP_DEADLINE = 90.0  # seconds for Streamlit to listen on a busy 2-core machine


def _attrib(*args: str) -> list[str]:
    return [sys.executable, "-m", "attrib.cli", *args]


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port on 127.0.0.1 that something else listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("command", ["ui", "up"])
def test_a_taken_port_fails_in_one_line_before_any_url(command: str, taken_port: int) -> None:
    # NEO4J_URI unreachable: `up` would fail on Neo4j (not the port) if it did not check first.
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "unused"}
    done = subprocess.run(
        _attrib(command, "--port", str(taken_port)),
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 1
    assert "http://" not in done.stdout + done.stderr
    assert done.stderr.splitlines() == [
        f"error: port {taken_port} on 127.0.0.1 is already in use: pass --port with a free one"
    ]


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)],
    ids=["SIGTERM", "SIGINT", "SIGHUP"],
)
def test_a_stop_signal_stops_the_streamlit_child(
    signum: signal.Signals, code: int, tmp_path: Path
) -> None:
    port = _free_port()
    # Output to files, not pipes: a Streamlit child left running would hold a pipe open.
    stdout, stderr = tmp_path / "stdout", tmp_path / "stderr"
    with stdout.open("w") as out, stderr.open("w") as err:
        cli = subprocess.Popen(_attrib("ui", "--port", str(port)), stdout=out, stderr=err, cwd=REPO)
    children: list[int] = []
    try:
        give_up = time.monotonic() + STARTUP_DEADLINE
        while not _listening(port):
            assert cli.poll() is None, stderr.read_text()
            assert time.monotonic() < give_up, "the explorer never listened"
            time.sleep(0.2)
        children = _children(cli.pid)
        assert children, "the explorer runs as a child of the command"
        os.kill(cli.pid, signum)  # the command alone, as a service manager would
        assert cli.wait(timeout=120) == code, stderr.read_text()
        assert f"http://127.0.0.1:{port}" in stdout.read_text()
        assert f"stopped by {signum.name}" in stderr.read_text()
        assert not [c for c in children if _alive(c)], "Streamlit still runs"
        assert not _listening(port)
    finally:
        for pid in [cli.pid, *children]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        cli.wait()


def test_streamlit_failing_fails_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve, "UI_APP", tmp_path / "no-such-app.py")  # Streamlit refuses it
    result = CliRunner().invoke(app, ["ui", "--port", str(_free_port())])
    assert result.exit_code == 1
    assert "the explorer (Streamlit) stopped with exit code" in result.output
