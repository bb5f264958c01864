"""Pass 3 of a STIX import: map every imported object onto the loader's own records.

Each object is streamed again and becomes seed records (`loader.models` sections) that carry
their place in the bundle (`StixRecord`), so validation problems name the object and the STIX
property. STIX relationships that become plain edges are merged per (type, from, to) and
mapped at the end, with the sources that external references and bundles stand for.

What the seed format has no field for (an actor record's dataset and ATT&CK ids, a claim's
dataset, MITRE's `revoked-by` as a same-as claim: docs/identity.md) travels beside the record
(`StixRecord.props`, `StixRecord.cites`) and is added to its row when it is planned.
"""

from __future__ import annotations

import re
from collections import ChainMap, Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from attrib.identity.datasets import ATTACK, SAME_AS
from loader import models as m
from loader.sources.stix import attack
from loader.sources.stix.bundles import Bundle
from loader.sources.stix.index import Entry
from loader.sources.stix.objects import stix_confidence
from loader.sources.stix.problem_log import ProblemLog
from loader.sources.stix.records import (
    CLAIM_FIELDS,
    Bad,
    Mapped,
    StixRecord,
    bundle_source,
    external_source,
    overlay,
    present,
    stix_day,
)
from loader.sources.stix.resolve import AsClaim, AsEdge, Resolution
from loader.stix_common import UNKNOWN_PRODUCER
from loader.validate import RELATION_ENDPOINTS

# StixRecord, external_source and bundle_source are read from here by the other readers.
__all__ = ["Mapper", "StixRecord", "bundle_source", "external_source"]


@dataclass
class _MergedRelation:
    """The STIX relationships that become one plain edge."""

    sources: dict[str, None] = field(default_factory=dict)  # ordered set
    stix_ids: list[str] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)  # STIX types that RELATED_TO stands for
    since: Any = None
    note: str | None = None  # our own export's note
    fallback: str | None = None  # the bundle's source, when no relationship names one


