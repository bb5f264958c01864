"""Plan the rows of checked galaxies: actor records, naming and record claims, state links.

What each cluster becomes (docs/identity.md, "For importer authors"):
- an `Actor` record `misp:<uuid>` of the galaxy's dataset, citing the dataset's `Source`;
- per `name-attribution` "NAME:PRODUCER": a naming claim by the producer's organisation that
  the galaxy reports (`naming: reported`: "MITRE calls it G0082, according to MISP"), or
  first-hand (`given`) in the producer's own list (Microsoft's galaxy naming Microsoft);
- per `related` link about identity: a record claim by the galaxy's publisher (the MISP
  Project) naming the other cluster in `object_record` (`similar` -> same-as with the
  estimative-language likelihood; `overlaps`; `associated-with`, `linked-to`, `related-to`,
  `part-of` -> associated). `uses`, `targets`, ... are about tools and victims: skipped;
- in Microsoft's galaxy, a weather-family cluster listing another cluster's primary name
  (Silk Typhoon: HAFNIUM): Microsoft's same-as claim that it renamed that group;
- in Microsoft's galaxy, each cluster's own name: Microsoft's naming claim;
- `country` -> OPERATES_FROM the country; `cfr-suspected-state-sponsor` -> a sponsorship claim
  by the Council on Foreign Relations, as the galaxy reports it ("Unknown": no country).
Organisations and countries are registry references (loader.registry), never overwritten;
the rows are spelled by loader.rows.PlanBuilder, as every dataset importer's are.
"""

from __future__ import annotations

from typing import Any

from attrib.identity import datasets as ds
from attrib.names import name_key
from loader.confidence import Confidence, normalise
from loader.plan import Plan
from loader.registry import UNREGISTERED_PREFIX, OrgRef, registry
from loader.rows import Node, PlanBuilder
from loader.sources.misp import model as g
from loader.sources.misp.summary import Tallies

GALAXY_URL = "https://github.com/MISP/misp-galaxy"
NAMING = normalise("naming (definitional)", "wording", 100)  # as the seed's naming claims
RENAMING = normalise("renaming (definitional)", "wording", 100)
NOT_STATED = Confidence("not stated in the galaxy", "wording", None)


def record_id(uuid: str) -> str:
    return f"misp:{uuid}"


def dataset_source_id(dataset: str) -> str:
    return ds.source_id(dataset)


