"""MISP galaxy cluster files: detection, complete validation, planned rows, and against a real
Neo4j: idempotent re-import, order independence, and the identity of real clusters.

Fixtures: tests/fixtures/misp/small (written for these tests, MISP's format) and
tests/fixtures/misp/real (a cut of the real CC0 galaxy, see its README). The full real files
(../shared/data/misp-galaxy) are loaded by one test whenever they are present.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from attrib import db
from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader.load import load
from loader.problems import Problem, ValidationFailed
from loader.resolution import ResolutionOutcome, write_resolution
from loader.sources.misp_galaxy import looks_like_misp_galaxy, read_misp_galaxies
from loader.writer import LoadReport, write_plan
from tests.conftest import load_seed_fresh
from tests.misp_cases import FIXTURES, MAG, SMALL, TA, edges, rows

REAL_CUT = FIXTURES / "real"
REAL_FULL = Path("/work/shared/data/misp-galaxy/clusters")
MANDIANT = "da5cdcd1-7b15-4371-b7eb-ca32916d2052"


def small_copy(
    tmp_path: Path,
    change: Callable[[dict[str, Any]], Any] | None = None,
    file: str = "threat-actor.json",
) -> Path:
    """The small fixture in tmp_path, `file` changed by `change(parsed json)`."""
    folder = tmp_path / "clusters"
    shutil.copytree(SMALL, folder)
    if change:
        data = json.loads((folder / file).read_text())
        data = change(data) or data
        (folder / file).write_text(json.dumps(data, indent=2))
    return folder


def problems_of(paths: list[Path]) -> list[Problem]:
    """What --strict refuses (a lenient read loads the other clusters, listing these)."""
    with pytest.raises(ValidationFailed) as failed:
        read_misp_galaxies(paths, strict=True)
    return failed.value.problems


# --- detection -------------------------------------------------------------------------------
def test_cluster_files_are_recognised_and_other_json_is_not(tmp_path: Path) -> None:
    assert all(looks_like_misp_galaxy(p) for p in SMALL.glob("*.json"))
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"type": "bundle", "id": "bundle--1", "objects": []}))
    descriptor = tmp_path / "galaxy.json"  # galaxies/*.json: a descriptor, no values
    descriptor.write_text(json.dumps({"name": "Threat Actor", "type": "threat-actor", "uuid": "x"}))
    values_first = tmp_path / "values-first.json"  # keys in another order than MISP's
    values_first.write_text(
        json.dumps({"values": [{"value": "x"}] * 50, "name": "n", "type": "t", "uuid": "u"})
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "n", "type": "t", "uuid": "u", "val')
    yaml_file = tmp_path / "actors.yaml"
    yaml_file.write_text("actors: []\n")
    assert not looks_like_misp_galaxy(bundle)
    assert not looks_like_misp_galaxy(descriptor)
    assert looks_like_misp_galaxy(values_first)
    assert not looks_like_misp_galaxy(broken)
    assert not looks_like_misp_galaxy(yaml_file)
    assert not looks_like_misp_galaxy(tmp_path)


def test_a_fifo_is_not_read_when_detecting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert not looks_like_misp_galaxy(fifo)  # returns at once: a FIFO would block a reader


# --- what a cluster becomes --------------------------------------------------------------------
def test_a_cluster_becomes_an_actor_record_with_all_its_names() -> None:
    plan = read_misp_galaxies([SMALL]).plan
    one = rows(plan, "Actor")[f"misp:{TA}1"]
    assert one["dataset"] == "misp-threat-actor" and one["source_id"] == f"{TA}1"
    assert one["name"] == "APT-ONE" and one["kind"] == "threat-actor"
    # synonyms, then a name only name-attribution gives (Ember One; GRIZZLY TEST is a synonym)
    assert one["aliases"] == ["Bear One", "Grizzly Test", "G0901", "Ember One"]
    assert one["external_ids"] == ["G0901"]
    assert "emberone" in one["name_keys"] and "apt-one" not in one["name_keys"]
    assert one["refs"] == ["https://example.org/apt-one"]
    assert one["victims"] == ["Georgia", "NATO"]
    assert one["sectors"] == ["Government", "Energy"]
    assert one["attribution_confidence"] == 50
    assert edges(plan, "CITES", "Actor", "Source")[f"misp:{TA}1"] == ["dataset:misp-threat-actor"]
    source = rows(plan, "Source")["dataset:misp-threat-actor"]
    assert source["publisher"] == "MISP Project" and source["version"] == "7"
    assert source["url"] == "https://github.com/MISP/misp-galaxy"


def test_name_attribution_becomes_naming_claims_by_the_producers() -> None:
    plan = read_misp_galaxies([SMALL]).plan
    claims = rows(plan, "Claim")
    by = edges(plan, "CLAIMED_BY", "Claim", "Organisation")
    naming = claims[f"misp:{TA}1:name:aptone:{MANDIANT}"]
    assert naming["kind"] == "alias" and naming["alias"] == "APT-ONE"
    assert naming["confidence"] == 100 and naming["confidence_label"] == "naming (definitional)"
    assert naming["dataset"] == "misp-threat-actor" and "made_on" not in naming
    givers = {claims[c]["alias"]: by[c][0] for c in claims if claims[c]["kind"] == "alias"}
    # registry ids (by producer uuid or name); an unregistered producer by its folded name
    assert givers == {
        "APT-ONE": "mandiant",
        "GRIZZLY TEST": "mandiant",
        "Bear One": "crowdstrike",
        "Ember One": "org-testintel",
        "G0901": "mitre",
        "Silk Typhoon": "microsoft",
        "G0125": "mitre",
        # Microsoft's galaxy: each cluster's own name is Microsoft's (the change is the point)
        "HAFNIUM": "microsoft",
        "Storm-0000": "microsoft",
        "CovertNet-1": "microsoft",
    }
    orgs = {row["id"] for row in plan.refs["Organisation"]}
    assert {"mandiant", "crowdstrike", "org-testintel", "mitre", "microsoft", "cfr"} <= orgs


def test_related_links_become_record_claims_without_an_object_edge() -> None:
    plan = read_misp_galaxies([SMALL]).plan
    claims = rows(plan, "Claim")
    similar = claims[f"misp:{TA}1:similar:{TA}2"]
    assert similar["kind"] == "same-as" and similar["object_record"] == f"misp:{TA}2"
    assert (similar["confidence"], similar["confidence_label"]) == (70, "likely")
    assert similar["confidence_scale"] == "dni"
    assert edges(plan, "CLAIMED_BY", "Claim", "Organisation")[f"misp:{TA}1:similar:{TA}2"] == [
        "misp-project"
    ]
    assert claims[f"misp:{TA}4:similar:{MAG}1"]["confidence"] == 95  # almost-certain
    overlaps = claims[f"misp:{TA}3:overlaps:{TA}1"]
    assert overlaps["kind"] == "overlaps" and "confidence" not in overlaps  # no tag: not stated
    assert claims[f"misp:{TA}3:part-of:{TA}2"]["kind"] == "associated"
    # a link to a cluster of no loaded file is kept: the resolution links it once loaded
    assert f"misp:{TA}4:similar:55555555-5555-4555-8555-000000000001" in claims
    assert ("OBJECT", "Claim", "Actor") not in plan.edges
    # `uses` and a link to itself are skipped, and counted
    assert not any(":uses:" in c or c == f"misp:{TA}1:similar:{TA}1" for c in claims)
    summary = "\n".join(read_misp_galaxies([SMALL]).summary)
    assert "related links skipped (not about identity): a link to itself 1, uses 1" in summary


def test_microsoft_renamings_are_same_as_claims_by_microsoft() -> None:
    plan = read_misp_galaxies([SMALL]).plan
    claims = rows(plan, "Claim")
    renamed = claims[f"misp:{MAG}2:renamed-from:{MAG}1"]
    assert renamed["kind"] == "same-as" and renamed["object_record"] == f"misp:{MAG}1"
    assert renamed["dataset"] == "misp-microsoft-activity-group" and renamed["confidence"] == 100
    assert edges(plan, "CLAIMED_BY", "Claim", "Organisation")[
        f"misp:{MAG}2:renamed-from:{MAG}1"
    ] == ["microsoft"]
    # Storm-0000 lists CovertNet-1, the primary name of another cluster: no weather name, no
    # renaming (a developing group listing a network it uses)
    assert not any(c.startswith(f"misp:{MAG}3:renamed-from") for c in claims)


def test_country_and_cfr_sponsor_become_a_link_and_a_claim() -> None:
    imported = read_misp_galaxies([SMALL])
    plan = imported.plan
    assert edges(plan, "OPERATES_FROM", "Actor", "Country")[f"misp:{TA}1"] == ["russian-federation"]
    cid = f"misp:{TA}1:sponsor:russian-federation"
    claim = rows(plan, "Claim")[cid]
    assert claim["kind"] == "sponsorship" and claim["confidence"] == 50
    assert "as reported by the MISP galaxy Threat Actor" in claim["statement"]
    assert edges(plan, "CLAIMED_BY", "Claim", "Organisation")[cid] == ["cfr"]
    assert edges(plan, "OBJECT", "Claim", "Country")[cid] == ["russian-federation"]
    assert edges(plan, "CITES", "Claim", "Source")[cid] == ["dataset:misp-threat-actor"]
    # "ZZ" and "Unknown" are no countries: kept out, and said ("Unknown" as an absent value)
    assert f"misp:{TA}5" not in edges(plan, "OPERATES_FROM", "Actor", "Country")
    assert "countries not in the registry (not linked): ZZ 1" in imported.summary[-1]
    assert "  countries given as unknown (no link): Unknown 1" in imported.summary


def test_without_producer_json_only_registered_producers_give_names(tmp_path: Path) -> None:
    folder = tmp_path / "alone"
    folder.mkdir()
    shutil.copy(SMALL / "threat-actor.json", folder)
    imported = read_misp_galaxies([folder / "threat-actor.json"])
    claims = rows(imported.plan, "Claim")
    givers = sorted(claims[c]["alias"] for c in claims if claims[c]["kind"] == "alias")
    assert givers == ["G0125", "G0901", "Silk Typhoon"]  # MITRE and Microsoft, by their uuid
    assert any("4 name-attributions without a claim" in line for line in imported.summary)
    # the names are still the record's
    assert "Ember One" in rows(imported.plan, "Actor")[f"misp:{TA}1"]["aliases"]


def test_the_producer_json_next_to_a_file_is_used(tmp_path: Path) -> None:
    imported = read_misp_galaxies([small_copy(tmp_path) / "threat-actor.json"])
    assert imported.dataset == "misp-threat-actor"
    assert sum(c["kind"] == "alias" for c in rows(imported.plan, "Claim").values()) == 7


def test_a_directory_leaves_out_galaxies_of_no_actors(tmp_path: Path) -> None:
    folder = small_copy(tmp_path)
    tools = {
        "name": "Tool",
        "type": "tool",
        "uuid": "0a3a2ff5-3b6c-4a14-8d44-2b2bb5d2f65e",
        "values": [{"uuid": "0a3a2ff5-3b6c-4a14-8d44-2b2bb5d2f65f", "value": "Mimikatz"}],
    }
    (folder / "tool.json").write_text(json.dumps(tools))
    (folder / "notes.json").write_text("[]")
    imported = read_misp_galaxies([folder])
    assert imported.dataset == "misp-microsoft-activity-group,misp-threat-actor"
    assert imported.summary[-2] == "Not galaxies of actors, left out: tool.json (tool)"
    assert imported.summary[-1] == "Not MISP cluster files, left out: notes.json"
    # named explicitly, it is refused
    [problem] = problems_of([folder / "tool.json"])
    assert problem.field == "type" and "not a galaxy of actors" in problem.message


# --- validation: every problem named, nothing planned -------------------------------------------
def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()
BAD_CLUSTERS = [  # (change, record, field, words of the message)
    (_set(["values", 0, "uuid"], "not-a-uuid"), "values[0] (APT-ONE)", "uuid", "is not a UUID"),
    (_set(["values", 1, "uuid"], _DELETE), "values[1] (APT-TWO)", "uuid", "required field"),
    (_set(["values", 1, "value"], _DELETE), "values[1]", "value", "required field"),
    (_set(["values", 1, "value"], 42), "values[1]", "value", "must be a string, not a number"),
    (
        _set(["values", 1, "value"], "APT\x1b[2J"),
        "values[1] ('APT\\x1b[2J')",
        "value",
        "control character U+001B",
    ),
    (_set(["values", 2], "APT-THREE"), "values[2]", "-", "a cluster is a JSON object"),
    (
        _set(["values", 0, "meta", "synonyms"], "Bear One"),
        "values[0] (APT-ONE)",
        "meta.synonyms",
        "must be a list of strings",
    ),
    (
        _set(["values", 0, "meta", "synonyms", 1], "Grizzly\x1b[31m"),
        "values[0] (APT-ONE)",
        "meta.synonyms[1]",
        "control character U+001B",
    ),
    (
        _set(["values", 0, "meta", "synonyms", 1], "Griz\u202ezly"),
        "values[0] (APT-ONE)",
        "meta.synonyms[1]",
        "text-reordering character U+202E",
    ),
    (
        _set(["values", 0, "meta", "name-attribution", 1], "Bear One"),
        "values[0] (APT-ONE)",
        "meta.name-attribution[1]",
        "is not NAME:PRODUCER-UUID",
    ),
    (
        _set(
            ["values", 0, "meta", "name-attribution", 1],
            "Bear One:99999999-9999-4999-8999-999999999999",
        ),
        "values[0] (APT-ONE)",
        "meta.name-attribution[1]",
        "is not in",
    ),
    (
        _set(["values", 0, "meta", "attribution-confidence"], "high"),
        "values[0] (APT-ONE)",
        "meta.attribution-confidence",
        "not a whole number from 0 to 100",
    ),
    (
        _set(["values", 0, "meta", "refs"], {"url": "x"}),
        "values[0] (APT-ONE)",
        "meta.refs",
        "must be a list of strings, not an object",
    ),
    (
        _set(["values", 0, "meta", "country"], ["RU"]),
        "values[0] (APT-ONE)",
        "meta.country",
        "must be a string, not a list",
    ),
    (
        _set(
            ["values", 0, "related", 0, "tags", 0],
            'estimative-language:likelihood-probability="perhaps"',
        ),
        "values[0] (APT-ONE)",
        "related[0].tags[0]",
        "is not an estimative-language likelihood",
    ),
    (
        _set(["values", 0, "related", 0, "dest-uuid"], ""),
        "values[0] (APT-ONE)",
        "related[0].dest-uuid",
        "required field",
    ),
    (
        _set(["values", 0, "related"], {"type": "similar"}),
        "values[0] (APT-ONE)",
        "related",
        "must be a list of links",
    ),
    (
        _set(["values", 1, "uuid"], f"{TA}1"),
        "values[1] (APT-TWO)",
        "uuid",
        "is also the uuid of values[0] (APT-ONE)",
    ),
    (_set(["values"], {"a": 1}), "(galaxy)", "values", "must be a list of clusters"),
    (_set(["type"], "Threat Actor!"), "(galaxy)", "type", "is not a galaxy type"),
    (_set(["uuid"], _DELETE), "(galaxy)", "uuid", "required field"),
    (lambda data: [data], "-", "-", "a MISP cluster file is a JSON object, not a list"),
]


@pytest.mark.parametrize(("change", "record", "field", "words"), BAD_CLUSTERS)
def test_each_wrong_field_is_a_problem_naming_file_record_and_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], Any], record: str, field: str, words: str
) -> None:
    folder = small_copy(tmp_path, change)
    problems = problems_of([folder / "threat-actor.json"])
    assert [(p.file, p.record, p.field) for p in problems] == [
        (str(folder / "threat-actor.json"), record, field)
    ], problems
    assert words in problems[0].message


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    def break_three(data: dict[str, Any]) -> None:
        data["values"][0]["uuid"] = "x"
        data["values"][1]["meta"]["synonyms"] = 3
        data["values"][3]["related"][0]["type"] = None

    fields = [p.field for p in problems_of([small_copy(tmp_path, break_three)])]
    assert fields == ["uuid", "meta.synonyms", "related[0].type"]


def test_broken_json_is_a_problem_with_its_line(tmp_path: Path) -> None:
    folder = small_copy(tmp_path)
    text = (folder / "microsoft-activity-group.json").read_text()
    (folder / "microsoft-activity-group.json").write_text(text.replace('"HAFNIUM"', "HAFNIUM", 1))
    for given in (folder / "microsoft-activity-group.json", folder):  # named, or in a folder
        [problem] = problems_of([given])
        assert problem.file == str(folder / "microsoft-activity-group.json")
        assert problem.record == "-" and problem.line is not None
        assert problem.message.startswith("not valid JSON")
    # broken before `values`, it does not even look like a cluster file: still a problem
    (folder / "microsoft-activity-group.json").write_text(text[:40])
    [problem] = problems_of([folder])
    assert problem.message.startswith("not valid JSON")


def test_a_broken_producer_json_is_a_problem(tmp_path: Path) -> None:
    folder = small_copy(tmp_path, _set(["values", 0, "uuid"], "nope"), file="producer.json")
    problems = problems_of([folder / "threat-actor.json"])  # found next to the file
    assert (problems[0].file, problems[0].record, problems[0].field) == (
        str(folder / "producer.json"),
        "values[0] (Mandiant)",
        "uuid",
    )


def test_producer_json_alone_is_no_actor_import(tmp_path: Path) -> None:
    [problem] = problems_of([SMALL / "producer.json"])
    assert "no MISP galaxy of actors" in problem.message


def test_inconvenient_data_is_kept_not_refused(tmp_path: Path) -> None:
    """A name on two clusters (Grizzly Test), a link to an unloaded cluster: no problem."""
    actors = rows(read_misp_galaxies([SMALL]).plan, "Actor")
    assert sum("grizzlytest" in a["name_keys"] for a in actors.values()) == 3


def test_a_galaxy_twice_is_a_problem(tmp_path: Path) -> None:
    folder = small_copy(tmp_path)
    shutil.copy(folder / "threat-actor.json", tmp_path / "threat-actor-copy.json")
    problems = problems_of([folder, tmp_path / "threat-actor-copy.json"])
    assert problems[0].field == "type" and "a second file of the galaxy" in problems[0].message


# --- against Neo4j ---------------------------------------------------------------------------
def write(paths: list[Path]) -> tuple[LoadReport, ResolutionOutcome]:
    """What `attrib load` does with a MISP import (until loader.load reads MISP itself)."""
    report = write_plan(read_misp_galaxies(paths).plan)
    return report, write_resolution()


def actor_of(record: str) -> str:
    found = db.read(
        "MATCH (:Actor {id: $id})-[:MEMBER_OF]->(r:ResolvedActor) RETURN r.id AS id", {"id": record}
    ).records
    assert len(found) == 1, found
    return str(found[0]["id"])


def record_named(name: str, dataset: str) -> str:
    found = db.read(
        "MATCH (a:Actor {name: $name, dataset: $dataset}) RETURN a.id AS id",
        {"name": name, "dataset": dataset},
    ).records
    assert len(found) == 1, found
    return str(found[0]["id"])


@pytest.mark.neo4j
def test_validation_failure_writes_nothing(tmp_path: Path, seeded_graph: Fingerprint) -> None:
    folder = small_copy(tmp_path, _set(["values", 0, "uuid"], "bad"))
    with pytest.raises(ValidationFailed):
        load([folder], strict=True, problems_file=tmp_path / "problems.csv")
    assert graph_fingerprint() == seeded_graph


def test_a_bad_cluster_is_left_out_and_reported_the_others_load(tmp_path: Path) -> None:
    """A third-party dataset loads as published: the cluster with a bad uuid is skipped and
    named (file, record, field); a bad producer reference is dropped from its cluster."""
    folder = small_copy(tmp_path, _set(["values", 0, "uuid"], "bad"))
    whole = read_misp_galaxies([SMALL])
    found = read_misp_galaxies([folder])
    skipped = [n for n in found.notices if n.action == "skipped"]
    assert [(n.problem.field, n.problem.file) for n in skipped] == [
        ("uuid", str(folder / "threat-actor.json"))
    ]
    assert skipped[0].problem.record.startswith("values[0]")
    assert len(found.plan.nodes["Actor"]) == len(whole.plan.nodes["Actor"]) - 1


@pytest.mark.neo4j
def test_reimport_changes_nothing(restore_seed: Fingerprint) -> None:
    write([SMALL])
    first = graph_fingerprint()
    report, outcome = write([SMALL])
    assert graph_fingerprint() == first
    assert report.totals().created == report.totals().updated == 0
    assert outcome.removed == 0
    claim = db.read(
        "MATCH (c:Claim {id: $id})-[:OBJECT]->(o:Actor) RETURN o.id AS o",
        {"id": f"misp:{TA}4:similar:{MAG}1"},
    ).records
    assert [r["o"] for r in claim] == [f"misp:{MAG}1"]  # linked once both are loaded


@pytest.mark.neo4j
def test_galaxies_in_any_order_or_together_give_one_graph(restore_seed: Fingerprint) -> None:
    files = [REAL_CUT / "threat-actor.json", REAL_CUT / "microsoft-activity-group.json"]
    for file in files:
        write([file])
    forward = graph_fingerprint()
    load_seed_fresh()
    for file in reversed(files):
        write([file])
    assert graph_fingerprint() == forward
    load_seed_fresh()
    write(files)  # in one import: the same rows
    assert graph_fingerprint() == forward


@pytest.mark.neo4j
def test_real_clusters_resolve_as_the_sources_say(restore_seed: Fingerprint) -> None:
    _, outcome = write([REAL_CUT])
    ta, ms = "misp-threat-actor", "misp-microsoft-activity-group"
    apt28, apt29 = record_named("APT28", ta), record_named("APT29", ta)
    assert actor_of(apt28) != actor_of(apt29)
    assert any(a.name == "Grizzly Steppe" and a.dataset == ta for a in outcome.resolution.ambiguous)
    hafnium = actor_of(record_named("HAFNIUM", ta))
    assert actor_of(record_named("HAFNIUM", ms)) == hafnium
    assert actor_of(record_named("Silk Typhoon", ms)) == hafnium
    assert actor_of("hafnium") == hafnium  # the seed's record, whose claims the actor shows
    # Microsoft's renaming joins its two records; MISP's own "similar" joins APT29 and UNC2452
    assert actor_of(record_named("NOBELIUM", ms)) == actor_of(record_named("Midnight Blizzard", ms))
    assert actor_of(record_named("UNC2452", ta)) == actor_of(apt29)
    # Storm-0940 lists CovertNetwork-1658 (a network it uses, its own cluster): two records
    assert actor_of(record_named("Storm-0940", ms)) != actor_of(
        record_named("CovertNetwork-1658", ms)
    )
    names = db.read(
        "MATCH (c:Claim {kind: 'alias'})-[:SUBJECT]->(:Actor {id: $id}), "
        "(c)-[:CLAIMED_BY]->(o) RETURN c.alias AS name, o.id AS giver",
        {"id": apt28},
    ).records
    assert {(r["name"], r["giver"]) for r in names} >= {
        ("Forest Blizzard", "microsoft"),
        ("G0007", "mitre"),
    }


@pytest.mark.neo4j
@pytest.mark.skipif(not REAL_FULL.is_dir(), reason=f"the real galaxy is not at {REAL_FULL}")
def test_the_full_real_galaxies_load_and_reload_unchanged(restore_seed: Fingerprint) -> None:
    imported = read_misp_galaxies([REAL_FULL])
    print("\n".join(imported.summary))
    report = write_plan(imported.plan)
    outcome = write_resolution()
    print(report.totals(), *outcome.lines(), sep="\n")
    loaded = db.read(
        "MATCH (a:Actor) WHERE a.dataset STARTS WITH 'misp-' RETURN count(a) AS n"
    ).records[0]["n"]
    assert loaded == len(imported.plan.nodes["Actor"]) == 1041 + 179
    first = graph_fingerprint()
    again, _ = write([REAL_FULL])
    assert graph_fingerprint() == first and again.totals().created == again.totals().updated == 0
    apt28 = record_named("APT28", "misp-threat-actor")
    assert actor_of(apt28) != actor_of(record_named("APT29", "misp-threat-actor"))


@pytest.mark.parametrize(
    ("likelihood", "value"),
    [("almost-no-chance", 5), ("very-unlikely", 15), ("unlikely", 30),
     ("roughly-even-chance", 50), ("likely", 70), ("very-likely", 85), ("almost-certain", 95)],
)  # fmt: skip
def test_each_estimative_likelihood_has_its_number(
    tmp_path: Path, likelihood: str, value: int
) -> None:
    tag = f'estimative-language:likelihood-probability="{likelihood}"'
    folder = small_copy(tmp_path, _set(["values", 0, "related", 0, "tags"], [tag]))
    claim = rows(read_misp_galaxies([folder]).plan, "Claim")[f"misp:{TA}1:similar:{TA}2"]
    assert (claim["confidence"], claim["confidence_label"]) == (value, likelihood)
