"""Generated docs: the committed blocks match the declarations, and every command is documented."""

from __future__ import annotations

from pathlib import Path

import typer

from detente import reference
from detente.cli import app
from detente.steps import STEPS
from detente.tables import all_verbs

ROOT = Path(__file__).resolve().parents[1]


def test_generated_blocks_are_current() -> None:
    stale = reference.stale(ROOT)
    assert not stale, f"{stale}: run `python -m detente.reference` and commit the result"


def test_every_command_step_and_verb_is_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    cli = (ROOT / "docs" / "cli.md").read_text()
    verbs = (ROOT / "docs" / "verbs.md").read_text()
    commands = typer.main.get_command(app).commands
    assert {"panel", "crises", "codes", "deterrence", "events", "serve"} <= set(commands)
    for name in commands:
        assert f"`detente {name}" in readme and f"`detente {name}" in cli, name
    for name in STEPS:
        assert f"| `{name}" in readme, name
    for verb in all_verbs():
        assert f"### `{verb.name}`" in verbs and f"`/api/{verb.name}`" in readme, verb.name
        for column in verb.columns:
            assert f"| `{column}` |" in verbs, (verb.name, column)


def test_step_years_come_from_the_sources() -> None:
    assert reference.step_years(STEPS["armed_conflicts"]) == "1946-2024"
    assert reference.step_years(STEPS["contiguity"]) == "1816-2016"
