"""The Streamlit UI, page by page, with Streamlit's AppTest against the real seeded graph.

Custom components (the neo4j-viz graph) do not render in AppTest, so the graph tests assert on
the data built for them (`st.session_state["graph:<key>"]`, see ui/graph.py); the pages also
keep what they show in session state (`attributions:view`, `explore:search`, …).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from attrib import db
from attrib.fingerprint import Fingerprint, graph_fingerprint
from ui import common, graph

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
TIMEOUT = 90


def texts(at: AppTest) -> str:
    """Every markdown, caption, alert and heading on the page, as one string."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title", "header"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(e.value) for e in at.subheader]
    return "\n".join(parts)


def open_page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def fresh_cache(seeded_graph: Fingerprint) -> Iterator[Fingerprint]:
    st.cache_data.clear()
    yield seeded_graph
    st.cache_data.clear()


# --- Without Neo4j: the graph data built for neo4j-viz -------------------------------------


def _node(i: int, label: str = "Actor") -> graph.GNode:
    return graph.GNode(f"e{i}", (label, "Entity"), {"id": f"n{i}", "name": f"Node {i}"})


def test_graph_build_caps_nodes_and_keeps_the_focus() -> None:
    nodes = [_node(i) for i in range(10)]
    rels = [graph.GRel(f"r{i}", "RELATED_TO", "e0", f"e{i}", {}) for i in range(1, 10)]
    spec = graph.build(nodes, rels, cap=4, focus="n7")
    assert len(spec.nodes) == 4
    assert "n7" in spec.summary()["ids"] and "n0" in spec.summary()["ids"]  # focus, best-connected
    assert spec.dropped_nodes == 6
    assert all(r.start in {n.id for n in spec.nodes} for r in spec.rels)
    assert spec.legend == {"Actor": graph.LABEL_COLOURS["Actor"]}


def test_table_cells_name_nodes_and_relationships() -> None:
    node = {"_id": "1", "_labels": ["Actor", "Entity"], "name": "HAFNIUM"}
    rels = [{"_id": "9", "_type": "USES", "_start": "1", "_end": "2"}]
    frame = common.to_frame(["node", "rels"], [{"node": node, "rels": rels}])
    assert frame.iloc[0].tolist() == ["(Actor) HAFNIUM", "[:USES]"]


def test_graph_extract_reads_the_runners_plain_rows() -> None:
    rows = [
        {
            "a": {
                "_id": "1",
                "_labels": ["Actor", "Entity"],
                "name": "HAFNIUM",
                "id": "hafnium",
                "made_on": None,  # a map projection's absent property: not a property
            },
            "r": {"_id": "9", "_type": "OPERATES_FROM", "_start": "1", "_end": "2"},
            "b": {"_id": "2", "_labels": ["Country", "Entity"], "name": "China", "id": "china"},
        }
    ]
    nodes, rels = graph.extract([], rows)
    assert {n.caption for n in nodes} == {"HAFNIUM", "China"}
    assert "made_on" not in next(n for n in nodes if n.caption == "HAFNIUM").props
    assert [(r.type, r.start, r.end) for r in rels] == [("OPERATES_FROM", "1", "2")]
    vg = graph.to_visualization(graph.build(nodes, rels))
    assert {n.caption for n in vg.nodes} == {"HAFNIUM", "China"}
    assert {str(n.color) for n in vg.nodes} and len(vg.relationships) == 1


# --- Pages, against the seeded graph --------------------------------------------------------


@pytest.mark.neo4j
def test_overview_counts_and_disputed_attributions(fresh_cache: Fingerprint) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error
    counts = at.session_state["overview:counts"]
    assert counts["nodes"]["Actor"] >= 2 and counts["nodes"]["Campaign"] >= 3
    assert counts["claims"]["attribution"] >= 2 and counts["claims"]["denial"] >= 1
    disputed = at.session_state["overview:disputed"]
    assert {
        "claim": "claim-microsoft-attribution-exchange-hafnium",
        "claimant": "Microsoft",
        "attributed": "HAFNIUM",
        "status": "denied",
    } in disputed
    assert "non-attribution" not in {d["claim"].split("-")[2] for d in disputed}
    assert any(e.label == "Claims" for e in at.metric)
    assert "Show Cypher — overview_counts" in [e.label for e in at.expander]


