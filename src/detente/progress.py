"""Progress for the command line: a Rich display on a terminal, plain lines (or nothing) elsewhere.

On a terminal, stderr shows a spinner (and a bar when the total is known) that disappears when
done. When stderr is not a terminal (logs, pipes, CI), nothing is printed, not even a newline,
unless ``detente --progress`` or ``DETENTE_PROGRESS=1`` asks for progress: then each new step is
one line ``detente: <what>``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

#: Set to 1 (``detente --progress``) for progress lines when stderr is not a terminal.
PROGRESS_ENV = "DETENTE_PROGRESS"


class Lines:
    """Progress as plain lines: one line per new description (silent when ``quiet``)."""

    def __init__(self, console: Console, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.last = ""

    def add_task(self, description: str, total: int | None = None) -> int:
        """Start the one task (prints its description)."""
        self.update(0, description=description)
        return 0

    def update(self, task: Any, description: str | None = None, **_: Any) -> None:
        """Print ``description`` if it is new (advances and totals are not shown)."""
        if description and description != self.last and not self.quiet:
            self.last = description
            self.console.print(f"detente: {description}", highlight=False, soft_wrap=True)


@contextmanager
def progress(
    description: str, console: Console, total: int | None = None, bar: bool = False
) -> Iterator[tuple[Any, Any]]:
    """``(display, task)`` for ``description``: Rich on a terminal, else :class:`Lines`."""
    if not console.is_terminal:
        lines = Lines(console, quiet=os.environ.get(PROGRESS_ENV, "") in ("", "0"))
        yield lines, lines.add_task(description, total)
        return
    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), TextColumn("{task.completed}/{task.total}")]
    elif bar:
        columns.append(BarColumn())
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as display:
        yield display, display.add_task(description, total=total)
