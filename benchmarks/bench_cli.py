"""Benchmark: ``detente panel ... --out`` as a whole process against the library's build.

Run: ``python benchmarks/bench_cli.py [--mirror ../shared/data] [--repeat 5]``.
Builds peacesciencer's panel (directed COW dyad-years 1816-2016 + capabilities + alliances + GML
MIDs) four ways in turn, each a fresh process with a warm cache: the library build to an Arrow
table timed inside the process (imports excluded, as ``bench_peacesciencer.py``); the same
library build as a whole process (``python -c``: interpreter start, ``import detente``, build,
to Arrow: what a Python user waits for, in the same units as the CLI); and the CLI writing
``.parquet`` and ``.csv`` (timed from outside: interpreter start, imports, build, write,
summary). Reports medians of wall and CPU time, the CLI's ratios to both library figures
(target at most 1.3) and checks every written file's rows, order and value fingerprint.

``--phases`` instead runs the library script and both CLI writes once per round with the CPU
seconds of each phase measured inside the process (``resource.getrusage`` around the library's
own functions): where the CLI's extra time goes.
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
from pathlib import Path

from _harness import ROOT, _ordered, fingerprint

HERE = Path(__file__).resolve().parent
#: bench_peacesciencer's fingerprint (e1098d012d433ba2 before NMC's components became INTEGER)
ROWS, PRINT = 1_912_290, "7114b07a1951b830"
STEPS = ["--add", "capabilities", "--add", "alliances", "--add", "mids:source=gml"]
#: The library build as a user's script runs it, imports included.
LIBRARY = (
    "import detente\n"
    "panel = detente.dyad_years('cow', directed=True, years=(1816, 2016))\n"
    "panel = panel.add_capabilities().add_alliances().add_mids(source='gml')\n"
    "print(panel.to_arrow().num_rows)\n"
)


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


def _cli(out: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Run the CLI once; return its wall seconds, CPU seconds and peak MiB."""
    args = ["-m", "detente", "panel", "dyad-years", "--years", "1816-2016", *STEPS, "--out", str(out)]
    wall, cpu, peak, stdout = _process(args, env)
    if f"{ROWS:,} directed dyad-years" not in stdout:
        sys.exit(f"the CLI's summary does not report {ROWS:,} rows:\n{stdout[:500]}")
    return wall, cpu, peak


def _library_process(env: dict[str, str]) -> tuple[float, float, float]:
    """Run the library build as a script once; return its wall seconds, CPU seconds, peak MiB."""
    wall, cpu, peak, stdout = _process(["-c", LIBRARY], env)
    if stdout.split() != [str(ROWS)]:
        sys.exit(f"the library script built {stdout.strip()!r} rows, expected {ROWS}")
    return wall, cpu, peak


#: Run inside a fresh process (``python -c``): the CLI (argv after ``--``) or the library script
#: (no argv), with the CPU seconds of each phase printed as JSON on stderr's last line.
PHASES = r"""
import json, resource, sys
def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime
marks = [("interpreter start", cpu())]
cli = sys.argv[1:] != []
if cli:
    import detente.cli as face
else:
    import detente
import detente.outputs
from detente.panel import Panel
marks.append(("imports (detente.cli, duckdb, pyarrow)" if cli else "imports", cpu()))
def timed(owner, name, label):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        if label != "summary" and len(marks) == 2:
            bind = "parse arguments, bind the steps' SQL" if cli else "bind the steps' SQL"
            marks.append((bind, cpu()))
        result = inner(*args, **kwargs)
        marks.append((label, cpu()))
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
    panel = detente.dyad_years("cow", directed=True, years=(1816, 2016))
    panel.add_capabilities().add_alliances().add_mids(source="gml").to_arrow()
print(json.dumps([(b[0], b[1] - a[1]) for a, b in zip(marks, marks[1:])]), file=sys.stderr)
"""


def _phases(args: list[str], env: dict[str, str]) -> tuple[dict[str, float], float]:
    """One fresh process running :data:`PHASES`; its CPU seconds per phase and in all."""
    with tempfile.TemporaryFile("w+") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", PHASES, *args], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        _, status, usage = os.wait4(child.pid, 0)
        stderr.seek(0)
        text = stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(text)
    return dict(json.loads(text.strip().splitlines()[-1])), usage.ru_utime + usage.ru_stime


