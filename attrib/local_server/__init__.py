"""Zero-config local Neo4j 5.26 Community server (no Docker).

The server is the embedded DBMS started by ``launcher/`` (a small Java program built once with
Maven) in its own detached JVM, serving Bolt on 127.0.0.1 only, with authentication on.

Everything lives in one data dir, ``$ATTRIB_DATA_DIR`` if set, else ``<repo>/.data/neo4j``::

    home/            Neo4j home: data/ (databases, transactions), logs/ (debug.log, ...)
    password         random password of the ``neo4j`` user (mode 0600, made at first start)
    server.json      pid, port, uri, started_at of the running server (removed by stop)
    launcher.log     stdout/stderr of the JVM (previous run in launcher.log.1)

Public API: :func:`start`, :func:`stop`, :func:`status`, :func:`env_lines`,
:func:`local_connection`; errors are :class:`LocalNeo4jError` (message written for humans).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import fcntl
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "JavaMissing",
    "LauncherBuildFailed",
    "LocalNeo4jError",
    "MavenMissing",
    "NotRunning",
    "PortInUse",
    "StartFailed",
    "Status",
    "data_dir",
    "env_lines",
    "local_connection",
    "start",
    "status",
    "stop",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
LAUNCHER_DIR = REPO_ROOT / "launcher"
LAUNCHER_POM = LAUNCHER_DIR / "pom.xml"
LAUNCHER_SRC = LAUNCHER_DIR / "src"
LAUNCHER_TARGET = LAUNCHER_DIR / "target"
CLASSPATH_FILE = LAUNCHER_TARGET / "classpath.txt"
MAIN_CLASS = "org.attributionexplorer.launcher.Launcher"

USERNAME = "neo4j"
DEFAULT_PORT = 7687
HOST = "127.0.0.1"
MIN_JAVA = 17
TX_TIMEOUT = "30s"
PAGECACHE = "128m"

# Heap comes from here; page cache (off-heap) is set by the launcher. The --add-opens and the
# -XX/-D flags follow the ones Neo4j's own start scripts use on Java 17. SerialGC: on a 2-core
# machine with a 512 MiB heap it starts faster and keeps ~100-200 MiB less RSS than G1.
JVM_OPTS: tuple[str, ...] = (
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "-Djava.awt.headless=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
)

STOP_TIMEOUT = 30.0
LOG_TAIL_LINES = 30

ENV_DATA_DIR = "ATTRIB_DATA_DIR"
ENV_PORT = "ATTRIB_NEO4J_PORT"


# --------------------------------------------------------------------------------------------
# errors


class LocalNeo4jError(Exception):
    """Something a human has to act on; ``str(e)`` says what and how."""


class JavaMissing(LocalNeo4jError):
    pass


class MavenMissing(LocalNeo4jError):
    pass


class LauncherBuildFailed(LocalNeo4jError):
    pass


class PortInUse(LocalNeo4jError):
    pass


class StartFailed(LocalNeo4jError):
    pass


class NotRunning(LocalNeo4jError):
    pass


# --------------------------------------------------------------------------------------------
# paths and state


def data_dir() -> Path:
    """Where the local server keeps everything: ``$ATTRIB_DATA_DIR`` or ``<repo>/.data/neo4j``."""
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env).expanduser().resolve() if env else REPO_ROOT / ".data" / "neo4j"


def _home() -> Path:
    return data_dir() / "home"


def _password_file() -> Path:
    return data_dir() / "password"


def _state_file() -> Path:
    return data_dir() / "server.json"


def _log_file() -> Path:
    return data_dir() / "launcher.log"


def _uri(port: int) -> str:
    return f"bolt://{HOST}:{port}"


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
        return dataclasses.asdict(self)


def _read_state() -> dict[str, Any] | None:
    try:
        state = json.loads(_state_file().read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # unreadable / half-written: treated as stale
    return state if isinstance(state, dict) else {}


def _write_state(state: dict[str, Any]) -> None:
    path = _state_file()
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n")
    os.replace(tmp, path)


def _remove_state() -> None:
    with contextlib.suppress(FileNotFoundError):
        _state_file().unlink()


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Serialises start/stop for one data dir (two shells, or tests next to a dev server)."""
    d = data_dir()
    d.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(d, 0o700)
    with open(d / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------------------------
# processes

# JVMs started by this Python process: kept referenced so that Popen does not warn about a
# still-running child when garbage-collected, and polled (reaped) instead of waitpid'ed.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def _pid_alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        _CHILDREN.pop(pid, None)
        return False
    # reap it if it is some other child of ours: a zombie still answers kill(pid, 0)
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        if fields and fields[0] == "Z":
            return False
    except (OSError, IndexError):
        pass
    return True


def _cmdline(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        return raw.replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        pass
    try:
        ps = ["ps", "-p", str(pid), "-o", "command="]
        out = subprocess.run(ps, capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _is_our_server(pid: int | None) -> bool:
    """pid is alive and is the launcher JVM of *this* data dir (guards against pid reuse)."""
    if not isinstance(pid, int) or pid <= 0 or not _pid_alive(pid):
        return False
    cmd = _cmdline(pid)
    if cmd is None:
        return True  # cannot tell; alive is the best we know
    return MAIN_CLASS in cmd and f"--home {_home()} " in cmd + " "


def _live_state() -> dict[str, Any] | None:
    """server.json if it describes a live server of this data dir; stale files are removed."""
    state = _read_state()
    if state is None:
        return None
    if _is_our_server(state.get("pid")):
        return state
    _remove_state()
    return None


def _log_tail(n: int = LOG_TAIL_LINES) -> str:
    try:
        lines = _log_file().read_text(errors="replace").splitlines()
    except OSError:
        return "(no launcher log)"
    return "\n".join(lines[-n:]) if lines else "(launcher log is empty)"


# --------------------------------------------------------------------------------------------
# java and the launcher build


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(java_home) / "bin" / "java")] if java_home else []
    found = shutil.which("java")
    if found:
        candidates.append(found)
    for c in candidates:
        if os.access(c, os.X_OK):
            java = c
            break
    else:
        raise JavaMissing(
            "Java 17 or newer is needed to run the local Neo4j, and no `java` was found on PATH "
            "(nor in $JAVA_HOME/bin).\n"
            "Install it, e.g. `sudo apt-get install openjdk-17-jdk-headless` (Debian/Ubuntu), "
            "`sudo dnf install java-17-openjdk-headless` (Fedora) "
            "or `brew install openjdk@17` (macOS)."
        )
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        raise JavaMissing(f"`{java} -version` failed: {e}") from e
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if m:
        major = int(m.group(1))
        if major == 1 and m.group(2):  # "1.8.0_x"
            major = int(m.group(2))
        if major < MIN_JAVA:
            raise JavaMissing(
                f"{java} is Java {major}; Neo4j 5.26 needs Java {MIN_JAVA} or newer.\n"
                "Install e.g. `sudo apt-get install openjdk-17-jdk-headless` and put it first "
                "on PATH (or set JAVA_HOME)."
            )
    return java


def _launcher_jar() -> Path:
    try:
        root = ET.parse(LAUNCHER_POM).getroot()
    except (OSError, ET.ParseError) as e:
        raise LauncherBuildFailed(f"cannot read {LAUNCHER_POM}: {e}") from e
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    artifact = root.findtext("m:artifactId", namespaces=ns) or root.findtext("artifactId")
    version = root.findtext("m:version", namespaces=ns) or root.findtext("version")
    if not artifact or not version:
        raise LauncherBuildFailed(f"{LAUNCHER_POM} has no artifactId/version")
    return LAUNCHER_TARGET / f"{artifact}-{version}.jar"


def _newest_input_mtime() -> float:
    newest = LAUNCHER_POM.stat().st_mtime
    if LAUNCHER_SRC.is_dir():
        for p in LAUNCHER_SRC.rglob("*"):
            if p.is_file():
                newest = max(newest, p.stat().st_mtime)
    return newest


def _read_classpath() -> list[str]:
    return [e for e in CLASSPATH_FILE.read_text().strip().split(os.pathsep) if e]


def _launcher_up_to_date(jar: Path) -> bool:
    try:
        built = min(jar.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime)
        if built <= _newest_input_mtime():
            return False
        return all(Path(e).exists() for e in _read_classpath())  # ~/.m2 may have been wiped
    except OSError:
        return False


def _ensure_launcher(progress: Callable[[str], None]) -> str:
    """Builds launcher/ with Maven unless jar + classpath file are newer than its inputs.

    Returns the runtime classpath (launcher jar first)."""
    jar = _launcher_jar()
    LAUNCHER_TARGET.mkdir(parents=True, exist_ok=True)
    with open(LAUNCHER_TARGET / ".build.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        if not _launcher_up_to_date(jar):
            mvn = shutil.which("mvn")
            if not mvn:
                raise MavenMissing(
                    "Maven is needed once to build the Neo4j launcher (launcher/pom.xml), and no "
                    "`mvn` was found on PATH.\n"
                    "Install it, e.g. `sudo apt-get install maven` (Debian/Ubuntu), "
                    "`sudo dnf install maven` (Fedora) or `brew install maven` (macOS), "
                    "then run the command again."
                )
            progress(
                "Building the Neo4j launcher with Maven (first run only; may download jars)..."
            )
            cmd = [
                mvn,
                "-q",
                "-B",
                "-f",
                str(LAUNCHER_POM),
                "-DskipTests",
                "package",
                "dependency:build-classpath",
                f"-Dmdep.outputFile={CLASSPATH_FILE}",
            ]
            try:
                res = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL
                )
            except subprocess.TimeoutExpired as e:
                raise LauncherBuildFailed("Maven did not finish within 30 minutes") from e
            if res.returncode != 0 or not jar.is_file() or not CLASSPATH_FILE.is_file():
                tail = "\n".join((res.stdout + res.stderr).strip().splitlines()[-40:])
                raise LauncherBuildFailed(
                    f"building the launcher failed (exit {res.returncode}):\n"
                    f"  {' '.join(cmd)}\n{tail}\n"
                    "If this is a network problem, make sure Maven can reach Maven Central "
                    "(or a mirror in ~/.m2/settings.xml)."
                )
            # mvn may keep an old jar whose mtime predates a just-edited source; touch the outputs
            now = time.time()
            os.utime(jar, (now, now))
            os.utime(CLASSPATH_FILE, (now, now))
        return os.pathsep.join([str(jar), *_read_classpath()])


# --------------------------------------------------------------------------------------------
# password and port


def _ensure_password() -> str:
    path = _password_file()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        st = path.stat()
        if st.st_mode & 0o077:
            os.chmod(path, 0o600)  # never leave it readable by others
        pw = path.read_text().strip()
        if len(pw) >= 8:
            return pw
        # empty or too short (e.g. truncated): replace it, the launcher re-applies it on start
        path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    pw = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w") as fh:
        fh.write(pw + "\n")
    return pw


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # like Netty: ignore TIME_WAIT leftovers, fail only on a real listener
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _choose_port() -> int:
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


# --------------------------------------------------------------------------------------------
# driver helpers


def _driver(uri: str, password: str, timeout: float = 5.0) -> neo4j.Driver:
    from neo4j import GraphDatabase

    return GraphDatabase.driver(
        uri, auth=(USERNAME, password), connection_timeout=timeout, max_connection_pool_size=2
    )


def _version(agent: str) -> str:
    """The version in a Bolt agent string such as Neo4j/5.26.30."""
    return agent.split("/", 1)[1] if "/" in agent else agent


def _server_version(uri: str, password: str, timeout: float = 5.0) -> str | None:
    """The server version when Bolt answers with this password, else None."""
    try:
        with _driver(uri, password, timeout) as drv:
            agent: str = drv.get_server_info().agent
    except Exception:  # any failure means "not answering"
        return None
    return _version(agent)


# --------------------------------------------------------------------------------------------
# public API


def _noop(_: str) -> None:
    pass


def start(wait_seconds: float = 120.0, *, progress: Callable[[str], None] | None = None) -> str:
    """Starts the local Neo4j (building the launcher first if needed) and returns its Bolt URI.

    Idempotent: if this data dir's server already runs, reports that through ``progress`` and
    returns its URI. ``wait_seconds`` bounds the wait for Bolt (not the one-time Maven build).
    A restart keeps the data and the password. Raises :class:`LocalNeo4jError` subclasses.
    """
    say = progress or _noop
    with _locked():
        running = _live_state()
        if running:
            say(f"Neo4j is already running at {running['uri']} (pid {running['pid']}).")
            return str(running["uri"])

        java = _java()
        port = _choose_port()
        classpath = _ensure_launcher(say)
        password = _ensure_password()
        uri = _uri(port)
        home = _home()
        home.mkdir(parents=True, exist_ok=True)

        log = _log_file()
        if log.exists():
            os.replace(log, log.with_name(log.name + ".1"))
        cmd = [
            java,
            *JVM_OPTS,
            "-cp",
            classpath,
            MAIN_CLASS,
            "--home",
            str(home),
            "--port",
            str(port),
            "--password-file",
            str(_password_file()),
            "--tx-timeout",
            TX_TIMEOUT,
            "--pagecache",
            PAGECACHE,
        ]
        secret_vars = ("NEO4J_PASSWORD", "ATTRIB_NEO4J_PASSWORD")
        env = {k: v for k, v in os.environ.items() if k not in secret_vars}
        say(f"Starting Neo4j on {uri} (data in {data_dir()}) ...")
        t0 = time.monotonic()
        with open(log, "wb") as log_fh:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log_fh,
                stderr=subprocess.STDOUT,
                cwd=str(data_dir()),
                env=env,
                start_new_session=True,
                close_fds=True,
            )
        _CHILDREN[proc.pid] = proc
        started_at = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        state: dict[str, Any] = {"pid": proc.pid, "port": port, "uri": uri}
        state.update(started_at=started_at, ready=False)
        _write_state(state)

        try:
            _wait_ready(proc, t0 + wait_seconds, wait_seconds)
            version = _verify_bolt(uri, password, deadline=time.monotonic() + 30)
        except BaseException:
            _terminate(proc.pid, timeout=10)
            _remove_state()
            raise
        seconds = round(time.monotonic() - t0, 1)
        state.update(ready=True, neo4j_version=version, start_seconds=seconds)
        _write_state(state)
        say(f"Neo4j {version} is up after {time.monotonic() - t0:.1f} s.")
        return uri


