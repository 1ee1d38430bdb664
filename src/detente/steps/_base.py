"""How a step is declared once and becomes a Panel method, a CLI ``--add`` value and a citation.

A step is a function ``(panel, **params) -> sql`` plus the units it supports and the sources it
reads. :func:`step` registers it and attaches ``Panel.add_<name>``; the wrapper checks the unit,
calls the function and records sources and parameters in the new panel's provenance.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from ..errors import InputError
from ..panel import Panel
from ..params import Param, params_of
from ..params import parse as parse_params
from ..registry import get_source, resolve_source

StepFunction = Callable[..., str]
#: The sources a step reads: fixed, or chosen from its (defaulted) parameters and the panel's unit.
#: An entry may name a source family ("nmc"), resolved to the panel's pinned or newest version.
StepSources = tuple[str, ...] | Callable[[dict[str, Any], str], tuple[str, ...]]


@dataclass(frozen=True)
class Step:
    """A registered panel step."""

    name: str
    function: StepFunction
    units: tuple[str, ...]
    sources: StepSources
    #: The years the step's values cover, when narrower than its sources' span (from the
    #: defaulted parameters), e.g. similarity: ATOP's years only, NMC merely weights them.
    domain: Callable[[dict[str, Any]], tuple[int, int]] | None = None

    @property
    def doc(self) -> str:
        """The step's docstring (what it adds and the rules it applies)."""
        return inspect.getdoc(self.function) or ""

    @property
    def parameters(self) -> dict[str, inspect.Parameter]:
        """Keyword parameters the step accepts (beyond the panel)."""
        params = list(inspect.signature(self.function).parameters.values())[1:]
        return {p.name: p for p in params}

    @property
    def params(self) -> dict[str, Param]:
        """The step's parameters as the faces see them: kind (from the type), default, help."""
        return params_of(self.function, skip=1)

    def parse(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Typed parameters from their texts (``{"rules": "earliest+onset"}``), as every face parses.

        >>> get_step("crises").parse({"rules": "earliest+onset"})
        {'rules': ['earliest', 'onset']}
        """
        return parse_params(self.params, raw, f"step {self.name!r}")

    def sources_for(
        self, params: dict[str, Any], unit: str, versions: dict[str, str] | None = None
    ) -> tuple[str, ...]:
        """The source ids this step reads on a ``unit`` panel with ``params`` (defaults filled in)
        and ``versions`` pinned (families resolve to their newest version otherwise)."""
        names = self.sources(self._defaults(params), unit) if callable(self.sources) else self.sources
        return tuple(dict.fromkeys(resolve_source(n, versions) for n in names))

    def _defaults(self, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """``params`` with the step's defaults filled in."""
        bound = inspect.signature(self.function).bind_partial(None, **(params or {}))
        bound.apply_defaults()
        return {k: v for k, v in bound.arguments.items() if k in self.parameters}

    @property
    def source_years(self) -> dict[str, tuple[int, int]]:
        """Each source the step reads by default (any unit) and the years its values cover."""
        ids = dict.fromkeys(i for unit in self.units for i in self.sources_for({}, unit))
        return {i: get_source(i).years for i in ids if get_source(i).years}

    @property
    def years(self) -> tuple[int, int] | None:
        """The years the step has values for: the span of its sources' declared years, leaving
        out the state lists that define who is a member (COW states and majors, G&W).

        >>> from detente.steps import get_step
        >>> get_step("capabilities").years
        (1816, 2022)
        """
        if self.domain is not None:
            return self.domain(self._defaults())
        spans = [y for i, y in self.source_years.items() if not i.startswith(_MEMBERSHIP_LISTS)]
        if not spans:
            return None
        return min(lo for lo, _ in spans), max(hi for _, hi in spans)

    def apply(self, panel: Panel, **params: Any) -> Panel:
        """Run the step on ``panel`` and return the extended panel."""
        panel.require_unit(*self.units, step=self.name)
        unknown = set(params) - set(self.parameters)
        if unknown:
            raise InputError(
                f"step {self.name!r} has no parameter(s) {sorted(unknown)}; "
                f"it takes {sorted(self.parameters) or 'none'}"
            )
        sql = self.function(panel, **params)
        columns = panel.wh.con.sql(sql).columns  # binds the query; computes nothing
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        if repeated:
            raise InputError(
                f"step {self.name!r} would add column(s) the panel already has: {repeated} "
                "(a step that adds the same columns can be applied once)"
            )
        used = self.sources_for(params, panel.unit, dict(panel.versions))
        return panel.extend(sql, used, {"step": self.name, **params}, self._part(panel, params, columns))

    def _part(self, panel: Panel, params: dict[str, Any], columns: list[str]) -> str | None:
        """The step applied to the panel's keys alone (see ``Panel.keys``), if it adds the same
        columns there, else None (e.g. a step reading a column an earlier step added)."""
        keys = panel.keys()
        if keys is None:
            return None
        part = self.function(keys, **params)
        try:
            base, added = panel.wh.con.sql(keys.sql).columns, panel.wh.con.sql(part).columns
        except duckdb.Error:
            return None
        new = [c for c in added if c not in base]
        return part if added[: len(base)] == base and columns[len(columns) - len(new) :] == new else None


#: Source ids of state-membership lists: they say who is a state, not what a step measures.
_MEMBERSHIP_LISTS = ("cow-states-", "cow-majors-", "gw-")


STEPS: dict[str, Step] = {}


def step(
    name: str,
    units: tuple[str, ...],
    sources: StepSources,
    domain: Callable[[dict[str, Any]], tuple[int, int]] | None = None,
) -> Callable[[StepFunction], StepFunction]:
    """Register a step and attach it to :class:`Panel` as ``add_<name>``."""

    def register(function: StepFunction) -> StepFunction:
        spec = Step(name, function, units, sources, domain)
        STEPS[name] = spec

        def method(self: Panel, **params: Any) -> Panel:
            return spec.apply(self, **params)

        method.__name__ = f"add_{name}"
        method.__doc__ = function.__doc__
        method.__signature__ = inspect.signature(function).replace(  # type: ignore[attr-defined]
            return_annotation="Panel"
        )
        setattr(Panel, method.__name__, method)
        return function

    return register


def parse_add(text: str) -> tuple[str, dict[str, str]]:
    """``alliances:obligations=defense+offense,provisions=basing`` -> (name, {param: text}).

    The syntax of ``detente panel --add`` and of ``/api/panel?steps=``.

    >>> parse_add("alliances:obligations=defense+offense,provisions=basing")
    ('alliances', {'obligations': 'defense+offense', 'provisions': 'basing'})
    """
    name, _, rest = text.partition(":")
    params: dict[str, str] = {}
    for item in rest.split(",") if rest else []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"--add {name}: {item!r}: expected NAME=VALUE")
        params[key.strip()] = value.strip()
    return name.strip(), params


def get_step(name: str) -> Step:
    """The registered step called ``name``, or an error suggesting close names."""
    from . import _discover  # noqa: F401

    if name not in STEPS:
        close = difflib.get_close_matches(name, STEPS, n=3)
        hint = (
            f"did you mean {', '.join(close)}?" if close else f"known steps: {', '.join(sorted(STEPS))}"
        )
        raise InputError(f"unknown step {name!r}; {hint}")
    return STEPS[name]
