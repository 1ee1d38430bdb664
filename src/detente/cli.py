"""The ``detente`` command: parse arguments, call the library, render with Rich.

No query logic lives here; every command is a thin face over the Python API.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import DetenteError, InputError
from .outputs import check_output, write_text

app = typer.Typer(
    name="detente",
    help="Tidy panels on the military's role in diplomacy, from COW, ATOP and more.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

Mirror = Annotated[
    Path | None,
    typer.Option("--mirror", help="Folder laid out as <mirror>/<source-id>/<file> (or DETENTE_MIRROR)."),
]


@contextmanager
def _progress(description: str, total: int | None = None):
    """A Rich progress display on stderr (spinner, bar when the total is known, elapsed time)."""
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), TextColumn("{task.completed}/{task.total}")]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield progress, task


def _warehouse(mirror: Path | None, progress: Progress | None = None, task: Any = None):
    from .warehouse import configure

    def report(source: str, file: str, how: str) -> None:
        if progress is not None:
            progress.update(task, description=f"{source}/{file} ({how})")

    return configure(mirror=mirror, progress=report)


@app.command("sources")
def sources_cmd(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the full catalogue as Markdown.")
    ] = False,
) -> None:
    """List every source: id, version, coverage, files and whether they are cached."""
    from .catalog import catalog_markdown
    from .fetch import is_cached
    from .registry import all_sources

    if markdown:
        sys.stdout.write(catalog_markdown())
        return
    table = Table("id", "version", "years", "files", "cached", title="detente sources")
    for s in all_sources():
        cached = [is_cached(s, f) for f in s.files]
        state = "yes" if all(cached) else ("partly" if any(cached) else "no")
        years = f"{s.years[0]}-{s.years[1]}" if s.years else "-"
        table.add_row(s.id, s.version, years, ", ".join(f.name for f in s.files), state)
    out.print(table)


@app.command("fetch")
def fetch_cmd(
    ids: Annotated[list[str] | None, typer.Argument(help="Source ids (default: all).")] = None,
    mirror: Mirror = None,
    accept_hash: Annotated[
        list[str] | None,
        typer.Option(
            "--accept-hash", help="FILE=SHA256: trust a publisher file whose hash you checked."
        ),
    ] = None,
) -> None:
    """Fetch sources into the cache from a mirror or the publishers, checking every hash."""
    from .fetch import fetch
    from .registry import all_sources, get_source

    chosen = [get_source(i) for i in ids] if ids else all_sources()
    accepted = dict(_split_pair(a, "--accept-hash") for a in accept_hash or [])
    n_files = sum(len(s.files) for s in chosen)
    done: list[tuple[str, str, str]] = []
    with _progress("fetching", total=n_files) as (progress, task):

        def report(source: str, file: str, how: str) -> None:
            done.append((source, file, how))
            progress.update(task, advance=1, description=f"{source}/{file}")

        for s in chosen:
            mine = {k: v for k, v in accepted.items() if k in {f.name for f in s.files}}
            fetch(s.id, mirror=mirror, accept_hashes=mine, progress=report)
    table = Table("source", "file", "from")
    for row in done:
        table.add_row(*row)
    out.print(table)


@app.command("steps")
def steps_cmd() -> None:
    """List the panel steps usable with ``panel --add``."""
    from .steps import STEPS, _discover  # noqa: F401

    table = Table("step", "units", "sources", "parameters", "what it adds")
    for s in STEPS.values():
        first = s.doc.splitlines()[0] if s.doc else ""
        sources = "depends on parameters" if callable(s.sources) else ", ".join(s.sources)
        table.add_row(s.name, ", ".join(s.units), sources, ", ".join(s.parameters), first)
    out.print(table)


@app.command("panel")
def panel_cmd(
    unit: Annotated[str, typer.Argument(help="state-years or dyad-years")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Output file: .parquet or .csv")],
    system: Annotated[str, typer.Option(help="State system: cow or gw.")] = "cow",
    directed: Annotated[bool, typer.Option("--directed/--undirected", help="Dyad direction.")] = True,
    relevant: Annotated[bool, typer.Option(help="Only politically relevant dyads.")] = False,
    years: Annotated[str | None, typer.Option(help="Year or range, e.g. 1816-2016.")] = None,
    microstates: Annotated[bool, typer.Option(help="Add G&W microstates (gw only).")] = False,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add", "-a", help="Step to add, e.g. alliances or alliances:provisions=basing+military_aid"
        ),
    ] = None,
    cite_file: Annotated[Path | None, typer.Option("--cite", help="Also write BibTeX here.")] = None,
    mirror: Mirror = None,
) -> None:
    """Build a state-year or dyad-year panel, add steps, write it and print its summary."""
    import detente

    from .steps import get_step

    if unit not in {"state-years", "dyad-years"}:
        raise InputError(f"unknown panel unit {unit!r}; choose state-years or dyad-years")
    requests = [_parse_add(a) for a in add or []]
    for name, _ in requests:
        get_step(name)  # fail on an unknown step before any work
    check_output(out_file)
    with _progress("building panel") as (progress, task):
        wh = _warehouse(mirror, progress, task)
        if unit == "state-years":
            if not directed or relevant:
                raise InputError("--undirected and --relevant apply to dyad-years only")
            panel = detente.state_years(system, years, microstates=microstates, warehouse=wh)
        else:
            panel = detente.dyad_years(
                system, directed, years, relevant, microstates=microstates, warehouse=wh
            )
        for name, params in requests:
            progress.update(task, description=f"adding {name}")
            panel = panel.add(name, **_coerce(get_step(name), params))
        progress.update(task, description=f"computing and writing {out_file}")
        panel.write(out_file)
        progress.update(task, description="summarising")
        summary = panel.summary(written=out_file)
    if cite_file:
        write_text(cite_file, panel.cite())
    _print_summary(summary, out_file)


@app.command("cite")
def cite_cmd(
    panel_file: Annotated[
        Path | None, typer.Argument(help="A panel .parquet written by detente.")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Source id(s) to cite.")
    ] = None,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Write BibTeX here.")] = None,
) -> None:
    """BibTeX for the sources a panel used (from its Parquet metadata), named sources, or all."""
    from .cite import cite

    ids: list[str] | None = list(source) if source else None
    if panel_file is not None:
        ids = [s["id"] for s in read_panel_metadata(panel_file)["sources"]] + (ids or [])
    text = cite(ids)
    if out_file:
        write_text(out_file, text)
        err.print(f"wrote {out_file}")
    else:
        sys.stdout.write(text)


@app.command("deterrence")
def deterrence_cmd(
    years: Annotated[
        str | None, typer.Option(help="Dispute start years, e.g. 1946-2014 (MID: 1816-2014).")
    ] = None,
    min_hostility: Annotated[
        int,
        typer.Option(
            "--min-hostility",
            help="Challenger's lowest MID hostility: 2 threat, 3 display, 4 force, 5 war.",
        ),
    ] = 2,
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also write the cases: .parquet or .csv")
    ] = None,
    rows: Annotated[int, typer.Option(help="How many cases to show.")] = 10,
    mirror: Mirror = None,
) -> None:
    """Extended-deterrence cases: MID challengers against targets with an ATOP defence ally."""
    from .models import deterrence as dt

    dt.check_years(years)  # fail on bad input before any work
    dt.check_hostility(min_hostility)
    if out_file is not None:
        check_output(out_file)
    with _progress("building deterrence cases") as (progress, task):
        wh = _warehouse(mirror, progress, task)
        cases = dt.deterrence_cases(wh, years, min_hostility)
        if out_file is not None:
            progress.update(task, description=f"writing {out_file}")
            dt.write_cases(cases, out_file)
        summary = dt.deterrence_summary(cases)
    rows = max(rows, 0)
    shown = ["dispnum", "start", "challenger_name", "target_name", "ally_name", "atopids", "clean"]
    shown += ["ally_joined", "outcome", "challenger_backed_down", "icb_crisno"]
    table = Table(*shown, title=f"first {min(rows, cases.num_rows)} of {cases.num_rows:,} cases")
    for row in cases.select(shown).slice(0, rows).to_pylist():
        table.add_row(*("" if row[c] is None else str(row[c]) for c in shown))
    out.print(table)

    def share(x: float | None) -> str:
        return "-" if x is None else f"{x:.1%}"

    out.print(
        f"[bold]{summary['cases']:,}[/bold] cases in {summary['disputes']:,} disputes "
        f"({summary['clean_cases']:,} clean); ally joined {share(summary['ally_joined_share'])}, "
        f"ally opposed {share(summary['ally_opposed_share'])}, challenger backed down "
        f"{share(summary['backed_down_share'])} of {summary['outcome_known']:,} with a clear outcome; "
        f"ICB crisis matched {share(summary['icb_match_rate'])} of cases from 1918"
        + (f" -> {out_file}" if out_file is not None else "")
    )


@app.command("validate")
def validate_cmd(
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the Markdown report here (else stdout).")
    ] = None,
    mirror: Mirror = None,
) -> None:
    """Check derived tables against the publishers' own, cell by cell (docs/validation.md)."""
    from .validation import report

    if out_file is not None and not out_file.resolve().parent.is_dir():
        raise InputError(f"output {str(out_file)!r}: folder {str(out_file.parent)!r} does not exist")
    with _progress("comparing derived tables with the publishers'") as (progress, task):
        text = report(_warehouse(mirror, progress, task))
    if out_file is not None:
        write_text(out_file, text)
        err.print(f"wrote {out_file}")
    else:
        sys.stdout.write(text)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    mirror: Mirror = None,
    events: Annotated[
        Path | None,
        typer.Option(
            "--events",
            envvar="DETENTE_EVENTS",
            help="An ingest folder (`detente events ingest`) for event timelines and alerts.",
        ),
    ] = None,
) -> None:
    r"""Serve the HTTP API and the dashboard (needs the web extra: pip install 'detente\[web]')."""
    from .web.server import serve

    serve(host, port, mirror, events)


