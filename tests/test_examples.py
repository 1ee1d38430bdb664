"""The worked analyses in examples/ run and write their figures (so they cannot rot)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="matplotlib is not installed (extra: docs; CI installs it)")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
#: Each example, its figure and a fact its summary line states.
EXPECTED = {
    "nato_burden_sharing": "US share of NATO spending: 71% in 1990",
    "india_pakistan_crises": "15 crises, 3 wars",
    "alliance_networks": "1914: 14 defence ties among 13 states",  # COW 2024 state list
    "us_troops_abroad": "US troops abroad peaked in 1968",
    "dyad_event_alerts": "4 USA-Russia alerts",
}


def test_every_example_is_checked() -> None:
    """Every script but the shared helpers (``_common.py``) is an example run here."""
    assert {p.stem for p in EXAMPLES.glob("[!_]*.py")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_and_writes_its_figure(name, mirror, cache, tmp_path) -> None:
    env = {**os.environ, "DETENTE_CACHE": str(cache), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), "--mirror", str(mirror), "--out", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert EXPECTED[name] in done.stdout, done.stdout
    figure = tmp_path / f"{name}.png"
    assert figure.stat().st_size > 10_000
