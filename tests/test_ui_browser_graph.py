"""The graph in a real browser (Playwright + Debian's Chromium, as tests/test_ui_browser.py):
a real click on a node adds its neighbours in place; denials and non-attributions are drawn
dashed; a click on a claim's edge opens the claim; the renderer comes as files, once per page;
a graph drawn in a tab that was hidden is fitted when shown; "Path to…" finds the MSS.

What is drawn is read from the page's Cytoscape instance (`root.cy` on the drawing's frame,
ui/graph_component/frontend/render.js): element counts, the style Cytoscape computed
(`line-style`), where a node is rendered. Screenshots at 1,280 px go to
test-output/screenshots/.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser_kit import SHOTS, WAIT_MS, WIDTH, no_exception, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

COUNTRY_GREEN = (0x2C, 0xA0, 0x2C)  # ui/graph_style.py LABEL_COLOURS["Country"]
DRAWN = re.compile(r"(\d+) nodes and (\d+) links drawn")

# What the drawing holds, as Cytoscape computed it (its style, not the data Python sent).
_DRAWN_JS = """(root) => {
  const cy = root.cy;
  const edges = cy.edges().map((e) => ({
    caption: e.data('caption'), style: e.style('line-style'), type: e.data('type'),
  }));
  return { nodes: cy.nodes().map((n) => n.data('caption')), edges };
}"""


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTH, "height": 1500})
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()


def drawing(page: Page, key: str, layouts: int = 1) -> Locator:
    """The drawing under Streamlit key `key`, once its `layouts`-th layout has finished."""
    root = page.locator(f".st-key-{key} [data-testid=attrib-graph]")
    root.wait_for()
    page.wait_for_function(
        "([key, n]) => { const r = document.querySelector('.st-key-' + key + "
        "' [data-testid=stBidiComponentIsolated]'); const host = r && (r.shadowRoot || r); "
        "const g = host && host.querySelector('[data-testid=attrib-graph]'); "
        "return g && Number(g.dataset.layouts || 0) >= n; }",
        arg=[key, layouts],
        timeout=WAIT_MS,
    )
    return root


def drawn(root: Locator) -> dict[str, Any]:
    result: dict[str, Any] = root.evaluate(_DRAWN_JS)
    return result


def rendered_at(root: Locator, caption: str) -> tuple[float, float]:
    """Where the node captioned `caption` is drawn, in the canvas's pixels."""
    point: dict[str, float] = root.evaluate(
        "(root, caption) => root.cy.nodes().filter((n) => n.data('caption') === caption)"
        "[0].renderedPosition()",
        caption,
    )
    return point["x"], point["y"]


def placed(root: Locator) -> dict[str, tuple[float, float]]:
    """Where each node is in the drawing's own coordinates, relative to HAFNIUM."""
    points: dict[str, list[float]] = root.evaluate(
        "(root) => { const h = root.cy.nodes().filter((n) => n.data('caption') === 'HAFNIUM')"
        "[0].position(); const out = {}; root.cy.nodes().forEach((n) => {"
        " out[n.data('caption') + ' ' + n.id()] = [n.position().x - h.x, n.position().y - h.y]; });"
        " return out; }"
    )
    return {k: (v[0], v[1]) for k, v in points.items()}


def picture(root: Locator, name: str) -> Image.Image:
    SHOTS.mkdir(parents=True, exist_ok=True)
    canvas = root.locator(".canvas")
    canvas.scroll_into_view_if_needed()
    root.page.wait_for_timeout(300)  # a scroll has ended before positions are read
    return Image.open(io.BytesIO(canvas.screenshot(path=str(SHOTS / f"{name}.png")))).convert("RGB")


def drawn_count(page: Page, key: str) -> int:
    caption = page.locator(f".st-key-{key}").locator(
        "xpath=following::*[contains(., 'links drawn')]"
    )
    match = DRAWN.search(caption.first.inner_text())
    assert match, "no 'N nodes and M links drawn' caption under the graph"
    return int(match[1])


