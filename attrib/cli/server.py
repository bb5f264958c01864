"""`attrib neo4j …`: start, stop and inspect the zero-config local Neo4j (no Docker)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Annotated

import typer

from attrib import local_server
from attrib.cli.output import ExitCode, fail

app = typer.Typer(
    help=(
        "The local Neo4j 5.26 Community server (no Docker): Bolt on 127.0.0.1, auth on, "
        "data and a random password under $ATTRIB_DATA_DIR (default .data/neo4j)."
    ),
    no_args_is_help=True,
    add_completion=False,
)


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """A `LocalNeo4jError` ends the command with its message (no stack trace)."""
    try:
        yield
    except local_server.LocalNeo4jError as exc:
        raise fail(str(exc)) from None


def _progress(message: str) -> None:
    typer.echo(message, err=True)


@app.command("start")
def start_cmd(
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for Bolt to answer (not counting the build).")
    ] = 120.0,
) -> None:
    """Start the local Neo4j (builds the launcher with Maven on first use).

    Data and password survive restarts. Running it again only reports the running server.

    Example: attrib neo4j start && eval "$(attrib neo4j env)"
    """
    current = local_server.status(check_bolt=False)
    if current.running:
        typer.echo(f"Neo4j is already running at {current.uri} (pid {current.pid}).")
        return
    with _reported():
        uri = local_server.start(wait_seconds=wait, progress=_progress)
    now = local_server.status(check_bolt=False)
    typer.echo(f"Neo4j is running at {uri} (pid {now.pid}); data in {now.data_dir}.")
    typer.echo('Connect other tools with: eval "$(attrib neo4j env)"')


@app.command("stop")
def stop_cmd(
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for a clean shutdown before SIGKILL.")
    ] = local_server.STOP_TIMEOUT,
) -> None:
    """Stop the local Neo4j (clean shutdown; the data is kept).

    Example: attrib neo4j stop
    """
    with _reported():
        pid = local_server.stop(timeout=timeout)
    if pid is None:
        typer.echo("Neo4j is not running.")
    else:
        typer.echo(f"Neo4j stopped (pid {pid}).")


@app.command("status")
def status_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Show whether the local Neo4j runs, where, and which version answers.

    Exit code 0 when it runs, 1 when it does not (so scripts can test it).

    Example: attrib neo4j status --json
    """
    st = local_server.status()
    if as_json:
        typer.echo(json.dumps(st.to_dict(), indent=2))
    elif not st.running:
        typer.echo(f"Neo4j is not running (data dir {st.data_dir}).")
    else:
        answer = f"Neo4j {st.neo4j_version}" if st.responding else "Neo4j (Bolt not answering yet)"
        typer.echo(f"{answer} is running at {st.uri} (pid {st.pid}, since {st.started_at}).")
        typer.echo(f"Data dir: {st.data_dir}")
        typer.echo(f"Log: {st.log_file}")
    if not st.running:
        raise typer.Exit(ExitCode.FAILED)


@app.command("env")
def env_cmd() -> None:
    """Print shell `export NEO4J_URI=… NEO4J_USERNAME=… NEO4J_PASSWORD=…` lines.

    This is the only command that prints the password.

    Example: eval "$(attrib neo4j env)"
    """
    with _reported():
        lines = local_server.env_lines()
    for line in lines:
        typer.echo(line)


if __name__ == "__main__":
    app()
