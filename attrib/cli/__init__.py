"""The `attrib` command line: a thin layer over the core, the loader and the local server.

The only part of `attrib` that imports `loader`. Each module holds a group of commands;
`output` holds what they share (exit codes, failing with one line, printing results).
"""

from __future__ import annotations

import typer

from attrib.cli import export, identity, query, serve
from attrib.cli.lag import lag_cmd
from attrib.cli.load import load_cmd
from attrib.cli.output import help_text
from attrib.cli.server import app as server_app

app = typer.Typer(
    help="Attribution Explorer: who says who did what, how sure they are, and who denies it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.command("queries")(query.queries_cmd)
app.command("query")(query.query_cmd)
app.command("cypher")(query.cypher_cmd)
app.command("load")(load_cmd)
app.command("lag", help=help_text(lag_cmd))(lag_cmd)
app.command("ui")(serve.ui_cmd)
app.command("up")(serve.up_cmd)
app.add_typer(export.app, name="export")
app.add_typer(identity.app, name="identity")
app.add_typer(server_app, name="neo4j")


def main() -> None:
    app()
