"""The graph's browser side: neo4j-viz's renderer, loaded from a static URL once per page.

Why: `neo4j_viz.streamlit.display_widget` declares its component with the renderer inline: a
5 MB JavaScript bundle (which carries its own 2 MB stylesheet) plus that stylesheet again as
the component's CSS. Every draw in a new browser session sent those ~7 MB through the
session's websocket, and Chromium compiled a fresh copy from a blob URL. Here the component's
JavaScript is `loader.js` (a few lines) which imports the same bundle from the installed
package's file, served by Streamlit's component file route (`/component/<name>/graph.js`):
one request per page, nothing per draw. The data, the state the browser writes back
(`selected`, `options`, `last_event`) and the frame (`stBidiComponentIsolated`) are those of
`display_widget`, so expanding on click and the fit companion (ui/graph_fit.py) are unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import streamlit as st
from neo4j_viz.streamlit import (
    _RECEIVE_KEYS,
    _SEND_KEYS,
    _component_height,
    _sync_persisted_to_widget,
    _sync_result_to_widget,
)
from neo4j_viz.widget import GraphWidget

COMPONENT = "attrib_graph"  # the v2 component drawn on the page
BUNDLE_FILE = "graph.js"  # neo4j-viz's Streamlit build (resources/streamlit_v2/)
_LOADER = Path(__file__).with_name("loader.js")


def bundle_dir() -> Path:
    """The installed neo4j-viz folder holding its Streamlit bundle."""
    return Path(str(files("neo4j_viz") / "resources" / "streamlit_v2"))


def serve_bundle() -> str:
    """Declare the bundle's folder as a (v1) component's files, which Streamlit serves at
    `/<base>/component/<name>/<file>`; returns that name. Idempotent; called on every draw,
    as the declaration is kept by the running Streamlit instance (a new one starts empty)."""
    from streamlit.components.v1 import declare_component

    return str(declare_component("neo4j_viz_bundle", path=str(bundle_dir())).name)


def bundle_url(name: str) -> str:
    """The bundle's address on this server (an absolute path: the loader runs from a blob)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/component/{name}/{BUNDLE_FILE}"


def loader_js(url: str) -> str:
    """The component's JavaScript: the loader with the bundle's address in it."""
    return _LOADER.read_text(encoding="utf-8").replace("__BUNDLE_PATH__", url)


@lru_cache(maxsize=1)
def _renderer(url: str) -> Any:
    from streamlit.components.v2 import component

    return component(COMPONENT, js=loader_js(url))


def display(widget: GraphWidget, *, key: str) -> None:
    """Draw `widget` under `key`, as `neo4j_viz.streamlit.display_widget` does (the browser's
    selection, options and last click synced back into `widget`), without the inline bundle."""
    url = bundle_url(serve_bundle())
    _sync_persisted_to_widget(widget, key)
    state = widget.get_state()
    result = _renderer(url)(
        key=key,
        data={trait: state[trait] for trait in _SEND_KEYS if trait in state},
        height=_component_height(state.get("height")),
        default=dict.fromkeys(_RECEIVE_KEYS),
        on_selected_change=lambda *_a, **_k: None,  # register `selected` as a state key
        on_options_change=lambda *_a, **_k: None,  # register `options` as a state key
        on_last_event_change=lambda *_a, **_k: None,  # register `last_event` as a state key
    )
    _sync_result_to_widget(widget, result)
