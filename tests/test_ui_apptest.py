"""The Streamlit UI, page by page, with Streamlit's AppTest against the real seeded graph.

The tests read what the page shows: metrics, tables, charts' data, markdown, captions and
alerts. Custom components (the graph) do not render in AppTest, so the graph tests
alone read the data built for them (`st.session_state["graph:<key>"]`, see ui/graph.py).
"""

from __future__ import annotations

import os
import re
import socket
from typing import Any

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from attrib import catalogue as cat
from attrib import db
from attrib.fingerprint import Fingerprint, graph_fingerprint
from attrib.runner import run_named
from tests.apptest_kit import APP, TIMEOUT, open_page, table, texts
from tests.seed_facts import MS_ATTRIBUTION
from ui import common, evidence, graph, text

# The seed's nodes by label and claims by kind, as the Overview charts them.
SEED_NODES = {"Claim": 36, "Organisation": 31, "Source": 31, "Event": 17, "Country": 8,
              "Sector": 6, "Vulnerability": 5, "Campaign": 3, "Actor": 2, "Person": 2,
              "Tool": 2, "Infrastructure": 1, "ResolvedActor": 2}  # fmt: skip
SEED_CLAIMS = {"fact": 22, "sponsorship": 6, "alias": 3, "attribution": 3, "denial": 1,
               "non-attribution": 1}  # fmt: skip
# HAFNIUM's one-hop neighbourhood, as drawn on the Explore page.
HAFNIUM_ONE_HOP = {"Actor": 2, "Sector": 6, "Country": 2, "Vulnerability": 5,
                   "Infrastructure": 1, "Tool": 1, "Event": 6, "Claim": 16}  # fmt: skip


def bar_counts(at: AppTest, category: str) -> dict[str, int]:
    """The data of the bar chart whose categories are in `category`, as {name: count}."""
    for chart in at.get("vega_lite_chart"):
        for data in [chart.proto.data, *(d.data for d in chart.proto.datasets)]:
            frame = convert_arrow_bytes_to_pandas_df(data.data) if data.data else None
            if frame is not None and category in frame.columns:
                return dict(zip(frame[category], frame["count"], strict=True))
    raise AssertionError(f"no bar chart of {category!r} on the page")


def _texts_below(node: Any) -> list[str]:
    """The markdown and captions inside a block, in page order."""
    found: list[str] = []
    for child in getattr(node, "children", {}).values():
        if child.type in ("markdown", "caption"):
            found.append(str(child.value))
        found += _texts_below(child)
    return found


DENIED_BY = re.compile(r"\*\*Denied by (.+?)(?: \(the accused party\))?\*\*")
CARD_BADGES = re.compile(r"^:\w+-badge\[([\w-]+)\] :gray-badge\[([\w-]+)\]")


def claim_cards(at: AppTest) -> list[dict[str, Any]]:
    """The Attributions page's claim cards as shown: heading, status, kind, attributed party,
    who denies it and the claim id."""
    cards: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        texts = [
            str(c.value)
            for c in getattr(node, "children", {}).values()
            if c.type in ("markdown", "caption")
        ]
        if len(texts) > 1 and texts[0].startswith("##### ") and CARD_BADGES.match(texts[1]):
            below = _texts_below(node)
            status, kind = CARD_BADGES.findall(texts[1])[0]
            body = next(t for t in below if t.startswith("**Attributed to:** "))
            cards.append(
                {
                    "heading": texts[0].removeprefix("##### "),
                    "status": status,
                    "kind": kind,
                    "attributed": body.split("  \n")[0].removeprefix("**Attributed to:** "),
                    "denied_by": [m[1] for t in below if (m := DENIED_BY.search(t))],
                    "claim": next(t for t in below if t.startswith("claim id: "))
                    .removeprefix("claim id: ")
                    .strip("`"),
                }
            )
            return
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return cards


