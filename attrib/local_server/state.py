"""The data dir of the local server: paths, password, server.json, the lock, and pid checks.

Layout (``$ATTRIB_DATA_DIR`` if set, else ``<repo>/.data/neo4j``)::

    home/            Neo4j home: data/ (databases, transactions), logs/ (debug.log, ...)
    password         random password of the ``neo4j`` user (mode 0600, made at first start)
    server.json      pid, port, uri, started_at of the running server (removed by stop)
    launcher.log     stdout/stderr of the JVM (previous run in launcher.log.1)
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrib.local_server.build import MAIN_CLASS, REPO_ROOT
from attrib.local_server.config import USERNAME
from attrib.local_server.errors import NotRunning

ENV_DATA_DIR = "ATTRIB_DATA_DIR"
LOG_TAIL_LINES = 30  # of launcher.log, shown when a start fails


def data_dir() -> Path:
    """Where the local server keeps everything: ``$ATTRIB_DATA_DIR`` or ``<repo>/.data/neo4j``."""
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env).expanduser().resolve() if env else REPO_ROOT / ".data" / "neo4j"


def home() -> Path:
    """Neo4j's home (databases, transactions, debug.log)."""
    return data_dir() / "home"


def password_file() -> Path:
    """The ``neo4j`` user's password, mode 0600; the launcher reads it from here."""
    return data_dir() / "password"


def log_file() -> Path:
    """The launcher JVM's stdout and stderr."""
    return data_dir() / "launcher.log"


def _state_file() -> Path:
    return data_dir() / "server.json"


# --- server.json and the lock ----------------------------------------------------------------


def _read_state() -> dict[str, Any] | None:
    """server.json as written, ``{}`` when unreadable, None when there is none."""
    try:
        state = json.loads(_state_file().read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # unreadable / half-written: treated as stale
    return state if isinstance(state, dict) else {}


def write_state(state: dict[str, Any]) -> None:
    """Replaces server.json in one step (a reader never sees half a file)."""
    path = _state_file()
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n")
    os.replace(tmp, path)


def remove_state() -> None:
    with contextlib.suppress(FileNotFoundError):
        _state_file().unlink()


def live_state() -> dict[str, Any] | None:
    """server.json if it describes a live server of this data dir; stale files are removed."""
    state = _read_state()
    if state is None:
        return None
    if _is_our_server(state.get("pid")):
        return state
    remove_state()
    return None


@contextlib.contextmanager
def locked() -> Iterator[None]:
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


def log_tail() -> str:
    """The last lines of launcher.log, for an error message."""
    try:
        lines = log_file().read_text(errors="replace").splitlines()
    except OSError:
        return "(no launcher log)"
    return "\n".join(lines[-LOG_TAIL_LINES:]) if lines else "(launcher log is empty)"


# --- the password ----------------------------------------------------------------------------


def ensure_password() -> str:
    """The password from the file, made (random, mode 0600) when missing or too short."""
    path = password_file()
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


def saved_password() -> str | None:
    """The password in the file, or None when it cannot be read."""
    try:
        return password_file().read_text().strip()
    except OSError:
        return None


def local_connection() -> tuple[str, str, str] | None:
    """(uri, "neo4j", password) of the running local server of this data dir, else None."""
    state = live_state()
    if not state:
        return None
    password = saved_password()
    if password is None:
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


# --- pid checks ------------------------------------------------------------------------------

# JVMs started by this Python process: kept referenced so that Popen does not warn about a
# still-running child when garbage-collected, and polled (reaped) instead of waitpid'ed.
CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def pid_alive(pid: int) -> bool:
    """The process runs (a zombie counts as gone)."""
    child = CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        CHILDREN.pop(pid, None)
        return False
    # reap it if it is some other child of ours: a zombie still answers kill(pid, 0)
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except OSError:  # not our child (ChildProcessError) or gone
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
    """The process's command line, words joined by spaces; None when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        return raw.replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        pass
    try:  # no /proc (macOS)
        ps = ["ps", "-p", str(pid), "-o", "command="]
        out = subprocess.run(ps, capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _is_our_server(pid: int | None) -> bool:
    """pid is alive and is the launcher JVM of *this* data dir (guards against pid reuse)."""
    if not isinstance(pid, int) or pid <= 0 or not pid_alive(pid):
        return False
    cmd = _cmdline(pid)
    if cmd is None:
        return True  # cannot tell; alive is the best we know
    return MAIN_CLASS in cmd and f"--home {home()} " in cmd + " "
