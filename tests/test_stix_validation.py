"""STIX 2.1 import without a database: mapping, confidence scales, records, malformed bundles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from attrib import db
from loader.confidence import normalise
from loader.load import load
from loader.plan import build_plan
from loader.problems import ValidationFailed
from loader.sources.stix.attack import MITRE_IDENTITY
from loader.sources.stix.objects import stix_confidence
from loader.sources.stix.source import StixImport, read_bundles
from loader.validate import read_and_validate
from tests.bad_inputs import CONTEXT, claim
from tests.stix_bundles import BAD_BUNDLES, SCALES, VENDOR, bundle, every_type, obj, rel, sid, write


def dry(tmp_path: Path, data: Any, name: str = "b.json") -> StixImport:
    return read_bundles([write(tmp_path / name, data)])


# --- confidence ------------------------------------------------------------------------------
@pytest.mark.parametrize(("scale", "label", "stix", "value"), SCALES)
def test_every_appendix_a_label_normalises_to_the_spec_number(
    scale: str, label: str, stix: int | None, value: int | None
) -> None:
    assert normalise(label, scale, None if scale != "wording" else stix).value == value


@pytest.mark.parametrize(("scale", "label", "stix", "value"), SCALES)
def test_stix_objects_keep_the_wording_beside_the_number(
    scale: str, label: str, stix: int | None, value: int | None
) -> None:
    props: dict[str, Any] = {"x_confidence_label": label, "x_confidence_scale": scale}
    if stix is not None:
        props["confidence"] = stix
    conf, problems = stix_confidence(props)
    assert problems == []
    assert (conf["label"], conf["scale"], conf.get("value")) == (label, scale, stix)


@pytest.mark.parametrize(("scale", "label", "stix", "value"), SCALES)
def test_seed_yaml_accepts_every_scale(
    tmp_path: Path, scale: str, label: str, stix: int | None, value: int | None
) -> None:
    extra = f", value: {stix}" if scale == "wording" else ""
    (tmp_path / "c.yaml").write_text(
        CONTEXT + claim(confidence=f'{{label: "{label}", scale: {scale}{extra}}}')
    )
    row = build_plan(read_and_validate([tmp_path])).nodes["Claim"][0]["props"]
    assert row.get("confidence") == value
    assert (row["confidence_label"], row["confidence_scale"]) == (label, scale)


def test_plain_stix_confidence_is_the_0_100_scale_and_none_is_not_specified() -> None:
    assert stix_confidence({"confidence": 42}) == (
        {"label": "42", "scale": "0-100", "value": 42},
        [],
    )
    assert stix_confidence({}) == ({"label": "Not Specified", "scale": "none-low-med-high"}, [])


def test_admiralty_spellings_follow_the_spec() -> None:
    assert normalise("2", "admiralty").value == 70
    assert normalise("Probably True", "admiralty").label == "2 - Probably True"
    assert normalise("likely / probable", "wep").value == 70  # spaces around '/' ignored
    assert normalise("Chances About Even", "wep").value == 50  # Kent's wording


# --- mapping ---------------------------------------------------------------------------------
def test_every_type_maps_onto_the_graph(tmp_path: Path) -> None:
    outcome = dry(tmp_path, every_type())
    nodes = {label: len(rows) for label, rows in outcome.plan.nodes.items()}
    assert nodes == {
        "Actor": 2,
        "Campaign": 1,
        "Claim": 7,  # 4 attributed-to, 3 opinions
        "Infrastructure": 1,
        "Person": 1,
        "Sector": 1,
        "Source": 3,  # the report, the blog (deduplicated), the bundle itself
        "Tool": 3,
        "Vulnerability": 1,
    }
    # identities and locations are the registry's shared nodes, planned as references
    refs = {label: sorted(r["id"] for r in rows) for label, rows in outcome.plan.refs.items()}
    assert refs == {
        "Organisation": ["org-examplevendor", "org-ministryofexamples", "org-rivalvendor"],
        "Country": ["china"],
    }
    edges: Counter[str] = Counter()  # per edge type, over the (type, from, to) label shapes
    for shape, rows in outcome.plan.edges.items():
        edges[shape[0]] += len(rows)
    assert edges["USES"] == 3  # two STIX `uses` from different vendors merged into one edge
    assert edges["EXPLOITS"] == 2  # campaign `targets` a vulnerability, malware `exploits` it
    assert edges["DISPUTES"] == 1 and edges["SUPPORTS"] == 2
    assert edges["OPERATES_FROM"] == 1 and edges["LOCATED_IN"] == 1 and edges["TARGETS"] == 1
    assert edges["RELATED_TO"] == 2


def test_skipped_and_unknown_objects_are_counted_never_silent(tmp_path: Path) -> None:
    summary = dry(tmp_path, every_type()).summary
    assert summary.skipped[("revoked", "malware")] == 1
    assert summary.skipped[("deprecated", "tool")] == 1
    assert summary.skipped[("type not mapped", "attack-pattern")] == 1
    assert summary.skipped[("type not mapped", "x-example-tactic")] == 1
    assert summary.skipped[("type not mapped", "marking-definition")] == 1
    assert summary.skipped[("target not imported", "relationship")] == 2
    lines = "\n".join(summary.lines())
    assert "skipped (revoked): malware 1" in lines
    assert "attack-pattern 1" in lines and "x-example-tactic 1" in lines
    assert summary.objects == len(every_type()["objects"])


def test_newest_version_of_an_object_wins(tmp_path: Path) -> None:
    old = obj("campaign", 1, name="Old name")
    new = obj("campaign", 1, name="New name", modified="2022-01-01T00:00:00.000Z")
    summary = dry(tmp_path, bundle(new, old)).summary
    assert summary.older_versions == 1
    assert summary.imported["campaign"] == 1


def test_yaml_and_stix_are_never_mixed(tmp_path: Path) -> None:
    write(tmp_path / "b.json", bundle(obj("campaign", 1, name="C")))
    (tmp_path / "s.yaml").write_text("actors:\n  - id: a\n    name: A\n")
    with pytest.raises(ValidationFailed, match="problem"):
        load([tmp_path], dry_run=True, use_database_ids=False)


# --- one record per source ----
def rows(found: StixImport, label: str) -> dict[str, dict[str, Any]]:
    """The planned node rows of `label`, by id."""
    return {row["id"]: row["props"] for row in found.plan.nodes.get(label, [])}


def mitre_group(n: int, gid: str, name: str, *aliases: str, **props: Any) -> dict[str, Any]:
    """An intrusion set as the ATT&CK bundle has it (created by MITRE, with its G-id)."""
    refs = [{"source_name": "mitre-attack", "external_id": gid, "url": f"https://a.example/{gid}"}]
    return obj(
        "intrusion-set", n, name=name, aliases=[name, *aliases], created_by_ref=MITRE_IDENTITY,
        external_references=refs, **props,
    )  # fmt: skip


MITRE = obj("identity", 9, name="The MITRE Corporation", identity_class="organization")
MITRE = {**MITRE, "id": MITRE_IDENTITY}


def test_actors_sharing_a_name_stay_two_records(tmp_path: Path) -> None:
    """Nothing is merged by name inside a bundle: joining records is the resolution's job."""
    found = dry(
        tmp_path,
        bundle(
            obj("intrusion-set", 1, name="Kite", aliases=["Paper Kite"]),
            obj("intrusion-set", 2, name="paper-kite"),
        ),
    )
    actors = rows(found, "Actor")
    assert sorted(actors) == [sid("intrusion-set", 1), sid("intrusion-set", 2)]
    assert rows(found, "Claim") == {}  # no alias claim in anyone's name
    assert actors[sid("intrusion-set", 2)]["dataset"] == "stix"
    assert actors[sid("intrusion-set", 2)]["source_id"] == sid("intrusion-set", 2)
    assert "external_ids" not in actors[sid("intrusion-set", 2)]


