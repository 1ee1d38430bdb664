"""Benchmark: ``detente panel ... --out`` as a whole process against the library's build.

Run: ``python benchmarks/bench_cli.py [--panel peacesciencer|readme] [--mirror ../shared/data]
[--repeat 5]``. ``--panel peacesciencer`` (the default) is peacesciencer's panel (directed COW
dyad-years 1816-2016 + capabilities + alliances + GML MIDs); ``--panel readme`` the README's first
command (+ capabilities + alliances + contiguity). Builds the panel four ways in turn, each a fresh
process with a warm cache: the library build to an Arrow table timed inside the process (imports
excluded, as ``bench_peacesciencer.py``); the same library build as a whole process (``python
-c``: interpreter start, ``import detente``, build, to Arrow: what a Python user waits for, in the
same units as the CLI); and the CLI writing ``.parquet`` and ``.csv`` (timed from outside:
interpreter start, imports, build, write, summary). Reports medians of wall and CPU time, the
CLI's ratios to both library figures (target at most 1.3) and checks every written file's rows,
order and value fingerprint.

``--phases`` instead runs the library script and both CLI writes once per round with the CPU and
wall seconds of each phase measured inside the process (``resource.getrusage`` and
``time.perf_counter`` around the library's own functions): where the CLI's extra time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _harness import ROOT, _ordered, fingerprint, panel_child

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Spec:
    """A panel the benchmark builds: its CLI steps and its known values."""

    title: str
    steps: tuple[str, ...]  # the CLI's --add values
    rows: int
    print: str  # _harness.fingerprint of the built table

    @property
    def calls(self) -> list[tuple[str, dict[str, str]]]:
        """The same steps as Panel methods and their arguments, read as the CLI reads ``--add``."""
        from detente.steps._base import parse_add

        return [(f"add_{name}", params) for name, params in map(parse_add, self.steps)]


PANELS = {
    #: bench_peacesciencer's panel and fingerprint (e1098d012d433ba2 before NMC's components
    #: became INTEGER)
    "peacesciencer": Spec(
        "capabilities + alliances + GML MIDs",
        ("capabilities", "alliances", "mids:source=gml"),
        1_912_290,
        "7114b07a1951b830",
    ),
    #: the README's first command
    "readme": Spec(
        "capabilities + alliances + contiguity (the README's first command)",
        ("capabilities", "alliances", "contiguity"),
        1_912_290,
        "f662163096c48676",
    ),
}


def _library(spec: Spec) -> str:
    """The library build as a user's script runs it, imports included."""
    chain = ".".join(
        f"{name}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})" for name, kwargs in spec.calls
    )
    return (
        "import detente\n"
        "panel = detente.dyad_years('cow', directed=True, years=(1816, 2016))\n"
        f"panel = panel.{chain}\n"
        "print(panel.to_arrow().num_rows)\n"
    )


def _build(spec: Spec):  # noqa: ANN202  (an Arrow table; pyarrow is imported by detente)
    """The library build of ``spec`` to Arrow."""
    import detente

    panel = detente.dyad_years("cow", directed=True, years=(1816, 2016))
    for name, kwargs in spec.calls:
        panel = getattr(panel, name)(**kwargs)
    return panel.to_arrow()


def _cli_args(spec: Spec) -> list[str]:
    """``detente panel ...`` for ``spec``, up to ``--out`` (the path is added by the caller)."""
    steps = [a for step in spec.steps for a in ("--add", step)]
    return ["panel", "dyad-years", "--years", "1816-2016", *steps, "--out"]


def _process(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run a fresh process; return its wall seconds, CPU seconds, peak MiB and stdout.

    ``os.wait4`` gives that one child's CPU time and peak RSS (``RUSAGE_CHILDREN`` would give
    the largest peak of every child so far).
    """
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, *args], env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0), stderr.seek(0)
        if child.returncode != 0:
            sys.exit(stderr.read())
        text = stdout.read()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def _cli(spec: Spec, out: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Run the CLI once; return its wall seconds, CPU seconds and peak MiB."""
    wall, cpu, peak, stdout = _process(["-m", "detente", *_cli_args(spec), str(out)], env)
    if f"{spec.rows:,} directed dyad-years" not in stdout:
        sys.exit(f"the CLI's summary does not report {spec.rows:,} rows:\n{stdout[:500]}")
    return wall, cpu, peak


def _library_process(spec: Spec, env: dict[str, str]) -> tuple[float, float, float]:
    """Run the library build as a script once; return its wall seconds, CPU seconds, peak MiB."""
    wall, cpu, peak, stdout = _process(["-c", _library(spec)], env)
    if stdout.split() != [str(spec.rows)]:
        sys.exit(f"the library script built {stdout.strip()!r} rows, expected {spec.rows}")
    return wall, cpu, peak


