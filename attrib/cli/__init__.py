"""The `attrib` command line: a thin layer over loader/, attrib.db and the local server."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import neo4j.exceptions
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from attrib import db
from attrib.cli.export import register as register_export_commands
from attrib.cli.query import register as register_query_commands
from attrib.cli.server import app as neo4j_app
from attrib.settings import NotConfigured
from loader.load import DEFAULT_SEED, load
from loader.plan import Plan
from loader.problems import ValidationFailed
from loader.writer import LoadReport

REPO = Path(__file__).resolve().parents[2]
UI_APP = REPO / "ui" / "app.py"

app = typer.Typer(
    help="Attribution Explorer: who says who did what, how sure they are, and who denies it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.add_typer(neo4j_app, name="neo4j")
register_query_commands(app)
register_export_commands(app)
out = Console()
err = Console(stderr=True)

EXIT_CONNECTION = 1
EXIT_INVALID = 2


def fail(message: str, code: int = EXIT_CONNECTION) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def connection_error(exc: Exception) -> typer.Exit:
    """One readable line for the ways a connection fails (no stack trace, no password)."""
    if isinstance(exc, NotConfigured):
        return fail(str(exc))
    if isinstance(exc, neo4j.exceptions.AuthError):
        return fail("Neo4j refused the credentials: check NEO4J_USERNAME / NEO4J_PASSWORD.")
    return fail(f"cannot reach Neo4j ({exc}). Is it running? Try `attrib neo4j status`.")


CONNECTION_ERRORS = (
    NotConfigured,
    neo4j.exceptions.ServiceUnavailable,
    neo4j.exceptions.AuthError,
    neo4j.exceptions.SessionExpired,
)


def _plan_table(plan: Plan) -> Table:
    table = Table(title="Plan", show_edge=False)
    table.add_column("kind")
    table.add_column("name")
    table.add_column("rows", justify="right")
    for label, rows in sorted(plan.nodes.items()):
        table.add_row("node", label, str(len(rows)))
    per_type: dict[str, int] = {}
    for (etype, _, _), rows in plan.edges.items():
        per_type[etype] = per_type.get(etype, 0) + len(rows)
    for etype, count in sorted(per_type.items()):
        table.add_row("edge", etype, str(count))
    return table


def _report_table(report: LoadReport) -> Table:
    table = Table(title="Loaded", show_edge=False)
    for col in ("kind", "name", "created", "updated", "unchanged"):
        table.add_column(col, justify="left" if col in ("kind", "name") else "right")
    for kind, tallies in (("node", report.nodes), ("edge", report.edges)):
        for name, t in sorted(tallies.items()):
            table.add_row(kind, name, str(t.created), str(t.updated), str(t.unchanged))
    total = report.totals()
    table.add_row("total", "", str(total.created), str(total.updated), str(total.unchanged))
    return table


@app.command("load")
def load_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Seed YAML files or directories (default: seed_data/)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and print the plan; write nothing.")
    ] = False,
    wipe: Annotated[
        bool, typer.Option("--wipe", help="Empty the graph first (no question asked).")
    ] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Rows per UNWIND batch.")] = 1000,
) -> None:
    """Validate every record, then write it to Neo4j (idempotent: a re-load changes nothing).

    Bad input is reported one problem per line (file:line, record, field) with exit code 2,
    and nothing is written.

    Example: attrib load seed_data/ --dry-run
    """
    targets = paths or [DEFAULT_SEED]
    for target in targets:
        if not target.exists():
            raise fail(f"{target}: no such file or directory", EXIT_INVALID)
    progress = Progress(
        TextColumn("writing"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    )
    task = progress.add_task("write", total=0)

    def on_plan(plan: Plan) -> None:
        out.print(_plan_table(plan))
        progress.update(task, total=plan.node_count() + plan.edge_count())

    try:
        with progress:
            outcome = load(
                targets,
                dry_run=dry_run,
                wipe_first=wipe,
                batch_size=batch_size,
                progress=lambda n: progress.advance(task, n),
                on_plan=on_plan,
            )
    except ValidationFailed as exc:
        for problem in exc.problems:
            err.print(str(problem), highlight=False, markup=False, soft_wrap=True)
        raise fail(f"{len(exc.problems)} problem(s); nothing was written.", EXIT_INVALID) from None
    except CONNECTION_ERRORS as exc:
        raise connection_error(exc) from None
    finally:
        db.close()
    if outcome.report is None:
        out.print("[bold]Dry run:[/] input is valid; nothing was written.")
    else:
        out.print(_report_table(outcome.report))
    if outcome.stix:  # what a bundle held that was skipped, unmapped or resolved to known actors
        for line in outcome.stix.lines():
            out.print(line, highlight=False)


def _graph_is_empty() -> bool:
    result = db.read("MATCH (n) RETURN count(n) > 0 AS any", timeout=10)
    return not result.records[0]["any"]


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


@app.command("ui")
def ui_cmd(
    port: Annotated[int, typer.Option(help="Port for the UI on 127.0.0.1.")] = 8501,
) -> None:
    """Serve the Streamlit explorer alone (Neo4j must already be reachable).

    Example: attrib ui --port 8502
    """
    _serve_ui(port)


@app.command("up")
def up_cmd(
    port: Annotated[int, typer.Option(help="Port for the UI on 127.0.0.1.")] = 8501,
) -> None:
    """Start the local Neo4j (unless NEO4J_URI is set), load the seed if empty, serve the UI.

    Example: attrib up
    """
    if not os.environ.get("NEO4J_URI"):
        from attrib import local_server

        try:
            uri = local_server.start()
        except local_server.LocalNeo4jError as exc:
            raise fail(str(exc)) from None
        out.print(f"Neo4j at {uri}")
    try:
        if _graph_is_empty():
            out.print("The graph is empty: loading the seed case.")
            load_cmd(paths=None, dry_run=False, wipe=False, batch_size=1000)
    except CONNECTION_ERRORS as exc:
        raise connection_error(exc) from None
    finally:
        db.close()
    _serve_ui(port)
    if not os.environ.get("NEO4J_URI"):
        out.print("Neo4j keeps running; `attrib neo4j stop` stops it.")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