def test_an_attack_group_is_a_mitre_attack_record_with_its_g_id(tmp_path: Path) -> None:
    hafnium = mitre_group(1, "G0125", "HAFNIUM", "Silk Typhoon")
    found = dry(tmp_path, bundle(MITRE, hafnium))
    props = rows(found, "Actor")[sid("intrusion-set", 1)]
    assert (props["dataset"], props["source_id"], props["external_ids"]) == (
        "mitre-attack",
        "G0125",
        ["G0125"],
    )
    assert props["name_keys"] == ["g0125", "hafnium", "silktyphoon"]
    # an ATT&CK id alone makes it ATT&CK's, whoever the creator
    other = mitre_group(2, "G0016", "APT29")
    del other["created_by_ref"]
    assert rows(dry(tmp_path, bundle(other)), "Actor")[sid("intrusion-set", 2)]["dataset"] == (
        "mitre-attack"
    )


def test_revoked_by_is_a_same_as_claim_by_mitre(tmp_path: Path) -> None:
    old = mitre_group(1, "G0118", "UNC2452", revoked=True)
    new = mitre_group(2, "G0016", "APT29")
    revoked_by = rel(
        1, "revoked-by", sid("intrusion-set", 1), sid("intrusion-set", 2),
        created_by_ref=MITRE_IDENTITY,
    )  # fmt: skip
    found = dry(tmp_path, bundle(MITRE, old, new, revoked_by))
    actors = rows(found, "Actor")
    assert actors[sid("intrusion-set", 1)]["revoked"] is True  # kept as its own record
    assert "revoked" not in actors[sid("intrusion-set", 2)]
    claim = rows(found, "Claim")[sid("relationship", 1)]
    assert (claim["kind"], claim["dataset"], claim["object_record"], claim["confidence"]) == (
        "same-as",
        "mitre-attack",
        sid("intrusion-set", 2),
        100,
    )
    assert claim["statement"] == "MITRE revoked G0118 in favour of G0016"
    edges = {shape[0]: list(r) for shape, r in found.plan.edges.items()}
    assert edges["CLAIMED_BY"] == [{"from": sid("relationship", 1), "to": "mitre", "props": {}}]
    assert edges["SUBJECT"][0]["to"] == sid("intrusion-set", 1)
    assert edges["OBJECT"][0]["to"] == sid("intrusion-set", 2)
    cited = {r["to"] for shape, rs in found.plan.edges.items() if shape[0] == "CITES" for r in rs}
    assert "dataset:mitre-attack" in cited
    assert rows(found, "Source")["dataset:mitre-attack"]["publisher"] == "MITRE"


