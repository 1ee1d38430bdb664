"""``detente events``: ingest event files, summarise dyad indicators, list alerts (thin faces).

Registered on the main app with one ``add_typer`` line; errors are DetenteError subclasses,
printed by ``detente.cli.main`` as one line with exit code 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .._cli_common import Mirror, err
from ..errors import InputError
from ..outputs import atomic_path, check_output
from ..progress import progress as progress_display

app = typer.Typer(
    name="events",
    help="Event data (GDELT, ICEWS, PLOVER): ingest, compact, dyad indicators, alerts.",
    no_args_is_help=True,
)
out = Console()
Lake = Annotated[Path, typer.Argument(help="An ingest folder written by `detente events ingest`.")]
LakeOrURI = Annotated[
    str,
    typer.Argument(help="An ingest folder (with --engine spark also a URI: s3a://, gs://, hdfs://...)."),
]
OutFile = Annotated[
    str | None,
    typer.Option("--out", "-o", help="Write .parquet or .csv (spark: a folder or URI of Parquet)."),
]


def _lake(path: Path) -> Path:
    """Refuse a folder that holds no ingest manifest."""
    if not (path / "manifest.json").exists():
        raise InputError(
            f"{path}: not an ingest folder (no manifest.json); run `detente events ingest` first"
        )
    return path


def _check_run(engine: str, lake: str, out_file: str | None) -> None:
    """Refuse, before any work, an unknown engine and (duckdb) a bad --out or a non-ingest folder."""
    from .engines import ENGINES

    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "duckdb":
        if out_file is not None:
            check_output(out_file)
        _lake(Path(lake))


def _write(table, path: Path) -> None:  # noqa: ANN001  (a pyarrow Table)
    """Write an indicator or alert table to .parquet (with its metadata) or .csv, atomically."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    with atomic_path(check_output(path)) as tmp:
        if path.suffix.lower() == ".parquet":
            pq.write_table(table, tmp, compression="zstd")
        else:
            flat = table.drop_columns([c for c in ("event_ids", "urls") if c in table.column_names])
            pacsv.write_csv(flat, tmp)


@app.command("ingest")
def ingest_cmd(
    what: Annotated[
        str,
        typer.Argument(
            help="A source id (e.g. gdelt-2.0-sample), a folder or a file (spark: also a URI)."
        ),
    ],
    out_dir: Annotated[
        str,
        typer.Option("--out", "-o", help="The ingest folder, created if needed (spark: also a URI)."),
    ],
    source: Annotated[
        str | None, typer.Option(help="Partition name (default: id or folder name).")
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="gdelt1, gdelt2, icews or plover.")] = None,
    between: Annotated[
        str | None, typer.Option(help="GDELT slots expected: START,END as ISO date-times.")
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Exit 1 if any expected file is missing or corrupt.")
    ] = False,
    mirror: Mirror = None,
    engine: Annotated[
        str, typer.Option(help="duckdb (one machine) or spark (GDELT and ICEWS, by URI).")
    ] = "duckdb",
) -> None:
    """Ingest event files into hive-partitioned Parquet and print the manifest."""
    from ..sources._events import FORMATS
    from .engines import ENGINES
    from .ingest import ingest

    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "spark":
        from .spark_ingest import ingest_spark as ingest  # type: ignore[assignment]
    span = None
    if between:
        parts = between.split(",")
        if len(parts) != 2:
            raise InputError(f"--between {between!r}: expected START,END")
        span = (parts[0].strip(), parts[1].strip())
    with progress_display(f"ingesting {what}", err, bar=True) as (progress, task):

        def report(name: str, status: str, rows: int) -> None:
            progress.update(task, advance=1, description=f"{name}: {status} ({rows:,} rows)")

        target = out_dir if engine == "spark" else Path(out_dir)  # spark: a path or a URI
        manifest = ingest(what, target, source=source, fmt=fmt, between=span, strict=strict,
                          progress=report, mirror=mirror)  # fmt: skip
    table = Table("file", "status", "format", "rows", "note", title=f"{manifest['source']} -> {out_dir}")
    for name, f in sorted(manifest["files"].items()):
        table.add_row(name, f["status"], f["format"] or "", f"{f['rows']:,}", f["error"] or "")
    out.print(table)
    gaps = manifest["missing"] + manifest["corrupt"]
    line = (
        f"[bold]{manifest['rows']:,}[/bold] rows; {len(manifest['present'])} present, "
        f"{len(manifest['missing'])} missing, {len(manifest['corrupt'])} corrupt, "
        f"{len(manifest['ignored'])} ignored of {len(manifest['expected'])} expected"
    )
    out.print(("[red]" if gaps else "") + line)


@app.command("compact")
def compact_cmd(lake: Lake) -> None:
    """Merge each partition's small Parquet parts into one file (same rows, faster reads)."""
    from .compact import compact

    _lake(lake)
    with progress_display(f"compacting {lake}", err) as (progress, task):

        def report(partition: str, parts: int, rows: int) -> None:
            progress.update(task, description=f"{partition}: {parts} parts -> 1 ({rows:,} rows)")

        done = compact(lake, progress=report)
    out.print(
        f"{done['partitions']} partitions: {done['parts_before']:,} parts -> {done['parts_after']:,} "
        f"({done['compacted']} merged, {done['rows']:,} rows moved)"
    )


