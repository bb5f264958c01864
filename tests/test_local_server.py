"""The zero-config local Neo4j (`attrib.local_server`, `attrib neo4j …`) against real servers.

No mocks: a real JVM in a temporary ATTRIB_DATA_DIR on a free port forced through
ATTRIB_NEO4J_PORT. The module starts Neo4j twice in all (a cold start and one restart); the
tests run in file order and share that server. The launcher tests at the end run the launcher
JVM only up to its usage error (no Neo4j).
"""

from __future__ import annotations

import json
import shlex
import shutil
import socket
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from attrib import local_server
from attrib.cli.server import app
from attrib.guard import ALLOWED_PROCEDURES
from attrib.local_server import build
from attrib.local_server.config import SERVER_PROCEDURES, launcher_args
from tests.ui_server import free_port

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(shutil.which("java") is None, reason="needs Java 17+ on PATH"),
]

runner = CliRunner()


@dataclass(frozen=True)
class Server:
    data_dir: Path
    port: int
    uri: str

    @property
    def password(self) -> str:
        return (self.data_dir / "password").read_text().strip()

    def driver(self, password: str | None = None) -> neo4j.Driver:
        return GraphDatabase.driver(self.uri, auth=("neo4j", password or self.password))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("local-neo4j")
    port = free_port()
    with pytest.MonkeyPatch.context() as mp:
        for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"):
            mp.delenv(var, raising=False)
        mp.setenv("ATTRIB_DATA_DIR", str(data_dir))
        mp.setenv("ATTRIB_NEO4J_PORT", str(port))
        uri = local_server.start(wait_seconds=180)
        try:
            yield Server(data_dir, port, uri)
        finally:
            local_server.stop()


def test_bolt_answers_with_the_password_from_the_file(server: Server) -> None:
    assert server.uri == f"bolt://127.0.0.1:{server.port}"
    with server.driver() as drv:
        drv.verify_connectivity()
        assert drv.execute_query("RETURN 1 AS x").records[0]["x"] == 1
        assert drv.get_server_info().agent.startswith("Neo4j/5.26.")
    with server.driver("not-the-password") as drv, pytest.raises(neo4j.exceptions.AuthError):
        drv.verify_connectivity()


def test_password_file_is_private(server: Server) -> None:
    mode = stat.S_IMODE((server.data_dir / "password").stat().st_mode)
    assert mode == 0o600
    assert len(server.password) >= 32


def test_start_twice_says_already_running(server: Server) -> None:
    pid = json.loads((server.data_dir / "server.json").read_text())["pid"]
    result = runner.invoke(app, ["start"])
    assert result.exit_code == 0, result.output
    assert "already running" in result.stdout
    assert server.uri in result.stdout and str(pid) in result.stdout
    assert local_server.start() == server.uri  # the library call is idempotent too
    assert json.loads((server.data_dir / "server.json").read_text())["pid"] == pid
    assert server.password not in result.output


