"""What the browser tests share: where screenshots go, how long to wait, how to tell that a
Streamlit run is over. (The `app_url`, `browser` and `page` fixtures are in conftest.py.)"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import Locator, Page

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WAIT_MS = 60_000


def shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def wait_idle(page: Page) -> None:
    """Until Streamlit has finished the current run (no "Running..." status widget)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=WAIT_MS
    )


def no_exception(page: Page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0


WIDTH = 1280  # the width every page must read at


def settle(page: Page, last: str) -> None:
    """Until the page's last element is written and Streamlit has finished its run."""
    page.get_by_text(last).first.wait_for()
    wait_idle(page)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid^=stSkeleton]')", timeout=60_000
    )
    no_exception(page)
    assert page.locator("[data-testid=stAlertContentError]").count() == 0


def columns_in_view(table: Locator) -> list[str]:
    """The columns a table (`stDataFrame`) shows without scrolling sideways, whole or in part:
    the grid draws on a canvas and lists in its accessible table (role=columnheader) only the
    columns in view."""
    headers = table.get_by_role("columnheader", include_hidden=True)  # canvas content
    headers.first.wait_for(state="attached")
    return [(h.text_content() or "").strip() for h in headers.all()]


def cut_off(table: Locator, wanted: Sequence[str]) -> list[str]:
    """Those of the `wanted` columns that are not wholly on screen at the table's left edge:
    out of view, or in view but cut by the table's right edge (the column after it is not in
    view; the last column is cut when the table scrolls sideways)."""
    table.scroll_into_view_if_needed()
    headers = table.get_by_role("columnheader", include_hidden=True)
    headers.first.wait_for(state="attached")
    place = {
        (h.text_content() or "").strip(): int(h.get_attribute("aria-colindex") or 0)
        for h in headers.all()
    }
    count = int(table.locator("table[role=grid]").get_attribute("aria-colcount") or 0)
    scrolls = table.evaluate(
        "e => { const s = e.querySelector('.dvn-scroller');"
        " return !!s && s.scrollWidth > s.clientWidth + 1 }"
    )
    shown = set(place.values())
    cut = []
    for name in wanted:
        index = place.get(name)
        whole = index is not None and (index + 1 in shown if index < count else not scrolls)
        if not whole:
            cut.append(name)
    return cut
