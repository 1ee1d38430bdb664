"""Shared test set-up: the real-data mirror beside the project, and a throw-away cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import loopback as _loopback
import pytest

import detente
from detente.warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]
MIRROR = Path(os.environ.get("DETENTE_MIRROR", ROOT.parent / "shared" / "data")).resolve()


def pytest_configure(config: pytest.Config) -> None:
    if not MIRROR.is_dir():
        raise pytest.UsageError(
            f"the real-data mirror {MIRROR} is missing: the tests check facts about real files; "
            "put ../shared/data beside the project or set DETENTE_MIRROR"
        )


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The folder laid out like ../shared/data (one sub-folder per source id)."""
    return MIRROR


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session-wide cache folder, so every test run starts from an empty cache."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _keep_the_default_warehouse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every test the process-wide warehouse it started with: an in-process CLI call
    (``--mirror``) replaces it, and panels built on another warehouse name views this one lacks."""
    from detente import warehouse

    monkeypatch.setattr(warehouse, "_default", warehouse._default)


@pytest.fixture(scope="session")
def wh(mirror: Path, cache: Path) -> Warehouse:
    """The process-wide warehouse, pointed at the mirror with a fresh cache."""
    return detente.configure(mirror=mirror, cache=cache)


@pytest.fixture(scope="session")
def cow_dyads(wh):
    """The full directed COW 2016 dyad-year panel 1816-2016 with the foundation steps (NMC 6.0),
    computed once: the panel of the published COW 2016 results."""
    panel = detente.dyad_years("cow2016", versions={"nmc": "6.0"})
    panel = panel.add_capabilities().add_alliances().add_contiguity()
    return panel.to_arrow()


@pytest.fixture(scope="session")
def event_lake(tmp_path_factory, mirror, wh):
    """Every registered event source of the mirror (GDELT 1.0/2.0, ICEWS, PLOVER) in one folder."""
    from detente.events.ingest import SOURCE_EVENT_FILES, ingest

    out = tmp_path_factory.mktemp("events-lake")
    for what in SOURCE_EVENT_FILES:
        ingest(what, out, mirror=mirror)
    return out


@pytest.fixture(scope="session")
def loopback() -> Iterator[_loopback.Server]:
    """A loopback HTTP server standing in for publishers (no real network); see tests/loopback.py."""
    with _loopback.running() as server:
        yield server


@pytest.fixture
def publisher(loopback, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """The registered source and file the test module's ``PUBLISHED`` names, with only that
    file's URL replaced by the loopback server's, which serves the module's stand-in bytes."""
    _loopback.offline(monkeypatch)
    return _loopback.publish(loopback, request.module.PUBLISHED)
