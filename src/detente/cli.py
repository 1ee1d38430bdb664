"""The ``detente`` command: parse arguments, call the library, render with Rich.

No query logic lives here; every command is a thin face over the Python API.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Column, Table
from typer.core import TyperGroup

from ._cli_common import Mirror, configured_warehouse, err, out, show_progress
from ._version import __version__
from .errors import DetenteError, InputError
from .outputs import check_output, write_table, write_text
from .progress import PROGRESS_ENV

if TYPE_CHECKING:
    from .tables import Verb


class _LazyGroup(TyperGroup):
    """The ``detente`` group: the commands defined in this module at once, the rest on demand.

    The table verbs (one command each, generated from :mod:`detente.tables`), ``events`` and
    ``forecast`` import their modules (every table verb's source, pyarrow.compute, the models)
    only when one of them is run or the whole list is asked for (``--help``, ``.commands``), so
    ``detente panel`` does not pay for them.
    """

    _lazy_loaded = False

    @property
    def commands(self) -> MutableMapping[str, Any]:  # type: ignore[override]
        """Every command, loading the generated ones on first use."""
        if not self._lazy_loaded:
            self._eager.update(typer.main.get_command(_lazy_app()).commands)  # type: ignore[attr-defined]
            self._lazy_loaded = True
        return self._eager

    @commands.setter
    def commands(self, value: MutableMapping[str, Any]) -> None:
        self._eager = value

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """A command defined here without loading the others; else any command."""
        return self._eager.get(cmd_name) or self.commands.get(cmd_name)


app = typer.Typer(
    name="detente",
    help="Tidy panels on the military's role in diplomacy, from COW, ATOP and more.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_LazyGroup,
)


@app.callback()
def _options(
    progress: Annotated[
        bool,
        typer.Option(
            "--progress",
            help="Show progress on stderr even when it is not a terminal (or DETENTE_PROGRESS=1).",
        ),
    ] = False,
) -> None:
    """Tidy panels on the military's role in diplomacy, from COW, ATOP and more."""
    if progress:
        os.environ[PROGRESS_ENV] = "1"


def _emit(text: str, out_file: Path | None) -> None:
    """Write a text result to ``out_file`` (atomically, saying so on stderr), else to stdout."""
    if out_file is not None:
        write_text(out_file, text)
        err.print(f"wrote {out_file}")
    else:
        sys.stdout.write(text)


@app.command("sources")
def sources_cmd(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the full catalogue as Markdown.")
    ] = False,
    mirror: Mirror = None,
) -> None:
    """List every source: id, version, coverage, files, whether cached and (with a mirror) mirrored."""
    from .catalog import catalog_markdown
    from .config import mirror_dir
    from .fetch import is_cached
    from .registry import all_sources

    if markdown:
        sys.stdout.write(catalog_markdown())
        return
    root = mirror_dir(mirror)

    def state(flags: list[bool]) -> str:
        return "yes" if all(flags) else ("partly" if any(flags) else "no")

    columns = ["id", "version", "years", "files", "cached"] + (["in mirror"] if root else [])
    title = "detente sources" + (f" (mirror {root})" if root else "")
    table = Table(*columns, title=title)
    table.columns[0].no_wrap = True
    for s in all_sources():
        years = f"{s.years[0]}-{s.years[1]}" if s.years else "-"
        row = [s.id, s.version, years, ", ".join(f.name for f in s.files)]
        row.append(state([is_cached(s, f) for f in s.files]))
        if root:
            row.append(state([(root / s.id / f.name).is_file() for f in s.files]))
        table.add_row(*row)
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
    from .params import parse_hashes
    from .registry import all_sources, get_source

    accepted = parse_hashes(accept_hash)
    chosen = [get_source(i) for i in ids] if ids else all_sources()
    if not ids:  # a file with no reference copy is fetched only by name, its hash accepted
        from .registry import NO_REFERENCE_SHA256

        unchecked = [s for s in chosen if any(f.sha256 == NO_REFERENCE_SHA256 and f.name not in accepted
                                              for f in s.files)]  # fmt: skip
        for s in unchecked:
            out.print(f"skipped {s.id}: no reference copy; fetch it by name after checking the "
                      f"publisher's file: detente fetch {s.id} --accept-hash FILE=SHA256")  # fmt: skip
        chosen = [s for s in chosen if s not in unchecked]
    n_files = sum(len(s.files) for s in chosen)
    done: list[tuple[str, str, str]] = []
    with show_progress("fetching", total=n_files) as (progress, task):

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

    width = max(len(name) for name in STEPS)
    table = Table(
        Column("step", no_wrap=True, min_width=width),
        "units",
        Column("years", no_wrap=True),
        Column("sources (default; years)", overflow="fold"),
        Column("parameters", overflow="fold"),
        Column("what it adds", overflow="fold", ratio=1),
    )
    for s in sorted(STEPS.values(), key=lambda s: s.name):
        first = s.doc.splitlines()[0].replace("``", "`") if s.doc else ""
        sources = ", ".join(f"{i} {lo}-{hi}" for i, (lo, hi) in s.source_years.items())
        if callable(s.sources):
            sources += " (depends on parameters)"
        years = f"{s.years[0]}-{s.years[1]}" if s.years else "-"
        units = ", ".join(u.replace("-year", "") for u in s.units)
        table.add_row(s.name, units, years, sources, ", ".join(s.parameters), first)
    out.print(table)