def test_an_exported_same_as_claim_imports_back(tmp_path: Path) -> None:
    """Our export writes a same-as claim as related-to with x_attrib_claim_kind."""
    found = dry(
        tmp_path,
        bundle(
            obj("intrusion-set", 1, name="A"),
            obj("intrusion-set", 2, name="B"),
            rel(1, "related-to", sid("intrusion-set", 1), sid("intrusion-set", 2),
                x_attrib_claim_kind="same-as", confidence=100),
        ),
    )  # fmt: skip
    claim = rows(found, "Claim")[sid("relationship", 1)]
    assert (claim["kind"], claim["dataset"]) == ("same-as", "stix")


def test_identities_and_locations_land_on_the_registry_nodes(tmp_path: Path) -> None:
    """The bundle's Microsoft is the seed's `microsoft`: one claimant, never a STIX-id node."""
    found = dry(
        tmp_path,
        bundle(
            obj("identity", 1, name="Microsoft Corporation", identity_class="organization"),
            obj("location", 1, name="Russia", country="RU"),
            obj("location", 2, name="Nowhere", country="XE"),  # no such country: skipped
            obj("intrusion-set", 1, name="K"),
            rel(1, "attributed-to", sid("intrusion-set", 1), sid("location", 1),
                created_by_ref=sid("identity", 1)),
        ),
    )  # fmt: skip
    assert [r["id"] for r in found.plan.refs["Organisation"]] == ["microsoft"]
    assert [r["id"] for r in found.plan.refs["Country"]] == ["russian-federation"]
    assert "Organisation" not in found.plan.nodes and "Country" not in found.plan.nodes
    shapes = {shape: list(r) for shape, r in found.plan.edges.items()}
    assert [r["to"] for r in shapes[("CLAIMED_BY", "Claim", "Organisation")]] == ["microsoft"]
    assert [r["to"] for r in shapes[("OBJECT", "Claim", "Country")]] == ["russian-federation"]
    assert rows(found, "Claim")[sid("relationship", 1)]["kind"] == "sponsorship"
    skipped = found.summary.skipped
    assert skipped[("location whose country the registry does not know", "location")] == 1


def test_a_reference_to_mitre_needs_no_identity_in_the_bundle(tmp_path: Path) -> None:
    found = dry(tmp_path, bundle(mitre_group(1, "G0125", "HAFNIUM")))
    assert [r["id"] for r in found.plan.refs["Organisation"]] == ["mitre"]


# --- malformed bundles -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data", "record", "fld"), BAD_BUNDLES, ids=[b[0] for b in BAD_BUNDLES]
)
def test_malformed_bundle_names_the_object_and_field(
    tmp_path: Path, name: str, data: bytes, record: str, fld: str
) -> None:
    (tmp_path / f"{name}.json").write_bytes(data)
    with pytest.raises(ValidationFailed) as info:
        read_bundles([tmp_path / f"{name}.json"])
    problems = info.value.problems
    matching = [p for p in problems if p.file.endswith(f"{name}.json") and record in p.record]
    assert [p for p in matching if p.field == fld], [str(p) for p in problems]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    data = bundle(
        obj("campaign", 1, name="C", confidence=150),
        obj("intrusion-set", 1),
        obj("campaign", 2, name="D", created_by_ref=VENDOR),
    )
    with pytest.raises(ValidationFailed) as info:
        dry(tmp_path, data)
    fields = sorted(p.field for p in info.value.problems)
    assert fields == ["confidence", "created_by_ref", "name"]


# --- sources never write ---------------------------------------------------------------------
def test_reading_bundles_never_touches_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only loader.load writes: a source returns planned rows and a summary, nothing more."""

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("a source touched the database")

    for name in ("get_driver", "session", "read", "write", "run_write", "run_autocommit"):
        monkeypatch.setattr(db, name, refuse)
    found = read_bundles([write(tmp_path / "b.json", every_type())])
    found.plan.close()
    assert found.plan.node_count() > 0 and found.summary.objects == len(every_type()["objects"])


def test_a_bundle_with_many_problems_counts_every_one(tmp_path: Path) -> None:
    """Problems past the shown ones are counted, not lost (the total is every problem)."""
    objects = [
        {"type": "campaign", "spec_version": "2.1", "id": f"campaign--{i}"} for i in range(600)
    ]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"type": "bundle", "id": "bundle--x", "objects": objects}))
    with pytest.raises(ValidationFailed) as info:
        read_bundles([path])
    assert info.value.total >= 600
    assert info.value.total > len(info.value.problems)
    assert "more problems of these kinds" in str(info.value.problems[-1])
