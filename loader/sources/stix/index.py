"""Pass 1 of a STIX import: check every object on its own and index the newest version of each.

The index holds a small entry per STIX id (never the object itself): its type, what graph
label it becomes, the references that decide where it lands, and why it is skipped, if it is.
Revoked and deprecated objects and unmapped types are kept as skipped entries, so they are
counted and so what refers to them is not called dangling; a revoked actor is the exception: it
stays its own record (flagged `revoked`), so MITRE's `revoked-by` can say which one replaced it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any, get_args

from loader import models as m
from loader.sources.stix.attack import attack_ids, object_dataset
from loader.sources.stix.bundles import Bundle, BundleReader
from loader.sources.stix.leniency import EXCLUDED, Exclusions
from loader.sources.stix.objects import object_problems, timestamp
from loader.sources.stix.problem_log import ProblemLog
from loader.stix_common import ACTOR_TYPES, EXPORTER_IDENTITY, MAPPED_TYPES, OBJECT_CLAIM_KINDS

ORG_KINDS = frozenset(get_args(m.Organisation.model_fields["kind"].annotation))
INVALID = "invalid"  # the skip reason of an object with problems of its own


@dataclass(frozen=True, slots=True)
class Entry:
    """What pass 1 knows of one STIX id (its newest version)."""

    stype: str  # the STIX type
    modified: str
    pos: tuple[int, int]  # (bundle number, object position): where the mapping pass finds it
    name: str | None = None
    skip: str | None = None  # why it is not imported (None: imported)
    # The graph label of a node; None for a relationship (the resolve pass decides whether it
    # is a claim or a plain edge) and for a skipped object.
    label: str | None = None
    org_kind: str | None = None  # an Organisation's kind
    source_id: str | None = None  # an actor's ATT&CK id (G0125), for revoked-by statements
    dataset: str | None = None  # an actor's dataset (attrib.identity.datasets)
    claim_kind: str | None = None  # x_attrib_claim_kind of a relationship or a note
    rel_type: str | None = None  # relationship_type of a relationship
    src: str | None = None  # source_ref of a relationship
    tgt: str | None = None  # target_ref of a relationship
    refs: tuple[str, ...] = ()  # object_refs of an opinion or a note


@dataclass
class Index:
    """Pass 1's result: one entry per STIX id, and what the resolve pass looks up."""

    bundles: list[Bundle] = field(default_factory=list)  # the usable ones
    entries: dict[str, Entry] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)  # STIX id -> ISO country code
    report_refs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    references: set[str] = field(default_factory=set)  # ids referenced before being defined
    objects: int = 0
    older_versions: int = 0
    # ATT&CK's x-mitre-collection: (name, x_mitre_version), for the dataset source's title
    collection: tuple[str, str | None] | None = None


def _org_kind(obj: dict[str, Any]) -> str:
    """An identity's organisation kind: our own x_attrib_kind, else government by sector."""
    hint = obj.get("x_attrib_kind")
    if isinstance(hint, str) and hint in ORG_KINDS:
        return hint
    sectors = obj.get("sectors") or []
    if any(isinstance(s, str) and s.startswith("government") for s in sectors):
        return "government"
    return "other"


def _skip_reason(sid: str, stype: str, obj: dict[str, Any]) -> str | None:
    if obj.get("revoked") is True and stype not in ACTOR_TYPES:
        return "revoked"
    if obj.get("x_mitre_deprecated") is True:
        return "deprecated"
    if stype not in MAPPED_TYPES:
        return "type not mapped"
    if sid == EXPORTER_IDENTITY:
        return "the exporter's own identity"
    return None


