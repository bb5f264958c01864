"""What the local server runs with, declared once here and passed to the launcher."""

from __future__ import annotations

USERNAME = "neo4j"
HOST = "127.0.0.1"
DEFAULT_PORT = 7687
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


def launcher_args(home: str, port: int, password_file: str) -> list[str]:
    """The launcher's arguments (after the main class): every value it runs with."""
    return [
        "--home",
        home,
        "--port",
        str(port),
        "--password-file",
        password_file,
        "--tx-timeout",
        TX_TIMEOUT,
        "--pagecache",
        PAGECACHE,
    ]
