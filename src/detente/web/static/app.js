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

const CLASS_COLOURS = [
  "#2a9d8f", "#8ab17d", "#264653", "#e9c46a", "#a8dadc", "#457b9d",
  "#b5838d", "#f4a261", "#e76f51", "#c1121f", "#6a994e",
];

function eventChart(el, data, rows, title) {
  // stacked bars: events per period by typology class (the rest grey); line: coop balance (y2)
  const x = rows.map((r) => r.period);
  const traces = [];
  data.classes.forEach((c, i) => {
    const y = rows.map((r) => r["n_" + c]);
    if (y.some((v) => v)) {
      traces.push({ type: "bar", x, y, name: c.replaceAll("_", " "), marker: { color: CLASS_COLOURS[i % CLASS_COLOURS.length] } });
    }
  });
  const other = rows.map((r) => r.events - data.classes.reduce((s, c) => s + (r["n_" + c] || 0), 0));
  traces.push({ type: "bar", x, y: other, name: "other events", marker: { color: "#ccc" } });
  traces.push({
    type: "scatter", mode: "lines+markers", x, y: rows.map((r) => r.coop_balance), name: "coop balance",
    yaxis: "y2", line: { color: "#1d3557", width: 2 }, connectgaps: false,
  });
  const layout = {
    title: { text: title, font: { size: 13 } }, barmode: "stack", margin: { l: 45, r: 45, t: 30, b: 30 },
    xaxis: { type: "date" }, yaxis: { title: { text: "events" }, rangemode: "tozero" },
    yaxis2: { overlaying: "y", side: "right", range: [-1.05, 1.05], zeroline: false, showgrid: false },
    legend: { font: { size: 9 } }, showlegend: true,
  };
  return Plotly.newPlot(el, traces, layout, CONFIG);
}

async function drawEvents() {
  const data = pageData("events-data");
  if (!data) return;
  for (const el of document.querySelectorAll("#event-charts .chart")) {
    const d = el.dataset.direction;
    const rows = data.rows[d];
    const [from, to] = d === "a->b" ? [data.a, data.b] : [data.b, data.a];
    await eventChart(el, data, rows, `${from} → ${to}: events per ${data.unit}`);
    el.dataset.rendered = String(rows.length);
  }
}

async function drawDyad() {
  await drawTimelines(pageData().rows);
  await drawEvents();
}

window.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  const run = {
    map: drawMap,
    country: () => drawTimelines(pageData().rows),
    dyad: drawDyad,
    network: drawNetwork,
    compare: drawCompare,
  }[page];
  if (run) {
    run().catch((err) => showError(document.querySelector("main"), "Could not draw the chart: " + err.message));
  }
});
