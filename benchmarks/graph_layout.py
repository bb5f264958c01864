"""How fast Cytoscape.js lays out and redraws graphs of 1,000 to 5,000 nodes in Chromium.

Why: choosing the graph component (docs/graph-component.md). The candidates all draw with
Cytoscape.js; what differs is the layout they run (`cose`, the built-in force layout that
st-link-analysis and streamlit-cytoscape default to, or `fcose`, the MIT extension our
component vendors, at its default quality or as a `draft`: its spectral placement alone)
and how the drawing reaches the page. This measures the layouts on the
vendored files (ui/graph_component/frontend/vendor/) in Debian's headless Chromium, on a seeded
scale-free graph (preferential attachment, about 1.5 links per node, as a neighbourhood with
hubs), and the time of one redraw after a zoom (what a user feels when panning).

Run: `.venv/bin/python -m benchmarks.graph_layout [--sizes 1000,2000,5000]`; it prints a
Markdown table (the figures in docs/graph-component.md come from it).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

VENDOR = Path(__file__).resolve().parent.parent / "ui" / "graph_component" / "frontend" / "vendor"
SCRIPTS = ("cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# One run in the page: build the graph, lay it out, then time one zoom's redraw.
_RUN = """
async ([n, layout]) => {
  cytoscape.use(cytoscapeFcose);
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const els = [], ends = [];
  for (let i = 0; i < n; i++) {
    els.push({ data: { id: 'n' + i, label: 'Node ' + i } });
    const links = i === 0 ? 0 : (rand() < 0.5 ? 1 : 2);
    for (let k = 0; k < links; k++) {
      const j = ends.length ? ends[Math.floor(rand() * ends.length)] : 0;
      els.push({ data: { id: 'e' + i + '-' + k, source: 'n' + i, target: 'n' + j } });
      ends.push(i, j);
    }
  }
  const box = document.getElementById('cy');
  box.innerHTML = '';
  const t0 = performance.now();
  const cy = cytoscape({ container: box, elements: els, style: [
    { selector: 'node', style: { label: 'data(label)', 'font-size': 8, width: 12, height: 12 } },
    { selector: 'edge', style: { width: 1, 'curve-style': 'haystack' } },
  ] });
  const options = {
    'fcose': { name: 'fcose', quality: 'default', animate: false, randomize: true },
    'fcose-draft': { name: 'fcose', quality: 'draft', animate: false, randomize: true },
    'cose': { name: 'cose', animate: false, randomize: true },
  }[layout];
  await new Promise((done) => {
    const l = cy.layout(options);
    l.one('layoutstop', done);
    l.run();
  });
  await new Promise(requestAnimationFrame);
  const laid = performance.now() - t0;
  const t1 = performance.now();
  cy.zoom({ level: cy.zoom() * 1.5, renderedPosition: { x: 400, y: 300 } });
  await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
  const redraw = performance.now() - t1;
  const edges = cy.edges().length;
  cy.destroy();
  return { nodes: n, edges, layout, laid_ms: Math.round(laid), redraw_ms: Math.round(redraw) };
}
"""


def measure(sizes: list[int], layouts: list[str]) -> list[dict[str, Any]]:
    """Each (size, layout) once, in a fresh page of one browser."""
    out: list[dict[str, Any]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in sizes:
            for layout in layouts:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.set_content("<div id='cy' style='width:1200px;height:700px'></div>")
                for name in SCRIPTS:
                    page.add_script_tag(path=str(VENDOR / name))
                page.set_default_timeout(600_000)
                out.append(page.evaluate(_RUN, [n, layout]))
                print(json.dumps(out[-1]), flush=True)
                page.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,5000")
    parser.add_argument("--layouts", default="fcose-draft,fcose,cose")
    args = parser.parse_args()
    rows = measure([int(s) for s in args.sizes.split(",")], args.layouts.split(","))
    print("\n| nodes | links | layout | laid out and drawn (ms) | one zoom redrawn (ms) |")
    print("|---:|---:|---|---:|---:|")
    for r in rows:
        print(
            f"| {r['nodes']:,} | {r['edges']:,} | {r['layout']} | {r['laid_ms']:,} "
            f"| {r['redraw_ms']:,} |"
        )


if __name__ == "__main__":
    main()
