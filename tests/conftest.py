"""Shared fixtures: a real local Neo4j for the whole session, and the seed loaded into it.

The tests never touch a database they did not start: NEO4J_* variables of the caller are
ignored, and the server lives in ATTRIB_DATA_DIR (`make test` sets .data/test-neo4j) or in a
temporary directory.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import neo4j
import pytest
import streamlit as st
from playwright.sync_api import Browser, Page, sync_playwright

from attrib import db
from attrib.fingerprint import Fingerprint, graph_fingerprint
from attrib.settings import Settings, resolve
from loader.load import DEFAULT_SEED, load
from tests.browser_kit import CHROMIUM, CHROMIUM_ARGS, WAIT_MS
from tests.identity_cases import lazarus, two_datasets  # fixtures of the identity tests
from tests.ui_server import streamlit_run

NEO4J_VARS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A real Neo4j 5.26 on 127.0.0.1, started for the tests and stopped after them."""
    from attrib import local_server

    for var in NEO4J_VARS:
        os.environ.pop(var, None)
    os.environ.setdefault("ATTRIB_DATA_DIR", str(tmp_path_factory.mktemp("neo4j")))
    was_running = local_server.status().running
    local_server.start()
    connection = local_server.local_connection()
    assert connection is not None
    uri, username, password = connection
    # Subprocesses (the CLI, streamlit) find the same server through the usual variables.
    os.environ.update(NEO4J_URI=uri, NEO4J_USERNAME=username, NEO4J_PASSWORD=password)
    db.close()
    yield resolve()
    db.close()
    for var in NEO4J_VARS:
        os.environ.pop(var, None)
    if not was_running:
        local_server.stop()


def load_seed_fresh() -> Fingerprint:
    """Empty the graph and load the seed: the state every test may assume."""
    load([DEFAULT_SEED], wipe_first=True)
    return graph_fingerprint()


@pytest.fixture(scope="session")
def seeded_graph(neo4j_server: Settings) -> Fingerprint:
    """The seed case loaded once; the fingerprint lets tests prove they changed nothing."""
    return load_seed_fresh()


@pytest.fixture
def restore_seed(seeded_graph: Fingerprint) -> Iterator[Fingerprint]:
    """For tests that change the graph: the seed is loaded afresh after them."""
    yield seeded_graph
    assert load_seed_fresh() == seeded_graph


@pytest.fixture(scope="session")
def admin(seeded_graph: Fingerprint, neo4j_server: Settings) -> Iterator[neo4j.Driver]:
    """A driver of its own (not attrib.db's) to watch the server: SHOW TRANSACTIONS, RETURN 1."""
    driver = neo4j.GraphDatabase.driver(
        neo4j_server.uri,
        auth=(neo4j_server.username, neo4j_server.password),
        connection_timeout=10.0,
        notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
    )
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def transactions_running(admin: neo4j.Driver) -> Callable[[str], list[str]]:
    """A function: the ids of the server's transactions still running a text (or its EXPLAIN)."""

    def running(text: str) -> list[str]:
        with admin.session() as s:
            rows = s.run(
                "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery AS q RETURN id, q"
            ).data()
        return [r["id"] for r in rows if r["q"] and text[:300] in r["q"]]

    return running


# --- The UI tests' fixtures -------------------------------------------------------------------


@pytest.fixture
def fresh_cache(seeded_graph: Fingerprint) -> Iterator[Fingerprint]:
    """The seed, with Streamlit's cache emptied before and after (AppTest pages)."""
    st.cache_data.clear()
    yield seeded_graph
    st.cache_data.clear()


@pytest.fixture(scope="module")
def app_url(seeded_graph: Fingerprint, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The explorer served by `streamlit run` with the test server's NEO4J_* variables."""
    with streamlit_run(tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh tab, 1,400 x 1,000, on the served explorer."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()


__all__ = ["lazarus", "two_datasets"]  # fixtures defined in tests/identity_cases.py
