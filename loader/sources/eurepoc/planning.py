"""Plan the graph rows of EuRepoC incidents, attribution entries and responses
(docs/datasets.md, "EuRepoC"), through the shared row builder (`loader.rows`).

- incident -> Campaign `eurepoc:incident:<ID>`, TARGETS each receiver country (registry);
  its political and legal responses -> Events `eurepoc:response:<ID>:<kind>:<n>`;
- initiator string -> the Actor record `eurepoc:<folded primary name>` of each group it names
  (its `/`-separated names and ATT&CK ids listed on the record, its raw strings kept), a
  Person `eurepoc:person:<folded name>` for `name --> group` (PART_OF the group), PART_OF for
  `group < parent`, and a sponsorship claim by EuRepoC for each bracketed sponsor or unit;
- attribution entry -> Claim `eurepoc:attribution:<key>` (SUBJECT the campaign, OBJECT the
  attributed group or person, or the country when EuRepoC names none), CLAIMED_BY its claimant
  (loader.sources.eurepoc.claimants; inferred ones say so and why), CITES the dataset and its
  URLs; entries that say the same (one per country and category of the initiator) are one
  claim; a state-linked category -> a sponsorship claim per attributed country.

The Global Database owns what it describes (incidents, initiator records, responses and the
attributions it lists); the Attribution dataset's claims and records are references (created
when absent, never overwritten) and its edges are added. What a file plans depends on that
file alone (an Attribution dataset row never sees the incident's row), so loading the two
files in one run or in two, in either order, leaves the same graph. A claimant only the
incident's row can name (a receiver's government) gets its edge from the Global Database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from attrib.identity.datasets import EUREPOC
from attrib.names import name_props
from loader.confidence import Confidence, normalise
from loader.dates import PartialDate
from loader.models import MAX_INDEXED_BYTES
from loader.plan import Plan
from loader.registry import CountryRef, registry
from loader.rows import Node, PlanBuilder, dated
from loader.sources.eurepoc import claimants as cl
from loader.sources.eurepoc.initiators import Group, Initiator, Person, parse_initiator
from loader.sources.eurepoc.keys import claim_key
from loader.sources.eurepoc.rows import Entry, Incident, Response

DATASET_SOURCE = f"dataset:{EUREPOC}"
DATASET_PROPS = {
    "title": "European Repository of Cyber Incidents (EuRepoC): Global Database and "
    "Attribution dataset",
    "publisher": "European Repository of Cyber Incidents (EuRepoC)",
    "url": "https://eurepoc.eu/",
    "dataset": EUREPOC,
}
URL_PATTERN_START = ("http://", "https://")
# EuRepoC codes no confidence: the claims say so rather than inventing one.
NO_CONFIDENCE = normalise("Not Specified", "none-low-med-high")
STATED = Confidence("not stated in the dataset", "wording", None)


def campaign_id(incident_id: str) -> str:
    return f"eurepoc:incident:{incident_id}"


def record_id(key: str) -> str:
    return f"{EUREPOC}:{key}"


def person_id(key: str) -> str:
    return f"{EUREPOC}:person:{key}"


def source_id(url: str) -> str:
    return f"eurepoc:source:{hashlib.sha256(url.encode()).hexdigest()[:20]}"


def period_end(date: PartialDate) -> dt.date:
    """The last day a partial date may stand for."""
    if date.precision == "year":
        return dt.date(date.value.year, 12, 31)
    if date.precision == "month":
        following = (date.value.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    return date.value


@dataclass
class Tally:
    """What the import held and what became of it, for the summary."""

    incidents: int = 0
    entries: int = 0  # attribution entries read (rows of either file)
    attributions: int = 0  # attribution claims planned
    sponsorships: int = 0
    contested: int = 0
    undated: int = 0
    year_dates: int = 0  # attribution dates read as a year (1 January)
    before_start: int = 0  # attributions dated before their incident began
    responses: Counter[str] = field(default_factory=Counter)  # kind -> events
    named: int = 0  # claims whose claimant the row names
    kinds: Counter[str] = field(default_factory=Counter)  # party/category/pending/none -> claims
    rules: Counter[str] = field(default_factory=Counter)  # inferred rule -> claims
    persons: int = 0
    sponsors: int = 0  # bracketed sponsors and units (sponsorship claims by EuRepoC)
    part_of: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # why -> how many


@dataclass
class _Record:
    """An initiator record's names as the strings of one file give them."""

    spellings: Counter[str] = field(default_factory=Counter)  # the primary name's spellings
    names: dict[str, None] = field(default_factory=dict)  # every name, in order
    external_ids: dict[str, None] = field(default_factory=dict)
    raw: dict[str, None] = field(default_factory=dict)  # the strings as written


