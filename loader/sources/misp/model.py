"""What a MISP galaxy cluster file holds once checked: galaxies, clusters, links, producers.

The format is MISP's own (github.com/MISP/misp-galaxy, `clusters/*.json`): a galaxy object
with `type`, `name`, `uuid`, `version` and `values`, one cluster per value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from attrib.identity import datasets as ds
from attrib.names import name_key

PRODUCER_TYPE = "producer"  # clusters/producer.json: the name-givers of `name-attribution`
MICROSOFT_TYPE = "microsoft-activity-group"
# Galaxies of actors: these, and any galaxy whose type says "actor" or "intrusion-set"
# (360net-threat-actor, mitre-intrusion-set, ...). Tools, sectors, ransomware ... are refused.
KNOWN_ACTOR_TYPES = ("threat-actor", MICROSOFT_TYPE)

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
ATTACK_GROUP_ID = re.compile(r"^G\d{4}$")  # an ATT&CK group id listed as a name: an exact id

# `related` link types about identity -> the record claim kind they become: `similar` is one
# group; `part-of` (a subgroup) is kept as an association, it joins nothing. Other types (uses,
# targets, deploys, delivers) link tools and victims: skipped.
IDENTITY_LINKS = {
    "similar": ds.SAME_AS,
    "overlaps": ds.OVERLAPS,
    "associated-with": ds.ASSOCIATED,
    "linked-to": ds.ASSOCIATED,
    "related-to": ds.ASSOCIATED,
    "part-of": ds.ASSOCIATED,
}

# MISP's estimative-language likelihood tags (the US DNI's ICD 203 words, hyphenated): the
# `dni` confidence scale of loader.confidence gives their numbers (likely 70, ...).
LIKELIHOOD_TAG = re.compile(r'^estimative-language:likelihood-probability="([a-z-]+)"$')
LIKELIHOODS = (
    "almost-no-chance",
    "very-unlikely",
    "unlikely",
    "roughly-even-chance",
    "likely",
    "very-likely",
    "almost-certain",
)

# Values of `country` and `cfr-suspected-state-sponsor` that say no country is known (folded).
ABSENT_COUNTRIES = frozenset({"unknown"})


def is_absent(value: str) -> bool:
    """Whether a country field's value says there is none ("Unknown", in any case)."""
    return name_key(value) in ABSENT_COUNTRIES


# Microsoft's 2023 taxonomy names a group "<adjective> <family>"; a cluster of the activity-group
# galaxy named so, whose synonyms hold another cluster's primary name (Silk Typhoon: HAFNIUM),
# is Microsoft's new name for that group. "Storm-NNNN" (developing groups) is no family name.
WEATHER_FAMILIES = (
    "Blizzard",
    "Typhoon",
    "Sandstorm",
    "Sleet",
    "Hail",
    "Dust",
    "Cyclone",
    "Rain",
    "Squall",
    "Tempest",
    "Flood",
    "Tsunami",
)


def is_actor_galaxy(galaxy_type: str) -> bool:
    """Whether clusters of this galaxy type are actor records."""
    return (
        galaxy_type in KNOWN_ACTOR_TYPES or "actor" in galaxy_type or "intrusion-set" in galaxy_type
    ) and galaxy_type != PRODUCER_TYPE


@dataclass(frozen=True)
class Related:
    """One `related` link of a cluster: `type` (similar, uses, ...) to `dest` (a cluster uuid)."""

    dest: str  # "" for links of a type that is not read (IDENTITY_LINKS)
    type: str
    likelihood: str | None  # the estimative-language tag's value, when tagged
    where: str  # the field, for messages: "related[2]"


@dataclass(frozen=True)
class Cluster:
    uuid: str
    value: str
    where: str  # "values[12] (APT28)": the record in problem messages
    aliases: tuple[str, ...] = ()  # synonyms, then names only name-attribution gives
    description: str | None = None
    refs: tuple[str, ...] = ()
    attributions: tuple[tuple[str, str, str], ...] = ()  # (name, producer uuid, field)
    country: str | None = None
    sponsor: str | None = None  # cfr-suspected-state-sponsor
    attribution_confidence: int | None = None
    victims: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    incident_types: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()


@dataclass
class Galaxy:
    """One cluster file."""

    path: Path
    type: str
    name: str
    uuid: str
    version: str | None = None
    source: str | None = None  # who publishes the galaxy ("MISP Project")
    authors: tuple[str, ...] = ()
    clusters: list[Cluster] = field(default_factory=list)


@dataclass(frozen=True)
class Producer:
    """A name-giver of clusters/producer.json."""

    uuid: str
    name: str
    synonyms: tuple[str, ...] = ()
    kind: str = "other"  # an Organisation kind (loader.models)
