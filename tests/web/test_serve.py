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


def test_serve_documents_the_event_folder_option() -> None:
    done = run("serve", "--help")
    assert "--events" in done.stdout and "DETENTE_EVENTS" in done.stdout


def test_serve_refuses_a_missing_event_folder_in_one_line(tmp_path) -> None:
    missing = tmp_path / "no-lake"
    done = run("serve", "--events", str(missing), "--port", "8766")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "--events" in done.stderr and "does not exist" in done.stderr and "no-lake" in done.stderr
    env_done = subprocess.run(
        [sys.executable, "-m", "detente", "serve", "--port", "8767"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", "DETENTE_EVENTS": str(tmp_path)},
        timeout=120,
    )
    assert env_done.returncode == 1 and "holds no ingested events" in env_done.stderr
