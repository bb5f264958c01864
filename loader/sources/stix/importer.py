"""Import STIX 2.1 bundles: detect, stream, validate everything, then write like the YAML loader.

A bundle is read with ijson, one object at a time, in two passes so that memory follows the
number of objects (a small index entry each), not the size of the file:

1. **Scan**: every object is checked on its own (JSON, `spec_version` 2.1, `stix2.parse`,
   confidence) and indexed (type, name, the newest version of each id, references). Revoked and
   deprecated objects and unmapped types are counted, never dropped in silence.
2. **Resolve** (no reading): references that the bundle does not define are looked up in the
   database; imported actors are resolved onto known ones by name (`loader.aliases`); each
   relationship becomes a claim or a plain edge.
3. **Map**: every object is streamed again and mapped onto the loader's own records
   (`loader.models`), which are validated with `loader.validate.validate_records` and planned with
   `loader.plan.build_plan` in batches; the batches are spilled to a temporary file.
4. Only when there is no problem at all are the batches written (nodes first, then edges) with
   `loader.writer.write_plan`. Nothing is written otherwise.

Node ids are the STIX ids (stored as `stix_id` too), so a re-import changes nothing. The mapping
table is in docs/stix.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, cast, get_args

import ijson
import stix2
import stix2.exceptions
from stix2.registry import STIX2_OBJ_MAPS
from stix2.utils import parse_into_datetime

from attrib import cypher_text, db
from loader import models as m
from loader.confidence import normalise
from loader.dates import parse_partial_date
from loader.plan import EDGE_TYPES, Plan, build_plan
from loader.problems import Problem, ValidationFailed
from loader.sources.seed_yaml import RawRecord
from loader.sources.stix.aliases import (
    ActorNames,
    KnownActors,
    KnownCountries,
    resolve_actors,
    resolve_countries,
)
from loader.stix_common import (
    ACTOR_TYPES,
    EXPORTER_IDENTITY,
    MAPPED_TYPES,
    OBJECT_CLAIM_KINDS,
    STATE_KINDS,
    STIX_TO_RELATIONS,
    UNKNOWN_PRODUCER,
)
from loader.stream import SpooledPlan
from loader.validate import RELATION_ENDPOINTS, Dataset, validate_records
from loader.writer import DEFAULT_BATCH_SIZE, LoadReport, apply_schema, wipe, write_plan

STIX_SUFFIXES = (".json",)
MAX_PROBLEMS = 200  # a broken 100 MB bundle must not print a million lines
MAP_BATCH = 2000  # records validated and planned together
SCO_TYPES = frozenset(STIX2_OBJ_MAPS["2.1"]["observables"])
SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
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
# Fields whose value is a reference: never taken from an x_attrib_<field> property.
_NOT_OVERLAID = frozenset(
    {"id", "stix_id", "sources", "claimant", "subject", "object", "disputes", "supports"}
    | {"concerns", "country", "from_", "to", "type", "kind_of_claim"}
)
_DATE_FIELDS = frozenset(
    {"first_seen", "last_seen", "made_on", "published", "accessed", "disclosed", "as_of", "date"}
)


def is_stix_path(path: Path) -> bool:
    """A .json file, or a directory holding .json files: STIX bundles, not seed YAML."""
    if path.is_dir():
        return any(p.is_file() for p in path.rglob("*.json"))
    return path.suffix.lower() in STIX_SUFFIXES


def find_bundle_files(path: Path) -> list[Path]:
    """A directory's .json files (recursively, sorted) or the file itself."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    return [path]


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


@dataclass
class StixSummary:
    """What an import did besides writing: counts by type, skips by reason, resolutions."""

    files: list[str] = field(default_factory=list)
    objects: int = 0
    imported: Counter[str] = field(default_factory=Counter)  # STIX type -> objects mapped
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)  # (reason, type) -> n
    older_versions: int = 0
    resolved_actors: list[tuple[str, str, str]] = field(default_factory=list)  # sid, name, node
    resolved_locations: int = 0

    def lines(self) -> list[str]:
        """Human-readable summary, one fact per line (printed by `attrib load`)."""
        out = [f"STIX: {self.objects} object(s) read from {len(self.files)} bundle file(s)"]
        if self.imported:
            out.append(
                "imported: " + ", ".join(f"{t} {n}" for t, n in sorted(self.imported.items()))
            )
        by_reason: dict[str, list[str]] = {}
        for (reason, stype), n in sorted(self.skipped.items()):
            by_reason.setdefault(reason, []).append(f"{stype} {n}")
        out += [f"skipped ({reason}): {', '.join(parts)}" for reason, parts in by_reason.items()]
        if self.older_versions:
            out.append(f"older versions ignored: {self.older_versions}")
        for sid, name, node in self.resolved_actors:
            out.append(f"actor {name!r} ({sid}) is the known actor {node}: linked by alias claim")
        if self.resolved_locations:
            out.append(f"locations resolved onto known countries: {self.resolved_locations}")
        return out


class _Entry:
    """Pass-1 index entry of one STIX id (its newest version)."""

    __slots__ = ("hint", "kind", "label", "modified", "name", "pos", "refs", "skip", "src", "tgt")

    def __init__(self, stype: str, modified: str, pos: tuple[int, int]) -> None:
        self.kind: str = stype  # the STIX type until classified
        self.modified = modified
        self.pos = pos
        self.label: str | None = None  # graph label; "relation" for a plain edge
        self.skip: str | None = None  # why it is not imported
        self.name: str | None = None
        self.src: str | None = None
        self.tgt: str | None = None
        self.refs: tuple[str, ...] = ()
        self.hint: str | None = None  # x_attrib_claim_kind / x_attrib_relation