@app.command("summary")
def summary_cmd(
    lake: LakeOrURI,
    unit: Annotated[str, typer.Option(help="day, month or year.")] = "month",
    dedup: Annotated[str, typer.Option(help="none, one-a-day, root or url.")] = "none",
    weight: Annotated[str, typer.Option(help="none, sources or articles.")] = "none",
    engine: Annotated[str, typer.Option(help="duckdb or spark.")] = "duckdb",
    rows: Annotated[int, typer.Option(help="How many dyads to show.")] = 10,
    out_file: OutFile = None,
    mirror: Mirror = None,
) -> None:
    """Directed dyad-period indicators: totals per class and the busiest dyads."""
    from ..warehouse import configure
    from .engines import run
    from .indicators import CLASSES, check_options, summary

    check_options(unit, dedup, weight)
    _check_run(engine, lake, out_file)
    with progress_display(f"computing indicators with {engine}", err):
        wh = configure(mirror=mirror)
        if engine == "spark":
            from .spark import summarize

            s, table = summarize(lake, unit=unit, dedup=dedup, weight=weight, out=out_file,
                                 top=rows, wh=wh)  # fmt: skip
        else:
            table = run(engine, Path(lake), unit=unit, dedup=dedup, weight=weight, wh=wh)
            s = summary(table)
    if out_file is not None and engine == "duckdb":
        _write(table, Path(out_file))
    top = Table(
        "ccode1", "ccode2", "period", "events", "military share", "coop balance", title="busiest dyads"
    )
    for r in table.sort_by([("events", "descending")]).slice(0, max(rows, 0)).to_pylist():
        share = "" if r["military_share"] is None else f"{r['military_share']:.0%}"
        bal = "" if r["coop_balance"] is None else f"{r['coop_balance']:+.2f}"
        top.add_row(
            str(r["ccode1"]), str(r["ccode2"]), str(r["period"]), f"{r['events']:,.0f}", share, bal
        )
    out.print(top)
    classes = Table("class", "events", title="military-diplomacy classes")
    for c in CLASSES:
        classes.add_row(c, f"{s['classes'][c]:,.0f}")
    out.print(classes)
    out.print(
        f"[bold]{s['rows']:,}[/bold] dyad-{unit}s, {s['dyads']:,} directed dyads, "
        f"{s['events']:,.0f} events "
        f"(dedup {dedup}, weight {weight}, {engine}); sources: {', '.join(s['metadata']['sources'])}"
        + (f" -> {out_file}" if out_file else "")
    )


@app.command("alerts")
def alerts_cmd(
    lake: LakeOrURI,
    unit: Annotated[str, typer.Option(help="day, month or year.")] = "day",
    window: Annotated[int, typer.Option(help="Baseline: this many previous periods.")] = 7,
    k: Annotated[float, typer.Option(help="Alert above mean + k * sd.")] = 2.0,
    min_intensity: Annotated[
        float, typer.Option(help="Smallest conflict intensity that alerts.")
    ] = 10.0,
    rows: Annotated[int, typer.Option(help="How many alerts to show.")] = 20,
    check: Annotated[bool, typer.Option("--validate", help="Also compare with MID and ICB.")] = False,
    engine: Annotated[str, typer.Option(help="duckdb or spark (no --validate).")] = "duckdb",
    out_file: OutFile = None,
    mirror: Mirror = None,
) -> None:
    """Conflict surges and moves up the ladder per directed dyad, with their evidence."""
    from ..warehouse import configure
    from .alerts import alerts, validate

    _check_run(engine, lake, out_file)
    if engine == "spark" and check:
        raise InputError("--validate runs with the duckdb engine only")
    with progress_display("computing alerts", err) as (progress, task):
        wh = configure(mirror=mirror)
        if engine == "spark":
            from .spark import alerts_run

            total, table = alerts_run(lake, unit, window, k, min_intensity, out=out_file, top=rows,
                                      wh=wh)  # fmt: skip
        else:
            table = alerts(Path(lake), unit=unit, window=window, k=k, min_intensity=min_intensity, wh=wh)
            total = table.num_rows
        if check:
            progress.update(task, description="validating against MID 5.0 and ICB 15")
            checked = validate(lake, wh=wh)
    if out_file is not None and engine == "duckdb":
        _write(table, Path(out_file))
    shown = Table("period", "ccode1", "ccode2", "kind", "value", "rung", "events", "first url",
                  title=f"first {min(rows, total)} of {total:,} alerts")  # fmt: skip
    for r in table.slice(0, max(rows, 0)).to_pylist():
        url = (r["urls"] or [""])[0]
        shown.add_row(str(r["period"]), str(r["ccode1"]), str(r["ccode2"]), r["kind"], f"{r['value']:g}",
                      str(r["rung"]), ", ".join(r["event_ids"][:3]), url[:60])  # fmt: skip
    out.print(shown)
    if check:
        heads = ["source", "benchmark", "days", "covered", "event dyad-days", "benchmark dyad-days"]
        v = Table(*heads, "agree", "note", title="agreement with MID incidents and ICB crises")
        keys = [
            "source",
            "benchmark",
            "days",
            "covered_days",
            "event_dyad_days",
            "benchmark_dyad_days",
            "agree",
        ]
        for r in checked.to_pylist():
            v.add_row(*(str(r[c]) for c in keys), r["note"])
        out.print(v)
