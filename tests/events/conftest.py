"""Event tests: the session's event folder (every event source of the mirror) and its canonical view."""

from __future__ import annotations

import pytest

from detente.events.canonical import canonical


@pytest.fixture(scope="session")
def lake(event_lake):
    """The session's event folder (tests/conftest.py), named as the event tests use it."""
    return event_lake


@pytest.fixture(scope="session")
def events(lake, wh):
    """The canonical event table over ``lake`` (a view in the warehouse connection)."""
    return canonical(lake, wh).alias
