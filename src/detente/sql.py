"""SQL text helpers shared by every layer that writes DuckDB SQL."""

from __future__ import annotations

import os


def literal(text: str | os.PathLike[str]) -> str:
    """A quoted SQL string literal (single quotes doubled), e.g. for a file path.

    >>> literal("O'Brien.csv")
    "'O''Brien.csv'"
    """
    return "'" + str(text).replace("'", "''") + "'"


def identifier(name: str) -> str:
    """A quoted SQL identifier (double quotes doubled), e.g. for a column or view name.

    >>> identifier('milex"1')
    '"milex""1"'
    """
    return '"' + str(name).replace('"', '""') + '"'