def _wait_ready(proc: subprocess.Popen[bytes], deadline: float, wait_seconds: float) -> None:
    """Waits for the launcher's "ready" line (printed after the password and procedure setup)."""
    log = _log_file()
    while True:
        code = proc.poll()
        if code is not None:
            if "Address already in use" in _log_tail():
                raise PortInUse(
                    f"another program took the port while Neo4j was starting (see {log}); "
                    "run the start again (a free port is chosen unless "
                    f"{ENV_PORT} forces one)."
                )
            raise StartFailed(
                f"the Neo4j server exited during start (exit code {code}). Last lines of {log}:\n"
                f"{_log_tail()}\n"
                f"More detail may be in {_home() / 'logs' / 'debug.log'}."
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
                f"Last lines of {log}:\n{_log_tail()}\n"
                "On a slow or busy machine try a longer wait (attrib neo4j start --wait 300)."
            )
        time.sleep(0.2)


def _verify_bolt(uri: str, password: str, deadline: float) -> str:
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
                f"Neo4j is up at {uri} but refused the password in {_password_file()} ({e.code}). "
                "The launcher re-applies that password at every start, so this should not happen; "
                f"see {_log_file()}."
            ) from e
        except Exception as e:  # retried until the deadline
            last = e
            time.sleep(0.3)
    raise StartFailed(f"Neo4j said ready but Bolt at {uri} does not answer: {last}\n{_log_tail()}")


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM, wait up to ``timeout``, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not _pid_alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    end = time.monotonic() + 10
    while time.monotonic() < end and _pid_alive(pid):
        time.sleep(0.1)


