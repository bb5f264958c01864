"""What the browser tests share: where screenshots go, how long to wait, how to tell that a
Streamlit run is over. (The `app_url`, `browser` and `page` fixtures are in conftest.py.)"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

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
