"""First-hand beats second-hand: a name a source says a party gave, checked against that
party's own data.

MISP's threat-actor galaxy reports that MITRE calls its Lazarus Group "G0082"; MITRE's own
dataset, ATT&CK, gives G0082 to APT38. When the party's own loaded dataset (datasets.OWNERS)
gives the name to records that end up in another actor than the record the second-hand
naming is about, the name is not credited to the party on that record: the naming backs no
join (attrib.identity.resolve leaves it out of a name's backing; the name stays a plain
listed name of the record) and the conflict is listed where the names are shown.

Example:
    >>> from attrib.identity.evidence import Evidence, Naming, Record
    >>> ev = Evidence({"m": Record("m", "misp-threat-actor", "Lazarus Group"),
    ...                "a": Record("a", "mitre-attack", "APT38", external_ids=("G0082",))},
    ...               [Naming("n1", "m", "G0082", "mitre", "MITRE", "", "reported")])
    >>> [c.naming.claim for c in checkable(ev)]
    ['n1']
    >>> [c.text(ev) for c in contradicted(checkable(ev), {"m": "actor:m", "a": "actor:a"})]
    ["MITRE ATT&CK, MITRE's own dataset, gives 'G0082' to APT38 (G0082)"]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from attrib.identity import datasets as ds
from attrib.identity.evidence import Evidence, Naming
from attrib.names import name_key


@dataclass(frozen=True)
class Check:
    """A second-hand naming whose giver has a dataset of its own loaded that gives the name."""

    naming: Naming
    dataset: str  # the giver's own dataset
    records: tuple[str, ...]  # its records that carry the name

    def text(self, evidence: Evidence) -> str:
        """What the giver's own data says: "MITRE ATT&CK ... gives 'G0082' to APT38 (G0082)"."""
        given_to = ", ".join(_label(evidence, r) for r in self.records)
        giver = self.naming.given_by_name or self.naming.given_by
        return (
            f"{ds.label(self.dataset)}, {giver}'s own dataset, gives {self.naming.name!r} "
            f"to {given_to}"
        )


def _label(evidence: Evidence, rid: str) -> str:
    rec = evidence.records[rid]
    ids = ", ".join(i for i in rec.external_ids if i != rec.name)  # ATT&CK's G-numbers
    return f"{rec.name} ({ids})" if ids else rec.name


def checkable(evidence: Evidence) -> list[Check]:
    """The second-hand namings (`reported`) whose giver's own dataset is loaded and gives the
    name (as a name, alias or exact id) to some of its records."""
    owned = defaultdict(list)  # giver id -> its datasets
    for dataset, owner in ds.OWNERS.items():
        owned[owner].append(dataset)
    carriers: dict[tuple[str, str], set[str]] = defaultdict(set)  # (dataset, key) -> records
    for rec in evidence.records.values():
        if any(rec.dataset in own for own in owned.values()):
            for text in (rec.name, *rec.aliases, *rec.external_ids, rec.source_id):
                if name_key(text):
                    carriers[(rec.dataset, name_key(text))].add(rec.id)
    found = []
    for naming in evidence.namings:
        record = evidence.records.get(naming.record)
        if naming.naming != ds.REPORTED or record is None:
            continue
        for dataset in sorted(owned.get(naming.given_by, ())):
            given_to = carriers.get((dataset, name_key(naming.name)), set())
            if given_to and record.dataset != dataset:
                found.append(Check(naming, dataset, tuple(sorted(given_to))))
    return found


def contradicted(checks: list[Check], actor_of: dict[str, str]) -> list[Check]:
    """The checks whose record is in none of the actors the giver's own records are in: the
    giver's own data gives the name to another group."""
    return [
        c
        for c in checks
        if actor_of.get(c.naming.record) not in {actor_of.get(r) for r in c.records}
    ]
