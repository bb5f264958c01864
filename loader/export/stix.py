"""Export the graph, or one campaign's neighbourhood, as a STIX 2.1 bundle.

Claims become relationships (attribution and sponsorship: `attributed-to`; alias and fact
claims with an object: `related-to`) or notes (non-attributions and claims without an object),
each with `confidence`, `created_by_ref` (the claimant) and `created` (the day it was made);
denials and corroborations become opinions (`disagree`, `agree`) on the claims they dispute or
support. Sources become reports (with an external reference to their url) whose `object_refs`
are everything that cites them. Plain edges become relationships, events notes. What STIX has
no property for travels in `x_attrib_*` properties declared by one extension-definition, so an
export imports back intact (see docs/stix.md). The bundle is written as it is built, page by
page, so a large graph does not have to fit in memory as JSON.

`created` (and `modified`, the same) is the object's own date: a claim's `made_on`, an event's
date, a source's `published`, an entity's `first_seen`; else the earliest `published` of the
sources it cites; else the time of the export (the graph does not record when it was loaded).
A date becomes midnight UTC, its precision ("day", "month", "year") kept beside it in
`x_attrib_created_precision`; an object dated by the export has none.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from attrib import cypher_text, db
from attrib.values import partial_date_text, to_native
from loader import models as m
from loader.stix_common import (
    EXPORTER_IDENTITY,
    EXTENSION_DEFINITION,
    EXTENSIONS,
    RELATION_TO_STIX,
    STATE_KINDS,
    stable_uuid,
)

PAGE = 2000
PLAIN_EDGES = frozenset(RELATION_TO_STIX)
# Node properties that never become x_attrib_* (internal, or carried by STIX properties).
_INTERNAL = frozenset({"id", "stix_id", "name_keys", "name_search"})
# Export order: sources last, because a report lists everything that cites it.
_LABEL_ORDER = (*m.ENTITY_LABELS, "Claim", "Event", "Source")


EXTENSION_PROPERTIES = sorted(
    {
        "x_confidence_label",
        "x_confidence_scale",
        "x_attrib_claim_kind",
        "x_attrib_relation",
        "x_attrib_subject_ref",
        "x_attrib_event",
        "x_attrib_unknown",
        "x_attrib_since",
        "x_attrib_created_precision",
    }
    | {
        f"x_attrib_{name}"
        for model, _ in m.SECTIONS.values()
        for name in model.model_fields
        if name not in {"id", "stix_id", "sources", "from_", "to", "type"}
    }
)


class CampaignNotFound(LookupError):
    """`--campaign ID` names no campaign."""


@dataclass
class ExportSummary:
    path: Path
    objects: Counter[str] = field(default_factory=Counter)  # STIX type -> count

    def total(self) -> int:
        return sum(self.objects.values())


Dated = tuple[dt.date, str]  # a date and its precision: "day", "month" or "year"


def _ts(day: Any) -> str:
    """A date as a STIX timestamp (midnight UTC)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return f"{day.isoformat()}T00:00:00.000Z"


def _now() -> str:
    """The current time as a STIX timestamp (UTC, milliseconds)."""
    now = dt.datetime.now(dt.UTC)
    return f"{now:%Y-%m-%dT%H:%M:%S}.{now.microsecond // 1000:03d}Z"


def _dated(props: dict[str, Any], name: str) -> Dated | None:
    """The date `name` of a node with its precision, or None when it has none."""
    day = props.get(name)
    if day is None:
        return None
    if isinstance(day, dt.datetime):
        day = day.date()
    return day, props.get(f"{name}_precision") or "day"


def _partial(props: dict[str, Any], name: str) -> str:
    """The date `name` as written in the seed format ("2021", "2021-07" or "2021-07-19")."""
    return partial_date_text(props.get(name), props.get(f"{name}_precision", "day"))


