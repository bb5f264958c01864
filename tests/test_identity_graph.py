"""Identity in the real graph: stored actors, policy recomputation, registry references, and
the same graph whatever the load order (Neo4j started by the session fixture)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from attrib import db
from attrib.cli import app
from attrib.fingerprint import Fingerprint, graph_fingerprint
from attrib.identity import datasets as ds
from attrib.identity.policy import Policy
from attrib.names import name_props
from loader.load import DEFAULT_SEED, load
from loader.plan import Plan
from loader.registry import registry
from loader.resolution import write_resolution
from loader.writer import wipe, write_plan

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def _record(rid: str, dataset: str, name: str, *aliases: str) -> dict[str, Any]:
    props = {"id": rid, "dataset": dataset, "source_id": rid, "name": name, "kind": "threat-actor"}
    if aliases:
        props["aliases"] = list(aliases)
    return {"id": rid, "props": {**props, **name_props([name, *aliases])}}


def other_dataset() -> Plan:
    """A small second dataset: HAFNIUM's and APT10's records in it, an orphan, a shared
    ambiguous name, Microsoft and China as references (created only when absent)."""
    plan = Plan()
    plan.nodes["Actor"] += [
        _record("t:hafnium", ds.MISP_THREAT_ACTOR, "HAFNIUM", "Silk Typhoon"),
        _record("t:menupass", ds.MISP_THREAT_ACTOR, "menuPass", "Stone Panda", "Twin"),
        _record("t:orphan", ds.MISP_THREAT_ACTOR, "Orphan Group", "Twin"),
    ]
    plan.refs["Organisation"].append(registry().organisation("Microsoft Corporation").row())
    china = registry().country("CN")
    assert china is not None
    plan.refs["Country"].append(china.row())
    plan.edges[("OPERATES_FROM", "Actor", "Country")].append(
        {"from": "t:hafnium", "to": china.id, "props": {"sources": []}}
    )
    return plan


def _load_other() -> None:
    write_plan(other_dataset())
    write_resolution()


def _seed() -> None:
    load([DEFAULT_SEED])


@pytest.fixture
def empty_graph(restore_seed: Fingerprint) -> Iterator[None]:
    wipe()
    yield


def test_seed_then_other_equals_other_then_seed(empty_graph: None) -> None:
    _seed()
    _load_other()
    first = graph_fingerprint()
    _load_other()  # a re-import changes nothing
    _seed()
    assert graph_fingerprint() == first
    wipe()
    _load_other()
    _seed()
    assert graph_fingerprint() == first


def test_a_reference_never_overwrites_the_seed_record(empty_graph: None) -> None:
    _load_other()  # Microsoft created from the registry first
    _seed()
    _load_other()
    rows = db.read("MATCH (o:Organisation {id: 'microsoft'}) RETURN properties(o) AS p").records
    assert len(rows) == 1
    seed_props = rows[0]["p"]
    assert "MSTIC" in seed_props["aliases"]
    assert seed_props.get("description")  # the seed's own description, not the registry's


def test_stored_actors_follow_the_policy_and_come_back(empty_graph: None) -> None:
    _seed()
    _load_other()
    before = graph_fingerprint()
    members = db.read(
        "MATCH (a:Actor)-[:MEMBER_OF]->(r:ResolvedActor {id: 'actor:hafnium'}) "
        "RETURN collect(a.id) AS ids"
    ).records[0]["ids"]
    assert sorted(members) == ["hafnium", "t:hafnium"]
    write_resolution(Policy(shared_names="none"))
    alone = db.read(
        "MATCH (a:Actor)-[:MEMBER_OF]->(r:ResolvedActor) RETURN r.id AS r, count(a) AS n"
    ).records
    assert all(row["n"] == 1 for row in alone)
    assert len(alone) == 5
    write_resolution()
    assert graph_fingerprint() == before


def test_identity_show_json_is_what_scripts_rely_on(empty_graph: None) -> None:
    _seed()
    _load_other()
    result = runner.invoke(app, ["identity", "show", "silk-typhoon", "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert isinstance(found, list) and len(found) == 1
    actor = found[0]
    assert actor["id"] == "actor:hafnium" and actor["name"] == "HAFNIUM"
    silk = next(n for n in actor["names"] if n["name"] == "Silk Typhoon")
    assert silk["given_by"] == "Microsoft"
    assert sorted((m["source"], m["source_id"], m["name"]) for m in actor["members"]) == [
        (ds.MISP_THREAT_ACTOR, "t:hafnium", "HAFNIUM"),
        (ds.SEED, "hafnium", "HAFNIUM"),
    ]
    missing = runner.invoke(app, ["identity", "show", "no such group"])
    assert missing.exit_code == 2  # bad input, as `attrib query` (changed on purpose)
    assert "no actor record carries the name" in missing.stderr


def test_identity_report_lists_the_ambiguous_name(empty_graph: None) -> None:
    _seed()
    _load_other()
    result = runner.invoke(app, ["identity", "report", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [(a["name"], a["records"]) for a in report["ambiguous_names"]] == [
        ("Twin", ["t:menupass", "t:orphan"])
    ]
    shared = {n["name"] for n in report["shared_names"]}
    assert "HAFNIUM" in shared
    bad = runner.invoke(app, ["identity", "report", "--section", "nonsense"])
    assert bad.exit_code == 2


def test_search_leads_from_another_vendors_name_to_the_actor(empty_graph: None) -> None:
    _seed()
    _load_other()
    result = runner.invoke(app, ["query", "search", "-p", "q=stone panda", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    hit = next(r for r in rows if r["id"] == "t:menupass")
    assert hit["actor_id"] == "actor:apt10"  # the seed lists menuPass and Stone Panda on APT10
    assert hit["dataset"] == ds.MISP_THREAT_ACTOR
    silk = runner.invoke(app, ["query", "search", "-p", "q=silk typhoon", "--format", "json"])
    rows = json.loads(silk.stdout)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert {r["actor_id"] for r in rows if r["label"] == "Actor"} == {"actor:hafnium"}
    seed_row = next(r for r in rows if r["id"] == "hafnium")
    assert seed_row["named_by"] == ["Microsoft"]
