"""The forecast report: the numbers as JSON and a self-contained HTML page with inline SVG plots.

No plotting library is needed: the two figures (AUPR per split, calibration of the pooled
out-of-sample forecasts) are drawn as SVG here, so the page works offline and can be cited.
"""

from __future__ import annotations

import html
import json
import math
import os
import string
from pathlib import Path
from typing import Any

from ..._json import finite
from ...errors import InputError
from ...outputs import write_text

COLOURS = {"logit": "#1f77b4", "gbm": "#d62728", "base_rate": "#7f7f7f", "peace_years": "#2ca02c",
           "previous_year": "#9467bd", "capability_ratio": "#ff7f0e"}  # fmt: skip
SCORE_LABELS = (("aupr", "AUPR"), ("roc_auc", "ROC-AUC"), ("brier", "Brier"),
                ("reliability", "reliability"), ("resolution", "resolution"),
                ("uncertainty", "uncertainty"), ("log_loss", "log loss"),
                ("precision_at_k", "precision@k/year"))  # fmt: skip


def _fmt(v: Any, digits: int = 4) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{v:.{digits}f}" if isinstance(v, float) else html.escape(str(v))


def _svg_lines(series: dict[str, list[float | None]], labels: list[str], title: str) -> str:
    """A line chart: one line per series over the labelled x positions."""
    w, h, pad = 640, 300, 48
    values = [v for s in series.values() for v in s if v is not None]
    top = max(values) * 1.1 if values else 1.0
    n = max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad + i * (w - 2 * pad) / n, h - pad - v / top * (h - 2 * pad)

    parts = [f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{title}">',
             f'<text x="{w / 2}" y="16" text-anchor="middle" font-size="13">{html.escape(title)}</text>',
             f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#333"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="#333"/>']  # fmt: skip
    for frac in (0, 0.5, 1):
        _, y = xy(0, top * frac)
        parts.append(
            f'<text x="{pad - 4}" y="{y + 4}" text-anchor="end" font-size="10">{top * frac:.2f}</text>'
        )
    for i, lab in enumerate(labels):
        x, _ = xy(i, 0)
        parts.append(
            f'<text x="{x}" y="{h - pad + 14}" text-anchor="middle" font-size="10">'
            f"{html.escape(lab)}</text>"
        )
    for j, (name, vals) in enumerate(series.items()):
        pts = [xy(i, v) for i, v in enumerate(vals) if v is not None]
        colour = COLOURS.get(name, "#000")
        if pts:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        parts.append(
            f'<text x="{w - pad - 116}" y="{pad + 12 * j}" font-size="10" fill="{colour}">{name}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _svg_calibration(curves: dict[str, list[dict[str, float]]]) -> str:
    """Observed rate against mean forecast per bin, with the diagonal."""
    w, h, pad = 420, 420, 48
    pts = [(c["forecast"], c["observed"]) for cs in curves.values() for c in cs]
    top = max(max(x, y) for x, y in pts) * 1.05 if pts else 1.0

    def xy(f: float, o: float) -> tuple[float, float]:
        return pad + f / top * (w - 2 * pad), h - pad - o / top * (h - 2 * pad)

    x0, y0 = xy(0, 0)
    x1, y1 = xy(top, top)
    parts = [f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="calibration">',
             f'<text x="{w / 2}" y="16" text-anchor="middle" font-size="13">'
             "Calibration (pooled out of sample)</text>",
             f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" stroke="#bbb" stroke-dasharray="4"/>',
             f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#333"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="#333"/>',
             f'<text x="{w / 2}" y="{h - 10}" text-anchor="middle" font-size="11">'
             f"mean forecast (max {top:.2f})</text>",
             f'<text x="12" y="{h / 2}" font-size="11" transform="rotate(-90 12 {h / 2})">'
             "observed rate</text>"]  # fmt: skip
    for j, (name, cs) in enumerate(curves.items()):
        colour = COLOURS.get(name, "#000")
        path = " ".join("{:.1f},{:.1f}".format(*xy(c["forecast"], c["observed"])) for c in cs)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        parts += [
            f'<circle cx="{xy(c["forecast"], c["observed"])[0]:.1f}" '
            f'cy="{xy(c["forecast"], c["observed"])[1]:.1f}" r="3" fill="{colour}"/>'
            for c in cs
        ]
        parts.append(
            f'<text x="{pad + 8}" y="{pad + 12 * j}" font-size="10" fill="{colour}">{name}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _score_table(scores: dict[str, dict[str, Any]]) -> str:
    head = "".join(f"<th>{lab}</th>" for _, lab in SCORE_LABELS)
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th>"
        + "".join(f"<td>{_fmt(s.get(key))}</td>" for key, _ in SCORE_LABELS)
        + "</tr>"
        for name, s in scores.items()
    )
    return f"<table><tr><th>forecast</th>{head}</tr>{rows}</table>"


def _diff_table(diffs: dict[str, dict[str, dict[str, dict[str, float]]]]) -> str:
    rows = []
    for model, by_base in diffs.items():
        for base, d in by_base.items():
            cells = "".join(
                f"<td>{_fmt(d[s]['difference'])} [{_fmt(d[s]['low'])}, {_fmt(d[s]['high'])}]</td>"
                for s in ("aupr", "roc_auc", "brier", "log_loss")
            )
            rows.append(f"<tr><th>{model} − {base}</th>{cells}</tr>")
    return ("<table><tr><th>difference</th><th>AUPR</th><th>ROC-AUC</th><th>Brier</th>"
            f"<th>log loss</th></tr>{''.join(rows)}</table>")  # fmt: skip


def render_html(report: dict[str, Any]) -> str:
    """The report as one self-contained HTML page."""
    f = report["metadata"]["forecast"]
    splits = report["splits"]
    names = list(report["pooled"]["scores"])
    aupr = {n: [s["scores"][n].get("aupr") for s in splits] for n in names}
    curves = {
        n: report["pooled"]["scores"][n].get("calibration", []) for n in ("logit", "gbm", "peace_years")
    }
    verdicts = "".join(f"<li>{html.escape(v)}</li>" for v in report["verdicts"])
    split_html = "".join(
        f"<h3>Test years {s['label']} (trained on {s['train'][0]}-{s['train'][1]}): "
        f"{s['positives']:,} onsets in {s['n']:,} cases</h3>{_score_table(s['scores'])}"
        f"<details><summary>differences from the baselines (95% cluster-bootstrap intervals)</summary>"
        f"{_diff_table(s['differences'])}</details>"
        for s in splits
    )
    top = report["top"]
    key_cols = [
        c for c in (top["rows"][0] if top["rows"] else {}) if c.startswith(("ccode", "gwcode", "name"))
    ]
    top_rows = "".join(
        "<tr>"
        + "".join(f"<td>{_fmt(r[c])}</td>" for c in key_cols)
        + f"<td>{_fmt(r['p_gbm'])}</td><td>{_fmt(r['p_logit'])}</td><td>{_fmt(r['p_peace_years'])}</td>"
        f"<td>{_fmt(r['y'])}</td></tr>"
        for r in top["rows"]
    )
    sources = ", ".join(f"{s['id']} {s['version']}" for s in report["sources"])
    pooled = report["pooled"]
    head = "".join(f"<th>{c}</th>" for c in key_cols)
    top_table = (
        f"<table><tr>{head}<th>gbm</th><th>logit</th><th>peace years</th><th>onset</th></tr>"
        f"{top_rows}</table>"
    )
    page = string.Template((Path(__file__).parent / "report.html").read_text(encoding="utf-8"))
    return page.substitute(
        title=html.escape(report["title"]),
        rarity=html.escape(report["rarity"]),
        target=html.escape(f["target_label"]),
        lag=f["lag"],
        features=html.escape(", ".join(f["features"])),
        horizon=f["horizon"],
        first_test=f["first_test"],
        seed=f["seed"],
        sources=html.escape(sources),
        verdicts=verdicts,
        aupr_plot=_svg_lines(aupr, [s["label"] for s in splits], "AUPR by test window"),
        calibration_plot=_svg_calibration(curves),
        pooled_positives=f"{pooled['positives']:,}",
        pooled_n=f"{pooled['n']:,}",
        pooled_scores=_score_table(pooled["scores"]),
        k=f["k"],
        n_boot=f["n_boot"],
        pooled_differences=_diff_table(pooled["differences"]),
        splits=split_html,
        top_year=top["year"],
        top_split=html.escape(top["split"]),
        top_table=top_table,
        citation=html.escape(report["citation"]),
        version=html.escape(report["metadata"]["detente_version"]),
    )


def write_report(report: dict[str, Any], path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write ``path`` (.html) and the same numbers as JSON beside it (``.json``)."""
    out = Path(path)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"output {str(out)!r}: the report is HTML; name it .html (JSON goes beside it)")
    js = out.with_suffix(".json")
    write_text(js, json.dumps(finite(report), indent=1, default=_json_default, allow_nan=False))
    write_text(out, render_html(report))
    return out, js


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