def test_click_a_node_in_the_drawing_and_its_neighbours_are_added(page: Page, app_url: str) -> None:
    key = "explore-graph-hafnium"
    page.goto(f"{app_url}/explore?id=hafnium")
    page.get_by_role("heading", name="HAFNIUM").wait_for()
    root = drawing(page, key)
    wait_idle(page)
    no_exception(page)
    page.screenshot(path=str(SHOTS / "20-explore-hafnium-1280.png"), full_page=True)
    before = drawn(root)["nodes"]
    where = placed(root)
    assert len(before) == drawn_count(page, key)
    assert "China" in before and "Ministry of State Security" not in before
    image = picture(root, "21-explore-hafnium-graph")  # scrolled into view, then still
    x, y = rendered_at(root, "China")
    near = [image.getpixel((int(x) + dx, int(y) + dy)) for dx in (-2, 0, 2) for dy in (-2, 0, 2)]
    assert COUNTRY_GREEN in near, f"China's disc is not drawn at {x:.0f},{y:.0f}: {near}"
    frame = root.locator(".canvas").bounding_box()
    assert frame is not None
    page.mouse.click(frame["x"] + x, frame["y"] + y)  # a real click on China's disc
    page.get_by_role("button", name=re.compile(r"Reset the drawing \(1 expanded\)")).wait_for()
    drawing(page, key, layouts=2)  # the new neighbours laid out in place
    wait_idle(page)
    no_exception(page)
    after = drawn(root)["nodes"]
    assert set(before) < set(after), "the drawing was not kept and grown"
    assert "Ministry of State Security" in after  # China's neighbour, one hop beyond
    assert len(after) == drawn_count(page, key)
    # In place: the nodes drawn before have not moved (relative to HAFNIUM).
    now = placed(root)
    moved = {
        c: (round(now[c][0] - x0), round(now[c][1] - y0))
        for c, (x0, y0) in where.items()
        if abs(now[c][0] - x0) > 2 or abs(now[c][1] - y0) > 2
    }
    assert not moved, f"nodes moved when the neighbours were added: {moved}"
    picture(root, "22-explore-hafnium-expanded")
    page.screenshot(path=str(SHOTS / "23-explore-hafnium-expanded-1280.png"), full_page=True)


@pytest.mark.parametrize(
    ("entity", "negative", "positive"),
    [
        ("solarwinds-2020", "Microsoft: NOT linked (non-attribution)", None),
        ("exchange-2021", "DENIAL", "Microsoft: attribution"),
    ],
)
def test_denials_and_non_attributions_are_drawn_dashed(
    page: Page, app_url: str, entity: str, negative: str, positive: str | None
) -> None:
    key = f"explore-graph-{entity}"
    page.goto(f"{app_url}/explore?id={entity}")
    root = drawing(page, key)
    wait_idle(page)
    no_exception(page)
    edges = drawn(root)["edges"]
    negatives = [e for e in edges if negative in e["caption"]]
    assert negatives, f"no edge captioned {negative!r}: {[e['caption'] for e in edges]}"
    assert {e["style"] for e in negatives} == {"dashed"}
    if positive:
        positives = [e for e in edges if e["caption"].startswith(positive)]
        assert positives and {e["style"] for e in positives} == {"solid"}
    legend = root.locator(".legend")
    assert "NOT linked (non-attribution)" in legend.inner_text()
    page.screenshot(path=str(SHOTS / f"24-explore-{entity}-dashed-1280.png"), full_page=True)
    picture(root, f"25-explore-{entity}-graph")


