"""The as-of view in a real browser: a day typed and applied with Enter, at 1,280 px.

China's denial of the Exchange attributions is dated only "2021-03": as of 2021-03-05 it is not
yet counted (by default a month counts from its last day), while with "start of the period" it
is. NBC's report of 2021-03-09 is hidden until that day. Screenshots go to
test-output/screenshots/ (see tests/test_ui_browser.py for the server and the browser).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser_kit import no_exception, shot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

LATER_SOURCE = "'Really messy'"  # NBC News, published 2021-03-09, cited by Microsoft's claim


def card_text(page: Page, heading: str, sources_label: str) -> str:
    """The text of the first claim card under `heading` that lists `sources_label`."""
    block = page.get_by_test_id("stVerticalBlock").filter(has_text=heading)
    return block.filter(has_text=sources_label).last.inner_text()


def test_as_of_typed_and_entered_shows_only_what_was_known(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"{app_url}/attributions?campaign=exchange-2021")
    page.get_by_text("Show Cypher — non_attributions").first.wait_for()
    wait_idle(page)
    page.get_by_text("As of a date").click()
    box = page.get_by_role("textbox", name="As of")
    box.wait_for()
    wait_idle(page)
    assert box.input_value() == "2023-04-18"  # the default: the latest claim in the seed

    box.fill("2021/03/05")
    box.press("Enter")
    page.get_by_role("heading", name="as known on 2021-03-05").wait_for()
    wait_idle(page)
    no_exception(page)
    body = page.inner_text("body")
    assert "counts from the last day of its period" in body  # the view says which rule
    assert "Denied by Government of China" not in body  # the "2021-03" denial: not yet
    assert "No denial disputes this claim." in body
    assert "National Cyber Security Centre" not in body  # spoke in July
    # Microsoft's attribution cites eight sources; seven were published by 2021-03-05, and two
    # of those are one blog post (one URL): the card lists six, inline
    sources = card_text(page, "Microsoft", "Sources (6)")
    assert LATER_SOURCE not in sources  # published 2021-03-09: hidden
    assert "About the new nation-state cyberattacks" in sources  # src-27, 2021-03-05: shown
    shot(page, "20-attributions-as-of-2021-03-05")

    page.get_by_text("start of the period").click()
    page.get_by_text("Denied by Government of China").first.wait_for()
    wait_idle(page)
    no_exception(page)
    assert "counts from the first day of its period" in page.inner_text("body")
    shot(page, "21-attributions-as-of-2021-03-05-period-start")
