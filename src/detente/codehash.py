"""Which of detente's own files a parser depends on, so a cached parsed table is keyed by them.

A parser's module imports helpers (``sources/_read.py``, ``sql.py``, ...) whose changes change its
output as much as its own; the package data files they name (``data/atop_asymmetric.csv``) too.
The dependencies are read from the modules' ``import`` statements (not by importing anything):
every detente module imported, at the top or inside a function, but not under
``if TYPE_CHECKING:`` (annotations only).

>>> from detente.sources.nmc import parse_nmc
>>> {"detente.sources.nmc", "detente.sources._read", "detente.sql"} <= set(depends_on(parse_nmc))
True
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PACKAGE = "detente"
ROOT = Path(__file__).parent


def depends_on(function: Callable[..., Any]) -> dict[str, Path]:
    """The detente modules ``function``'s module imports, directly or through others, with itself
    (module name -> source file), plus the package data files they name (path -> path)."""
    found: dict[str, Path] = {}
    todo = [function.__module__]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        path = _source_file(name)
        if path is None:
            continue
        found[name] = path
        imports, names = _imports(name, path)
        todo.extend(imports)
        for text in names:  # a data file the module names, e.g. atop_asymmetric.csv
            for data in (ROOT / "data" / text, path.parent / text):
                if data.suffix != ".py" and data.is_file():
                    found[str(data.relative_to(ROOT))] = data
    return found


def digest(function: Callable[..., Any]) -> bytes:
    """The sha256 of every file ``function`` depends on (see :func:`depends_on`), by name.

    >>> from detente.sources.nmc import parse_nmc
    >>> len(digest(parse_nmc))
    32
    """
    h = hashlib.sha256()
    for name, path in sorted(depends_on(function).items()):
        h.update(name.encode() + b"\0" + read(path) + b"\0")
    return h.digest()


def read(path: Path) -> bytes:
    """A file's bytes (one place, so a test can stand in a changed helper)."""
    return path.read_bytes()


@functools.cache
def _source_file(name: str) -> Path | None:
    """The .py file of detente module ``name`` (None for other packages and non-modules)."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


@functools.cache
def _imports(name: str, path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The modules ``name`` imports (absolute names) and the file names quoted in its source."""
    source = path.read_bytes()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    modules: list[str] = []
    for node in _statements(ast.parse(source).body):
        if isinstance(node, ast.Import):
            modules += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            subs = [f"{base}.{a.name}" for a in node.names if _source_file(f"{base}.{a.name}")]
            if len(subs) < len(node.names):  # names defined in ``base`` itself, not submodules
                modules.append(base)
            modules += subs
    texts = re.findall(rb"""["']([\w-]+\.\w{2,5})["']""", source)  # quoted file names
    return tuple(m for m in modules if _source_file(m)), tuple(t.decode() for t in texts)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement in ``body`` and the blocks within (functions, ifs, tries), except those
    under ``if TYPE_CHECKING:``; expressions are not entered (imports are statements)."""
    for node in body:
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _statements(node.orelse)
            continue
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                yield from _statements(block)
