"""The Lag page in a real browser at 1,280 px: the chart drawn beside its figures.

The screenshots go to test-output/screenshots/lag-1280.png and lag-strip-1280.png (the
Attributions page's strip).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from attrib.lag import PHASES
from tests.browser_kit import WAIT_MS, cut_off, no_exception, shot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]


@pytest.fixture
def narrow_page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()


def test_lag_page_draws_the_chart_beside_the_figures_at_1280px(
    narrow_page: Page, app_url: str
) -> None:
    page = narrow_page
    page.goto(f"{app_url}/lag")
    page.get_by_text("Days to the first").wait_for()
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.wait_for()
    page.locator("canvas, svg.marks").first.wait_for()
    wait_idle(page)
    no_exception(page)
    table = page.locator("[data-testid=stDataFrame]").first
    chart_box, table_box = chart.bounding_box(), table.bounding_box()
    assert chart_box and table_box
    assert chart_box["x"] + chart_box["width"] <= table_box["x"]  # side by side, not stacked
    assert chart_box["width"] > 400 and chart_box["height"] > 150
    assert page.get_by_text("imprecise (a month- or year-dated start or item").count() == 1
    shot(page, "lag-1280")
    # The strip on the Attributions page: start -> the first of each phase, with days.
    page.goto(f"{app_url}/attributions?campaign=exchange-2021")
    page.get_by_text("Show Cypher — non_attributions").first.wait_for()  # the page's last part
    wait_idle(page)
    no_exception(page)
    assert page.get_by_text("55 d (2021-03-02, Microsoft)").count() == 1
    shot(page, "lag-strip-1280")


def test_the_per_campaign_table_keeps_every_phase_in_view_at_1280px(
    narrow_page: Page, app_url: str
) -> None:
    """Each phase's first item (date, who, days) is the evidence of the page: no column of
    them is off screen or cut at 1,280 px (issue 20, item 4)."""
    page = narrow_page
    page.goto(f"{app_url}/lag")
    page.get_by_text("Per campaign").wait_for()
    wait_idle(page)
    no_exception(page)
    table = page.locator("[data-testid=stDataFrame]:visible").last
    table.wait_for()
    assert cut_off(table, ["campaign", "start", *PHASES]) == []
    shot(page, "lag-campaigns-1280")
