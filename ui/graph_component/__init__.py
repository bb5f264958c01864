"""The graph's browser side: our renderer over Cytoscape.js, loaded from a static URL once per page.

What the browser runs is ours or MIT: `frontend/render.js` (this project's renderer) and
`frontend/vendor/` (Cytoscape.js and the fCoSE layout exactly as published on npm, with their
licences and SHA256SUMS; `make vendor-js` re-fetches and checks them). The drawing is a
Streamlit components-v2 component whose JavaScript is `loader.js` (a few lines): it imports
`render.js` from Streamlit's component file route (`/component/<name>/render.js`), which loads
the vendored files beside it, so nothing of the renderer goes through the session's websocket
with a draw: only the data does. The browser writes one state back, `last_event` (the last
click: node, link or background), read with `ui.graph.last_event`.
Why the choice of Cytoscape.js and fCoSE, with figures: docs/graph-component.md.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st

COMPONENT = "attrib_graph"  # the v2 component drawn on the page
FRONTEND = Path(__file__).with_name("frontend")  # served as static files
RENDER_FILE = "render.js"
_LOADER = Path(__file__).with_name("loader.js")


def serve_frontend() -> str:
    """Declare `frontend/` as a (v1) component's files, which Streamlit serves at
    `/<base>/component/<name>/<file>`; returns that name. Idempotent; called on every draw,
    as the declaration is kept by the running Streamlit instance (a new one starts empty).
    Only the file route is used: nothing is drawn through the v1 API."""
    from streamlit.components.v1 import declare_component

    return str(declare_component("graph_frontend", path=str(FRONTEND)).name)


def render_url(name: str) -> str:
    """The renderer's address on this server (an absolute path: the loader runs from a blob)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/component/{name}/{RENDER_FILE}"


def loader_js(url: str) -> str:
    """The component's JavaScript: the loader with the renderer's address in it."""
    return _LOADER.read_text(encoding="utf-8").replace("__RENDER_PATH__", url)


@lru_cache(maxsize=1)
def _renderer(url: str) -> Any:
    from streamlit.components.v2 import component

    return component(COMPONENT, js=loader_js(url))


def display(payload: dict[str, Any], *, key: str, height: int) -> dict[str, Any] | None:
    """Draw `payload` (ui.graph.to_payload: styled nodes, links, legend) under `key`;
    returns the last click the browser reported for this drawing, or None.

    Example:
        event = graph_component.display(graph.to_payload(spec), key="g", height=520)
    """
    url = render_url(serve_frontend())
    result = _renderer(url)(
        key=key,
        data={**payload, "key": key, "height": height},
        default={"last_event": None},
        on_last_event_change=lambda *_a, **_k: None,  # register `last_event` as a state key
    )
    event = result.get("last_event") if result is not None else None
    return event if isinstance(event, dict) else None