class Planner:
    """Rows of every galaxy of one import, into one Plan (`finish`)."""

    def __init__(self) -> None:
        self.rows = PlanBuilder()
        self.reg = registry()
        # the clusters of the galaxy being planned: its rows never depend on the files loaded
        # with it, so a link names only a cluster of its own file
        self._names: dict[str, str] = {}

    def finish(self) -> Plan:
        return self.rows.finish()

    # -- rows -----------------------------------------------------------------------------
    def _org(self, org: OrgRef) -> Node:
        return self.rows.ref("Organisation", org.row())

    def _claim(
        self,
        cid: str,
        kind: str,
        claimant: OrgRef,
        subject: str,
        source: str,
        conf: Confidence,
        statement: str,
        *,
        obj: Node | None = None,
        **props: Any,
    ) -> bool:
        """A claim with its claimant, subject and dataset source; False if planned already
        (the first planning of a claim id wins, and is counted once)."""
        if self.rows.has(cid):
            return False
        self.rows.claim(
            cid,
            kind=kind,
            claimant=self._org(claimant),
            subject=("Actor", subject),
            statement=statement,
            dataset=source.removeprefix(ds.SOURCE_PREFIX),
            sources=[source],
            confidence=conf,
            obj=obj,
            **props,
        )
        return True

    def _naming(
        self, rid: str, name: str, giver: OrgRef, naming: str, source: str, statement: str,
        cid: str,
    ) -> bool:  # fmt: skip
        """A naming claim (docs/identity.md): `giver` gave `name`, first-hand or as the
        galaxy reports it; False if planned already or the name has nothing to find it by."""
        if self.rows.has(cid):
            return False
        found = self.rows.naming_claim(
            ("Actor", rid), name, giver=self._org(giver),
            dataset=source.removeprefix(ds.SOURCE_PREFIX), source=source, confidence=NAMING,
            statement=statement, cid=cid, naming=naming,
        )  # fmt: skip
        return found is not None

    # -- one galaxy -----------------------------------------------------------------------
    def galaxy(self, gal: g.Galaxy, producers: dict[str, g.Producer] | None) -> Tallies:
        """Plan the galaxy's clusters; `producers` None: no producer.json was found."""
        dataset = ds.misp_dataset(gal.type)
        source = dataset_source_id(dataset)
        version = f", version {gal.version}" if gal.version else ""
        self.rows.node(
            "Source",
            source,
            {
                "title": f"MISP galaxy {gal.name} ({gal.type}{version})",
                "publisher": gal.source or "MISP Project",
                "url": GALAXY_URL,
                "version": gal.version,
                "language": "en",
                "authors": list(gal.authors),
            },
        )
        reporter = self.reg.organisation(gal.source or "MISP Project")
        self._names = {c.uuid: c.value for c in gal.clusters}
        tally = Tallies()
        for cluster in gal.clusters:
            self._record(dataset, source, cluster)
            tally.records += 1
            tally.names += 1 + len(cluster.aliases)
            self._namings(gal, source, cluster, producers, tally)
            if gal.type == g.MICROSOFT_TYPE:
                self._microsoft_name(gal, source, cluster, tally)
            self._state(gal, source, cluster, tally)
            self._links(gal, source, reporter, cluster, tally)
        if gal.type == g.MICROSOFT_TYPE:
            tally.renames = self._renames(gal, source)
        return tally

    def _links(
        self, gal: g.Galaxy, source: str, reporter: OrgRef, c: g.Cluster, tally: Tallies
    ) -> None:
        """The record claims of a cluster's `related` links about identity."""
        rid = record_id(c.uuid)
        for link in c.related:
            kind = g.IDENTITY_LINKS.get(link.type)
            if kind is None or link.dest == c.uuid:
                tally.skipped_links[link.type if kind is None else "a link to itself"] += 1
                continue
            conf = NOT_STATED
            if link.likelihood:  # the DNI scale's number, the galaxy's own word
                found = normalise(link.likelihood.replace("-", " "), "dni")
                conf = Confidence(link.likelihood, found.scale, found.value)
            other = self._names.get(link.dest, f"the MISP cluster {link.dest}")
            said = f" ({link.likelihood})" if link.likelihood else ""
            statement = (
                f"The MISP galaxy {gal.name} links {c.value} to {other} as '{link.type}'{said}."
            )
            cid = f"{rid}:{link.type}:{link.dest}"
            extra: dict[str, Any] = {
                "object_record": record_id(link.dest),
                "misp_relation": link.type,
            }
            if self._claim(cid, kind, reporter, rid, source, conf, statement, **extra):
                tally.claims[kind] += 1

    def _record(self, dataset: str, source: str, c: g.Cluster) -> None:
        names = [c.value, *c.aliases]
        self.rows.actor_record(
            record_id(c.uuid),
            dataset=dataset,
            source_id=c.uuid,
            name=c.value,
            aliases=c.aliases,
            sources=[source],
            description=c.description,
            kind="threat-actor",
            external_ids=sorted({n for n in names if g.ATTACK_GROUP_ID.match(n)}),
            refs=list(c.refs),
            victims=list(c.victims),
            sectors=list(c.sectors),
            incident_types=list(c.incident_types),
            attribution_confidence=c.attribution_confidence,
        )

    def _producer(self, producer: g.Producer) -> OrgRef:
        """The organisation of a producer: by its uuid, a registered name or synonym, or
        its own folded name."""
        for name in (producer.name, *producer.synonyms):
            org = self.reg.organisation(name, external_ids=(producer.uuid,), kind=producer.kind)
            if not org.id.startswith(UNREGISTERED_PREFIX):
                return org
        return self.reg.organisation(producer.name, kind=producer.kind)

    def _namings(
        self,
        gal: g.Galaxy,
        source: str,
        c: g.Cluster,
        producers: dict[str, g.Producer] | None,
        tally: Tallies,
    ) -> None:
        rid = record_id(c.uuid)
        gal_dataset = ds.misp_dataset(gal.type)
        for name, puuid, _ in c.attributions:
            if producers is not None:
                org = self._producer(producers[puuid])
            else:  # without producer.json only the registry's producer uuids are known
                org = self.reg.organisation(f"misp-producer-{puuid}", external_ids=(puuid,))
                if org.id.startswith(UNREGISTERED_PREFIX):
                    tally.unattributed += 1
                    continue
            # first-hand when the galaxy is the producer's own list (Microsoft's), else the
            # galaxy reports who gave the name: "MITRE calls it G0082, says MISP"
            naming = ds.GIVEN if ds.OWNERS.get(gal_dataset) == org.id else ds.REPORTED
            statement = (
                f"{org.name} calls {c.value} {name!r} (MISP galaxy {gal.name}, name-attribution)."
            )
            cid = f"{rid}:name:{name_key(name)}:{puuid}"
            if self._naming(rid, name, org, naming, source, statement, cid):
                tally.namings += 1

    def _microsoft_name(self, gal: g.Galaxy, source: str, c: g.Cluster, tally: Tallies) -> None:
        """The activity-group galaxy is Microsoft's list: a cluster's own name is Microsoft's
        naming claim, as a threat-actor cluster's `name-attribution` to Microsoft would be."""
        key = name_key(c.value)
        if not key or any(name_key(name) == key for name, _, _ in c.attributions):
            return  # no name, or its name-attribution says who gave it already
        microsoft = self.reg.organisation("Microsoft")
        statement = f"Microsoft calls this group {c.value!r} (MISP galaxy {gal.name})."
        cid = f"{record_id(c.uuid)}:name:{key}:{microsoft.id}"
        if self._naming(record_id(c.uuid), c.value, microsoft, ds.GIVEN, source, statement, cid):
            tally.namings += 1

    def _state(self, gal: g.Galaxy, source: str, c: g.Cluster, tally: Tallies) -> None:
        rid = record_id(c.uuid)
        if c.country and g.is_absent(c.country):
            tally.absent_countries[c.country] += 1
        elif c.country:
            country = self.reg.country(c.country)
            if country is None:
                tally.unknown_countries[c.country] += 1
            else:
                target = self.rows.ref("Country", country.row())
                self.rows.edge("OPERATES_FROM", ("Actor", rid), target, sources=[source])
                tally.countries += 1
        if c.sponsor and g.is_absent(c.sponsor):
            tally.absent_countries[c.sponsor] += 1
        if not c.sponsor or g.is_absent(c.sponsor):
            return
        sponsor = self.reg.country(c.sponsor)
        if sponsor is None:
            tally.unknown_countries[c.sponsor] += 1
            return
        conf = NOT_STATED
        if c.attribution_confidence is not None:
            conf = normalise(str(c.attribution_confidence), "0-100")
        cfr = self.reg.organisation("Council on Foreign Relations")
        said = f" with attribution confidence {conf.value}" if conf.value is not None else ""
        statement = (
            f"The Council on Foreign Relations names {sponsor.name} as the suspected "
            f"state sponsor of {c.value}{said}, as reported by the MISP galaxy "
            f"{gal.name} (cfr-suspected-state-sponsor)."
        )
        cid = f"{rid}:sponsor:{sponsor.id}"
        state = self.rows.ref("Country", sponsor.row())
        if self._claim(cid, "sponsorship", cfr, rid, source, conf, statement, obj=state):
            tally.sponsorships += 1

    def _renames(self, gal: g.Galaxy, source: str) -> int:
        """Microsoft's old-name/new-name pairs within its own galaxy."""
        primary: dict[str, list[g.Cluster]] = {}
        for c in gal.clusters:
            primary.setdefault(name_key(c.value), []).append(c)
        microsoft = self.reg.organisation("Microsoft")
        count = 0
        for new in gal.clusters:
            if new.value.split()[-1] not in g.WEATHER_FAMILIES:
                continue
            for alias in new.aliases:
                found = primary.get(name_key(alias), [])
                if len(found) != 1 or found[0] is new:
                    continue
                old = found[0]
                statement = (
                    f"Microsoft renamed {old.value} {new.value} (its 2023 weather "
                    f"naming; the MISP galaxy {gal.name} lists {old.value} as a "
                    f"synonym of {new.value})."
                )
                cid = f"{record_id(new.uuid)}:renamed-from:{old.uuid}"
                count += self._claim(
                    cid,
                    ds.SAME_AS,
                    microsoft,
                    record_id(new.uuid),
                    source,
                    RENAMING,
                    statement,
                    object_record=record_id(old.uuid),
                    misp_relation="renamed-from",
                )
        return count