@dataclass(frozen=True)
class StixRaw(RawRecord):
    """A record mapped from a STIX object: names the object and STIX fields in problems."""

    where: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # (our field, STIX property) for messages

    @property
    def label(self) -> str:
        return self.where


class _Spill:
    """Planned rows on disk between validation and writing (memory stays flat).

    The import plans in chunks of objects; their rows are gathered per label and edge shape
    (`loader.stream.SpooledPlan`), so the writer sends full batches, as for YAML, rather than
    a few small batches per chunk.
    """

    def __init__(self, keep: bool) -> None:
        self._plan = SpooledPlan() if keep else None

    def add(self, plan: Plan) -> None:
        if self._plan is None:
            return
        for label, rows in plan.nodes.items():
            for row in rows:
                self._plan.add_node(label, row)
        for shape, rows in plan.edges.items():
            for row in rows:
                self._plan.add_edge(shape, row)

    def plan(self) -> Plan | None:
        return self._plan

    def close(self) -> None:
        if self._plan is not None:
            self._plan.close()


class _CountedRows(list[dict[str, Any]]):
    """A row list that only knows its length: the plan summary of a streamed import."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self._n = n

    def __len__(self) -> int:
        return self._n


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _stix_error(exc: Exception) -> tuple[str, str]:
    """(field, message) from a stix2 library error."""
    if isinstance(exc, stix2.exceptions.InvalidValueError):
        return str(exc.prop_name), str(exc.reason)
    if isinstance(exc, stix2.exceptions.MissingPropertiesError):
        props = sorted(exc.properties)
        return props[0], f"required propert{'y is' if len(props) == 1 else 'ies are'} missing: " + (
            ", ".join(props)
        )
    if isinstance(exc, stix2.exceptions.AtLeastOnePropertyError):
        return "-", f"needs at least one of: {', '.join(sorted(exc.properties))}"
    return "-", _first_line(str(exc))


def _to_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def stix_confidence(obj: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The claim confidence of a STIX object: (ConfidenceIn data, problems as (field, message)).

    `confidence` (0-100) alone is scale `0-100`; with `x_confidence_label` and
    `x_confidence_scale` the original wording is kept and must agree with the number; no
    confidence at all is "Not Specified" (the STIX 2.1 tables' own first row).
    """
    raw, label, scale = (
        obj.get(k) for k in ("confidence", "x_confidence_label", "x_confidence_scale")
    )
    conf = _to_int(raw) if raw is not None else None
    if raw is not None and (conf is None or not 0 <= conf <= 100):
        return {}, [("confidence", f"{raw!r} is not a whole number from 0 to 100")]
    if label is None and scale is None:
        if conf is None:
            return {"label": "Not Specified", "scale": "none-low-med-high"}, []
        return {"label": str(conf), "scale": "0-100", "value": conf}, []
    if label is None or scale is None:
        missing = "x_confidence_label" if label is None else "x_confidence_scale"
        return {}, [(missing, "x_confidence_label and x_confidence_scale must be given together")]
    if not isinstance(label, str | int) or not isinstance(scale, str):
        return {}, [("x_confidence_label", "the label and scale must be strings")]
    try:
        normalise(label, scale, conf)
    except ValueError as exc:
        msg = str(exc)
        fld = "x_confidence_label"
        if msg.startswith("unknown confidence scale"):
            fld = "x_confidence_scale"
        elif "disagrees" in msg or "explicit 'value'" in msg or "outside" in msg:
            fld = "confidence"
            msg = msg.replace("explicit 'value'", "explicit 'confidence'")
        return {}, [(fld, msg)]
    out: dict[str, Any] = {"label": label, "scale": scale}
    if conf is not None:
        out["value"] = conf
    return out, []


def _object_problems(obj: dict[str, Any]) -> list[tuple[str, str]]:
    """Checks of one object on its own: spec_version, the stix2 library, confidence."""
    stype = obj["type"]
    spec = obj.get("spec_version")
    if spec is None and stype not in SCO_TYPES:
        return [("spec_version", "is missing: STIX 2.1 objects carry spec_version '2.1'")]
    if spec is not None and spec != "2.1":
        return [("spec_version", f"{spec!r} is not supported: only STIX 2.1 ('2.1') is")]
    try:
        stix2.parse(obj, allow_custom=True, version="2.1")
    except Exception as exc:  # the library raises many kinds; each becomes one problem
        return [_stix_error(exc)]
    out = stix_confidence(obj)[1]
    created, modified = obj.get("created"), obj.get("modified")
    if isinstance(created, str) and isinstance(modified, str) and _ts(modified) < _ts(created):
        out.append(("modified", f"{modified} is before created {created}"))
    return out


def _ts(value: str) -> dt.datetime:
    return cast(dt.datetime, parse_into_datetime(value))


def _day(value: Any) -> str | None:
    """A STIX timestamp's date (YYYY-MM-DD), or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    return value[:10]


def _hash_id(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.sha256(key.encode()).hexdigest()[:20]}"


ORG_KINDS = frozenset(get_args(m.Organisation.model_fields["kind"].annotation))


def _org_kind(obj: dict[str, Any]) -> str:
    """An identity's organisation kind: our own x_attrib_kind, else government by sector."""
    hint = obj.get("x_attrib_kind")
    if isinstance(hint, str) and hint in ORG_KINDS:
        return hint
    sectors = obj.get("sectors") or []
    if any(isinstance(s, str) and s.startswith("government") for s in sectors):
        return "government"
    return "other"


