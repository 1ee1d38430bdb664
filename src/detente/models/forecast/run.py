"""One forecast run: build the panel, lag the features, fit on rolling origins, score out of sample.

:func:`forecast` returns a :class:`ForecastRun` holding every out-of-sample forecast (one row per
unit-year and split, with the models' and baselines' probabilities) and the report's numbers;
:mod:`.report` renders them as HTML and JSON, :meth:`ForecastRun.write` the forecasts as Parquet
with their provenance.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ... import __version__
from ...outputs import atomic_path, check_output
from ...panel import DYAD_YEAR, Panel
from ...systems import Years, get_system, parse_years
from ...universe import dyad_years, state_years
from ...warehouse import Warehouse
from . import features as F
from . import models as M
from . import scoring as S
from .splits import rolling_origin
from .targets import check_unit, get_target

SCORERS = (*M.MODELS, *M.BASELINES)


@dataclass
class ForecastRun:
    """Out-of-sample forecasts (``predictions``), their scores (``report``) and provenance."""

    predictions: pd.DataFrame
    report: dict[str, Any]
    metadata: dict[str, Any]

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the forecasts to Parquet (provenance in the ``detente`` key) or CSV, atomically."""
        out = check_output(path)
        table = pa.Table.from_pandas(self.predictions, preserve_index=False)
        with atomic_path(out) as tmp:
            if out.suffix.lower() == ".parquet":
                import pyarrow.parquet as pq

                meta = {**(table.schema.metadata or {}), b"detente": json.dumps(self.metadata).encode()}
                pq.write_table(table.replace_schema_metadata(meta), tmp, compression="zstd")
            else:
                self.predictions.to_csv(tmp, index=False)
        return out


def _panel(
    target_name: str, unit: str, directed: bool, relevant: bool, years: Any, system: str,
    lag: int, warehouse: Warehouse | None,
) -> tuple[Panel, tuple[int, int]]:  # fmt: skip
    """The panel spanning the target's years (and ``lag`` years after them for forecasts)."""
    target = get_target(target_name)
    sysm = get_system(system)
    lo, hi = parse_years(years, sysm)
    tlo, thi = target.years
    span = (max(lo, tlo), min(hi, thi + lag))
    parse_years(span, sysm)  # a clear error when the target's years miss the panel's
    if unit == DYAD_YEAR:
        panel = dyad_years(system, directed, span, relevant, warehouse=warehouse)
    else:
        panel = state_years(system, span, warehouse=warehouse)
    return panel, (span[0] + lag, min(thi, span[1]))


def _names(panel: Panel) -> dict[int, str]:
    sy = state_years(panel.system.name, panel.years, warehouse=panel.wh).relation()
    rows = panel.wh.con.sql(f"SELECT DISTINCT {panel.system.code}, stateabb FROM ({sy.sql_query()})")
    return dict(rows.fetchall())


def _score_split(
    test: pd.DataFrame,
    preds: dict[str, np.ndarray],
    clusters: np.ndarray,
    k: int,
    n_boot: int,
    seed: int,
) -> dict[str, Any]:
    y = test["y"].to_numpy(dtype=float)
    years = test["year"].to_numpy()
    scores = {name: S.score_all(y, preds[name], years, k) for name in SCORERS}
    diffs: dict[str, dict[str, Any]] = {}
    if 0 < y.sum() < len(y):
        for m in M.MODELS:
            diffs[m] = {
                b: S.difference_intervals(y, preds[m], preds[b], clusters, n_boot, seed)
                for b in M.BASELINES
            }
    beats = {
        m: (bool(scores[m]["aupr"] > scores["peace_years"]["aupr"]) if "aupr" in scores[m] else None)
        for m in M.MODELS
    }
    prevalence = float(y.mean()) if len(y) else None
    return {"n": int(len(y)), "positives": int(y.sum()), "prevalence": prevalence,
            "scores": scores, "differences": diffs, "beats_peace_years_aupr": beats}  # fmt: skip


