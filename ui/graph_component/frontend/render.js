// The explorer's graph, drawn with Cytoscape.js (MIT) and the fCoSE layout (MIT), both vendored
// in ./vendor/ (see SHA256SUMS and `make vendor-js`). Imported once per page by the component's
// loader (ui/graph_component/__init__.py); Python sends only the data of each drawing.
//
// What it does:
// - draws the nodes and links Python styled (ui/graph.py: colour, size, width, dashes, captions);
// - keeps one Cytoscape instance per drawing: new data (an expanded node's neighbours) is added
//   in place, the nodes already drawn keep their positions, the new ones start beside the node
//   they hang from and the layout refines from there;
// - reports a click (node, link or background) as the component's `last_event` state;
// - fits the drawing to its frame when the frame gets a size (a tab opened later);
// - draws the legend from the fixed list Python sends (every kind, always, in the same order;
//   what is not on this drawing is faded), so a kind keeps its colour and place whatever the
//   filter.
// Data (names, captions) is only ever given to Cytoscape as text or set as `textContent`.

const VENDOR = ["cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js"];
const BIG = 800; // nodes from which the layout is not animated and labels wait for a zoom in

const FIT_ZOOM = 1.4; // the most a fit zooms in
let ready = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = src;
    tag.async = false;
    tag.onload = resolve;
    tag.onerror = () => reject(new Error("could not load " + src));
    document.head.appendChild(tag);
  });
}

// The vendored files are UMD builds: loaded as classic scripts, in order, once per page.
function vendor() {
  if (!ready) {
    ready = (async () => {
      if (!window.cytoscape) {
        for (const file of VENDOR) await loadScript(new URL("vendor/" + file, import.meta.url).href);
      }
      window.cytoscape.use(window.cytoscapeFcose);
      return window.cytoscape;
    })();
  }
  return ready;
}

const STYLE = [
  {
    selector: "node",
    style: {
      "background-color": "data(colour)",
      width: "data(size)",
      height: "data(size)",
      shape: "data(shape)",
      label: "data(caption)",
      "font-size": 11,
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-wrap": "ellipsis",
      "text-max-width": 140,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.7,
      "min-zoomed-font-size": 6,
      "border-width": 1,
      "border-color": "#ffffff",
    },
  },
  { selector: "node[?focus]", style: { "border-width": 4, "border-color": "#222222" } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#f5b800" } },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "line-color": "data(colour)",
      "target-arrow-color": "data(colour)",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.8,
      "curve-style": "bezier",
      label: "data(caption)",
      "font-size": 9,
      color: "#333333",
      "text-rotation": "autorotate",
      "text-margin-y": -7, // above its line, so a dashed line stays visible under its caption
      "min-zoomed-font-size": 7,
    },
  },
  { selector: "edge[?dashed]", style: { "line-style": "dashed", "line-dash-pattern": [7, 4] } },
  { selector: "edge:selected", style: { "underlay-color": "#f5b800", "underlay-opacity": 0.5, "underlay-padding": 4 } },
];

const DRAWINGS = new WeakMap(); // the component's element -> its drawing

function elements(data) {
  const nodes = (data.nodes || []).map((n) => ({ group: "nodes", data: n }));
  const edges = (data.edges || []).map((e) => ({ group: "edges", data: e }));
  return nodes.concat(edges);
}

// Each finished layout is counted on the frame (`data-layouts`): tests wait for it.
// `fixed`: the nodes already drawn, which stay where they are (only the new ones move).
function layout(cy, { fresh, fixed }, root) {
  const big = cy.nodes().length >= BIG;
  const pinned = fixed && fixed.length
    ? { fixedNodeConstraint: fixed.map((n) => ({ nodeId: n.id(), position: { ...n.position() } })) }
    : {};
  const run = cy.layout({
    ...pinned,
    name: "fcose",
    quality: big ? "draft" : "default",
    randomize: fresh,
    animate: !big && !fresh,
    animationDuration: 400,
    fit: true,
    padding: 30,
    nodeDimensionsIncludeLabels: !big,
    idealEdgeLength: 110,
    nodeRepulsion: 6000,
  });
  run.one("layoutstop", () => {
    if (cy.zoom() > FIT_ZOOM) { cy.zoom(FIT_ZOOM); cy.center(); } // a few nodes: not blown up
    root.dataset.layouts = String(Number(root.dataset.layouts || 0) + 1);
  });
  run.run();
}

// New data for a drawing: what left goes, what came is added beside what it hangs from.
function update(cy, data, clicked, root) {
  const incoming = elements(data);
  const keep = new Set(incoming.map((e) => e.data.id));
  cy.elements().filter((el) => !keep.has(el.id())).remove();
  const added = [];
  for (const el of incoming) {
    const old = cy.getElementById(el.data.id);
    if (old.nonempty()) old.data(el.data);
    else added.push(el);
  }
  if (!added.length) return false;
  const before = cy.nodes().length;
  const kept = cy.nodes().toArray();
  const placed = cy.add(added);
  const fresh = before === 0 || placed.nodes().length > 2 * before;
  if (!fresh) {
    placed.nodes().forEach((n) => {
      const anchor = n.neighborhood("node").difference(placed).first();
      const from = clicked && cy.getElementById(clicked).nonempty() ? cy.getElementById(clicked) : anchor;
      const at = from && from.nonempty() ? from.position() : { x: 0, y: 0 };
      n.position({ x: at.x + (Math.random() - 0.5) * 120, y: at.y + (Math.random() - 0.5) * 120 });
    });
  }
  layout(cy, { fresh, fixed: fresh ? [] : kept }, root);
  return true;
}

