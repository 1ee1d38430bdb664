"""Extended-deterrence cases with MIC confrontations (MIE 1.0) as the conflict source."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import detente
from detente.errors import InputError
from detente.models.deterrence import mic_participants_sql

from helpers import q


@pytest.fixture(scope="module")
def mic_cases(wh):
    return detente.deterrence_cases(years=(1816, 2014), source="mic", warehouse=wh)


def test_same_shape_as_mid_cases_without_outcomes(wh, mic_cases) -> None:
    """15,496 cases in 1,039 confrontations; the MID table's columns; MIE has no outcomes."""
    mid = detente.deterrence_cases(years=(2000, 2001), warehouse=wh)
    assert mic_cases.schema.names == mid.schema.names
    assert (mic_cases.num_rows, len(set(mic_cases["dispnum"].to_pylist()))) == (15496, 1039)
    assert mic_cases["challenger_backed_down"].null_count == mic_cases.num_rows
    assert mic_cases["outcome"].null_count == mic_cases.num_rows
    meta = mic_cases.schema.metadata[b"detente"].decode()
    assert '"conflict_source": "mic"' in meta and "mie-1.0" in meta and "cow-mid-5.0" not in meta


def test_mic_participants_from_events(wh) -> None:
    """Crimea (4683): Russia side A, originator, occupation (14); Ukraine side B, alerts (11)."""
    parts = mic_participants_sql(wh.view_name("mie-1.0", "events"))
    got = q(
        wh, f"SELECT ccode, sidea, orig, hiact, hostlev FROM {parts} WHERE dispnum = 4683 ORDER BY 1"
    )
    assert got == [(365, True, True, 14, 4), (369, False, True, 11, 3)]


def test_every_challenger_reached_the_threshold(wh) -> None:
    force = detente.deterrence_cases(years=(1946, 2014), min_hostility=4, source="mic", warehouse=wh)
    assert force.num_rows > 0 and min(force["challenger_hostlev"].to_pylist()) >= 4
    with pytest.raises(InputError, match="unknown source 'icb'"):
        detente.deterrence_cases(source="icb", warehouse=wh)


def test_cli_source_option(mirror, cache) -> None:
    env_args = [
        "deterrence",
        "--source",
        "mic",
        "--years",
        "2014",
        "--rows",
        "1",
        "--mirror",
        str(mirror),
    ]
    env = {**os.environ, "DETENTE_CACHE": str(cache), "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "detente", *env_args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "cases in" in proc.stdout
