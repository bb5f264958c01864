"""The explorer in a real browser: `streamlit run ui/app.py` driven with Playwright and Debian's
Chromium (`apt-get install -y chromium`; Playwright's own browser download is not used).

Screenshots of every step go to test-output/screenshots/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page

from attrib.fingerprint import Fingerprint, graph_fingerprint
from tests.browser_kit import SHOTS, WAIT_MS, no_exception, shot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

REPO = Path(__file__).resolve().parent.parent


def test_search_hafnium_open_it_and_see_the_graph_drawn(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/explore")
    box = page.get_by_role("textbox", name="Search names and aliases")
    box.fill("HAFNIUM")
    box.press("Enter")
    open_button = page.get_by_role("button", name="Open").first
    open_button.wait_for()
    shot(page, "01-explore-search")
    open_button.click()
    page.get_by_role("heading", name="HAFNIUM").wait_for()
    component = page.locator("[data-testid=stBidiComponentIsolated]").first
    component.locator("canvas").first.wait_for()
    page.wait_for_timeout(4000)  # let the force layout settle
    wait_idle(page)
    no_exception(page)
    shot(page, "02-explore-hafnium")
    component.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    picture = component.screenshot(path=str(SHOTS / "03-explore-hafnium-graph.png"))
    box_size = component.bounding_box()
    assert box_size and box_size["width"] > 300 and box_size["height"] > 300

    from PIL import Image

    image = Image.open(io.BytesIO(picture)).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    background = max(colours)[1]
    drawn = sum(count for count, colour in colours if colour != background)
    # Nodes in the label colours are on the canvas, not just an empty frame.
    assert drawn / (image.width * image.height) > 0.02, "the graph canvas looks empty"
    assert len(colours) > 50
    page_text = page.inner_text("body")
    assert "Silk Typhoon" in page_text


def test_run_a_canned_query_and_download_its_csv(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/queries?query=search")
    field = page.get_by_role("textbox", name="q (string, required)")
    field.fill("Red Apollo")
    page.get_by_role("button", name="Run query").click()
    page.get_by_text("row(s)").first.wait_for()
    wait_idle(page)
    no_exception(page)
    shot(page, "04-queries-search")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "search.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    header, first = content.splitlines()[:2]
    assert header.split(",")[:3] == ["id", "name", "label"]
    assert first.startswith("apt10,APT10,Actor,")
    assert "Red Apollo" in first


def test_console_refuses_detach_delete_and_the_graph_is_unchanged(
    page: Page, app_url: str, seeded_graph: Fingerprint
) -> None:
    page.goto(f"{app_url}/console")
    editor = page.get_by_role("textbox", name="Cypher", exact=True)
    editor.fill("MATCH (n) DETACH DELETE n")
    page.keyboard.press("Control+Enter")  # commit the text area
    wait_idle(page)
    page.get_by_role("button", name="Run", exact=True).click()
    refusal = page.get_by_text("Only read queries can run here")
    refusal.wait_for()
    wait_idle(page)
    shot(page, "05-console-refused")
    assert "would write to the graph" in refusal.inner_text()
    assert graph_fingerprint() == seeded_graph


@pytest.mark.parametrize(
    ("path", "expected", "last", "charts"),
    [
        ("/", "Disputed attributions", "Show Cypher — newest_claims", 2),
        (
            "/attributions?campaign=exchange-2021",
            "Denied by Government of China",
            "Show Cypher — non_attributions",
            0,
        ),
        (
            "/attributions?campaign=solarwinds-2020",
            "is not linked to",
            "Show Cypher — non_attributions",
            0,
        ),
        ("/timeline", "Claims (by the day they were made)", "Show Cypher — timeline", 1),
        ("/console", "Cypher console", "Max rows", 0),
    ],
)
def test_every_page_renders(
    page: Page, app_url: str, path: str, expected: str, last: str, charts: int
) -> None:
    page.set_viewport_size({"width": 1400, "height": 2400})  # the whole page in the picture
    page.goto(f"{app_url}{path}")
    page.get_by_text(last).first.wait_for()  # written at the end of the page's run
    wait_idle(page)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid^=stSkeleton]')", timeout=WAIT_MS
    )
    if charts:  # Vega draws after the data arrives
        page.locator("[data-testid=stVegaLiteChart] :is(canvas, svg)").nth(charts - 1).wait_for()
        page.wait_for_timeout(1000)
    assert page.get_by_text(expected).first.is_visible()
    no_exception(page)
    assert page.locator("[data-testid=stAlertContentError]").count() == 0
    name = path.strip("/").replace("?", "-").replace("=", "-") or "overview"
    shot(page, f"10-{name}")
