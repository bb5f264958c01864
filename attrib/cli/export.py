"""`attrib export …`: the graph out as STIX 2.1 (registered on the main app by `register`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from attrib import db

export_app = typer.Typer(
    help="Export the graph in exchange formats.", no_args_is_help=True, add_completion=False
)
out = Console()
err = Console(stderr=True)


@export_app.command("stix")
def stix_cmd(
    path: Annotated[Path, typer.Argument(help="The bundle file to write (e.g. out.json).")],
    campaign: Annotated[
        str | None,
        typer.Option("--campaign", help="Only this campaign's neighbourhood (a campaign id)."),
    ] = None,
) -> None:
    """Write the whole graph, or one campaign's neighbourhood, as a STIX 2.1 bundle.

    Claims become relationships with confidence and created_by_ref, denials opinions, sources
    reports; `attrib load OUT.json` reads it back (see docs/stix.md).

    Example: attrib export stix out.json --campaign exchange-2021
    """
    from attrib.cli import CONNECTION_ERRORS, EXIT_INVALID, connection_error, fail
    from loader.export.stix import CampaignNotFound, export_bundle

    if not path.parent.exists():
        raise fail(f"{path.parent}: no such directory", EXIT_INVALID)
    try:
        summary = export_bundle(path, campaign)
    except CampaignNotFound as exc:
        raise fail(str(exc), EXIT_INVALID) from None
    except CONNECTION_ERRORS as exc:
        raise connection_error(exc) from None
    finally:
        db.close()
    parts = ", ".join(f"{t} {n}" for t, n in sorted(summary.objects.items()))
    out.print(f"Wrote {summary.total()} STIX objects to {path} ({parts}).", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the `export` command group to the main `attrib` app."""
    app.add_typer(export_app, name="export")
