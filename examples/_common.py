"""What every example shares: its command line (``--mirror``, ``--out``) and how it draws and saves
its figure. Not an example itself (``tests/test_examples.py`` and the docs' table skip ``_`` files).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any


def pyplot() -> Any:
    """``matplotlib.pyplot``, drawing off screen (the Agg backend: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(fig: Any, out: Path, name: str) -> None:
    """Write ``fig`` to ``out/<name>.png``, making the folder if needed."""
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(out / f"{name}.png", dpi=120, bbox_inches="tight")


def run(main: Callable[[str | None, Path], str], doc: str) -> None:
    """Run an example's ``main(mirror, out)`` with the command line's arguments; print its summary."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--mirror", default=None, help="data mirror (or DETENTE_MIRROR)")
    parser.add_argument("--out", type=Path, default=Path("figures"), help="folder for the figure")
    args = parser.parse_args()
    print(main(args.mirror, args.out))