# --- Without Neo4j: the graph data built for the browser -----------------------------------


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
    assert frame.iloc[0].tolist() == ["HAFNIUM (Actor)", ":USES"]  # as the CLI writes them


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
    payload = graph.to_payload(graph.build(nodes, rels))
    assert {n["caption"] for n in payload["nodes"]} == {"HAFNIUM", "China"}
    assert [n["colour"] for n in payload["nodes"]] == [
        graph.LABEL_COLOURS["Actor"],
        graph.LABEL_COLOURS["Country"],
    ]
    assert len(payload["edges"]) == 1


# --- Pages, against the seeded graph --------------------------------------------------------


@pytest.mark.neo4j
def test_overview_counts_and_disputed_attributions(fresh_cache: Fingerprint) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    nodes = bar_counts(at, "label")
    assert nodes == SEED_NODES
    claims = bar_counts(at, "kind")
    assert claims == SEED_CLAIMS
    metrics = {e.label: int(e.value) for e in at.metric}
    assert metrics["Nodes"] == sum(SEED_NODES.values()) == 146  # 144 + 2 resolved actors
    assert metrics["Attributions"] == 3
    assert metrics["Denials"] == 1
    assert metrics["Claims"] == 36
    disputed = table(at, "denied by")
    shown = disputed[["claimant", "kind", "attributed to", "status"]].to_dict("records")
    assert {
        "claimant": "Microsoft",
        "kind": "attribution",
        "attributed to": "HAFNIUM",
        "status": "denied",
    } in shown
    assert "non-attribution" not in set(disputed["kind"])
    microsoft = disputed[
        (disputed["claimant"] == "Microsoft") & (disputed["kind"] == "attribution")
    ]
    assert microsoft["denied on"].iloc[0] == "2021-03"  # as precise as the denial
    # who says it, and where: the first source and how many more (evidence.sources_text)
    first = "HAFNIUM targeting Exchange Servers with 0-day exploits — Microsoft Security"
    assert microsoft["sources"].iloc[0].startswith(f"{first}, 2021-03-02 (+ 6 more, 6 relaying)")
    assert "Show Cypher — overview_counts" in [e.label for e in at.expander]


@pytest.mark.neo4j
def test_explore_finds_hafnium_by_its_alias_and_draws_its_neighbourhood(
    fresh_cache: Fingerprint,
) -> None:
    at = open_page("explore")
    at.text_input(key="explore_q").input("silk typhoon").run()
    # The first match: its name and label on the card, its id behind the card's Open button.
    assert next(m.value for m in at.markdown if ":gray-badge[" in m.value) == (
        "**HAFNIUM** :gray-badge[Actor]"
    )
    assert next(b.key for b in at.button if b.label == "Open") == "open-hafnium"
    at.button(key="open-hafnium").click().run()
    assert not at.exception and not at.error
    assert [h.value for h in at.header] == ["HAFNIUM"]
    page = texts(at)
    assert "Silk Typhoon" in page and "ハフニウム" in page
    # claims as nodes (the toggle's default draws them as labelled edges: test_graph_explore)
    at.toggle(key="explore_claims_as_edges").set_value(False).run()
    drawn = at.session_state["graph:explore-graph-hafnium"]
    assert "hafnium" in drawn["ids"] and "HAFNIUM" in drawn["captions"]
    assert drawn["by_label"] == HAFNIUM_ONE_HOP
    assert (drawn["nodes"], drawn["relationships"], drawn["dropped_nodes"]) == (39, 50, 0)
    # A rerun with the same result reuses the session's payload; a new cap builds anew.
    payload = at.session_state["_graph_payloads"]["explore-graph-hafnium"][1]
    at.run()
    assert at.session_state["_graph_payloads"]["explore-graph-hafnium"][1] is payload
    at.slider(key="explore_cap").set_value(20).run()
    assert at.session_state["_graph_payloads"]["explore-graph-hafnium"][1] is not payload
    assert at.session_state["graph:explore-graph-hafnium"]["nodes"] == 20
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
    assert at.selectbox(key="attr_campaign").value == "exchange-2021"
    cards = claim_cards(at)
    by_claim = {c["claim"]: c for c in cards}
    microsoft = by_claim["claim-microsoft-attribution-exchange-hafnium"]
    assert (microsoft["heading"], microsoft["attributed"], microsoft["kind"]) == (
        "Microsoft",
        "HAFNIUM (Actor)",
        "attribution",
    )
    uk_mss = by_claim["claim-raab-sponsorship-exchange-mss"]
    assert uk_mss["attributed"].startswith("Ministry of State Security (")
    for claim in (microsoft, uk_mss):
        assert claim["denied_by"] == ["Government of China"]
        assert claim["status"] == "denied"
    glance = table(at, "attributed to")  # the claims about the campaign, in one table
    rows = glance[["claimant", "kind", "attributed to", "status", "denied by"]]
    assert ["Microsoft", "attribution", "HAFNIUM", "denied", "Government of China"] in (
        rows.values.tolist()
    )
    assert ["Dominic Raab", "sponsorship", "Ministry of State Security", "denied",
            "Government of China"] in rows.values.tolist()  # fmt: skip
    # The attributed party opens on the Explore page (a link by page path).
    links = {(p.label, p.proto.query_string) for p in at.page_link}
    assert ("Explore HAFNIUM", "id=hafnium") in links
    page = texts(at)
    assert "Dominic Raab (UK Government)" in page
    assert "Denied by Government of China" in page
    assert ":red-badge[denied]" in page
    assert "“High” (none-low-med-high) → 85/100" in page
    # No non-attribution is shown as an attribution, and none is listed apart either.
    assert {c["kind"] for c in cards} <= {"attribution", "sponsorship"}
    assert ":violet-badge[non-attribution]" not in page
    assert "None recorded for this campaign." in page