#: Run inside a fresh process (``python -c``): the CLI (argv: the CLI's own) or the library script
#: (argv: its text, :func:`_library`), with the CPU and wall seconds of each phase printed as JSON
#: on stderr's last line.
PHASES = r"""
import json, resource, sys, time
def now():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime, time.perf_counter()
marks = [("interpreter start", now())]
cli = sys.argv[1] == "panel"
if cli:
    import detente.cli as face
else:
    import detente
import detente.outputs
from detente.panel import Panel
marks.append(("imports (detente.cli, duckdb, pyarrow)" if cli else "imports", now()))
def timed(owner, name, label):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        if label != "summary" and len(marks) == 2:
            bind = "parse arguments, bind the steps' SQL" if cli else "bind the steps' SQL"
            marks.append((bind, now()))
        result = inner(*args, **kwargs)
        marks.append((label, now()))
        return result
    setattr(owner, name, wrapper)
timed(Panel, "to_arrow", "build to Arrow (to_arrow)")
timed(Panel, "_copy", "build and write Parquet (COPY)")
timed(Panel, "_summarise", "summary")
timed(detente.outputs, "write_table", "write CSV")
if cli:
    timed(face, "_print_summary", "print the summary")
    sys.argv = ["detente", *sys.argv[1:]]
    try:
        face.main()
    except SystemExit:
        pass
else:
    exec(sys.argv[1])
spans = [(b[0], b[1][0] - a[1][0], b[1][1] - a[1][1]) for a, b in zip(marks, marks[1:])]
print(json.dumps(spans), file=sys.stderr)
"""


def _phases(args: list[str], env: dict[str, str]) -> tuple[dict[str, tuple[float, float]], float, float]:
    """One fresh process running :data:`PHASES`: its (CPU, wall) seconds per phase, and its CPU
    and wall seconds in all (``os.wait4``, timed from outside)."""
    with tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", PHASES, *args], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        stderr.seek(0)
        text = stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(text)
    spans = {name: (cpu, seconds) for name, cpu, seconds in json.loads(text.strip().splitlines()[-1])}
    return spans, usage.ru_utime + usage.ru_stime, wall


def phases(spec: Spec, repeat: int, env: dict[str, str], tmp: Path) -> None:
    """Print the median CPU and wall seconds of each phase of the library script and both CLI
    writes."""
    kinds = {"library script": [_library(spec)],
             **{f"CLI --out panel.{k}": [*_cli_args(spec), str(tmp / f"panel.{k}")]
                for k in ("parquet", "csv")}}  # fmt: skip
    seen: dict[str, list[tuple[dict[str, tuple[float, float]], float, float]]] = {k: [] for k in kinds}
    for i in range(repeat + 1):  # the first round warms the cache and is dropped
        for kind, args in kinds.items():
            got = _phases(args, env)
            if i:
                seen[kind].append(got)
    print(f"{spec.title}: CPU and wall seconds per phase, medians of {repeat} fresh processes each")
    for kind, runs in seen.items():
        cpu, wall = (statistics.median(r[n] for r in runs) for n in (1, 2))
        print(f"  {kind}: CPU {cpu:.2f} s, wall {wall:.2f} s in all")
        for name in runs[0][0]:
            phase_cpu, phase_wall = (statistics.median(r[0][name][n] for r in runs) for n in (0, 1))
            print(f"    {name:42s} CPU {phase_cpu:5.2f}  wall {phase_wall:5.2f}")
        inside = [(sum(c for c, _ in r[0].values()), sum(w for _, w in r[0].values())) for r in runs]
        rest_cpu = cpu - statistics.median(c for c, _ in inside)
        rest_wall = wall - statistics.median(w for _, w in inside)
        rest = "interpreter start and exit, the rest"
        print(f"    {rest:42s} CPU {rest_cpu:5.2f}  wall {rest_wall:5.2f}")
    print(f"  machine       {os.cpu_count()} CPUs, load {Path('/proc/loadavg').read_text()[:14]}")


def _check(spec: Spec, path: Path) -> None:
    import duckdb

    table = duckdb.sql(f"SELECT * FROM '{path}'").to_arrow_table()
    if path.suffix == ".csv":  # CSV loses types: compare the values as the Parquet types
        reference = duckdb.sql(f"SELECT * FROM '{path.with_suffix('.parquet')}' LIMIT 0")
        table = table.cast(reference.to_arrow_table().schema.remove_metadata())
    got = (table.num_rows, fingerprint(table.replace_schema_metadata(None)))
    if got != (spec.rows, spec.print):
        sys.exit(
            f"{path.name}: {got[0]:,} rows, fingerprint {got[1]}; expected {spec.rows:,}, {spec.print}"
        )
    if not _ordered(table, ("ccode1", "ccode2", "year")):
        sys.exit(f"{path.name}: rows not in panel order (ccode1, ccode2, year)")


