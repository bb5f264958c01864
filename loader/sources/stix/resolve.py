"""Pass 2 of a STIX import (no reading): decide which node every STIX id lands on.

Every intrusion set and threat actor is its own record (its STIX id): joining records of several
sources is the identity resolution's job (`loader.resolution`, docs/identity.md), never the
importer's. Organisations (identities) and countries (locations) are shared nodes: they land on
the registry's node (`loader.registry`), so the seed's "microsoft" and a bundle's Microsoft
identity are one claimant. References that the bundles do not define are looked up in the
registry (by STIX id), then in the database (only to check that they exist); each relationship
becomes a claim or a plain edge, depending on what its ends became.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from attrib import cypher_text, db
from loader.registry import UNREGISTERED_PREFIX, CountryRef, OrgRef, registry
from loader.sources.stix.attack import REVOKED_BY
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
    """Nodes for STIX ids (by node id or stix_id)."""
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
    node_of: dict[str, str]  # STIX id -> node id (itself, or a registry organisation/country)
    labels: dict[str, str]  # node id -> label, for validation and planning
    names: dict[str, str]  # node id -> display name, for generated statements
    kinds: dict[str, str]  # node id -> organisation kind
    skipped: dict[str, str]  # STIX id -> why it is not imported
    links: dict[str, Link]  # what each imported relationship becomes
    contained_in: dict[str, list[str]]  # STIX id -> the reports that hold it
    # the shared nodes the import refers to, planned as references (Plan.refs)
    organisations: dict[str, OrgRef]
    countries: dict[str, CountryRef]

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
        self.organisations: dict[str, OrgRef] = {}
        self.countries: dict[str, CountryRef] = {}

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
        elif e.rel_type == REVOKED_BY and src_label == tgt_label == "Actor":
            link = AsClaim("same-as")  # the producer says the two records are one group
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


def _shared_nodes(run: _Resolver, index: Index, names: dict[str, str]) -> None:
    """Organisations and countries of the bundles land on the registry's nodes."""
    reg = registry()
    for sid, entry in index.entries.items():
        if entry.skip or entry.label != "Organisation":
            continue
        kind = entry.org_kind or "other"
        org = reg.organisation(entry.name or sid, external_ids=(sid,), kind=kind)
        run.node_of[sid] = org.id
        run.organisations[org.id] = org
    for sid, code in index.locations.items():
        entry = index.entries[sid]
        if entry.skip:
            continue
        country = reg.country(code) or reg.country(entry.name or "")
        if country is None:
            run.skipped[sid] = "location whose country the registry does not know"
            continue
        run.node_of[sid] = country.id
        run.countries[country.id] = country
    for org in run.organisations.values():
        run.labels[org.id], names[org.id], run.kinds[org.id] = "Organisation", org.name, org.kind
    for country in run.countries.values():
        run.labels[country.id], names[country.id] = "Country", country.name


def _registered(ref: str) -> OrgRef | None:
    """The registry organisation with this STIX identity id, if any (e.g. MITRE's)."""
    if not ref.startswith("identity--"):
        return None
    org = registry().organisation(ref, external_ids=(ref,))
    return None if org.id.startswith(UNREGISTERED_PREFIX) else org


def resolve(index: Index, known_stix: KnownStix | None) -> Resolution:
    """Pass 2: where every STIX id of `index` lands.

    Args:
        known_stix: looks up STIX ids the bundles reference but do not define, only to check
            that they exist (None: nothing is known, as with `--wipe` or a dry run).
    """
    entries = index.entries
    run = _Resolver(index)
    names: dict[str, str] = {}
    missing = {r for r in index.references if r not in entries}
    for ref in sorted(missing):
        org = _registered(ref)
        if org is not None:
            run.known[ref] = KnownNode(org.id, "Organisation", org.kind, org.name)
            run.organisations[org.id] = org
    ask = missing - set(run.known)
    run.known.update(known_stix(ask) if (known_stix and ask) else {})
    for found_node in run.known.values():
        run.labels[found_node.id] = found_node.label
        if found_node.name:
            names[found_node.id] = found_node.name
        if found_node.label == "Organisation" and found_node.kind:
            run.kinds[found_node.id] = found_node.kind
    _shared_nodes(run, index, names)
    for sid, entry in entries.items():
        if sid in run.skipped:
            continue
        node = run.node_of.setdefault(sid, sid)
        if entry.label is not None and node == sid:
            run.labels[sid] = entry.label
            if entry.name:
                names[sid] = entry.name
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
        contained_in={},
        organisations=run.organisations,
        countries=run.countries,
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
    return resolution
