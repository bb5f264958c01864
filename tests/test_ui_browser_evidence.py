"""Explore and the Timeline with their evidence in a real browser, at 1,280 px: HAFNIUM's
claims table shows each claim's sources beside its statement, both on screen without
scrolling sideways; a click on Microsoft's attribution shows it whole (the quote, every
source with its link, the Claim page); the Timeline's table does the same. Screenshots go to
test-output/screenshots/ (see tests/test_ui_browser.py for the server and the browser).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page

from attrib.runner import run_named
from attrib.values import period_sort_key
from tests.browser_kit import columns_in_view, no_exception, shot, wait_idle
from tests.seed_facts import MS_ATTRIBUTION

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

WIDTH = 1280
HEADER_PX = 35  # the table's header row (ui/tables.py ROW_HEIGHT)
WRAPPED_ROW_PX = 78  # a row of wrapped text (ui/tables.py WRAP_ROW_HEIGHT)
MS_QUOTE = "attributes this campaign with high confidence to HAFNIUM"
MS_BLOG = "HAFNIUM targeting Exchange Servers with 0-day exploits"


def click_row(table: Locator, index: int) -> None:
    """Select a row as an analyst does: a click in its row marker (the grid's first column)."""
    table.click(position={"x": 14, "y": HEADER_PX + WRAPPED_ROW_PX * (index + 0.5)})


def test_hafnium_claims_show_sources_and_a_click_shows_the_claim_whole(
    page: Page, app_url: str
) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(f"{app_url}/explore?id=hafnium")
    page.get_by_role("heading", name="HAFNIUM").wait_for()
    page.get_by_role("tab", name=re.compile(r"Claims received")).click()
    table = page.locator("[data-testid=stDataFrame]:visible").first
    table.wait_for()
    wait_idle(page)
    no_exception(page)
    table.scroll_into_view_if_needed()
    in_view = columns_in_view(table)
    # the statement and sources whole: the column after them starts in view too
    assert in_view[:6] == ["made on", "kind", "claimant", "statement", "0-100", "sources"], in_view
    assert len(in_view) > 6, in_view
    body = page.inner_text("body")
    assert re.search(r"\b\d+ rows?\b", body)  # the row count
    shot(page, "40-explore-claims-1280")

    claims = run_named("entity_profile", {"id": "hafnium"}).rows[0]["claims"]
    # in the table's order: by date, a month after the days it holds
    received = [
        c["claim"]
        for c in sorted(claims, key=lambda c: period_sort_key(c.get("made_on")))
        if c["role"] != "claimant"
    ]
    click_row(table, received.index(MS_ATTRIBUTION))
    page.get_by_text("The claim with all its evidence").wait_for()
    wait_idle(page)
    no_exception(page)
    body = page.inner_text("body")
    assert MS_QUOTE in body
    assert "Editor's note: MSTIC's own words" in body
    assert "Confidence: “High” (none-low-med-high) → 85/100" in body
    blog = page.get_by_role("link", name=MS_BLOG).first
    assert blog.get_attribute("href") == (
        "https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
    )
    page.get_by_text("The claim with all its evidence").scroll_into_view_if_needed()
    shot(page, "41-explore-claim-selected-1280")


def test_timeline_table_shows_sources_at_1280(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(f"{app_url}/timeline")
    page.get_by_text("Select a row to see it whole.").wait_for()
    wait_idle(page)
    no_exception(page)
    table = page.locator("[data-testid=stDataFrame]").first
    table.scroll_into_view_if_needed()
    in_view = columns_in_view(table)
    assert in_view[:6] == ["date", "kind", "claimant", "what", "0-100", "sources"], in_view
    assert len(in_view) > 6, in_view
    shot(page, "42-timeline-1280")
    click_row(table, 0)  # the first intrusions, an event: its sources too
    sources = page.get_by_text(re.compile(r"^Sources \(\d+\)")).first
    sources.wait_for()
    wait_idle(page)
    no_exception(page)
    body = page.inner_text("body")
    assert "Earliest observed exploitation of the Exchange Server zero-days" in body
    assert "Date: 2021-01-06" in body
    sources.scroll_into_view_if_needed()
    shot(page, "43-timeline-row-selected-1280")
