"""Pass 2 of a STIX import (no reading): decide which node every STIX id lands on.

References that the bundles do not define are looked up in the database; imported actors are
resolved onto known ones by name (`aliases`) and locations onto known countries by code; each
relationship becomes a claim or a plain edge, depending on what its ends became.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from attrib import cypher_text, db
from loader.problems import Problem
from loader.sources.stix.aliases import (
    KnownActors,
    KnownCountries,
    resolve_actors,
    resolve_countries,
)
from loader.sources.stix.index import Entry, Index
from loader.stix_common import STATE_KINDS, STIX_TO_RELATIONS
from loader.validate import RELATION_ENDPOINTS

# Which graph labels a STIX id of a given type may stand for (to pick a database match).
TYPE_LABELS: dict[str, frozenset[str]] = {
    "intrusion-set": frozenset({"Actor"}),
    "threat-actor": frozenset({"Actor"}),
    "campaign": frozenset({"Campaign"}),
    "identity": frozenset({"Organisation", "Person", "Sector"}),
    "location": frozenset({"Country"}),
    "malware": frozenset({"Tool"}),
    "tool": frozenset({"Tool"}),
    "vulnerability": frozenset({"Vulnerability"}),
    "infrastructure": frozenset({"Infrastructure"}),
    "report": frozenset({"Source"}),
    "relationship": frozenset({"Claim"}),
    "opinion": frozenset({"Claim"}),
    "note": frozenset({"Claim", "Event"}),
}


@dataclass(frozen=True)
class KnownNode:
    """A node already in the database that a bundle references by STIX id."""

    id: str
    label: str
    kind: str | None = None
    name: str | None = None
    subject: str | None = None  # for claims: the node the claim is about


KnownStix = Callable[[set[str]], dict[str, KnownNode]]


def known_stix_in_database(ids: set[str]) -> dict[str, KnownNode]:
    """Nodes for STIX ids (by node id, stix_id, or the alias claim of a resolved actor)."""
    query = cypher_text.read("load/stix_known.cypher")
    rows: dict[str, list[KnownNode]] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 5000):
        result = db.read(query, {"ids": ordered[start : start + 5000]}, timeout=120)
        for rec in result.records:
            rows.setdefault(rec["sid"], []).append(
                KnownNode(rec["id"], rec["label"], rec["kind"], rec["name"], rec["subject"])
            )
    out = {}
    for sid, found in rows.items():
        fits = TYPE_LABELS.get(sid.split("--", 1)[0], frozenset())
        out[sid] = next((k for k in found if k.label in fits), found[0])
    return out


@dataclass(frozen=True)
class AsClaim:
    """A relationship that becomes a claim of this kind."""

    kind: str


@dataclass(frozen=True)
class AsEdge:
    """A relationship that becomes a plain edge of this type.

    `type` is None when an end is dangling: the mapping pass reports it and maps nothing.
    """

    type: str | None


Link = AsClaim | AsEdge


@dataclass(frozen=True)
class Resolution:
    """Where every imported STIX id lands, and what the mapping pass needs to know of it."""

    known: dict[str, KnownNode]  # referenced, not in the bundles, found in the database
    node_of: dict[str, str]  # STIX id -> node id (itself, or a known actor or country)
    labels: dict[str, str]  # node id -> label, for validation and planning
    names: dict[str, str]  # node id -> display name, for generated statements
    kinds: dict[str, str]  # node id -> organisation kind
    skipped: dict[str, str]  # STIX id -> why it is not imported
    links: dict[str, Link]  # what each imported relationship becomes
    alias_names: dict[str, list[str]]  # resolved actor's STIX id -> its names the known lacks
    contained_in: dict[str, list[str]]  # STIX id -> the reports that hold it
    resolved_actors: list[tuple[str, str, str]]  # (STIX id, name, known node id)
    resolved_locations: int

    def is_claim(self, ref: str, entries: dict[str, Entry]) -> bool:
        """Whether `ref` lands on a claim (in the bundles or in the database)."""
        entry = entries.get(ref)
        if entry is not None:
            return ref not in self.skipped and (
                entry.label == "Claim" or isinstance(self.links.get(ref), AsClaim)
            )
        known = self.known.get(ref)
        return known is not None and known.label == "Claim"


class _Resolver:
    """Builds a Resolution; relationships are decided in input order, as they were indexed."""

    def __init__(self, index: Index) -> None:
        self.entries = index.entries
        self.known: dict[str, KnownNode] = {}
        self.node_of: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.skipped = {sid: e.skip for sid, e in index.entries.items() if e.skip}
        self.links: dict[str, Link] = {}

    def label_of_ref(self, ref: str) -> str | None:
        """The label a reference lands on so far; None when it is skipped or undefined."""
        if ref in self.entries:
            if ref in self.skipped:
                return None
            return self.labels.get(self.node_of.get(ref, ref))
        known = self.known.get(ref)
        return known.label if known else None

    def is_state(self, ref: str) -> bool:
        node = self.node_of.get(ref) or (self.known[ref].id if ref in self.known else ref)
        label = self.labels.get(node)
        return label == "Country" or (
            label == "Organisation" and self.kinds.get(node) in STATE_KINDS
        )

    def link(self, sid: str, e: Entry) -> None:
        """Decide what relationship `sid` becomes (or why it is skipped)."""
        assert e.src is not None and e.tgt is not None and e.rel_type is not None
        src_label, tgt_label = self.label_of_ref(e.src), self.label_of_ref(e.tgt)
        for ref, label in ((e.src, src_label), (e.tgt, tgt_label)):
            if label is None and (ref in self.entries):
                self.skipped[sid] = f"{'source' if ref == e.src else 'target'} not imported"
                return
        link: Link
        if src_label is None or tgt_label is None:  # a dangling reference: reported while mapping
            claim = e.claim_kind or e.rel_type == "attributed-to"
            link = AsClaim(e.claim_kind or "fact") if claim else AsEdge(None)
        elif e.claim_kind:
            link = AsClaim(e.claim_kind)
        elif e.rel_type == "attributed-to":
            if src_label in ("Campaign", "Actor") and tgt_label in (
                "Actor",
                "Organisation",
                "Country",
                "Person",
            ):
                link = AsClaim("sponsorship" if self.is_state(e.tgt) else "attribution")
            else:
                link = AsClaim("fact")
        else:
            candidates = STIX_TO_RELATIONS.get(e.rel_type, ())
            link = AsEdge(
                next(
                    (
                        t
                        for t in candidates
                        if src_label in RELATION_ENDPOINTS[t][0]
                        and tgt_label in RELATION_ENDPOINTS[t][1]
                    ),
                    "RELATED_TO",
                )
            )
        self.links[sid] = link
        if isinstance(link, AsClaim):
            self.labels[sid] = "Claim"


def resolve(
    index: Index,
    known_stix: KnownStix | None,
    known_actors: KnownActors | None,
    known_countries: KnownCountries | None,
) -> tuple[Resolution, list[Problem]]:
    """Pass 2: where every STIX id of `index` lands; alias conflicts are returned as problems.

    Args:
        known_stix, known_actors, known_countries: database look-ups (None: nothing is known).
    """
    entries = index.entries
    run = _Resolver(index)
    names: dict[str, str] = {}
    missing = {r for r in index.references if r not in entries}
    actor_ids = set(index.actors)
    ask = missing | actor_ids
    run.known = known_stix(ask) if (known_stix and ask) else {}
    existing = frozenset(sid for sid in actor_ids if sid in run.known and run.known[sid].id == sid)
    for sid in actor_ids:
        run.known.pop(sid, None)
    for found_node in run.known.values():
        run.labels[found_node.id] = found_node.label
        if found_node.name:
            names[found_node.id] = found_node.name
        if found_node.label == "Organisation" and found_node.kind:
            run.kinds[found_node.id] = found_node.kind
    live = [a for a in index.actors.values() if not entries[a.stix_id].skip]
    found = resolve_actors(live, known_actors, existing)
    run.node_of.update(found.node_of)
    alias_names: dict[str, list[str]] = {}
    resolved_actors = []
    for sid, (node, name) in found.resolved.items():
        run.labels[node] = "Actor"
        names[node] = name
        alias_names[sid] = found.new_names[sid]
        resolved_actors.append((sid, index.actors[sid].name, node))
    live_locations = [(s, c) for s, c in index.locations.items() if not entries[s].skip]
    countries = resolve_countries(live_locations, known_countries)
    run.node_of.update(countries)
    for loc, node in countries.items():
        if node != loc:  # a known country
            run.labels[node] = "Country"
            names.setdefault(node, entries[loc].name or node)
    for sid, entry in entries.items():
        if entry.skip:
            continue
        node = run.node_of.setdefault(sid, sid)
        if entry.label is not None and node == sid:
            run.labels[sid] = entry.label
            if entry.name:
                names[sid] = entry.name
            if entry.org_kind:
                run.kinds[sid] = entry.org_kind
    for sid, entry in entries.items():
        if entry.stype == "relationship" and not entry.skip:
            run.link(sid, entry)
    resolution = Resolution(
        known=run.known,
        node_of=run.node_of,
        labels=run.labels,
        names=names,
        kinds=run.kinds,
        skipped=run.skipped,
        links=run.links,
        alias_names=alias_names,
        contained_in={},
        resolved_actors=resolved_actors,
        resolved_locations=sum(1 for s, n in countries.items() if s != n),
    )
    for sid, entry in entries.items():
        opinion = entry.stype == "opinion" and sid not in run.skipped
        if opinion and not any(resolution.is_claim(r, entries) for r in entry.refs):
            run.skipped[sid] = "opinion about no claim (only claims can be disputed)"
            run.labels.pop(sid, None)
    for report, refs in index.report_refs.items():
        if report in run.skipped:
            continue
        for ref in refs:
            resolution.contained_in.setdefault(ref, []).append(report)
    return resolution, found.problems