def phases(repeat: int, env: dict[str, str], tmp: Path) -> None:
    """Print the median CPU seconds of each phase of the library script and both CLI writes."""
    cli = ["panel", "dyad-years", "--years", "1816-2016", *STEPS, "--out"]
    kinds = {"library script": [], **{f"CLI --out panel.{k}": [*cli, str(tmp / f"panel.{k}")]
                                       for k in ("parquet", "csv")}}  # fmt: skip
    seen: dict[str, list[tuple[dict[str, float], float]]] = {k: [] for k in kinds}
    for i in range(repeat + 1):  # the first round warms the cache and is dropped
        for kind, args in kinds.items():
            got = _phases(args, env)
            if i:
                seen[kind].append(got)
    print(f"CPU seconds per phase, medians of {repeat} fresh processes each")
    for kind, runs in seen.items():
        total = statistics.median(t for _, t in runs)
        print(f"  {kind}: {total:.2f} s in all")
        for name in runs[0][0]:
            print(f"    {name:42s} {statistics.median(p[name] for p, _ in runs):5.2f}")
        inside = statistics.median(sum(p.values()) for p, _ in runs)
        print(f"    {'interpreter start and exit, the rest':42s} {total - inside:5.2f}")
    print(f"  machine       {os.cpu_count()} CPUs, load {Path('/proc/loadavg').read_text()[:14]}")


def _check(path: Path) -> None:
    import duckdb

    table = duckdb.sql(f"SELECT * FROM '{path}'").to_arrow_table()
    if path.suffix == ".csv":  # CSV loses types: compare the values as the Parquet types
        reference = duckdb.sql(f"SELECT * FROM '{path.with_suffix('.parquet')}' LIMIT 0")
        table = table.cast(reference.to_arrow_table().schema.remove_metadata())
    got = (table.num_rows, fingerprint(table.replace_schema_metadata(None)))
    if got != (ROWS, PRINT):
        sys.exit(f"{path.name}: {got[0]:,} rows, fingerprint {got[1]}; expected {ROWS:,}, {PRINT}")
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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--phases", action="store_true", help="CPU seconds per phase instead")
    args = parser.parse_args()
    env = {**os.environ, "DETENTE_MIRROR": args.mirror}
    if args.phases:
        with tempfile.TemporaryDirectory() as tmp:
            phases(args.repeat, env, Path(tmp))
        return
    library = [sys.executable, str(HERE / "bench_peacesciencer.py"), "--child"]
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
            if (lib["rows"], lib["fingerprint"], lib["ordered"]) != (ROWS, PRINT, True):
                sys.exit(f"library build: {lib}; expected {ROWS:,} rows, {PRINT}, in order")
            walls, used = {"library": lib["wall_s"]}, {"library": lib["cpu_s"]}
            peaks["library"] = max(peaks["library"], lib["peak_mib"])
            walls["process"], used["process"], peak = _library_process(env)
            peaks["process"] = max(peaks["process"], peak)
            for kind in ("parquet", "csv"):
                walls[kind], used[kind], peak = _cli(Path(tmp) / f"panel.{kind}", env)
                peaks[kind] = max(peaks[kind], peak)
            if i:
                for kind in kinds:
                    runs[kind].append(walls[kind])
                    cpus[kind].append(used[kind])
        for kind in ("parquet", "csv"):
            _check(Path(tmp) / f"panel.{kind}")
    med = {k: statistics.median(v) for k, v in runs.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}

    def ratio(kind: str, base: str) -> str:  # medians of per-round ratios (rounds alternate)
        wall = statistics.median(a / b for a, b in zip(runs[kind], runs[base], strict=True))
        used = statistics.median(a / b for a, b in zip(cpus[kind], cpus[base], strict=True))
        return f"{wall:.2f} x wall, {used:.2f} x CPU"

    print("cli: detente panel dyad-years 1816-2016 + capabilities + alliances + GML MIDs --out")
    print(f"  rows          {ROWS:,}; medians of {args.repeat} rounds, each a fresh process")
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
            f"CPU {cpu[kind]:.2f} s, peak {peaks[kind]:,.0f} MiB, {ROWS / med[kind]:,.0f} rows/s"
        )
        print(
            f"    ratio to the in-process build {ratio(kind, 'library')}; "
            f"to the whole-process build {ratio(kind, 'process')} (target 1.3)"
        )
    print(f"  check         {ROWS:,} rows, fingerprint {PRINT} in the library build and both files")
    print(f"  CSV writer    {_csv_writer()}")
    print(f"  machine       {os.cpu_count()} CPUs, load {Path('/proc/loadavg').read_text()[:14]}")


if __name__ == "__main__":
    main()
