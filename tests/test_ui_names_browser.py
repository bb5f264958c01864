"""Names not credited to their giver (docs/identity.md, "Given versus reported") on the Actor
and Identity pages in a real browser, at 1,280 px. A module of its own: its app server's
caches start with the Lazarus case (tests/identity_cases.py: lazarus_case) loaded.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser_kit import WIDTH, settle, shot, wait_idle
from tests.identity_cases import NOT_CREDITED

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]


@pytest.mark.usefixtures("lazarus")
def test_names_not_credited_render_on_the_actor_and_identity_pages(
    page: Page, app_url: str
) -> None:
    page.set_viewport_size({"width": WIDTH, "height": 2000})
    page.goto(f"{app_url}/actor?name=Lazarus%20Group")
    settle(page, "Show Cypher — actor_attributions")
    assert page.get_by_text("Names not credited to their giver").first.is_visible()
    assert NOT_CREDITED in page.inner_text("body")
    shot(page, "23-actor-lazarus-not-credited")
    page.goto(f"{app_url}/identity")
    settle(page, "Names not credited (1)")
    page.get_by_role("tab", name="Names not credited (1)").click()
    page.get_by_text("first-hand beats second-hand").first.wait_for()
    wait_idle(page)
    shot(page, "24-identity-names-not-credited")
