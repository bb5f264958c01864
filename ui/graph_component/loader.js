// The graph's renderer (frontend/render.js), imported from a static URL once per page
// (ui/graph_component/__init__.py). RENDER_PATH is filled in by Python: a fixed path on this
// server, never data. The loader runs from a blob: URL, so the path is made absolute against
// the page's own origin.
const RENDER_URL = new URL("__RENDER_PATH__", window.location.origin).href;
let renderer = null;

export default async function (component) {
  renderer = renderer || import(RENDER_URL);
  const module = await renderer;
  return module.default(component);
}
