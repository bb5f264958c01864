"""Pydantic models of one seed record each: types, required fields, enums, dates, confidence.

Cross-record rules (references that resolve, duplicate ids) live in `loader.validate`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from loader.confidence import Confidence, Scale, normalise
from loader.dates import PartialDate, parse_partial_date

# Text is data shown to analysts: control characters (NUL, escape sequences, ...) are never
# part of it. Names are also compared and searched, so characters that reorder or hide text
# (bidi overrides, zero-width spaces: "Trojan Source" look-alikes) are refused in them; the
# joiners ZWJ/ZWNJ stay, Persian and Indic names need them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HIDING = re.compile(r"[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _plain_text(value: str) -> str:
    found = _CONTROL.search(value)
    if found:
        raise ValueError(
            f"contains the control character U+{ord(found.group()):04X} at position "
            f"{found.start()}: remove it"
        )
    return value


def _plain_name(value: str) -> str:
    found = _HIDING.search(_plain_text(value))
    if found:
        raise ValueError(
            f"contains the invisible or text-reordering character U+{ord(found.group()):04X} "
            f"at position {found.start()}: names must read as they are stored"
        )
    return value


Slug = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=200)
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain_text)
]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain_name)
]
Date = Annotated[PartialDate, BeforeValidator(parse_partial_date)]


class Record(BaseModel):
    """Every record: unknown fields are errors, so a typo never vanishes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


# Names are indexed (RANGE indexes on name, name_keys and name_search), and Neo4j refuses an
# indexed value over ~8 KB mid-load (after earlier batches were written): every indexed value is
# held well under that before any write. Name keys are case-folded and NFKC-normalised, which
# can make a name longer, so the larger of the two sizes counts.
MAX_NAME_BYTES = 6000
MAX_INDEXED_BYTES = 2000  # any other indexed text: stix_id, url, an alias claim's name


def _indexed_size(names: list[str]) -> int:
    """Bytes the names take in the indexes (each name and its folded key, + a separator)."""
    return sum(
        max(len(n.encode("utf-8")), len(unicodedata.normalize("NFKC", n).casefold().encode())) + 1
        for n in names
    )


def _fits_index(value: str) -> str:
    size = _indexed_size([value])
    if size > MAX_INDEXED_BYTES:
        raise ValueError(
            f"too long to index ({size:,} bytes in UTF-8; at most {MAX_INDEXED_BYTES:,})"
        )
    return value


IndexedText = Annotated[Name, AfterValidator(_fits_index)]


class Entity(Record):
    id: Slug
    name: Name
    aliases: list[Name] = []
    original_name: Name | None = None
    description: Text | None = None
    sources: list[Slug] = []
    stix_id: IndexedText | None = None

    @field_validator("name", "aliases", "original_name")
    @classmethod
    def _names_fit_the_index(cls, value: Any, info: ValidationInfo) -> Any:
        """The names so far (name, then aliases, then original_name) fit the index together."""
        names = [info.data.get("name") or "", *info.data.get("aliases", [])]
        names += value if isinstance(value, list) else [value or ""]
        size = _indexed_size(names)
        if size > MAX_NAME_BYTES:
            what = "the name" if info.field_name == "name" else "the name and aliases together"
            raise ValueError(
                f"{what} are too long to index ({size:,} bytes in UTF-8; at most "
                f"{MAX_NAME_BYTES:,}): keep the names that identify the entity"
            )
        return value


class Actor(Entity):
    kind: Literal["intrusion-set", "threat-actor"] = "intrusion-set"
    first_seen: Date | None = None


class Organisation(Entity):
    kind: Literal[
        "government",
        "agency",
        "company",
        "vendor",
        "media",
        "intergovernmental",
        "legislature",
        "regulator",
        "research",
        "ngo",
        "other",
    ]
    country: Slug | None = None


class Person(Entity):
    role: Text | None = None


class Country(Entity):
    iso2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class Campaign(Entity):
    first_seen: Date | None = None
    last_seen: Date | None = None


class Vulnerability(Entity):
    cve: Annotated[str, StringConstraints(pattern=r"^CVE-\d{4}-\d{4,}$")] | None = None
    product: Text | None = None
    disclosed: Date | None = None


class Tool(Entity):
    kind: Literal["malware", "tool"] = "tool"
    first_seen: Date | None = None


class Infrastructure(Entity):
    kind: Text | None = None


class Sector(Entity):
    pass