def stop(timeout: float = STOP_TIMEOUT) -> int | None:
    """Stops the local server: SIGTERM (clean shutdown), SIGKILL after ``timeout`` seconds.

    Returns the pid that was stopped, or None if nothing was running. Removes server.json."""
    with _locked():
        state = _live_state()
        if not state:
            return None
        pid = int(state["pid"])
        _terminate(pid, timeout)
        if _pid_alive(pid):
            raise LocalNeo4jError(
                f"could not stop the Neo4j server (pid {pid}); try: kill -9 {pid}"
            )
        _remove_state()
        return pid


def status(check_bolt: bool = True) -> Status:
    """State of the local server of this data dir (stale server.json is cleaned up).

    With ``check_bolt`` a running server is asked for its version over Bolt."""
    where, log = str(data_dir()), str(_log_file())
    state = _live_state()
    if not state:
        return Status(running=False, pid=None, uri=None, port=None, data_dir=where, log_file=log)
    version = None
    if check_bolt:
        try:
            password = _password_file().read_text().strip()
        except OSError:
            password = ""
        version = _server_version(state["uri"], password) if password else None
    return Status(
        running=True,
        pid=state.get("pid"),
        uri=state.get("uri"),
        port=state.get("port"),
        neo4j_version=version,
        responding=version is not None,
        started_at=state.get("started_at"),
        data_dir=where,
        log_file=log,
    )


def local_connection() -> tuple[str, str, str] | None:
    """(uri, "neo4j", password) of the running local server of this data dir, else None."""
    state = _live_state()
    if not state:
        return None
    try:
        password = _password_file().read_text().strip()
    except OSError:
        return None
    return str(state["uri"]), USERNAME, password


def env_lines() -> list[str]:
    """``export NEO4J_URI=…`` lines (shell-quoted) for ``eval "$(attrib neo4j env)"``.

    Raises :class:`NotRunning` when the local server is not running."""
    conn = local_connection()
    if conn is None:
        raise NotRunning("the local Neo4j is not running; start it with `attrib neo4j start`")
    uri, user, password = conn
    return [
        f"export NEO4J_URI={shlex.quote(uri)}",
        f"export NEO4J_USERNAME={shlex.quote(user)}",
        f"export NEO4J_PASSWORD={shlex.quote(password)}",
    ]
