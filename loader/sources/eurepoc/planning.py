"""Plan the graph rows of checked EuRepoC incidents and attributions (docs/identity.md).

- incident -> Campaign `eurepoc:incident:<ID>`, TARGETS each receiver country (registry);
- initiator -> Actor record `eurepoc:<folded name>` of dataset eurepoc, never merged with
  another dataset's record here (the resolution joins records);
- attribution -> Claim `eurepoc:attribution:<key>` (kind attribution, SUBJECT the campaign,
  OBJECT the initiator record, or the country when EuRepoC names only a country), CLAIMED_BY
  its claimant (loader.sources.eurepoc.claimants), CITES the dataset and its URLs;
- an attributed initiator's country with a state-link category -> Claim
  `eurepoc:sponsorship:<key>` (SUBJECT the initiator record, OBJECT the country) by the same
  claimant.

`<key>` is the attribution's claim key (loader.sources.eurepoc.keys), the same from both
files. The Global Database owns the rows it plans (`owned`: written, replacing what the node
held); the Attribution dataset's claims and initiator records are references (`Plan.refs`),
created when absent and never overwritten, its edges added. So loading the two files in one
run, or in two runs in either order, leaves the same graph: a node both describe holds the
Global Database's properties, and one only the Attribution dataset describes holds its own.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from attrib.identity.datasets import EUREPOC
from attrib.names import name_key, name_props
from loader.confidence import normalise
from loader.dates import PartialDate
from loader.models import MAX_INDEXED_BYTES
from loader.plan import Plan
from loader.registry import CountryRef, registry
from loader.sources.eurepoc import claimants as cl
from loader.sources.eurepoc.rows import Attribution, Incident

DATASET_SOURCE = f"dataset:{EUREPOC}"
DATASET_PROPS = {
    "id": DATASET_SOURCE,
    "title": "European Repository of Cyber Incidents (EuRepoC): Global Database and "
    "Attribution dataset",
    "publisher": "European Repository of Cyber Incidents (EuRepoC)",
    "url": "https://eurepoc.eu/",
    "dataset": EUREPOC,
}
URL_PATTERN_START = ("http://", "https://")
# EuRepoC codes no confidence: the claims say so rather than inventing one.
NO_CONFIDENCE = normalise("Not Specified", "none-low-med-high")


def campaign_id(incident_id: str) -> str:
    return f"eurepoc:incident:{incident_id}"


def record_id(initiator: str) -> str:
    return f"{EUREPOC}:{name_key(initiator)}"


def source_id(url: str) -> str:
    return f"eurepoc:source:{hashlib.sha256(url.encode()).hexdigest()[:20]}"


def _dated(props: dict[str, Any], key: str, date: PartialDate | None) -> None:
    """A date as loader.plan stores one: the first day, and its precision."""
    if date is not None:
        props[key] = date.value
        props[f"{key}_precision"] = date.precision


@dataclass
class Tally:
    """What the import held and what became of it, for the summary."""

    incidents: int = 0
    attributions: int = 0
    merged: int = 0  # attributions both files describe, planned once
    sponsorships: int = 0
    contested: int = 0
    undated: int = 0
    claimants: dict[str, bool] = field(default_factory=dict)  # id -> registered
    skipped: Counter[str] = field(default_factory=Counter)  # why -> how many


class Planner:
    def __init__(self) -> None:
        self.plan = Plan()
        self.tally = Tally()
        self._nodes: dict[str, tuple[str, dict[str, Any]]] = {}
        self._edges: dict[tuple[str, str, str], tuple[tuple[str, str, str], dict[str, Any]]] = {}
        self._refs: dict[str, tuple[str, dict[str, Any]]] = {}
        # initiator spellings by folded name: owned (Global Database), referred (the other)
        self._spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._referred_spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._sources: dict[str, str | None] = {}  # URL -> its Source id (None: not a URL)
        self._countries: dict[str, CountryRef | None] = {}  # name -> the registry's country
        self._node("Source", DATASET_SOURCE, dict(DATASET_PROPS))

    # -- rows ---------------------------------------------------------------------------
    def _node(self, label: str, nid: str, props: dict[str, Any]) -> None:
        self._nodes[nid] = (label, {**props, "id": nid})

    def _edge(self, etype: str, frm: tuple[str, str], to: tuple[str, str], **props: Any) -> None:
        self._edges[(etype, frm[1], to[1])] = ((etype, frm[0], to[0]), props)

    def _ref(self, label: str, row: dict[str, Any]) -> None:
        self._refs.setdefault(row["id"], (label, row))

    def _record(self, label: str, nid: str, props: dict[str, Any], owned: bool) -> None:
        """A node the import owns, or one it only creates when absent (module docstring)."""
        if owned:
            self._node(label, nid, props)
        else:
            self._ref(label, {"id": nid, "props": {**props, "id": nid}})

    def _cites(self, frm: tuple[str, str], urls: tuple[str, ...]) -> None:
        self._edge("CITES", frm, ("Source", DATASET_SOURCE))
        for url in urls:
            if url not in self._sources:
                self._sources[url] = self._source(url)
            sid = self._sources[url]
            if sid is None:
                self.tally.skipped["source entries that are not http(s) URLs (or too long)"] += 1
            else:
                self._edge("CITES", frm, ("Source", sid))

    def _source(self, url: str) -> str | None:
        """The Source node of a URL, or None for text that is not one (or too long to index)."""
        if not url.startswith(URL_PATTERN_START) or any(c.isspace() for c in url):
            return None
        if len(url.encode()) > MAX_INDEXED_BYTES:
            return None
        sid = source_id(url)
        host = urlsplit(url).hostname or url
        self._node("Source", sid, {"title": url, "publisher": host, "url": url, "dataset": EUREPOC})
        return sid

    def _country(self, name: str, why: str) -> CountryRef | None:
        if name not in self._countries:
            self._countries[name] = registry().country(name)
        country = self._countries[name]
        if country is None:
            self.tally.skipped[f"{why} not in the country registry (kept as text)"] += 1
        else:
            self._ref("Country", country.row())
        return country

    def _initiator(self, name: str, owned: bool = True) -> tuple[str, str] | None:
        if not name_key(name):
            self.tally.skipped["initiator names with no letters or digits"] += 1
            return None
        spellings = self._spellings if owned else self._referred_spellings
        spellings[name_key(name)][name] += 1
        return ("Actor", record_id(name))

    # -- records ------------------------------------------------------------------------
    def incident(self, inc: Incident) -> None:
        self.tally.incidents += 1
        cid = campaign_id(inc.id)
        name = inc.name or f"EuRepoC incident {inc.id}"
        props: dict[str, Any] = {"name": name, "dataset": EUREPOC, "source_id": inc.id}
        if inc.description:
            props["description"] = inc.description
        _dated(props, "first_seen", inc.start)
        _dated(props, "last_seen", inc.end)
        props.update({col: list(values) for col, values in inc.lists.items() if values})
        if inc.urls:
            props["refs"] = list(inc.urls)
        props.update(name_props([name]))
        self._node("Campaign", cid, props)
        self._cites(("Campaign", cid), inc.urls)
        for country_name in inc.lists["receiver_country"]:
            country = self._country(country_name, "receiver countries")
            if country:
                self._edge("TARGETS", ("Campaign", cid), ("Country", country.id),
                           sources=[DATASET_SOURCE])  # fmt: skip
        for initiator in inc.lists["initiator_name"]:
            self._initiator(initiator)

    def incident_ref(self, incident_id: str) -> None:
        """An incident only the Attribution dataset names: created when absent, never
        overwritten, so a Global Database import (before or after) keeps its own record."""
        cid = campaign_id(incident_id)
        name = f"EuRepoC incident {incident_id}"
        props = {"id": cid, "name": name, "dataset": EUREPOC, "source_id": incident_id}
        self._ref("Campaign", {"id": cid, "props": {**props, **name_props([name])}})

    def attribution(self, att: Attribution, incident_name: str, owned: bool = True) -> None:
        """The claims of one attribution; `owned`: planned from the Global Database."""
        initiator = att.get("attributed_initiator")
        country_name = att.get("attributed_initiator_country")
        target = self._initiator(initiator, owned) if initiator else None
        country = self._country(country_name, "attributed countries") if country_name else None
        obj = target or (("Country", country.id) if country else None)
        if obj is None:
            self.tally.skipped["attributions naming no initiator and no known country"] += 1
            return
        who = cl.claimant(att)
        self.tally.claimants[who.org.id] = who.registered
        self._ref("Organisation", who.org.row())
        key = att.claim_key
        claim_id = f"eurepoc:attribution:{key}"
        target_name = (initiator if target else None) or (country.name if country else "")
        contested = cl.is_contested(att)
        props = self._claim_props(att, who, "attribution")
        props["statement"] = _statement(who, incident_name, target_name, contested)
        subject = ("Campaign", campaign_id(att.incident))
        self._claim(claim_id, props, who, subject, obj, att, owned)
        if target and country and cl.is_state_link(att.get("attributed_initiator_category")):
            props = self._claim_props(att, who, "sponsorship")
            props["statement"] = (
                f"{who.org.name} links {initiator} to the state of {country.name} "
                f"(EuRepoC: attributed initiator's country, category "
                f"{att.get('attributed_initiator_category')!r})."
            )
            props["attribution"] = claim_id
            self._claim(f"eurepoc:sponsorship:{key}", props, who, target,
                        ("Country", country.id), att, owned)  # fmt: skip

    def _claim_props(self, att: Attribution, who: cl.Claimant, kind: str) -> dict[str, Any]:
        props: dict[str, Any] = {"kind": kind, "dataset": EUREPOC, "source_id": att.key}
        props["basis"] = cl.basis(att)
        props["confidence_label"] = NO_CONFIDENCE.label
        props["confidence_scale"] = NO_CONFIDENCE.scale
        _dated(props, "made_on", att.date)
        if cl.is_contested(att):  # no one is named as disputing it: no denial claim to make
            props["contested"] = True
        props.update({col: value for col, value in att.values.items() if value})
        if who.how == cl.UNNAMED:
            props["note"] = "EuRepoC names no attributing actor, company or country."
        return props

    def _claim(
        self, cid: str, props: dict[str, Any], who: cl.Claimant,
        subject: tuple[str, str], obj: tuple[str, str], att: Attribution, owned: bool,
    ) -> None:  # fmt: skip
        if cid in self._nodes or cid in self._refs:  # both files describe it
            self.tally.merged += props["kind"] == "attribution"
        elif props["kind"] == "attribution":
            self.tally.attributions += 1
            self.tally.undated += att.date is None
            self.tally.contested += bool(props.get("contested"))
        else:
            self.tally.sponsorships += 1
        self._record("Claim", cid, props, owned)
        claim = ("Claim", cid)
        self._edge("CLAIMED_BY", claim, ("Organisation", who.org.id))
        self._edge("SUBJECT", claim, subject)
        self._edge("OBJECT", claim, obj)
        self._cites(claim, att.urls)

    # -- result -------------------------------------------------------------------------
    def finish(self) -> Plan:
        """The plan, initiator records included (their name: the most used spelling); a node
        the import owns is not also planned as a reference."""
        for owned, by_key in ((True, self._spellings), (False, self._referred_spellings)):
            for key, spellings in sorted(by_key.items()):
                name = min(spellings, key=lambda s: (-spellings[s], s))
                props = {
                    "name": name, "dataset": EUREPOC, "source_id": name, "kind": "threat-actor",
                    **name_props(spellings),
                }  # fmt: skip
                rid = f"{EUREPOC}:{key}"  # record_id(name)
                self._record("Actor", rid, props, owned)
                self._edge("CITES", ("Actor", rid), ("Source", DATASET_SOURCE))
        for nid, (label, props) in sorted(self._nodes.items()):
            self.plan.nodes[label].append({"id": nid, "props": props})
        for nid, (label, row) in sorted(self._refs.items()):
            if nid not in self._nodes:
                self.plan.refs[label].append(row)
        for (_, frm, to), (shape, props) in sorted(self._edges.items()):
            self.plan.edges[shape].append({"from": frm, "to": to, "props": props})
        return self.plan

    @property
    def initiators(self) -> int:
        return len(self._spellings.keys() | self._referred_spellings.keys())


def _statement(who: cl.Claimant, incident: str, target: str, contested: bool) -> str:
    if who.how == cl.UNNAMED:
        text = f"EuRepoC records an attribution of {incident} to {target} by an unnamed attributor."
    else:
        text = f"{who.org.name} attributes {incident} to {target}."
    if contested:
        text += " EuRepoC codes this attribution as contested."
    return text