@app.command("table")
def table_cmd(
    source: Annotated[str, typer.Argument(help="Source id, e.g. us-troops (see `detente sources`).")],
    name: Annotated[str, typer.Argument(help="Table name, e.g. country_years.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Output file: .parquet or .csv")],
    mirror: Mirror = None,
) -> None:
    """Write one parsed table of a registered source (quirks fixed, as the steps read it)."""
    from .raw import table

    check_output(out_file)
    with show_progress(f"reading {source} {name}") as (progress, task):
        wh = configured_warehouse(mirror, progress, task)
        data = table(source, name, warehouse=wh)
        write_table(data, out_file)
    out.print(f"[bold]{data.num_rows:,}[/bold] rows, {data.num_columns} columns -> {out_file}")


@app.command("panel")
def panel_cmd(
    unit: Annotated[str, typer.Argument(help="state-years or dyad-years")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Output file: .parquet or .csv")],
    system: Annotated[str, typer.Option(help="State system: cow (COW 2024), cow2016 or gw.")] = "cow",
    directed: Annotated[bool, typer.Option("--directed/--undirected", help="Dyad direction.")] = True,
    relevant: Annotated[bool, typer.Option(help="Only politically relevant dyads.")] = False,
    years: Annotated[str | None, typer.Option(help="Year or range, e.g. 1816-2024.")] = None,
    microstates: Annotated[bool, typer.Option(help="Add G&W microstates (gw only).")] = False,
    extend_to: Annotated[
        int | None,
        typer.Option(
            "--extend-to", help="Carry the states alive at the end of the system's list to YEAR."
        ),
    ] = None,
    source_version: Annotated[
        list[str] | None,
        typer.Option(
            "--source-version", help="Pin source versions, e.g. nmc=6.0 (repeatable or comma-separated)."
        ),
    ] = None,
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

    from .params import parse_versions
    from .steps import get_step
    from .steps._base import parse_add

    if unit not in {"state-years", "dyad-years"}:
        raise InputError(f"unknown panel unit {unit!r}; choose state-years or dyad-years")
    requests = [parse_add(a) for a in add or []]
    typed = [(name, get_step(name).parse(params)) for name, params in requests]  # fail before work
    versions = parse_versions(source_version)
    check_output(out_file)
    with show_progress("building panel") as (progress, task):
        wh = configured_warehouse(mirror, progress, task)
        if unit == "state-years":
            if not directed or relevant:
                raise InputError("--undirected and --relevant apply to dyad-years only")
            panel = detente.state_years(
                system,
                years,
                microstates=microstates,
                extend_to=extend_to,
                versions=versions,
                warehouse=wh,
            )
        else:
            panel = detente.dyad_years(
                system,
                directed,
                years,
                relevant,
                microstates=microstates,
                extend_to=extend_to,
                versions=versions,
                warehouse=wh,
            )
        for name, params in typed:
            progress.update(task, description=f"adding {name}")
            panel = panel.add(name, **params)
        progress.update(task, description=f"computing and writing {out_file}")
        summary = panel.write_summary(out_file)  # one computation, summarised as it is written
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
    _emit(cite(ids), out_file)


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
    with show_progress("comparing derived tables with the publishers'") as (progress, task):
        text = report(configured_warehouse(mirror, progress, task))
    _emit(text, out_file)


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


def _print_summary(summary: dict[str, Any], path: Path) -> None:
    direction = (
        "" if summary["directed"] is None else ("directed " if summary["directed"] else "undirected ")
    )
    lo, hi = summary["years"]
    extended = (
        f" (states alive at the end of its list carried forward to {summary['extend_to']})"
        if summary.get("extend_to")
        else ""
    )
    out.print(
        f"[bold]{summary['rows']:,}[/bold] {direction}{summary['unit']}s, "
        f"{summary['system'].upper()} system{extended}, {lo}-{hi} -> {path}"
    )
    table = Table("column", "missing", "mean", title="columns")
    for col, stats in summary["columns"].items():
        mean = "" if stats["mean"] is None else f"{stats['mean']:.4g}"
        table.add_row(col, f"{stats['missing']:.1%}", mean)
    out.print(table)
    out.print("sources: " + "; ".join(summary["sources"]))


def _verb_command(verb: Verb) -> Callable[..., None]:
    """A command for a declared verb: one option (or argument) per parameter, ``--out``, ``--rows``.

    Options collect text; the verb's own parser (:mod:`detente.params`) types it, as the HTTP API
    does, so ``detente crises --actor 750`` and ``/api/crises?actor=750`` mean the same.
    """
    params = verb.params
    signature = []
    for p in params.values():
        default = "" if p.default in (None, (), []) else f" (default: {_text(p.default)})"
        text = f"{p.help}{default}."
        if p.positional:
            kind = list[str] if p.kind.multiple else str
            info: Any = typer.Argument(help=text, metavar=p.name.upper(), show_default=False)
            annotation, value = Annotated[kind, info], inspect.Parameter.empty
        elif p.kind.name == "bool":
            info = typer.Option(f"{p.option}/--no-{p.option[2:]}", help=text, show_default=False)
            annotation, value = Annotated[bool | None, info], None
        else:
            kind = list[str] | None if p.kind.multiple else str | None
            info = typer.Option(p.option, help=text, metavar=p.kind.metavar, show_default=False)
            annotation, value = Annotated[kind, info], None
        signature.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=value,
                                           annotation=annotation))  # fmt: skip
    common = {
        "out_file": Annotated[
            Path | None, typer.Option("--out", "-o", help="Also write the table: .parquet or .csv")
        ],
        "rows": Annotated[int, typer.Option("--rows", help="How many rows to show.")],
        "mirror": Mirror,
    }
    defaults = {"out_file": None, "rows": 10, "mirror": None}
    for name, annotation in common.items():
        signature.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                           default=defaults[name], annotation=annotation))  # fmt: skip

    def command(**values: Any) -> None:
        raw: dict[str, list[str]] = {}
        for name in params:
            value = values.get(name)
            if value is None or value == []:
                continue
            if isinstance(value, bool):
                value = str(value).lower()
            raw[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        typed = verb.parse(raw)  # fail on bad input before any work
        out_file, rows = values["out_file"], max(values["rows"], 0)
        if out_file is not None:
            check_output(out_file)
        with show_progress(f"building {verb.name}") as (progress, task):
            wh = configured_warehouse(values["mirror"], progress, task)
            result = verb.function(**typed, warehouse=wh)
            if out_file is not None:
                progress.update(task, description=f"writing {out_file}")
                write_table(result, out_file)
        _print_table(result, verb.show, rows)
        if verb.summary is not None:
            out.print(verb.summary(result))
        if out_file is not None:
            out.print(f"wrote {result.num_rows:,} rows to {out_file}")

    command.__name__ = verb.python
    command.__doc__ = (
        f"{verb.title.replace('``', '`')}\n\nPython: detente.{verb.python}(...); "
        f"HTTP: GET /api/{verb.name}; columns: docs/verbs.md."
    )
    command.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in signature}
    return command


def _text(value: Any) -> str:
    """A default value as a user types it."""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _print_table(table: Any, show: tuple[str, ...], rows: int) -> None:
    """The first ``rows`` rows of ``table`` (its ``show`` columns, else the first eight) and a count."""
    shown = [c for c in show if c in table.column_names] or table.column_names[:8]
    title = f"first {min(rows, table.num_rows):,} of {table.num_rows:,} rows"
    grid = Table(*shown, title=title)
    for row in table.select(shown).slice(0, rows).to_pylist():
        grid.add_row(*("" if row[c] is None else str(row[c]) for c in shown))
    out.print(grid)


def _lazy_app() -> typer.Typer:
    """The commands :class:`_LazyGroup` loads on demand: one per table verb, events, forecast."""
    from .events.cli import app as events_app
    from .models.forecast.cli import forecast_cmd
    from .tables import all_verbs

    lazy = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    for verb in all_verbs():
        lazy.command(verb.name)(_verb_command(verb))
    lazy.add_typer(events_app, name="events")
    lazy.command("forecast")(forecast_cmd)
    return lazy


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
