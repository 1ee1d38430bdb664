"""What every ``detente`` command shares: the consoles, the --mirror option, progress on stderr, the
warehouse.

The top-level CLI (:mod:`detente.cli`) and the commands of a model or facet kept beside their code
(e.g. :mod:`detente.models.forecast.cli`) both import from here, so no command reaches back up into
``detente.cli``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from .progress import progress as progress_display

#: Piped output is not cut to 80 columns: rows stay whole for grep and files.
out = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 400)
err = Console(stderr=True)

Mirror = Annotated[
    Path | None,
    typer.Option("--mirror", help="Folder laid out as <mirror>/<source-id>/<file> (or DETENTE_MIRROR)."),
]


@contextmanager
def show_progress(description: str, total: int | None = None) -> Iterator[tuple[Any, Any]]:
    """Progress on stderr (:mod:`detente.progress`)."""
    with progress_display(description, err, total) as shown:
        yield shown


def configured_warehouse(mirror: Path | None, progress: Any = None, task: Any = None):
    """The warehouse for ``mirror``, naming each file it reads or fetches on ``progress``."""
    from .warehouse import configure

    def report(source: str, file: str, how: str) -> None:
        if progress is not None:
            progress.update(task, description=f"{source}/{file} ({how})")

    return configure(mirror=mirror, progress=report)
