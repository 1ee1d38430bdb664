"""The detente command as a user runs it: a subprocess, real files, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest


def run(*args: str, cache, mirror=None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DETENTE_CACHE": str(cache), "COLUMNS": "200"}
    env.pop("DETENTE_MIRROR", None)
    if mirror is not None:
        env["DETENTE_MIRROR"] = str(mirror)
    return subprocess.run(
        [sys.executable, "-m", "detente", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_panel_writes_parquet_prints_summary_and_cites(tmp_path, mirror, cache) -> None:
    out = tmp_path / "sy.parquet"
    bib = tmp_path / "sy.bib"
    done = run(
        "panel", "state-years", "--years", "1946-2016", "--add", "capabilities",
        "--add", "alliances:obligations=defense+nonagg,provisions=military_aid", "--add", "contiguity",
        "--out", str(out), "--cite", str(bib), "--mirror", str(mirror), cache=cache,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "state-years, COW system, 1946-2016" in done.stdout
    table = pq.read_table(out)
    assert {"cinc", "atop_defense", "atop_nonagg", "n_land"} <= set(table.column_names)
    assert "atop_offense" not in table.column_names
    meta = json.loads(pq.read_schema(out).metadata[b"detente"])
    assert meta["steps"][2] == {
        "step": "alliances", "obligations": ["defense", "nonagg"], "provisions": ["military_aid"],
    }  # fmt: skip
    assert "@article{stinnett_et_al_2002," in bib.read_text()
    cited = run("cite", str(out), cache=cache)
    assert cited.returncode == 0
    assert (
        cited.stdout.count("\n% ") + cited.stdout.startswith("% ") == 4
    )  # states, NMC, ATOP, contiguity


def test_sources_and_fetch(mirror, cache) -> None:
    fetched = run("fetch", "cow-states-2016", "atop-5.1", "--mirror", str(mirror), cache=cache)
    assert fetched.returncode == 0, fetched.stderr
    listing = run("sources", cache=cache)
    assert listing.returncode == 0
    row = next(line for line in listing.stdout.splitlines() if "atop-5.1" in line)
    assert "yes" in row


def test_peacesciencer_gml_mids_from_the_command_line(tmp_path, mirror, cache) -> None:
    out = tmp_path / "ps.parquet"
    done = run(
        "panel", "dyad-years", "--years", "1990-1991", "--add", "mids:dyads=gml,rules=peacesciencer",
        "--out", str(out), "--mirror", str(mirror), cache=cache,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert {"gmlmidongoing", "gmlmidonset", "dispnum"} <= set(table.column_names)
    assert pq.read_table(out).column("gmlmidongoing").to_pylist().count(1) > 100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fetch", "cow-nmc-9.9"], "unknown source 'cow-nmc-9.9'"),
        (["panel", "dyad-years", "--add", "alliance", "--out", "x.parquet"], "unknown step 'alliance'"),
        (["panel", "dyad-years", "--years", "2020-2030", "--out", "x.parquet"], "outside"),
        (
            ["panel", "dyad-years", "--years", "2000-1990", "--out", "x.parquet"],
            "start is after the end",
        ),
        (["panel", "dyad-years", "--system", "cowgw", "--out", "x.parquet"], "unknown state system"),
        (["panel", "country-years", "--out", "x.parquet"], "unknown panel unit"),
        (["panel", "state-years", "--add", "alliances:treaty=1", "--out", "x.parquet"], "no parameter"),
        (["cite", "no-such-panel.parquet"], "not a readable Parquet file"),
        (["fetch", "atop-5.1", "--mirror", "/no/such/folder"], "does not exist"),
        (["validate", "--out", "no/such/folder/validation.md"], "does not exist"),
        (
            ["panel", "dyad-years", "--add", "mids:rules=peacesciencer", "--out", "x.parquet"],
            "dyads='gml'",
        ),
    ],
)
def test_bad_input_gives_one_clear_line(args, message, tmp_path, mirror, cache) -> None:
    done = run(*args, cache=cache, mirror=mirror)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_corrupt_mirror_file_is_named(tmp_path, cache) -> None:
    bad = tmp_path / "mirror" / "cow-states-2016"
    bad.mkdir(parents=True)
    (bad / "states2016.csv").write_text("stateabb,ccode\nUSA,2\n")  # truncated
    done = run("fetch", "cow-states-2016", "--mirror", str(tmp_path / "mirror"), cache=tmp_path / "c")
    assert done.returncode == 1
    assert "cow-states-2016/states2016.csv: sha256 mismatch" in done.stderr
    assert "Traceback" not in done.stderr


def test_steps_names_are_whole_in_a_narrow_pipe(cache) -> None:
    from detente.steps import STEPS

    env = {**os.environ, "DETENTE_CACHE": str(cache), "COLUMNS": "50"}
    done = subprocess.run(
        [sys.executable, "-m", "detente", "steps"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    names = {line.split("│")[1].strip() for line in done.stdout.splitlines() if line.count("│") > 2}
    assert set(STEPS) <= names


def test_progress_lines_when_not_a_terminal_and_sources_mirror(mirror, cache) -> None:
    done = run("--progress", "codes", "ROK", cache=cache)
    assert done.returncode == 0, done.stderr
    assert "detente: building codes" in done.stderr
    assert "732" in done.stdout and "South Korea" in done.stdout
    quiet = run("codes", "ROK", cache=cache)
    assert quiet.stderr == ""
    listing = run("sources", "--mirror", str(mirror), cache=cache)
    assert listing.returncode == 0, listing.stderr
    row = next(line for line in listing.stdout.splitlines() if "icb-15" in line)
    assert row.rstrip(" │").endswith("yes")  # every ICB file is in the mirror


def test_table_verbs_on_the_command_line(tmp_path, mirror, cache) -> None:
    out = tmp_path / "ip.parquet"
    args = ("crises", "--actor", "750", "--actor", "770", "--out", str(out))
    done = run(*args, cache=cache, mirror=mirror)
    assert done.returncode == 0, done.stderr
    assert "first 10 of 15 rows" in done.stdout and "KARGIL" in done.stdout
    assert pq.read_table(out).num_rows == 15
    bad = run("crises", "--years", "1800", cache=cache, mirror=mirror)
    assert bad.returncode == 1 and "fall outside ICB 15's" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
