"""Root test set-up: docstring examples run against the real-data mirror with a throw-away cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
MIRROR = Path(os.environ.get("DETENTE_MIRROR", ROOT.parent / "shared" / "data")).resolve()


@pytest.fixture(autouse=True)
def _doctest_warehouse(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Point docstring examples at the mirror (paths in examples are relative to the project)."""
    if isinstance(request.node, pytest.DoctestItem):
        import detente

        cache = tmp_path_factory.getbasetemp() / "doctest-cache"
        monkeypatch.chdir(ROOT)
        monkeypatch.setenv("DETENTE_CACHE", str(cache))  # examples that build their own warehouse
        detente.configure(mirror=MIRROR, cache=cache)
