"""``detente serve`` as a user runs it: documented options, and a bad mirror refused in one line."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "detente", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_serve_documents_its_options() -> None:
    done = run("serve", "--help")
    assert done.returncode == 0
    assert all(option in done.stdout for option in ("--host", "--port", "--mirror"))


def test_serve_refuses_a_missing_mirror_in_one_line() -> None:
    done = run("serve", "--mirror", "/no/such/folder", "--port", "8765")
    assert done.returncode == 1
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr
