// detente dashboard: draws the charts of each page with plotly.js from the JSON the server embedded.
"use strict";

function pageData(id) {
  const el = document.getElementById(id || "page-data");
  return el ? JSON.parse(el.textContent) : null;
}

function showError(target, message) {
  const box = document.createElement("div");
  box.className = "error";
  box.setAttribute("role", "alert");
  box.textContent = message;
  target.replaceChildren(box);
}

const CONFIG = { displaylogo: false, responsive: true };

async function drawMap() {
  const data = pageData();
  const el = document.getElementById("map");
  let shapes;
  try {
    const res = await fetch("/api/shapes");
    shapes = await res.json();
    if (!res.ok) throw new Error(shapes.detail || res.statusText);
  } catch (err) {
    showError(el, "Country shapes unavailable: " + err.message);
    return;
  }
  const withValue = data.values.filter((v) => v.iso_n3 && v.value !== null);
  const base = {
    type: "choropleth", geojson: shapes, featureidkey: "id",
    locations: shapes.features.map((f) => f.id), z: shapes.features.map(() => 0),
    colorscale: [[0, "#e6e6e6"], [1, "#e6e6e6"]], showscale: false, hoverinfo: "skip",
    marker: { line: { color: "#fff", width: 0.4 } },
  };
  const trace = {
    type: "choropleth", geojson: shapes, featureidkey: "id",
    locations: withValue.map((v) => v.iso_n3), z: withValue.map((v) => v.value),
    text: withValue.map((v) => v.name), customdata: withValue.map((v) => v.code),
    colorscale: "Viridis", reversescale: true, colorbar: { title: { text: data.measure } },
    hovertemplate: "%{text}<br>" + data.measure + " = %{z}<extra>ccode %{customdata}</extra>",
    marker: { line: { color: "#fff", width: 0.4 } },
  };
  const layout = {
    margin: { l: 0, r: 0, t: 0, b: 0 },
    geo: { visible: false, projection: { type: "natural earth" }, lataxis: { range: [-58, 85] } },
  };
  // plotly.js asks for its own base map even when every layer is hidden: point it at the local
  // world-atlas file (served by /api/topojson/), never at a CDN.
  await Plotly.newPlot(el, [base, trace], layout, { ...CONFIG, topojsonURL: "/api/topojson/" });
  el.on("plotly_click", (ev) => {
    const p = ev.points && ev.points.find((q) => q.customdata !== undefined);
    if (p) window.location = "/country/" + p.customdata;
  });
  el.dataset.rendered = String(withValue.length);
}

function timeline(el, x, y, name, span) {
  const layout = {
    title: { text: name, font: { size: 13 } }, margin: { l: 50, r: 10, t: 30, b: 30 },
    xaxis: span ? { range: span } : {}, yaxis: { rangemode: "tozero" },
  };
  const flags = y.every((v) => v === null || v === 0 || v === 1);
  const line = { width: 2, shape: flags ? "hv" : "linear" };
  return Plotly.newPlot(el, [{ x, y, mode: "lines", name, line, connectgaps: false }], layout, CONFIG);
}

async function drawTimelines(rows) {
  const opts = pageData("page-options") || {};
  const charts = document.querySelectorAll("#timelines .chart");
  for (const el of charts) {
    const m = el.dataset.measure;
    await timeline(el, rows.map((r) => r.year), rows.map((r) => r[m]), m, opts.span);
    el.dataset.rendered = String(rows.filter((r) => r[m] !== null).length);
  }
}

async function drawNetwork() {
  const data = pageData();
  const opts = pageData("page-options") || {};
  const el = document.getElementById("network");
  const pos = new Map(data.nodes.map((n) => [n.ccode, n]));
  const chosen = data.alliances.find((a) => a.atopid === opts.alliance);
  const members = new Set(chosen ? chosen.members : []);
  const ex = [], ey = [], hx = [], hy = [];
  for (const e of data.edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    if (!a || !b) continue;
    const inside = members.has(e.source) && members.has(e.target);
    (inside ? hx : ex).push(a.x, b.x, null);
    (inside ? hy : ey).push(a.y, b.y, null);
  }
  const nodes = {
    type: "scatter", mode: "markers+text", x: data.nodes.map((n) => n.x), y: data.nodes.map((n) => n.y),
    text: data.nodes.map((n) => n.abb), textposition: "top center", textfont: { size: 9 },
    customdata: data.nodes.map((n) => n.ccode),
    hovertext: data.nodes.map((n) => `${n.name}: ${n.degree} allies, cinc ${n.cinc === null ? "–" : n.cinc.toFixed(4)}`),
    hoverinfo: "text",
    marker: {
      size: data.nodes.map((n) => 6 + Math.sqrt(n.degree) * 2),
      color: data.nodes.map((n) => (members.has(n.ccode) ? "#e63946" : n.degree ? "#457b9d" : "#bbb")),
      line: { color: "#fff", width: 1 },
    },
  };
  const traces = [
    { type: "scatter", mode: "lines", x: ex, y: ey, line: { color: "rgba(69,123,157,0.15)", width: 1 }, hoverinfo: "skip" },
    { type: "scatter", mode: "lines", x: hx, y: hy, line: { color: "rgba(230,57,70,0.6)", width: 1.5 }, hoverinfo: "skip" },
    nodes,
  ];
  const axis = { visible: false };
  await Plotly.newPlot(el, traces, { showlegend: false, margin: { l: 0, r: 0, t: 0, b: 0 }, xaxis: axis, yaxis: axis, hovermode: "closest" }, CONFIG);
  el.on("plotly_click", (ev) => {
    const p = ev.points && ev.points.find((q) => q.customdata !== undefined);
    if (p) window.location = "/country/" + p.customdata;
  });
  el.dataset.rendered = String(data.nodes.length);
}

async function drawCompare() {
  const data = pageData();
  const el = document.getElementById("compare");
  const traces = data.series.map((s) => ({
    x: s.points.map((p) => p.year), y: s.points.map((p) => p[data.measure]), mode: "lines", name: s.name,
  }));
  await Plotly.newPlot(el, traces, { margin: { l: 60, r: 10, t: 10, b: 30 }, yaxis: { title: { text: data.measure } } }, CONFIG);
  el.dataset.rendered = String(traces.length);
}

window.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  const run = {
    map: drawMap,
    country: () => drawTimelines(pageData().rows),
    dyad: () => drawTimelines(pageData().rows),
    network: drawNetwork,
    compare: drawCompare,
  }[page];
  if (run) {
    run().catch((err) => showError(document.querySelector("main"), "Could not draw the chart: " + err.message));
  }
});
