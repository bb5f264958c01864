"""`attrib ui` and `attrib up`: serve the Streamlit explorer (and start what it needs)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from attrib import cypher_text, db
from attrib.cli.load import load_cmd
from attrib.cli.output import fail, failures_as_exits, out

REPO = Path(__file__).resolve().parents[2]
UI_APP = REPO / "ui" / "app.py"

PortOption = Annotated[int, typer.Option(help="Port for the UI on 127.0.0.1.")]


def _graph_is_empty() -> bool:
    result = db.read(cypher_text.read("admin/graph_is_empty.cypher"), timeout=10)
    return bool(result.records[0]["empty"])


def _serve_ui(port: int) -> None:
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(UI_APP),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    out.print(f"Explorer at [bold]http://127.0.0.1:{port}[/] (Ctrl-C to stop the UI).")
    with contextlib.suppress(KeyboardInterrupt):
        subprocess.run(cmd, check=False, cwd=REPO)  # cwd: .streamlit/config.toml


def ui_cmd(port: PortOption = 8501) -> None:
    """Serve the Streamlit explorer alone (Neo4j must already be reachable).

    Example: attrib ui --port 8502
    """
    _serve_ui(port)


def up_cmd(port: PortOption = 8501) -> None:
    """Start the local Neo4j (unless NEO4J_URI is set), load the seed if empty, serve the UI.

    Example: attrib up
    """
    local = not os.environ.get("NEO4J_URI")
    if local:
        from attrib import local_server

        try:
            uri = local_server.start()
        except local_server.LocalNeo4jError as exc:
            raise fail(str(exc)) from None
        out.print(f"Neo4j at {uri}")
    with failures_as_exits():
        empty = _graph_is_empty()
    if empty:
        out.print("The graph is empty: loading the seed case.")
        load_cmd(paths=None, dry_run=False, wipe=False, batch_size=1000)
    _serve_ui(port)
    if local:
        out.print("Neo4j keeps running; `attrib neo4j stop` stops it.")
