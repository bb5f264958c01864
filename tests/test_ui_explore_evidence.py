"""Explore and the Timeline show every claim, relation and event with its evidence (issue #11,
items 1 and 6): the queries carry each row's sources, the tables show them inline (a
"sources" cell and the first source's link), and a selected row is shown whole under the
table (AppTest selects a row through the table's selection state, as a click does).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from attrib.fingerprint import Fingerprint
from attrib.runner import run_named
from tests.apptest_kit import open_page, texts
from tests.seed_facts import CHINA_DENIAL, MS_ATTRIBUTION

pytestmark = pytest.mark.neo4j

MS_BLOG = "HAFNIUM targeting Exchange Servers with 0-day exploits"
MS_BLOG_URL = (
    "https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
)
MS_QUOTE = "Microsoft Threat Intelligence Center (MSTIC) attributes this campaign with high"
MS_NOTE = "MSTIC's own words"
SOURCE_KEYS = {
    "id",
    "title",
    "title_en",
    "publisher",
    "published",
    "url",
    "reliability",
    "relays",
    "relayed",
}


def rows(name: str, **params: Any) -> list[dict[str, Any]]:
    return run_named(name, params).rows


def frame(at: AppTest, key: str) -> pd.DataFrame:
    """The table drawn with this key (tables.show's `<key>-table`)."""
    found = [d.value for d in at.dataframe if d.key == f"{key}-table"]
    assert found, f"no table {key!r}; keys: {[d.key for d in at.dataframe]}"
    return found[0]


def select(at: AppTest, key: str, row: int) -> AppTest:
    """Select a table row as a click does: the table's selection state, then a rerun."""
    at.session_state[f"{key}-table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    return at


# --- The queries carry the evidence -----------------------------------------------------------


def test_entity_profile_rows_carry_sources_quote_note_and_basis(seeded_graph: Fingerprint) -> None:
    (profile,) = rows("entity_profile", id="hafnium")
    claim = next(c for c in profile["claims"] if c["claim"] == MS_ATTRIBUTION)
    assert claim["quote"].startswith(MS_QUOTE) and claim["note"].startswith(MS_NOTE)
    assert (claim["basis"], claim["confidence_scale"]) == ("technical", "none-low-med-high")
    by_id = {s["id"]: s for s in claim["sources"]}
    assert set(by_id) >= {"src-05", "src-20", "src-03"}
    assert all(set(s) >= SOURCE_KEYS for s in claim["sources"])
    assert (by_id["src-05"]["title"], by_id["src-05"]["reliability"]) == (MS_BLOG, "B")
    assert by_id["src-03"]["relays"] == ["src-05"]
    # a relation's sources by title, its ids kept beside them
    edge = next(r for r in profile["relations"] if r["type"] == "USES" and r["sources"])
    assert [s["id"] for s in edge["sources"]] == edge["source_ids"]
    assert all(s["title"] for s in edge["sources"])
    event = next(e for e in profile["events"] if e["id"] == "ev-2021-03-02-microsoft-disclosure")
    assert {s["id"] for s in event["sources"]} == {"src-05", "src-20", "src-06", "src-11"}


def test_timeline_rows_carry_their_sources_and_words(seeded_graph: Fingerprint) -> None:
    by_id = {r["id"]: r for r in rows("timeline", id="exchange-2021")}
    claim = by_id[MS_ATTRIBUTION]
    assert claim["quote"].startswith(MS_QUOTE) and claim["confidence"] == 85
    assert claim["sources"][0]["title"] == MS_BLOG
    event = by_id["ev-2021-03-02-microsoft-disclosure"]
    assert {s["id"] for s in event["sources"]} == {"src-05", "src-20", "src-06", "src-11"}
    assert event["description"].startswith("Microsoft announces")


# --- Explore ------------------------------------------------------------------------------------


def test_hafnium_claims_show_their_sources_inline(fresh_cache: Fingerprint) -> None:
    at = open_page("explore", id="hafnium")
    received = frame(at, "explore-hafnium-received")
    ms = received[received["claim id"] == MS_ATTRIBUTION].iloc[0]
    assert ms["sources"].startswith(f"{MS_BLOG} — Microsoft Security, 2021-03-02 (+ ")
    assert re.search(r"\(\+ \d+ more, \d+ relaying\)$", ms["sources"]), ms["sources"]
    assert ms["link"] == MS_BLOG_URL
    assert ms["0-100"] == 85 and ms["confidence"] == "High"
    # every claim with sources says so in its row
    for claim in rows("entity_profile", id="hafnium")[0]["claims"]:
        if claim["role"] != "claimant" and claim["sources"]:
            row = received[received["claim id"] == claim["claim"]].iloc[0]
            assert row["sources"], claim["claim"]
    assert "Select a row to see it whole." in texts(at)


def test_selecting_a_claim_shows_it_whole_with_every_source(fresh_cache: Fingerprint) -> None:
    at = open_page("explore", id="hafnium")
    received = frame(at, "explore-hafnium-received")
    index = received.index[received["claim id"] == MS_ATTRIBUTION][0]
    seen = texts(select(at, "explore-hafnium-received", int(index)))
    assert MS_QUOTE in seen  # the claimant's words
    assert "Editor's note: " + MS_NOTE in seen
    assert "**Confidence:** “High” (none-low-med-high) → 85/100" in seen
    assert "**Basis:** technical" in seen and "**Claimant:** Microsoft" in seen
    assert "**About:** 2021 Microsoft Exchange Server data breach → HAFNIUM" in seen
    assert f"[{MS_BLOG}]({MS_BLOG_URL}) — Microsoft Security, 2021-03-02 · reliability B" in seen
    assert f"BBC News, 2021-03-03 · reliability C · relays “{MS_BLOG}”" in seen  # by title
    assert re.search(r"Sources \(\d+\)\*\*: \d+ independent \+ \d+ relaying them", seen)
    links = {(p.label, p.proto.query_string) for p in at.page_link}
    assert ("The claim with all its evidence", f"claim={MS_ATTRIBUTION}") in links


def test_a_month_dated_claim_keeps_its_precision_when_shown_whole(
    fresh_cache: Fingerprint,
) -> None:
    at = open_page("explore", id="exchange-2021")
    received = frame(at, "explore-exchange-2021-received")
    index = received.index[received["claim id"] == CHINA_DENIAL][0]
    assert received.loc[index, "made on"] == "2021-03"
    seen = texts(select(at, "explore-exchange-2021-received", int(index)))
    assert "**Made on:** 2021-03 (known to the month)" in seen
    assert "2021-03-01" not in seen


def test_an_empty_cell_is_empty_not_none(fresh_cache: Fingerprint) -> None:
    """A relation without a date or a note shows empty cells, not the word "None" (issue 20)."""
    at = open_page("explore", id="hafnium")
    relations = frame(at, "explore-hafnium-relations")
    exploits = relations[relations["relation"] == "EXPLOITS"].iloc[0]
    assert (exploits["since"], exploits["note"]) == ("", "")
    assert not relations.isna().any().any()


def test_relations_show_source_titles_not_ids(fresh_cache: Fingerprint) -> None:
    at = open_page("explore", id="hafnium")
    relations = frame(at, "explore-hafnium-relations")
    assert relations["sources"].str.len().gt(0).any()
    assert not relations["sources"].str.contains(r"\bsrc-\d", regex=True).any()
    uses = relations[(relations["relation"] == "USES") & (relations["other"] == "China Chopper")]
    index = int(uses.index[0])
    # src-24 and src-22 by title and publisher
    assert uses.iloc[0]["sources"] == (
        "Exchange Cyberattacks Escalate as Microsoft Rolls One-Click Fix — Threatpost (+ 1 more)"
    )
    seen = texts(select(at, "explore-hafnium-relations", index))
    assert "**USES** → China Chopper (Tool)" in seen
    assert "**Note:** Reported in March 2021 for the Exchange Server breach." in seen
    assert "**Sources (2)**" in seen


def test_events_show_their_sources(fresh_cache: Fingerprint) -> None:
    at = open_page("explore", id="hafnium")
    events = frame(at, "explore-hafnium-events")
    disclosure = events[events["event id"] == "ev-2021-03-02-microsoft-disclosure"]
    assert disclosure.iloc[0]["sources"].startswith(MS_BLOG)
    assert disclosure.iloc[0]["link"] == MS_BLOG_URL
    seen = texts(select(at, "explore-hafnium-events", int(disclosure.index[0])))
    assert "Microsoft announces that the on-premises Exchange zero-days" in seen
    assert "**Date:** 2021-03-02" in seen
    assert f"[{MS_BLOG}]({MS_BLOG_URL})" in seen


# --- The Timeline ------------------------------------------------------------------------------


def test_timeline_rows_show_their_sources_and_open_whole(fresh_cache: Fingerprint) -> None:
    at = open_page("timeline")
    table = frame(at, "timeline")
    assert list(table.columns[:6]) == ["date", "kind", "claimant", "what", "0-100", "sources"]
    ms = table[table["id"] == MS_ATTRIBUTION]
    assert ms.iloc[0]["sources"].startswith(MS_BLOG)
    assert ms.iloc[0]["link"] == MS_BLOG_URL
    assert "rows" in texts(at)  # the row count
    seen = texts(select(at, "timeline", table.index.get_loc(ms.index[0])))
    assert MS_QUOTE in seen and "Editor's note: " + MS_NOTE in seen
    assert f"[{MS_BLOG}]({MS_BLOG_URL})" in seen
    links = {(p.label, p.proto.query_string) for p in at.page_link}
    assert ("The claim with all its evidence", f"claim={MS_ATTRIBUTION}") in links
