"""Fit the drawing to its frame when the frame is first shown.

Why: neo4j-viz's frontend zooms to fit once, when NVL's force layout settles. When that
happens while the frame has no size (a Streamlit tab not yet opened, as the Queries and Console
pages draw their graph in a "Graph" tab beside the table) or before the canvas has taken its
size, the fit is computed for a 0 x 0 frame and the graph stays off-view until "Zoom to fit" is
pressed. neo4j-viz 1.11.0 has no option to refit on resize (its `initial_zoom` is overridden by
that fit), so this tiny companion component watches the drawing's frame and presses the
drawing's own "Zoom to fit" button when the frame turns visible. (Not when a new drawing
arrives in a visible frame, an expanded node: NVL refits that itself, and the button would
zoom onto the node just clicked, as it fits the selection.) Nothing from the data reaches
this script: only the widget key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# The drawing is found by its Streamlit key class (`st-key-<key>`), its button by the label
# neo4j-viz gives it. Fits are pressed after the layout has had time to settle.
_JS = """
const WATCHERS = new WeakMap();
const DELAYS = [700, 2500];  // after the drawing's buttons exist: the layout settles

export default function (component) {
  const { data, parentElement } = component;
  const key = data && data.key;
  let w = WATCHERS.get(parentElement);
  if (w && w.key === key) return w.stop;
  if (w) w.stop();
  const timers = [];
  let observer = null, shown = false, tries = 0, frame = 0;
  const box = () => document.querySelector('.st-key-' + CSS.escape(key));
  const button = () => {
    const host = box() && box().querySelector('[data-testid=stBidiComponentIsolated]');
    const root = host && (host.shadowRoot || host);
    const found = root && root.querySelector('button[aria-label="Zoom to fit"]');
    return found && host.getBoundingClientRect().width > 0 ? found : null;
  };
  const schedule = (waited = 0) => {
    timers.splice(0).forEach(clearTimeout);
    if (!button()) {  // the renderer is still loading: look again shortly (20 s at most)
      if (waited < 20000) timers.push(setTimeout(() => schedule(waited + 250), 250));
      return;
    }
    const press = () => { const b = button(); if (b) b.click(); };
    DELAYS.forEach((ms) => timers.push(setTimeout(press, ms)));
  };
  const watch = () => {
    const el = box();
    if (!el) { if (++tries < 120) frame = requestAnimationFrame(watch); return; }
    observer = new ResizeObserver(() => {
      const visible = el.getBoundingClientRect().width > 0;
      if (visible && !shown) schedule();
      shown = visible;
    });
    observer.observe(el);
  };
  watch();
  const stop = () => {
    cancelAnimationFrame(frame);
    timers.splice(0).forEach(clearTimeout);
    if (observer) observer.disconnect();
    WATCHERS.delete(parentElement);
  };
  w = { key, stop };
  WATCHERS.set(parentElement, w);
  return stop;
}
"""


@lru_cache(maxsize=1)
def _component() -> Any:
    from streamlit.components.v2 import component

    return component("attrib_graph_fit", js=_JS)


def refit_when_shown(key: str) -> None:
    """Watch the drawing rendered under `key` and fit it whenever its frame turns visible."""
    _component()(key=f"{key}-fit", data={"key": key}, height=0)
