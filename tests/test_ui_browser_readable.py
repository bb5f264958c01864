"""Every page's tables keep their evidence on screen at 1,280 px (issue 20, item 4): the date,
the confidence and the sources of each claim (a relation's date, sources and note) are whole
in view without scrolling sideways; Search cards show a claim's date and
first source. The Identity and Actor pages are checked in tests/test_ui_identity_browser.py
(they need a second dataset). Screenshots go to test-output/screenshots/ (look at them).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page

from tests.browser_kit import WIDTH, cut_off, no_exception, settle, shot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

CLAIM_EVIDENCE = ["made on", "0-100", "sources"]


def tables(page: Page) -> Locator:
    return page.locator("[data-testid=stDataFrame]:visible")


def evidence_whole(table: Locator, evidence: list[str]) -> None:
    """The table's `evidence` columns are wholly on screen (tests/browser_kit.cut_off)."""
    table.wait_for()
    assert cut_off(table, evidence) == []


def test_overview_tables_keep_date_confidence_and_sources_in_view(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(app_url)
    settle(page, "Show Cypher — newest_claims")
    grids = tables(page)
    grids.nth(1).wait_for()
    disputed, newest = grids.nth(0), grids.nth(1)
    evidence_whole(disputed, CLAIM_EVIDENCE)
    shot(page, "60-overview-disputed-1280")
    evidence_whole(newest, CLAIM_EVIDENCE)
    shot(page, "61-overview-newest-1280")


def test_attributions_glance_keeps_its_evidence_in_view(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(f"{app_url}/attributions?campaign=exchange-2021")
    settle(page, "Show Cypher — non_attributions")
    glance = tables(page).first
    evidence_whole(glance, ["claimant", "attributed to", *CLAIM_EVIDENCE])
    shot(page, "63-attributions-glance-1280")


def test_explore_tables_keep_their_evidence_in_view(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(f"{app_url}/explore?id=hafnium")
    page.get_by_role("heading", name="HAFNIUM").wait_for()
    wait_idle(page)
    for tab, evidence, name in [
        ("Claims received", CLAIM_EVIDENCE, "64-explore-claims-1280"),
        ("Relations", ["since", "sources", "note"], "65-explore-relations-1280"),
        ("Events", ["date", "sources"], "66-explore-events-1280"),
    ]:
        page.get_by_role("tab", name=re.compile(tab)).click()
        wait_idle(page)
        no_exception(page)
        table = tables(page).first
        evidence_whole(table, evidence)
        shot(page, name)


def test_timeline_table_keeps_its_evidence_in_view(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(f"{app_url}/timeline")
    page.get_by_text("Select a row to see it whole.").wait_for()
    wait_idle(page)
    no_exception(page)
    evidence_whole(tables(page).first, ["date", "0-100", "sources"])
    shot(page, "67-timeline-1280")


def test_a_query_result_of_claims_keeps_its_evidence_in_view(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(f"{app_url}/queries?query=competing_attributions")
    page.get_by_role("button", name="Run query").click()
    page.get_by_text("Select a row to see it whole.").wait_for()
    wait_idle(page)
    no_exception(page)
    evidence_whole(tables(page).first, ["made_on", "confidence", "sources"])
    shot(page, "68-queries-claims-1280")


def test_search_cards_show_the_date_and_the_first_source(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(f"{app_url}/search?q=highly%20skilled")
    page.get_by_text("Claims (1)").wait_for()
    wait_idle(page)
    no_exception(page)
    words = page.inner_text("body").split("Show Cypher")[0]  # the one card
    assert "2021-03-02 · claimed by Microsoft" in words, words
    assert (
        "Source: New nation-state cyberattacks — Microsoft On the Issues, 2021-03-02 (+ 3 more)"
        in words
    )
    shot(page, "69-search-card-1280")
