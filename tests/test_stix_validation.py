"""STIX 2.1 import without a database: mapping, confidence scales, aliases, malformed bundles."""

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
from loader.sources.stix.aliases import ActorNames, resolve_actors, resolve_countries
from loader.sources.stix.objects import stix_confidence
from loader.sources.stix.source import StixImport, read_bundles
from loader.validate import read_and_validate
from tests.bad_inputs import CONTEXT, claim
from tests.stix_bundles import BAD_BUNDLES, SCALES, VENDOR, bundle, every_type, obj, sid, write


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
        "Country": 1,
        "Infrastructure": 1,
        "Organisation": 3,
        "Person": 1,
        "Sector": 1,
        "Source": 3,  # the report, the blog (deduplicated), the bundle itself
        "Tool": 3,
        "Vulnerability": 1,
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


# --- aliases ---------------------------------------------------------------------------------
SEED_ACTORS = {  # name key -> holders, as the database would answer for the seed
    "hafnium": [("hafnium", "HAFNIUM", "")],
    "silktyphoon": [("hafnium", "HAFNIUM", "")],
    "apt10": [("apt10", "APT10", "")],
    "menupass": [("apt10", "APT10", "")],
    "stonepanda": [("apt10", "APT10", "")],
    "potassium": [("apt10", "APT10", "")],
    "redapollo": [("apt10", "APT10", "")],
}


def known(keys: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    return {k: v for k, v in SEED_ACTORS.items() if k in keys}


def actor(n: int, name: str, *aliases: str) -> ActorNames:
    return ActorNames("b.json", f"objects[{n}]", sid("intrusion-set", n), name, aliases)


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("Silk Typhoon", "hafnium"),
        ("hafnium", "hafnium"),
        ("APT 10", "apt10"),
        ("menuPass", "apt10"),
        ("Stone-Panda", "apt10"),
        ("POTASSIUM", "apt10"),
        ("red apollo", "apt10"),
    ],
)
def test_a_vendor_name_resolves_to_the_known_actor(name: str, target: str) -> None:
    found = resolve_actors([actor(1, name)], known)
    assert found.node_of[sid("intrusion-set", 1)] == target
    assert found.problems == []


def test_new_names_of_a_resolved_actor_are_kept_for_alias_claims() -> None:
    found = resolve_actors([actor(1, "Silk Typhoon", "HAFNIUM", "Nylon Typhoon")], known)
    assert found.new_names[sid("intrusion-set", 1)] == ["Nylon Typhoon"]


def test_actors_of_one_bundle_resolve_to_each_other() -> None:
    found = resolve_actors([actor(1, "Kite", "Paper Kite"), actor(2, "paper-kite")], known)
    assert found.node_of[sid("intrusion-set", 2)] == sid("intrusion-set", 1)


def test_an_alias_matching_two_actors_is_a_conflict_not_a_guess() -> None:
    found = resolve_actors([actor(3, "Twin", "Hafnium", "Red Apollo")], known)
    (problem,) = found.problems
    assert problem.field == "aliases[0]"
    assert "alias conflict" in problem.message
    assert "hafnium (HAFNIUM)" in problem.message and "apt10 (APT10)" in problem.message


def test_a_re_import_stays_itself() -> None:
    own = sid("intrusion-set", 1)
    found = resolve_actors([actor(1, "APT10")], known, frozenset({own}))
    assert found.node_of[own] == own


def test_locations_resolve_onto_countries_by_code() -> None:
    node_of = resolve_countries(
        [(sid("location", 1), "CN"), (sid("location", 2), "XE"), (sid("location", 3), "XE")],
        lambda codes: {"CN": ("china", "China")},
    )
    assert node_of == {
        sid("location", 1): "china",
        sid("location", 2): sid("location", 2),
        sid("location", 3): sid("location", 2),
    }


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
