"""Connection settings: NEO4J_* environment variables first, else the local server.

Precedence: NEO4J_URI set -> NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD/NEO4J_DATABASE (compose,
Aura `neo4j+s://`, a cluster's `neo4j://`); otherwise the local server started by
`attrib neo4j start` (its URI and the password kept in its 0600 file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


class NotConfigured(Exception):
    """No Neo4j to talk to: say how to get one."""


@dataclass(frozen=True)
class Settings:
    uri: str
    username: str
    password: str = field(repr=False)  # never printed, logged or shown
    database: str | None
    origin: str  # "environment" or "local server"


# The Bolt schemes the explorer speaks (plain, TLS, TLS with a self-signed certificate; direct
# or routed). The driver's HTTP preview is not one of them.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _has_userinfo(uri: str) -> bool:
    try:
        return "@" in urlsplit(uri).netloc
    except ValueError:  # not a URL the parser understands: look for it by hand
        return "@" in uri.split("://", 1)[-1].split("/", 1)[0]


def resolve(env: dict[str, str] | None = None) -> Settings:
    """The settings to connect with.

    Raises:
        NotConfigured: NEO4J_URI is set without NEO4J_PASSWORD or with a user:password@ part,
            or nothing is configured.
    """
    env = dict(os.environ) if env is None else env
    database = env.get("NEO4J_DATABASE") or None
    uri = env.get("NEO4J_URI")
    if uri and _has_userinfo(uri):
        # never echoed: the driver's own error would print the whole URI, password included
        raise NotConfigured(
            "NEO4J_URI must not hold a user name or password (user:password@host): "
            "set NEO4J_USERNAME and NEO4J_PASSWORD instead."
        )
    if uri and uri.split("://", 1)[0].lower() not in SCHEMES:
        raise NotConfigured(
            f"NEO4J_URI must start with one of {', '.join(s + '://' for s in SCHEMES)} "
            "(e.g. bolt://127.0.0.1:7687 or neo4j+s://xxxx.databases.neo4j.io)."
        )
    if uri:
        password = env.get("NEO4J_PASSWORD")
        if not password:
            raise NotConfigured(
                "NEO4J_URI is set but NEO4J_PASSWORD is not: set both (see .env.example)"
            )
        return Settings(
            uri, env.get("NEO4J_USERNAME") or "neo4j", password, database, "environment"
        )
    from attrib import local_server  # local import: only needed for the local default

    local = local_server.local_connection()
    if local is None:
        raise NotConfigured(
            "No Neo4j configured: run `attrib neo4j start` (or `make up`), "
            "or set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD."
        )
    uri, username, password = local
    return Settings(uri, username, password, database, "local server")


# What `resolve()` reads from the process: when none of it changed, neither did its answer.
INPUT_VARIABLES = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
_last: tuple[Any, Settings] | None = None


def current() -> Settings:
    """`resolve()` for this process, worked out again only when one of its inputs changed.

    Why: `attrib.db` needs the settings for every session, and for the local server
    `resolve()` reads its state file, checks its process and reads the password file each
    time. The inputs are the NEO4J_* variables and, without NEO4J_URI, the local server's
    data directory and state file (rewritten by every start, removed by a stop). A server that
    died without its stop leaves the file: the driver then finds it unreachable.

    Raises:
        NotConfigured: as `resolve()` (not remembered: the next call looks again).
    """
    global _last
    key = _inputs()
    last = _last
    if last is not None and last[0] == key:
        return last[1]
    settings = resolve()
    _last = (key, settings)
    return settings


def _inputs() -> Any:
    env = tuple(os.environ.get(name) for name in INPUT_VARIABLES)
    if os.environ.get("NEO4J_URI"):
        return env
    from attrib.local_server import state  # local import: only needed for the local default

    path = state._state_file()  # server.json: what local_connection() reads first
    try:
        stat = path.stat()
    except OSError:
        return env, str(path), None
    return env, str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino
