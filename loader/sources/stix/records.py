"""The records a STIX import makes, and the sources it stands for (split from mapping.py).

`StixRecord` is a seed record that names its STIX object and properties in problems;
`external_source` and `bundle_source` give the Source an external reference or a bundle
stands for; the helpers below are the field rules every mapped object shares (dates as days,
our own exports' x_attrib_<field> overlays). `mapping.Mapper` uses them object by object.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from loader import models as m
from loader.dates import parse_partial_date
from loader.problems import Problem
from loader.sources.seed_yaml import RawRecord

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# Fields whose value is a reference: never taken from an x_attrib_<field> property.
NOT_OVERLAID = frozenset(
    {"id", "stix_id", "sources", "claimant", "subject", "object", "disputes", "supports"}
    | {"concerns", "country", "from_", "to", "type", "kind_of_claim"}
)
DATE_FIELDS = frozenset(
    {"first_seen", "last_seen", "made_on", "published", "accessed", "disclosed", "as_of", "date"}
)
CLAIM_FIELDS = {
    "made_on": "created",
    "claimant": "created_by_ref",
    "confidence": "confidence",
    "sources": "external_references",
}

Bad = list[tuple[str, str]]  # (STIX property, message) of the object being mapped
Mapped = tuple[str, dict[str, Any], dict[str, str]]  # (section, record data, field -> property)


@dataclass(frozen=True)
class StixRecord(RawRecord):
    """A record mapped from a STIX object: names the object and STIX fields in problems."""

    where: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # (our field, STIX property) for messages
    props: tuple[tuple[str, Any], ...] = ()  # node properties the seed model has no field for
    cites: tuple[str, ...] = ()  # sources whose ids are no seed-format id (dataset:mitre-attack)

    @property
    def label(self) -> str:
        return self.where

    def in_stix_terms(self, problem: Problem) -> tuple[str, str, str, str]:
        """(file, record, field, message) of a validation problem, the field as in STIX."""
        fields = dict(self.fields)
        top = re.split(r"[.\[]", problem.field, maxsplit=1)[0]
        fld = problem.field
        if top in fields:
            fld = fields[top] + problem.field[len(top) :]
        return problem.file, problem.record, fld, problem.message


def stix_day(value: Any) -> str | None:
    """A STIX timestamp's date (YYYY-MM-DD), or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    return value[:10]


def hash_id(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.sha256(key.encode()).hexdigest()[:20]}"


def present(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def external_source(ref: Any) -> tuple[str, dict[str, Any]] | None:
    """(id, Source data) for an external reference that names a document (a url or a
    citation); None for a pure identifier (a CVE, an ATT&CK id without url)."""
    if not isinstance(ref, dict):
        return None
    url, desc = ref.get("url"), ref.get("description")
    name, ext = ref.get("source_name"), ref.get("external_id")
    if not (url or desc):
        return None
    key = f"url:{url}" if url else f"ref:{name}|{ext}|{desc}"
    title = desc or " ".join(str(x) for x in (name, ext) if x) or str(url)
    data: dict[str, Any] = {
        "id": hash_id("ref", key),
        "title": str(title),
        "publisher": str(name or "unknown publisher"),
        "language": "en",
    }
    if isinstance(url, str) and re.fullmatch(r"https?://\S+", url):
        data["url"] = url
    return data["id"], data


def bundle_source(bundle_id: str, attack_release: str | None = None) -> dict[str, Any]:
    """The Source data a bundle stands for: cited by claims and edges that name no source.
    `attack_release` ("Enterprise ATT&CK 18.1"): the bundle is that MITRE release."""
    data = {
        "id": bundle_id if SLUG.match(bundle_id) else hash_id("bundle", bundle_id),
        "title": f"STIX bundle {bundle_id}",
        "publisher": "unknown (the bundle names no report or reference)",
        "language": "en",
    }
    if attack_release:
        data.update(title=f"MITRE {attack_release} (STIX bundle {bundle_id})", publisher="MITRE")
    return data


def overlay(data: dict[str, Any], obj: dict[str, Any], model: type[m.Record]) -> None:
    """Take graph fields that STIX lacks from x_attrib_<field> (our own exports)."""
    for name in model.model_fields:
        if name in NOT_OVERLAID or (name == "kind" and model is m.Claim):
            continue
        value = obj.get(f"x_attrib_{name}")
        if value is None:
            continue
        if name in DATE_FIELDS and data.get(name) is not None:
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