@pytest.mark.neo4j
def test_the_attributions_table_keeps_its_evidence_columns(fresh_cache: Fingerprint) -> None:
    """Each claim's row carries its evidence: basis, wording and score, denials, the sources
    (first one and how many more) and the first source's link."""
    at = open_page("attributions", campaign="exchange-2021")
    glance = table(at, "attributed to")
    evidence_columns = ["made on", "0-100", "sources", "denied by", "basis", "wording",
                        "first source"]  # fmt: skip
    assert [c for c in glance.columns if c in evidence_columns] == evidence_columns
    (answer,) = [
        r
        for r in run_named("competing_attributions", {"campaign": "exchange-2021"}).rows
        if r["claim"] == MS_ATTRIBUTION
    ]
    first = answer["sources"][0]
    (microsoft,) = glance[glance["claimant"] == "Microsoft"].to_dict("records")
    assert microsoft["sources"].startswith(f"{first['title']} — {first['publisher']}, ")
    assert microsoft["sources"] == evidence.sources_text(answer["sources"])
    assert " more" in microsoft["sources"]
    assert microsoft["first source"] == evidence.first_url(answer["sources"]) is not None
    assert microsoft["denied by"] == "Government of China"


@pytest.mark.neo4j
def test_attributions_solarwinds_shows_the_non_attribution_and_no_attribution(
    fresh_cache: Fingerprint,
) -> None:
    at = open_page("attributions", campaign="solarwinds-2020")
    assert not at.error
    assert claim_cards(at) == [] and not at.dataframe
    page = texts(at)
    assert "No attribution or sponsorship claim names anyone for this campaign" in page
    assert "**Attributed to:**" not in page
    apart = [m.value for m in at.markdown if m.value.startswith(":violet-badge[non-attribution]")]
    assert apart == [
        ":violet-badge[non-attribution] **Microsoft** says **HAFNIUM** is not linked to "
        "**2020 United States federal government data breach** (2021-03-02)"
    ]


