"""Starting, stopping and asking the local server: the JVM process, its port and Bolt."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from attrib.local_server import build, state
from attrib.local_server.config import DEFAULT_PORT, HOST, JVM_OPTS, USERNAME, launcher_args
from attrib.local_server.errors import LocalNeo4jError, PortInUse, StartFailed

if TYPE_CHECKING:
    import neo4j

STOP_TIMEOUT = 30.0
ENV_PORT = "ATTRIB_NEO4J_PORT"
# The JVM gets the caller's environment without the client password: it reads its own from a file
SECRET_VARS = ("NEO4J_PASSWORD",)


@dataclasses.dataclass(frozen=True)
class Status:
    """What :func:`status` reports. ``neo4j_version`` is filled only when Bolt answers."""

    running: bool
    pid: int | None
    uri: str | None
    port: int | None
    data_dir: str
    neo4j_version: str | None = None
    responding: bool = False
    started_at: str | None = None
    log_file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict (`attrib neo4j status --json`)."""
        return dataclasses.asdict(self)


def _noop(_: str) -> None:
    """Progress nobody asked to see."""


def start(wait_seconds: float = 120.0, *, progress: Callable[[str], None] | None = None) -> str:
    """Starts the local Neo4j (building the launcher first if needed) and returns its Bolt URI.

    Idempotent: if this data dir's server already runs, reports that through ``progress`` and
    returns its URI. A restart keeps the data and the password.

    Args:
        wait_seconds: bounds the wait for Bolt (not the one-time Maven build).
        progress: called with one line of text per step (e.g. ``print``).

    Raises:
        LocalNeo4jError: one of its subclasses (JavaMissing, MavenMissing, PortInUse, ...).

    Example:
        uri = start(progress=print)
    """
    say = progress or _noop
    with state.locked():
        running = state.live_state()
        if running:
            say(f"Neo4j is already running at {running['uri']} (pid {running['pid']}).")
            return str(running["uri"])

        java = build.java()
        port = _choose_port()
        classpath = build.ensure_launcher(say)
        password = state.ensure_password()
        uri = f"bolt://{HOST}:{port}"
        home = state.home()
        home.mkdir(parents=True, exist_ok=True)

        log = state.log_file()
        if log.exists():
            os.replace(log, log.with_name(log.name + ".1"))
        cmd = [java, *JVM_OPTS, "-cp", classpath, build.MAIN_CLASS]
        cmd += launcher_args(str(home), port, str(state.password_file()))
        env = {k: v for k, v in os.environ.items() if k not in SECRET_VARS}
        say(f"Starting Neo4j on {uri} (data in {state.data_dir()}) ...")
        t0 = time.monotonic()
        with open(log, "wb") as log_fh:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log_fh,
                stderr=subprocess.STDOUT,
                cwd=str(state.data_dir()),
                env=env,
                start_new_session=True,
                close_fds=True,
            )
        state.CHILDREN[proc.pid] = proc
        started_at = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        # written before the wait: a caller killed meanwhile leaves a pid that `stop` can end
        state.write_state({"pid": proc.pid, "port": port, "uri": uri, "started_at": started_at})

        try:
            _wait_ready(proc, t0 + wait_seconds, wait_seconds)
            version = _verify_bolt(uri, password, deadline=time.monotonic() + 30)
        except BaseException:
            _terminate(proc.pid, timeout=10)
            state.remove_state()
            raise
        say(f"Neo4j {version} is up after {time.monotonic() - t0:.1f} s.")
        return uri


def stop(timeout: float = STOP_TIMEOUT) -> int | None:
    """Stops the local server: SIGTERM (clean shutdown), SIGKILL after ``timeout`` seconds.

    Returns the pid that was stopped, or None if nothing was running. Removes server.json.

    Example:
        stop(timeout=10)
    """
    with state.locked():
        running = state.live_state()
        if not running:
            return None
        pid = int(running["pid"])
        _terminate(pid, timeout)
        if state.pid_alive(pid):
            raise LocalNeo4jError(
                f"could not stop the Neo4j server (pid {pid}); try: kill -9 {pid}"
            )
        state.remove_state()
        return pid


def status(check_bolt: bool = True) -> Status:
    """State of the local server of this data dir (stale server.json is cleaned up).

    Args:
        check_bolt: ask a running server for its version over Bolt (fills ``neo4j_version``
            and ``responding``).

    Example:
        status(check_bolt=False).running
    """
    where, log = str(state.data_dir()), str(state.log_file())
    running = state.live_state()
    if not running:
        return Status(running=False, pid=None, uri=None, port=None, data_dir=where, log_file=log)
    version = None
    if check_bolt:
        password = state.saved_password()
        version = _server_version(running["uri"], password) if password else None
    return Status(
        running=True,
        pid=running.get("pid"),
        uri=running.get("uri"),
        port=running.get("port"),
        neo4j_version=version,
        responding=version is not None,
        started_at=running.get("started_at"),
        data_dir=where,
        log_file=log,
    )


