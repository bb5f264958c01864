// The neo4j-viz renderer, imported from a static URL once per page (ui/graph_component/__init__.py).
// BUNDLE_PATH is filled in by Python: a fixed path on this server, never data. The loader runs
// from a blob: URL, so the path is made absolute against the page's own origin.
const BUNDLE_URL = new URL("__BUNDLE_PATH__", window.location.origin).href;
let bundle = null;

export default async function (component) {
  bundle = bundle || import(BUNDLE_URL);
  const renderer = await bundle;
  return renderer.default(component);
}