def test_status_json_while_running(server: Server) -> None:
    result = runner.invoke(app, ["status", "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got["running"] is True and got["responding"] is True
    assert (got["uri"], got["port"]) == (server.uri, server.port)
    assert got["neo4j_version"].startswith("5.26.")
    assert got["data_dir"] == str(server.data_dir)
    assert server.password not in result.output
    assert local_server.local_connection() == (server.uri, "neo4j", server.password)


def test_env_output_parses_and_connects(server: Server) -> None:
    result = runner.invoke(app, ["env"])
    assert result.exit_code == 0, result.output
    env: dict[str, str] = {}
    for line in result.stdout.strip().splitlines():
        words = shlex.split(line)
        assert words[0] == "export" and len(words) == 2, line
        key, _, value = words[1].partition("=")
        env[key] = value
    assert env == {
        "NEO4J_URI": server.uri,
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_PASSWORD": server.password,
    }
    # and a real shell agrees with the quoting
    shell = subprocess.run(
        ["sh", "-c", result.stdout + '\nprintf %s "$NEO4J_PASSWORD"'],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shell.stdout == server.password
    with GraphDatabase.driver(
        env["NEO4J_URI"], auth=(env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"])
    ) as drv:
        drv.verify_connectivity()


def test_console_hardening(server: Server) -> None:
    with server.driver() as drv:

        def refused(query: str) -> str:
            with pytest.raises(neo4j.exceptions.ClientError) as err:
                drv.execute_query(query)
            return str(err.value.message)

        assert "allow_csv_import_from_file_urls" in refused(
            "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1"
        )
        assert "cypher_ip_blocklist" in refused(
            f"LOAD CSV FROM 'http://127.0.0.1:{server.port}/x.csv' AS row RETURN row"
        )
        for procedure in ("dbms.listConfig()", "dbms.killConnections([])", "db.createLabel('X')"):
            assert "no procedure" in refused(f"CALL {procedure}").lower(), procedure
        assert drv.execute_query("CALL db.labels() YIELD label RETURN count(*) AS n").records
        settings = {
            r["name"]: r["value"]
            for r in drv.execute_query(
                "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
                names=[
                    "db.transaction.timeout",
                    "dbms.security.auth_enabled",
                    "server.http.enabled",
                    "server.bolt.listen_address",
                ],
            ).records
        }
    assert settings == {
        "db.transaction.timeout": "30s",
        "dbms.security.auth_enabled": "true",
        "server.http.enabled": "false",
        "server.bolt.listen_address": f"127.0.0.1:{server.port}",
    }


def test_server_keeps_only_the_allow_listed_procedures(server: Server) -> None:
    with server.driver() as drv:
        names = {r["name"] for r in drv.execute_query("SHOW PROCEDURES YIELD name").records}
    # the console's list is callable, and nothing outside the list handed to the launcher
    assert ALLOWED_PROCEDURES <= names <= SERVER_PROCEDURES


def test_password_is_not_on_the_command_line(server: Server) -> None:
    pid = json.loads((server.data_dir / "server.json").read_text())["pid"]
    words = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    assert words[words.index("--password-file") + 1] == str(server.data_dir / "password")
    assert not any(server.password in word for word in words)


def test_data_survives_stop_and_start(server: Server) -> None:
    password = server.password
    with server.driver() as drv:
        drv.execute_query("MERGE (n:SurvivesRestart {id: 'probe'}) SET n.note = 'kept'")

    stopped = runner.invoke(app, ["stop"])
    assert stopped.exit_code == 0, stopped.output
    assert "stopped" in stopped.stdout
    assert not (server.data_dir / "server.json").exists()
    assert local_server.status().running is False

    started = runner.invoke(app, ["start"])
    assert started.exit_code == 0, started.output
    assert server.uri in started.stdout
    assert server.password == password  # a restart keeps the password
    with server.driver() as drv:
        records = drv.execute_query(
            "MATCH (n:SurvivesRestart {id: 'probe'}) RETURN n.note AS note"
        ).records
    assert [r["note"] for r in records] == ["kept"]


def test_stale_state_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTRIB_DATA_DIR", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / "server.json").write_text(
        json.dumps({"pid": dead.pid, "port": 1, "uri": "bolt://127.0.0.1:1"})
    )
    assert local_server.status().running is False
    assert not (tmp_path / "server.json").exists()
    assert local_server.local_connection() is None
    result = runner.invoke(app, ["env"])
    assert result.exit_code == 1
    assert "not running" in result.stderr and result.stdout == ""


def test_forced_busy_port_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        monkeypatch.setenv("ATTRIB_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("ATTRIB_NEO4J_PORT", str(port))
        result = runner.invoke(app, ["start"])
        assert result.exit_code == 1
        assert f"port {port}" in result.stderr
        assert "already in use" in result.stderr and "ATTRIB_NEO4J_PORT" in result.stderr
        with pytest.raises(local_server.PortInUse):
            local_server.start()
    assert not (tmp_path / "server.json").exists()


def test_status_json_after_stop(server: Server) -> None:
    result = runner.invoke(app, ["stop"])
    assert result.exit_code == 0, result.output
    status = runner.invoke(app, ["status", "--json"])
    assert status.exit_code == 1, status.output  # down: scripts can test the exit code
    got = json.loads(status.stdout)
    assert got["running"] is False and got["pid"] is None and got["uri"] is None
    plain = runner.invoke(app, ["status"])
    assert plain.exit_code == 1 and "Neo4j is not running" in plain.stdout
    again = runner.invoke(app, ["stop"])
    assert again.exit_code == 0 and "not running" in again.stdout


def _launcher(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Runs the launcher JVM with these arguments (it stops at a usage error, before Neo4j)."""
    classpath = build.ensure_launcher(lambda _: None)
    cmd = [build.java(), "-cp", classpath, build.MAIN_CLASS, *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("option", launcher_args("HOME", 7687, "PASSWORD_FILE")[::2])
def test_launcher_has_no_default_for_a_value_python_passes(tmp_path: Path, option: str) -> None:
    args = launcher_args(str(tmp_path / "home"), free_port(), str(tmp_path / "password"))
    at = args.index(option)
    result = _launcher(args[:at] + args[at + 2 :])
    assert result.returncode == 2, result.stderr
    assert f"launcher: usage error: {option} is required" in result.stderr


def test_launcher_refuses_a_host_off_this_machine(tmp_path: Path) -> None:
    args = launcher_args(str(tmp_path / "home"), free_port(), str(tmp_path / "password"))
    args[args.index("--host") + 1] = "0.0.0.0"
    result = _launcher(args)
    assert result.returncode == 2, result.stderr
    assert "--host must be a loopback address, not 0.0.0.0" in result.stderr
    assert not (tmp_path / "home").exists()
