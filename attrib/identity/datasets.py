"""The datasets an actor record can come from, and the claim kinds that relate records.

A dataset is "who reports the record": the seed and an analyst's own YAML, MITRE ATT&CK, one
MISP galaxy, EuRepoC, or another STIX producer. Record ids carry their dataset's prefix, so a
source's own id never collides with another's.
"""

from __future__ import annotations

SEED = "seed"  # seed_data/ and any analyst YAML in the same format
ATTACK = "mitre-attack"
MISP_THREAT_ACTOR = "misp-threat-actor"
MISP_MICROSOFT = "misp-microsoft-activity-group"
EUREPOC = "eurepoc"
STIX = "stix"  # a STIX bundle from anyone but MITRE

# When a resolved actor needs one name and one id: the first dataset here that has a member
# (then the smallest record id). Datasets not listed come after, alphabetically.
DISPLAY_PRIORITY: tuple[str, ...] = (SEED, ATTACK, MISP_THREAT_ACTOR, MISP_MICROSOFT, EUREPOC)


SOURCE_PREFIX = "dataset:"  # the Source node a dataset's claims and records cite


def source_id(dataset: str) -> str:
    """The id of the Source node that stands for a dataset: `dataset:mitre-attack`."""
    return f"{SOURCE_PREFIX}{dataset}"


def misp_dataset(galaxy_type: str) -> str:
    """The dataset of a MISP cluster file, by the galaxy's `type` ("threat-actor", ...)."""
    return f"misp-{galaxy_type}"


# Claims about two records (SUBJECT record, OBJECT record). Only SAME_AS joins records;
# the others are kept as what they say, and DISTINCT forbids a join (docs/identity.md).
SAME_AS = "same-as"
OVERLAPS = "overlaps"
ASSOCIATED = "associated"
DISTINCT = "distinct"
SPLIT_FROM = "split-from"
RECORD_CLAIM_KINDS: tuple[str, ...] = (SAME_AS, OVERLAPS, ASSOCIATED, DISTINCT, SPLIT_FROM)
# A same-as claim in these words of its source is weaker than "one group": MISP's `similar`
# ("likely similar"). It joins after same-as claims and after names their givers back
# (attrib.identity.resolve, docs/identity.md "Order of strength").
LOOSE_RELATIONS: tuple[str, ...] = ("similar",)
NAMING = "alias"  # a naming claim: claimant says the subject record is called `alias`

# How a naming claim's claimant stands to its name (the claim's `naming`, docs/identity.md):
# GIVEN: the claimant gave the name and says so itself (Microsoft's activity-group galaxy, a
# seed claim citing Microsoft's own post); REPORTED: the claimant gave the name as another
# source reports it (MISP's `name-attribution`: "MITRE calls it G0082"), second-hand; USED: the
# claimant uses or reports the name and gave none (Wikipedia listing "Red Apollo").
GIVEN = "given"
REPORTED = "reported"
USED = "used"
NAMINGS: tuple[str, ...] = (GIVEN, REPORTED, USED)

# Whose own list a dataset is: the party speaks first-hand in it. MITRE's G-numbers and the
# names ATT&CK lists are MITRE's word; Microsoft's activity-group galaxy is Microsoft's list of
# its names. A second-hand naming by that party is checked against it (attrib.identity.firsthand).
OWNERS: dict[str, str] = {ATTACK: "mitre", MISP_MICROSOFT: "microsoft"}
OWNER_NAMES: dict[str, str] = {"mitre": "MITRE", "microsoft": "Microsoft"}  # as the registry

# A dataset as the reporter of the names its records list ("used by MITRE ATT&CK").
_LABELS: dict[str, str] = {
    SEED: "the seed",
    ATTACK: "MITRE ATT&CK",
    MISP_THREAT_ACTOR: "the MISP threat-actor galaxy",
    MISP_MICROSOFT: "the MISP Microsoft activity-group galaxy",
    EUREPOC: "EuRepoC",
    STIX: "a STIX bundle",
}


def label(dataset: str) -> str:
    """A dataset as a reader names it: `label("mitre-attack")` is "MITRE ATT&CK"."""
    if dataset in _LABELS:
        return _LABELS[dataset]
    if dataset.startswith("misp-"):
        return f"the MISP {dataset.removeprefix('misp-')} galaxy"
    return dataset
