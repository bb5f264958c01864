"""What the STIX importer and exporter share: fixed ids, custom properties, type tables.

Custom properties (all optional, documented in docs/stix.md):
- `x_confidence_label`, `x_confidence_scale`: the claimant's own confidence wording and its
  STIX 2.1 Appendix A scale, kept beside the 0-100 `confidence` and checked against it.
- `x_attrib_<field>`: a graph field that STIX has no property for (e.g. `x_attrib_original_name`,
  `x_attrib_basis`, `x_attrib_made_on` with a partial date), so an export imports back intact.
- `x_attrib_claim_kind`: the claim kind of an exported relationship or note.
- `x_attrib_relation`: the plain-edge type of an exported relationship (e.g. `AFFECTED`).
- `x_attrib_subject_ref`: the subject of an exported denial or corroboration (an opinion).
- `x_attrib_event`: marks an exported note that is a timeline event.
- `x_attrib_unknown`: STIX-required properties the graph does not know (e.g. a source's
  `published`), filled with the export time and dropped on import.
- `x_attrib_reliability` (or OpenCTI's `x_opencti_reliability`): Admiralty source reliability
  A-F of a report.
The exporter declares them in one extension-definition (a toplevel-property-extension).
"""

from __future__ import annotations

import uuid
from typing import get_args

from attrib.identity.datasets import RECORD_CLAIM_KINDS
from loader import models as m

# Fixed namespace for deterministic STIX ids of graph nodes that have none of their own.
NAMESPACE = uuid.UUID("5d1f3b4e-7f0a-4c8e-9a51-2b6f0c3d9e17")


def stable_uuid(name: str) -> str:
    """A UUID that is always the same for `name`, shaped as version 4 (as STIX 2.1 asks of
    SDO, SRO and bundle ids): the bits of uuid5(NAMESPACE, name), pseudo-random as v4 allows."""
    return str(uuid.UUID(bytes=uuid.uuid5(NAMESPACE, name).bytes, version=4))


EXPORTER_IDENTITY = "identity--" + stable_uuid("attribution-explorer")
EXTENSION_DEFINITION = "extension-definition--" + stable_uuid("attribution-explorer-properties-1")
EXTENSIONS = {EXTENSION_DEFINITION: {"extension_type": "toplevel-property-extension"}}

# Synthetic claimant of STIX objects without created_by_ref.
UNKNOWN_PRODUCER = "stix-unknown-producer"

ACTOR_TYPES: tuple[str, ...] = get_args(m.Actor.model_fields["kind"].annotation)  # STIX types
# STIX types the importer maps (identity and location depend on their properties).
MAPPED_TYPES = frozenset(
    {
        *ACTOR_TYPES,
        "campaign",
        "identity",
        "location",
        "malware",
        "tool",
        "vulnerability",
        "infrastructure",
        "report",
        "relationship",
        "opinion",
        "note",
    }
)

# Plain edge types (loader.models.RelationType) -> STIX relationship_type on export.
RELATION_TO_STIX = {
    "USES": "uses",
    "TARGETS": "targets",
    "AFFECTED": "targets",
    "EXPLOITS": "exploits",
    "OPERATES_FROM": "originates-from",
    "LOCATED_IN": "located-at",
    "PART_OF": "related-to",
    "WORKS_FOR": "related-to",
    "IN_SECTOR": "related-to",
    "RELATED_TO": "related-to",
}
# STIX relationship_type -> plain edge types to try on import, in order (first that fits the
# endpoints wins; RELATED_TO with a note naming the STIX type when none fits).
STIX_TO_RELATIONS = {
    "uses": ("USES",),
    "targets": ("TARGETS", "EXPLOITS"),
    "exploits": ("EXPLOITS",),
    "located-at": ("OPERATES_FROM", "LOCATED_IN"),
    "originates-from": ("OPERATES_FROM", "LOCATED_IN"),
    "related-to": ("RELATED_TO",),
}
# Claim kinds that a relationship or note may carry in x_attrib_claim_kind (with the claims
# that two actor records are, or are not, one group: an exported ATT&CK revoked-by comes back).
OBJECT_CLAIM_KINDS = (
    "attribution", "sponsorship", "non-attribution", "alias", "fact", *RECORD_CLAIM_KINDS,
)  # fmt: skip
STATE_KINDS = frozenset({"government", "agency"})  # organisation kinds that are the state