@pytest.mark.neo4j
def test_attributions_campaign_picker_and_search_box(fresh_cache: Fingerprint) -> None:
    at = open_page("attributions")
    picker = at.selectbox(key="attr_campaign")
    assert "2021 Microsoft Exchange Server data breach" in picker.options
    picker.set_value("log4shell-hafnium-2021").run()
    assert at.selectbox(key="attr_campaign").value == "log4shell-hafnium-2021"
    assert at.query_params["campaign"] == "log4shell-hafnium-2021"  # a shareable address
    log4shell = at.subheader[0].value
    assert log4shell == picker.format_func("log4shell-hafnium-2021")
    # SolarWinds has no attribution claim, so it is found by name or alias.
    at.text_input(key="attr_find").input("SolarWinds attack").run()
    assert at.selectbox(key="attr_campaign").value == "solarwinds-2020"
    assert at.subheader[0].value == "2020 United States federal government data breach"
    assert not at.error and not at.exception


@pytest.mark.neo4j
def test_attributions_as_of_recomputes_and_filters_narrow(fresh_cache: Fingerprint) -> None:
    at = open_page("attributions", campaign="exchange-2021")
    at.toggle(key="attr_use_as_of").set_value(True).run()
    at.text_input(key="attr_as_of").input("2021-04-01").run()
    assert at.subheader[0].value.endswith(" as known on 2021-04-01")
    direct = table(at, "attributed to")  # the claims about the campaign itself
    assert direct["claimant"].tolist() == ["Microsoft"]  # the UK spoke in July

    at.toggle(key="attr_use_as_of").set_value(False).run()
    at.multiselect(key="attr_claimants").set_value(["Dominic Raab"]).run()
    assert table(at, "attributed to")["claimant"].tolist() == ["Dominic Raab"]
    assert [c["heading"] for c in claim_cards(at)] == ["Dominic Raab (UK Government)"]
    at.multiselect(key="attr_claimants").set_value([]).run()
    at.slider(key="attr_min_conf").set_value(90).run()
    # All three claims about the campaign say 85: no table of them; only actor-level links.
    assert not at.dataframe
    assert "claim(s) about the campaign:**" not in texts(at)


@pytest.mark.neo4j
def test_attributions_as_of_applies_to_non_attributions(fresh_cache: Fingerprint) -> None:
    """Microsoft's "no link" to SolarWinds was made on 2021-03-02: not known the day before."""
    at = open_page("attributions", campaign="solarwinds-2020")
    at.toggle(key="attr_use_as_of").set_value(True).run()
    at.text_input(key="attr_as_of").input("2021-03-01").run()
    apart = [m.value for m in at.markdown if m.value.startswith(":violet-badge[non-attribution]")]
    assert apart == []
    assert "None recorded for this campaign." in texts(at)
    at.text_input(key="attr_as_of").input("2021-03-02").run()
    apart = [m.value for m in at.markdown if m.value.startswith(":violet-badge[non-attribution]")]
    assert [text.plain(m) for m in apart] == [
        ":violet-badge[non-attribution] **Microsoft** says **HAFNIUM** is not linked to "
        "**2020 United States federal government data breach** (2021-03-02)"
    ]
    assert "None recorded for this campaign." not in texts(at)


@pytest.mark.neo4j
def test_timeline_charts_claims_and_events_filtered_by_entity(fresh_cache: Fingerprint) -> None:
    at = open_page("timeline")
    everything = table(at, "kind").to_dict("records")
    assert {r["type"] for r in everything} == {"claim", "event"}
    at.text_input(key="timeline_q").input("SolarWinds").run()
    assert at.selectbox(key="timeline_entity").value == "solarwinds-2020"
    rows = table(at, "kind")[["id", "type", "kind", "date"]].to_dict("records")
    assert (len(rows), len(everything)) == (1, 53)
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
    count = next(m.value for m in at.markdown if " row(s)**" in m.value)
    frame = at.dataframe[0].value
    assert int(re.findall(r"\*\*(\d+) row", count)[0]) == len(frame) >= 1
    assert frame["id"].iloc[0] == "apt10"  # the name first, then what was said about it
    assert set(frame["label"].iloc[1:]) <= {"Claim"}
    assert "Show Cypher — search" in [e.label for e in at.expander]
    assert {b.label for b in at.get("download_button")} == {"Download CSV", "Download JSON"}