class Mapper:
    """Maps objects one by one; gathers merged relations and the sources they imply."""

    def __init__(
        self,
        entries: dict[str, Entry],
        resolution: Resolution,
        bundles: list[Bundle],
        log: ProblemLog,
    ) -> None:
        self.entries = entries
        self.res = resolution
        self.bundles = {b.number: b for b in bundles}
        self.log = log
        # node id -> label: the resolution's, and the sources this pass adds
        self.labels: ChainMap[str, str] = ChainMap({}, resolution.labels)
        self.ext_sources: dict[str, dict[str, Any]] = {}
        self.synthetic: dict[str, dict[str, Any]] = {}  # bundle sources, the unknown producer
        self.releases: dict[int, str] = {}  # bundle number -> its ATT&CK release, if it is one
        self._bundle_sources: dict[str, int] = {}  # bundle source id -> bundle number
        self.relations: dict[tuple[str, str, str], _MergedRelation] = {}
        self.imported: Counter[str] = Counter()  # STIX type -> objects mapped
        # record id -> what its row gets besides the seed model's fields (StixRecord.props)
        self.props: dict[str, dict[str, Any]] = {}
        self.cites: dict[str, tuple[str, ...]] = {}
        self.cites_dataset = False  # some claim cites dataset:mitre-attack

    # -- references -----------------------------------------------------------------------
    def _ref(self, bad: Bad, fld: str, ref: Any) -> str | None:
        """The node id a reference lands on; records a dangling reference in `bad`."""
        if not isinstance(ref, str):
            return None
        if ref in self.entries:
            if ref in self.res.skipped:
                return None
            return self.res.node_of.get(ref, ref)
        known = self.res.known.get(ref)
        if known is not None:
            return known.id
        bad.append(
            (fld, f"dangling reference {ref!r}: no such object in the bundle or the database")
        )
        return None

    def _is_claim(self, ref: str) -> bool:
        return self.res.is_claim(ref, self.entries)

    def _name(self, node: str | None) -> str | None:
        return self.res.names.get(node or "", node)

    # -- sources and claimants ------------------------------------------------------------
    def _ext_source(self, ref: Any) -> str | None:
        """A source for an external reference that names a document (a url or a citation)."""
        found = external_source(ref)
        if found is None:
            return None
        sid, data = found
        if sid not in self.ext_sources:
            self.ext_sources[sid] = data
            self.labels[sid] = "Source"
        return sid

    def _sources(self, sid: str, obj: dict[str, Any]) -> list[str]:
        out = [s for s in map(self._ext_source, obj.get("external_references") or []) if s]
        out += [r for r in self.res.contained_in.get(sid, ()) if self.entries[r].label == "Source"]
        return list(dict.fromkeys(out))

    def _bundle_source(self, fno: int) -> str:
        data = bundle_source(self.bundles[fno].id)
        sid = str(data["id"])
        self._bundle_sources[sid] = fno
        if sid not in self.synthetic:
            self.synthetic[sid] = {"section": "sources", **data}
            self.labels[sid] = "Source"
        return sid

    def _claimant(self, bad: Bad, obj: dict[str, Any]) -> str:
        ref = obj.get("created_by_ref")
        node = self._ref(bad, "created_by_ref", ref) if ref is not None else None
        if node is not None:
            return node
        if UNKNOWN_PRODUCER not in self.synthetic:
            self.synthetic[UNKNOWN_PRODUCER] = {
                "section": "organisations",
                "id": UNKNOWN_PRODUCER,
                "name": "Unknown STIX producer",
                "kind": "other",
                "description": "Claimant of STIX objects that name no creator (created_by_ref).",
            }
            self.labels[UNKNOWN_PRODUCER] = "Organisation"
        return UNKNOWN_PRODUCER

    def _statement(self, subject: str | None, verb: str, obj_node: str | None) -> str:
        def nm(node: str | None) -> str:
            return self.res.names.get(node or "", node or "?")

        return f"{nm(subject)} {verb} {nm(obj_node)}".strip()

    # -- one object -----------------------------------------------------------------------
    def map_object(self, fno: int, i: int, obj: dict[str, Any]) -> list[StixRecord]:
        """The records one STIX object becomes (none when it is skipped)."""
        sid = obj["id"]
        entry = self.entries[sid]
        if obj.get("type") == "x-mitre-collection" and isinstance(obj.get("name"), str):
            version = obj.get("x_mitre_version")  # the bundle is this ATT&CK release
            domain = obj["name"].replace("ATT&CK", "").strip()
            self.releases[fno] = attack.release_name(
                domain, version if isinstance(version, str) else None
            )
        if entry.pos != (fno, i) or sid in self.res.skipped:
            return []
        stype = obj["type"]
        file = str(self.bundles[fno].path)
        where = f"objects[{i}] ({sid})"
        bad: Bad = []
        out: list[Mapped] = []
        link = self.res.links.get(sid)
        if stype not in ("relationship", "opinion", "note") and "created_by_ref" in obj:
            self._ref(bad, "created_by_ref", obj["created_by_ref"])  # claims check it as claimant
        if stype == "report":
            for n, ref in enumerate(obj.get("object_refs") or []):
                self._ref(bad, f"object_refs[{n}]", ref)
        if isinstance(link, AsEdge):
            self._add_relation(fno, sid, entry, link, obj, bad)
        elif isinstance(link, AsClaim):
            out.append(self._relationship_claim(fno, sid, entry, link, obj, bad))
        elif stype == "opinion":
            out.append(self._opinion_claim(fno, sid, entry, obj, bad))
        elif stype == "note":
            out.append(self._note(fno, sid, entry, obj, bad))
        elif stype == "report":
            out.append(self._report(sid, obj))
        elif self.res.node_of.get(sid, sid) != sid:
            pass  # an organisation or a country: the registry's node, planned as a reference
        else:
            out.append(self._entity(sid, entry, obj))
        for fld, msg in bad:
            self.log.add(file, where, fld, msg)
        if bad:
            return []
        self.imported[stype] += 1
        records = []
        for section, data, fields in out:
            props = tuple(self.props.pop(data["id"], {}).items())
            cites = self.cites.pop(data["id"], ())
            where_fields = tuple(fields.items())
            records.append(
                StixRecord(file, section, i, data, 0, {}, where, where_fields, props, cites)
            )
        return records

    def _entity(self, sid: str, e: Entry, obj: dict[str, Any]) -> Mapped:
        stype = obj["type"]
        label = e.label
        section = next(s for s, (_, lab) in m.ENTITY_SECTIONS.items() if lab == label)
        model = m.ENTITY_SECTIONS[section][0]
        data: dict[str, Any] = {"id": sid, "name": obj.get("name"), "stix_id": sid}
        fields = {"name": "name", "aliases": "aliases", "description": "description"}
        if obj.get("description"):
            data["description"] = obj["description"]
        if obj.get("aliases") and "aliases" in model.model_fields:
            data["aliases"] = list(dict.fromkeys(obj["aliases"]))
        if label == "Actor":
            data["kind"] = stype
            data["first_seen"] = stix_day(obj.get("first_seen"))
            names = [str(obj["name"]), *data.get("aliases", [])]
            ids = attack.attack_ids(obj.get("external_references"))
            dataset = e.dataset or attack.object_dataset(obj.get("created_by_ref"), None)
            revoked = obj.get("revoked") is True
            self.props[sid] = attack.record_props(sid, dataset, ids, names, revoked)
        elif label == "Campaign":
            data["first_seen"] = stix_day(obj.get("first_seen"))
            data["last_seen"] = stix_day(obj.get("last_seen"))
        elif label == "Organisation":
            data["kind"] = e.org_kind
        elif label == "Person":
            roles = [r for r in obj.get("roles") or [] if isinstance(r, str)]
            if roles:
                data["role"] = roles[0]
        elif label == "Country":
            code = str(obj["country"]).upper()
            data["iso2"] = code
            fine = ("city", "administrative_area", "street_address", "postal_code", "latitude")
            if not obj.get("name") or any(obj.get(k) for k in fine):
                data["name"] = code
            fields["iso2"] = "country"
        elif label == "Tool":
            data["kind"] = "malware" if stype == "malware" else "tool"
            data["first_seen"] = stix_day(obj.get("first_seen"))
        elif label == "Vulnerability":
            cves = [
                r.get("external_id")
                for r in obj.get("external_references") or []
                if isinstance(r, dict) and r.get("source_name") == "cve"
            ]
            name = str(obj.get("name") or "")
            cve = cves[0] if cves else (name if re.fullmatch(r"CVE-\d{4}-\d{4,}", name) else None)
            data["cve"] = cve
            fields["cve"] = "external_references"
        elif label == "Infrastructure":
            types = obj.get("infrastructure_types") or []
            data["kind"] = types[0] if types else None
        data["sources"] = self._sources(sid, obj)
        fields["sources"] = "external_references"
        overlay(data, obj, model)
        return section, present(data), fields

    def _report(self, sid: str, obj: dict[str, Any]) -> Mapped:
        refs = [r for r in obj.get("external_references") or [] if isinstance(r, dict)]
        urls = [
            r["url"]
            for r in refs
            if isinstance(r.get("url"), str) and re.fullmatch(r"https?://\S+", r["url"])
        ]
        creator = obj.get("created_by_ref")
        publisher = (
            obj.get("x_attrib_publisher")
            or (
                self.res.names.get(self.res.node_of.get(creator, creator))
                if isinstance(creator, str)
                else None
            )
            or next((r.get("source_name") for r in refs if r.get("source_name")), None)
            or "unknown publisher"
        )
        lang = obj.get("lang")
        reliability = obj.get("x_attrib_reliability") or obj.get("x_opencti_reliability")
        data: dict[str, Any] = {
            "id": sid,
            "title": obj.get("name"),
            "publisher": publisher,
            "published": stix_day(obj.get("published")),
            "language": lang[:2].lower() if isinstance(lang, str) and len(lang) >= 2 else "en",
            "stix_id": sid,
        }
        if urls:
            data["url"] = urls[0]
        if isinstance(reliability, str) and reliability[:1] in "ABCDEF" and reliability:
            data["reliability"] = reliability[:1]
        overlay(data, obj, m.Source)
        fields = {
            "title": "name",
            "published": "published",
            "language": "lang",
            "url": "external_references",
        }
        return "sources", present(data), fields

    # -- claims ---------------------------------------------------------------------------
    def _claim_common(self, fno: int, sid: str, obj: dict[str, Any], bad: Bad) -> dict[str, Any]:
        conf, _ = stix_confidence(obj)
        dataset = attack.object_dataset(obj.get("created_by_ref"), obj.get("external_references"))
        self.props[sid] = {"dataset": dataset}
        sources = self._sources(sid, obj)
        if dataset == ATTACK:  # ATT&CK's claims cite the dataset too (its lookup files only it)
            self.cites[sid] = (attack.DATASET_SOURCE,)
            self.cites_dataset = True
        sources = sources or [self._bundle_source(fno)]
        return {
            "id": sid,
            "claimant": self._claimant(bad, obj),
            "made_on": stix_day(obj.get("created")),
            "confidence": conf,
            "sources": sources,
            "stix_id": sid,
        }

    _VERBS: ClassVar[dict[str, str]] = {
        "attribution": "is attributed to",
        "sponsorship": "is attributed to the state actor",
        "non-attribution": "is not attributed to",
        "alias": "is another name of",
    }

    def _relationship_claim(
        self, fno: int, sid: str, e: Entry, link: AsClaim, obj: dict[str, Any], bad: Bad
    ) -> Mapped:
        data = self._claim_common(fno, sid, obj, bad)
        subject = self._ref(bad, "source_ref", e.src)
        target = self._ref(bad, "target_ref", e.tgt)
        if e.rel_type == attack.REVOKED_BY and link.kind == "same-as" and subject and target:
            return self._revoked_by(sid, data, e, subject, target)
        verb = self._VERBS.get(link.kind, str(e.rel_type).replace("-", " "))
        statement = obj.get("description") or self._statement(subject, verb, target)
        if link.kind == "attribution" and attack.object_dataset(
            obj.get("created_by_ref"), obj.get("external_references")
        ) == ATTACK:  # fmt: skip
            named = self.res.names.get
            statement, note = attack.attribution_statement(
                obj.get("description"), named(subject or "", "?"), named(target or "", "?")
            )
            if note:
                data["note"] = " ".join(p for p in (data.get("note"), note) if p)
        data.update(kind=link.kind, subject=subject, object=target, statement=statement)
        overlay(data, obj, m.Claim)
        fields = {**CLAIM_FIELDS, "subject": "source_ref", "object": "target_ref"}
        fields["statement"] = "description"
        return "claims", present(data), fields

    def _revoked_by(
        self, sid: str, data: dict[str, Any], e: Entry, subject: str, target: str
    ) -> Mapped:
        """MITRE replaced the subject record by the target: a same-as claim by the producer,
        about the revoked record; `object_record` names the target, as every record claim's
        does (docs/identity.md)."""
        revoked, by = self.entries[subject], self.entries[target]
        self.props[sid] = attack.same_as_props(revoked.dataset or ATTACK, target)
        data.update(
            kind=SAME_AS,
            subject=subject,
            object=target,
            statement=attack.revoked_statement(
                str(self._name(data["claimant"])),
                revoked.source_id or revoked.name or subject,
                by.source_id or by.name or target,
            ),
            confidence=attack.REVOKED_CONFIDENCE_IN,
        )
        fields = {**CLAIM_FIELDS, "subject": "source_ref", "object": "target_ref"}
        return "claims", present(data), fields

    def _claim_subject(self, ref: str, depth: int = 0) -> str | None:
        """What a claim is about: a relationship's source, a note's first object, or for an
        opinion (a denial of a denial) the subject of the first claim it is about."""
        entry = self.entries.get(ref)
        if entry is None:
            known = self.res.known.get(ref)
            return known.subject if known else None
        node_of = self.res.node_of
        if entry.stype == "opinion":
            first = next((r for r in entry.refs if self._is_claim(r)), None)
            return self._claim_subject(first, depth + 1) if first and depth < 5 else None
        if entry.src is not None:
            return node_of.get(entry.src, entry.src)
        return node_of.get(entry.refs[0], entry.refs[0]) if entry.refs else None

    def _opinion_claim(self, fno: int, sid: str, e: Entry, obj: dict[str, Any], bad: Bad) -> Mapped:
        data = self._claim_common(fno, sid, obj, bad)
        claims = [
            node
            for i, r in enumerate(e.refs)
            if (node := self._ref(bad, f"object_refs[{i}]", r)) and self._is_claim(r)
        ]
        opinion = str(obj.get("opinion"))
        denial = opinion in ("disagree", "strongly-disagree")
        subject_ref = obj.get("x_attrib_subject_ref")
        if isinstance(subject_ref, str):
            subject = self._ref(bad, "x_attrib_subject_ref", subject_ref)
        else:
            first = next(r for r in e.refs if self._is_claim(r))
            subject = self._claim_subject(first)
        verb = {
            "strongly-disagree": "strongly disagrees with",
            "disagree": "disagrees with",
            "neutral": "neither agrees nor disagrees with",
            "agree": "agrees with",
            "strongly-agree": "strongly agrees with",
        }.get(opinion, f"has the opinion {opinion!r} on")
        who = self._name(data["claimant"])
        about = self._name(subject)
        data.update(
            kind="denial" if denial else "corroboration",
            subject=subject,
            statement=obj.get("explanation")
            or f"{who} {verb} {len(claims)} claim(s) about {about} (STIX opinion)",
        )
        data["disputes" if denial else "supports"] = list(dict.fromkeys(claims))
        overlay(data, obj, m.Claim)
        fields = {**CLAIM_FIELDS, "statement": "explanation", "subject": "object_refs"}
        fields["disputes" if denial else "supports"] = "object_refs"
        return "claims", present(data), fields

    def _note(self, fno: int, sid: str, e: Entry, obj: dict[str, Any], bad: Bad) -> Mapped:
        nodes = [self._ref(bad, f"object_refs[{i}]", r) for i, r in enumerate(e.refs)]
        text = obj.get("content")
        if e.label == "Event":
            name = obj.get("abstract") or (text or "")[:100]
            data: dict[str, Any] = {
                "id": sid,
                "name": name,
                "date": stix_day(obj.get("created")),
                "description": text if text and text != name else None,
                "concerns": [n for n in nodes if n],
                "sources": self._sources(sid, obj) or [self._bundle_source(fno)],
            }
            overlay(data, obj, m.Event)
            fields = {"name": "abstract", "date": "created", "concerns": "object_refs"}
            return "events", present(data), fields
        data = self._claim_common(fno, sid, obj, bad)
        subject = nodes[0] if nodes else None
        target = nodes[1] if len(nodes) > 1 else None
        data.update(kind=e.claim_kind, subject=subject, object=target, statement=text)
        overlay(data, obj, m.Claim)
        fields = {**CLAIM_FIELDS, "statement": "content", "subject": "object_refs"}
        fields["object"] = "object_refs"
        return "claims", present(data), fields

    # -- plain edges ----------------------------------------------------------------------
    def _add_relation(
        self, fno: int, sid: str, e: Entry, link: AsEdge, obj: dict[str, Any], bad: Bad
    ) -> None:
        """A plain edge: every STIX relationship with the same endpoints and type is merged."""
        src = self._ref(bad, "source_ref", e.src)
        tgt = self._ref(bad, "target_ref", e.tgt)
        if bad or src is None or tgt is None or link.type is None:
            return
        hint = obj.get("x_attrib_relation")
        rtype = link.type
        if isinstance(hint, str) and hint in RELATION_ENDPOINTS:
            frm, to = RELATION_ENDPOINTS[hint]
            if self.labels.get(src) in frm and self.labels.get(tgt) in to:
                rtype = hint
        merged = self.relations.setdefault((rtype, src, tgt), _MergedRelation())
        for s in self._sources(sid, obj):
            merged.sources[s] = None
        merged.stix_ids.append(sid)
        if rtype == "RELATED_TO" and e.rel_type != "related-to":
            merged.notes.add(str(e.rel_type))
        note = obj.get("x_attrib_note")
        if isinstance(note, str) and note and not merged.note:
            merged.note = note  # our own export: the edge's note as it was
        since = obj.get("x_attrib_since") or stix_day(obj.get("start_time"))
        if since and (merged.since is None or str(since) < str(merged.since)):
            merged.since = since
        if not merged.sources and not merged.fallback:
            merged.fallback = self._bundle_source(fno)

    def merged_relations(self) -> list[StixRecord]:
        """The plain edges, one record per (type, from, to)."""
        out = []
        for n, ((rtype, src, tgt), merged) in enumerate(self.relations.items()):
            data: dict[str, Any] = {
                "type": rtype,
                "from": src,
                "to": tgt,
                "sources": list(merged.sources) or [merged.fallback],
                "stix_ids": sorted(merged.stix_ids),
            }
            if merged.note:
                data["note"] = merged.note
            elif merged.notes:
                data["note"] = "STIX relationship: " + ", ".join(sorted(merged.notes))
            if merged.since:
                data["since"] = merged.since
            where = f"relationship {merged.stix_ids[0]} ({rtype} {src} -> {tgt})"
            out.append(StixRecord("(merged relationships)", "relations", n, data, 0, {}, where))
        self.relations = {}
        return out

    def implied_sources(self) -> list[StixRecord]:
        """The sources of external references, bundles and the unknown producer."""
        out = [
            StixRecord("(external references)", "sources", n, data, 0, {}, f"source {sid}")
            for n, (sid, data) in enumerate(self.ext_sources.items())
        ]
        for n, (sid, data) in enumerate(self.synthetic.items()):
            fno = self._bundle_sources.get(sid)
            if fno is not None and fno in self.releases:  # known once the bundle is read
                data.update(bundle_source(self.bundles[fno].id, self.releases[fno]))
            section = data.pop("section")
            out.append(
                StixRecord("(synthetic)", section, n, data, 0, {}, f"{section} {data['id']}")
            )
        return out
