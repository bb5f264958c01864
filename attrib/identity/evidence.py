"""What the graph says about who is who: actor records, their names, record-to-record claims.

Read-only, from cypher/identity/*.cypher; the resolution (attrib.identity.resolve) is a pure
function of this evidence and a policy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from attrib import cypher_text, db
from attrib.identity import datasets as ds
from attrib.names import name_key


@dataclass(frozen=True)
class Record:
    """One source's actor record."""

    id: str
    dataset: str
    name: str
    aliases: tuple[str, ...] = ()
    external_ids: tuple[str, ...] = ()  # exact ids (ATT&CK G0125) count like the primary name
    source_id: str = ""
    description: str = ""


@dataclass(frozen=True)
class Naming:
    """A naming claim: `given_by` calls `record` `name`, as `reporter` says.

    `naming` is how the claimant stands to the name (datasets.GIVEN, REPORTED, USED): only a
    given or reported name has a giver; a used one is "used by" its claimant.
    """

    claim: str
    record: str
    name: str
    given_by: str
    given_by_name: str
    dataset: str
    naming: str = ds.GIVEN
    reporter: str = ""  # who reports it: the claim's sources ("the MISP threat-actor galaxy")

    @property
    def has_giver(self) -> bool:
        return self.naming != ds.USED and bool(self.given_by)


@dataclass(frozen=True)
class RecordClaim:
    """A claim that two records are (or are not) one group: same-as, overlaps, distinct ..."""

    id: str
    kind: str
    subject: str
    object: str
    claimant: str
    claimant_name: str
    dataset: str
    confidence: int | None = None
    confidence_label: str = ""
    statement: str = ""
    sources: tuple[str, ...] = ()
    relation: str = ""  # the source's own word for the link (MISP `similar`), if it has one


@dataclass
class Evidence:
    records: dict[str, Record] = field(default_factory=dict)
    namings: list[Naming] = field(default_factory=list)
    record_claims: list[RecordClaim] = field(default_factory=list)
    # built on first use: the evidence is read once and not changed after
    _carriers: dict[str, set[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _about: dict[str, tuple[list[Naming], list[RecordClaim]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def about(self, rid: str) -> tuple[list[Naming], list[RecordClaim]]:
        """The naming claims and record claims about one record (either end), indexed once:
        an actor page reads its members' evidence, not every record's."""
        if self._about is None:
            found: dict[str, tuple[list[Naming], list[RecordClaim]]] = defaultdict(lambda: ([], []))
            for naming in self.namings:
                found[naming.record][0].append(naming)
            for claim in self.record_claims:
                found[claim.subject][1].append(claim)
                if claim.object != claim.subject:
                    found[claim.object][1].append(claim)
            self._about = dict(found)
        return self._about.get(rid, ([], []))

    def carriers(self) -> dict[str, set[str]]:
        """name key (or exact id) -> the records carrying it, built once per evidence."""
        if self._carriers is None:
            found: dict[str, set[str]] = defaultdict(set)
            for rec in self.records.values():
                for text in (rec.name, *rec.aliases, *rec.external_ids, rec.id, rec.source_id):
                    if name_key(text):
                        found[name_key(text)].add(rec.id)
            for naming in self.namings:
                if naming.record in self.records and name_key(naming.name):
                    found[name_key(naming.name)].add(naming.record)
            self._carriers = dict(found)
        return self._carriers


def reporter_of(sources: list[dict[str, str | None]]) -> str:
    """Who reports a naming claim, from the sources it cites: a dataset's own Source by the
    dataset's name ("MITRE ATT&CK"), any other by its publisher (or title)."""
    names = set()
    for src in sources:
        sid = src.get("id") or ""
        if sid.startswith(ds.SOURCE_PREFIX):
            names.add(ds.label(sid.removeprefix(ds.SOURCE_PREFIX)))
        else:
            names.add(src.get("publisher") or src.get("title") or sid)
    return "; ".join(sorted(n for n in names if n))


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


READ_TIMEOUT = 120  # seconds: every actor record of the graph, once per resolution


def read_evidence() -> Evidence:
    """Every actor record, naming claim and record-to-record claim in the graph."""
    found = Evidence()
    for row in db.read(cypher_text.read("identity/records.cypher"), timeout=READ_TIMEOUT).records:
        found.records[row["id"]] = Record(
            row["id"],
            row["dataset"] or ds.SEED,
            row["name"] or row["id"],
            _strs(row["aliases"]),
            _strs(row["external_ids"]),
            row["source_id"] or row["id"],
            row["description"] or "",
        )
    for row in db.read(cypher_text.read("identity/namings.cypher"), timeout=READ_TIMEOUT).records:
        found.namings.append(
            Naming(
                row["claim"], row["record"], row["name"], row["given_by"] or "",
                row["given_by_name"] or "", row["dataset"] or ds.SEED, row["naming"],
                reporter_of(row["reporters"] or []),
            )
        )  # fmt: skip
    query = cypher_text.read("identity/record_claims.cypher")
    params = {"kinds": [*ds.RECORD_CLAIM_KINDS, ds.NAMING]}
    for row in db.read(query, params, timeout=READ_TIMEOUT).records:
        found.record_claims.append(
            RecordClaim(
                row["id"], ds.SAME_AS if row["kind"] == ds.NAMING else row["kind"],
                row["subject"], row["object"], row["claimant"] or "",
                row["claimant_name"] or "", row["dataset"] or ds.SEED, row["confidence"],
                str(row["confidence_label"] or ""), row["statement"] or "", _strs(row["sources"]),
                row["relation"] or "",
            )
        )  # fmt: skip
    return found