class Source(Record):
    id: Slug
    ref: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    title: Text
    title_en: Text | None = None
    publisher: Text
    author: Text | None = None
    url: (
        Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), AfterValidator(_fits_index)]
        | None
    ) = None
    published: Date | None = None
    accessed: Date | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = None
    # The source this one reports (a wire story of a vendor's blog, a translation): it adds no
    # independent evidence where the original is cited too. One original is enough in practice;
    # a summary of many (an encyclopaedia) relays none.
    relays: Slug | None = None
    stix_id: IndexedText | None = None


class Event(Record):
    id: Slug
    name: Name
    date: Date
    # legal-response (sanctions, indictments) and political-response: EuRepoC's responses,
    # read by the attribution lag (attrib/lag.py: a legal response counts as legal action).
    kind: Literal[
        "intrusion",
        "disclosure",
        "patch",
        "statement",
        "discovery",
        "exploitation",
        "legal-response",
        "political-response",
        "other",
    ] = "other"
    description: Text | None = None
    concerns: Annotated[list[Slug], Field(min_length=1)]
    sources: Annotated[list[Slug], Field(min_length=1)]


RelationType = Literal[
    "USES",
    "TARGETS",
    "AFFECTED",
    "EXPLOITS",
    "OPERATES_FROM",
    "LOCATED_IN",
    "PART_OF",
    "WORKS_FOR",
    "IN_SECTOR",
    "RELATED_TO",
]


class Relation(Record):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    type: RelationType
    from_: Slug = Field(alias="from")
    to: Slug
    sources: Annotated[list[Slug], Field(min_length=1)]
    since: Date | None = None
    note: Text | None = None
    stix_ids: list[IndexedText] = []  # the STIX relationships merged into this edge, when imported


class ConfidenceIn(Record):
    label: str | int | float
    scale: Scale
    value: Annotated[int, Field(ge=0, le=100)] | None = None

    @model_validator(mode="after")
    def _on_scale(self) -> ConfidenceIn:
        normalise(self.label, self.scale, self.value)  # raises ValueError with the reason
        return self

    def normalised(self) -> Confidence:
        return normalise(self.label, self.scale, self.value)


# `alias` names a record ("Microsoft calls it HAFNIUM"); the record-to-record kinds say two
# actor records are (or are not) one group: attrib.identity.datasets.RECORD_CLAIM_KINDS.
ClaimKind = Literal[
    "attribution",
    "sponsorship",
    "denial",
    "corroboration",
    "non-attribution",
    "alias",
    "fact",
    "same-as",
    "overlaps",
    "associated",
    "distinct",
    "split-from",
]
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)


class Claim(Record):
    id: Slug
    kind: ClaimKind
    claimant: Slug
    made_on: Date
    statement: Text
    quote: Text | None = None
    subject: Slug
    object: Slug | None = None
    disputes: list[Slug] = []
    supports: list[Slug] = []
    confidence: ConfidenceIn
    basis: Literal[
        "technical", "intelligence", "political", "legal", "reporting", "unspecified"
    ] = "unspecified"
    value: Annotated[float, Field(allow_inf_nan=False)] | None = None
    unit: Text | None = None
    as_of: Date | None = None
    alias: IndexedText | None = None
    # how the claimant stands to an alias claim's name (docs/identity.md): `given` (it gave
    # the name; the default), `reported` (it gave the name, as the cited sources report),
    # `used` (it uses or reports the name and gave none)
    naming: Literal["given", "reported", "used"] | None = None
    sources: Annotated[list[Slug], Field(min_length=1)]
    note: Text | None = None
    stix_id: IndexedText | None = None


# Section name -> (model, Neo4j label). The label list is fixed here and nowhere else.
ENTITY_SECTIONS: dict[str, tuple[type[Entity], str]] = {
    "actors": (Actor, "Actor"),
    "organisations": (Organisation, "Organisation"),
    "people": (Person, "Person"),
    "countries": (Country, "Country"),
    "campaigns": (Campaign, "Campaign"),
    "vulnerabilities": (Vulnerability, "Vulnerability"),
    "tools": (Tool, "Tool"),
    "infrastructure": (Infrastructure, "Infrastructure"),
    "sectors": (Sector, "Sector"),
}
OTHER_SECTIONS: dict[str, tuple[type[Record], str | None]] = {
    "sources": (Source, "Source"),
    "events": (Event, "Event"),
    "claims": (Claim, "Claim"),
    "relations": (Relation, None),
}
SECTIONS: dict[str, tuple[type[Record], str | None]] = {**ENTITY_SECTIONS, **OTHER_SECTIONS}

ENTITY_LABELS: tuple[str, ...] = tuple(label for _, label in ENTITY_SECTIONS.values())
# ResolvedActor: the computed group of actor records (loader.resolution), never input.
NODE_LABELS: tuple[str, ...] = (*ENTITY_LABELS, "Source", "Event", "Claim", "ResolvedActor")