def test_a_click_on_a_claims_edge_opens_the_claim(page: Page, app_url: str) -> None:
    key = "explore-graph-exchange-2021"
    page.goto(f"{app_url}/explore?id=exchange-2021")
    root = drawing(page, key)
    wait_idle(page)
    point: dict[str, float] = root.evaluate(
        "(root) => { const cy = root.cy; cy.edges().unselect();"
        " const e = cy.edges().filter((e) =>"
        " e.data('caption').startsWith('Microsoft: attribution'))[0];"
        " cy.nodes().not(e.connectedNodes()).style('display', 'none');"  # nothing else there
        " return e.renderedMidpoint(); }"
    )
    root.locator(".canvas").click(position={"x": point["x"], "y": point["y"]})
    page.wait_for_url(re.compile(r"/claim\?claim=claim-microsoft-attribution-exchange-hafnium$"))
    page.get_by_text("Sources (").first.wait_for()
    wait_idle(page)
    no_exception(page)
    assert "HAFNIUM" in page.locator("[data-testid=stMain]").inner_text()
    page.screenshot(path=str(SHOTS / "26-claim-opened-from-the-graph-1280.png"), full_page=True)


def test_the_renderer_comes_as_files_not_with_every_draw(page: Page, app_url: str) -> None:
    """The renderer and Cytoscape.js are fetched once per page from the server's component
    route (ui/graph_component/), not sent through the session's websocket with the drawing."""
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(len(f))))
    files: list[str] = []
    page.on("response", lambda r: files.append(r.url) if r.url.endswith(".js") else None)
    page.goto(f"{app_url}/explore?id=hafnium")
    drawing(page, "explore-graph-hafnium")
    wait_idle(page)
    no_exception(page)
    ours = [u.rsplit("/", 1)[-1] for u in files if "/component/" in u]
    assert sorted(ours) == sorted(
        ["render.js", "cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js"]
    )
    assert sum(received) < 1_000_000, f"{sum(received)} bytes through the websocket"


def test_the_queries_graph_is_fitted_when_its_tab_is_opened(page: Page, app_url: str) -> None:
    """Drawn while its tab was hidden, the graph is fitted when shown: every node lies
    inside the canvas (no "Fit" pressed)."""
    page.goto(f"{app_url}/queries?query=neighbourhood")
    page.get_by_role("button", name="Run query").click()
    page.get_by_text("row(s)").first.wait_for()
    wait_idle(page)
    page.get_by_role("tab", name="Graph").click()
    root = drawing(page, "query-graph-neighbourhood")
    page.wait_for_timeout(500)  # the frame's resize is observed, then fitted
    no_exception(page)
    page.screenshot(path=str(SHOTS / "27-queries-graph-1280.png"), full_page=True)
    picture(root, "28-queries-graph")
    box: dict[str, float] = root.evaluate(
        "(root) => { const b = root.cy.nodes().renderedBoundingBox();"
        " return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2,"
        " w: root.cy.width(), h: root.cy.height(), n: root.cy.nodes().length }; }"
    )
    assert box["n"] > 5 and box["w"] > 600 and box["h"] > 300
    assert box["x1"] >= 0 and box["y1"] >= 0, box
    assert box["x2"] <= box["w"] and box["y2"] <= box["h"], box


def test_find_the_path_from_hafnium_to_the_ministry_of_state_security(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/explore?id=hafnium")
    page.get_by_role("heading", name="HAFNIUM").wait_for()
    wait_idle(page)
    page.get_by_role("tab", name="Path to…").click()
    wait_idle(page)
    # Under load the tab's panel is drawn late: wait until its box can take typing.
    box = page.get_by_role("textbox", name="Path to…")
    expect(box).to_be_visible(timeout=WAIT_MS)
    expect(box).to_be_editable(timeout=WAIT_MS)
    box.fill("Ministry of State Security")
    box.press("Enter")
    found = page.get_by_text("shortest path(s)")
    found.wait_for()
    wait_idle(page)
    root = drawing(page, "explore-path-graph-hafnium")
    no_exception(page)
    listed = page.locator(".stMarkdown li:visible").all_inner_texts()  # this tab's list
    assert any("UK attributes the Exchange attack" in line for line in listed)
    assert not any("OPERATES_FROM" in line for line in listed)  # "both are in China" is hidden
    assert {"HAFNIUM", "Ministry of State Security"} <= set(drawn(root)["nodes"])
    page.screenshot(path=str(SHOTS / "29-explore-path-to-mss-1280.png"), full_page=True)