class _Indexer:
    """Builds an Index object by object."""

    def __init__(self, log: ProblemLog, excluded: Exclusions) -> None:
        self.log = log
        self.excluded = excluded
        self.index = Index()

    def add(self, file: str, pos: tuple[int, int], obj: Any) -> None:
        i = pos[1]
        sid = obj.get("id") if isinstance(obj, dict) else None
        if self.excluded.excludes(file, i, sid):
            # left out by a lenient import, kept as skipped (as an invalid object is)
            if isinstance(sid, str) and "--" in sid and sid not in self.index.entries:
                self.index.entries[sys.intern(sid)] = Entry(
                    sid.split("--")[0], "", pos, skip=EXCLUDED
                )
            return
        where = f"objects[{i}]" + (f" ({sid})" if isinstance(sid, str) else "")
        if not isinstance(obj, dict):
            self.log.add(
                file, where, "-", f"an object must be a JSON object, got {type(obj).__name__}"
            )
            return
        stype = obj.get("type")
        if not isinstance(stype, str) or not stype:
            self.log.add(file, where, "type", "required property is missing")
            return
        if not isinstance(sid, str) or not sid.startswith(f"{stype}--"):
            self.log.add(file, where, "id", f"must be '{stype}--<UUID>', got {sid!r}")
            return
        found = object_problems(obj)
        for fld, msg in found:
            self.log.add(file, where, fld, msg)
        sid = sys.intern(sid)
        entries = self.index.entries
        if found:  # kept as skipped, so what refers to it is not also called dangling
            if sid not in entries:
                entries[sid] = Entry(stype, "", pos, skip=INVALID)
            return
        modified = str(obj.get("modified") or obj.get("created") or "")
        prev = entries.get(sid)
        if prev is not None:
            self.index.older_versions += 1
            if not modified or not prev.modified or timestamp(modified) <= timestamp(prev.modified):
                return  # keep the newest version (the first of equals)
        entries[sid] = self._entry(file, where, sid, Entry(stype, modified, pos), obj)

    def _entry(self, file: str, where: str, sid: str, base: Entry, obj: dict[str, Any]) -> Entry:
        """The entry of a valid object: its label or skip reason, and its references."""
        stype = base.stype
        name = obj.get("name") if isinstance(obj.get("name"), str) else None
        skip = _skip_reason(sid, stype, obj)
        if stype == "x-mitre-collection" and name:
            version = obj.get("x_mitre_version")
            self.index.collection = (name, version if isinstance(version, str) else None)
        if skip:
            return Entry(stype, base.modified, base.pos, name, skip)
        fields: dict[str, Any] = {}
        refs: list[str] = []
        if isinstance(obj.get("created_by_ref"), str):
            refs.append(obj["created_by_ref"])
        label: str | None = None
        if stype in ACTOR_TYPES:
            label = "Actor"
            refs_ = obj.get("external_references")
            fields["source_id"] = next(iter(attack_ids(refs_)), None)
            fields["dataset"] = object_dataset(obj.get("created_by_ref"), refs_)
        elif stype == "campaign":
            label = "Campaign"
        elif stype == "identity":
            cls = str(obj.get("identity_class"))
            label = {"individual": "Person", "class": "Sector"}.get(cls, "Organisation")
            if label == "Organisation":
                fields["org_kind"] = _org_kind(obj)
        elif stype == "location":
            code = obj.get("country")
            if not (isinstance(code, str) and re.fullmatch(r"[A-Za-z]{2}", code)):
                reason = "location without a country code (only countries are modelled)"
                return Entry(stype, base.modified, base.pos, name, reason)
            label = "Country"
            self.index.locations[sid] = code.upper()
        elif stype in ("malware", "tool"):
            label = "Tool"
        elif stype == "vulnerability":
            label = "Vulnerability"
        elif stype == "infrastructure":
            label = "Infrastructure"
        elif stype == "report":
            label = "Source"
            self.index.report_refs[sid] = tuple(obj.get("object_refs") or ())
            refs += self.index.report_refs[sid]
        elif stype == "relationship":
            fields.update(
                rel_type=str(obj["relationship_type"]),
                src=obj["source_ref"],
                tgt=obj["target_ref"],
            )
            refs += [obj["source_ref"], obj["target_ref"]]
            hint = obj.get("x_attrib_claim_kind")
            if hint is not None and hint not in OBJECT_CLAIM_KINDS:
                self.log.add(
                    file,
                    where,
                    "x_attrib_claim_kind",
                    f"{hint!r} is not a claim kind a relationship can carry "
                    f"({', '.join(OBJECT_CLAIM_KINDS)})",
                )
            fields["claim_kind"] = hint if hint in OBJECT_CLAIM_KINDS else None
        elif stype == "opinion":
            label = "Claim"
            fields["refs"] = tuple(obj.get("object_refs") or ())
            refs += fields["refs"]
        elif stype == "note":
            note_refs = tuple(obj.get("object_refs") or ())
            hint = obj.get("x_attrib_claim_kind")
            if obj.get("x_attrib_event") is True:
                label = "Event"
            elif isinstance(hint, str) and hint in OBJECT_CLAIM_KINDS:
                label = "Claim"
                fields["claim_kind"] = hint
            else:
                reason = "note that is not an exported claim or event"
                return Entry(stype, base.modified, base.pos, name, reason, refs=note_refs)
            fields["refs"] = note_refs
            refs += note_refs
        subject_ref = obj.get("x_attrib_subject_ref")
        if isinstance(subject_ref, str):
            refs.append(subject_ref)
        for ref in refs:
            if ref not in self.index.entries:
                self.index.references.add(sys.intern(ref))
        return Entry(stype, base.modified, base.pos, name, None, label, **fields)


def index_bundles(
    reader: BundleReader, log: ProblemLog, excluded: Exclusions | None = None
) -> Index:
    """Pass 1 over every object of every usable bundle (problems go to `log`), leaving out the
    objects `excluded` names (a lenient import's next round: loader.sources.stix.leniency)."""
    indexer = _Indexer(log, excluded or Exclusions())
    for number in range(len(reader.files)):
        bundle = reader.open(number)
        if bundle is None:
            continue
        indexer.index.bundles.append(bundle)
        file = str(bundle.path)
        for i, obj in reader.objects(bundle):
            indexer.index.objects += 1
            indexer.add(file, (bundle.number, i), obj)
    return indexer.index
