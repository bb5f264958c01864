"""`attrib identity`: who is who — recompute the actors, show one, report the conflicts."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from attrib.cli import id_hints
from attrib.cli.identity_tables import show_actor
from attrib.cli.output import ExitCode, err, fail, failures_as_exits, help_text, out
from attrib.identity import views
from attrib.identity.attributions import actor_attributions
from attrib.identity.evidence import Evidence, read_evidence
from attrib.identity.policy import SHARED_NAMES, Policy, PolicyError, load_policy
from attrib.identity.resolve import Resolution, resolve, spellings

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


def _record_names(evidence: Evidence) -> dict[str, str]:
    """record id -> "id (name, dataset)", for tables that show records."""
    return {r.id: f"{r.id} ({r.name}, {r.dataset})" for r in evidence.records.values()}


def _not_found(name: str, evidence: Evidence) -> typer.Exit:
    """Bad input (exit 2): no record carries `name`; the close names and the names holding it."""
    names = sorted(spellings(evidence).values())
    close = id_hints.close_names(name, names)
    holding = id_hints.names_containing(name, names)
    hints = [f"did you mean {' or '.join(repr(c) for c in close)}?"] if close else []
    hints += [f"see also: {', '.join(holding)}."] if holding else []
    more = " ".join(hints) or "`attrib query search -p q=...` finds names by their parts."
    return fail(f"no actor record carries the name {name!r}; {more}", ExitCode.INVALID, "not found")


def show_cmd(
    name: Annotated[str, typer.Argument(help="A name, alias, exact id (G0125) or actor id.")],
    fmt: FormatOpt = Format.table,
    policy_file: PolicyFile = None,
    shared_names: SharedNamesOpt = None,
    min_confidence: MinConfidence = None,
    claimant: Claimants = None,
) -> None:
    """Every resolved actor NAME leads to: its names and who gave them, its member records per
    source, the evidence that joined each, the claims about its records and who attributed
    what to it (attributions and state links). A name no record carries is bad input (exit 2)
    naming the close names; names that contain NAME are listed as "see also".

    Example: attrib identity show "Silk Typhoon" --format json
    """
    evidence, resolution = _resolved(_policy(policy_file, shared_names, min_confidence, claimant))
    found = views.show(evidence, resolution, name)
    if not found:
        raise _not_found(name, evidence)
    with failures_as_exits():
        for actor in found:
            members = [m["id"] for m in actor["members"]]
            actor["attributions"] = actor_attributions(members)
    if fmt is Format.json:
        _print_json(found)
        return
    labels = _record_names(evidence)
    for actor in found:
        show_actor(actor, labels)
    holding = id_hints.names_containing(name, sorted(spellings(evidence).values()))
    if holding:
        err.print(f"see also: {escape(', '.join(holding))}", highlight=False, soft_wrap=True)


REPORT_SECTIONS = (
    "suspect_chains",
    "refused_joins",
    "ambiguous_names",
    "shared_names",
    "names_not_credited",
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
    """The identity report: suspect chains (evidence that would join more than max_members
    records into one actor), refused joins, ambiguous and shared names, names a source says a
    party gave that the party's own data gives to another group, claims the policy did not
    accept, claims about records not loaded. Conflicts never block an import.

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
    labels = _record_names(evidence)
    for key in REPORT_SECTIONS:
        if key in found:
            _print_section(key, found[key], labels)


def _print_section(key: str, rows: list[dict[str, Any]], labels: dict[str, str]) -> None:
    title = f"{key.replace('_', ' ')} ({len(rows)})"
    table = Table("what", "records", "why", title=title, show_edge=False)
    for row in rows:
        what = row.get("evidence") or row.get("name") or row.get("statement") or row.get("id")
        records = row.get("records") or [row.get("subject"), row.get("object")]
        ids = [str(r["id"] if isinstance(r, dict) else r) for r in records]
        more = ""
        if key == "suspect_chains":  # hundreds of records: the first few, and how many more
            what = f"{row['size']} records of {', '.join(row['sources'])}"
            ids, more = ids[:5], f"; and {len(ids) - 5} more" if len(ids) > 5 else ""
        shown = "; ".join(labels.get(i, i) for i in ids) + more  # not loaded: the id alone
        why = row.get("reason") or row.get("source") or ", ".join(row.get("actors", []))
        table.add_row(escape(str(what)), escape(shown), escape(str(why or "")))
    out.print(table)


for _name, _command in (("resolve", resolve_cmd), ("show", show_cmd), ("report", report_cmd)):
    app.command(_name, help=help_text(_command))(_command)
