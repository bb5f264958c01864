"""`attrib identity`: who is who — recompute the actors, show one, report the conflicts."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from attrib.cli.output import ExitCode, fail, failures_as_exits, out
from attrib.identity import views
from attrib.identity.evidence import Evidence, read_evidence
from attrib.identity.policy import SHARED_NAMES, Policy, PolicyError, load_policy
from attrib.identity.resolve import Resolution, resolve

app = typer.Typer(
    help="Who is who: actor records per source, names as claims, computed actors "
    "(docs/identity.md).",
    no_args_is_help=True,
)


class Format(StrEnum):
    table = "table"
    json = "json"


PolicyFile = Annotated[
    Path | None,
    typer.Option("--policy", help="Policy file (default: identity-policy.yaml)."),
]
SharedNamesOpt = Annotated[
    str | None,
    typer.Option(
        "--shared-names", help=f"Which shared names join records: {'|'.join(SHARED_NAMES)}."
    ),
]
MinConfidence = Annotated[
    int | None,
    typer.Option("--min-confidence", min=0, max=100, help="Same-as claims below it do not join."),
]
Claimants = Annotated[
    list[str] | None,
    typer.Option("--claimant", help="Accept only this claimant's same-as claims (repeatable)."),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="table or json.")]


def _policy(
    file: Path | None, shared: str | None, minimum: int | None, claimants: list[str] | None
) -> Policy:
    try:
        return load_policy(file).with_overrides(
            shared_names=shared,
            min_confidence=minimum,
            claimants=tuple(claimants) if claimants else None,
        )
    except PolicyError as exc:
        raise fail(str(exc), ExitCode.INVALID) from None


def _resolved(policy: Policy) -> tuple[Evidence, Resolution]:
    with failures_as_exits():
        evidence = read_evidence()
    return evidence, resolve(evidence, policy)


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))  # never wrapped, for scripts


def resolve_cmd(
    policy_file: PolicyFile = None,
    shared_names: SharedNamesOpt = None,
    min_confidence: MinConfidence = None,
    claimant: Claimants = None,
) -> None:
    """Recompute the resolved actors from the stored evidence and store them (no re-import).

    Example: attrib identity resolve --shared-names primary
    """
    from loader.resolution import write_resolution

    policy = _policy(policy_file, shared_names, min_confidence, claimant)
    with failures_as_exits():
        outcome = write_resolution(policy)
    for line in outcome.lines():
        out.print(line, highlight=False, markup=False)


def show_cmd(
    name: Annotated[str, typer.Argument(help="A name, alias, exact id (G0125) or actor id.")],
    fmt: FormatOpt = Format.table,
    policy_file: PolicyFile = None,
    shared_names: SharedNamesOpt = None,
    min_confidence: MinConfidence = None,
    claimant: Claimants = None,
) -> None:
    """Every resolved actor NAME leads to: its names and who gave them, its member records per
    source, and the evidence that joined each. Exit 1 when the name leads nowhere.

    Example: attrib identity show "Silk Typhoon" --format json
    """
    evidence, resolution = _resolved(_policy(policy_file, shared_names, min_confidence, claimant))
    found = views.show(evidence, resolution, name)
    if fmt is Format.json:
        _print_json(found)
    else:
        for actor in found:
            _print_actor(actor)
    if not found:
        raise fail(f"no actor record carries the name {name!r}", ExitCode.FAILED, "not found")


def _print_actor(actor: dict[str, Any]) -> None:
    out.print(f"[bold]{escape(actor['name'])}[/] ({escape(actor['id'])})")
    names = Table("name", "given by", "records", show_edge=False, title="Names")
    for n in actor["names"]:
        names.add_row(escape(n["name"]), escape(n.get("given_by", "")), ", ".join(n["records"]))
    out.print(names)
    members = Table("source", "source id", "name", "joined by", show_edge=False, title="Members")
    for m in actor["members"]:
        chain = " → ".join(j["evidence"] for j in m["joined_by"]) or "(the actor's anchor)"
        members.add_row(m["source"], escape(m["source_id"]), escape(m["name"]), escape(chain))
    out.print(members)
    for refused in actor["refused_joins"]:
        out.print(f"  refused: {escape(refused['evidence'])} — {escape(refused['reason'])}")


REPORT_SECTIONS = (
    "refused_joins",
    "ambiguous_names",
    "shared_names",
    "below_policy",
    "about_records_not_loaded",
)


def report_cmd(
    fmt: FormatOpt = Format.table,
    section: Annotated[
        str | None,
        typer.Option("--section", help=f"Only one of: {', '.join(REPORT_SECTIONS)}."),
    ] = None,
    policy_file: PolicyFile = None,
    shared_names: SharedNamesOpt = None,
    min_confidence: MinConfidence = None,
    claimant: Claimants = None,
) -> None:
    """The identity report: refused joins, ambiguous and shared names, claims the policy did
    not accept, claims about records not loaded. Conflicts never block an import.

    Example: attrib identity report --section refused_joins --format json
    """
    if section is not None and section not in REPORT_SECTIONS:
        raise fail(f"--section must be one of {', '.join(REPORT_SECTIONS)}", ExitCode.INVALID)
    evidence, resolution = _resolved(_policy(policy_file, shared_names, min_confidence, claimant))
    found = views.report(evidence, resolution)
    if section:
        found = {k: v for k, v in found.items() if k in (section, "policy", "records", "actors")}
    if fmt is Format.json:
        _print_json(found)
        return
    out.print(
        f"{found['records']} records, {found['actors']} actors; policy: {escape(found['policy'])}"
    )
    for key in REPORT_SECTIONS:
        if key in found:
            _print_section(key, found[key])


def _print_section(key: str, rows: list[dict[str, Any]]) -> None:
    title = f"{key.replace('_', ' ')} ({len(rows)})"
    table = Table("what", "records", "why", title=title, show_edge=False)
    for row in rows:
        what = row.get("evidence") or row.get("name") or row.get("statement") or row.get("id")
        records = row.get("records") or [row.get("subject"), row.get("object")]
        ids = [r["id"] if isinstance(r, dict) else str(r) for r in records]
        why = row.get("reason") or row.get("source") or ", ".join(row.get("actors", []))
        table.add_row(escape(str(what)), escape(", ".join(ids)), escape(str(why or "")))
    out.print(table)


app.command("resolve")(resolve_cmd)
app.command("show")(show_cmd)
app.command("report")(report_cmd)
