"""The UI under attack, against a real `streamlit run ui/app.py`: DNS rebinding (foreign Host
headers on HTTP and on the websocket), tracebacks in the browser, and hostile feed data that
would put links and tracking images on the page.
"""

from __future__ import annotations

import base64
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request

from attrib.fingerprint import Fingerprint
from tests.browser_kit import WAIT_MS, no_exception, shot, wait_idle
from tests.conftest import load_seed_fresh
from tests.hostile_ui_data import ACTOR_ID, ACTOR_NAME, BEACON_HOST, CAMPAIGN_ID, load_hostile
from tests.ui_server import streamlit_run
from ui.hosts import allowed_hosts
from ui.text import JOINER

COMPOSE_NAME = "explorer.internal"  # a name given in $ATTRIB_UI_HOSTS


@pytest.fixture(scope="module")
def guarded_url(
    seeded_graph: Fingerprint, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with streamlit_run(log, env={"ATTRIB_UI_HOSTS": f" {COMPOSE_NAME} ,"}) as url:
        yield url


def http_status(url: str, host: str) -> int:
    """The status of GET `url` sent with this Host header."""
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def websocket_status(url: str, host: str, origin: str) -> str:
    """The status line of a websocket handshake on Streamlit's stream with these headers."""
    parts = urlsplit(url)
    key = base64.b64encode(os.urandom(16)).decode()
    handshake = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(handshake.encode())
        return s.recv(200).decode("latin-1").split("\r\n")[0]


def test_allowed_hosts_are_local_plus_the_configured_names() -> None:
    assert allowed_hosts({}) == ["127.0.0.1", "localhost", "[::1]"]
    assert allowed_hosts({"ATTRIB_UI_HOSTS": "Explorer.Internal, ui,localhost"})[3:] == [
        "explorer.internal",
        "ui",
    ]
    with pytest.raises(ValueError, match="any Host header"):
        allowed_hosts({"ATTRIB_UI_HOSTS": "*"})


@pytest.mark.neo4j
def test_http_with_a_foreign_host_header_is_refused(guarded_url: str) -> None:
    port = urlsplit(guarded_url).port
    for path in ("/", "/_stcore/health", "/explore"):
        assert http_status(guarded_url + path, f"127.0.0.1:{port}") == 200, path
        assert http_status(guarded_url + path, f"localhost:{port}") == 200, path
        assert http_status(guarded_url + path, f"{COMPOSE_NAME}:{port}") == 200, path
        assert http_status(guarded_url + path, f"rebind.attacker.example:{port}") == 400, path
        assert http_status(guarded_url + path, f"127.0.0.1.attacker.example:{port}") == 400


@pytest.mark.neo4j
def test_websocket_with_a_foreign_host_or_origin_is_refused(guarded_url: str) -> None:
    port = urlsplit(guarded_url).port
    for name in ("127.0.0.1", "localhost", COMPOSE_NAME):
        status = websocket_status(guarded_url, f"{name}:{port}", f"http://{name}:{port}")
        assert status == "HTTP/1.1 101 Switching Protocols", name
    # DNS rebinding: Host and Origin are both the attacker's name (same-origin to Streamlit).
    evil = f"rebind.attacker.example:{port}"
    assert websocket_status(guarded_url, evil, f"http://{evil}").startswith("HTTP/1.1 400")
    # A foreign page talking to the real address: Streamlit's own Origin check.
    local = f"127.0.0.1:{port}"
    assert websocket_status(guarded_url, local, f"http://{evil}").startswith("HTTP/1.1 403")


@pytest.mark.browser
def test_an_uncaught_exception_shows_no_traceback(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("boom")
    script = folder / "boom.py"
    script.write_text(
        "import streamlit as st\nst.title('boom')\nraise RuntimeError('secret detail 0xC0FFEE')\n"
    )
    with streamlit_run(folder / "streamlit.log", script=script) as url:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.goto(url)
        shown = page.locator("[data-testid=stException]")
        shown.wait_for()
        wait_idle(page)
        shot(page, "20-uncaught-exception")
        message = shown.inner_text()
        context.close()
    assert "This app has encountered an error" in message
    for detail in ("RuntimeError", "secret detail", "Traceback", str(script), "line 3"):
        assert detail not in message
    assert "secret detail 0xC0FFEE" in (folder / "streamlit.log").read_text()  # logged


@pytest.fixture(scope="module")
def hostile_url(
    seeded_graph: Fingerprint, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The explorer over a graph holding the hostile records (the seed is put back after)."""
    load_hostile(tmp_path_factory.mktemp("hostile"))
    try:
        with streamlit_run(tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
            yield url
    finally:
        assert load_seed_fresh() == seeded_graph


@pytest.fixture
def hostile_page(browser: Browser, hostile_url: str) -> Iterator[tuple[Page, list[str]]]:
    """A tab and the URL of every request it makes."""
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    context.on("request", record)
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab, requested
    context.close()


LINKS_AND_IMAGES = """() => {
  const found = [];
  const walk = (root) => {
    const where = (e) => {
      const t = e.closest('[data-testid]');
      return t ? t.getAttribute('data-testid') : '?';
    };
    root.querySelectorAll('a[href]').forEach(
      a => found.push(['a', a.getAttribute('href'), where(a)]));
    root.querySelectorAll('img').forEach(
      i => found.push(['img', i.getAttribute('src') || '', where(i)]));
    root.querySelectorAll('*').forEach(e => { if (e.shadowRoot) walk(e.shadowRoot); });
  };
  walk(document);
  return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "settled_by"),
    [
        (f"/explore?id={ACTOR_ID}", "Show Cypher — entity_profile"),
        (f"/attributions?campaign={CAMPAIGN_ID}", "Show Cypher — non_attributions"),
        ("/", "Show Cypher — newest_claims"),
    ],
)
def test_hostile_data_makes_no_link_image_or_request(
    hostile_page: tuple[Page, list[str]], hostile_url: str, path: str, settled_by: str
) -> None:
    page, requested = hostile_page
    page.goto(hostile_url + path)
    page.get_by_text(settled_by).first.wait_for()
    wait_idle(page)
    if path.startswith("/explore"):  # the tabs with tables, the graph and the sources
        page.get_by_role("tab", name="Sources").click()
        wait_idle(page)
    page.wait_for_timeout(1500)
    no_exception(page)
    shot(page, "21-hostile" + path.replace("/", "-").replace("?", "-").replace("=", "-"))
    assert not [u for u in requested if BEACON_HOST in urlsplit(u).netloc]
    found = page.evaluate(LINKS_AND_IMAGES)
    images = [src for kind, src, _ in found if kind == "img"]
    assert not [src for src in images if BEACON_HOST in src or src.startswith("http")], images
    external = [
        href
        for kind, href, _ in found
        if kind == "a" and urlsplit(href).netloc not in ("", urlsplit(hostile_url).netloc)
    ]
    assert all(href.startswith("https://example.org/") for href in external), external
    body = page.inner_text("body").replace(JOINER, "")  # invisible: what the reader sees
    assert "warning" not in body.split()  # no icon from `:material/warning:` in the data
    if path != "/":
        assert ACTOR_NAME.split(" <img")[0] in body  # the name, shown as its characters
        assert ":red[ALERT]" in body and "$x^2$" in body and ":material/warning:" in body
        assert "\\" not in body  # no escaping shows (select options are plain text)
