"""Data is text: a record whose names and descriptions carry Markdown links, images, HTML and
Streamlit directives is shown as those characters on every page, never as markup.

Each page's Markdown (markdown, captions, headers, alerts, expander, button and link labels,
select options) is checked twice: no hostile fragment survives unescaped in the source, and
rendered by a CommonMark parser it holds no image and no link except the source's http(s) URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import load_seed_fresh
from tests.hostile_ui_data import (
    ACTOR_ID,
    ACTOR_NAME,
    CAMPAIGN_ID,
    CAMPAIGN_NAME,
    MARKUP,
    SAFE_URL,
    assert_data_is_text,
    load_hostile,
)
from ui import text

pytestmark = pytest.mark.neo4j

APP = Path(__file__).resolve().parent.parent / "ui" / "explorer.py"  # the pages
TIMEOUT = 90


@pytest.fixture(scope="module")
def hostile_graph(seeded_graph: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    st.cache_data.clear()
    load_hostile(tmp_path_factory.mktemp("hostile"))
    yield
    st.cache_data.clear()
    assert load_seed_fresh() == seeded_graph


def open_page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}.py").run()
    return at


def test_explore_shows_hostile_names_and_descriptions_as_text(hostile_graph: None) -> None:
    at = open_page("explore")
    at.text_input(key="explore_q").input("Mallory").run()
    seen = assert_data_is_text(at)
    assert f"**{ACTOR_NAME}** :gray-badge[Actor]" in seen
    at.button(key=f"open-{ACTOR_ID}").click().run()
    seen = assert_data_is_text(at)
    assert [text.plain(h.value) for h in at.header] == [ACTOR_NAME]
    assert "# Heading from data\n\n- a list item\n\n" + MARKUP in seen  # the description
    assert f"Aliases:** Alias {MARKUP}" in seen
    # The Sources tab: the titles are text; the one URL that is an http(s) URL is the link.
    links = re.findall(r"\]\((https://[^)]*)\)", "\n".join(m.value for m in at.markdown))
    assert set(links) == {
        SAFE_URL,
        "https://example.org/x%29!%5Bb%5D%28http://127.0.0.1:9/beacon.png?url",  # one URL still
    }


def test_explore_shows_an_id_from_the_address_bar_as_text(hostile_graph: None) -> None:
    at = open_page("explore", id=f"nobody {MARKUP}")
    seen = assert_data_is_text(at)
    assert f"No entity has the id “nobody {MARKUP}”." in seen


def test_attributions_shows_hostile_claims_as_text(hostile_graph: None) -> None:
    at = open_page("attributions", campaign=CAMPAIGN_ID)
    seen = assert_data_is_text(at)
    assert at.selectbox(key="attr_campaign").value == CAMPAIGN_ID
    assert CAMPAIGN_NAME in at.selectbox(key="attr_campaign").options  # plain text, unescaped
    assert text.plain(at.subheader[0].value) == CAMPAIGN_NAME
    assert f"**Attributed to:** {ACTOR_NAME} (Actor)" in seen
    assert f"“Statement {MARKUP}” (wording) → 70/100" in seen  # the claimant's wording
    assert f"Explore {ACTOR_NAME}" in [text.plain(p.label) for p in at.page_link]
    # The non-attribution (HAFNIUM is not linked to the campaign), apart and as text.
    assert f"says **HAFNIUM** is not linked to **{CAMPAIGN_NAME}**" in seen
    assert f"> Statement {MARKUP}" in seen
    assert f"[Report {MARKUP}]({SAFE_URL}) — Publisher {MARKUP}, 2021-05-02" in seen


def test_timeline_lists_hostile_entities_as_text(hostile_graph: None) -> None:
    at = open_page("timeline")
    at.text_input(key="timeline_q").input("Mallory").run()
    seen = assert_data_is_text(at)
    box = at.selectbox(key="timeline_entity")
    assert sorted(box.options) == sorted(  # plain text: the name as it is
        [f"{ACTOR_NAME} (Actor)", f"{CAMPAIGN_NAME} (Campaign)"]
    )
    assert "Nothing is called" not in seen


def test_overview_and_queries_show_hostile_rows_as_text(hostile_graph: None) -> None:
    at = open_page("overview")
    assert_data_is_text(at)
    at = open_page("queries", query="search")
    at.text_input(key="qp-search-q").input("Mallory")
    at.button[0].click().run()
    assert_data_is_text(at)
    assert ACTOR_NAME in at.dataframe[0].value["name"].tolist()
