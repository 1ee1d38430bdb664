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
        cited.stdout.count("\n% ") + cited.stdout.startswith("% ") == 5
    )  # states, NMC, majors (the states' BibTeX entry, not repeated), ATOP, contiguity
    assert cited.stdout.count("@misc{cow_states_2024,") == 1


def test_panel_extends_a_system_and_pins_a_source_version(tmp_path, mirror, cache) -> None:
    out = tmp_path / "gw.parquet"
    done = run(
        "panel", "state-years", "--system", "gw", "--extend-to", "2024", "--years", "2015-2024",
        "--source-version", "nmc=6.0", "--add", "capabilities", "--out", str(out),
        "--mirror", str(mirror), cache=cache,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "GW system (states alive at the end of its list carried forward to 2024)" in done.stdout
    meta = json.loads(pq.read_schema(out).metadata[b"detente"])
    assert (meta["extend_to"], meta["versions"]) == (2024, {"nmc": "6.0"})
    cited = run("cite", str(out), cache=cache)
    assert "v6.0" in cited.stdout and "v7.0" not in cited.stdout


def test_table_command_and_bad_table(tmp_path, mirror, cache) -> None:
    out = tmp_path / "troops.csv"
    done = run(
        "table", "us-troops", "troopdata", "--out", str(out), "--mirror", str(mirror), cache=cache
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("countryname,")
    nmc = tmp_path / "nmc.parquet"
    done = run("table", "cow-nmc-7.0", "nmc", "--out", str(nmc), "--mirror", str(mirror), cache=cache)
    assert done.returncode == 0 and pq.read_metadata(nmc).num_rows == 17121
    bad = run("table", "us-troops", "nope", "--out", str(out), cache=cache, mirror=mirror)
    assert bad.returncode == 1 and "has no table 'nope'" in bad.stderr


def test_panel_with_exercises_and_visits(tmp_path, mirror, cache) -> None:
    out = tmp_path / "dy.parquet"
    done = run(
        "panel", "dyad-years", "--years", "1985-1986", "--add", "exercises:source=jme",
        "--add", "exercises:source=mme,focus=warfighting,domain=sea+amphibious",
        "--add", "visits", "--out", str(out), "--mirror", str(mirror), cache=cache,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out).to_pandas()
    assert {"jme_exercises", "mme_exercises", "mme_largest_name", "us_visits"} <= set(table.columns)
    assert table.us_visits.isna().all()  # before the visits file's 1992
    us_tha = table[(table.ccode1 == 2) & (table.ccode2 == 800) & (table.year == 1986)].iloc[0]
    assert us_tha.mme_largest_name == "Cobra Gold 86" and us_tha.jme_exercises >= 1


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
        (["fetch", "capdist", "--accept-hash", "capdist.csv"], "'capdist.csv': expected FILE=SHA256"),
        (["fetch", "capdist", "--accept-hash", "capdist.csv=abc"], "'capdist.csv=abc': expected FILE"),
        (["panel", "dyad-years", "--add", "alliance", "--out", "x.parquet"], "unknown step 'alliance'"),
        (["panel", "dyad-years", "--years", "2020-2030", "--out", "x.parquet"], "outside"),
        (
            ["panel", "dyad-years", "--years", "2000-1990", "--out", "x.parquet"],
            "start is after the end",
        ),
        (["panel", "dyad-years", "--system", "cowgw", "--out", "x.parquet"], "unknown state system"),
        (["panel", "country-years", "--out", "x.parquet"], "unknown panel unit"),
        (["panel", "state-years", "--extend-to", "2010", "--out", "x.parquet"], "list ends in 2024"),
        (
            ["panel", "state-years", "--source-version", "nmc=5.0", "--out", "x.parquet"],
            "nmc version '5.0' is not registered",
        ),
        (["panel", "state-years", "--source-version", "nmc", "--out", "x.parquet"], "FAMILY=VERSION"),
        (["panel", "state-years", "--add", "alliances:treaty=1", "--out", "x.parquet"], "no parameter"),
        (
            ["panel", "state-years", "--add", "exercises:source=nato", "--out", "x.parquet"],
            "unknown source 'nato'",
        ),
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


def test_panel_command_loads_no_table_verb_but_every_command_is_listed() -> None:
    # `detente panel` resolves without importing the table verbs, events or forecast (their
    # modules cost a tenth of a second of CPU per run); the full list still has them all.
    code = (
        "import sys, typer\n"
        "from detente.cli import app\n"
        "group = typer.main.get_command(app)\n"
        "assert group.get_command(None, 'panel') is not None\n"
        "lazy = [m for m in sys.modules if m.startswith(('detente.tables', 'detente.events',"
        " 'detente.models'))]\n"
        "assert not lazy, lazy\n"
        "assert {'crises', 'events', 'forecast', 'panel'} <= set(group.list_commands(None))\n"
        "assert group.get_command(None, 'crises') is not None\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
