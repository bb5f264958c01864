"""Search over what was said and the Claim page in a real browser, at 1,280 px: an analyst
types "highly skilled", lands on Microsoft's claim and sees it with its sources. Screenshots
go to test-output/screenshots/ (see tests/test_ui_browser.py for the server and the browser).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser_kit import no_exception, shot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]


def test_search_highly_skilled_and_land_on_the_claim_with_its_sources(
    page: Page, app_url: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(f"{app_url}/search")
    box = page.get_by_role("textbox", name="Search names and what was said")
    box.fill("highly skilled")
    box.press("Enter")
    page.get_by_text("Claims (1)").wait_for()
    wait_idle(page)
    no_exception(page)
    body = page.inner_text("body")
    assert "Microsoft describes HAFNIUM as a highly skilled and sophisticated actor." in body
    assert page.locator("strong", has_text="skilled").count() >= 1  # the match in bold
    shot(page, "30-search-highly-skilled")

    page.get_by_text("Open the claim with its evidence").first.click()
    page.get_by_text("Sources (").first.wait_for()
    wait_idle(page)
    no_exception(page)
    body = page.inner_text("body")
    assert "highly skilled and sophisticated actor" in body  # the quote
    assert "Claimant: Microsoft" in body
    assert "History" in body
    shot(page, "31-claim-highly-skilled")


def test_a_japanese_name_finds_only_what_holds_it(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 1200})
    page.goto(f"{app_url}/search?q=国家安全部")
    page.get_by_text("Ministry of State Security").first.wait_for()
    wait_idle(page)
    no_exception(page)
    body = page.inner_text("body")
    assert "United States" not in body.split("Show Cypher")[0]
    shot(page, "32-search-japanese")
