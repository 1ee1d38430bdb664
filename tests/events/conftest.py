"""Event tests: one ingest folder with the four event sources of the mirror, built once."""

from __future__ import annotations

import pytest

from detente.events.canonical import canonical
from detente.events.ingest import ingest


@pytest.fixture(scope="session")
def lake(tmp_path_factory, mirror, wh):
    """GDELT 1.0/2.0, ICEWS and PLOVER samples ingested into one folder."""
    out = tmp_path_factory.mktemp("events-lake")
    for what in ("gdelt-2.0-sample", "gdelt-sample", "icews-sample", "plover"):
        ingest(what, out, mirror=mirror)
    return out


@pytest.fixture(scope="session")
def events(lake, wh):
    """The canonical event table over ``lake`` (a view in the warehouse connection)."""
    return canonical(lake, wh).alias
