"""The graph's component: a short loader that imports our renderer from a static URL, the
vendored Cytoscape.js files exactly as published (their checksums and licences), and a draw
that sends the data, not the renderer (no database, no browser; the browser side is in
tests/test_ui_browser_graph.py)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from ui import graph_component

REPO = Path(__file__).resolve().parent.parent
VENDOR = graph_component.FRONTEND / "vendor"

APP = """
import streamlit as st
from ui import graph
from ui.graph_model import GNode, GRel

nodes = [
    GNode("a", ("Actor", "Entity"), {"name": "A"}),
    GNode("b", ("Country", "Entity"), {"name": "B"}),
]
spec = graph.build(nodes, [GRel("r", "LINK", "a", "b", {})])
graph.draw(spec, key="g")
st.write("drawn")
"""


@pytest.fixture
def base_path() -> Iterator[None]:
    before = config.get_option("server.baseUrlPath")
    yield
    config.set_option("server.baseUrlPath", before)


def test_the_loader_imports_the_renderer_from_this_server() -> None:
    js = graph_component.loader_js("/component/ui.graph_component.graph_frontend/render.js")
    assert "__RENDER_PATH__" not in js
    assert 'new URL("/component/ui.graph_component.graph_frontend/render.js"' in js
    assert "import(RENDER_URL)" in js
    assert len(js) < 2_000  # the loader, not the renderer


def test_the_renderer_loads_the_vendored_files_beside_it() -> None:
    render = (graph_component.FRONTEND / graph_component.RENDER_FILE).read_text("utf-8")
    assert "export default async function" in render
    loaded = re.search(r"const VENDOR = \[([^\]]*)\]", render)
    assert loaded, "render.js names the vendored files it loads"
    names = re.findall(r'"([^"]+)"', loaded[1])
    assert names == ["cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js"]
    assert all((VENDOR / n).is_file() for n in names)


def test_every_vendored_file_matches_its_recorded_checksum_and_has_its_licence() -> None:
    """The files are the npm packages' own (`make vendor-js` re-fetches and checks them);
    each package's MIT licence ships beside them."""
    sums = {}
    for line in (VENDOR / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    shipped = {p.name for p in VENDOR.iterdir() if p.name != "SHA256SUMS"}
    assert shipped == set(sums), "a file in vendor/ without a checksum, or a checksum without it"
    for name, digest in sums.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    for package in ("cytoscape", "layout-base", "cose-base", "cytoscape-fcose"):
        assert "Permission is hereby granted, free of charge" in (
            VENDOR / f"LICENSE-{package}"
        ).read_text("utf-8")
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert "cytoscape@3.35.0:dist/cytoscape.min.js" in makefile  # the pinned version


def test_the_renderer_address_follows_the_base_path(base_path: None) -> None:
    name = "ui.graph_component.graph_frontend"
    config.set_option("server.baseUrlPath", "")
    assert graph_component.render_url(name) == f"/component/{name}/render.js"
    config.set_option("server.baseUrlPath", "/explorer/")
    assert graph_component.render_url(name) == f"/explorer/component/{name}/render.js"


def test_a_draw_sends_the_loader_and_the_data_not_the_renderer() -> None:
    at = AppTest.from_string(APP, default_timeout=60).run()
    assert not at.exception
    assert at.markdown[0].value == "drawn"
    sent = [node.proto for node in at._tree[0].children.values() if node.type == "bidi_component"]
    assert len(sent) == 1
    proto = sent[0]
    assert proto.component_name == graph_component.COMPONENT
    assert "import(RENDER_URL)" in proto.js_content
    assert len(proto.js_content) < 2_000 and not proto.css_content
    data = proto.json or proto.mixed.json
    assert '"caption": "LINK"' in data and '"legend"' in data
    assert "cytoscape" not in data.lower()