class _Exporter:
    def __init__(self, out: TextIO, scope: list[str] | None) -> None:
        self.out = out
        self.scope = scope
        self.first = True
        self.summary = Counter[str]()
        # node id -> (label, kind, stix_id, claim object id)
        self.index: dict[str, tuple[str, str | None, str | None, str | None]] = {}
        self.members: dict[str, list[str]] = {}  # source id -> STIX ids of what cites it
        self.published: dict[str, Dated] = {}  # source id -> when it was published
        self.exported_at = _now()  # `created` of what has no date of its own

    # -- ids ------------------------------------------------------------------------------
    def stix_type(self, node: str) -> str:
        label, kind, _, target = self.index[node]
        if label == "Actor":
            return "threat-actor" if kind == "threat-actor" else "intrusion-set"
        if label == "Tool":
            return "malware" if kind == "malware" else "tool"
        return {
            "Organisation": "identity",
            "Person": "identity",
            "Sector": "identity",
            "Country": "location",
            "Campaign": "campaign",
            "Vulnerability": "vulnerability",
            "Infrastructure": "infrastructure",
            "Source": "report",
            "Event": "note",
        }.get(label) or self._claim_type(kind, target)

    def _claim_type(self, kind: str | None, target: str | None) -> str:
        if kind in ("denial", "corroboration"):
            return "opinion"
        if target is not None and target in self.index and kind != "non-attribution":
            return "relationship"
        return "note"

    def stix_id(self, node: str, stype: str | None = None) -> str:
        stype = stype or self.stix_type(node)
        own = self.index[node][2]
        if own and own.startswith(f"{stype}--"):
            return own
        if node.startswith(f"{stype}--"):
            return node
        return f"{stype}--{stable_uuid(node)}"

    # -- writing --------------------------------------------------------------------------
    def emit(self, obj: dict[str, Any]) -> None:
        if any(k.startswith("x_") for k in obj):
            obj["extensions"] = EXTENSIONS
        self.out.write(("" if self.first else ",\n") + json.dumps(obj, ensure_ascii=False))
        self.first = False
        self.summary[obj["type"]] += 1

    def common(self, stype: str, sid: str, when: Dated | None = None) -> dict[str, Any]:
        """The properties every object has; `when` it was made (None: the export time)."""
        created = _ts(when[0]) if when else self.exported_at
        obj: dict[str, Any] = {
            "type": stype,
            "spec_version": "2.1",
            "id": sid,
            "created": created,
            "modified": created,
        }
        if when is not None:
            obj["x_attrib_created_precision"] = when[1]
        return obj

    def earliest(self, sources: list[str]) -> Dated | None:
        """When the first of `sources` was published (None: none of them has a date)."""
        return min((self.published[s] for s in sources if s in self.published), default=None)

    def cite(self, sources: list[str], sid: str) -> None:
        for src in sources:
            if src in self.index:
                self.members.setdefault(src, []).append(sid)

    def extras(self, obj: dict[str, Any], props: dict[str, Any], handled: set[str]) -> None:
        """Every property STIX has no place for, as x_attrib_<name> (dates as written)."""
        for key, value in sorted(props.items()):
            if key in handled or key in _INTERNAL or key.endswith("_precision"):
                continue
            if f"{key}_precision" in props:
                obj[f"x_attrib_{key}"] = _partial(props, key)
            elif value not in (None, [], ""):
                obj[f"x_attrib_{key}"] = value

    # -- reading --------------------------------------------------------------------------
    def pages(self, label: str) -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
        query = cypher_text.render("export/nodes.cypher", m.NODE_LABELS, label=label)
        after = ""
        while True:
            rows = db.read(
                query, {"after": after, "ids": self.scope, "limit": PAGE}, timeout=300
            ).records
            for row in rows:
                props = {k: to_native(v) for k, v in row["props"].items()}
                out = [
                    {**e, "props": {k: to_native(v) for k, v in e["props"].items()}}
                    for e in row["out"]
                    if e["to"] in self.index
                ]
                out.sort(key=lambda e: (e["type"], e["to"]))
                yield row["id"], props, out
            if len(rows) < PAGE:
                return
            after = rows[-1]["id"]

    # -- objects --------------------------------------------------------------------------
    def entity(
        self, label: str, node: str, props: dict[str, Any], out: list[dict[str, Any]]
    ) -> None:
        stype = self.stix_type(node)
        sid = self.stix_id(node, stype)
        cited = [e["to"] for e in out if e["type"] == "CITES"]
        obj = self.common(stype, sid, _dated(props, "first_seen") or self.earliest(cited))
        obj["name"] = props["name"]
        handled = {"name", "description"}
        if props.get("description"):
            obj["description"] = props["description"]
        if stype in (
            "intrusion-set",
            "threat-actor",
            "campaign",
            "malware",
            "tool",
            "infrastructure",
        ):
            handled.add("aliases")
            if props.get("aliases"):
                obj["aliases"] = props["aliases"]
        if label in ("Actor", "Campaign") or stype == "malware":
            for key in ("first_seen", "last_seen") if label == "Campaign" else ("first_seen",):
                if props.get(key) is not None:
                    obj[key] = _ts(props[key])
                    if props.get(f"{key}_precision", "day") == "day":
                        handled.add(key)  # else x_attrib_<key> keeps the partial date
        if label == "Actor":
            handled.add("kind")
        elif label == "Tool":
            handled.add("kind")
            if stype == "malware":
                obj["is_family"] = True
        elif label == "Organisation":
            obj["identity_class"] = "organization"
            if props.get("kind") in STATE_KINDS:
                obj["sectors"] = ["government-national"]
        elif label == "Person":
            obj["identity_class"] = "individual"
            handled.add("role")
            if props.get("role"):
                obj["roles"] = [props["role"]]
        elif label == "Sector":
            obj["identity_class"] = "class"
        elif label == "Country":
            obj["country"] = props["iso2"]
            handled.add("iso2")
        elif label == "Vulnerability" and props.get("cve"):
            obj["external_references"] = [{"source_name": "cve", "external_id": props["cve"]}]
            handled.add("cve")
        self.extras(obj, props, handled)
        self.emit(obj)
        for edge in out:
            if edge["type"] == "CITES":
                self.cite([edge["to"]], sid)
            elif edge["type"] in PLAIN_EDGES:
                self.relation(node, sid, edge)

    def relation(self, node: str, sid: str, edge: dict[str, Any]) -> None:
        props = edge["props"]
        rtype = edge["type"]
        stix_type = RELATION_TO_STIX[rtype]
        if rtype == "EXPLOITS" and self.index[node][0] != "Tool":
            stix_type = "targets"  # what STIX suggests for groups and campaigns
        note = props.get("note")
        if rtype == "RELATED_TO" and note and note.startswith("STIX relationship: "):
            only = note.removeprefix("STIX relationship: ")
            if "," not in only and " " not in only:
                stix_type, note = only, None  # a STIX type that has no plain edge of its own
        ids = [s for s in props.get("stix_ids") or [] if s.startswith("relationship--")]
        rid = ids[0] if ids else "relationship--" + stable_uuid(f"{rtype}|{node}|{edge['to']}")
        obj = self.common("relationship", rid, self.earliest(list(props.get("sources") or [])))
        obj.update(relationship_type=stix_type, source_ref=sid, target_ref=self.stix_id(edge["to"]))
        if props.get("since") is not None:
            obj["start_time"] = _ts(props["since"])
            obj["x_attrib_since"] = str(props["since"].isoformat())
        if note:
            obj["description"] = note
            obj["x_attrib_note"] = note
        obj["x_attrib_relation"] = rtype
        self.emit(obj)
        self.cite(list(props.get("sources") or []), rid)

    def claim(self, node: str, props: dict[str, Any], out: list[dict[str, Any]]) -> None:
        kind = props["kind"]
        ends: dict[str, list[str]] = {}
        for edge in out:
            ends.setdefault(edge["type"], []).append(edge["to"])
        claimant, subject, target = (
            next(iter(ends.get(t, [])), None) for t in ("CLAIMED_BY", "SUBJECT", "OBJECT")
        )
        if subject is None:
            return  # what it is about is outside the exported neighbourhood
        stype = self._claim_type(kind, target)
        sid = self.stix_id(node, stype)
        obj = self.common(stype, sid, _dated(props, "made_on"))
        handled = {"kind", "statement", "made_on", "confidence", "confidence_label"}
        handled.add("confidence_scale")
        if claimant is not None:
            obj["created_by_ref"] = self.stix_id(claimant)
        if props.get("confidence") is not None:
            obj["confidence"] = props["confidence"]
        if props.get("confidence_scale") != "0-100":
            obj["x_confidence_label"] = props.get("confidence_label")
            obj["x_confidence_scale"] = props.get("confidence_scale")
        if props.get("made_on_precision", "day") != "day":
            obj["x_attrib_made_on"] = _partial(props, "made_on")
        if stype == "opinion":
            refs = [self.stix_id(c) for c in ends.get("DISPUTES", []) + ends.get("SUPPORTS", [])]
            if not refs:
                return  # its claims are outside the exported neighbourhood
            obj["opinion"] = "disagree" if kind == "denial" else "agree"
            obj["explanation"] = props["statement"]
            obj["object_refs"] = refs
            if subject is not None:
                obj["x_attrib_subject_ref"] = self.stix_id(subject)
        elif stype == "relationship":
            assert target is not None
            obj["relationship_type"] = (
                "attributed-to" if kind in ("attribution", "sponsorship") else "related-to"
            )
            obj.update(source_ref=self.stix_id(subject), target_ref=self.stix_id(target))
            obj["description"] = props["statement"]
            obj["x_attrib_claim_kind"] = kind
        else:
            refs = [self.stix_id(n) for n in (subject, target) if n is not None]
            if not refs:
                return
            obj.update(content=props["statement"], object_refs=refs, x_attrib_claim_kind=kind)
        self.extras(obj, props, handled)
        self.emit(obj)
        self.cite(ends.get("CITES", []), sid)

    def event(self, node: str, props: dict[str, Any], out: list[dict[str, Any]]) -> None:
        sid = self.stix_id(node, "note")
        concerns = [self.stix_id(e["to"]) for e in out if e["type"] == "CONCERNS"]
        if not concerns:
            return
        obj = self.common("note", sid, _dated(props, "date"))
        obj.update(
            abstract=props["name"],
            content=props.get("description") or props["name"],
            object_refs=concerns,
            x_attrib_event=True,
        )
        self.extras(obj, props, {"name", "description"})
        self.emit(obj)
        self.cite([e["to"] for e in out if e["type"] == "CITES"], sid)

    def report(self, node: str, props: dict[str, Any], out: list[dict[str, Any]]) -> None:
        sid = self.stix_id(node, "report")
        published = props.get("published")
        obj = self.common("report", sid, _dated(props, "published"))
        obj["name"] = props["title"]
        obj["published"] = obj["created"]  # unknown: the export time, named in x_attrib_unknown
        obj["object_refs"] = list(dict.fromkeys(self.members.get(node, []))) or [EXPORTER_IDENTITY]
        obj["lang"] = props["language"]
        handled = {"title", "language", "url"}
        if published is not None and props.get("published_precision", "day") == "day":
            handled.add("published")
        elif published is None:
            obj["x_attrib_unknown"] = ["published"]
        if props.get("url"):
            obj["external_references"] = [
                {"source_name": props.get("publisher") or "source", "url": props["url"]}
            ]
        relays = [self.stix_id(e["to"], "report") for e in out if e["type"] == "RELAYS"]
        if relays:  # the report it relays (seed `relays:`): no STIX property says it
            obj["x_attrib_relays"] = relays[0]
        self.extras(obj, props, handled)
        self.emit(obj)

    def header(self) -> None:
        self.emit(
            {
                **self.common("identity", EXPORTER_IDENTITY),
                "name": "Attribution Explorer",
                "identity_class": "system",
                "description": "The tool that wrote this bundle.",
            }
        )
        self.emit(
            {
                **self.common("extension-definition", EXTENSION_DEFINITION),
                "created_by_ref": EXPORTER_IDENTITY,
                "name": "Attribution Explorer properties",
                "description": (
                    "Top-level x_attrib_* and x_confidence_* properties: the claim kind, the "
                    "claimant's confidence wording and scale (STIX 2.1 Appendix A), partial "
                    "dates, source reliability and other graph fields that STIX has no "
                    "property for."
                ),
                "schema": "docs/stix.md in the Attribution Explorer repository",
                "version": "1.0.0",
                "extension_types": ["toplevel-property-extension"],
                "extension_properties": EXTENSION_PROPERTIES,
            }
        )

    def run(self) -> None:
        rows = db.read(
            cypher_text.read("export/node_index.cypher"), {"ids": self.scope}, timeout=300
        ).records
        self.index = {r["id"]: (r["label"], r["kind"], r["stix_id"], r["object"]) for r in rows}
        self.published = {
            r["id"]: (to_native(r["published"]), r["published_precision"] or "day")
            for r in rows
            if r["published"] is not None
        }
        self.header()
        for label in _LABEL_ORDER:
            for node, props, out in self.pages(label):
                if label == "Claim":
                    self.claim(node, props, out)
                elif label == "Event":
                    self.event(node, props, out)
                elif label == "Source":
                    self.report(node, props, out)
                else:
                    self.entity(label, node, props, out)


def campaign_scope(campaign: str) -> list[str]:
    """The node ids of a campaign's neighbourhood (see cypher/export/campaign_scope.cypher)."""
    rows = db.read(cypher_text.read("export/campaign_scope.cypher"), {"id": campaign}).records
    if not rows:
        raise CampaignNotFound(f"no campaign with id {campaign!r}")
    return sorted(set(rows[0]["ids"]))


def export_bundle(path: Path, campaign: str | None = None) -> ExportSummary:
    """Write the whole graph, or one campaign's neighbourhood, to `path` as a STIX 2.1 bundle.

    Raises:
        CampaignNotFound: `campaign` is not the id of a campaign.
    """
    scope = campaign_scope(campaign) if campaign else None
    bundle_id = "bundle--" + stable_uuid(f"export:{campaign or '*'}")
    tmp = path.with_name(path.name + ".partial")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(f'{{"type": "bundle", "id": "{bundle_id}", "objects": [\n')
        exporter = _Exporter(out, scope)
        exporter.run()
        out.write("\n]}\n")
    tmp.replace(path)
    return ExportSummary(path, exporter.summary)
