"""The graph's component: a short loader that imports neo4j-viz's bundle from a static URL,
instead of the bundle inline in every draw (no database, no browser; the browser side is in
tests/test_ui_browser_graph.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from ui import graph_component

APP = """
import streamlit as st
from neo4j_viz import Node, Relationship, VisualizationGraph
from ui import graph_component

vg = VisualizationGraph(
    nodes=[Node(id="a", caption="A"), Node(id="b", caption="B")],
    relationships=[Relationship(id="r", source="a", target="b", caption="LINK")],
)
graph_component.display(vg.render_widget(height="300px"), key="g")
st.write("drawn")
"""


@pytest.fixture
def base_path() -> Iterator[None]:
    before = config.get_option("server.baseUrlPath")
    yield
    config.set_option("server.baseUrlPath", before)


def test_the_loader_imports_the_bundle_from_this_server() -> None:
    js = graph_component.loader_js("/component/ui.graph_component.neo4j_viz_bundle/graph.js")
    assert "__BUNDLE_PATH__" not in js
    assert 'new URL("/component/ui.graph_component.neo4j_viz_bundle/graph.js"' in js
    assert "import(BUNDLE_URL)" in js
    assert len(js) < 2_000  # the loader, not the 5 MB renderer


def test_the_bundle_is_the_installed_renderer_module() -> None:
    bundle = graph_component.bundle_dir() / graph_component.BUNDLE_FILE
    text = bundle.read_text(encoding="utf-8")
    assert len(text) > 1_000_000
    assert "as default }" in text[-200:]  # an ES module whose default export renders


def test_the_bundle_address_follows_the_base_path(base_path: None) -> None:
    name = "ui.graph_component.neo4j_viz_bundle"
    config.set_option("server.baseUrlPath", "")
    assert graph_component.bundle_url(name) == f"/component/{name}/graph.js"
    config.set_option("server.baseUrlPath", "/explorer/")
    assert graph_component.bundle_url(name) == f"/explorer/component/{name}/graph.js"


def test_a_draw_sends_the_loader_and_the_data_not_the_bundle() -> None:
    at = AppTest.from_string(APP, default_timeout=60).run()
    assert not at.exception
    assert at.markdown[0].value == "drawn"
    sent = [node.proto for node in at._tree[0].children.values() if node.type == "bidi_component"]
    assert len(sent) == 1
    proto = sent[0]
    assert proto.component_name == graph_component.COMPONENT
    assert "import(BUNDLE_URL)" in proto.js_content
    assert len(proto.js_content) < 2_000 and not proto.css_content
    assert '"caption": "LINK"' in proto.json or "LINK" in proto.mixed.json
