"""Tables that read (issue #11, items 1 and 6) on the Queries, Console and Overview pages:
what the tables show (cells, captions, the selected row's detail), with AppTest against the
seeded graph, and the cells built without a page (ui/result_view.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from attrib.fingerprint import Fingerprint
from tests.apptest_kit import APP, TIMEOUT, open_page, texts
from ui import common, result_view

MS_ATTRIBUTION = "claim-microsoft-attribution-exchange-hafnium"
CHINA_DENIAL = "claim-china-denial-exchange"
MS_FIRST_SOURCE = "HAFNIUM targeting Exchange Servers with 0-day exploits — Microsoft Security"

SOURCES = [
    {"id": "src-1", "title": "原文", "title_en": "The original", "publisher": "Vendor",
     "published": "2021-03", "url": "https://example.org/a", "reliability": "B", "relays": []},
    {"id": "src-2", "title": "A report", "publisher": "Wire", "published": "2021-03-04",
     "url": None, "reliability": None, "relays": ["src-1"], "relayed": ["src-1"]},
]  # fmt: skip


@pytest.fixture
def fresh_cache(seeded_graph: Fingerprint) -> Iterator[Fingerprint]:
    st.cache_data.clear()
    yield seeded_graph
    st.cache_data.clear()


# --- Cells, without a page ---------------------------------------------------------------------


def test_a_sources_list_is_one_cell_and_a_link_column() -> None:
    table = result_view.frame(["claim", "sources"], [{"claim": "c1", "sources": SOURCES}])
    assert list(table.columns) == ["sources", "first source", "claim"]  # the claim's id last
    row = table.iloc[0]
    assert row["sources"] == "The original — Vendor, 2021-03 (+ 1 more, 1 relaying)"
    assert row["first source"] == "https://example.org/a"


def test_other_lists_of_maps_and_maps_read_as_short_text() -> None:
    denials = [
        {"claim": "d1", "claimant": "Government of China", "claimant_id": "gov-cn",
         "made_on": "2021-03", "by_attributed_party": True},
        {"claim": "d2", "claimant": None, "made_on": None},
    ]  # fmt: skip
    state_link = [{"claim": "s1", "claimant": "UK", "state": "Ministry of State Security"}]
    figures = [{"claim": "f1", "value": 30000, "unit": "organisations", "as_of": "2021-03"}]
    tools = [{"id": "china-chopper", "name": "China Chopper", "via": "HAFNIUM"}]
    row = {"denials": denials, "state_link": state_link, "figures": figures, "tools": tools,
           "properties": {"id": "x", "name": "X", "aliases": ["Y", "Z"], "kind": None}}  # fmt: skip
    cells = result_view.frame(list(row), [row]).iloc[0].to_dict()
    assert cells["denials"] == "Government of China (2021-03); d2"
    assert cells["state_link"] == "Ministry of State Security"
    assert cells["figures"] == "30000 organisations (2021-03)"
    assert cells["tools"] == "China Chopper via HAFNIUM"
    assert cells["properties"] == "id: x · name: X · aliases: Y, Z"
    assert not any("{" in str(v) for v in cells.values())  # no raw JSON


def test_ids_beside_names_and_date_precisions_stay_out_of_the_table() -> None:
    keys = ["claim", "attributed", "attributed_id", "made_on", "made_on_precision", "other_id"]
    row = {"claim": "c", "attributed": "HAFNIUM", "attributed_id": "hafnium",
           "made_on": "2021-03-01", "made_on_precision": "month", "other_id": "x"}  # fmt: skip
    assert result_view.hidden(keys) == ["attributed_id", "made_on_precision"]
    assert list(result_view.frame(keys, [row]).columns) == [
        "attributed", "made_on", "other_id", "claim",
    ]  # fmt: skip


def test_a_table_of_claims_puts_who_what_when_and_evidence_first() -> None:
    keys = ["claim", "scope", "subject", "claimant", "attributed", "basis", "made_on",
            "confidence", "quote", "sources", "denials", "status"]  # fmt: skip
    assert list(result_view.frame(keys, []).columns) == [
        "status", "claimant", "attributed", "made_on", "confidence", "sources", "denials",
        "first source", "subject", "scope", "basis", "quote", "claim",
    ]  # fmt: skip
    assert list(result_view.frame(["id", "name", "kind"], []).columns) == ["id", "name", "kind"]


def test_dates_beside_their_precision_are_as_precise_as_known() -> None:
    row = {"made_on": "2021-03-01", "made_on_precision": "month", "when": "2021-03-01",
           "denials": [{"made_on": "2022-01-01", "made_on_precision": "year"}]}  # fmt: skip
    shown = result_view.precise_dates(row)
    assert shown["made_on"] == "2021-03" and shown["when"] == "2021-03-01"
    assert shown["denials"][0]["made_on"] == "2022"


def test_only_0_to_100_confidence_numbers_are_bars() -> None:
    table = pd.DataFrame({"confidence": [60, None], "highest_confidence": ["High", "Low"]})
    assert list(result_view.confidence_bars(table)) == ["confidence"]
    assert result_view.confidence_bars(pd.DataFrame({"confidence": [60, 250]})) == {}


# --- The Queries page ---------------------------------------------------------------------------


def run_query(at: AppTest, name: str, **params: Any) -> AppTest:
    at.selectbox(key="queries_name").set_value(name).run()
    for param, value in params.items():
        widget = f"qp-{name}-{param}"
        if isinstance(value, int):
            at.number_input(key=widget).set_value(value)
        else:
            at.text_input(key=widget).input(value)  # the form sends it with its button
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def select_row(at: AppTest, table_key: str, row: int) -> AppTest:
    """Select a row as a click in the browser does (the table's selection state)."""
    at.session_state[f"{table_key}-table"] = {"selection": {"rows": [row], "columns": []}}
    return at.run()


def captions(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption]


@pytest.mark.neo4j
def test_competing_attributions_show_sources_and_denials_as_text(fresh_cache: Fingerprint) -> None:
    at = run_query(open_page("queries"), "competing_attributions")
    table = at.dataframe[0].value
    assert f"{len(table)} rows" in captions(at)
    microsoft = table[table["claim"] == MS_ATTRIBUTION].iloc[0]
    assert microsoft["sources"].startswith(MS_FIRST_SOURCE + ", 2021-03-02 (+ ")
    assert microsoft["first source"].startswith("https://")
    assert microsoft["denials"] == "Government of China (2021-03)"
    assert microsoft["made_on"] == "2021-03-02"
    assert "attributed_id" not in table.columns and "made_on_precision" not in table.columns
    assert not table.map(lambda v: str(v).startswith(("{", "[{", "• "))).any().any()
    assert "Select a row to see it whole." in captions(at)
    # the download keeps the query's own cells: every column, nested values written out
    result = common.run_quiet("competing_attributions", {"campaign": "exchange-2021"})
    assert result is not None
    csv_text = common.csv_bytes(result).decode()
    assert csv_text.splitlines()[0].split(",") == result.keys
    assert "\n• " in csv_text and "src-05" in csv_text  # the sources, one line each


@pytest.mark.neo4j
def test_a_selected_claim_row_shows_its_words_sources_and_denials(
    fresh_cache: Fingerprint,
) -> None:
    at = run_query(open_page("queries"), "competing_attributions")
    index = at.dataframe[0].value["claim"].tolist().index(MS_ATTRIBUTION)
    select_row(at, "rows-competing_attributions", index)
    assert not at.exception
    page = texts(at)
    assert "**Microsoft** · attribution → **HAFNIUM** · 2021-03-02" in page  # which claim
    assert re.search(r"Sources \(\d+\)\*\*: \d+ independent \+ \d+ relaying them", page), page
    assert "Microsoft On the Issues" in page  # every source, not only the first
    assert "reliability" in page
    links = {(p.label, p.proto.query_string) for p in at.page_link}
    assert ("The claim with all its evidence", f"claim={MS_ATTRIBUTION}") in links
    nested = [d.value for d in at.dataframe[1:]]
    denials = next(d for d in nested if "by_attributed_party" in d.columns)
    assert denials["claimant"].tolist() == ["Government of China"]


@pytest.mark.neo4j
def test_a_one_row_profile_is_shown_whole_without_selecting(fresh_cache: Fingerprint) -> None:
    at = run_query(open_page("queries"), "entity_profile", id="hafnium")
    assert "1 row" in captions(at)
    assert at.dataframe[0].value["claims"].iloc[0].count(";") >= 3  # one line, items apart
    headings = [str(m.value) for m in at.markdown if re.fullmatch(r"\*\*\w+\*\* \(\d+\)", m.value)]
    assert {h.split("**")[1] for h in headings} >= {"relations", "claims", "events", "sources"}
    sub_columns = [set(d.value.columns) for d in at.dataframe[1:]]
    assert any({"claim", "kind"} <= c for c in sub_columns)  # the claims as a sub-table


@pytest.mark.neo4j
def test_a_long_result_is_paged(fresh_cache: Fingerprint) -> None:
    at = run_query(open_page("queries"), "newest_claims", limit=30)
    assert "30 rows · showing 1–25" in captions(at)
    assert len(at.dataframe[0].value) == 25
    assert at.dataframe[0].value["sources"].str.len().gt(0).any()  # claims with their sources
    at.number_input(key="rows-newest_claims-page").set_value(2).run()
    assert "30 rows · showing 26–30" in captions(at)
    assert len(at.dataframe[0].value) == 5


# --- The console and the Overview ---------------------------------------------------------------


@pytest.mark.neo4j
def test_console_dates_keep_their_precision_in_the_table(fresh_cache: Fingerprint) -> None:
    at = open_page("console")
    at.text_area(key="console_text").input(
        "MATCH (c:Claim {id: $id}) RETURN c.id AS claim, c.made_on AS made_on, "
        "c.made_on_precision AS made_on_precision"
    ).run()
    at.text_area(key="console_params").input(f'{{"id": "{CHINA_DENIAL}"}}').run()
    at.button(key="console_run").click().run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value["made_on"].tolist() == ["2021-03"]


@pytest.mark.neo4j
def test_overview_tables_show_sources_and_a_selected_claim_whole(
    fresh_cache: Fingerprint,
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    newest = next(d.value for d in at.dataframe if "statement" in d.value.columns)
    assert {"sources", "first source"} <= set(newest.columns)
    disputed = next(d.value for d in at.dataframe if "denied by" in d.value.columns)
    index = disputed["claimant"].tolist().index("Microsoft")
    assert disputed["0-100"].iloc[index] == 85
    select_row(at, "overview-disputed", index)
    assert not at.exception
    page = texts(at)
    assert "Microsoft On the Issues" in page and "Sources (" in page
    nested = [d.value for d in at.dataframe if "by_attributed_party" in d.value.columns]
    assert nested and nested[0]["claimant"].tolist() == ["Government of China"]