@pytest.mark.neo4j
def test_queries_page_draws_a_graph_result(fresh_cache: Fingerprint) -> None:
    at = open_page("queries", query="neighbourhood")
    at.button[0].click().run()
    assert not at.error
    assert [t.label for t in at.tabs] == ["Table", "Graph"]
    drawn = at.session_state["graph:query-graph-neighbourhood"]
    assert "hafnium" in drawn["ids"]


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
    assert [text.plain(e.value) for e in at.error] == [
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


@pytest.mark.neo4j
def test_console_example_fills_the_editor_and_its_parameters(fresh_cache: Fingerprint) -> None:
    at = open_page("console")
    first = at.text_area(key="console_text").value
    assert first.startswith("MATCH (a:Actor)") and "// title" not in first
    at.button(key="example-Claims about a campaign (graph)").click().run()
    assert "{id: $campaign}" in at.text_area(key="console_text").value
    assert at.text_area(key="console_params").value == '{"campaign": "exchange-2021"}'
    at.button(key="console_run").click().run()
    assert not at.error and not at.exception
    assert "hafnium" not in at.session_state["graph:console-graph"]["ids"]  # claims, not actors
    assert at.session_state["graph:console-graph"]["by_label"] == {
        "Claim": 18,
        "Campaign": 1,
        "Organisation": 12,
        "Person": 1,
    }


def _maintainer_notes(text: str) -> list[str]:
    """A query header's lines that are neither a field nor a field's indented continuation."""
    notes = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        body = line[2:]
        if not body.startswith("  ") and not re.match(r"\s*(title|description|param):", body):
            notes.append(body.strip())
    return notes


@pytest.mark.neo4j
def test_queries_page_shows_no_maintainer_notes(fresh_cache: Fingerprint) -> None:
    at = open_page("queries")
    leaks = []
    for name, query in cat.catalogue().items():
        notes = _maintainer_notes(query.text)
        if not notes:
            continue
        at.selectbox(key="queries_name").set_value(name).run()
        widgets = [*at.text_input, *at.number_input, *at.date_input, *at.selectbox, *at.checkbox]
        shown = [str(m.value) for m in at.markdown] + [str(w.help or "") for w in widgets]
        leaks += [(name, note) for note in notes if any(note[:40] in text for text in shown)]
    assert leaks == []


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


DOWN = re.compile(
    r"Cannot reach Neo4j \(.+\)\. Is it running\? Try `attrib neo4j status`\."
    r" \| The page works again as soon as Neo4j is back: reload it then\."
)


def down_message(at: AppTest) -> str:
    """The error and the hint a page shows when Neo4j is down (and nothing else raised)."""
    assert not at.exception, at.exception
    return " | ".join([*(text.plain(e.value) for e in at.error), *(i.value for i in at.info)])


@pytest.mark.neo4j
def test_pages_say_when_neo4j_is_down_and_recover(
    fresh_cache: Fingerprint, monkeypatch: pytest.MonkeyPatch
) -> None:
    password = os.environ["NEO4J_PASSWORD"]
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{_closed_port()}")
    db.close()
    try:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
        pages_seen = [down_message(at)]
        for page in ("attributions", "timeline"):
            at.switch_page(f"views/{page}.py").run()
            pages_seen.append(down_message(at))
        at.switch_page("views/explore.py").run()
        at.text_input(key="explore_q").input("hafnium").run()
        pages_seen.append(down_message(at))
        at.switch_page("views/queries.py").run()
        at.button[0].click().run()  # run the first query from its form
        pages_seen.append(down_message(at))
        at.switch_page("views/console.py").run()
        at.button(key="console_run").click().run()
        assert not at.exception
        console = [text.plain(e.value) for e in at.error]
        assert password not in texts(at)
        # Every page says the one sentence of attrib.errors, once, and what to do.
        assert DOWN.fullmatch(pages_seen[0]), pages_seen[0]
        assert pages_seen == [pages_seen[0]] * 5
        assert console == [pages_seen[0].split(" | ")[0]]
    finally:
        monkeypatch.undo()
        db.close()
    # Back up: nothing failed was cached, the same session works again.
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.error and bar_counts(at, "label") == SEED_NODES
