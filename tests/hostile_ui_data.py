"""A record whose names and descriptions carry Markdown, HTML and Streamlit markup, for the UI
tests that check data is shown as text (no link, no image, no badge made from data).

`load_hostile()` loads the seed plus `hostile.yaml` (an actor, a campaign, two sources, an
attribution and a non-attribution); `conftest.load_seed_fresh()` puts the seed back.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from loader.load import DEFAULT_SEED, load
from ui import text

BEACON_HOST = "127.0.0.1:9"  # the discard port: nothing answers, a request would show in logs
BEACON = f"http://{BEACON_HOST}/beacon.png"
CLICK = f"http://{BEACON_HOST}/click"
# Every kind of markup a feed could smuggle in: a link, an image, raw HTML, an autolink, a
# Streamlit colour directive and badge, an icon, LaTeX and a heading.
MARKUP = (
    f'[click me]({CLICK}) ![beacon]({BEACON}) <img src="{BEACON}?html"> '
    f'<a href="{CLICK}?html">html link</a> www.example.org :red[ALERT] :red-badge[fake] '
    ":material/warning: $x^2$"
)
ACTOR_NAME = f"Mallory {MARKUP}"
CAMPAIGN_NAME = f"Operation Mallory {MARKUP}"
DESCRIPTION = f"# Heading from data\n\n- a list item\n\n{MARKUP}"
ACTOR_ID = "mallory"
CAMPAIGN_ID = "mallory-2021"
SAFE_URL = "https://example.org/report"
# An http URL (the loader accepts no other) that would close a Markdown link and open an image.
BAD_URL = f"https://example.org/x)![b]({BEACON}?url"

# `{n}` stands for the names above, written as YAML double-quoted strings.
HOSTILE_YAML = """
actors:
  - id: {actor_id}
    name: {actor_name}
    aliases: [{alias}]
    kind: intrusion-set
    description: {description}
    sources: [src-mallory-bad-url]

campaigns:
  - id: {campaign_id}
    name: {campaign_name}
    description: {description}
    first_seen: 2021-05-01
    sources: [src-mallory-good-url]

sources:
  - id: src-mallory-bad-url
    title: {source_title}
    publisher: {publisher}
    published: 2021-05-02
    url: "{bad_url}"
    language: en
  - id: src-mallory-good-url
    title: {source_title}
    publisher: {publisher}
    published: 2021-05-02
    url: "{safe_url}"
    language: en

claims:
  - id: claim-mallory-attribution
    kind: attribution
    claimant: microsoft
    made_on: 2021-05-03
    statement: {statement}
    quote: {statement}
    subject: {campaign_id}
    object: {actor_id}
    confidence: {{label: {statement}, scale: wording, value: 70}}
    basis: technical
    sources: [src-mallory-bad-url, src-mallory-good-url]
  - id: claim-mallory-non-attribution
    kind: non-attribution
    claimant: microsoft
    made_on: 2021-05-04
    statement: {statement}
    quote: {statement}
    subject: hafnium
    object: {campaign_id}
    confidence: {{label: {statement}, scale: wording, value: 60}}
    basis: unspecified
    sources: [src-mallory-good-url]
"""


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def hostile_yaml() -> str:
    return HOSTILE_YAML.format(
        actor_id=ACTOR_ID,
        actor_name=_yaml(ACTOR_NAME),
        alias=_yaml(f"Alias {MARKUP}"),
        description=_yaml(DESCRIPTION),
        campaign_id=CAMPAIGN_ID,
        campaign_name=_yaml(CAMPAIGN_NAME),
        source_title=_yaml(f"Report {MARKUP}"),
        publisher=_yaml(f"Publisher {MARKUP}"),
        safe_url=SAFE_URL,
        bad_url=BAD_URL,
        statement=_yaml(f"Statement {MARKUP}"),
    )


def load_hostile(workdir: Path) -> None:
    """The seed and the hostile records, loaded afresh (the graph is wiped first)."""
    data = workdir / "hostile-seed"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(DEFAULT_SEED, data)
    (data / "hostile.yaml").write_text(hostile_yaml(), encoding="utf-8")
    load([data], wipe_first=True)


# --- Reading a page: no hostile fragment may be markup -------------------------------------

# What the hostile values would turn into if written into Markdown as they are.
UNESCAPED = [
    "](http:",
    "<img",
    "<a href",
    ":red[",
    ":red-badge[fake]",
    ":material/warning:",
    "$x^2$",
    " www.example.org",  # an autolink literal (the page puts a word joiner before it)
    "(http:",
]
LINE_MARKUP = re.compile(r"^(# Heading from data|- a list item)", re.MULTILINE)
ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
COMMONMARK = MarkdownIt("commonmark", {"html": True})


def shown_markdown(at: AppTest) -> list[str]:
    """Every string the page renders as Markdown."""
    parts: list[str] = []
    for kind in (
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
        "title",
        "header",
        "subheader",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(e.label) for e in at.expander]
    parts += [str(b.label) for b in at.button]
    parts += [str(p.label) for p in at.page_link]
    return parts  # select options are plain text in Streamlit: checked apart


def assert_data_is_text(at: AppTest) -> str:
    """No hostile fragment is markup on the page; returns what the reader sees, as one text."""
    assert not at.exception, at.exception
    sources = shown_markdown(at)
    for source in sources:
        live = ESCAPED.sub("\x00", source)  # what is left to act as markup
        assert not [f for f in UNESCAPED if f in live], source
        assert not LINE_MARKUP.search(live), source
        html = COMMONMARK.render(source)
        assert "<img" not in html and "<h1" not in html, html  # pages use h5 at most
        hrefs = re.findall(r'<a href="([^"]*)"', html)
        assert all(h.startswith("https://") for h in hrefs), hrefs
        assert all(BEACON_HOST not in h or h.startswith("https://example.org/") for h in hrefs)
    return "\n".join(text.plain(s) for s in sources)
