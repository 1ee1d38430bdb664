"""How a table-returning verb is declared once and becomes a function, a command and an endpoint.

A verb is a plain Python function returning a pyarrow Table. Its face-visible parameters are its
keyword parameters annotated with a type and a :class:`~detente.params.Help`; keyword-only
parameters (``warehouse``) stay Python-only. :func:`table` registers the function with the verb's
name, the sources it reads and its output columns. From that one declaration come:

- the Python function itself (``detente.crisis_outcomes(actor=[750, 770])``);
- a CLI command ``detente <name>`` with one option per parameter (``--actor 750 --actor 770``)
  and ``--out FILE`` (.csv or .parquet) (``detente.cli``);
- an HTTP endpoint ``GET /api/<name>`` with the same parameter names (``detente.web.verbs``);
- a row of the verbs table in README.md and docs/verbs.md (``detente.reference``).

Parameters are parsed by :mod:`detente.params` on every face.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ..errors import InputError
from ..params import Param, params_of
from ..params import parse as parse_params
from ..registry import resolve_source

TableFunction = Callable[..., pa.Table]


@dataclass(frozen=True)
class Verb:
    """A registered table-returning verb."""

    name: str
    function: TableFunction
    sources: tuple[str, ...]
    columns: Mapping[str, str]
    show: tuple[str, ...] = ()
    summary: Callable[[pa.Table], str] | None = field(default=None, compare=False)

    @property
    def python(self) -> str:
        """The function's name in the ``detente`` namespace."""
        return self.function.__name__

    @property
    def doc(self) -> str:
        """The function's docstring."""
        return inspect.getdoc(self.function) or ""

    @property
    def title(self) -> str:
        """The docstring's first line."""
        return self.doc.splitlines()[0] if self.doc else ""

    @property
    def params(self) -> dict[str, Param]:
        """Parameters the faces offer: name, kind (from the type), default and help text."""
        return params_of(self.function)

    def parse(self, raw: Mapping[str, str | Sequence[str]]) -> dict[str, Any]:
        """Typed parameters from the texts a face collected (unknown names refused)."""
        return parse_params(self.params, dict(raw), f"{self.name!r}")

    def run(self, raw: Mapping[str, str | Sequence[str]], warehouse: Any = None) -> pa.Table:
        """Parse ``raw`` and call the function (what the CLI and the HTTP API do)."""
        return self.function(**self.parse(raw), warehouse=warehouse)


VERBS: dict[str, Verb] = {}


def table(
    name: str,
    sources: tuple[str, ...],
    columns: Mapping[str, str],
    show: tuple[str, ...] = (),
    summary: Callable[[pa.Table], str] | None = None,
) -> Callable[[TableFunction], TableFunction]:
    """Register a table-returning verb (see the module docstring); the function is returned as is."""

    def register(function: TableFunction) -> TableFunction:
        ids = tuple(resolve_source(s) for s in sources)  # a family ("nmc") -> its default version
        spec = Verb(name, function, ids, dict(columns), tuple(show), summary)
        spec.params  # noqa: B018  (every face-visible parameter must have a parseable type)
        if "warehouse" not in inspect.signature(function).parameters:
            raise TypeError(f"verb {name!r}: {function.__name__} needs a keyword-only `warehouse`")
        VERBS[name] = spec
        return function

    return register


def get_verb(name: str) -> Verb:
    """The registered verb called ``name``, or an error suggesting close names."""
    from . import _discover  # noqa: F401

    if name not in VERBS:
        close = difflib.get_close_matches(name, VERBS, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(VERBS))}"
        raise InputError(f"unknown table {name!r}; {hint}")
    return VERBS[name]


def all_verbs() -> list[Verb]:
    """Every registered verb, by name."""
    from . import _discover  # noqa: F401

    return [VERBS[k] for k in sorted(VERBS)]