class _Import:
    """One import run over a list of bundle files."""

    def __init__(
        self,
        files: list[Path],
        known_stix: KnownStix | None,
        known_actors: KnownActors | None,
        known_countries: KnownCountries | None,
    ) -> None:
        self.files = files
        self.known_stix = known_stix
        self.known_actors = known_actors
        self.known_countries = known_countries
        self.problems: list[Problem] = []
        self.dropped_problems = 0
        self.summary = StixSummary(files=[str(f) for f in files])
        self.entries: dict[str, _Entry] = {}
        self.bundle_ids: list[str | None] = []
        self.broken: set[int] = set()  # files whose JSON breaks off
        self.actors: dict[str, ActorNames] = {}
        self.locations: dict[str, str] = {}
        self.report_refs: dict[str, tuple[str, ...]] = {}
        self.maybe_missing: set[str] = set()
        # after resolution
        self.known: dict[str, KnownNode] = {}
        self.node_of: dict[str, str] = {}
        self.labels: dict[str, str] = {}  # node id -> label, for validation and planning
        self.names: dict[str, str] = {}  # node id -> display name, for generated statements
        self.kinds: dict[str, str] = {}  # node id -> organisation kind
        self.contained_in: dict[str, list[str]] = {}
        self.alias_claims: dict[str, list[str]] = {}  # resolved actor sid -> new names
        # during mapping
        self.ext_sources: dict[str, dict[str, Any]] = {}
        self.synthetic: dict[str, dict[str, Any]] = {}  # bundle sources, the unknown producer
        self.relations: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.node_rows: Counter[str] = Counter()
        self.edge_rows: Counter[str] = Counter()

    # -- problems -------------------------------------------------------------------------
    def problem(self, file: str, record: str, fld: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, record, fld, message))
        else:
            self.dropped_problems += 1

    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        if self.dropped_problems:
            out.append(
                Problem(
                    self.summary.files[0] if self.summary.files else "-",
                    "-",
                    "-",
                    f"... and {self.dropped_problems} more problem(s) not shown",
                )
            )
        return out

    # -- reading --------------------------------------------------------------------------
    def _head(self, path: Path) -> str | None:
        """Check the top level of a bundle; its id, or None when it is not a usable bundle."""
        name = str(path)
        btype = bid = spec = None
        has_objects = False
        try:
            with path.open("rb") as fp:
                if not fp.read(1):
                    self.problem(name, "-", "-", "file is empty; expected a STIX 2.1 bundle")
                    return None
                fp.seek(0)
                for n, (prefix, event, value) in enumerate(ijson.parse(fp)):
                    if n == 0 and event != "start_map":
                        self.problem(
                            name, "-", "-", 'a STIX bundle is a JSON object with "type": "bundle"'
                        )
                        return None
                    if prefix == "type" and event == "string":
                        btype = value
                    elif prefix == "id" and event == "string":
                        bid = value
                    elif prefix == "spec_version" and event == "string":
                        spec = value
                    elif prefix == "objects" and event == "start_array":
                        has_objects = True
                    if has_objects:
                        break  # the rest is read by the C parser below, not event by event
            for key, seen in (("type", btype), ("id", bid), ("spec_version", spec)):
                if seen is None and has_objects:  # a top-level key after the objects?
                    with path.open("rb") as fp:
                        found = next(ijson.items(fp, key), None)
                    if key == "type":
                        btype = found
                    elif key == "id":
                        bid = found
                    else:
                        spec = found
        except OSError as exc:
            self.problem(name, "-", "-", f"cannot read file: {exc.strerror}")
            return None
        except ijson.JSONError as exc:
            self.problem(name, "-", "-", f"not valid JSON: {_first_line(str(exc))}")
            return None
        bad = False
        if btype != "bundle":
            self.problem(name, "-", "type", f"expected 'bundle', got {btype!r}: not a STIX bundle")
            bad = True
        if spec is not None:
            self.problem(
                name,
                "-",
                "spec_version",
                f"a bundle with spec_version {spec!r} is STIX 2.0; only STIX 2.1 is supported",
            )
            bad = True
        if not has_objects and not bad:
            self.problem(name, "-", "objects", "a bundle needs an 'objects' array")
            bad = True
        return None if bad else (bid or name)

    def _objects(self, fno: int) -> Iterator[tuple[int, Any]]:
        path = self.files[fno]
        try:
            with path.open("rb") as fp:
                yield from enumerate(ijson.items(fp, "objects.item", use_float=True))
        except ijson.JSONError as exc:
            if fno not in self.broken:
                self.broken.add(fno)
                self.problem(str(path), "-", "-", f"not valid JSON: {_first_line(str(exc))}")

    # -- pass 1: scan ---------------------------------------------------------------------
    def scan(self) -> None:
        for fno, path in enumerate(self.files):
            bid = self._head(path)
            self.bundle_ids.append(bid)
            if bid is None:
                continue
            for i, obj in self._objects(fno):
                self.summary.objects += 1
                self._scan_one(fno, i, obj)

    def _scan_one(self, fno: int, i: int, obj: Any) -> None:
        file = str(self.files[fno])
        sid = obj.get("id") if isinstance(obj, dict) else None
        where = f"objects[{i}]" + (f" ({sid})" if isinstance(sid, str) else "")
        if not isinstance(obj, dict):
            self.problem(
                file, where, "-", f"an object must be a JSON object, got {type(obj).__name__}"
            )
            return
        stype = obj.get("type")
        if not isinstance(stype, str) or not stype:
            self.problem(file, where, "type", "required property is missing")
            return
        if not isinstance(sid, str) or not sid.startswith(f"{stype}--"):
            self.problem(file, where, "id", f"must be '{stype}--<UUID>', got {sid!r}")
            return
        found = _object_problems(obj)
        for fld, msg in found:
            self.problem(file, where, fld, msg)
        sid = sys.intern(sid)
        if found:  # kept as skipped, so what refers to it is not also called dangling
            if sid not in self.entries:
                self.entries[sid] = _Entry(stype, "", (fno, i))
                self.entries[sid].skip = "invalid"
            return
        modified = str(obj.get("modified") or obj.get("created") or "")
        prev = self.entries.get(sid)
        if prev is not None:
            self.summary.older_versions += 1
            if not modified or not prev.modified or _ts(modified) <= _ts(prev.modified):
                return  # keep the newest version (the first of equals)
        entry = _Entry(stype, modified, (fno, i))
        self.entries[sid] = entry
        self._classify(file, where, sid, entry, obj)

    def _classify(self, file: str, where: str, sid: str, e: _Entry, obj: dict[str, Any]) -> None:
        stype = e.kind
        e.name = obj.get("name") if isinstance(obj.get("name"), str) else None
        if obj.get("revoked") is True:
            e.skip = "revoked"
        elif obj.get("x_mitre_deprecated") is True:
            e.skip = "deprecated"
        elif stype not in MAPPED_TYPES:
            e.skip = "type not mapped"
        elif sid == EXPORTER_IDENTITY:
            e.skip = "the exporter's own identity"
        if e.skip:
            return
        refs: list[str] = []
        if isinstance(obj.get("created_by_ref"), str):
            refs.append(obj["created_by_ref"])
        if stype in ACTOR_TYPES:
            e.label = "Actor"
            aliases = tuple(a for a in obj.get("aliases") or [] if isinstance(a, str))
            self.actors[sid] = ActorNames(file, where, sid, obj["name"], aliases)
        elif stype == "campaign":
            e.label = "Campaign"
        elif stype == "identity":
            cls = str(obj.get("identity_class"))
            e.label = {"individual": "Person", "class": "Sector"}.get(cls, "Organisation")
            if e.label == "Organisation":
                e.hint = _org_kind(obj)
        elif stype == "location":
            code = obj.get("country")
            if isinstance(code, str) and re.fullmatch(r"[A-Za-z]{2}", code):
                e.label = "Country"
                self.locations[sid] = code.upper()
            else:
                e.skip = "location without a country code (only countries are modelled)"
        elif stype in ("malware", "tool"):
            e.label = "Tool"
        elif stype == "vulnerability":
            e.label = "Vulnerability"
        elif stype == "infrastructure":
            e.label = "Infrastructure"
        elif stype == "report":
            e.label = "Source"
            self.report_refs[sid] = tuple(obj.get("object_refs") or ())
            refs += self.report_refs[sid]
        elif stype == "relationship":
            e.label = "pending"
            e.kind = str(obj["relationship_type"])
            e.src, e.tgt = obj["source_ref"], obj["target_ref"]
            refs += [e.src, e.tgt]
            hint = obj.get("x_attrib_claim_kind")
            if hint is not None and hint not in OBJECT_CLAIM_KINDS:
                self.problem(
                    file,
                    where,
                    "x_attrib_claim_kind",
                    f"{hint!r} is not a claim kind a relationship can carry "
                    f"({', '.join(OBJECT_CLAIM_KINDS)})",
                )
            e.hint = hint if hint in OBJECT_CLAIM_KINDS else None
        elif stype == "opinion":
            e.label = "Claim"
            e.refs = tuple(obj.get("object_refs") or ())
            refs += e.refs
        elif stype == "note":
            e.refs = tuple(obj.get("object_refs") or ())
            hint = obj.get("x_attrib_claim_kind")
            if obj.get("x_attrib_event") is True:
                e.label = "Event"
            elif isinstance(hint, str) and hint in OBJECT_CLAIM_KINDS:
                e.label = "Claim"
                e.hint = hint
            else:
                e.skip = "note that is not an exported claim or event"
                return
            refs += e.refs
        subject_ref = obj.get("x_attrib_subject_ref")
        if isinstance(subject_ref, str):
            refs.append(subject_ref)
        for ref in refs:
            if ref not in self.entries:
                self.maybe_missing.add(sys.intern(ref))

    # -- resolution -----------------------------------------------------------------------
    def resolve(self) -> None:
        entries = self.entries
        missing = {r for r in self.maybe_missing if r not in entries}
        self.maybe_missing = set()
        actor_ids = set(self.actors)
        ask = missing | actor_ids
        self.known = self.known_stix(ask) if (self.known_stix and ask) else {}
        existing = frozenset(
            sid for sid in actor_ids if sid in self.known and self.known[sid].id == sid
        )
        for sid in actor_ids:
            self.known.pop(sid, None)
        for found_node in self.known.values():
            self.labels[found_node.id] = found_node.label
            if found_node.name:
                self.names[found_node.id] = found_node.name
            if found_node.label == "Organisation" and found_node.kind:
                self.kinds[found_node.id] = found_node.kind
        live = [a for a in self.actors.values() if not entries[a.stix_id].skip]
        found = resolve_actors(live, self.known_actors, existing)
        self.problems += found.problems
        self.node_of.update(found.node_of)
        for sid, (node, name) in found.resolved.items():
            self.labels[node] = "Actor"
            self.names[node] = name
            self.alias_claims[sid] = found.new_names[sid]
            self.summary.resolved_actors.append((sid, self.actors[sid].name, node))
        self.actors = {}
        live_locations = [(s, c) for s, c in self.locations.items() if not entries[s].skip]
        countries = resolve_countries(live_locations, self.known_countries)
        self.summary.resolved_locations = sum(1 for s, n in countries.items() if s != n)
        self.node_of.update(countries)
        for loc, node in countries.items():
            if node != loc:  # a known country
                self.labels[node] = "Country"
                self.names.setdefault(node, entries[loc].name or node)
        for sid, entry in entries.items():
            if entry.skip or entry.label is None:
                continue
            node = self.node_of.setdefault(sid, sid)
            if entry.label != "pending" and node == sid:
                self.labels[sid] = entry.label
                if entry.name:
                    self.names[sid] = entry.name
                if entry.label == "Organisation" and entry.hint:
                    self.kinds[sid] = entry.hint
        for sid, entry in entries.items():
            if entry.kind and entry.label == "pending" and not entry.skip:
                self._classify_relationship(sid, entry)
        for sid, entry in entries.items():
            opinion = entry.label == "Claim" and entry.kind == "opinion" and not entry.skip
            if opinion and not any(self._is_claim(r) for r in entry.refs):
                entry.skip = "opinion about no claim (only claims can be disputed)"
                entry.label = None
                self.labels.pop(sid, None)
        for sid, entry in entries.items():
            if entry.skip:
                self.summary.skipped[(entry.skip, sid.split("--", 1)[0])] += 1
        for report, refs in self.report_refs.items():
            if entries[report].skip:
                continue
            for ref in refs:
                self.contained_in.setdefault(ref, []).append(report)
        self.report_refs = {}

    def _label_of_ref(self, ref: str) -> str | None:
        """The label a reference lands on; None when it is skipped or undefined."""
        entry = self.entries.get(ref)
        if entry is not None:
            if entry.skip or entry.label is None:
                return None
            return self.labels.get(self.node_of.get(ref, ref))
        known = self.known.get(ref)
        return known.label if known else None

    def _is_claim(self, ref: str) -> bool:
        entry = self.entries.get(ref)
        if entry is not None:
            return not entry.skip and entry.label == "Claim"
        known = self.known.get(ref)
        return known is not None and known.label == "Claim"

    def _is_state(self, ref: str) -> bool:
        node = self.node_of.get(ref) or (self.known[ref].id if ref in self.known else ref)
        label = self.labels.get(node)
        return label == "Country" or (
            label == "Organisation" and self.kinds.get(node) in STATE_KINDS
        )

    def _classify_relationship(self, sid: str, e: _Entry) -> None:
        assert e.src is not None and e.tgt is not None
        src_label, tgt_label = self._label_of_ref(e.src), self._label_of_ref(e.tgt)
        for ref, label in ((e.src, src_label), (e.tgt, tgt_label)):
            if label is None and (ref in self.entries):
                e.skip = f"{'source' if ref == e.src else 'target'} not imported"
                e.label = None
                return
        if src_label is None or tgt_label is None:
            e.label = "Claim" if (e.hint or e.kind == "attributed-to") else "relation"
            if e.label == "Claim":
                self.labels[sid] = "Claim"
            return  # a dangling reference: reported while mapping
        if e.hint:
            e.label = "Claim"
        elif e.kind == "attributed-to":
            e.label = "Claim"
            if src_label in ("Campaign", "Actor") and tgt_label in (
                "Actor",
                "Organisation",
                "Country",
                "Person",
            ):
                e.hint = "sponsorship" if self._is_state(e.tgt) else "attribution"
            else:
                e.hint = "fact"
        else:
            e.label = "relation"
            candidates = STIX_TO_RELATIONS.get(e.kind, ())
            e.hint = next(
                (
                    t
                    for t in candidates
                    if src_label in RELATION_ENDPOINTS[t][0]
                    and tgt_label in RELATION_ENDPOINTS[t][1]
                ),
                "RELATED_TO",
            )
        if e.label == "Claim":
            self.labels[sid] = "Claim"

    # -- pass 2: map ----------------------------------------------------------------------
    def _ref(self, bad: list[tuple[str, str]], fld: str, ref: Any) -> str | None:
        """The node id a reference lands on; records a dangling reference in `bad`."""
        if not isinstance(ref, str):
            return None
        entry = self.entries.get(ref)
        if entry is not None:
            if entry.skip or entry.label is None:
                return None
            return self.node_of.get(ref, ref)
        known = self.known.get(ref)
        if known is not None:
            return known.id
        bad.append(
            (fld, f"dangling reference {ref!r}: no such object in the bundle or the database")
        )
        return None

    def _ext_source(self, ref: Any) -> str | None:
        """A source for an external reference that names a document (a url or a citation)."""
        if not isinstance(ref, dict):
            return None
        url, desc = ref.get("url"), ref.get("description")
        name, ext = ref.get("source_name"), ref.get("external_id")
        if not (url or desc):
            return None  # an identifier (a CVE or ATT&CK id), not a document
        key = f"url:{url}" if url else f"ref:{name}|{ext}|{desc}"
        sid = _hash_id("ref", key)
        if sid not in self.ext_sources:
            title = desc or " ".join(str(x) for x in (name, ext) if x) or str(url)
            data: dict[str, Any] = {
                "id": sid,
                "title": str(title),
                "publisher": str(name or "unknown publisher"),
                "language": "en",
            }
            if isinstance(url, str) and re.fullmatch(r"https?://\S+", url):
                data["url"] = url
            self.ext_sources[sid] = data
            self.labels[sid] = "Source"
        return sid

    def _sources(self, sid: str, obj: dict[str, Any]) -> list[str]:
        out = [s for s in map(self._ext_source, obj.get("external_references") or []) if s]
        out += [r for r in self.contained_in.get(sid, ()) if self.entries[r].label == "Source"]
        return list(dict.fromkeys(out))

    def _bundle_source(self, fno: int) -> str:
        bid = self.bundle_ids[fno] or str(self.files[fno])
        sid = bid if SLUG.match(bid) else _hash_id("bundle", bid)
        if sid not in self.synthetic:
            self.synthetic[sid] = {
                "section": "sources",
                "id": sid,
                "title": f"STIX bundle {bid}",
                "publisher": "unknown (the bundle names no report or reference)",
                "language": "en",
            }
            self.labels[sid] = "Source"
        return sid

    def _claimant(self, bad: list[tuple[str, str]], obj: dict[str, Any]) -> str:
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

    def _overlay(self, data: dict[str, Any], obj: dict[str, Any], model: type[m.Record]) -> None:
        """Take graph fields that STIX lacks from x_attrib_<field> (our own exports)."""
        for name in model.model_fields:
            if name in _NOT_OVERLAID or (name == "kind" and model is m.Claim):
                continue
            value = obj.get(f"x_attrib_{name}")
            if value is None:
                continue
            if name in _DATE_FIELDS and data.get(name) is not None:
                try:
                    if str(parse_partial_date(value).value) != str(data[name])[:10]:
                        continue  # the STIX timestamp was changed since: it wins
                except ValueError:
                    pass  # validation reports the bad value below
                data[name] = value
            elif data.get(name) in (None, [], ""):
                data[name] = value
        for name in obj.get("x_attrib_unknown") or []:
            if isinstance(name, str) and name in model.model_fields:
                data.pop(name, None)

    def _statement(self, subject: str | None, verb: str, obj_node: str | None) -> str:
        def nm(node: str | None) -> str:
            return self.names.get(node or "", node or "?")

        return f"{nm(subject)} {verb} {nm(obj_node)}".strip()

    def map_object(self, fno: int, i: int, obj: dict[str, Any]) -> list[StixRaw]:
        """The records one STIX object becomes (none when it is skipped)."""
        sid = obj["id"]
        entry = self.entries[sid]
        if entry.pos != (fno, i) or entry.skip or entry.label is None:
            return []
        stype = obj["type"]
        file = str(self.files[fno])
        where = f"objects[{i}] ({sid})"
        bad: list[tuple[str, str]] = []
        out: list[tuple[str, dict[str, Any], dict[str, str]]] = []  # section, data, field map
        if stype not in ("relationship", "opinion", "note") and "created_by_ref" in obj:
            self._ref(bad, "created_by_ref", obj["created_by_ref"])  # claims check it as claimant
        if stype == "report":
            for n, ref in enumerate(obj.get("object_refs") or []):
                self._ref(bad, f"object_refs[{n}]", ref)
        if entry.label == "relation":
            self._add_relation(fno, sid, entry, obj, bad)
        elif stype == "relationship":
            out.append(self._relationship_claim(fno, sid, entry, obj, bad))
        elif stype == "opinion":
            out.append(self._opinion_claim(fno, sid, entry, obj, bad))
        elif stype == "note":
            out.append(self._note(fno, sid, entry, obj, bad))
        elif stype == "report":
            out.append(self._report(sid, obj))
        elif sid in self.alias_claims:
            out += self._alias_claims(fno, sid, obj, bad)
        elif self.node_of.get(sid, sid) != sid:
            pass  # a location resolved onto a known country
        else:
            out.append(self._entity(sid, entry, obj))
        for fld, msg in bad:
            self.problem(file, where, fld, msg)
        if bad:
            return []
        self.summary.imported[stype] += 1
        return [
            StixRaw(file, section, i, data, 0, {}, where, tuple(fields.items()))
            for section, data, fields in out
        ]

    def _entity(
        self, sid: str, e: _Entry, obj: dict[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, str]]:
        stype = obj["type"]
        label = cast(str, e.label)
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
            data["first_seen"] = _day(obj.get("first_seen"))
        elif label == "Campaign":
            data["first_seen"] = _day(obj.get("first_seen"))
            data["last_seen"] = _day(obj.get("last_seen"))
        elif label == "Organisation":
            data["kind"] = e.hint
        elif label == "Person":
            roles = [r for r in obj.get("roles") or [] if isinstance(r, str)]
            if roles:
                data["role"] = roles[0]
        elif label == "Country":
            data["iso2"] = self.locations[sid]
            fine = ("city", "administrative_area", "street_address", "postal_code", "latitude")
            if not obj.get("name") or any(obj.get(k) for k in fine):
                data["name"] = self.locations[sid]
            fields["iso2"] = "country"
        elif label == "Tool":
            data["kind"] = "malware" if stype == "malware" else "tool"
            data["first_seen"] = _day(obj.get("first_seen"))
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
        self._overlay(data, obj, model)
        return section, {k: v for k, v in data.items() if v is not None}, fields

    def _report(self, sid: str, obj: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, str]]:
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
                self.names.get(self.node_of.get(creator, creator))
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
            "published": _day(obj.get("published")),
            "language": lang[:2].lower() if isinstance(lang, str) and len(lang) >= 2 else "en",
            "stix_id": sid,
        }
        if urls:
            data["url"] = urls[0]
        if isinstance(reliability, str) and reliability[:1] in "ABCDEF" and reliability:
            data["reliability"] = reliability[:1]
        self._overlay(data, obj, m.Source)
        fields = {
            "title": "name",
            "published": "published",
            "language": "lang",
            "url": "external_references",
        }
        return "sources", {k: v for k, v in data.items() if v is not None}, fields

    def _claim_common(
        self, fno: int, sid: str, obj: dict[str, Any], bad: list[tuple[str, str]]
    ) -> dict[str, Any]:
        conf, _ = stix_confidence(obj)
        sources = self._sources(sid, obj) or [self._bundle_source(fno)]
        return {
            "id": sid,
            "claimant": self._claimant(bad, obj),
            "made_on": _day(obj.get("created")),
            "confidence": conf,
            "sources": sources,
            "stix_id": sid,
        }

    _CLAIM_FIELDS: ClassVar[dict[str, str]] = {
        "made_on": "created",
        "claimant": "created_by_ref",
        "confidence": "confidence",
        "sources": "external_references",
    }

    def _relationship_claim(
        self, fno: int, sid: str, e: _Entry, obj: dict[str, Any], bad: list[tuple[str, str]]
    ) -> tuple[str, dict[str, Any], dict[str, str]]:
        data = self._claim_common(fno, sid, obj, bad)
        subject = self._ref(bad, "source_ref", e.src)
        target = self._ref(bad, "target_ref", e.tgt)
        kind = e.hint or "fact"
        verb = {
            "attribution": "is attributed to",
            "sponsorship": "is attributed to the state actor",
            "non-attribution": "is not attributed to",
            "alias": "is another name of",
        }.get(kind, e.kind.replace("-", " "))
        data.update(
            kind=kind,
            subject=subject,
            object=target,
            statement=obj.get("description") or self._statement(subject, verb, target),
        )
        self._overlay(data, obj, m.Claim)
        fields = {**self._CLAIM_FIELDS, "subject": "source_ref", "object": "target_ref"}
        fields["statement"] = "description"
        return "claims", {k: v for k, v in data.items() if v is not None}, fields

    def _claim_subject(self, ref: str, depth: int = 0) -> str | None:
        """What a claim is about: a relationship's source, a note's first object, or for an
        opinion (a denial of a denial) the subject of the first claim it is about."""
        entry = self.entries.get(ref)
        if entry is None:
            known = self.known.get(ref)
            return known.subject if known else None
        if entry.kind == "opinion":
            first = next((r for r in entry.refs if self._is_claim(r)), None)
            return self._claim_subject(first, depth + 1) if first and depth < 5 else None
        if entry.src is not None:
            return self.node_of.get(entry.src, entry.src)
        return self.node_of.get(entry.refs[0], entry.refs[0]) if entry.refs else None

    def _opinion_claim(
        self, fno: int, sid: str, e: _Entry, obj: dict[str, Any], bad: list[tuple[str, str]]
    ) -> tuple[str, dict[str, Any], dict[str, str]]:
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
        who = self.names.get(data["claimant"], data["claimant"])
        about = self.names.get(subject or "", subject)
        data.update(
            kind="denial" if denial else "corroboration",
            subject=subject,
            statement=obj.get("explanation")
            or f"{who} {verb} {len(claims)} claim(s) about {about} (STIX opinion)",
        )
        data["disputes" if denial else "supports"] = list(dict.fromkeys(claims))
        self._overlay(data, obj, m.Claim)
        fields = {**self._CLAIM_FIELDS, "statement": "explanation", "subject": "object_refs"}
        fields["disputes" if denial else "supports"] = "object_refs"
        return "claims", {k: v for k, v in data.items() if v is not None}, fields

    def _note(
        self, fno: int, sid: str, e: _Entry, obj: dict[str, Any], bad: list[tuple[str, str]]
    ) -> tuple[str, dict[str, Any], dict[str, str]]:
        nodes = [self._ref(bad, f"object_refs[{i}]", r) for i, r in enumerate(e.refs)]
        text = obj.get("content")
        if e.label == "Event":
            name = obj.get("abstract") or (text or "")[:100]
            data: dict[str, Any] = {
                "id": sid,
                "name": name,
                "date": _day(obj.get("created")),
                "description": text if text and text != name else None,
                "concerns": [n for n in nodes if n],
                "sources": self._sources(sid, obj) or [self._bundle_source(fno)],
            }
            self._overlay(data, obj, m.Event)
            fields = {"name": "abstract", "date": "created", "concerns": "object_refs"}
            return "events", {k: v for k, v in data.items() if v is not None}, fields
        data = self._claim_common(fno, sid, obj, bad)
        subject = nodes[0] if nodes else None
        target = nodes[1] if len(nodes) > 1 else None
        data.update(kind=e.hint, subject=subject, object=target, statement=text)
        self._overlay(data, obj, m.Claim)
        fields = {**self._CLAIM_FIELDS, "statement": "content", "subject": "object_refs"}
        fields["object"] = "object_refs"
        return "claims", {k: v for k, v in data.items() if v is not None}, fields

    def _alias_claims(
        self, fno: int, sid: str, obj: dict[str, Any], bad: list[tuple[str, str]]
    ) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
        """An actor resolved onto a known one: alias claims instead of a second node."""
        target = self.node_of[sid]
        names = self.alias_claims[sid] or [str(obj["name"])]
        out = []
        for n, name in enumerate(names):
            data = self._claim_common(fno, sid, obj, bad)
            data.update(
                id=f"{sid}.alias" + (f"-{n + 1}" if n else ""),
                kind="alias",
                subject=target,
                alias=name,
                statement=f"{name!r} is another name of {self.names.get(target, target)} "
                f"(STIX {obj['type']} {obj['name']!r}, resolved by name or alias)",
            )
            if n:
                data.pop("stix_id")  # only the first claim stands for the STIX object
            fields = {**self._CLAIM_FIELDS, "alias": "name"}
            out.append(("claims", {k: v for k, v in data.items() if v is not None}, fields))
        return out

    def _add_relation(
        self, fno: int, sid: str, e: _Entry, obj: dict[str, Any], bad: list[tuple[str, str]]
    ) -> None:
        """A plain edge: every STIX relationship with the same endpoints and type is merged."""
        src = self._ref(bad, "source_ref", e.src)
        tgt = self._ref(bad, "target_ref", e.tgt)
        if bad or src is None or tgt is None:
            return
        hint = obj.get("x_attrib_relation")
        rtype = cast(str, e.hint)
        if isinstance(hint, str) and hint in RELATION_ENDPOINTS:
            frm, to = RELATION_ENDPOINTS[hint]
            if self.labels.get(src) in frm and self.labels.get(tgt) in to:
                rtype = hint
        agg = self.relations.setdefault(
            (rtype, src, tgt), {"sources": {}, "stix_ids": [], "notes": set(), "since": None}
        )
        for s in self._sources(sid, obj):
            agg["sources"][s] = None
        agg["stix_ids"].append(sid)
        if rtype == "RELATED_TO" and e.kind != "related-to":
            agg["notes"].add(e.kind)
        note = obj.get("x_attrib_note")
        if isinstance(note, str) and note and not agg.get("note"):
            agg["note"] = note  # our own export: the edge's note as it was
        since = obj.get("x_attrib_since") or _day(obj.get("start_time"))
        if since and (agg["since"] is None or str(since) < str(agg["since"])):
            agg["since"] = since
        if not agg["sources"] and not agg.get("fallback"):
            agg["fallback"] = self._bundle_source(fno)

    # -- validating and planning ----------------------------------------------------------
    def _validate(self, raws: list[StixRaw], spill: _Spill) -> None:
        if not raws:
            return
        labels = self.labels
        try:
            data = validate_records(
                list(raws), lambda ids: {i: labels[i] for i in ids if i in labels}
            )
        except ValidationFailed as exc:
            by_where = {r.where: dict(r.fields) for r in raws}
            for p in exc.problems:
                fields = by_where.get(p.record, {})
                top = re.split(r"[.\[]", p.field, maxsplit=1)[0]
                fld = fields.get(top, top) + p.field[len(top) :] if top in fields else p.field
                self.problem(p.file, p.record, fld, p.message)
            return
        if self.problems:
            return  # no point planning what will not be written
        plan = build_plan(Dataset(data.records, data.labels))
        for label, rows in plan.nodes.items():
            self.node_rows[label] += len(rows)
        for shape, rows in plan.edges.items():
            self.edge_rows[shape[0]] += len(rows)
        spill.add(plan)

    def map_all(self, spill: _Spill) -> None:
        batch: list[StixRaw] = []
        for fno in range(len(self.files)):
            if self.bundle_ids[fno] is None:
                continue
            for i, obj in self._objects(fno):
                if not isinstance(obj, dict) or obj.get("id") not in self.entries:
                    continue
                batch += self.map_object(fno, i, obj)
                if len(batch) >= MAP_BATCH:
                    self._validate(batch, spill)
                    batch = []
        self._validate(batch, spill)
        rel_raws = []
        for n, ((rtype, src, tgt), agg) in enumerate(self.relations.items()):
            data: dict[str, Any] = {
                "type": rtype,
                "from": src,
                "to": tgt,
                "sources": list(agg["sources"]) or [agg["fallback"]],
                "stix_ids": sorted(agg["stix_ids"]),
            }
            if agg.get("note"):
                data["note"] = agg["note"]
            elif agg["notes"]:
                data["note"] = "STIX relationship: " + ", ".join(sorted(agg["notes"]))
            if agg["since"]:
                data["since"] = agg["since"]
            where = f"relationship {agg['stix_ids'][0]} ({rtype} {src} -> {tgt})"
            raw = StixRaw("(merged relationships)", "relations", n, data, 0, {}, where, ())
            rel_raws.append(raw)
            if len(rel_raws) >= MAP_BATCH:
                self._validate(rel_raws, spill)
                rel_raws = []
        self._validate(rel_raws, spill)
        self.relations = {}
        extra = [
            StixRaw("(external references)", "sources", n, data, 0, {}, f"source {sid}", ())
            for n, (sid, data) in enumerate(self.ext_sources.items())
        ]
        for n, data in enumerate(self.synthetic.values()):
            section = data.pop("section")
            extra.append(
                StixRaw("(synthetic)", section, n, data, 0, {}, f"{section} {data['id']}", ())
            )
        for start in range(0, len(extra), MAP_BATCH):
            self._validate(extra[start : start + MAP_BATCH], spill)

    def summary_plan(self) -> Plan:
        plan = Plan()
        for label, n in sorted(self.node_rows.items()):
            plan.nodes[label] = _CountedRows(n)
        for etype, n in sorted(self.edge_rows.items()):
            if etype in EDGE_TYPES:
                plan.edges[(etype, "*", "*")] = _CountedRows(n)
        return plan


