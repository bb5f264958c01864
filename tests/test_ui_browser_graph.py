"""The graph in a real browser (Playwright + Debian's Chromium, as tests/test_ui_browser.py):
a click on a node in the NVL canvas adds its neighbours; a graph drawn in a tab that was hidden
when it arrived is fitted to its frame when shown. Screenshots at 1,280 px go to
test-output/screenshots/.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page

from tests.browser_kit import SHOTS, WAIT_MS, no_exception, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

COUNTRY_GREEN = (0x2C, 0xA0, 0x2C)  # ui/graph_style.py LABEL_COLOURS["Country"]
DRAWN = re.compile(r"(\d+) nodes and (\d+) links drawn")


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1300})
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()


def picture(frame: Locator, name: str) -> Image.Image:
    SHOTS.mkdir(parents=True, exist_ok=True)
    frame.scroll_into_view_if_needed()
    return Image.open(io.BytesIO(frame.screenshot(path=str(SHOTS / f"{name}.png")))).convert("RGB")


def largest_blob(image: Image.Image, colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """The centre and size of the largest patch of one colour (a node's disc), by flood fill."""
    width, height = image.size
    px = image.load()

    def near(x: int, y: int) -> bool:
        return all(abs(a - b) <= 6 for a, b in zip(px[x, y], colour, strict=True))

    seen: set[tuple[int, int]] = set()
    best = (0, 0, 0)
    for y0 in range(0, height, 3):
        for x0 in range(0, width, 3):
            if (x0, y0) in seen or not near(x0, y0):
                continue
            todo, blob = [(x0, y0)], []
            seen.add((x0, y0))
            while todo:
                x, y = todo.pop()
                blob.append((x, y))
                for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                    if (
                        0 <= nx < width
                        and 0 <= ny < height
                        and (nx, ny) not in seen
                        and near(nx, ny)
                    ):
                        seen.add((nx, ny))
                        todo.append((nx, ny))
            if len(blob) > best[2]:
                cx = sum(p[0] for p in blob) // len(blob)
                cy = sum(p[1] for p in blob) // len(blob)
                best = (cx, cy, len(blob))
    return best


def drawn_count(page: Page, key: str) -> int:
    caption = page.locator(f".st-key-{key}").locator(
        "xpath=following::*[contains(., 'links drawn')]"
    )
    match = DRAWN.search(caption.first.inner_text())
    assert match, "no 'N nodes and M links drawn' caption under the graph"
    return int(match[1])


def graph_frame(page: Page, key: str) -> Locator:
    frame = page.locator(f".st-key-{key} [data-testid=stBidiComponentIsolated]")
    frame.locator("canvas").first.wait_for()
    return frame


def test_click_a_neighbour_in_the_canvas_and_its_neighbours_are_added(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/explore?id=hafnium")
    page.get_by_role("heading", name="HAFNIUM").wait_for()
    frame = graph_frame(page, "explore-graph-hafnium")
    wait_idle(page)
    page.wait_for_timeout(5000)  # the layout settles, then the drawing is fitted
    no_exception(page)
    page.screenshot(path=str(SHOTS / "20-explore-hafnium-1280.png"), full_page=True)
    before = drawn_count(page, "explore-graph-hafnium")
    image = picture(frame, "21-explore-hafnium-graph")
    x, y, size = largest_blob(image, COUNTRY_GREEN)
    assert size > 200, "no country node (China) found on the canvas"
    frame.click(position={"x": x, "y": y})  # a real click on the node's disc in the canvas
    page.get_by_role("button", name=re.compile(r"Reset the drawing \(1 expanded\)")).wait_for()
    wait_idle(page)
    page.wait_for_timeout(4000)
    no_exception(page)
    after = drawn_count(page, "explore-graph-hafnium")
    assert after > before
    picture(frame, "22-explore-hafnium-expanded")
    page.screenshot(path=str(SHOTS / "23-explore-hafnium-expanded-1280.png"), full_page=True)


def test_the_renderer_comes_as_a_file_not_with_every_draw(page: Page, app_url: str) -> None:
    """neo4j-viz's 5 MB renderer is fetched once per page from the server's component route
    (ui/graph_component/), not sent through the session's websocket with the drawing."""
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(len(f))))
    bundles: list[str] = []
    page.on("response", lambda r: bundles.append(r.url) if r.url.endswith("/graph.js") else None)
    page.goto(f"{app_url}/explore?id=hafnium")
    graph_frame(page, "explore-graph-hafnium")
    wait_idle(page)
    no_exception(page)
    assert len(bundles) == 1 and "/component/" in bundles[0]
    assert sum(received) < 1_000_000, f"{sum(received)} bytes through the websocket"


def test_solarwinds_non_attribution_is_drawn_apart_from_attributions(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/explore?id=solarwinds-2020")
    frame = graph_frame(page, "explore-graph-solarwinds-2020")
    wait_idle(page)
    page.wait_for_timeout(5000)
    legend = page.get_by_text("NOT linked (non-attribution)").first
    assert legend.is_visible()
    page.screenshot(path=str(SHOTS / "24-explore-solarwinds-1280.png"), full_page=True)
    picture(frame, "25-explore-solarwinds-graph")


def test_the_queries_graph_is_fitted_when_its_tab_is_opened(page: Page, app_url: str) -> None:
    """Drawn while its tab was hidden, the graph is fitted when shown: nodes are on the
    canvas and none is cut by the frame's top edge (no "zoom to fit" pressed)."""
    page.goto(f"{app_url}/queries?query=neighbourhood")
    page.get_by_role("button", name="Run query").click()
    page.get_by_text("row(s)").first.wait_for()
    wait_idle(page)
    page.wait_for_timeout(3000)  # the hidden drawing lays itself out
    page.get_by_role("tab", name="Graph").click()
    frame = graph_frame(page, "query-graph-neighbourhood")
    page.wait_for_timeout(5000)
    no_exception(page)
    page.screenshot(path=str(SHOTS / "26-queries-graph-1280.png"), full_page=True)
    image = picture(frame, "27-queries-graph")
    colours = image.getcolors(maxcolors=1_000_000) or []
    background = max(colours)[1]
    drawn = sum(count for count, colour in colours if colour != background)
    assert drawn / (image.width * image.height) > 0.02, "the graph canvas looks empty"
    width = image.width
    top = [image.getpixel((x, y)) for y in range(2, 10) for x in range(width // 6, width * 3 // 4)]
    cut = sum(1 for p in top if max(abs(a - b) for a, b in zip(p, background, strict=True)) > 30)
    assert cut < len(top) * 0.01, "nodes run off the top of the frame: the graph is not fitted"


def test_find_the_path_from_hafnium_to_the_ministry_of_state_security(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/explore?id=hafnium")
    page.get_by_role("heading", name="HAFNIUM").wait_for()
    wait_idle(page)
    page.get_by_role("tab", name="Path to…").click()
    box = page.get_by_role("textbox", name="Path to…")
    box.fill("Ministry of State Security")
    box.press("Enter")
    found = page.get_by_text("shortest path(s)")
    found.wait_for()
    wait_idle(page)
    graph_frame(page, "explore-path-graph-hafnium")
    page.wait_for_timeout(4000)
    no_exception(page)
    listed = page.locator(".stMarkdown li:visible").all_inner_texts()  # this tab's list
    assert any("UK attributes the Exchange attack" in line for line in listed)
    assert not any("OPERATES_FROM" in line for line in listed)  # "both are in China" is hidden
    page.screenshot(path=str(SHOTS / "28-explore-path-to-mss-1280.png"), full_page=True)