def forecast(
    target: str = "gmlmid",
    unit: str = "dyad-years",
    *,
    directed: bool = False,
    relevant: bool = True,
    years: Years = None,
    system: str = "cow",
    groups: Sequence[str] | None = None,
    lag: int = 1,
    duration: str = "cubic",
    first_test: int | None = None,
    horizon: int = 10,
    k: int = 10,
    n_boot: int = 200,
    seed: int = 0,
    warehouse: Warehouse | None = None,
) -> ForecastRun:
    """Forecast onsets out of sample on rolling origins and score models against the baselines.

    ``target``: gmlmid, cowmid, icb or ucdp; ``unit``: dyad-years (``directed``, ``relevant``)
    or state-years; ``groups``: feature groups (:mod:`.features`, default all); every feature
    is lagged ``lag`` years; ``duration`` ("cubic" or "splines") picks the peace-year terms of
    the features and of the peace-years baseline. Test windows of ``horizon`` years start at
    ``first_test`` (default
    :func:`.splits.default_first_test`); precision is read at the top ``k`` per year; intervals
    for differences come from ``n_boot`` cluster-bootstrap replicates (dyads or states) seeded
    with ``seed``. Forecasts for the years after the event data (``split = "future"``) come from
    a model fit on every target year.

    >>> run = forecast("gmlmid", years=(1946, 2011), first_test=2001, n_boot=20)  # doctest: +SKIP
    """
    tgt = get_target(target)
    unit = check_unit(unit)
    chosen = F.check_groups(groups, unit)
    F.check_duration(duration)
    panel, (first, last) = _panel(target, unit, directed, relevant, years, system, lag, warehouse)
    panel = F.add_steps(panel, tgt, chosen)
    frame = F.lagged_frame(panel, tgt, lag)
    cols = F.feature_columns(chosen, unit, duration)
    peace = F.PEACE[duration]
    keys = list(panel.codes)
    splits = rolling_origin(first, last, first_test, horizon)
    dyad = unit == DYAD_YEAR
    labelled = frame[frame["y"].notna() & frame["year"].between(first, last)]
    clusters_all = _clusters(labelled, keys)
    parts, split_reports = [], []
    for i, sp in enumerate(splits):
        train = labelled[labelled["year"].between(*sp.train)]
        in_test = labelled["year"].between(*sp.test).to_numpy()
        test = labelled[in_test]
        preds = M.predict_all(train, test, cols, dyad, peace)
        rep = _score_split(test, preds, clusters_all[in_test], k, n_boot, seed + i)
        split_reports.append({"label": sp.label, "train": list(sp.train), "test": list(sp.test), **rep})
        parts.append(_rows(test, keys, sp.label, preds))
    oos = pd.concat(parts, ignore_index=True)
    pooled = _score_split(oos, {n: oos[f"p_{n}"].to_numpy() for n in SCORERS}, _clusters(oos, keys),
                          k, n_boot, seed)  # fmt: skip
    future = frame[frame["year"] > last]
    if len(future):
        preds = M.predict_all(labelled, future, cols, dyad, peace)
        oos = pd.concat([oos, _rows(future, keys, "future", preds)], ignore_index=True)
    names = _names(panel)
    metadata = {
        "detente_version": __version__,
        "panel": panel.metadata(),
        "forecast": {
            "target": tgt.name, "target_label": tgt.label, "unit": unit, "directed": panel.directed,
            "relevant": relevant if dyad else None, "lag": lag, "duration": duration,
            "feature_groups": chosen,
            "features": cols, "splits": [[list(s.train), list(s.test)] for s in splits],
            "horizon": horizon, "first_test": splits[0].test[0], "k": k, "n_boot": n_boot,
            "seed": seed, "models": M.settings(), "target_years": [first, last],
        },
    }  # fmt: skip
    report = _report(metadata, split_reports, pooled, oos, keys, names, panel)
    return ForecastRun(oos, report, metadata)