# --- the JVM ---------------------------------------------------------------------------------


def _wait_ready(proc: subprocess.Popen[bytes], deadline: float, wait_seconds: float) -> None:
    """Waits for the launcher's "ready" line (printed after the password and procedure setup)."""
    log = state.log_file()
    while True:
        code = proc.poll()
        if code is not None:
            if "Address already in use" in state.log_tail():
                raise PortInUse(
                    f"another program took the port while Neo4j was starting (see {log}); "
                    "run the start again (a free port is chosen unless "
                    f"{ENV_PORT} forces one)."
                )
            raise StartFailed(
                f"the Neo4j server exited during start (exit code {code}). Last lines of {log}:\n"
                f"{state.log_tail()}\n"
                f"More detail may be in {state.home() / 'logs' / 'debug.log'}."
            )
        try:
            with open(log, "rb") as fh:
                if any(line.startswith(b"ready ") for line in fh):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise StartFailed(
                f"the Neo4j server did not come up within {wait_seconds:.0f} s; it was stopped. "
                f"Last lines of {log}:\n{state.log_tail()}\n"
                "On a slow or busy machine try a longer wait (attrib neo4j start --wait 300)."
            )
        time.sleep(0.2)


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM, wait up to ``timeout``, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not state.pid_alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    end = time.monotonic() + 10
    while time.monotonic() < end and state.pid_alive(pid):
        time.sleep(0.1)


# --- ports -----------------------------------------------------------------------------------


def _port_free(port: int) -> bool:
    """Nothing listens on this port of HOST."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # like Netty: ignore TIME_WAIT leftovers, fail only on a real listener
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    """A port of HOST the system says is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _choose_port() -> int:
    """$ATTRIB_NEO4J_PORT if set (it must be free), else 7687 if free, else any free port."""
    forced = os.environ.get(ENV_PORT)
    if forced:
        try:
            port = int(forced)
            if not 1 <= port <= 65535:
                raise ValueError
        except ValueError:
            raise LocalNeo4jError(f"{ENV_PORT}={forced!r} is not a port number (1-65535)") from None
        if not _port_free(port):
            raise PortInUse(
                f"port {port} on {HOST} (forced by {ENV_PORT}) is already in use by another "
                f"program.\nStop that program, choose another port (export {ENV_PORT}=7688) or "
                f"unset {ENV_PORT} to let a free port be picked (see `ss -ltnp 'sport = :{port}'`)."
            )
        return port
    return DEFAULT_PORT if _port_free(DEFAULT_PORT) else _free_port()


# --- Bolt ------------------------------------------------------------------------------------


def _driver(uri: str, password: str) -> neo4j.Driver:
    """A small driver for the checks here (not the app's: that is attrib.db)."""
    from neo4j import GraphDatabase

    return GraphDatabase.driver(
        uri, auth=(USERNAME, password), connection_timeout=5.0, max_connection_pool_size=2
    )


def _version(agent: str) -> str:
    """The version in a Bolt agent string such as Neo4j/5.26.30."""
    return agent.split("/", 1)[1] if "/" in agent else agent


def _server_version(uri: str, password: str) -> str | None:
    """The server version when Bolt answers with this password, else None."""
    try:
        with _driver(uri, password) as drv:
            agent: str = drv.get_server_info().agent
    except Exception:  # any failure means "not answering"
        return None
    return _version(agent)


def _verify_bolt(uri: str, password: str, deadline: float) -> str:
    """The server version once Bolt accepts the password; retried until ``deadline``."""
    from neo4j.exceptions import AuthError

    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with _driver(uri, password) as drv:
                drv.verify_connectivity()
                agent: str = drv.get_server_info().agent
            return _version(agent)
        except AuthError as e:
            raise StartFailed(
                f"Neo4j is up at {uri} but refused the password in {state.password_file()} "
                f"({e.code}). The launcher re-applies that password at every start, so this "
                f"should not happen; see {state.log_file()}."
            ) from e
        except Exception as e:  # retried until the deadline
            last = e
            time.sleep(0.3)
    raise StartFailed(
        f"Neo4j said ready but Bolt at {uri} does not answer: {last}\n{state.log_tail()}"
    )