function legend(box, data) {
  box.replaceChildren();
  for (const item of data.legend || []) {
    const chip = document.createElement("span");
    chip.className = "chip" + (item.drawn ? "" : " absent");
    chip.title = item.drawn ? "on this drawing" : "not on this drawing";
    const mark = document.createElement("span");
    mark.className = item.line ? "line" : "dot";
    if (item.line) {
      mark.style.borderTop = `${Math.max(2, item.width)}px ${item.dashed ? "dashed" : "solid"} ${item.colour}`;
    } else {
      mark.style.background = item.colour;
    }
    const word = document.createElement("span");
    word.textContent = item.text;
    chip.append(mark, word);
    box.appendChild(chip);
  }
}

const CSS = `
.attrib-graph { position: relative; font-family: sans-serif; }
.attrib-graph .canvas { width: 100%; border: 1px solid #e6e6e6; border-radius: 6px; background: #ffffff; }
.attrib-graph .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 6px 2px 0; font-size: 12px; color: #31333f; }
.attrib-graph .chip { display: inline-flex; align-items: center; gap: 5px; }
.attrib-graph .chip.absent { opacity: 0.35; }
.attrib-graph .dot { width: 11px; height: 11px; border-radius: 50%; display: inline-block; }
.attrib-graph .line { width: 22px; height: 0; display: inline-block; }
.attrib-graph .fit { position: absolute; top: 8px; right: 8px; font-size: 12px; padding: 2px 8px;
  border: 1px solid #ccc; border-radius: 4px; background: #fff; cursor: pointer; }
.attrib-graph .tip { position: absolute; pointer-events: none; background: rgba(30,30,30,.85); color: #fff;
  font-size: 12px; padding: 3px 6px; border-radius: 4px; max-width: 360px; display: none; }
`;

function frame(parentElement, height) {
  const root = document.createElement("div");
  root.className = "attrib-graph";
  root.setAttribute("data-testid", "attrib-graph");
  const style = document.createElement("style");
  style.textContent = CSS;
  const canvas = document.createElement("div");
  canvas.className = "canvas";
  canvas.style.height = `${height}px`;
  const fit = document.createElement("button");
  fit.className = "fit";
  fit.type = "button";
  fit.textContent = "Fit";
  fit.setAttribute("aria-label", "Zoom to fit");
  const tip = document.createElement("div");
  tip.className = "tip";
  const box = document.createElement("div");
  box.className = "legend";
  root.append(style, canvas, fit, tip, box);
  parentElement.replaceChildren(root);
  return { root, canvas, fit, tip, box };
}

export default async function (component) {
  const { data, parentElement, setStateValue } = component;
  if (!data) return;
  const cytoscape = await vendor();
  let d = DRAWINGS.get(parentElement);
  if (!d || !d.root.isConnected || d.key !== data.key) {
    if (d) d.stop();
    const parts = frame(parentElement, data.height || 520);
    const cy = cytoscape({
      container: parts.canvas,
      style: STYLE,
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
      textureOnViewport: (data.nodes || []).length >= BIG,
      hideEdgesOnViewport: (data.nodes || []).length >= BIG,
    });
    d = { ...parts, cy, key: data.key, clicked: null, shown: false, count: 0 };
    parts.root.cy = cy; // the drawing, for the browser tests to read what is drawn
    const report = (event) => {
      d.count += 1;
      setStateValue("last_event", { ...event, n: d.count, at: Date.now() });
    };
    cy.on("tap", "node", (ev) => {
      d.clicked = ev.target.id();
      report({ type: "node_click", id: ev.target.id() });
    });
    cy.on("tap", "edge", (ev) => {
      // An edge's end and arrow lie on its node's disc: a tap there is meant for the node.
      const p = ev.position;
      const under = cy.nodes().filter((n) => {
        const b = n.boundingBox({ includeLabels: false });
        return p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;
      });
      if (under.nonempty()) {
        d.clicked = under.last().id();
        under.last().select();
        report({ type: "node_click", id: under.last().id() });
      } else {
        report({ type: "edge_click", id: ev.target.id() });
      }
    });
    cy.on("tap", (ev) => { if (ev.target === cy) report({ type: "background_click" }); });
    cy.on("mouseover", "node, edge", (ev) => {
      const text = ev.target.data("tip") || ev.target.data("caption");
      if (!text) return;
      d.tip.textContent = text;
      const p = ev.renderedPosition || { x: 0, y: 0 };
      d.tip.style.left = `${p.x + 12}px`;
      d.tip.style.top = `${p.y + 12}px`;
      d.tip.style.display = "block";
    });
    cy.on("mouseout", "node, edge", () => { d.tip.style.display = "none"; });
    parts.fit.onclick = () => cy.fit(undefined, 30);
    // A drawing made while its frame had no size (a hidden tab) is fitted when it is shown.
    const observer = new ResizeObserver(() => {
      const visible = parts.canvas.getBoundingClientRect().width > 0;
      if (visible) {
        cy.resize();
        if (!d.shown) cy.fit(undefined, 30);
      }
      d.shown = visible;
    });
    observer.observe(parts.canvas);
    d.stop = () => { observer.disconnect(); cy.destroy(); };
    DRAWINGS.set(parentElement, d);
  }
  d.canvas.style.height = `${data.height || 520}px`;
  if (data.signature !== d.signature) {
    d.signature = data.signature;
    update(d.cy, data, d.clicked, d.root);
  }
  legend(d.box, data);
  const drawing = d;
  // Called before the next data or when the element goes: the drawing stays unless its
  // element has left the page.
  return () => setTimeout(() => { if (!drawing.root.isConnected) { drawing.stop(); DRAWINGS.delete(parentElement); } }, 0);
}
