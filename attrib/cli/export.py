"""`attrib export …`: the graph out in exchange formats (STIX 2.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attrib.cli.output import ExitCode, fail, failures_as_exits, out
from loader.export.stix import CampaignNotFound, export_bundle

app = typer.Typer(
    help="Export the graph in exchange formats.", no_args_is_help=True, add_completion=False
)


@app.command("stix")
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
    if not path.parent.exists():
        raise fail(f"{path.parent}: no such directory", ExitCode.INVALID)
    try:
        with failures_as_exits():
            summary = export_bundle(path, campaign)
    except CampaignNotFound as exc:
        raise fail(str(exc), ExitCode.INVALID) from None
    parts = ", ".join(f"{t} {n}" for t, n in sorted(summary.objects.items()))
    out.print(f"Wrote {summary.total()} STIX objects to {path} ({parts}).", highlight=False)
