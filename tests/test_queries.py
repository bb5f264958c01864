"""Every named query against the real seeded graph answers what an analyst asks of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from attrib import db
from attrib.catalogue import catalogue
from attrib.errors import ParamError, QueryFailed
from attrib.fingerprint import Fingerprint, graph_fingerprint
from attrib.runner import QueryOutcome, run_named
from loader.load import load
from tests.seed_facts import (
    CHINA_DENIAL,
    EXAMPLES,
    MS_ATTRIBUTION,
    NCSC_ATTRIBUTION,
    NON_ATTRIBUTION,
    RAAB_MSS,
)

pytestmark = pytest.mark.neo4j

ATTRIBUTION_KINDS = {"attribution", "sponsorship"}


def rows(name: str, **params: Any) -> list[dict[str, Any]]:
    outcome = run_named(name, params)
    assert not outcome.truncated
    return outcome.rows


def by_claim(result: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["claim"]: r for r in result}


def test_every_query_has_an_example() -> None:
    assert set(EXAMPLES) == set(catalogue())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_query_runs_and_answers(seeded_graph: Fingerprint, name: str) -> None:
    outcome = run_named(name, EXAMPLES[name])
    assert isinstance(outcome, QueryOutcome)
    assert outcome.rows, f"{name} found nothing on the seed"
    assert not outcome.truncated
    assert outcome.keys == list(outcome.rows[0])
    json.dumps(outcome.rows)  # plain Python all the way down


# --- competing attributions ---------------------------------------------------------------


def test_exchange_shows_microsofts_attribution_to_hafnium_denied_by_china(
    seeded_graph: Fingerprint,
) -> None:
    result = by_claim(rows("competing_attributions", campaign="exchange-2021"))
    ms = result[MS_ATTRIBUTION]
    assert (ms["kind"], ms["scope"], ms["claimant"], ms["claimant_kind"]) == (
        "attribution",
        "campaign",
        "Microsoft",
        "vendor",
    )
    assert (ms["attributed"], ms["attributed_label"], ms["attributed_id"]) == (
        "HAFNIUM",
        "Actor",
        "hafnium",
    )
    assert (ms["confidence_label"], ms["confidence_scale"], ms["confidence"]) == (
        "High",
        "none-low-med-high",
        85,
    )
    assert (ms["basis"], ms["made_on"]) == ("technical", "2021-03-02")
    assert {"China", "Government of China"} == {s["state"] for s in ms["state_link"]}
    assert "src-05" in {s["id"] for s in ms["sources"]}
    assert all({"id", "title", "publisher", "url", "published"} <= set(s) for s in ms["sources"])
    (denial,) = ms["denials"]
    assert (denial["claim"], denial["claimant"], denial["made_on"]) == (
        CHINA_DENIAL,
        "Government of China",
        "2021-03",  # month only: never a made-up day
    )
    assert denial["statement"].startswith("The Chinese government denies")
    assert denial["by_attributed_party"] is True
    assert ms["status"] == "denied"


def test_exchange_shows_the_uks_mss_link_with_chinas_denial(seeded_graph: Fingerprint) -> None:
    raab = by_claim(rows("competing_attributions", campaign="exchange-2021"))[RAAB_MSS]
    assert (raab["kind"], raab["claimant"], raab["claimant_kind"], raab["claimant_org"]) == (
        "sponsorship",
        "Dominic Raab",
        "person",
        "UK Government",
    )
    assert (raab["attributed"], raab["made_on"]) == ("Ministry of State Security", "2021-07-19")
    assert [s["state"] for s in raab["state_link"]] == ["Ministry of State Security"]
    assert [d["claim"] for d in raab["denials"]] == [CHINA_DENIAL]
    assert raab["status"] == "denied"


def test_competing_attributions_lists_the_campaign_first_then_its_actors(
    seeded_graph: Fingerprint,
) -> None:
    result = rows("competing_attributions", campaign="exchange-2021")
    scopes = [r["scope"] for r in result]
    assert scopes == sorted(scopes, key=lambda s: s != "campaign")
    assert {r["claim"] for r in result if r["scope"] == "campaign"} == {
        MS_ATTRIBUTION,
        NCSC_ATTRIBUTION,
        RAAB_MSS,
    }
    actor_rows = [r for r in result if r["scope"] == "attributed actor"]
    assert actor_rows and all(r["subject"] == "HAFNIUM" for r in actor_rows)
    assert {r["kind"] for r in result} <= ATTRIBUTION_KINDS


def test_as_of_before_the_uk_statement_omits_it(seeded_graph: Fingerprint) -> None:
    before = by_claim(rows("competing_attributions", campaign="exchange-2021", as_of="2021-07-18"))
    assert RAAB_MSS not in before and NCSC_ATTRIBUTION not in before
    assert MS_ATTRIBUTION in before
    # the NCSC's sponsorship claim is not a state link yet either
    states = {s["claim"] for s in before[MS_ATTRIBUTION]["state_link"]}
    assert "claim-ncsc-sponsorship-hafnium-chinese-state" not in states
    on_the_day = by_claim(
        rows("competing_attributions", campaign="exchange-2021", as_of="2021-07-19")
    )
    assert RAAB_MSS in on_the_day and NCSC_ATTRIBUTION in on_the_day


def test_as_of_before_anyone_spoke_shows_nothing(seeded_graph: Fingerprint) -> None:
    assert rows("competing_attributions", campaign="exchange-2021", as_of="2021-02-28") == []
    assert rows("as_of", as_of="2021-02-28") == []


@pytest.mark.parametrize("entity", ["exchange-2021", "hafnium", "mss"])
def test_as_of_with_an_entity_keeps_the_date_filter(seeded_graph: Fingerprint, entity: str) -> None:
    """The id branch finds claims from the entity, not by date: the filter must still apply."""
    march = rows("as_of", as_of="2021-03-31", id=entity)
    assert all(str(r["made_on"]) <= "2021-03-31" for r in march)
    assert RAAB_MSS not in by_claim(march) and NCSC_ATTRIBUTION not in by_claim(march)
    july = by_claim(rows("as_of", as_of="2021-07-19", id=entity))
    assert RAAB_MSS in july or NCSC_ATTRIBUTION in july  # the filter, not the id, left them out


def test_a_denial_made_later_does_not_count_earlier(seeded_graph: Fingerprint) -> None:
    # China's denial is dated March 2021 (month only): by default it counts from 31 March
    # (tests/test_as_of_rule.py has the rule in full); Microsoft spoke on 2 March.
    early = by_claim(rows("as_of", as_of="2021-03-02"))
    assert early[MS_ATTRIBUTION]["status"] == "uncontested"
    assert by_claim(rows("as_of", as_of="2021-03-31"))[MS_ATTRIBUTION]["status"] == "denied"
    result = by_claim(rows("as_of", as_of="2021-12-31"))
    assert result["claim-microsoft-attribution-log4shell-hafnium"]["status"] == "uncontested"


def add_denial(claim: str, *, by: str, day: str) -> None:
    """A denial of `claim` by the entity `by`, made on `day` (tests restore the seed after)."""
    db.run_write(
        "MATCH (c:Claim {id: $claim}), (who:Entity {id: $by}) "
        "CREATE (d:Claim {id: 'test-denial-' + $by, kind: 'denial', made_on: date($day), "
        "statement: $by + ' disputes it.'})-[:DISPUTES]->(c), (d)-[:CLAIMED_BY]->(who)",
        {"claim": claim, "by": by, "day": day},
    )


def test_status_contested_or_denied_depends_on_who_denies(restore_seed: Fingerprint) -> None:
    """A denial by a bystander contests a claim; one by the accused (or its state) denies it."""
    log4shell = "claim-microsoft-attribution-log4shell-hafnium"
    add_denial(log4shell, by="cisco", day="2022-01-10")
    result = by_claim(rows("competing_attributions", campaign="log4shell-hafnium-2021"))
    assert result[log4shell]["status"] == "contested"
    assert result[log4shell]["denials"][0]["by_attributed_party"] is False
    assert by_claim(rows("as_of", as_of="2022-02-01"))[log4shell]["status"] == "contested"
    assert by_claim(rows("as_of", as_of="2022-01-09"))[log4shell]["status"] == "uncontested"
    matrix = {(r["campaign_id"], r["attributed_id"]): r for r in rows("attribution_matrix")}
    assert matrix[("log4shell-hafnium-2021", "hafnium")]["contested"] is True
    add_denial(log4shell, by="hafnium", day="2022-02-01")
    result = by_claim(rows("competing_attributions", campaign="log4shell-hafnium-2021"))
    assert result[log4shell]["status"] == "denied"


def test_an_unknown_campaign_gives_no_rows(seeded_graph: Fingerprint) -> None:
    assert rows("competing_attributions", campaign="no-such-campaign") == []


# --- non-attributions never show as attributions ---------------------------------------------


def test_solarwinds_shows_microsofts_non_attribution_not_an_attribution(
    seeded_graph: Fingerprint,
) -> None:
    assert rows("competing_attributions", campaign="solarwinds-2020") == []
    (non,) = rows("non_attributions", id="solarwinds-2020")
    assert (non["claim"], non["claimant"], non["subject"], non["not_linked_to_label"]) == (
        NON_ATTRIBUTION,
        "Microsoft",
        "HAFNIUM",
        "Campaign",
    )
    matrix = rows("attribution_matrix")
    assert "solarwinds-2020" not in {r["campaign_id"] for r in matrix}
    details = rows("campaign_details", campaign="solarwinds-2020")[0]
    assert details["attributed_actors"] == [] and details["attribution_claims"] == 0


def test_no_attribution_view_lists_a_denial_or_non_attribution(seeded_graph: Fingerprint) -> None:
    for campaign in ("exchange-2021", "log4shell-hafnium-2021", "solarwinds-2020"):
        for row in rows("competing_attributions", campaign=campaign):
            assert row["kind"] in ATTRIBUTION_KINDS
            assert row["claim"] not in (NON_ATTRIBUTION, CHINA_DENIAL)
    for row in rows("as_of", as_of="2030-01-01"):
        assert row["kind"] in ATTRIBUTION_KINDS
    for row in rows("attribution_matrix"):
        assert set(row["kinds"]) <= ATTRIBUTION_KINDS
    for row in rows("sponsorship_chain"):
        assert row["claim"] not in (NON_ATTRIBUTION, CHINA_DENIAL)


def test_the_profile_and_timeline_label_a_non_attribution_as_such(
    seeded_graph: Fingerprint,
) -> None:
    profile = rows("entity_profile", id="hafnium")[0]
    kinds = {c["claim"]: c["kind"] for c in profile["claims"]}
    assert kinds[NON_ATTRIBUTION] == "non-attribution"
    timeline = {r["id"]: r for r in rows("timeline", id="solarwinds-2020")}
    assert timeline[NON_ATTRIBUTION]["kind"] == "non-attribution"


# --- the other queries ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["silk typhoon", "Silk-Typhoon", "SILK TYPHOON", "hafn"])
def test_search_finds_hafnium_by_alias(seeded_graph: Fingerprint, text: str) -> None:
    assert rows("search", q=text)[0]["id"] == "hafnium"


@pytest.mark.parametrize("text", ["ＳＩＬＫ　ＴＹＰＨＯＯＮ", "ｓｉｌｋ－ｔｙｐｈｏｏｎ"])
def test_search_folds_full_width_input_as_the_stored_names(
    seeded_graph: Fingerprint, text: str
) -> None:
    """Full-width letters fold to the stored key (attrib.names.name_key, NFKC): an exact match."""
    first = rows("search", q=text)[0]
    assert (first["id"], "exact" in first["matched"]) == ("hafnium", True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("中国政府", "chinese-government"), ("red apollo", "apt10"), ("MSS", "mss")],
)
def test_search_finds_original_names_and_aliases(
    seeded_graph: Fingerprint, text: str, expected: str
) -> None:
    assert rows("search", q=text)[0]["id"] == expected


def test_search_puts_an_exact_alias_first_among_hundreds_of_partial_matches(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    """300 actors whose names contain "quokka", one whose alias is exactly "Quokka": it comes
    first, ahead of every partial match, although only 200 partial matches are considered."""
    lines = ["actors:"]
    for i in range(300):
        lines += [f"  - id: quokka-{i:03d}", f"    name: Quokka Cluster {i:03d}"]
    lines += ["  - id: zz-exact", "    name: Zebra Unit", "    aliases: [Quokka]"]
    (tmp_path / "many.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    load([tmp_path])
    found = rows("search", q="quokka", limit=100)
    assert found[0]["id"] == "zz-exact" and "exact" in found[0]["matched"]
    assert len(found) == 100 and all(r["id"].startswith("quokka-") for r in found[1:])
    assert rows("search", q="quokka cluster 007")[0]["id"] == "quokka-007"
    # Inside 301 names but no word starts with it: "name contains" only, capped, by name.
    inside = rows("search", q="okka", limit=100)
    assert len(inside) == 100 and all(r["matched"] == ["name contains"] for r in inside)
    assert [r["name"] for r in inside] == sorted(r["name"] for r in inside)


@pytest.mark.parametrize(
    "text", ['a:b (c) [d] ~e ^f "g', "\\", "*", "AND OR NOT", "-", "&& ||", "title:x~2"]
)
def test_search_is_safe_for_lucene_syntax(
    tmp_path: Path, restore_seed: Fingerprint, text: str
) -> None:
    """Lucene's operators are searched as text: a name made of them is found, first and
    exactly; input that is only punctuation finds nothing (rather than everything)."""
    (tmp_path / "probe.yaml").write_text(
        "actors:\n  - id: lucene-probe\n    name: " + json.dumps(f"Probe {text}") + "\n"
    )
    load([tmp_path / "probe.yaml"])
    assert rows("search", q=f"Probe {text}")[0]["id"] == "lucene-probe"
    found = rows("search", q=text)
    if any(ch.isalnum() for ch in text):
        assert "lucene-probe" in {r["id"] for r in found}
    else:
        assert found == []


def test_entity_profile_gathers_names_relations_claims_and_events(
    seeded_graph: Fingerprint,
) -> None:
    profile = rows("entity_profile", id="hafnium")[0]
    assert (profile["label"], profile["name"]) == ("Actor", "HAFNIUM")
    assert "Silk Typhoon" in profile["aliases"]
    relations = {(r["type"], r["direction"], r["other_id"]) for r in profile["relations"]}
    assert ("OPERATES_FROM", "out", "china") in relations
    assert ("RELATED_TO", "out", "apt10") in relations
    roles = {(c["claim"], c["role"]) for c in profile["claims"]}
    assert (MS_ATTRIBUTION, "object") in roles
    assert profile["events"] and profile["sources"]


def test_attribution_matrix_counts_claims_per_campaign_and_party(
    seeded_graph: Fingerprint,
) -> None:
    matrix = {(r["campaign_id"], r["attributed_id"]): r for r in rows("attribution_matrix")}
    cell = matrix[("exchange-2021", "hafnium")]
    assert cell["claims"] == 2
    assert set(cell["claimants"]) == {"Microsoft", "National Cyber Security Centre"}
    assert (cell["highest_confidence"], cell["first_claimed"]) == (85, "2021-03-02")
    assert cell["contested"] is True and cell["denied_by"] == ["Government of China"]
    assert matrix[("exchange-2021", "mss")]["kinds"] == ["sponsorship"]
    assert matrix[("log4shell-hafnium-2021", "hafnium")]["contested"] is False
    early = rows("attribution_matrix", as_of="2021-03-31")
    assert {(r["campaign_id"], r["attributed_id"], r["claims"]) for r in early} == {
        ("exchange-2021", "hafnium", 1)
    }


def test_sponsorship_chain_runs_from_the_agency_to_the_state(seeded_graph: Fingerprint) -> None:
    (row,) = rows("sponsorship_chain", id="mss")
    assert row["claim"] == RAAB_MSS
    assert row["chain"] == ["Ministry of State Security", "Government of China", "China"]
    assert row["state"] == "China"
    assert [d["claimant"] for d in row["denials"]] == ["Government of China"]
    hafnium = rows("sponsorship_chain", id="hafnium")
    assert {r["state"] for r in hafnium} == {"China"}
    assert len(hafnium) == 4


def test_denials_list_the_claims_they_dispute(seeded_graph: Fingerprint) -> None:
    (denial,) = rows("denials", id="hafnium")
    assert (denial["denial"], denial["claimant"], denial["made_on_precision"]) == (
        CHINA_DENIAL,
        "Government of China",
        "month",
    )
    disputed = {d["claim"]: d for d in denial["disputes"]}
    assert len(disputed) == 7
    assert disputed[MS_ATTRIBUTION]["kind"] == "attribution"
    assert disputed[RAAB_MSS]["object"] == "Ministry of State Security"
    assert rows("denials", id="apt10") == []


def test_provenance_of_a_claim_and_of_an_entity(seeded_graph: Fingerprint) -> None:
    claim = rows("provenance", id=MS_ATTRIBUTION)
    assert {r["source"] for r in claim} == {
        "src-05", "src-20", "src-07", "src-03", "src-04", "src-11", "src-06", "src-27",
    }  # fmt: skip
    assert {r["via"] for r in claim} == {"claim"}
    entity = rows("provenance", id="hafnium")
    vias = {(r["via"], r["via_id"]) for r in entity}
    assert ("edge", "hafnium OPERATES_FROM china") in vias
    assert ("claim", NON_ATTRIBUTION) in vias
    assert ("record", "hafnium") in vias
    assert all(r["title"] and r["publisher"] for r in entity)


def test_timeline_is_in_date_order(seeded_graph: Fingerprint) -> None:
    result = rows("timeline", id="exchange-2021")
    dates = [r["date"] for r in result]
    assert dates == sorted(dates)
    assert {"claim", "event"} == {r["type"] for r in result}
    everything = rows("timeline")
    assert len(everything) > len(result)
    assert [r["date"] for r in everything] == sorted(r["date"] for r in everything)


def _rel_ids(result: list[dict[str, Any]]) -> set[str]:
    return {rel["_id"] for row in result for rel in row["rels"]}


def test_neighbourhood_returns_nodes_and_relationships_for_drawing(
    seeded_graph: Fingerprint,
) -> None:
    outcome = run_named("neighbourhood", {"id": "hafnium"})
    assert outcome.rows[0]["node"]["id"] == "hafnium"  # the start node first
    node_ids = [row["node"]["_id"] for row in outcome.rows]
    assert len(node_ids) == len(set(node_ids))  # each node once
    for row in outcome.rows:  # light maps in the runner's node and relationship shape
        node = row["node"]
        assert {"_id", "_labels", "id"} <= node.keys()
        assert node["_labels"][0] != "Entity" and "Source" not in node["_labels"]
        assert "description" not in node and "name_keys" not in node
        for rel in row["rels"]:  # outgoing, between nodes of the result
            assert rel["_start"] == node["_id"] and rel["_end"] in node_ids
            assert rel["_type"] and rel["_id"]
    names = {row["node"].get("name") for row in outcome.rows}
    assert {"HAFNIUM", "China", "APT10"} <= names
    one = _rel_ids(outcome.rows)
    two = _rel_ids(rows("neighbourhood", id="hafnium", hops=2, limit=500))
    assert one < two
    three = _rel_ids(rows("neighbourhood", id="hafnium", hops=3, limit=500))
    clamped = _rel_ids(rows("neighbourhood", id="hafnium", hops=9, limit=500))
    assert clamped == three
    with_sources = rows("neighbourhood", id="hafnium", sources=True)
    assert "Source" in {label for r in with_sources for label in r["node"]["_labels"]}


def test_neighbourhood_draws_what_the_graph_holds(seeded_graph: Fingerprint) -> None:
    """The light maps draw the same nodes and relationships as reading the graph directly."""
    from ui import graph

    nodes, rels = graph.extract([], rows("neighbourhood", id="hafnium", hops=1, limit=500))
    expected = db.read(
        "MATCH (s:Entity {id: 'hafnium'})--(m) WHERE NOT m:Source AND NOT m:ResolvedActor "
        "WITH s, collect(DISTINCT m) + s AS ns UNWIND ns AS a MATCH (a)-[r]->(b) WHERE b IN ns "
        "RETURN collect(DISTINCT elementId(r)) AS rels, [n IN ns | elementId(n)] AS nodes"
    ).records[0]
    assert {n.id for n in nodes} == set(expected["nodes"])
    assert {r.id for r in rels} == set(expected["rels"])
    hafnium = next(n for n in nodes if n.props.get("id") == "hafnium")
    assert hafnium.caption == "HAFNIUM" and hafnium.label == "Actor"


def test_neighbourhood_caps_the_nodes(seeded_graph: Fingerprint) -> None:
    result = rows("neighbourhood", id="hafnium", hops=3, limit=5)
    assert len(result) == 5
    ids = {row["node"]["_id"] for row in result}
    assert all(rel["_end"] in ids for row in result for rel in row["rels"])


def test_shortest_path_avoids_sources(seeded_graph: Fingerprint) -> None:
    result = rows("shortest_path", from_id="mss", to_id="hafnium")
    assert result and all(r["hops"] == result[0]["hops"] for r in result)
    for r in result:
        assert r["steps"][0] == "Ministry of State Security" and r["steps"][-1] == "HAFNIUM"
        assert all("Source" not in n["_labels"] for n in r["path"]["nodes"])
    assert rows("shortest_path", from_id="hafnium", to_id="hafnium") == []


def test_campaign_details_of_the_exchange_breach(seeded_graph: Fingerprint) -> None:
    details = rows("campaign_details", campaign="exchange-2021")[0]
    assert details["attributed_actors"] == ["HAFNIUM"]
    victims = {v["id"] for v in details["victims"]}
    assert {"eba", "storting", "cmf", "united-states", "united-kingdom"} <= victims
    cves = {v["cve"] for v in details["vulnerabilities"]}
    assert cves == {"CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065"}
    tools = {t["name"]: t for t in details["tools"]}
    assert tools["China Chopper"]["via"] is None
    sectors = {s["name"]: s["via"] for s in details["sectors"]}
    assert sectors["Law firms"] == "HAFNIUM"
    assert {i["via"] for i in details["infrastructure"]} == {"HAFNIUM"}
    figures = {(f["value"], f["unit"]) for f in details["figures"]}
    assert (250000, "servers worldwide") in figures


def test_overview_counts_match_the_graph(seeded_graph: Fingerprint) -> None:
    counts = {(r["what"], r["name"]): r["count"] for r in rows("overview_counts")}
    # The same counts read from the whole graph (what the count-store query must equal).
    full = db.read(
        "MATCH (n) UNWIND labels(n) AS name WITH name "
        "WHERE NOT name IN ['Entity', 'LoadedFile', 'LoadLedger'] "  # not the loader's bookkeeping
        "RETURN 'nodes' AS what, name, count(*) AS count UNION ALL "
        "MATCH (c:Claim) RETURN 'claims' AS what, c.kind AS name, count(*) AS count UNION ALL "
        "MATCH ()-[r]->() RETURN 'relationships' AS what, type(r) AS name, count(*) AS count"
    ).records
    assert counts == {(r["what"], r["name"]): r["count"] for r in full}
    total = db.read("MATCH (c:Claim) RETURN count(c) AS n").records[0]["n"]
    assert counts[("nodes", "Claim")] == total
    assert counts[("claims", "non-attribution")] == 1
    assert counts[("claims", "denial")] == 1
    assert ("nodes", "Entity") not in counts
    assert counts[("relationships", "DISPUTES")] == 7


def test_overview_counts_names_every_label_kind_and_type() -> None:
    """The count-store query lists each label, claim kind and edge type by name: one the
    loader gains must be added there too, or the overview would silently leave it out."""
    from loader import models as m
    from loader.plan import EDGE_TYPES

    text = catalogue()["overview_counts"].text
    counted = "WITH count(n) AS count RETURN"
    for label in m.NODE_LABELS:
        assert f"MATCH (n:{label}) {counted} 'nodes' AS what, '{label}' AS name" in text
    for kind in m.CLAIM_KINDS:
        assert f"c.kind = '{kind}' WITH count(c) AS count RETURN 'claims' AS what, '{kind}'" in text
    for etype in EDGE_TYPES:
        assert f"[r:{etype}]->() WITH count(r) AS count RETURN 'relationships' AS what" in text


def test_overview_counts_come_from_the_count_store(seeded_graph: Fingerprint) -> None:
    """No label is scanned: each count is read from Neo4j's count store (claims by kind from
    the claim_kind index), so the overview costs the same on a graph of any size."""
    from loader import models as m
    from loader.plan import EDGE_TYPES

    plan = db.explain(catalogue()["overview_counts"].text).plan
    operators: list[str] = []

    def walk(op: Any) -> None:
        operators.append(op["operatorType"].split("@")[0])
        for child in op.get("children", []):
            walk(child)

    walk(plan)
    assert operators.count("NodeCountFromCountStore") == len(m.NODE_LABELS)
    assert operators.count("RelationshipCountFromCountStore") == len(EDGE_TYPES)
    assert not [op for op in operators if "Scan" in op or op == "Expand(All)"]


def test_newest_claims_newest_first_and_by_kind(seeded_graph: Fingerprint) -> None:
    newest = rows("newest_claims", limit=5)
    assert len(newest) == 5
    dates = [r["made_on"] for r in newest]
    assert dates == sorted(dates, reverse=True)
    assert newest[0]["claim"] == "claim-microsoft-alias-silk-typhoon"
    only = rows("newest_claims", kind="non-attribution")
    assert [r["claim"] for r in only] == [NON_ATTRIBUTION]


def test_named_queries_are_capped_like_raw_cypher(seeded_graph: Fingerprint) -> None:
    outcome = run_named("timeline", {}, max_rows=3)
    assert outcome.truncated and len(outcome.rows) == 3


def test_outcome_reports_the_servers_own_time(seeded_graph: Fingerprint) -> None:
    outcome = run_named("entity_profile", {"id": "hafnium"})
    assert outcome.server_ms is not None and 0 <= outcome.server_ms <= outcome.elapsed_ms + 1


def test_parameter_errors_are_raised_before_running(seeded_graph: Fingerprint) -> None:
    with pytest.raises(ParamError, match="parameter 'campaign' is required"):
        run_named("competing_attributions", {})
    with pytest.raises(QueryFailed, match="There is no query named 'nope'"):
        run_named("nope", {})


def test_named_queries_change_nothing(seeded_graph: Fingerprint) -> None:
    for name, params in EXAMPLES.items():
        run_named(name, params)
    assert graph_fingerprint() == seeded_graph
