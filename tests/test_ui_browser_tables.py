"""Tables that read, in a real browser at 1,280 px: the Queries page runs
`competing_attributions`, a row is selected with a click and its sources are shown whole; the
Overview's tables. Screenshots go to test-output/screenshots/ (see tests/test_ui_browser.py for
the server and the browser).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser_kit import WAIT_MS, no_exception, shot, wait_idle
from ui import tables

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

WIDTH = 1280
MS_FIRST_SOURCE = "HAFNIUM targeting Exchange Servers with 0-day exploits"
NOT_FIRST_SOURCE = "Microsoft On the Issues"  # a later source of the same claim


def click_row(page: Page, row: int) -> None:
    """Tick a row's box in the table's left margin (the grid is drawn on a canvas)."""
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    y = box["y"] + tables.ROW_HEIGHT + (row + 0.5) * tables.WRAP_ROW_HEIGHT
    page.mouse.click(box["x"] + 18, y)


def test_competing_attributions_table_then_a_row_with_its_sources(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(f"{app_url}/queries?query=competing_attributions")
    page.get_by_role("button", name="Run query").click()
    # the first run of the page on a busy machine may take longer than a step's wait
    page.get_by_text("Select a row to see it whole.").wait_for(timeout=3 * WAIT_MS)
    wait_idle(page)
    no_exception(page)
    body = page.inner_text("body")
    assert "rows" in body and "Sources (" not in body  # nothing selected yet
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    shot(page, "45-queries-table-1280")
    grid_box = grid.bounding_box()
    assert grid_box is not None and grid_box["width"] <= WIDTH  # no wider than the window

    click_row(page, 0)  # Microsoft's attribution: the first claim about the campaign
    page.get_by_text("independent +").first.wait_for()
    wait_idle(page)
    no_exception(page)
    detail = page.get_by_text("The claim with all its evidence").first
    detail.scroll_into_view_if_needed()
    shot(page, "46-queries-row-selected-1280")
    body = page.inner_text("body")
    assert MS_FIRST_SOURCE in body and NOT_FIRST_SOURCE in body  # every source, whole
    assert "Microsoft Threat Intelligence Center (MSTIC) attributes" in body  # the quote
    assert "1 independent + 6 relaying them" in body  # all go back to src-05


def test_overview_at_1280(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 2400})
    page.goto(app_url)
    page.get_by_text("Newest claims").first.wait_for()
    page.get_by_text("Show Cypher — newest_claims").wait_for()
    wait_idle(page)
    no_exception(page)
    grids = page.get_by_test_id("stDataFrame")
    grids.nth(1).wait_for()  # the grids are drawn after the run ends: both tables, then look
    assert grids.count() >= 2
    page.get_by_role("heading", name="Disputed attributions").scroll_into_view_if_needed()
    shot(page, "47-overview-1280")
