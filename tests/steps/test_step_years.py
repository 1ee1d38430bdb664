"""Every step keeps its own source's years on the COW 2024 panel 1816-2024 (and extended panels).

For each registered step with its default parameters, the years in which any column it adds has
a value lie inside the step's declared years (``Step.years``, from its sources' declarations),
and reach the last year the issue lists for its source (NMC to 2022, ATOP to 2018, SIPRI to 2023,
troops to 2024, V-Dem to 2023, UCDP to 2024, contiguity to 2016, ...).
"""

from __future__ import annotations

import pytest

import detente
from detente.panel import STATE_YEAR
from detente.steps import STEPS, _discover  # noqa: F401

from helpers import q

#: step -> the last year it has values for (source's years, as published)
LAST_YEAR = {
    "capabilities": 2022,  # NMC 7.0
    "alliances": 2018,  # ATOP 5.1
    "alliance_centrality": 2018,
    "similarity": 2018,
    "spending": 2023,  # SIPRI milex
    "troops_abroad": 2024,  # troopdata rebuild (its reports table runs into 2025)
    "oversight": 2023,  # V-Dem v14
    "armed_conflicts": 2024,  # UCDP/PRIO 25.1
    "contiguity": 2016,  # COW Direct Contiguity 3.2
    "arms_transfers": 2024,
    "ideal_points": 2024,
    "crises": 2020,  # ICB 15
    "cyber": 2021,  # DCID 2.0
    "mids": 2010,  # GML MID 2.2 (the default source)
    "confrontations": 2014,  # MIE 1.0
    "peace_years": 2010,
    "wars": 2007,  # COW inter-state wars 4.0
    "igos": 2014,  # COW IGO 3.0
    "leaders": 2015,  # Archigos 4.1
    "peacekeeping": 2019,  # RADPKO; Bara & Hultman to 2016
    "exercises": 2010,  # MME 7 (the default source)
    "visits": 2012,  # US officials' visits
    "expected_utility": 2018,  # ATOP 5.1 portfolios (NMC 7.0 runs to 2022)
    "defence_diplomacy": 2024,
}


@pytest.fixture(scope="module")
def bases(wh):
    return {
        "state": detente.state_years(years=(1816, 2024)),
        "dyad": detente.dyad_years(years=(2010, 2024)),
    }


def test_every_step_is_listed() -> None:
    assert set(LAST_YEAR) == set(STEPS)


@pytest.mark.parametrize("name", sorted(LAST_YEAR))
def test_values_stay_inside_the_steps_years(wh, bases, name) -> None:
    spec = STEPS[name]
    base = bases["state" if STATE_YEAR in spec.units else "dyad"]
    panel = base.add(name)
    added = [c for c in panel.columns if c not in base.columns]
    any_value = " OR ".join(f'"{c}" IS NOT NULL' for c in added)
    [(first, last)] = q(wh, f"SELECT min(year), max(year) FROM ({panel.sql}) WHERE {any_value}")
    lo, hi = spec.years
    assert lo <= first and last <= hi, (name, (first, last), spec.years)
    assert last == LAST_YEAR[name]  # and after it every added value is null, never 0


@pytest.mark.parametrize("name", ["capabilities", "troops_abroad", "armed_conflicts", "oversight"])
def test_extended_gw_panels_reach_each_sources_last_year(wh, name) -> None:
    """G&W's list ends in 2017; extended to 2024, each step still reads its own source's years."""
    base = detente.state_years("gw", years=(2015, 2024), extend_to=2024)
    panel = base.add(name)
    added = [c for c in panel.columns if c not in base.columns]
    any_value = " OR ".join(f'"{c}" IS NOT NULL' for c in added)
    [(last,)] = q(wh, f"SELECT max(year) FROM ({panel.sql}) WHERE {any_value}")
    assert last == LAST_YEAR[name]


def test_the_steps_command_lists_each_steps_years() -> None:
    from typer.testing import CliRunner

    from detente.cli import app

    result = CliRunner().invoke(app, ["steps"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if x.strip("│ ").startswith("capabilities"))
    assert "1816-2022" in line and "cow-nmc-7.0 1816-2022" in line
