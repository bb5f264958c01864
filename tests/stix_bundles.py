"""Hand-made STIX 2.1 bundles for the importer and exporter tests.

Ids are fixed (`sid("campaign", 1)`), so a test can name any object; `bundle(*objects)` wraps
objects into a bundle dict and `write(path, bundle)` saves it as JSON. `SCALES` lists every
confidence label of STIX 2.1 Appendix A; `BAD_BUNDLES` malformed bundles with the object and
field their problem names.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stix2validator import ValidationOptions, validate_file

TS = "2021-03-02T00:00:00.000Z"
LATER = "2021-07-19T00:00:00.000Z"


def sid(stype: str, n: int) -> str:
    """A valid, fixed STIX id: `sid('campaign', 1)` -> campaign--00000000-0000-4000-8000-…01."""
    return f"{stype}--00000000-0000-4000-8000-{n:012d}"


def obj(stype: str, n: int, **props: Any) -> dict[str, Any]:
    """A STIX 2.1 object with the common properties filled in."""
    out: dict[str, Any] = {
        "type": stype,
        "spec_version": "2.1",
        "id": sid(stype, n),
        "created": TS,
        "modified": TS,
    }
    out.update(props)
    return {k: v for k, v in out.items() if v is not None}


def rel(n: int, rtype: str, src: str, tgt: str, **props: Any) -> dict[str, Any]:
    return obj("relationship", n, relationship_type=rtype, source_ref=src, target_ref=tgt, **props)


def bundle(*objects: dict[str, Any], n: int = 1) -> dict[str, Any]:
    return {"type": "bundle", "id": sid("bundle", n), "objects": list(objects)}


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# --- the objects of the "every type" bundle ------------------------------------------------
VENDOR = sid("identity", 1)  # a security vendor: the claimant of most objects
ANALYST = sid("identity", 2)  # an individual
HEALTH = sid("identity", 3)  # a class: the health sector
MINISTRY = sid("identity", 4)  # a government body: attribution to it is sponsorship
RIVAL = sid("identity", 5)  # a second vendor, for merged relationships and opinions
CN = sid("location", 1)
REGION = sid("location", 2)  # a region without a country: skipped
KITE = sid("intrusion-set", 1)
CREW = sid("threat-actor", 1)
CAMPAIGN = sid("campaign", 1)
WEBSHELL = sid("malware", 1)
OLD_MALWARE = sid("malware", 2)  # revoked
VARIANT = sid("malware", 3)
DUMPER = sid("tool", 1)
OLD_TOOL = sid("tool", 2)  # deprecated
CVE = sid("vulnerability", 1)
VPS = sid("infrastructure", 1)
REPORT = sid("report", 1)
TECHNIQUE = sid("attack-pattern", 1)  # not mapped
ATTRIBUTION = sid("relationship", 1)
SPONSOR_CN = sid("relationship", 2)
SPONSOR_MINISTRY = sid("relationship", 3)
DENIAL = sid("opinion", 1)
AGREEMENT = sid("opinion", 2)
NEUTRAL = sid("opinion", 3)

REPORT_URL = "https://vendor.example/reports/nylon-kite"


def every_type() -> dict[str, Any]:
    """One bundle with every mapped type, relationship kinds, opinions and skipped objects."""
    by = {"created_by_ref": VENDOR}
    cite = {
        "external_references": [
            {
                "source_name": "Vendor blog",
                "description": "Vendor. (2021, March 2). Nylon Kite targets health care.",
                "url": "https://vendor.example/blog/nylon-kite",
            }
        ]
    }
    return bundle(
        obj("identity", 1, name="Example Vendor", identity_class="organization"),
        obj("identity", 2, name="Ana Analyst", identity_class="individual", roles=["analyst"]),
        obj("identity", 3, name="Health care", identity_class="class", sectors=["healthcare"]),
        obj(
            "identity",
            4,
            name="Ministry of Examples",
            identity_class="organization",
            sectors=["government-national"],
        ),
        obj("identity", 5, name="Rival Vendor", identity_class="organization"),
        obj("location", 1, name="China", country="CN"),
        obj("location", 2, name="Eastern Asia", region="eastern-asia"),
        obj(
            "intrusion-set",
            1,
            name="Nylon Kite",
            aliases=["NYLON KITE", "Kite Group"],
            first_seen="2019-05-01T00:00:00Z",
            description="A made-up intrusion set.",
            **by,
            **cite,
        ),
        obj("threat-actor", 1, name="Kite Crew", threat_actor_types=["nation-state"], **by),
        obj(
            "campaign",
            1,
            name="Operation Paper Kite",
            first_seen="2021-01-03T00:00:00Z",
            last_seen="2021-03-01T00:00:00Z",
            **by,
        ),
        obj("malware", 1, name="KiteShell", is_family=True, **by),
        obj("malware", 2, name="OldShell", is_family=True, revoked=True, **by),
        obj("malware", 3, name="KiteShell2", is_family=True, **by),
        obj("tool", 1, name="Dumper", **by),
        obj("tool", 2, name="OldDumper", x_mitre_deprecated=True, **by),
        obj(
            "vulnerability",
            1,
            name="CVE-2021-99999",
            external_references=[{"source_name": "cve", "external_id": "CVE-2021-99999"}],
        ),
        obj("infrastructure", 1, name="Kite VPS", infrastructure_types=["hosting-malware"]),
        obj("attack-pattern", 1, name="Web Shell", **by),
        obj("x-example-tactic", 1, name="Persistence"),
        obj(
            "report",
            1,
            name="Nylon Kite: a health-care campaign",
            published="2021-03-02T00:00:00Z",
            lang="en",
            x_attrib_reliability="B",
            external_references=[{"source_name": "Example Vendor", "url": REPORT_URL}],
            object_refs=[CAMPAIGN, KITE, sid("relationship", 1), sid("relationship", 4)],
            **by,
        ),
        rel(
            1,
            "attributed-to",
            CAMPAIGN,
            KITE,
            confidence=85,
            x_confidence_label="High",
            x_confidence_scale="none-low-med-high",
            description="Example Vendor attributes Operation Paper Kite to Nylon Kite.",
            **by,
        ),
        rel(2, "attributed-to", KITE, CN, confidence=70, **by),
        rel(3, "attributed-to", KITE, MINISTRY, confidence=50, **by, **cite),
        rel(4, "uses", KITE, WEBSHELL, **by),
        rel(5, "uses", KITE, WEBSHELL, created_by_ref=RIVAL, **cite),  # merged with 4
        rel(6, "uses", CAMPAIGN, DUMPER, **by),
        rel(7, "targets", KITE, HEALTH, **by),
        rel(8, "targets", CAMPAIGN, CVE, **by),  # -> EXPLOITS
        rel(9, "exploits", WEBSHELL, CVE, **by),
        rel(10, "located-at", VPS, CN, **by),  # -> LOCATED_IN
        rel(11, "originates-from", KITE, CN, **by),  # -> OPERATES_FROM
        rel(12, "related-to", CREW, KITE, **by),
        rel(13, "variant-of", VARIANT, WEBSHELL, **by),  # -> RELATED_TO with a note
        rel(14, "uses", KITE, TECHNIQUE, **by),  # target not imported: skipped
        rel(15, "uses", KITE, OLD_MALWARE, **by),  # target revoked: skipped
        rel(16, "uses", CAMPAIGN, VPS, **by),
        rel(17, "attributed-to", CREW, ANALYST, confidence=30, **by),  # attribution to a person
        obj(
            "opinion",
            1,
            opinion="strongly-disagree",
            explanation="Exampleland denies any involvement.",
            object_refs=[SPONSOR_CN],
            created_by_ref=MINISTRY,
            created=LATER,
            modified=LATER,
        ),
        obj(
            "opinion",
            2,
            opinion="agree",
            object_refs=[ATTRIBUTION],
            created_by_ref=RIVAL,
            confidence=70,
            created=LATER,
            modified=LATER,
        ),
        obj(
            "opinion",
            3,
            opinion="neutral",
            object_refs=[ATTRIBUTION, sid("relationship", 4)],
            created_by_ref=ANALYST,
            confidence=50,
        ),
        obj(
            "marking-definition",
            1,
            name="TLP:CLEAR-ish",
            definition_type="statement",
            definition={"statement": "Copyright Example"},
        ),
        obj("note", 1, content="A plain note.", object_refs=[KITE]),
    )


# (scale, label, STIX confidence, normalised value) — STIX 2.1 Appendix A, every scale.
SCALES: list[tuple[str, str | int, int | None, int | None]] = [
    ("none-low-med-high", "None", 0, 0),
    ("none-low-med-high", "Low", 15, 15),
    ("none-low-med-high", "Med", 50, 50),
    ("none-low-med-high", "High", 85, 85),
    ("0-10", "0", 0, 0),
    ("0-10", "7", 70, 70),
    ("0-10", "10", 100, 100),
    ("admiralty", "1 - Confirmed by other sources", 90, 90),
    ("admiralty", "2 - Probably True", 70, 70),
    ("admiralty", "3 - Possibly True", 50, 50),
    ("admiralty", "4 - Doubtful", 30, 30),
    ("admiralty", "5 - Improbable", 10, 10),
    ("admiralty", "6 - Truth cannot be judged", None, None),
    ("wep", "Impossible", 0, 0),
    ("wep", "Highly Unlikely/Almost Certainly Not", 10, 10),
    ("wep", "Unlikely/Probably Not", 30, 30),
    ("wep", "Even Chance", 50, 50),
    ("wep", "Likely/Probable", 70, 70),
    ("wep", "Highly likely/Almost Certain", 90, 90),
    ("wep", "Certain", 100, 100),
    ("dni", "Almost No Chance / Remote", 5, 5),
    ("dni", "Very Unlikely / Highly Improbable", 15, 15),
    ("dni", "Unlikely / Improbable", 30, 30),
    ("dni", "Roughly Even Chance / Roughly Even Odds", 50, 50),
    ("dni", "Likely / Probable", 70, 70),
    ("dni", "Very Likely / Highly Probable", 85, 85),
    ("dni", "Almost Certain / Nearly Certain", 95, 95),
    ("wording", "officials believe", 70, 70),
]


# --- malformed bundles: (name, file content, record, field) ------------------------------
def _json(data: Any) -> bytes:
    return json.dumps(data).encode()


def _with(*objects: dict[str, Any]) -> bytes:
    return _json(bundle(obj("identity", 1, name="V", identity_class="organization"), *objects))


def _worded(label: str, scale: str, **props: Any) -> dict[str, Any]:
    """A campaign with a worded confidence (x_confidence_label and x_confidence_scale)."""
    return obj("campaign", 2, name="C", x_confidence_label=label, x_confidence_scale=scale, **props)


CAMP = obj("campaign", 1, name="C")
BAD_BUNDLES: list[tuple[str, bytes, str, str]] = [  # name, file content, record, field
    ("not_json", b'{"type": "bundle", "objects": [ {"type": ', "-", "-"),
    ("empty", b"", "-", "-"),
    ("top_level_list", b"[]", "-", "-"),
    ("not_a_bundle", _json({"type": "report", "id": sid("report", 1)}), "-", "type"),
    (
        "stix_2_0_bundle",
        _json({**bundle(CAMP), "spec_version": "2.0"}),
        "-",
        "spec_version",
    ),
    ("no_objects", _json({"type": "bundle", "id": sid("bundle", 1)}), "-", "objects"),
    (
        "object_spec_version_2_0",
        _with(obj("campaign", 2, name="C", spec_version="2.0")),
        "objects[1]",
        "spec_version",
    ),
    (
        "object_without_spec_version",
        _with({k: v for k, v in CAMP.items() if k != "spec_version"}),
        "objects[1]",
        "spec_version",
    ),
    (
        "dangling_target",
        _with(CAMP, rel(1, "attributed-to", CAMPAIGN, KITE)),
        "objects[2]",
        "target_ref",
    ),
    (
        "dangling_creator",
        _with(obj("campaign", 2, name="C", created_by_ref=sid("identity", 9))),
        "objects[1]",
        "created_by_ref",
    ),
    (
        "confidence_150",
        _with(obj("campaign", 2, name="C", confidence=150)),
        "objects[1]",
        "confidence",
    ),
    (
        "confidence_not_a_number",
        _with(obj("campaign", 2, name="C", confidence="high")),
        "objects[1]",
        "confidence",
    ),
    (
        "confidence_label_without_scale",
        _with(
            obj("campaign", 2, name="C", confidence=60, x_confidence_label="High"),
        ),
        "objects[1]",
        "x_confidence_scale",
    ),
    (
        "confidence_number_against_wording",
        _with(_worded("High", "none-low-med-high", confidence=60)),
        "objects[1]",
        "confidence",
    ),
    (
        "confidence_unknown_scale",
        _with(_worded("High", "vibes", confidence=60)),
        "objects[1]",
        "x_confidence_scale",
    ),
    (
        "confidence_label_not_on_scale",
        _with(_worded("Hihg", "none-low-med-high")),
        "objects[1]",
        "x_confidence_label",
    ),
    ("missing_name", _with(obj("intrusion-set", 1)), "objects[1]", "name"),
    ("bad_id", _with({**CAMP, "id": "campaign--nope"}), "objects[1]", "id"),
    (
        "modified_before_created",
        _with(obj("campaign", 2, name="C", modified="2020-01-01T00:00:00.000Z")),
        "objects[1]",
        "modified",
    ),
    (
        "bad_claim_kind",
        _with(
            CAMP,
            obj("intrusion-set", 1, name="K"),
            rel(1, "related-to", CAMPAIGN, KITE, x_attrib_claim_kind="rumour"),
        ),
        "objects[3]",
        "x_attrib_claim_kind",
    ),
    (
        "claimant_is_a_sector",
        _with(
            CAMP,
            obj("intrusion-set", 1, name="K"),
            obj("identity", 3, name="Health", identity_class="class"),
            rel(1, "attributed-to", CAMPAIGN, KITE, created_by_ref=sid("identity", 3)),
        ),
        f"objects[4] ({ATTRIBUTION})",
        "created_by_ref",
    ),
    ("object_not_a_mapping", _with("just a string"), "objects[1]", "-"),  # type: ignore[arg-type]
]


def assert_valid(path: Path) -> None:
    """The bundle at `path` passes the STIX 2.1 validator (stix2-validator), every object."""
    results = validate_file(str(path), ValidationOptions())
    errors = [str(e) for o in results.object_results for e in o.errors]
    assert errors == [] and results.is_valid, errors[:20]
