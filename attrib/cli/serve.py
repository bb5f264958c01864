"""`attrib ui` and `attrib up`: serve the Streamlit explorer (and start what it needs).

The explorer is a Streamlit child process, and the command owns it:
- the port is tried first: when it is taken the command says so in one line and exits 1,
  before any URL is printed (Streamlit would print the URL, then fail);
- Ctrl-C, SIGTERM or SIGHUP stop the child too (terminate, wait, kill after a grace period),
  and the command exits 128 + the signal number (130, 143, 129), as a shell reports it;
- when Streamlit itself fails, the command exits 1;
- the explorer warms itself when its server starts (ui/warmup.py: the pages' modules, the
  first pages' queries, every catalogue plan), so the first users do not wait for cold plans.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from types import FrameType, TracebackType
from typing import Annotated, Any

import typer

from attrib import cypher_text, db
from attrib.cli.load import load_cmd
from attrib.cli.output import err, fail, failures_as_exits, out

REPO = Path(__file__).resolve().parents[2]
UI_APP = REPO / "ui" / "app.py"
HOST = "127.0.0.1"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 10.0  # how long Streamlit may take to stop before it is killed

PortOption = Annotated[int, typer.Option(help="Port for the UI on 127.0.0.1.", min=1, max=65535)]


def port_problem(port: int) -> str | None:
    """Why the explorer cannot listen on 127.0.0.1:`port`, or None when it can.

    Tried by binding the port (and letting it go) the way Streamlit's server binds it:
    SO_REUSEADDR, so a port a stopped server left in TIME_WAIT counts as free.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {HOST} is already in use: pass --port with a free one"
            return f"cannot listen on {HOST}:{port} ({exc.strerror}): pass --port with another"
    return None


class _Stopped(Exception):
    """A stop signal arrived while the explorer ran."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _StopSignals:
    """While entered, the stop signals end the wait for the child by raising `_Stopped`.

    Until `arm()` a signal is only remembered (and raised by `arm`), so one arriving while
    the child starts cannot leave a child nobody stops; after the first raise, later signals
    (a second Ctrl-C) are only remembered, so they cannot interrupt stopping the child.
    """

    def __init__(self) -> None:
        self.pending: int | None = None
        self.armed = False
        self.previous: dict[signal.Signals, Any] = {}  # what signal.signal() returned

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.pending is None:
            self.pending = signum
        if self.armed:
            self.armed = False
            raise _Stopped(signum)

    def arm(self) -> None:
        self.armed = True
        if self.pending is not None:
            self.armed = False
            raise _Stopped(self.pending)

    def disarm(self) -> None:
        self.armed = False

    def __enter__(self) -> _StopSignals:
        for signum in STOP_SIGNALS:
            self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        for signum, handler in self.previous.items():
            if handler is not None:  # None: a handler not set from Python, nothing to restore
                signal.signal(signum, handler)


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Stop the child if it still runs: terminate, wait up to GRACE_SECONDS, then kill."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _check_port(port: int) -> None:
    problem = port_problem(port)
    if problem is not None:
        raise fail(problem)


def _serve_ui(port: int) -> None:
    """Run Streamlit on `port` until it ends or a stop signal arrives (see the module doc)."""
    _check_port(port)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(UI_APP),
        "--server.address", HOST,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    stopped: int | None = None
    with _StopSignals() as stops:
        child = subprocess.Popen(cmd, cwd=REPO)  # cwd: .streamlit/config.toml
        try:
            out.print(f"Explorer at [bold]http://{HOST}:{port}[/] (Ctrl-C to stop the UI).")
            stops.arm()
            code = child.wait()
        except _Stopped as exc:
            stopped = exc.signum
        finally:
            stops.disarm()
            _stop(child)
    if stopped is not None:
        name = signal.Signals(stopped).name
        err.print(f"stopped by {name}: the explorer is stopped too.", highlight=False)
        raise typer.Exit(128 + stopped)
    if code != 0:
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        raise fail(f"the explorer (Streamlit) stopped with {how}; its output above says why")


def ui_cmd(port: PortOption = 8501) -> None:
    """Serve the Streamlit explorer alone (Neo4j must already be reachable).

    Exit codes: 0 the explorer ended normally, 1 the port is taken or Streamlit failed,
    128 + the signal number when stopped by one (130 Ctrl-C, 143 SIGTERM).

    Example: attrib ui --port 8502
    """
    _serve_ui(port)


def up_cmd(port: PortOption = 8501) -> None:
    """Start the local Neo4j (unless NEO4J_URI is set), load the seed if empty (else complete a
    resolution a killed load left unfinished), serve the UI.

    Exit codes as for `attrib ui`; the port is checked before Neo4j is started.

    Example: attrib up --port 8600
    """
    _check_port(port)
    local = not os.environ.get("NEO4J_URI")
    if local:
        from attrib import local_server

        try:
            uri = local_server.start()
        except local_server.LocalNeo4jError as exc:
            raise fail(str(exc)) from None
        out.print(f"Neo4j at {uri}")
    try:
        with failures_as_exits():
            empty = _graph_is_empty()
        if empty:
            out.print("The graph is empty: loading the seed case.")
            load_cmd(paths=None, dry_run=False, wipe=False, batch_size=1000)
        else:
            _complete_resolution()
        _serve_ui(port)
    finally:
        if local:
            out.print("Neo4j keeps running; `attrib neo4j stop` stops it.")


def _complete_resolution() -> None:
    """A load killed after its records and before their resolution: resolved now, and said."""
    from loader.resolution import complete_pending

    with failures_as_exits():
        said = complete_pending()
    if said:
        out.print(said)


def _graph_is_empty() -> bool:
    result = db.read(cypher_text.read("admin/graph_is_empty.cypher"), timeout=10)
    return bool(result.records[0]["empty"])