def _clusters(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Bootstrap units: the state, or the dyad whichever its direction ((a, b) and (b, a) together)."""
    if len(keys) == 1:
        return frame[keys[0]].to_numpy()
    a, b = frame[keys[0]].to_numpy(), frame[keys[1]].to_numpy()
    return np.minimum(a, b) * 10_000 + np.maximum(a, b)


def _rows(test: pd.DataFrame, keys: list[str], label: str, preds: dict[str, np.ndarray]) -> pd.DataFrame:
    out = test[[*keys, "year", "y"]].copy()
    out.insert(len(keys) + 1, "split", label)
    for name in SCORERS:
        out[f"p_{name}"] = preds[name]
    return out


def _verdicts(split_reports: list[dict[str, Any]]) -> list[str]:
    lines = []
    for s in split_reports:
        sc = s["scores"]
        if "aupr" not in sc["peace_years"]:
            lines.append(f"{s['label']}: no onsets in the test years, nothing to score.")
            continue
        py = sc["peace_years"]["aupr"]
        for m in M.MODELS:
            verb = "beats" if s["beats_peace_years_aupr"][m] else "does NOT beat"
            lines.append(f"{s['label']}: {m} {verb} the peace-years baseline on AUPR "
                         f"({sc[m]['aupr']:.3f} vs {py:.3f}).")  # fmt: skip
    return lines


def _report(
    metadata: dict[str, Any], split_reports: list[dict[str, Any]], pooled: dict[str, Any],
    oos: pd.DataFrame, keys: list[str], names: dict[int, str], panel: Panel,
) -> dict[str, Any]:  # fmt: skip
    f = metadata["forecast"]
    scored = oos[oos["split"] != "future"]
    n, pos = len(scored), int(scored["y"].sum())
    kind = "dyad-years" if f["unit"] == DYAD_YEAR else "state-years"
    if f["unit"] == DYAD_YEAR:
        kind = (
            ("directed " if f["directed"] else "undirected ")
            + ("politically relevant " if f["relevant"] else "")
            + kind
        )
    rarity = (
        (
            f"Positives are rare: {pos:,} onsets in {n:,} out-of-sample {kind} ({pos / n:.2%}). "
            "With events this rare, accuracy is meaningless (predicting 'no onset' everywhere is "
            f"{1 - pos / n:.2%} accurate); read AUPR against the base rate ({pos / n:.4f}), the "
            "precision among the top-ranked cases per year, and the calibration."
        )
        if n
        else "No out-of-sample cases."
    )
    last_label = "future" if (oos["split"] == "future").any() else split_reports[-1]["label"]
    top = oos[oos["split"] == last_label]
    top_year = int(top["year"].min()) if len(top) else None
    top = top[top["year"] == top_year].nlargest(50, "p_gbm") if len(top) else top
    ranked = [
        {**{kk: int(r[kk]) for kk in keys},
         **{"name" + (kk[-1] if len(keys) > 1 else ""): names.get(int(r[kk]), "") for kk in keys},
         **{"code" + (kk[-1] if len(keys) > 1 else ""): int(r[kk]) for kk in keys},
         "year": int(r["year"]), "p_gbm": float(r["p_gbm"]), "p_logit": float(r["p_logit"]),
         "p_peace_years": float(r["p_peace_years"]),
         "y": None if pd.isna(r["y"]) else int(r["y"])}
        for _, r in top.iterrows()
    ]  # fmt: skip
    return {
        "title": f"Out-of-sample forecasts of {f['target_label']} on {kind}",
        "kind": kind,
        "rarity": rarity,
        "out_of_sample": {"n": n, "positives": pos, "prevalence": pos / n if n else None},
        "verdicts": _verdicts(split_reports),
        "splits": split_reports,
        "pooled": pooled,
        "top": {"year": top_year, "split": last_label, "rows": ranked},
        "sources": metadata["panel"]["sources"],
        "metadata": metadata,
        "citation": panel.cite(),
    }