@pytest.mark.neo4j
def test_explore_finds_hafnium_by_its_alias_and_draws_its_neighbourhood(
    fresh_cache: Fingerprint,
) -> None:
    at = open_page("explore")
    at.text_input(key="explore_q").input("silk typhoon").run()
    assert at.session_state["explore:search"][0] == {
        "id": "hafnium",
        "name": "HAFNIUM",
        "label": "Actor",
    }
    at.button(key="open-hafnium").click().run()
    assert not at.exception and not at.error
    assert at.session_state["explore:entity"]["name"] == "HAFNIUM"
    page = texts(at)
    assert "Silk Typhoon" in page and "ハフニウム" in page
    drawn = at.session_state["graph:explore-graph-hafnium"]
    assert "hafnium" in drawn["ids"] and "HAFNIUM" in drawn["captions"]
    assert drawn["by_label"]["Claim"] >= 5 and drawn["relationships"] > 0
    assert drawn["nodes"] <= 100
    # A rerun with the same result reuses the session's graph widget; a new cap builds anew.
    widget = at.session_state["_graph_widgets"]["explore-graph-hafnium"][1]
    at.run()
    assert at.session_state["_graph_widgets"]["explore-graph-hafnium"][1] is widget
    at.slider(key="explore_cap").set_value(20).run()
    assert at.session_state["_graph_widgets"]["explore-graph-hafnium"][1] is not widget
    assert at.session_state["graph:explore-graph-hafnium"]["nodes"] <= 20
    # Claims received, with the non-attribution labelled as such; sources as links.
    received = at.dataframe[0].value
    assert "non-attribution" in set(received["kind"])
    assert "](https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange" in page


@pytest.mark.neo4j
def test_explore_unknown_search_says_so(fresh_cache: Fingerprint) -> None:
    at = open_page("explore")
    at.text_input(key="explore_q").input("no such group xyzzy").run()
    assert not at.exception and not at.error
    assert "Nothing is called" in texts(at)


@pytest.mark.neo4j
def test_attributions_exchange_side_by_side_with_chinas_denial(fresh_cache: Fingerprint) -> None:
    at = open_page("attributions", campaign="exchange-2021")
    assert not at.error
    view = at.session_state["attributions:view"]
    assert view["campaign"] == "exchange-2021"
    by_claim = {c["claim"]: c for c in view["claims"]}
    microsoft = by_claim["claim-microsoft-attribution-exchange-hafnium"]
    assert (microsoft["claimant"], microsoft["attributed"], microsoft["kind"]) == (
        "Microsoft",
        "HAFNIUM",
        "attribution",
    )
    uk_mss = by_claim["claim-raab-sponsorship-exchange-mss"]
    assert uk_mss["attributed"] == "Ministry of State Security"
    for claim in (microsoft, uk_mss):
        assert claim["denied_by"] == ["Government of China"]
        assert claim["status"] == "denied"
    page = texts(at)
    assert "Dominic Raab (UK Government)" in page
    assert "Denied by Government of China" in page
    assert ":red-badge[denied]" in page
    assert "“High” (none-low-med-high) → 85/100" in page
    # No non-attribution is shown as an attribution.
    assert all(c["kind"] in ("attribution", "sponsorship") for c in view["claims"])
    assert at.session_state["attributions:non"] == []


@pytest.mark.neo4j
def test_attributions_solarwinds_shows_the_non_attribution_and_no_attribution(
    fresh_cache: Fingerprint,
) -> None:
    at = open_page("attributions", campaign="solarwinds-2020")
    assert not at.error
    assert at.session_state["attributions:view"]["claims"] == []
    assert at.session_state["attributions:non"] == [
        {
            "claim": "claim-microsoft-non-attribution-hafnium-solarwinds",
            "claimant": "Microsoft",
            "subject": "HAFNIUM",
            "not_linked_to": "2020 United States federal government data breach",
        }
    ]
    page = texts(at)
    assert "No attribution or sponsorship claim names anyone for this campaign" in page
    assert "**Attributed to:**" not in page
    assert ":violet-badge[non-attribution] **Microsoft** says **HAFNIUM** is not linked" in page


@pytest.mark.neo4j
def test_attributions_campaign_picker_and_search_box(fresh_cache: Fingerprint) -> None:
    at = open_page("attributions")
    picker = at.selectbox(key="attr_campaign")
    assert "2021 Microsoft Exchange Server data breach" in picker.options
    picker.set_value("log4shell-hafnium-2021").run()
    assert at.session_state["attributions:view"]["campaign"] == "log4shell-hafnium-2021"
    assert at.query_params["campaign"] == "log4shell-hafnium-2021"  # a shareable address
    # SolarWinds has no attribution claim, so it is found by name or alias.
    at.text_input(key="attr_find").input("SolarWinds attack").run()
    assert at.session_state["attributions:view"]["campaign"] == "solarwinds-2020"
    assert not at.error and not at.exception


@pytest.mark.neo4j
def test_attributions_as_of_recomputes_and_filters_narrow(fresh_cache: Fingerprint) -> None:
    at = open_page("attributions", campaign="exchange-2021")
    at.toggle(key="attr_use_as_of").set_value(True).run()
    at.date_input(key="attr_as_of").set_value("2021-04-01").run()
    view = at.session_state["attributions:view"]
    assert view["as_of"] == "2021-04-01"
    direct = [c for c in view["claims"] if c["scope"] == "campaign"]
    assert [c["claimant"] for c in direct] == ["Microsoft"]  # the UK spoke in July
    assert "as known on 2021-04-01" in texts(at)

    at.toggle(key="attr_use_as_of").set_value(False).run()
    at.multiselect(key="attr_claimants").set_value(["Dominic Raab"]).run()
    assert [c["claimant"] for c in at.session_state["attributions:view"]["claims"]] == [
        "Dominic Raab"
    ]
    at.multiselect(key="attr_claimants").set_value([]).run()
    at.slider(key="attr_min_conf").set_value(90).run()
    remaining = at.session_state["attributions:view"]["claims"]
    assert all(c["scope"] != "campaign" for c in remaining)  # all three say 85


