"""`neo4j-admin database import full` into the local server's database, the server stopped.

The import tool comes with the same Neo4j 5.26 jars the launcher runs (`neo4j-import-tool`,
on the launcher's classpath), and it writes the store files directly: it needs the server
stopped, and it replaces the database it imports into. `loader.bulk` checks that the database
is empty before it calls this.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from attrib.local_server import build, process, state
from attrib.local_server.config import JVM_OPTS
from attrib.local_server.errors import LocalNeo4jError, PortInUse

ADMIN_CLASS = "org.neo4j.cli.AdminTool"  # what the `neo4j-admin` script runs
DATABASE = "neo4j"  # the local server's one database (Community edition)
IMPORT_HEAP = "-Xmx1g"  # the tool's own heap; its caches are off-heap (below)
IMPORT_OFF_HEAP = "2G"  # --max-off-heap-memory (its default, 90% of free memory, is a lot
#                         on a machine shared with other work)
IMPORT_THREADS = 2
START_TRIES = 3  # another program may take the port while the server is down
START_WAIT_SECONDS = 300.0  # for Bolt after the import: a busy machine can take minutes
LOG_TAIL = 40  # lines of the tool's output shown when it fails


STOPPING = (
    "Stopping the local Neo4j: neo4j-admin database import writes the database files itself "
    "and needs the server stopped (clients lose their connection meanwhile)."
)


class ImportFailed(LocalNeo4jError):
    """The import tool exited with an error (the server was started again)."""


@dataclass(frozen=True)
class ImportRun:
    seconds: float  # the import tool alone, JVM start included
    stopped_seconds: float  # the server stopped: stop, import, start
    log: Path  # the tool's output


def import_tool_command(arguments: list[str], report_file: Path) -> list[str]:
    """The java command line of `neo4j-admin database import full` with `arguments`."""
    classpath = build.ensure_launcher(lambda _line: None)
    jvm = [opt for opt in JVM_OPTS if not opt.startswith(("-Xms", "-Xmx", "-XX:+UseSerialGC"))]
    return [
        build.java(),
        IMPORT_HEAP,
        *jvm,
        "-cp",
        classpath,
        ADMIN_CLASS,
        "database",
        "import",
        "full",
        DATABASE,  # before the options: --nodes takes every word after it as a file
        "--overwrite-destination=true",
        f"--max-off-heap-memory={IMPORT_OFF_HEAP}",
        f"--threads={IMPORT_THREADS}",
        f"--report-file={report_file}",
        *arguments,
    ]


def run_import_tool(arguments: list[str], workdir: Path) -> tuple[float, Path]:
    """Run the import tool into this data dir's database; (seconds, its log).

    The server must be stopped. Raises ImportFailed with the tool's last lines."""
    home = state.home()
    (home / "conf").mkdir(parents=True, exist_ok=True)
    log = workdir / "import.log"
    env = {k: v for k, v in os.environ.items() if k not in process.SECRET_VARS}
    env.update(NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    cmd = import_tool_command(arguments, workdir / "import.report")
    started = time.monotonic()
    with log.open("wb") as out:
        done = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
            cwd=str(workdir), check=False,
        )  # fmt: skip
    seconds = time.monotonic() - started
    if done.returncode != 0:
        lines = log.read_text(errors="replace").splitlines()[-LOG_TAIL:]
        raise ImportFailed(
            f"neo4j-admin database import failed (exit {done.returncode}); its last lines:\n"
            + "\n".join(lines)
        )
    return seconds, log


def import_offline(
    arguments: list[str], workdir: Path, say: Callable[[str], None] = print
) -> ImportRun:
    """Stop the local server, import into its database, start it again (also on failure).

    Args:
        arguments: the tool's --nodes/--relationships arguments (`loader.bulk_csv`).
        workdir: where the tool's log and report go.
        say: one line per step, for the screen.

    Raises:
        LocalNeo4jError: the server would not stop or start, or the import failed
            (`ImportFailed`; the server was started again on the database as the tool left it).

    Example:
        import_offline(["--nodes=Source=h.csv,d.csv"], Path("/tmp/x"))  # doctest: +SKIP
    """
    stopped_at = time.monotonic()
    say(STOPPING)
    process.stop()
    try:
        say("Running neo4j-admin database import full (the Neo4j 5.26 import tool) ...")
        seconds, log = run_import_tool(arguments, workdir)
        say(f"The import tool finished in {seconds:.1f} s.")
    finally:
        say("Starting the local Neo4j again ...")
        _start_again(say)
    return ImportRun(seconds, time.monotonic() - stopped_at, log)


def _start_again(say: Callable[[str], None]) -> None:
    """Start the server after the import; another free port if its own was taken meanwhile
    (unless ATTRIB_NEO4J_PORT forces one: then the error says so)."""
    for attempt in range(1, START_TRIES + 1):
        try:
            process.start(wait_seconds=START_WAIT_SECONDS, progress=say)
            return
        except PortInUse:
            if attempt == START_TRIES or os.environ.get(process.ENV_PORT):
                raise
            say("Its port was taken while it was stopped; trying another.")
