"""``detente forecast``: out-of-sample onset forecasts and their report (a thin face over
:func:`detente.models.forecast.forecast`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..._cli_common import configured_warehouse, out, show_progress
from ...errors import InputError


def forecast_cmd(
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Forecasts: .parquet or .csv")],
    report: Annotated[
        Path, typer.Option("--report", "-r", help="Report .html (the numbers go beside it as .json)")
    ],
    target: Annotated[str, typer.Option(help="gmlmid, cowmid, icb or ucdp (onsets).")] = "gmlmid",
    unit: Annotated[str, typer.Option(help="dyad-years or state-years")] = "dyad-years",
    directed: Annotated[bool, typer.Option("--directed/--undirected", help="Dyad direction.")] = False,
    relevant: Annotated[
        bool, typer.Option("--relevant/--all-dyads", help="Politically relevant dyads only.")
    ] = True,
    system: Annotated[str, typer.Option(help="State system: cow or gw.")] = "cow",
    years: Annotated[str | None, typer.Option(help="Panel years, e.g. 1816-2016.")] = None,
    features: Annotated[
        str | None, typer.Option(help="Feature groups, comma-separated (default all).")
    ] = None,
    lag: Annotated[int, typer.Option(help="Years between features and the forecast year.")] = 1,
    duration: Annotated[
        str, typer.Option(help="Peace-year terms: cubic (t, t², t³) or splines.")
    ] = "cubic",
    first_test: Annotated[int | None, typer.Option("--first-test", help="First test year.")] = None,
    horizon: Annotated[int, typer.Option(help="Test years per split.")] = 10,
    k: Annotated[int, typer.Option("--top", help="k of precision among the top k per year.")] = 10,
    n_boot: Annotated[int, typer.Option("--bootstrap", help="Bootstrap replicates.")] = 200,
    seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 0,
    mirror: Annotated[
        Path | None, typer.Option("--mirror", help="Folder laid out as <mirror>/<source-id>/<file>.")
    ] = None,
) -> None:
    """Forecast onsets out of sample (rolling origins) and score models against the baselines."""
    from ...outputs import check_output
    from .report import write_report
    from .run import forecast

    check_output(out_file)
    if report.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"--report {str(report)!r}: name it .html (the JSON goes beside it)")
    if not report.parent.exists():
        raise InputError(f"--report {str(report)!r}: folder {str(report.parent)!r} does not exist")
    groups = [g.strip() for g in features.split(",") if g.strip()] if features else None
    with show_progress("forecasting") as (progress, task):
        wh = configured_warehouse(mirror, progress, task)
        progress.update(task, description="building the panel, fitting and scoring")
        run = forecast(target, unit, directed=directed, relevant=relevant, years=years, system=system,
                       groups=groups, lag=lag, duration=duration, first_test=first_test,
                       horizon=horizon, k=k, n_boot=n_boot, seed=seed, warehouse=wh)  # fmt: skip
        run.write(out_file)
        html_path, json_path = write_report(run.report, report)
    out.print(run.report["rarity"])
    for line in run.report["verdicts"]:
        out.print(line)
    pooled = run.report["pooled"]["scores"]
    out.print(
        "pooled AUPR: " + ", ".join(f"{n} {s.get('aupr', float('nan')):.3f}" for n, s in pooled.items())
    )
    out.print(f"forecasts -> {out_file}; report -> {html_path} and {json_path}")
