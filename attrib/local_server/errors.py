"""What can go wrong with the local server: each error's text says what happened and what to do."""

from __future__ import annotations


class LocalNeo4jError(Exception):
    """Something a human has to act on; ``str(e)`` says what and how."""


class JavaMissing(LocalNeo4jError):
    """No Java 17+ to run the server."""


class MavenMissing(LocalNeo4jError):
    """No Maven to build the launcher (needed once)."""


class LauncherBuildFailed(LocalNeo4jError):
    """Maven could not build the launcher."""


class PortInUse(LocalNeo4jError):
    """The Bolt port is taken by another program."""


class StartFailed(LocalNeo4jError):
    """The server exited, or did not answer, during start."""


class NotRunning(LocalNeo4jError):
    """The local server is not running (and the caller needs it)."""
