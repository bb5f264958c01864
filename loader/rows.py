"""The rows a dataset importer plans, spelled once: Claim, Actor record, naming claim, citation.

The seed and STIX sources go through the record rules (`loader.models` -> `loader.plan`); a
dataset importer whose rows do not pass through a record model (MISP galaxies, EuRepoC) builds
them here, so every source writes the same shape (docs/identity.md, "For importer authors"):

- `claim`: `Claim {kind, statement, dataset, basis, confidence_label, confidence_scale,
  [confidence], [made_on, made_on_precision], ...}` -[:CLAIMED_BY]-> claimant,
  -[:SUBJECT]-> subject, [-[:OBJECT]-> object], -[:CITES]-> each source;
- `actor_record`: `Actor {dataset, source_id, name, aliases, external_ids, kind, name_keys,
  name_search, ...}` -[:CITES]-> its sources;
- `naming_claim`: `Claim {kind: 'alias', alias, name_keys, naming}` by the name's giver about a
  record, citing its reporter (`naming`: given first-hand, or reported by the cited source);
- `cites`: `-[:CITES]->` a Source.

A node is *owned* (written whole, replacing what it held) or a *reference* (created when
absent, never overwritten): registry organisations and countries, and what a second file of a
dataset only mentions. One builder dedupes: an owned node is never also a reference, an edge is
planned once per (type, from, to).

Example:
    >>> rows = PlanBuilder()
    >>> camp = rows.node("Campaign", "c1", {"name": "Op X"})
    >>> plan = rows.finish()
    >>> plan.nodes["Campaign"][0]["props"]["name"]
    'Op X'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrib.identity import datasets as ds
from attrib.names import name_key, name_props
from loader.confidence import Confidence
from loader.dates import PartialDate
from loader.plan import Plan

Node = tuple[str, str]  # (label, id)


def present(props: dict[str, Any]) -> dict[str, Any]:
    """The properties with a value: None and empty lists are not stored."""
    return {k: v for k, v in props.items() if v is not None and v != [] and v != ()}


def dated(key: str, date: PartialDate | None) -> dict[str, Any]:
    """A date as the graph stores one: the period's first day, and its precision."""
    if date is None:
        return {}
    return {key: date.value, f"{key}_precision": date.precision}


class PlanBuilder:
    """The rows of one import, deduplicated, in a stable order (`finish`)."""

    def __init__(self) -> None:
        self._nodes: dict[str, tuple[str, dict[str, Any]]] = {}
        self._refs: dict[str, tuple[str, dict[str, Any]]] = {}
        self._edges: dict[tuple[str, str, str], tuple[tuple[str, str, str], dict[str, Any]]] = {}

    # -- nodes and edges ------------------------------------------------------------------
    def node(self, label: str, nid: str, props: dict[str, Any], *, owned: bool = True) -> Node:
        """A node the import owns (the last planning wins), or a reference (the first wins)."""
        row = {**present(props), "id": nid}
        if owned:
            self._nodes[nid] = (label, row)
        else:
            self._refs.setdefault(nid, (label, {"id": nid, "props": row}))
        return (label, nid)

    def ref(self, label: str, row: dict[str, Any]) -> Node:
        """A registry reference (`OrgRef.row()`, `CountryRef.row()`): created when absent."""
        self._refs.setdefault(row["id"], (label, row))
        return (label, row["id"])

    def has(self, nid: str) -> bool:
        return nid in self._nodes or nid in self._refs

    def edge(self, etype: str, frm: Node, to: Node, **props: Any) -> None:
        self._edges[(etype, frm[1], to[1])] = ((etype, frm[0], to[0]), props)

    def cites(self, frm: Node, source_ids: Iterable[str]) -> None:
        for sid in source_ids:
            self.edge("CITES", frm, ("Source", sid))

    # -- the shapes every source shares ---------------------------------------------------
    def claim(
        self,
        cid: str,
        *,
        kind: str,
        claimant: Node,
        subject: Node,
        statement: str,
        dataset: str,
        sources: Iterable[str],
        confidence: Confidence,
        obj: Node | None = None,
        basis: str = "unspecified",
        made_on: PartialDate | None = None,
        owned: bool = True,
        **props: Any,
    ) -> Node:
        """A claim node with its claimant, subject, object and sources."""
        row: dict[str, Any] = {
            "kind": kind,
            "statement": statement,
            "dataset": dataset,
            "basis": basis,
            "confidence_label": confidence.label,
            "confidence_scale": confidence.scale,
            "confidence": confidence.value,
            **dated("made_on", made_on),
            **props,
        }
        claim = self.node("Claim", cid, row, owned=owned)
        self.edge("CLAIMED_BY", claim, claimant)
        self.edge("SUBJECT", claim, subject)
        if obj is not None:
            self.edge("OBJECT", claim, obj)
        self.cites(claim, sources)
        return claim

    def actor_record(
        self,
        rid: str,
        *,
        dataset: str,
        source_id: str,
        name: str,
        aliases: Iterable[str] = (),
        sources: Iterable[str] = (),
        owned: bool = True,
        **props: Any,
    ) -> Node:
        """One dataset's record of a group (docs/identity.md): found by every name it lists."""
        others = [a for a in dict.fromkeys(aliases) if a != name]
        row = {
            "dataset": dataset,
            "source_id": source_id,
            "name": name,
            "aliases": others,
            **props,
            **name_props([name, *others]),
        }
        record = self.node("Actor", rid, row, owned=owned)
        self.cites(record, sources)
        return record

    def naming_claim(
        self,
        record: Node,
        name: str,
        *,
        giver: Node,
        dataset: str,
        source: str,
        confidence: Confidence,
        statement: str,
        cid: str | None = None,
        naming: str = ds.GIVEN,
        **props: Any,
    ) -> Node | None:
        """`giver` gave `name` to the group of `record`; None when the name has no letters or
        digits (nothing to find it by).

        Args:
            naming: `ds.GIVEN` when `giver` says so in its own data (Microsoft's list of its
                names), `ds.REPORTED` when `source` reports that `giver` gave it (MISP's
                `name-attribution`), `ds.USED` when `giver` only uses the name.
            source: the Source that reports the name (the dataset's own, usually).
        """
        if naming not in ds.NAMINGS:
            raise ValueError(f"naming must be one of {ds.NAMINGS}, not {naming!r}")
        key = name_key(name)
        if not key:
            return None
        return self.claim(
            cid or f"{record[1]}:name:{key}:{giver[1]}",
            kind=ds.NAMING,
            claimant=giver,
            subject=record,
            statement=statement,
            dataset=dataset,
            sources=[source],
            confidence=confidence,
            alias=name,
            name_keys=[key],
            naming=naming,
            **props,
        )

    # -- result ---------------------------------------------------------------------------
    def finish(self, plan: Plan | None = None) -> Plan:
        """The rows, sorted by id (a stable plan whatever the input order); a node the import
        owns is not also planned as a reference."""
        plan = plan if plan is not None else Plan()
        for nid, (label, props) in sorted(self._nodes.items()):
            plan.nodes[label].append({"id": nid, "props": props})
        for nid, (label, row) in sorted(self._refs.items()):
            if nid not in self._nodes:
                plan.refs[label].append(row)
        for (_, frm, to), (shape, props) in sorted(self._edges.items()):
            plan.edges[shape].append({"from": frm, "to": to, "props": props})
        return plan
