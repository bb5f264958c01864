"""What the local server runs with, declared once here: the launcher holds no defaults.

Every value below is passed to ``launcher/`` on its command line (see :func:`launcher_args`);
the launcher refuses to start when one is missing. The password is not among them: the launcher
reads it from the password file, never from the command line.
"""

from __future__ import annotations

from attrib.procedures import ALLOWED_PROCEDURES, RUNAWAY_CHECK_PROCEDURE

USERNAME = "neo4j"  # the user Neo4j's initial-password mechanism sets up
HOST = "127.0.0.1"  # Bolt on loopback only (the launcher refuses any other address)
DEFAULT_PORT = 7687  # used when free and ATTRIB_NEO4J_PORT does not force another
TX_TIMEOUT_SECONDS = 30  # db.transaction.timeout: a runaway query is stopped by the server too
# db.transaction.monitor.check.interval: how soon after its timeout a transaction is marked
# terminated (default 2 s); the watchdog's clock starts at the mark (docs/security.md).
TX_MONITOR_INTERVAL_MS = 250
PAGECACHE_MIB = 128  # server.memory.pagecache.size (off-heap)
TX_MEMORY_TOTAL_MIB = 256  # dbms.memory.transaction.total.max: all transactions together
TX_MEMORY_MIB = 192  # db.memory.transaction.max: one transaction
# The line the guard's watchdog (launcher/, TransactionWatchdog.HALT_LINE) prints before it halts
# the JVM; attrib.runner looks for it to tell the user why the server is gone.
WATCHDOG_HALT_LINE = "attrib watchdog: halting Neo4j"
HEAP_INITIAL_MIB = 128
HEAP_MAX_MIB = 512

# Built-ins the server keeps beyond the console's `ALLOWED_PROCEDURES` (attrib.guard). They are
# read-only and called outside the console's read-only check: the loader and the benchmarks
# wait for indexes (db.awaitIndexes) and read the version (dbms.components), drivers on
# neo4j:// URIs fetch routing tables, client tools ask db.ping, db.info, dbms.showCurrentUser,
# ... The console still refuses them; every other built-in procedure is removed at start.
SERVER_ONLY_PROCEDURES = frozenset(
    {
        "db.info",
        "db.ping",
        "db.nameFromElementId",
        "db.index.vector.queryNodes",
        "db.index.vector.queryRelationships",
        "db.awaitIndex",
        "db.awaitIndexes",
        "db.index.fulltext.listAvailableAnalyzers",
        "dbms.components",
        "dbms.info",
        "dbms.showCurrentUser",
        "dbms.listCapabilities",
        "dbms.routing.getRoutingTable",
        "dbms.cluster.routing.getRoutingTable",
        "tx.getMetaData",
        "tx.setMetaData",
        # the runaway check the runner calls before typed Cypher runs (launcher/, guard package);
        # not on ALLOWED_PROCEDURES: the console cannot call it
        RUNAWAY_CHECK_PROCEDURE,
    }
)
SERVER_PROCEDURES = ALLOWED_PROCEDURES | SERVER_ONLY_PROCEDURES

# The --add-opens and the -XX/-D flags follow the ones Neo4j's own start scripts use on Java 17.
# SerialGC: on a 2-core machine with a 512 MiB heap it starts faster and keeps ~100-200 MiB less
# RSS than G1.
JVM_OPTS: tuple[str, ...] = (
    f"-Xms{HEAP_INITIAL_MIB}m",
    f"-Xmx{HEAP_MAX_MIB}m",
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


def launcher_args(home: str, port: int, password_file: str) -> list[str]:
    """The launcher's arguments (after the main class): every value it runs with."""
    options = {
        "--home": home,
        "--host": HOST,
        "--port": port,
        "--password-file": password_file,
        "--tx-timeout-seconds": TX_TIMEOUT_SECONDS,
        "--tx-monitor-interval-ms": TX_MONITOR_INTERVAL_MS,
        "--pagecache-mib": PAGECACHE_MIB,
        "--tx-memory-total-mib": TX_MEMORY_TOTAL_MIB,
        "--tx-memory-mib": TX_MEMORY_MIB,
        "--procedures": ",".join(sorted(SERVER_PROCEDURES)),
    }
    return [word for name, value in options.items() for word in (name, str(value))]