@app.command("version")
def version_cmd() -> None:
    """Print the detente version."""
    out.print(__version__)


def read_panel_metadata(path: Path) -> dict[str, Any]:
    """The detente metadata stored in a panel's Parquet footer."""
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    if b"detente" not in meta:
        raise InputError(f"{path}: no detente metadata (was it written by `detente panel`?)")
    return json.loads(meta[b"detente"])


def _split_pair(text: str, option: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key or not value:
        raise InputError(f"{option} {text!r}: expected NAME=VALUE")
    return key.strip(), value.strip()


def _parse_add(text: str) -> tuple[str, dict[str, str]]:
    """``alliances:obligations=defense+offense,provisions=basing`` -> (name, {param: text})."""
    name, _, rest = text.partition(":")
    params = dict(_split_pair(p, f"--add {name}") for p in rest.split(",") if p) if rest else {}
    return name.strip(), params


def _coerce(step: Any, params: dict[str, str]) -> dict[str, Any]:
    """Turn ``--add`` parameter text into the step's parameter types (lists split on ``+``)."""
    known = step.parameters
    values: dict[str, Any] = {}
    for key, text in params.items():
        if key not in known:
            raise InputError(f"step {step.name!r} has no parameter {key!r}; it takes {sorted(known)}")
        annotation = str(known[key].annotation)
        if "Sequence" in annotation or "list" in annotation:
            values[key] = [v for v in text.split("+") if v]
        elif "bool" in annotation:
            if text.lower() not in {"true", "false", "1", "0", "yes", "no"}:
                raise InputError(f"--add {step.name}: {key}={text!r} is not true or false")
            values[key] = text.lower() in {"true", "1", "yes"}
        elif "int" in annotation:
            try:
                values[key] = int(text)
            except ValueError:
                raise InputError(f"--add {step.name}: {key}={text!r} is not a whole number") from None
        else:
            values[key] = text
    return values


def _print_summary(summary: dict[str, Any], path: Path) -> None:
    direction = (
        "" if summary["directed"] is None else ("directed " if summary["directed"] else "undirected ")
    )
    lo, hi = summary["years"]
    out.print(
        f"[bold]{summary['rows']:,}[/bold] {direction}{summary['unit']}s, "
        f"{summary['system'].upper()} system, {lo}-{hi} -> {path}"
    )
    table = Table("column", "missing", "mean", title="columns")
    for col, stats in summary["columns"].items():
        mean = "" if stats["mean"] is None else f"{stats['mean']:.4g}"
        table.add_row(col, f"{stats['missing']:.1%}", mean)
    out.print(table)
    out.print("sources: " + "; ".join(summary["sources"]))


app.add_typer(__import__("detente.events.cli", fromlist=["app"]).app, name="events")
app.command("forecast")(
    __import__("detente.models.forecast.cli", fromlist=["forecast_cmd"]).forecast_cmd
)


def main() -> None:
    """Entry point: run the Typer app, turning detente errors into one line and exit code 1."""
    try:
        app()
    except DetenteError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except OSError as exc:  # unreadable or unwritable files named by the user
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
