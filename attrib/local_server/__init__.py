"""Zero-config local Neo4j 5.26 Community server (no Docker).

The server is the embedded DBMS started by ``launcher/`` (a small Java program built once with
Maven) in its own detached JVM, serving Bolt on 127.0.0.1 only, with authentication on. Every
setting it runs with is declared in :mod:`~attrib.local_server.config` and passed to it.

Modules: ``config`` (the settings passed to the launcher), ``state`` (data dir, password,
server.json, lock, pid checks), ``process`` (start, stop, status, ports, Bolt), ``build`` (Java
and Maven checks, the launcher build), ``errors``.

Public API: :func:`start`, :func:`stop`, :func:`status`, :func:`env_lines`,
:func:`local_connection`, :func:`data_dir`; errors are :class:`LocalNeo4jError` subclasses
(message written for humans).
"""

from __future__ import annotations

from attrib.local_server.errors import (
    JavaMissing,
    LauncherBuildFailed,
    LocalNeo4jError,
    MavenMissing,
    NotRunning,
    PortInUse,
    StartFailed,
)
from attrib.local_server.process import STOP_TIMEOUT, Status, start, status, stop
from attrib.local_server.state import data_dir, env_lines, local_connection

__all__ = [
    "STOP_TIMEOUT",
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
