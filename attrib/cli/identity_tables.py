"""`attrib identity show` as tables: what its JSON holds, for a person at a terminal."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from attrib.cli.output import out
from attrib.identity.attributions import LIMIT
from attrib.values import partial_date_text


def _cells(*values: Any) -> list[str]:
    return [escape("" if v is None else str(v)) for v in values]


def _names(actor: dict[str, Any], labels: dict[str, str]) -> Table:
    """Each name as its sources give it ("G0082, given by MITRE, according to MITRE ATT&CK"),
    with the second-hand credits its giver's own data contradicts."""
    table = Table("name, as its sources give it", "records", show_edge=False, title="Names")
    for n in actor["names"]:
        records = "; ".join(labels.get(r, r) for r in n["records"])
        said = "\n".join([n["said"], *n.get("not_credited", [])])
        table.add_row(*_cells(said, records))
    return table


def _members(actor: dict[str, Any]) -> Table:
    table = Table("source", "source id", "name", "joined by", show_edge=False, title="Members")
    for m in actor["members"]:
        chain = " → ".join(j["evidence"] for j in m["joined_by"]) or "(the actor's anchor)"
        table.add_row(*_cells(m["source"], m["source_id"], m["name"], chain))
    return table


def _record_claims(actor: dict[str, Any], labels: dict[str, str]) -> Table:
    title = f"Claims about its records ({len(actor['record_claims'])})"
    table = Table("kind", "subject", "object", "claimant", "confidence", "statement",
                  show_edge=False, title=title)  # fmt: skip
    for c in actor["record_claims"]:
        confidence = " ".join(str(v) for v in (c["confidence"], c["confidence_label"]) if v)
        table.add_row(*_cells(
            c["kind"], labels.get(c["subject"], c["subject"]), labels.get(c["object"], c["object"]),
            c["claimant"], confidence, c["statement"],
        ))  # fmt: skip
    return table


def _attributions(actor: dict[str, Any]) -> Table:
    rows = actor.get("attributions", [])
    title = f"Attributions and state links ({len(rows)})"
    table = Table("kind", "claimant", "subject", "object", "confidence", "made on", "disputed by",
                  show_edge=False, title=title)  # fmt: skip
    for r in rows:
        confidence = " ".join(str(v) for v in (r.get("confidence"), r.get("confidence_label")) if v)
        disputed = ", ".join(str(d.get("claimant") or d.get("claim")) for d in r["disputed_by"])
        table.add_row(*_cells(
            r["kind"], r.get("claimant"), r.get("subject"), r.get("object"), confidence,
            partial_date_text(r.get("made_on"), r.get("made_on_precision")), disputed,
        ))  # fmt: skip
    return table


def refused_lines(actor: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """One line per refused join: the evidence, between which records, and why; each once."""
    lines: list[str] = []
    for refused in actor["refused_joins"]:
        between = " and ".join(labels.get(r, r) for r in refused["records"])
        line = f"refused: {refused['evidence']} between {between} — {refused['reason']}"
        if line not in lines:
            lines.append(line)
    return lines


def show_actor(actor: dict[str, Any], labels: dict[str, str]) -> None:
    """Print one actor document of `attrib identity show` (labels: record id -> readable)."""
    out.print(f"[bold]{escape(actor['name'])}[/] ({escape(actor['id'])})")
    out.print(_names(actor, labels))
    out.print(_members(actor))
    out.print(_record_claims(actor, labels))
    out.print(_attributions(actor))
    if len(actor.get("attributions", [])) >= LIMIT:
        out.print(f"  only the first {LIMIT} attributions are shown", highlight=False)
    for line in refused_lines(actor, labels):
        out.print(f"  {escape(line)}", highlight=False)