@pytest.mark.neo4j
def test_timeline_charts_claims_and_events_filtered_by_entity(fresh_cache: Fingerprint) -> None:
    at = open_page("timeline")
    everything = at.session_state["timeline:rows"]
    assert {r["type"] for r in everything} == {"claim", "event"}
    at.text_input(key="timeline_q").input("SolarWinds").run()
    assert at.selectbox(key="timeline_entity").value == "solarwinds-2020"
    rows = at.session_state["timeline:rows"]
    assert 0 < len(rows) < len(everything)
    assert {"id": "claim-microsoft-non-attribution-hafnium-solarwinds", "type": "claim",
            "kind": "non-attribution", "date": "2021-03-02"} in rows  # fmt: skip
    assert all(r["kind"] != "attribution" for r in rows)
    assert not at.error and not at.exception


@pytest.mark.neo4j
def test_queries_page_runs_a_canned_query_from_its_form(fresh_cache: Fingerprint) -> None:
    at = open_page("queries")
    at.selectbox(key="queries_name").set_value("search").run()
    assert at.text_input(key="qp-search-q").value == "silk typhoon"  # the declared example
    at.text_input(key="qp-search-q").input("Red Apollo")
    at.button[0].click().run()  # the form's "Run query" submits the typed value
    assert not at.exception and not at.error
    last = at.session_state["queries:last"]
    assert last["name"] == "search" and last["rows"] >= 1
    assert at.dataframe[0].value["id"].iloc[0] == "apt10"
    assert {b.label for b in at.get("download_button")} == {"Download CSV", "Download JSON"}


@pytest.mark.neo4j
def test_queries_page_draws_a_graph_result(fresh_cache: Fingerprint) -> None:
    at = open_page("queries", query="neighbourhood")
    at.button[0].click().run()
    assert not at.error
    drawn = at.session_state["queries:last"]["graph"]
    assert drawn is not None and "hafnium" in drawn["ids"]


@pytest.mark.neo4j
def test_queries_page_reports_a_missing_required_param(fresh_cache: Fingerprint) -> None:
    at = open_page("queries", query="competing_attributions")
    at.text_input(key="qp-competing_attributions-campaign").input("")
    at.button[0].click().run()
    assert not at.exception
    assert any("'campaign' is required" in e.value for e in at.error)


@pytest.mark.neo4j
def test_console_refuses_a_delete_and_the_graph_is_unchanged(fresh_cache: Fingerprint) -> None:
    at = open_page("console")
    assert "timeout_seconds" in texts(at) and "max_rows" in texts(at)
    at.text_area(key="console_text").input("MATCH (n) DETACH DELETE n").run()
    at.button(key="console_run").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Only read queries can run here: this one would write to the graph (query type 'w')."
    ]
    assert "Nothing was run: the graph is unchanged." in texts(at)
    assert graph_fingerprint() == fresh_cache


@pytest.mark.neo4j
def test_console_runs_a_read_with_params_and_builds_the_graph(fresh_cache: Fingerprint) -> None:
    at = open_page("console")
    at.text_area(key="console_text").input(
        "MATCH (a:Actor {id: $id})-[r]->(b) RETURN a, r, b"
    ).run()
    at.text_area(key="console_params").input('{"id": "hafnium"}').run()
    at.number_input(key="console_max_rows").set_value(5).run()
    at.button(key="console_run").click().run()
    assert not at.error and not at.exception
    page = texts(at)
    assert "**5 row(s)**" in page and "truncated" in page
    drawn = at.session_state["graph:console-graph"]
    assert "hafnium" in drawn["ids"] and drawn["relationships"] == 5


@pytest.mark.neo4j
def test_console_reports_bad_json_params(fresh_cache: Fingerprint) -> None:
    at = open_page("console")
    at.text_area(key="console_params").input("{not json").run()
    at.button(key="console_run").click().run()
    assert at.error[0].value.startswith("The parameters are not valid JSON")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.neo4j
def test_pages_say_when_neo4j_is_down_and_recover(
    fresh_cache: Fingerprint, monkeypatch: pytest.MonkeyPatch
) -> None:
    password = os.environ["NEO4J_PASSWORD"]
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{_closed_port()}")
    db.close()
    try:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
        assert not at.exception
        assert at.error and "Cannot reach Neo4j" in at.error[0].value
        for page in ("explore", "attributions", "timeline", "queries"):
            at.switch_page(f"views/{page}.py").run()
            assert not at.exception, page
        assert password not in texts(at)
    finally:
        monkeypatch.undo()
        db.close()
    # Back up: nothing failed was cached, the same session works again.
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.error and at.session_state["overview:counts"]["nodes"]["Actor"] >= 2