def _csv_writer() -> str:
    """Which writer ``detente.outputs.write_table`` uses for the panel's CSV here."""
    sys.path.insert(0, str(ROOT / "src"))
    from detente.outputs import _polars_agrees

    if _polars_agrees():
        import polars

        return f"polars {polars.__version__} (the same bytes as DuckDB's writer)"
    return "DuckDB (polars not installed, or it prints numbers differently)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--panel", choices=sorted(PANELS), default="peacesciencer")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--phases", action="store_true", help="seconds per phase instead")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    spec = PANELS[args.panel]
    if args.child:
        panel_child(lambda: _build(spec))
        return
    env = {**os.environ, "DETENTE_MIRROR": args.mirror}
    if args.phases:
        with tempfile.TemporaryDirectory() as tmp:
            phases(spec, args.repeat, env, Path(tmp))
        return
    library = [sys.executable, __file__, "--child", "--panel", args.panel]
    kinds = ("library", "process", "parquet", "csv")
    runs: dict[str, list[float]] = {k: [] for k in kinds}
    cpus: dict[str, list[float]] = {k: [] for k in kinds}
    peaks: dict[str, float] = {k: 0.0 for k in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat + 1):  # the first round warms the cache and is dropped
            done = subprocess.run(library, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(done.stderr)
            lib = json.loads(done.stdout.strip().splitlines()[-1])
            if (lib["rows"], lib["fingerprint"], lib["ordered"]) != (spec.rows, spec.print, True):
                sys.exit(f"library build: {lib}; expected {spec.rows:,} rows, {spec.print}, in order")
            walls, used = {"library": lib["wall_s"]}, {"library": lib["cpu_s"]}
            peaks["library"] = max(peaks["library"], lib["peak_mib"])
            walls["process"], used["process"], peak = _library_process(spec, env)
            peaks["process"] = max(peaks["process"], peak)
            for kind in ("parquet", "csv"):
                walls[kind], used[kind], peak = _cli(spec, Path(tmp) / f"panel.{kind}", env)
                peaks[kind] = max(peaks[kind], peak)
            if i:
                for kind in kinds:
                    runs[kind].append(walls[kind])
                    cpus[kind].append(used[kind])
        for kind in ("parquet", "csv"):
            _check(spec, Path(tmp) / f"panel.{kind}")
    med = {k: statistics.median(v) for k, v in runs.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}

    def ratio(kind: str, base: str) -> str:  # medians of per-round ratios (rounds alternate)
        wall = statistics.median(a / b for a, b in zip(runs[kind], runs[base], strict=True))
        used = statistics.median(a / b for a, b in zip(cpus[kind], cpus[base], strict=True))
        return f"{wall:.2f} x wall, {used:.2f} x CPU"

    print(f"cli: detente panel dyad-years 1816-2016 + {spec.title} --out")
    print(f"  rows          {spec.rows:,}; medians of {args.repeat} rounds, each a fresh process")
    print(
        f"  library build, in process (imports excluded)   wall {med['library']:.2f} s, "
        f"CPU {cpu['library']:.2f} s, peak {peaks['library']:,.0f} MiB"
    )
    print(
        f"  library build, whole process (python -c)       wall {med['process']:.2f} s, "
        f"CPU {cpu['process']:.2f} s, peak {peaks['process']:,.0f} MiB"
    )
    for kind in ("parquet", "csv"):
        print(
            f"  CLI --out panel.{kind:8s} whole process        wall {med[kind]:.2f} s, "
            f"CPU {cpu[kind]:.2f} s, peak {peaks[kind]:,.0f} MiB, "
            f"{spec.rows / med[kind]:,.0f} rows/s"
        )
        print(
            f"    ratio to the in-process build {ratio(kind, 'library')}; "
            f"to the whole-process build {ratio(kind, 'process')} (target 1.3)"
        )
    print(
        f"  check         {spec.rows:,} rows, fingerprint {spec.print} in the library build and "
        "both files"
    )
    print(f"  CSV writer    {_csv_writer()}")
    print(f"  machine       {os.cpu_count()} CPUs, load {Path('/proc/loadavg').read_text()[:14]}")


if __name__ == "__main__":
    main()
