"""Deterministic synthetic attribution corpora for the benchmarks (seed YAML and STIX 2.1).

A corpus looks like real attribution data at scale: states with their agencies and officials,
security vendors and media that make claims, threat actors with vendor aliases, campaigns with
victims, tools, vulnerabilities and infrastructure, sources with reliability, dated events, and
claims of every kind (attribution, sponsorship, denial, corroboration, non-attribution, alias,
fact) with confidence on every STIX 2.1 Appendix A scale. Popularity is skewed (a few actors and
vendors carry most claims, as APT28 or Microsoft do), so hub nodes exist at every size.

Sizes (nodes / relationships the loader writes):

    S   ~10k nodes,   ~40k relationships
    M  ~100k nodes,  ~400k relationships
    L    ~1M nodes,    ~5M relationships

The same (size, seed) always gives byte-identical files. YAML is written in several files per
section (at most CHUNK records each), in the format of docs/seed-format.md, so the real loader
is what gets measured. `manifest.json` beside the files holds the counts and query parameters
sampled from the corpus (ids, names, aliases, dates) for the query benchmarks.

Usage:
    python -m benchmarks.corpus S                 # -> benchmarks/corpus/S-seed1/yaml/
    python -m benchmarks.corpus M --stix          # also STIX 2.1 bundles (stix2 library)
    python -m benchmarks.corpus L --out /tmp/corpus-L
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from loader.stix_common import RELATION_TO_STIX

GENERATOR_VERSION = 4  # bump when the output changes: cached corpora are regenerated
CHUNK = 5_000  # records per YAML file (the loader holds one file at a time)
HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE / "corpus"


@dataclass(frozen=True)
class Profile:
    """How many records of each kind; fan-outs are per record (averages)."""

    name: str
    organisations: int
    people: int
    actors: int
    campaigns: int
    tools: int
    vulnerabilities: int
    infrastructure: int
    sources: int
    events: int
    claims: int
    claim_sources: float  # sources cited per claim (average)
    relation_scale: float  # multiplies the per-record relation fan-outs


PROFILES: dict[str, Profile] = {
    "S": Profile("S", 1_400, 300, 250, 900, 350, 400, 1_200, 1_600, 800, 2_800, 2.5, 1.0),
    "M": Profile(
        "M", 14_000, 3_000, 2_500, 9_000, 3_500, 4_000, 12_000, 16_000, 8_000, 28_000, 2.5, 1.0
    ),
    "L": Profile(
        "L",
        140_000,
        30_000,
        25_000,
        90_000,
        35_000,
        40_000,
        120_000,
        160_000,
        80_000,
        280_000,
        3.6,
        1.55,
    ),
}

# --- vocabulary ------------------------------------------------------------------------------

# Real ISO 3166-1 alpha-2 codes and names; the rest of the 250 countries get synthetic names.
REAL_COUNTRIES = [
    ("CN", "China"),
    ("RU", "Russia"),
    ("IR", "Iran"),
    ("KP", "North Korea"),
    ("US", "United States"),
    ("GB", "United Kingdom"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("IN", "India"),
    ("PK", "Pakistan"),
    ("IL", "Israel"),
    ("UA", "Ukraine"),
    ("BY", "Belarus"),
    ("VN", "Vietnam"),
    ("TR", "Turkey"),
    ("SA", "Saudi Arabia"),
    ("AE", "United Arab Emirates"),
    ("AU", "Australia"),
    ("CA", "Canada"),
    ("NZ", "New Zealand"),
    ("NL", "Netherlands"),
    ("BE", "Belgium"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("PL", "Poland"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("FI", "Finland"),
    ("DK", "Denmark"),
    ("EE", "Estonia"),
    ("LV", "Latvia"),
    ("LT", "Lithuania"),
    ("CZ", "Czechia"),
    ("AT", "Austria"),
    ("CH", "Switzerland"),
    ("BR", "Brazil"),
    ("MX", "Mexico"),
    ("AR", "Argentina"),
    ("ZA", "South Africa"),
    ("NG", "Nigeria"),
    ("EG", "Egypt"),
    ("SG", "Singapore"),
    ("MY", "Malaysia"),
    ("ID", "Indonesia"),
    ("PH", "Philippines"),
    ("TW", "Taiwan"),
    ("TH", "Thailand"),
    ("LB", "Lebanon"),
    ("SY", "Syria"),
    ("GE", "Georgia"),
    ("AM", "Armenia"),
    ("AZ", "Azerbaijan"),
    ("KZ", "Kazakhstan"),
    ("MN", "Mongolia"),
    ("IE", "Ireland"),
    ("PT", "Portugal"),
    ("GR", "Greece"),
    ("HU", "Hungary"),
]
N_COUNTRIES = 250
N_STATES = 12  # countries that host most actors (skewed, as in reality)
SECTORS = [
    "Government",
    "Defence",
    "Energy",
    "Finance",
    "Healthcare",
    "Telecommunications",
    "Technology",
    "Education",
    "Media",
    "Manufacturing",
    "Transport",
    "Aviation",
    "Maritime",
    "Legal",
    "Retail",
    "Hospitality",
    "Pharmaceuticals",
    "Chemicals",
    "Mining",
    "Water",
    "Agriculture",
    "Think tanks",
    "NGOs",
    "Elections",
    "Cryptocurrency",
    "Gaming",
    "Construction",
    "Insurance",
    "Satellite",
    "Semiconductors",
    "Automotive",
    "Logistics",
    "Research",
    "Diplomacy",
    "Law enforcement",
    "Critical manufacturing",
    "Food",
    "Entertainment",
    "Religious organisations",
    "Real estate",
]
ADJ = [
    "Silk",
    "Velvet",
    "Cozy",
    "Fancy",
    "Charming",
    "Lazarus",
    "Sandy",
    "Stone",
    "Wicked",
    "Mustang",
    "Volt",
    "Midnight",
    "Forest",
    "Aqua",
    "Mint",
    "Peach",
    "Crimson",
    "Granite",
    "Hidden",
    "Mango",
    "Salt",
    "Ember",
    "Pearl",
    "Onyx",
    "Cobalt",
    "Amber",
    "Ivory",
    "Jade",
    "Lunar",
    "Solar",
    "Frost",
    "Storm",
    "Ghost",
    "Iron",
    "Copper",
    "Scarlet",
    "Golden",
    "Silent",
    "Rapid",
    "Twisted",
    "Quiet",
    "Hollow",
    "Broken",
    "Shadow",
    "Gentle",
    "Brave",
]
NOUN = [
    "Typhoon",
    "Blizzard",
    "Sleet",
    "Tempest",
    "Sandstorm",
    "Panda",
    "Bear",
    "Kitten",
    "Chollima",
    "Spider",
    "Tiger",
    "Jackal",
    "Leopard",
    "Hornet",
    "Falcon",
    "Viper",
    "Owl",
    "Raven",
    "Wolf",
    "Badger",
    "Heron",
    "Mantis",
    "Cobra",
    "Lynx",
    "Dragon",
    "Phoenix",
    "Kraken",
    "Hydra",
    "Wyvern",
    "Scorpion",
    "Manticore",
    "Sphinx",
    "Griffin",
    "Basilisk",
]
VENDOR_PREFIX = ["APT", "TA", "UNC", "G", "DEV-", "Storm-", "TEMP.", "FIN", "UAC-", "TAG-"]
VENDORS = [
    "Microsoft",
    "Mandiant",
    "CrowdStrike",
    "Recorded Future",
    "Secureworks",
    "ESET",
    "Kaspersky",
    "Palo Alto Unit 42",
    "Proofpoint",
    "Cisco Talos",
    "Symantec",
    "Trend Micro",
    "Check Point",
    "Google TAG",
    "SentinelOne",
    "Volexity",
    "Sophos",
    "Cybereason",
    "Group-IB",
    "Positive Technologies",
    "Qihoo 360",
    "Dragos",
    "Trellix",
    "Bitdefender",
]
MEDIA = [
    "Reuters",
    "BBC News",
    "The Guardian",
    "The New York Times",
    "Le Monde",
    "NHK",
    "Nikkei",
    "Der Spiegel",
    "The Record",
    "BleepingComputer",
    "Wired",
    "Ars Technica",
    "El País",
    "Yomiuri Shimbun",
    "Washington Post",
    "Financial Times",
    "Xinhua",
    "TASS",
]
AGENCY_KINDS = [
    "Ministry of State Security",
    "Intelligence Directorate",
    "Cyber Command",
    "Signals Intelligence Agency",
    "Ministry of Foreign Affairs",
    "National Cyber Security Centre",
    "Police Cyber Unit",
    "Ministry of Defence",
]
FIRST = [
    "Alex",
    "Sam",
    "Kim",
    "Yuki",
    "Ivan",
    "Li",
    "Maria",
    "Omar",
    "Anna",
    "Ravi",
    "Elena",
    "Hiro",
    "Chen",
    "Fatima",
    "John",
    "Sofia",
    "Ahmed",
    "Olga",
    "Wei",
    "Nadia",
]
LAST = [
    "Smith",
    "Ivanov",
    "Tanaka",
    "Wang",
    "Kim",
    "Khan",
    "García",
    "Müller",
    "Dubois",
    "Rossi",
    "Nowak",
    "Sato",
    "Zhang",
    "Petrov",
    "Cohen",
    "Singh",
    "Hansen",
    "Silva",
]
ROLES = [
    "Foreign Secretary",
    "Minister",
    "Spokesperson",
    "Director",
    "Threat researcher",
    "Ambassador",
    "Prosecutor",
    "Chief Information Security Officer",
    "Analyst",
]
PRODUCTS = [
    "Exchange Server",
    "Confluence",
    "FortiOS",
    "Pulse Connect Secure",
    "Citrix ADC",
    "MOVEit Transfer",
    "Log4j",
    "Ivanti EPMM",
    "Outlook",
    "Chrome",
    "Windows SMB",
    "Apache Struts",
    "vCenter",
    "SharePoint",
    "GlobalProtect",
    "WinRAR",
    "Zimbra",
]
TOOL_WORDS = [
    "Shadow",
    "Pad",
    "Plug",
    "X",
    "Cobalt",
    "Mimi",
    "Drop",
    "Hammer",
    "Cat",
    "Chopper",
    "Agent",
    "Loader",
    "Rat",
    "Wiper",
    "Stealer",
    "Door",
    "Beacon",
]
# words for the names of companies and other organisations, and the kinds of events
ORG_WORDS = [
    "Systems",
    "Bank",
    "Energy",
    "Telecom",
    "Logistics",
    "Health",
    "University",
    "Foundation",
]
EVENT_KINDS = [
    "intrusion",
    "disclosure",
    "patch",
    "statement",
    "discovery",
    "exploitation",
    "other",
]
LANGS = ["en"] * 8 + ["ja", "de", "fr", "es", "ru", "zh", "ko"]
BASES = ["technical", "intelligence", "political", "legal", "reporting", "unspecified"]
# the confidence labels claims draw from, per STIX 2.1 Appendix A scale (in draw order)
LABELS_BY_SCALE: dict[str, list[Any]] = {
    "none-low-med-high": ["High", "Med", "Low"],
    "dni": [
        "Very Likely / Highly Probable",
        "Likely / Probable",
        "Almost Certain / Nearly Certain",
        "Roughly Even Chance / Roughly Even Odds",
    ],
    "wep": ["Likely/Probable", "Highly likely/Almost Certain"],
    "admiralty": ["2 - Probably True", "3 - Possibly True", "6 - Truth cannot be judged"],
    "0-10": [8, 6],
    "0-100": [75],
}
CONFIDENCES: list[dict[str, Any]] = [
    *({"label": label, "scale": scale} for scale, ls in LABELS_BY_SCALE.items() for label in ls),
    {"label": "assessed with moderate confidence", "scale": "wording", "value": 60},
    {"label": "stated as fact", "scale": "wording", "value": 90},
]
DENIAL_CONF: list[dict[str, Any]] = [
    {"label": "categorically denies", "scale": "wording", "value": 95},
    {"label": "High", "scale": "none-low-med-high"},
]
EPOCH = dt.date(2005, 1, 1)
DAYS = (dt.date(2025, 6, 30) - EPOCH).days


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def ql(items: list[str]) -> str:
    """A YAML flow sequence of double-quoted scalars."""
    return "[" + ", ".join(q(i) for i in items) + "]"


Fields = dict[str, str | None]  # a record's fields in order, YAML text each; None = left out
Fan = tuple[str, list[str], float, float]  # relation type, target pool, average count, skew


def qm(mapping: dict[str, Any]) -> str:
    """A YAML flow mapping: strings double-quoted, numbers as they are."""
    items = (f"{k}: {q(v) if isinstance(v, str) else v}" for k, v in mapping.items())
    return "{" + ", ".join(items) + "}"


def record(fields: Fields) -> str:
    """One YAML list item, a `key: value` line per field in order; a None value is left out.

    Values are YAML text already (see `q`, `ql`, `qm`). Callers build the mapping as a dict
    literal, which evaluates left to right: the random draws inside it happen in the order the
    fields are written, which is what keeps a (size, seed) giving the same corpus.
    """
    return "- " + "\n  ".join(f"{k}: {v}" for k, v in fields.items() if v is not None) + "\n"


class Corpus:
    """Generates one corpus; records are yielded section by section (never all held)."""

    def __init__(self, profile: Profile, seed: int) -> None:
        self.p = profile
        self.seed = seed
        self.rng = random.Random(f"{profile.name}-{seed}")
        r = self.rng
        # country table: real first, then synthetic codes not used by a real country
        used = {c for c, _ in REAL_COUNTRIES}
        spare = [
            a + b
            for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            if a + b not in used
        ]
        r.shuffle(spare)
        self.countries = list(REAL_COUNTRIES) + [
            (code, f"Republic of {code[0]}{code[1].lower()}ria")
            for code in spare[: N_COUNTRIES - len(REAL_COUNTRIES)]
        ]
        self.country_ids = [self._country_id(i) for i in range(N_COUNTRIES)]
        self.sector_ids = [f"sector-{i:03d}" for i in range(len(SECTORS))]
        # organisations: the first block are state organs (agencies, governments) of the
        # N_STATES active states and others, then vendors, media, then companies and others.
        n_org = profile.organisations
        self.n_gov = max(N_STATES * 4, n_org // 40)
        self.n_vendor = max(len(VENDORS), n_org // 100)
        self.n_media = max(len(MEDIA), n_org // 60)
        self.org_ids = [f"org-{i:06d}" for i in range(n_org)]
        self.person_ids = [f"person-{i:06d}" for i in range(profile.people)]
        self.actor_ids = [f"actor-{i:06d}" for i in range(profile.actors)]
        self.campaign_ids = [f"campaign-{i:06d}" for i in range(profile.campaigns)]
        self.tool_ids = [f"tool-{i:06d}" for i in range(profile.tools)]
        self.vuln_ids = [f"cve-{i:06d}" for i in range(profile.vulnerabilities)]
        self.infra_ids = [f"infra-{i:06d}" for i in range(profile.infrastructure)]
        self.source_ids = [f"src-{i:07d}" for i in range(profile.sources)]
        self.event_ids = [f"event-{i:06d}" for i in range(profile.events)]
        self.claim_ids = [f"claim-{i:07d}" for i in range(profile.claims)]
        # names are drawn once (aliases point at them); actors' home states are skewed
        self.actor_names = [self._actor_name(i) for i in range(profile.actors)]
        self.actor_home = [
            self._skew(N_STATES) if r.random() < 0.85 else r.randrange(N_COUNTRIES)
            for _ in range(profile.actors)
        ]
        self.campaign_actor = [self._skew(profile.actors) for _ in range(profile.campaigns)]
        self.samples: dict[str, list[Any]] = {}
        self.counts: dict[str, int] = {}

    # --- helpers --------------------------------------------------------------------------

    def _country_id(self, i: int) -> str:
        code, _name = REAL_COUNTRIES[i] if i < len(REAL_COUNTRIES) else self.countries[i]
        return "country-" + code.lower()

    def _skew(self, n: int, power: float = 2.0) -> int:
        """An index in [0, n) with a long tail: low indices are popular (hubs)."""
        return min(n - 1, int(n * self.rng.random() ** power))

    def _date(self, lo: int = 0, hi: int = DAYS) -> dt.date:
        return EPOCH + dt.timedelta(days=self.rng.randrange(lo, hi))

    def _partial(self, d: dt.date) -> str:
        x = self.rng.random()
        if x < 0.08:
            return f"{d.year:04d}"
        if x < 0.25:
            return f"{d.year:04d}-{d.month:02d}"
        return d.isoformat()

    def _actor_name(self, i: int) -> str:
        r = self.rng
        return (
            f"{r.choice(ADJ)} {r.choice(NOUN)} {i}"
            if i >= 200
            else f"{ADJ[i % len(ADJ)]} {NOUN[i % len(NOUN)]}"
        )

    def _sources(self, k: float) -> list[str]:
        n = max(1, int(k + self.rng.random()))
        out = {self.source_ids[self._skew(len(self.source_ids), 1.5)] for _ in range(n)}
        return sorted(out)

    def _targets(self, pool: list[str], k: int, power: float = 2.0) -> list[str]:
        k = min(k, len(pool))
        out: set[str] = set()
        tries = 0
        while len(out) < k and tries < k * 5:
            out.add(pool[self._skew(len(pool), power)])
            tries += 1
        return sorted(out)

    def _fan(self, avg: float) -> int:
        """A per-record count with the given average (scaled by the profile)."""
        x = avg * self.p.relation_scale
        base = int(x)
        return base + (1 if self.rng.random() < x - base else 0)

    def _sample(self, key: str, value: Any, every: int, limit: int = 400) -> None:
        bucket = self.samples.setdefault(key, [])
        if len(bucket) < limit and self.rng.random() < 1.0 / every:
            bucket.append(value)

    # --- sections -----------------------------------------------------------------------------
    # A kind with one record per id states its fields in a method `<kind>(i, id)`; `_records`
    # puts the id first. Draws happen in the order the fields are written (see `record`).

    def _records(self, ids: list[str], fields: Callable[[int, str], Fields]) -> Iterator[str]:
        """The YAML record of each id: `id: ...`, then the fields `fields(i, id)` states."""
        for i, rid in enumerate(ids):
            yield record({"id": rid, **fields(i, rid)})

    def _some_sources(self, share: float) -> str | None:
        """A source list on about `share` of the records (drawn first, then the sources)."""
        return ql(self._sources(1)) if self.rng.random() < share else None

    def country(self, i: int, _id: str) -> Fields:
        code, name = self.countries[i]
        return {"name": q(name), "iso2": q(code)}

    def sector(self, i: int, _id: str) -> Fields:
        return {"name": q(SECTORS[i])}

    def organisation(self, i: int, oid: str) -> Fields:
        r = self.rng
        if i < self.n_gov:
            state = i % N_STATES if i < N_STATES * 4 else r.randrange(N_COUNTRIES)
            kind = "government" if i % 4 == 0 else "agency"
            organ = AGENCY_KINDS[(i // N_STATES) % len(AGENCY_KINDS)]
            name = (
                f"Government of {self.countries[state][1]}"
                if kind == "government"
                else f"{self.countries[state][1]} {organ} {i}"
            )
        elif i < self.n_gov + self.n_vendor:
            j = i - self.n_gov
            state = r.choice([4, 5, 6, 7, 8, 12, 19, 20])
            kind = "vendor"
            name = VENDORS[j] if j < len(VENDORS) else f"{r.choice(ADJ)} Security Labs {j}"
        elif i < self.n_gov + self.n_vendor + self.n_media:
            j = i - self.n_gov - self.n_vendor
            state = r.randrange(40)
            kind = "media"
            name = MEDIA[j] if j < len(MEDIA) else f"The {r.choice(ADJ)} Herald {j}"
        else:
            state = self._skew(N_COUNTRIES, 1.5)
            kind = r.choice(["company"] * 8 + ["research", "ngo", "other", "regulator"])
            name = f"{r.choice(ADJ)} {r.choice(ORG_WORDS)} {i}"
        fields: Fields = {
            "name": q(name),
            "kind": kind,
            "country": self.country_ids[state],
            "aliases": (
                ql([name.upper().replace(" ", ""), f"{name.split()[0]} {i}"])
                if r.random() < 0.3
                else None
            ),
            "description": (
                q(f"A {kind} based in {self.countries[state][1]}.") if r.random() < 0.5 else None
            ),
            "sources": self._some_sources(0.5),
        }
        self._sample("organisation", oid, 50)
        return fields

    def person(self, i: int, _id: str) -> Fields:
        r = self.rng
        return {
            "name": q(f"{r.choice(FIRST)} {r.choice(LAST)} {i}"),
            "role": q(r.choice(ROLES)),
            "sources": self._some_sources(0.4),
        }

    def actor(self, i: int, aid: str) -> Fields:
        r = self.rng
        name = self.actor_names[i]
        n_alias = r.choice([0, 1, 2, 2, 3, 3, 4, 5])
        aliases = sorted(
            {f"{r.choice(VENDOR_PREFIX)}{r.randrange(1, 9999)}" for _ in range(n_alias)}
        )
        if i < 200 and aliases:
            aliases.append(f"{r.choice(ADJ)} {r.choice(NOUN)}")
        home = self.countries[self.actor_home[i]][1]
        fields: Fields = {
            "name": q(name),
            "kind": "intrusion-set" if r.random() < 0.8 else "threat-actor",
            "aliases": ql(aliases) if aliases else None,
            "original_name": q(f"ハフニウム{i}") if r.random() < 0.05 else None,
            "first_seen": q(self._partial(self._date(0, DAYS - 400))),
            "description": q(
                f"A threat group tracked since its first report; operating from {home}."
            ),
            "sources": ql(self._sources(1.5)),
        }
        every = max(1, len(self.actor_ids) // 400)
        self._sample("actor", aid, every)
        self._sample("actor_name", name, every)
        if aliases:
            self._sample("actor_alias", aliases[0], every)
        return fields

    def campaign(self, i: int, cid: str) -> Fields:
        r = self.rng
        start = self._date(0, DAYS - 200)
        end = start + dt.timedelta(days=r.randrange(1, 700))
        fields: Fields = {
            "name": q(f"Operation {r.choice(ADJ)} {r.choice(NOUN)} {i}"),
            "first_seen": start.isoformat(),
            "last_seen": end.isoformat(),
            "description": q(f"Intrusions against {r.choice(SECTORS).lower()} targets."),
            "aliases": ql([f"{r.choice(VENDOR_PREFIX)}-C{i}"]) if r.random() < 0.3 else None,
            "sources": ql(self._sources(1)),
        }
        self._sample("campaign", cid, max(1, len(self.campaign_ids) // 400))
        return fields

    def tool(self, i: int, _id: str) -> Fields:
        r = self.rng
        return {
            "name": q(f"{r.choice(TOOL_WORDS)}{r.choice(TOOL_WORDS)}{i}"),
            "kind": "malware" if r.random() < 0.7 else "tool",
            "first_seen": q(self._partial(self._date())),
            "sources": self._some_sources(0.5),
        }

    def vulnerability(self, i: int, _id: str) -> Fields:
        d = self._date()
        cve = f"CVE-{d.year}-{10000 + i}"
        return {
            "name": q(cve),
            "cve": cve,
            "product": q(self.rng.choice(PRODUCTS)),
            "disclosed": d.isoformat(),
            "sources": self._some_sources(0.5),
        }

    def infrastructure(self, i: int, _id: str) -> Fields:
        kind = self.rng.choice(["vps", "domain", "botnet", "c2-server", "proxy"])
        return {"name": q(f"{kind} {i:06d}"), "kind": kind}

    def source(self, i: int, _id: str) -> Fields:
        r = self.rng
        pub_i = self.n_gov + self._skew(self.n_vendor + self.n_media, 1.5)
        j = pub_i - self.n_gov
        publisher = VENDORS[j] if j < len(VENDORS) else f"Publisher {pub_i}"
        lang = r.choice(LANGS)
        d = self._date()
        return {
            "title": q(f"{r.choice(ADJ)} {r.choice(NOUN)}: report {i} on recent intrusions"),
            "publisher": q(publisher),
            "language": lang,
            "published": d.isoformat(),
            "title_en": q(f"Report {i} (translated)") if lang != "en" else None,
            "url": f"https://example.org/reports/{i}" if r.random() < 0.7 else None,
            "reliability": r.choice("ABBCCCDEF") if r.random() < 0.6 else None,
        }

    def event(self, i: int, _id: str) -> Fields:
        r = self.rng
        c = self._skew(len(self.campaign_ids), 1.3)
        concerns = {self.campaign_ids[c]}
        if r.random() < 0.7:
            concerns.add(self.actor_ids[self.campaign_actor[c]])
        if r.random() < 0.5:
            concerns.add(self.org_ids[self.n_gov + r.randrange(len(self.org_ids) - self.n_gov)])
        d = self._date()
        fields: Fields = {
            "name": q(f"Event {i}: {r.choice(EVENT_KINDS)} reported"),
            "date": q(self._partial(d)),
            "kind": r.choice(EVENT_KINDS),
            "concerns": ql(sorted(concerns)),
            "sources": ql(self._sources(1.5)),
        }
        self._sample("date", d.isoformat(), max(1, len(self.event_ids) // 400))
        return fields

    def relations_(self) -> Iterator[str]:
        r = self.rng
        companies = self.org_ids[self.n_gov + self.n_vendor + self.n_media :]

        def rel(t: str, frm: str, to: str, k: float = 1.0) -> str:
            return record(
                {
                    "type": t,
                    "from": frm,
                    "to": to,
                    "sources": ql(self._sources(k)),
                    "since": q(self._partial(self._date())) if r.random() < 0.2 else None,
                }
            )

        def fan_out(frm: str, fans: list[Fan]) -> Iterator[str]:
            """Per (type, target pool, average count, skew power): relations to drawn targets."""
            for t, pool, avg, power in fans:
                for to in self._targets(pool, self._fan(avg), power):
                    yield rel(t, frm, to)

        actor_fans: list[Fan] = [
            ("USES", self.tool_ids, 5, 2.0),
            ("USES", self.infra_ids, 1, 1.0),
            ("TARGETS", self.sector_ids, 3, 1.2),
            ("TARGETS", self.country_ids, 2, 3.0),
            ("EXPLOITS", self.vuln_ids, 3, 2.0),
        ]
        for i, aid in enumerate(self.actor_ids):
            yield rel("OPERATES_FROM", aid, self.country_ids[self.actor_home[i]])
            yield from fan_out(aid, actor_fans)
            if i > 0 and r.random() < 0.15:
                other = self.actor_ids[self._skew(i)]
                yield rel("RELATED_TO", aid, other)
        campaign_fans: list[Fan] = [
            ("USES", self.tool_ids, 2, 2.0),
            ("USES", self.infra_ids, 1.5, 1.0),
            ("TARGETS", self.sector_ids, 1.5, 1.2),
            ("AFFECTED", companies, 3, 1.3),
            ("AFFECTED", self.country_ids, 0.8, 3.0),
            ("EXPLOITS", self.vuln_ids, 1, 2.0),
        ]
        for i, cid in enumerate(self.campaign_ids):
            yield from fan_out(cid, campaign_fans)
            if i > 10 and r.random() < 0.08:
                yield rel("PART_OF", cid, self.campaign_ids[r.randrange(i)])
        for _i, tid in enumerate(self.tool_ids):
            if r.random() < 0.5 * self.p.relation_scale:
                yield rel("EXPLOITS", tid, self.vuln_ids[self._skew(len(self.vuln_ids))])
        for _i, iid in enumerate(self.infra_ids):
            yield rel("LOCATED_IN", iid, self.country_ids[self._skew(N_COUNTRIES, 2.5)])
        for _i, pid in enumerate(self.person_ids):
            yield rel("WORKS_FOR", pid, self.org_ids[self._skew(len(self.org_ids), 1.5)])
        for i, oid in enumerate(self.org_ids):
            if i >= self.n_gov:
                yield rel("IN_SECTOR", oid, self.sector_ids[r.randrange(len(self.sector_ids))])
            elif i >= N_STATES and r.random() < 0.6:
                yield rel("PART_OF", oid, self.org_ids[i % N_STATES * 4 % self.n_gov])
            if i > 100 and r.random() < 0.05:
                yield rel("RELATED_TO", oid, self.org_ids[r.randrange(i)])

    def claims_(self) -> Iterator[str]:
        """Claims in time order; denials and corroborations point at earlier claims."""
        r = self.rng
        p = self.p
        vendors = self.org_ids[self.n_gov : self.n_gov + self.n_vendor]
        media = self.org_ids[self.n_gov + self.n_vendor : self.n_gov + self.n_vendor + self.n_media]
        govs = [self.org_ids[i] for i in range(0, N_STATES * 4, 4)]  # governments of the states
        agencies = [self.org_ids[i] for i in range(self.n_gov) if i % 4]
        # per state: recent claims that accuse it (attribution/sponsorship), for denials
        accusing: dict[int, list[tuple[str, str]]] = {s: [] for s in range(N_COUNTRIES)}
        recent: list[tuple[str, str]] = []
        kinds = (
            ["attribution"] * 46
            + ["sponsorship"] * 16
            + ["denial"] * 9
            + ["corroboration"] * 8
            + ["non-attribution"] * 4
            + ["alias"] * 9
            + ["fact"] * 8
        )
        for i, clid in enumerate(self.claim_ids):
            kind = r.choice(kinds)
            x = r.random()
            if x < 0.75:
                claimant = vendors[self._skew(len(vendors), 2.5)]
            elif x < 0.85:
                claimant = media[self._skew(len(media), 2.0)]
            elif x < 0.97:
                claimant = govs[self._skew(len(govs), 1.0)]
            else:
                claimant = self.person_ids[r.randrange(len(self.person_ids))]
            made_on = self._date(
                i * DAYS // p.claims // 2, min(DAYS, DAYS // 2 + i * DAYS // p.claims // 2 + 1)
            )
            conf = r.choice(CONFIDENCES)
            extra: dict[str, str] = {}  # the fields of this kind of claim
            obj: str | None = None
            state: int | None = None
            if kind in ("denial", "corroboration") and not recent:
                kind = "attribution"
            if kind == "attribution":
                c = self._skew(len(self.campaign_ids), 1.3)
                subject = self.campaign_ids[c]
                a = self.campaign_actor[c] if r.random() < 0.75 else self._skew(len(self.actor_ids))
                y = r.random()
                if y < 0.8:
                    obj = self.actor_ids[a]
                elif y < 0.9:
                    obj = self.country_ids[self.actor_home[a]]
                else:
                    obj = agencies[self.actor_home[a] % len(agencies)]
                state = self.actor_home[a]
                statement = f"{claimant} attributes {subject} to {obj}."
            elif kind == "sponsorship":
                a = self._skew(len(self.actor_ids))
                subject = self.actor_ids[a]
                state = self.actor_home[a]
                obj = (
                    self.country_ids[state]
                    if r.random() < 0.5 or state >= N_STATES
                    else self.org_ids[state + N_STATES * r.randrange(1, 4)]
                )
                statement = f"{claimant} links {subject} to the state {obj}."
            elif kind == "denial":
                accused = [
                    s for s in (self._skew(N_STATES, 1.0), r.randrange(N_COUNTRIES)) if accusing[s]
                ]
                if accused:
                    s = accused[0]
                    claimant = govs[s] if s < N_STATES else claimant
                    pool = accusing[s]
                else:
                    pool = recent
                picked = r.sample(pool, min(len(pool), r.choice([1, 1, 2, 3])))
                disputes = sorted({c for c, _ in picked})
                subject = picked[0][1]
                extra["disputes"] = ql(disputes)
                conf = r.choice(DENIAL_CONF)
                statement = f"{claimant} denies involvement."
            elif kind == "corroboration":
                picked = r.sample(recent, min(len(recent), r.choice([1, 2])))
                supports = sorted({c for c, _ in picked})
                subject = picked[0][1]
                extra["supports"] = ql(supports)
                statement = f"{claimant} corroborates earlier reporting."
            elif kind == "non-attribution":
                a = self._skew(len(self.actor_ids))
                subject = self.actor_ids[a]
                obj = self.campaign_ids[r.randrange(len(self.campaign_ids))]
                statement = f"{claimant} says {subject} has no link to {obj}."
            elif kind == "alias":
                a = self._skew(len(self.actor_ids))
                subject = self.actor_ids[a]
                if r.random() < 0.5 and a + 1 < len(self.actor_ids):
                    obj = self.actor_ids[r.randrange(len(self.actor_ids))]
                    if obj == subject:
                        obj = self.actor_ids[(a + 1) % len(self.actor_ids)]
                else:
                    extra["alias"] = q(f"{r.choice(ADJ)} {r.choice(NOUN)} {r.randrange(100000)}")
                statement = f"{claimant} tracks {subject} under another name."
            else:  # fact
                subject = self.campaign_ids[self._skew(len(self.campaign_ids), 1.3)]
                extra.update(
                    value=str(r.randrange(1, 250000)), unit=q("victims"), as_of=made_on.isoformat()
                )
                statement = f"{claimant} counts the victims of {subject}."
            text = record(
                {
                    "id": clid,
                    "kind": kind,
                    "claimant": claimant,
                    "made_on": q(self._partial(made_on)),
                    "statement": q(statement),
                    "subject": subject,
                    "object": obj or None,
                    **extra,
                    "confidence": qm(conf),
                    "basis": r.choice(BASES),
                    "sources": ql(self._sources(p.claim_sources)),
                    "quote": (
                        q(f"We assess with {conf['label']} confidence.")
                        if r.random() < 0.1
                        else None
                    ),
                }
            )
            if kind in ("attribution", "sponsorship"):
                assert state is not None
                bucket = accusing[state]
                bucket.append((clid, subject))
                if len(bucket) > 60:
                    del bucket[:20]
            recent.append((clid, subject))
            if len(recent) > 200:
                del recent[:50]
            self._sample("claim", clid, max(1, len(self.claim_ids) // 400))
            self._sample("claim_kind", kind, 200, 0)
            yield text

    def sections(self) -> list[tuple[str, Iterator[str]]]:
        # Sources and claims come before the records that cite them only by file order;
        # the loader validates all files before writing, so order does not matter to it.
        return [
            ("countries", self._records(self.country_ids, self.country)),
            ("sectors", self._records(self.sector_ids, self.sector)),
            ("sources", self._records(self.source_ids, self.source)),
            ("organisations", self._records(self.org_ids, self.organisation)),
            ("people", self._records(self.person_ids, self.person)),
            ("actors", self._records(self.actor_ids, self.actor)),
            ("campaigns", self._records(self.campaign_ids, self.campaign)),
            ("tools", self._records(self.tool_ids, self.tool)),
            ("vulnerabilities", self._records(self.vuln_ids, self.vulnerability)),
            ("infrastructure", self._records(self.infra_ids, self.infrastructure)),
            ("events", self._records(self.event_ids, self.event)),
            ("relations", self.relations_()),
            ("claims", self.claims_()),
        ]


def write_yaml(profile: Profile, seed: int, out: Path) -> dict[str, Any]:
    """Write the corpus as YAML files under out/yaml/ and return its manifest."""
    corpus = Corpus(profile, seed)
    ydir = out / "yaml"
    ydir.mkdir(parents=True, exist_ok=True)
    for old in ydir.glob("*.yaml"):
        old.unlink()
    counts: dict[str, int] = {}
    files = 0
    for section, records in corpus.sections():
        part, n, fh = 0, 0, None
        for text in records:
            if fh is None or n % CHUNK == 0:
                if fh is not None:
                    fh.close()
                part += 1
                fh = open(ydir / f"{section}-{part:03d}.yaml", "w", encoding="utf-8")  # noqa: SIM115
                fh.write(
                    f"# Synthetic corpus {profile.name}, seed {seed}: {section} part {part}\n{section}:\n"  # noqa: E501
                )
                files += 1
            fh.write(text)
            n += 1
        if fh is not None:
            fh.close()
        counts[section] = n
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "size": profile.name,
        "seed": seed,
        "profile": asdict(profile),
        "records": counts,
        "yaml_files": files,
        "yaml_bytes": sum(f.stat().st_size for f in ydir.glob("*.yaml")),
        "samples": corpus.samples,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


# --- STIX 2.1 ------------------------------------------------------------------------------


def write_stix(out: Path, objects_per_bundle: int = 50_000) -> dict[str, Any]:
    """Translate the YAML corpus in out/yaml/ into STIX 2.1 bundles (stix2 library) in out/stix/.

    Entities become SDOs (intrusion-set, campaign, identity, location, malware, tool,
    vulnerability, infrastructure), sources become reports, relations and object claims become
    relationships (with confidence, created_by_ref and the x_confidence_* / x_attrib_*
    properties of loader/stix_common.py), denials and corroborations become opinions, events
    become notes. Ids are uuid5 of the graph ids, so the output is deterministic. Objects are
    written nodes first, in bundles of at most `objects_per_bundle`.
    """
    import uuid

    import stix2
    import yaml

    ns = uuid.UUID("0b7c6f60-3a55-4a4e-9d5a-6a0d2f1c7e11")
    created = "2024-01-01T00:00:00.000Z"
    sdir = out / "stix"
    sdir.mkdir(parents=True, exist_ok=True)
    for old in sdir.glob("*.json"):
        old.unlink()
    ids: dict[str, str] = {}
    label_of: dict[str, str] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    ydir = out / "yaml"

    def mk(cls: Any, **kw: Any) -> Any:
        """A stix2 object; None values are left out (optional properties not set)."""
        return cls(**{k: v for k, v in kw.items() if v is not None})

    def sid(kind: str, gid: str) -> str:
        return f"{kind}--{uuid.uuid5(ns, gid)}"

    def records(section: str) -> Iterator[dict[str, Any]]:
        for f in sorted(ydir.glob(f"{section}-*.yaml")):
            yield from yaml.load(f.read_text(encoding="utf-8"), Loader=loader)[section] or []

    def ts(d: Any) -> str:
        text = str(d)
        text += "-01-01" if len(text) == 4 else "-01" if len(text) == 7 else ""
        return text + "T00:00:00.000Z"

    from loader.plan import name_key

    # which STIX object each claim becomes, and what cites each source (a report's object_refs)
    claim_sid: dict[str, str] = {}
    cites: dict[str, list[str]] = {}
    for rec in records("claims"):
        if rec["kind"] in ("denial", "corroboration"):
            claim_sid[rec["id"]] = sid("opinion", rec["id"])
        elif rec.get("object"):
            claim_sid[rec["id"]] = sid("relationship", rec["id"])
        else:
            claim_sid[rec["id"]] = sid("note", rec["id"])
        for src in rec["sources"]:
            cites.setdefault(src, []).append(claim_sid[rec["id"]])
    for rec in records("relations"):
        rid = sid("relationship", f"{rec['type']}:{rec['from']}:{rec['to']}")
        for src in rec["sources"]:
            cites.setdefault(src, []).append(rid)
    for rec in records("events"):
        for src in rec["sources"]:
            cites.setdefault(src, []).append(sid("note", rec["id"]))
    # aliases kept unique across actors, so the synthetic groups stay apart as the generator meant
    taken = {name_key(rec["name"]) for rec in records("actors")}

    buffer: list[Any] = []
    bundles = 0
    written = 0

    def emit(obj: Any) -> None:
        nonlocal bundles, written
        buffer.append(obj)
        written += 1
        if len(buffer) >= objects_per_bundle:
            flush()

    def flush() -> None:
        nonlocal bundles
        if not buffer:
            return
        bundles += 1
        bundle = stix2.Bundle(objects=list(buffer), allow_custom=True)
        (sdir / f"bundle-{bundles:04d}.json").write_text(bundle.serialize(), encoding="utf-8")
        buffer.clear()

    common = {"created": created, "modified": created, "allow_custom": True}

    def emit_named(cls: Any, rec: dict[str, Any], **kw: Any) -> None:
        """The object of a named record: its id and name, then `kw`."""
        emit(mk(cls, id=ids[rec["id"]], name=rec["name"], **kw, **common))

    for rec in records("sources"):
        ids[rec["id"]] = sid("report", rec["id"])
    for section, kind in [
        ("organisations", "identity"),
        ("people", "identity"),
        ("countries", "location"),
        ("sectors", "identity"),
    ]:
        for rec in records(section):
            ids[rec["id"]] = sid(kind, rec["id"])
            label_of[rec["id"]] = section
            if section == "organisations":
                emit_named(
                    stix2.Identity, rec, identity_class="organization", x_attrib_kind=rec["kind"]
                )
            elif section == "people":
                role = rec.get("role", "person")
                emit_named(stix2.Identity, rec, identity_class="individual", roles=[role])
            elif section == "sectors":
                sector = rec["name"].lower().replace(" ", "-")
                emit_named(stix2.Identity, rec, identity_class="class", sectors=[sector])
            else:
                emit_named(stix2.Location, rec, country=rec["iso2"])
    for rec in records("actors"):
        ids[rec["id"]] = sid(rec.get("kind", "intrusion-set"), rec["id"])
        aliases = []
        for alias in rec.get("aliases") or []:
            if name_key(alias) not in taken:
                taken.add(name_key(alias))
                aliases.append(alias)
        rec["aliases"] = aliases
        cls = (
            stix2.IntrusionSet
            if rec.get("kind", "intrusion-set") == "intrusion-set"
            else stix2.ThreatActor
        )
        extra = (
            {"first_seen": ts(rec["first_seen"])}
            if "first_seen" in rec and cls is stix2.IntrusionSet
            else {}
        )
        emit_named(
            cls,
            rec,
            aliases=rec.get("aliases") or None,
            description=rec.get("description"),
            **extra,
        )
    for rec in records("campaigns"):
        ids[rec["id"]] = sid("campaign", rec["id"])
        emit_named(
            stix2.Campaign,
            rec,
            aliases=rec.get("aliases") or None,
            first_seen=ts(rec["first_seen"]),
            last_seen=ts(rec["last_seen"]),
            description=rec.get("description"),
        )
    for rec in records("tools"):
        kind = rec.get("kind", "tool")
        ids[rec["id"]] = sid(kind, rec["id"])
        if kind == "malware":
            emit_named(stix2.Malware, rec, is_family=True)
        else:
            emit_named(stix2.Tool, rec)
    for rec in records("vulnerabilities"):
        ids[rec["id"]] = sid("vulnerability", rec["id"])
        cve = {"source_name": "cve", "external_id": rec["cve"]}
        emit_named(stix2.Vulnerability, rec, external_references=[cve])
    for rec in records("infrastructure"):
        ids[rec["id"]] = sid("infrastructure", rec["id"])
        emit_named(stix2.Infrastructure, rec, infrastructure_types=["unknown"])
    for section in (
        "organisations",
        "people",
        "actors",
        "campaigns",
        "tools",
        "vulnerabilities",
        "infrastructure",
    ):
        for rec in records(section):
            for src in rec.get("sources") or []:
                cites.setdefault(src, []).append(ids[rec["id"]])
    for rec in records("sources"):
        if rec["id"] not in cites:  # a report must refer to something; nothing cites this one
            continue
        emit(
            mk(
                stix2.Report,
                id=ids[rec["id"]],
                name=rec["title"],
                published=ts(rec["published"]),
                object_refs=cites[rec["id"]],
                lang=rec["language"],
                x_attrib_reliability=rec.get("reliability"),
                external_references=[
                    {
                        "source_name": rec["publisher"],
                        "description": f"published by {rec['publisher']}",
                        **({"url": rec["url"]} if "url" in rec else {}),
                    }
                ],
                **common,
            )
        )
    for rec in records("events"):
        emit(
            mk(
                stix2.Note,
                id=sid("note", rec["id"]),
                abstract=rec["name"],
                content=rec["name"],
                object_refs=[ids[c] for c in rec["concerns"]],
                x_attrib_event=True,
                x_attrib_date=str(rec["date"]),
                **common,
            )
        )
    flush()
    for rec in records("relations"):
        stype = RELATION_TO_STIX.get(rec["type"], "related-to")
        emit(
            mk(
                stix2.Relationship,
                id=sid("relationship", f"{rec['type']}:{rec['from']}:{rec['to']}"),
                relationship_type=stype,
                source_ref=ids[rec["from"]],
                target_ref=ids[rec["to"]],
                x_attrib_relation=rec["type"],
                external_references=[
                    {"source_name": "attrib", "external_id": s} for s in rec["sources"]
                ],
                **common,
            )
        )
    for rec in records("claims"):
        conf = rec["confidence"]
        from loader.confidence import normalise

        value = normalise(conf["label"], conf["scale"], conf.get("value")).value
        meta = {
            "created_by_ref": ids[rec["claimant"]],
            "created": ts(rec["made_on"]),
            "modified": ts(rec["made_on"]),
            "x_confidence_label": str(conf["label"]),
            "x_confidence_scale": conf["scale"],
            "x_attrib_claim_kind": rec["kind"],
            "x_attrib_basis": rec.get("basis", "unspecified"),
            "allow_custom": True,
        }
        if value is not None:
            meta["confidence"] = value
        refs = [{"source_name": "attrib", "external_id": s} for s in rec["sources"]]
        if rec["kind"] in ("denial", "corroboration"):
            emit(
                mk(
                    stix2.Opinion,
                    id=sid("opinion", rec["id"]),
                    explanation=rec["statement"],
                    opinion="strongly-disagree" if rec["kind"] == "denial" else "agree",
                    object_refs=[
                        claim_sid[c] for c in rec.get("disputes", rec.get("supports", []))
                    ],
                    x_attrib_subject_ref=ids[rec["subject"]],
                    external_references=refs,
                    **meta,
                )
            )
        elif rec.get("object"):
            rtype = {
                "attribution": "attributed-to",
                "sponsorship": "attributed-to",
                "alias": "related-to",
                "non-attribution": "related-to",
            }.get(rec["kind"], "related-to")
            emit(
                mk(
                    stix2.Relationship,
                    id=sid("relationship", rec["id"]),
                    relationship_type=rtype,
                    source_ref=ids[rec["subject"]],
                    target_ref=ids[rec["object"]],
                    description=rec["statement"],
                    external_references=refs,
                    **meta,
                )
            )
        else:
            emit(
                mk(
                    stix2.Note,
                    id=sid("note", rec["id"]),
                    content=rec["statement"],
                    object_refs=[ids[rec["subject"]]],
                    external_references=refs,
                    x_attrib_alias=rec.get("alias"),
                    x_attrib_value=rec.get("value"),
                    x_attrib_unit=rec.get("unit"),
                    x_attrib_as_of=str(rec["as_of"]) if "as_of" in rec else None,
                    **meta,
                )
            )
    flush()
    return {"stix_bundles": bundles, "stix_objects": written}


def corpus_dir(size: str, seed: int) -> Path:
    return CORPUS_DIR / f"{size}-seed{seed}"


def ensure(size: str, seed: int = 1, *, stix: bool = False, out: Path | None = None) -> Path:
    """The corpus directory for (size, seed), generated unless an up-to-date one exists."""
    out = out or corpus_dir(size, seed)
    manifest_file = out / "manifest.json"
    manifest: dict[str, Any] = {}
    if manifest_file.exists():
        manifest = json.loads(manifest_file.read_text())
    if manifest.get("generator_version") != GENERATOR_VERSION:
        manifest = write_yaml(PROFILES[size], seed, out)
    if stix and "stix_objects" not in manifest:
        manifest.update(write_stix(out))
        manifest_file.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("size", choices=sorted(PROFILES))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--out", type=Path, help="output directory (default benchmarks/corpus/<size>-seed<seed>)"
    )
    ap.add_argument("--stix", action="store_true", help="also write STIX 2.1 bundles")
    ap.add_argument("--force", action="store_true", help="regenerate even if up to date")
    args = ap.parse_args(argv)
    out = args.out or corpus_dir(args.size, args.seed)
    t0 = time.perf_counter()
    if args.force and (out / "manifest.json").exists():
        (out / "manifest.json").unlink()
    ensure(args.size, args.seed, stix=args.stix, out=out)
    manifest = json.loads((out / "manifest.json").read_text())
    print(json.dumps({k: v for k, v in manifest.items() if k != "samples"}, indent=1))
    print(f"written to {out} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