@dataclass
class _Claim:
    """An attribution claim: its first entry's props, and the lists its other entries add."""

    props: dict[str, Any]
    owned: bool
    countries: dict[str, None] = field(default_factory=dict)
    categories: dict[str, None] = field(default_factory=dict)
    keys: dict[str, None] = field(default_factory=dict)


class Planner:
    def __init__(self) -> None:
        self.rows = PlanBuilder()
        self.tally = Tally()
        self.reg = registry()
        self.coders = self.rows.ref("Organisation", self.reg.organisation(cl.EUREPOC_CODERS).row())
        self._records: dict[bool, defaultdict[str, _Record]] = {
            True: defaultdict(_Record), False: defaultdict(_Record)
        }  # fmt: skip
        self._persons: dict[bool, defaultdict[str, _Record]] = {
            True: defaultdict(_Record), False: defaultdict(_Record)
        }  # fmt: skip
        self._claims: dict[tuple[str, bool], _Claim] = {}  # (id, owned) -> what it holds
        self._sponsorships: set[str] = set()
        self._sources: dict[str, str | None] = {}  # URL -> its Source id (None: not a URL)
        self._countries: dict[str, CountryRef | None] = {}
        self._claimed: set[str] = set()  # claims by EuRepoC (sponsors) already planned
        self.rows.node("Source", DATASET_SOURCE, DATASET_PROPS)

    # -- helpers --------------------------------------------------------------------------
    def _cite_urls(self, frm: Node, urls: Sequence[str]) -> None:
        self.rows.cites(frm, [DATASET_SOURCE])
        for url in urls:
            if url not in self._sources:
                self._sources[url] = self._source(url)
            sid = self._sources[url]
            if sid is None:
                self.tally.skipped["source entries that are not http(s) URLs (or too long)"] += 1
            else:
                self.rows.cites(frm, [sid])

    def _source(self, url: str) -> str | None:
        """The Source node of a URL, or None for text that is not one (or too long to index)."""
        if not url.startswith(URL_PATTERN_START) or any(c.isspace() for c in url):
            return None
        if len(url.encode()) > MAX_INDEXED_BYTES:
            return None
        sid = source_id(url)
        host = urlsplit(url).hostname or url
        self.rows.node("Source", sid, {"title": url, "publisher": host, "url": url,
                                       "dataset": EUREPOC})  # fmt: skip
        return sid

    def _country(self, name: str, why: str) -> CountryRef | None:
        if name not in self._countries:
            self._countries[name] = self.reg.country(name)
        country = self._countries[name]
        if country is None:
            self.tally.skipped[f"{why} not in the country registry (kept as text)"] += 1
        else:
            self.rows.ref("Country", country.row())
        return country

    def _group(self, group: Group, raw: str, owned: bool) -> Node | None:
        key = group.key
        if not key:
            self.tally.skipped["initiator names with no letters or digits"] += 1
            return None
        rec = self._records[owned][key]
        rec.spellings[group.names[0]] += 1
        rec.names.update(dict.fromkeys(group.names))
        rec.external_ids.update(dict.fromkeys(group.external_ids))
        rec.raw[raw] = None
        node: Node = ("Actor", record_id(key))
        for sponsor in group.sponsors:
            self._sponsor(node, group, sponsor, raw)
        return node

    def _sponsor(self, node: Node, group: Group, sponsor: str, raw: str) -> None:
        org = self.reg.organisation(sponsor)
        cid = f"eurepoc:sponsor:{group.key}:{org.id}"
        if cid in self._claimed:
            return
        self._claimed.add(cid)
        self.tally.sponsors += 1
        self.rows.claim(
            cid, kind="sponsorship", claimant=self.coders, subject=node,
            obj=self.rows.ref("Organisation", org.row()),
            statement=f"EuRepoC names {sponsor} as a sponsor or unit of {group.names[0]} "
            f"(initiator {raw!r}).",
            dataset=EUREPOC, sources=[DATASET_SOURCE], confidence=STATED,
            source_id=raw, attributed_initiator=raw,
        )  # fmt: skip

    def _person(self, person: Person, raw: str, owned: bool) -> Node | None:
        key = person.key
        if not key:
            return None
        rec = self._persons[owned][key]
        rec.spellings[person.names[0]] += 1
        rec.names.update(dict.fromkeys(person.names))
        rec.raw[raw] = None
        return ("Person", person_id(key))

    def initiator(self, text: str, owned: bool) -> tuple[Initiator | None, Node | None]:
        """The parsed initiator string and the node an attribution to it names."""
        found = parse_initiator(text)
        if found is None:
            return None, None
        target = found.target
        node = (
            self._person(target, found.raw, owned) if isinstance(target, Person)
            else self._group(target, found.raw, owned)
        )  # fmt: skip
        for parent, role in ((found.member_of, "member"), (found.part_of, "part")):
            parent_node = self._group(parent, found.raw, owned) if parent else None
            if node and parent_node:
                self.tally.part_of += role == "part"
                self.rows.edge("PART_OF", node, parent_node, sources=[DATASET_SOURCE],
                               dataset=EUREPOC, role=role, statement=found.raw)  # fmt: skip
        return found, node

    # -- incidents ------------------------------------------------------------------------
    def incident(self, inc: Incident) -> None:
        self.tally.incidents += 1
        cid = campaign_id(inc.id)
        name = inc.name or f"EuRepoC incident {inc.id}"
        props: dict[str, Any] = {"name": name, "dataset": EUREPOC, "source_id": inc.id,
                                 "description": inc.description}  # fmt: skip
        props.update(dated("first_seen", inc.start))
        props.update(dated("last_seen", inc.end))
        props.update({f"{col}_raw": text for col, text in inc.raw_dates.items()})
        props.update({col: list(values) for col, values in inc.lists.items()})
        props["refs"] = list(inc.urls)
        props.update(name_props([name]))
        campaign = self.rows.node("Campaign", cid, props)
        self._cite_urls(campaign, inc.urls)
        for country_name in inc.lists["receiver_country"]:
            country = self._country(country_name, "receiver countries")
            if country:
                self.rows.edge("TARGETS", campaign, ("Country", country.id),
                               sources=[DATASET_SOURCE])  # fmt: skip
        for text in inc.lists["initiator_name"]:
            self.initiator(text, owned=True)
        for response in inc.responses:
            self._response(inc, campaign, response)

    def incident_ref(self, incident_id: str) -> None:
        """An incident only the Attribution dataset names: created when absent, never
        overwritten, so a Global Database import (before or after) keeps its own record."""
        name = f"EuRepoC incident {incident_id}"
        props = {"name": name, "dataset": EUREPOC, "source_id": incident_id, **name_props([name])}
        self.rows.node("Campaign", campaign_id(incident_id), props, owned=False)

    def _response(self, inc: Incident, campaign: Node, response: Response) -> None:
        """A political or legal response: an Event concerning the incident and the actor."""
        values = response.values
        what = values.get("type_subcode") or values.get("type") or response.kind
        actor = values.get("actor")
        by = f" by {actor}" if actor else ""
        where = f" ({values['country']})" if values.get("country") else ""
        if response.date is None:
            self.tally.skipped[f"{response.kind}s without a date (kept out of the timeline)"] += 1
            return
        self.tally.responses[response.kind] += 1
        eid = f"eurepoc:response:{inc.id}:{response.kind}:{response.number}"
        event = self.rows.node("Event", eid, {
            "name": f"{what}{by}{where}", "kind": response.kind, "dataset": EUREPOC,
            "source_id": f"{inc.id}:{response.kind}:{response.number}",
            "date": response.date.value, "date_precision": response.date.precision,
            "date_raw": response.date_raw, "response_type": values.get("type"),
            "response_subcode": values.get("type_subcode"), "actor": actor,
            "country": values.get("country"),
            "description": f"EuRepoC lists this {response.kind.replace('-', ' ')} to "
            f"{inc.name or inc.id}.",
        })  # fmt: skip
        self.rows.edge("CONCERNS", event, campaign)
        if actor:
            org = self.rows.ref("Organisation", self.reg.organisation(actor).row())
            self.rows.edge("CONCERNS", event, org)
        self.rows.cites(event, [DATASET_SOURCE])

    # -- attributions ---------------------------------------------------------------------
    def entry(self, entry: Entry, incident: Incident | None) -> None:
        """The claims of one attribution entry; `incident`: its Global Database row (None for
        an Attribution dataset row, whose rows never depend on another file)."""
        self.tally.entries += 1
        owned = incident is not None
        text = entry.get("attributed_initiator")
        found, target = self.initiator(text, owned=owned) if text else (None, None)
        country_name = entry.get("attributed_initiator_country")
        country = self._country(country_name, "attributed countries") if country_name else None
        obj = target or (("Country", country.id) if country else None)
        if obj is None:
            self.tally.skipped["attribution entries naming no initiator and no known country"] += 1
            return
        receivers = incident.lists["receiver_name"] if incident else None
        receiver_countries = incident.lists["receiver_country"] if incident else None
        for who in cl.claimants(entry, receivers, receiver_countries, target is not None):
            self._attribution(entry, incident, who, found, obj, country, owned)

    def _attribution(
        self, entry: Entry, incident: Incident | None, who: cl.Claimant,
        found: Initiator | None, obj: Node, country: CountryRef | None, owned: bool,
    ) -> None:  # fmt: skip
        claimant = self.rows.ref("Organisation", who.org.row()) if who.org else obj
        cid = f"eurepoc:attribution:{claim_key(entry, found.raw if found else None)}"
        claim = self._claims.get((cid, owned))
        if claim is None:
            claim = _Claim(self._claim_props(entry, incident, who, found, obj, country), owned)
            self._claims[(cid, owned)] = claim
        if not who.pending:
            self.rows.edge("CLAIMED_BY", ("Claim", cid), claimant)
        self.rows.edge("SUBJECT", ("Claim", cid), ("Campaign", campaign_id(entry.incident)))
        self.rows.edge("OBJECT", ("Claim", cid), obj)
        if entry.get("attributed_initiator_country"):  # as EuRepoC writes it
            claim.countries[entry.get("attributed_initiator_country") or ""] = None
        category = entry.get("attributed_initiator_category")
        if category:
            claim.categories[category] = None
        claim.keys[entry.source_key] = None
        self._cite_urls(("Claim", cid), entry.urls)
        self._state_link(cid, entry, who, claimant, found, obj, country, category, owned)

    def _claim_props(
        self, entry: Entry, incident: Incident | None, who: cl.Claimant,
        found: Initiator | None, obj: Node, country: CountryRef | None,
    ) -> dict[str, Any]:  # fmt: skip
        incident_name = (
            incident.name if incident else None
        ) or f"EuRepoC incident {entry.incident}"
        target = (found.target.names[0] if found else None) or (country.name if country else "")
        props: dict[str, Any] = {
            "kind": "attribution", "dataset": EUREPOC, "basis": cl.basis(entry),
            "confidence_label": NO_CONFIDENCE.label, "confidence_scale": NO_CONFIDENCE.scale,
            **dated("made_on", entry.date), "made_on_raw": entry.date_raw,
            **{col: value for col, value in entry.values.items()
               if value and col not in ("attributed_initiator_country",
                                        "attributed_initiator_category")},
            **{f"{col}_original": text for col, text in entry.raw.items()},
            "claimant_how": who.how, "claimant_kind": _claimant_kind(who),
        }  # fmt: skip
        notes = []
        if who.how == cl.INFERRED:
            props.update(claimant_inferred=True, claimant_rule=who.rule)
            notes.append(f"Claimant inferred by rule: {who.rule}.")
        if who.pending:
            props["claimant_pending"] = True
        elif who.how == cl.NONE:
            notes.append("EuRepoC names no attributor and its attribution_basis says nothing "
                         "about who attributed it.")  # fmt: skip
        if cl.is_contested(entry):  # no one is named as disputing it: no denial claim to make
            props["contested"] = True
        start = incident.start if incident else None
        if entry.date and start and period_end(entry.date) < start.value:
            props["before_incident_start"] = True
            notes.append(f"Dated {entry.date} by EuRepoC, before the incident's start "
                         f"({start}).")  # fmt: skip
        if notes:
            props["note"] = " ".join(notes)
        props["statement"] = _statement(who, obj, incident_name, target, cl.is_contested(entry))
        return props

    def _state_link(
        self, cid: str, entry: Entry, who: cl.Claimant, claimant: Node,
        found: Initiator | None, obj: Node, country: CountryRef | None,
        category: str | None, owned: bool,
    ) -> None:  # fmt: skip
        """A state-linked category: the initiator (a person's group) is linked to the state."""
        subject = obj
        if found and isinstance(found.target, Person):
            group = found.member_of
            subject = ("Actor", record_id(group.key)) if group and group.key else obj
        if subject[0] != "Actor" or country is None or not cl.is_state_link(category):
            return
        if who.pending:  # the Global Database names who linked it, and plans the claim
            return
        name = self._claims[(cid, owned)].props.get("attributed_initiator") or subject[1]
        sid = f"eurepoc:sponsorship:{cid.removeprefix('eurepoc:attribution:')}:{country.id}"
        self._sponsorships.add(sid)
        by = who.org.name[:1].upper() + who.org.name[1:] if who.org else name
        self.rows.claim(
            sid, kind="sponsorship", claimant=claimant, subject=subject,
            obj=("Country", country.id), dataset=EUREPOC, sources=[DATASET_SOURCE],
            confidence=NO_CONFIDENCE, basis=cl.basis(entry), made_on=entry.date,
            statement=f"{by} links {name} to the state of {country.name} (EuRepoC: attributed "
            f"initiator's country, category {category!r}).",
            attribution=cid, source_id=entry.source_key, owned=owned,
            **({"claimant_inferred": True, "claimant_rule": who.rule}
               if who.how == cl.INFERRED else {}),
        )  # fmt: skip

    # -- result ---------------------------------------------------------------------------
    def finish(self) -> Plan:
        """The plan: claims with their lists, initiator records and persons (named by their
        most used spelling); a node the import owns is not also planned as a reference."""
        self.tally.sponsorships = len(self._sponsorships)
        for (cid, _), claim in sorted(self._claims.items()):
            if not claim.owned and (cid, True) in self._claims:
                continue  # described by both files: the Attribution dataset's claim
            props = {
                **claim.props,
                "attributed_initiator_country": list(claim.countries),
                "attributed_initiator_category": list(claim.categories),
                "source_id": min(claim.keys), "source_ids": sorted(claim.keys),
            }  # fmt: skip
            self.tally.attributions += 1
            self.tally.undated += "made_on" not in props
            self.tally.year_dates += props.get("made_on_precision") == "year"
            self.tally.before_start += bool(props.get("before_incident_start"))
            self.tally.contested += bool(props.get("contested"))
            self.tally.named += props["claimant_how"] == cl.NAMED
            self.tally.kinds[props["claimant_kind"]] += 1
            if props.get("claimant_rule"):
                self.tally.rules[props["claimant_rule"].split(": ", 1)[-1]] += 1
            self.rows.node("Claim", cid, props, owned=claim.owned)
        for owned in (True, False):
            for key, rec in sorted(self._records[owned].items()):
                name = min(rec.spellings, key=lambda s: (-rec.spellings[s], s))
                self.rows.actor_record(
                    record_id(key), dataset=EUREPOC, source_id=name, name=name,
                    aliases=list(rec.names), sources=[DATASET_SOURCE], owned=owned,
                    kind="threat-actor", external_ids=list(rec.external_ids),
                    raw_names=list(rec.raw),
                )  # fmt: skip
            for key, rec in sorted(self._persons[owned].items()):
                self.tally.persons += owned or key not in self._persons[True]
                name = min(rec.spellings, key=lambda s: (-rec.spellings[s], s))
                others = [n for n in rec.names if n != name]
                person = self.rows.node("Person", person_id(key), {
                    "name": name, "aliases": others, "dataset": EUREPOC, "role": "initiator",
                    "raw_names": list(rec.raw), **name_props([name, *others]),
                }, owned=owned)  # fmt: skip
                self.rows.cites(person, [DATASET_SOURCE])
        return self.rows.finish()

    @property
    def initiators(self) -> int:
        return len(self._records[True].keys() | self._records[False].keys())


def _claimant_kind(who: cl.Claimant) -> str:
    """party (an organisation, a government, a receiver or the initiator itself), category
    (an unnamed kind: "the IT-security community"), pending (only the Global Database can
    name it) or none (the row says nothing about who spoke)."""
    if who.how == cl.NONE:
        return "none"
    return "pending" if who.pending else "category" if who.category else "party"


def _statement(who: cl.Claimant, obj: Node, incident: str, target: str, contested: bool) -> str:
    if who.how == cl.NONE:
        text = f"EuRepoC records an attribution of {incident} to {target} by an unnamed attributor."
    elif who.pending:
        text = f"EuRepoC records an attribution of {incident} to {target} ({who.rule})."
    elif who.org is None:  # the attributed initiator speaks for itself
        text = f"{target} claims responsibility for {incident} (self-attribution)."
    else:
        text = f"{who.org.name[:1].upper()}{who.org.name[1:]} attributes {incident} to {target}."
    if contested:
        text += " EuRepoC codes this attribution as contested."
    return text
