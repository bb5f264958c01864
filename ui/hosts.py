"""The host names the UI answers to (its DNS-rebinding guard, used by `ui/app.py`)."""

from __future__ import annotations

import os

ENV_HOSTS = "ATTRIB_UI_HOSTS"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def allowed_hosts(environ: dict[str, str] | None = None) -> list[str]:
    """127.0.0.1, localhost and ::1, plus the comma-separated names in $ATTRIB_UI_HOSTS.

    Example:
        ATTRIB_UI_HOSTS=explorer.internal,ui  ->  [..., "explorer.internal", "ui"]
    """
    env = os.environ if environ is None else environ
    extra = [h.strip().lower() for h in env.get(ENV_HOSTS, "").split(",") if h.strip()]
    if "*" in extra:
        raise ValueError(f"${ENV_HOSTS} must name hosts; '*' would accept any Host header.")
    return [*LOCAL_HOSTS, *(h for h in extra if h not in LOCAL_HOSTS)]