@dataclass
class StixOutcome:
    plan: Plan  # counts only (rows are not kept: the import is streamed)
    report: LoadReport | None
    summary: StixSummary


def import_bundles(
    paths: list[Path],
    *,
    dry_run: bool = False,
    wipe_first: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    known_stix: KnownStix | None = None,
    known_actors: KnownActors | None = None,
    known_countries: KnownCountries | None = None,
    progress: Callable[[int], None] | None = None,
    on_plan: Callable[[Plan], None] | None = None,
) -> StixOutcome:
    """Validate every object of the bundles under `paths`, then write them unless `dry_run`.

    Args:
        known_stix, known_actors, known_countries: database look-ups (None: an empty database,
            as with `wipe_first`, or a dry run without one).

    Raises:
        ValidationFailed: the input has problems; nothing was written.
    """
    files = [f for p in paths for f in find_bundle_files(p)]
    if not files:
        raise ValidationFailed(
            [Problem(", ".join(map(str, paths)), "-", "-", "no .json bundle files found")]
        )
    run = _Import(files, known_stix, known_actors, known_countries)
    run.scan()
    run.resolve()  # even after problems: mapping then reports every problem, not the first
    spill = _Spill(keep=not dry_run)
    try:
        run.map_all(spill)
        if run.problems:
            raise ValidationFailed(run.all_problems())
        plan = run.summary_plan()
        if on_plan:
            on_plan(plan)
        if dry_run:
            return StixOutcome(plan, None, run.summary)
        if wipe_first:
            wipe()
        apply_schema()
        planned = spill.plan()
        report = write_plan(planned, batch_size=batch_size, progress=progress) if planned else None
        return StixOutcome(plan, report or LoadReport(), run.summary)
    finally:
        spill.close()
