"""The documentation site builds strictly (no broken links, every API reference resolves)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs", reason="mkdocs is not installed (extra: docs; CI installs it)")
pytest.importorskip("mkdocstrings", reason="mkdocstrings is not installed (extra: docs)")

ROOT = Path(__file__).resolve().parents[1]


def test_mkdocs_build_strict(tmp_path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    api = (tmp_path / "api" / "index.html").read_text()
    assert "crisis_outcomes" in api and '<span class="gp">&gt;&gt;&gt; </span>' in api  # doctests
    assert (tmp_path / "verbs" / "index.html").exists()
