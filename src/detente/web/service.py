"""The web layer's one door to the library: every answer comes from detente's public functions.

Nothing here queries a source itself. State profiles are the state-year panel with every
state-year step in :data:`detente.steps.STEPS` (built once per warehouse and system), dyad
profiles the directed dyad-year panel with every dyad-year step, filtered to one pair; case lists
come from ``detente.crisis_outcomes`` and ``detente.deterrence_cases``; the alliance network from
``detente.alliance_network`` when the library has it, otherwise from the ``alliances`` step and
:func:`detente.steps.alliances.member_years_sql`; event timelines and alerts from
:func:`detente.events.indicators.indicators` and :func:`detente.events.alerts.alerts` over the
ingest folder the server was started with. Results are cached per service (one per warehouse),
and one lock serialises use of the warehouse's DuckDB connection.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import detente
from detente.errors import DetenteError, InputError
from detente.panel import DYAD_YEAR, STATE_YEAR, Panel
from detente.registry import all_sources, get_source
from detente.steps import STEPS, get_step
from detente.systems import SYSTEMS, System, get_system, parse_years
from detente.warehouse import Warehouse, default_warehouse

from .shapes import iso_numeric

#: Identifier columns: never offered as a measure.
KEYS = {"ccode", "gwcode", "ccode1", "ccode2", "gwcode1", "gwcode2", "year", "stateabb"}
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")


class NotFound(LookupError):
    """A code, pair or case that does not exist (the API answers 404 with this message)."""


class Unavailable(RuntimeError):
    """A library function this detente version does not have (the API answers 501)."""


#: What event endpoints and pages say when the server has no event folder.
NO_EVENTS = (
    "no event folder: start detente serve with --events DIR "
    "(an ingest folder made by `detente events ingest`)"
)
ALERT_KINDS = ("intensity", "ladder")
#: The typology's ladder rungs (alerts' ``prev_rung`` and ``rung``), for labels on pages.
RUNGS = {None: "–", -1: "none", 0: "cooperation", 1: "threat", 2: "show of force", 3: "use of force"}


class NoEvents(Unavailable):
    """The server was started without an event folder (the API answers 501 with :data:`NO_EVENTS`)."""


class EventFolderError(NotFound):
    """The event folder does not exist or holds no ingested events (the API answers 404)."""


def event_folder_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot serve events (missing, not a folder, nothing ingested), or None."""
    from detente.events.ingest import sources_present

    folder = Path(path)
    if not folder.exists():
        return f"event folder {str(folder)!r} does not exist"
    if not folder.is_dir():
        return f"event folder {str(folder)!r} is not a folder"
    if not (folder / "manifest.json").exists() or not sources_present(folder):
        return (
            f"event folder {str(folder)!r} holds no ingested events (no manifest.json with rows); "
            f"run `detente events ingest SOURCE --out {folder}` first"
        )
    return None


def to_json(value: Any) -> bytes:
    """Compact JSON bytes; NaN becomes null and dates become ISO text."""
    return json.dumps(_clean(value), separators=(",", ":"), default=str).encode()


def _clean(value: Any) -> Any:
    """Replace NaN and infinities with None, recursively (JSON has no NaN)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


class LRU:
    """A small thread-safe least-recently-used cache of computed answers."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        """The cached value or None."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

    def put(self, key: Any, value: Any) -> Any:
        """Store ``value`` (evicting the oldest beyond ``size``) and return it."""
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


@dataclass
class StateData:
    """One system's state-year panel with every state-year step, and lookups over it."""

    system: System
    table: pa.Table
    steps: list[str]
    skipped: dict[str, str]
    sources: list[dict[str, str]]
    names: dict[int, dict[str, Any]]
    slices: dict[int, pa.Table] = field(default_factory=dict)
    profiles: dict[int, bytes] = field(default_factory=dict)

    @property
    def measures(self) -> list[str]:
        """Numeric columns that can colour a map or draw a timeline."""
        return [
            f.name
            for f in self.table.schema
            if f.name not in KEYS and (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))
        ]

    @property
    def years(self) -> tuple[int, int]:
        """First and last year of the panel."""
        years = self.table.column("year")
        return int(pc.min(years).as_py()), int(pc.max(years).as_py())


def year_filter(years: str | None, lo: int, hi: int, what: str) -> tuple[int, int]:
    """Parse a year filter ("1999" or "1947-2016") with the library's parser, inside ``lo``-``hi``."""
    return parse_years(years, System("filter", "ccode", (), (lo, hi), what))


def code_list(text: str | Sequence[str] | None) -> list[int]:
    """State codes from "750,770" or repeated parameters; InputError for anything not a number."""
    if text is None:
        return []
    parts = [text] if isinstance(text, str) else list(text)
    out = []
    for part in parts:
        for item in str(part).replace(" ", ",").split(","):
            if not item:
                continue
            if not item.lstrip("-").isdigit():
                raise InputError(f"state code {item!r} is not a whole number (e.g. 2 for the USA)")
            out.append(int(item))
    return out


class Service:
    """Cached answers for one warehouse, all computed by detente's public functions."""

    def __init__(self, warehouse: Warehouse | None = None, events: str | Path | None = None) -> None:
        self.wh = warehouse or default_warehouse()
        self.events = Path(events) if events is not None else None
        self.lock = threading.RLock()
        self._states: dict[str, StateData] = {}
        self.cache = LRU(2048)

    # -- states ------------------------------------------------------------------------------
    def system(self, name: str) -> System:
        """The named state system, or InputError listing the known ones."""
        if name not in SYSTEMS:
            raise InputError(f"unknown state system {name!r}; choose from {', '.join(SYSTEMS)}")
        return get_system(name)

    def states(self, system: str = "cow", progress: Callable[[str], None] | None = None) -> StateData:
        """The state-year panel with every state-year step, built once per system."""
        if system in self._states:
            return self._states[system]
        sysm = self.system(system)
        with self.lock:
            if system in self._states:
                return self._states[system]
            panel = detente.state_years(system, warehouse=self.wh)
            panel, applied, skipped = self._add_all(panel, STATE_YEAR, progress)
            if progress:
                progress("computing state-year profiles")
            table = panel.to_arrow()
            names = self._names(sysm, table)
            data = StateData(sysm, table, applied, skipped, self._sources(panel), names)
            codes = table.column(sysm.code).to_numpy()
            bounds = np.flatnonzero(np.diff(codes)) + 1
            starts = [0, *bounds.tolist()]
            ends = [*bounds.tolist(), len(codes)]
            for s, e in zip(starts, ends, strict=True):
                data.slices[int(codes[s])] = table.slice(s, e - s)
            self._states[system] = data
            return data

    def _add_all(
        self, panel: Panel, unit: str, progress: Callable[[str], None] | None = None
    ) -> tuple[Panel, list[str], dict[str, str]]:
        """Apply every registered step for ``unit`` with its defaults; skip the ones that refuse."""
        applied: list[str] = []
        skipped: dict[str, str] = {}
        for name, spec in sorted(STEPS.items()):
            if unit not in spec.units:
                continue
            if progress:
                progress(f"adding {name}")
            try:
                panel = spec.apply(panel)
                applied.append(name)
            except DetenteError as exc:  # a step needing parameters, or clashing columns
                skipped[name] = str(exc)
            except Exception as exc:  # a step this face cannot run with defaults: say so, go on
                skipped[name] = f"{type(exc).__name__}: {exc}"
        return panel, applied, skipped

    @staticmethod
    def _sources(panel: Panel) -> list[dict[str, str]]:
        """The (id, version) pairs a panel used, for citing what a profile shows."""
        return [{"id": s, "version": get_source(s).version} for s in panel.sources]

    def _names(self, sysm: System, table: pa.Table) -> dict[int, dict[str, Any]]:
        """Each code's latest name and abbreviation (from the system's own membership list)."""
        with self.lock:
            rows = (
                self.wh.table(sysm.sources[0], "states")
                .aggregate(
                    f"{sysm.code} AS code, arg_max(statenme, start) AS name, "
                    f"arg_max(stateabb, start) AS abb",
                    sysm.code,
                )
                .fetchall()
            )
        spans = (
            pa.TableGroupBy(table.select([sysm.code, "year"]), sysm.code)
            .aggregate([("year", "min"), ("year", "max")])
            .to_pylist()
        )
        span = {r[sysm.code]: (r["year_min"], r["year_max"]) for r in spans}
        return {
            int(code): {
                "code": int(code),
                "name": name,
                "abb": abb,
                "first_year": span[code][0],
                "last_year": span[code][1],
                "iso_n3": iso_numeric(int(code), sysm.name),
            }
            for code, name, abb in rows
            if code in span
        }

    def state(self, code: int, system: str = "cow") -> tuple[StateData, pa.Table]:
        """One state's rows of the state-year panel, or NotFound naming the code."""
        data = self.states(system)
        if code not in data.slices:
            raise NotFound(
                f"no state with {data.system.code} {code} in the {data.system.title} system "
                f"(see /api/states for the codes)"
            )
        return data, data.slices[code]

    def state_profile(self, code: int, system: str = "cow") -> bytes:
        """A state's profile over time as JSON bytes (computed once, then served from memory)."""
        data, rows = self.state(code, system)
        if code not in data.profiles:
            data.profiles[code] = to_json(
                {
                    **data.names[code],
                    "system": data.system.name,
                    "steps": data.steps,
                    "skipped_steps": data.skipped,
                    "columns": rows.column_names,
                    "rows": rows.to_pylist(),
                    "sources": data.sources,
                }
            )
        return data.profiles[code]

    def name(self, code: int, system: str = "cow") -> str:
        """A state's latest name, or the code as text."""
        entry = self.states(system).names.get(code)
        return entry["name"] if entry else str(code)

    # -- dyads -------------------------------------------------------------------------------
    def dyad(self, a: int, b: int, system: str = "cow") -> dict[str, Any]:
        """The directed dyad-year panel (every dyad-year step) for one pair, plus its ICB crises."""
        key = ("dyad", system, a, b)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        data = self.states(system)
        if a == b:
            raise InputError(f"a dyad needs two different states, got {a} twice")
        for code in (a, b):
            self.state(code, system)
        years = set(data.slices[a].column("year").to_pylist()) & set(
            data.slices[b].column("year").to_pylist()
        )
        if not years:
            raise NotFound(
                f"{data.names[a]['name']} ({a}) and {data.names[b]['name']} ({b}) were never in "
                f"the {data.system.title} system in the same year"
            )
        c = data.system.code
        with self.lock:
            # all years, so steps that prepare a table per year range (similarity) do it once
            panel = detente.dyad_years(system, directed=True, warehouse=self.wh)
            # the universe restricted to the pair before the steps join (same rows and values as
            # filtering the full panel, which the tests check, but without computing every dyad)
            pair = f"SELECT * FROM ({panel.sql}) WHERE {c}1 = {a} AND {c}2 = {b}"
            panel, applied, skipped = self._add_all(replace(panel, sql=pair), DYAD_YEAR)
            table = panel.to_arrow()
        result = {
            "a": data.names[a],
            "b": data.names[b],
            "system": system,
            "steps": applied,
            "skipped_steps": skipped,
            "columns": table.column_names,
            "rows": table.to_pylist(),
            "crises": self.dyad_crises(a, b) if system == "cow" else [],
            "sources": self._sources(panel),
            "_table": table,
        }
        return self.cache.put(key, result)

    def dyad_crises(self, a: int, b: int) -> list[dict[str, Any]]:
        """ICB crises in which both states were crisis actors, with each side's outcome."""
        try:
            actors = self.crisis_table("actor")
            crises = self.crisis_table("crisis")
        except Unavailable:
            return []
        rows = actors.filter(pc.is_in(actors["ccode"], pa.array([a, b], actors["ccode"].type)))
        by_crisis: dict[int, dict[int, dict[str, Any]]] = {}
        for r in rows.to_pylist():
            by_crisis.setdefault(r["crisno"], {}).setdefault(r["ccode"], r)
        both = sorted(n for n, sides in by_crisis.items() if a in sides and b in sides)
        chosen = crises.filter(pc.is_in(crises["crisno"], pa.array(both, crises["crisno"].type)))
        out = []
        for crisis in chosen.to_pylist():
            sides = by_crisis[crisis["crisno"]]
            crisis["outcome_a"] = sides[a]["outcome_label"]
            crisis["outcome_b"] = sides[b]["outcome_label"]
            out.append(crisis)
        return out

    # -- panels ------------------------------------------------------------------------------
    def panel(
        self,
        unit: str,
        system: str,
        years: str | None,
        steps: Sequence[tuple[str, dict[str, Any]]],
        directed: bool = True,
        relevant: bool = False,
    ) -> Panel:
        """A panel built exactly as ``detente panel`` builds it (errors are the library's)."""
        if unit not in {"state-years", "dyad-years"}:
            raise InputError(f"unknown panel unit {unit!r}; choose state-years or dyad-years")
        self.system(system)
        with self.lock:
            if unit == "state-years":
                if relevant:
                    raise InputError("relevant applies to dyad-years only")
                panel = detente.state_years(system, years, warehouse=self.wh)
            else:
                panel = detente.dyad_years(system, directed, years, relevant, warehouse=self.wh)
            for name, params in steps:
                panel = get_step(name).apply(panel, **params)
            panel.relation()  # binds the query so errors surface now, not mid-stream
        return panel

    def batches(self, panel: Panel, rows: int = 65_536) -> Iterator[pa.RecordBatch]:
        """The panel's rows as Arrow record batches, read on a cursor of its own (no lock held)."""
        with self.lock:
            query = panel.relation().sql_query()
            cursor = self.wh.con.cursor()
        try:
            rel = cursor.sql(query)
            read = getattr(rel, "to_arrow_reader", None) or rel.fetch_record_batch
            reader = read(rows)
            yield from reader
        finally:
            cursor.close()

    # -- map ---------------------------------------------------------------------------------
    def map_values(self, measure: str, year: int, system: str = "cow") -> bytes:
        """Every state's value of ``measure`` in ``year``, with ISO numeric codes for the shapes."""
        key = ("map", system, measure, year)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        data = self.states(system)
        self.check_measure(measure, data)
        lo, hi = data.years
        if not lo <= year <= hi:
            raise InputError(f"year {year} is outside the {data.system.title} panel's {lo}-{hi}")
        rows = data.table.filter(pc.equal(data.table["year"], year)).select([data.system.code, measure])
        values = [{**data.names[r[data.system.code]], "value": r[measure]} for r in rows.to_pylist()]
        present = [v["value"] for v in values if v["value"] is not None]
        payload = {
            "measure": measure,
            "year": year,
            "system": system,
            "states": len(values),
            "with_value": len(present),
            "min": min(present) if present else None,
            "max": max(present) if present else None,
            "values": values,
        }
        return self.cache.put(key, to_json(payload))

    @staticmethod
    def check_measure(measure: str, data: StateData) -> None:
        """InputError unless ``measure`` is a numeric state-year column."""
        if measure not in data.measures:
            import difflib

            close = difflib.get_close_matches(measure, data.measures, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "see /api/measures"
            raise InputError(f"unknown measure {measure!r}; {hint}")

    # -- alliance network --------------------------------------------------------------------
    def network(self, year: int, obligation: str | None = None) -> dict[str, Any]:
        """Allied pairs in ``year`` (any obligation, or one), with nodes, a layout and the alliances."""
        key = ("network", year, obligation)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        if obligation is not None and obligation not in OBLIGATIONS:
            raise InputError(f"unknown ATOP obligation {obligation!r}; choose from {list(OBLIGATIONS)}")
        data = self.states("cow")
        atop = get_source("atop-5.1").years
        lo, hi = max(data.years[0], atop[0]), min(data.years[1], atop[1])
        if not lo <= year <= hi:
            raise InputError(f"year {year}: the alliance network covers {lo}-{hi} (COW states and ATOP)")
        library = getattr(detente, "alliance_network", None)
        graph = None
        if library is not None:
            with self.lock:
                try:
                    net = library(year, obligation or "any", warehouse=self.wh)
                except TypeError:  # a signature this face does not know: fall back
                    net = None
            graph = getattr(net, "graph", net)
            if not hasattr(graph, "edges"):
                graph = None
        edges = self._network_edges(year, obligation) if graph is None else _graph_edges(graph)
        alliances = self._alliances(year)
        result = self._layout(year, obligation, edges, alliances, data)
        return self.cache.put(key, result)

    def _network_edges(self, year: int, obligation: str | None) -> list[dict[str, Any]]:
        """Allied undirected dyads from the library's alliances step."""
        obligations = [obligation] if obligation else list(OBLIGATIONS)
        with self.lock:
            panel = detente.dyad_years("cow", directed=False, years=(year, year), warehouse=self.wh)
            panel = panel.add("alliances", obligations=obligations)
            cond = " OR ".join(f"atop_{o} = 1" for o in obligations)
            rows = panel.relation().filter(cond).to_arrow_table().to_pylist()
        return [
            {
                "source": r["ccode1"],
                "target": r["ccode2"],
                **{o: r[f"atop_{o}"] for o in obligations},
            }
            for r in rows
        ]

    def _alliances(self, year: int) -> list[dict[str, Any]]:
        """ATOP alliances in force in ``year`` and their members (ATOP member-years)."""
        from detente.steps.alliances import member_years_sql

        with self.lock:
            members = self.wh.view_name("atop-5.1", "members")
            rel = self.wh.con.sql(member_years_sql(members)).filter(f"year = {year}")
            rows = rel.to_arrow_table().to_pylist()
        alliances: dict[int, dict[str, Any]] = {}
        for r in rows:
            entry = alliances.setdefault(
                r["atopid"],
                {"atopid": r["atopid"], "members": [], **{o: 0 for o in OBLIGATIONS}},
            )
            entry["members"].append(r["ccode"])
            for o in OBLIGATIONS:
                entry[o] = max(entry[o], r[o] or 0)
        out = sorted(alliances.values(), key=lambda x: (-len(x["members"]), x["atopid"]))
        for entry in out:
            entry["members"].sort()
        return out

    def _layout(
        self,
        year: int,
        obligation: str | None,
        edges: list[dict[str, Any]],
        alliances: list[dict[str, Any]],
        data: StateData,
    ) -> dict[str, Any]:
        """Nodes (states in the system that year) with a deterministic spring layout."""
        import networkx as nx

        in_year = data.table.filter(pc.equal(data.table["year"], year))
        nodes = {r["ccode"]: r for r in in_year.select(["ccode", "cinc", "milex"]).to_pylist()}
        graph = nx.Graph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from((e["source"], e["target"]) for e in edges)
        pos = _layout_positions(graph)
        degree = dict(graph.degree())
        for a in alliances:
            a["member_names"] = [self.name(m) for m in a["members"]]
        return {
            "year": year,
            "obligation": obligation or "any",
            "nodes": [
                {
                    **data.names.get(c, {"code": c, "name": str(c)}),
                    "ccode": c,
                    "degree": degree.get(c, 0),
                    "cinc": nodes[c]["cinc"],
                    "milex": nodes[c]["milex"],
                    "x": round(float(pos[c][0]), 4),
                    "y": round(float(pos[c][1]), 4),
                }
                for c in sorted(nodes)
            ],
            "edges": [e for e in edges if e["source"] in nodes and e["target"] in nodes],
            "alliances": alliances,
            "sources": [
                {"id": s, "version": get_source(s).version} for s in ("cow-states-2016", "atop-5.1")
            ],
        }

    # -- crises and deterrence ---------------------------------------------------------------
    def crisis_table(self, level: str = "crisis") -> pa.Table:
        """``detente.crisis_outcomes(level)``, computed once."""
        key = ("crises", level)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        function = getattr(detente, "crisis_outcomes", None)
        if function is None:
            raise Unavailable("this detente version has no crisis_outcomes")
        if level not in ("crisis", "actor"):
            raise InputError(f"unknown level {level!r}; choose crisis or actor")
        with self.lock:
            table = function(level, self.wh)
        return self.cache.put(key, table)

    def crises(
        self,
        codes: Sequence[int] = (),
        years: str | None = None,
        outcome: str | None = None,
        level: str = "crisis",
    ) -> pa.Table:
        """ICB crises (or crisis actors) filtered by actors (all must take part), years and outcome."""
        table = self.crisis_table(level)
        actors = self.crisis_table("actor")
        data = self.states("cow")
        for code in codes:
            if code not in data.names:
                raise NotFound(f"no state with ccode {code} in the COW system (see /api/states)")
        if codes:
            keep: set[int] | None = None
            for code in codes:
                mine = set(actors.filter(pc.equal(actors["ccode"], code))["crisno"].to_pylist())
                keep = mine if keep is None else keep & mine
            table = table.filter(pc.is_in(table["crisno"], pa.array(sorted(keep or []), pa.int64())))
            if level == "actor":
                table = table.filter(
                    pc.is_in(table["ccode"], pa.array(list(codes), table["ccode"].type))
                )
        table = self._filter_years(table, years, get_source("icb-15").years, "ICB 15")
        if outcome:
            table = self._filter_outcome(
                table, outcome, ["outcome_kind", "outcome_label", "outcome_form_label"]
            )
        return table

    def deterrence(
        self,
        codes: Sequence[int] = (),
        years: str | None = None,
        outcome: str | None = None,
        min_hostility: int = 2,
        clean: bool | None = None,
    ) -> pa.Table:
        """``detente.deterrence_cases`` filtered by state (any role), years, outcome and clean cases."""
        function = getattr(detente, "deterrence_cases", None)
        if function is None:
            raise Unavailable("this detente version has no deterrence_cases")
        key = ("deterrence", min_hostility)
        table = self.cache.get(key)
        if table is None:
            with self.lock:
                table = self.cache.put(key, function(self.wh, None, min_hostility))
        data = self.states("cow")
        for code in codes:
            if code not in data.names:
                raise NotFound(f"no state with ccode {code} in the COW system (see /api/states)")
            roles = [pc.equal(table[f"{r}_ccode"], code) for r in ("challenger", "target", "ally")]
            table = table.filter(pc.or_(pc.or_(roles[0], roles[1]), roles[2]))
        table = self._filter_years(table, years, get_source("cow-mid-5.0").years, "COW MID 5.0")
        if outcome:
            if outcome in ("backed_down", "held"):
                want = outcome == "backed_down"
                table = table.filter(pc.equal(table["challenger_backed_down"], want))
            else:
                table = self._filter_outcome(table, outcome, ["outcome"], ["backed_down", "held"])
        if clean is not None:
            table = table.filter(pc.equal(table["clean"], clean))
        return table

    @staticmethod
    def _filter_years(table: pa.Table, years: str | None, span: Any, what: str) -> pa.Table:
        """Rows whose ``start`` year lies in ``years`` (checked against the source's ``span``)."""
        if not years:
            return table
        lo, hi = year_filter(years, span[0], span[1], what)
        start = pc.year(table["start"])
        return table.filter(pc.and_(pc.greater_equal(start, lo), pc.less_equal(start, hi)))

    @staticmethod
    def _filter_outcome(
        table: pa.Table, outcome: str, columns: list[str], extra: Sequence[str] = ()
    ) -> pa.Table:
        """Rows whose outcome (any of ``columns``, case-insensitive) equals ``outcome``."""
        choices = sorted(
            {v for c in columns for v in table[c].unique().to_pylist() if v is not None} | set(extra)
        )
        wanted = outcome.strip().lower()
        if wanted not in {c.lower() for c in choices}:
            raise InputError(f"unknown outcome {outcome!r}; choose from {choices}")
        mask = None
        for c in columns:
            hit = pc.fill_null(pc.equal(pc.utf8_lower(table[c]), wanted), False)
            mask = hit if mask is None else pc.or_(mask, hit)
        return table.filter(mask)

    # -- events ------------------------------------------------------------------------------
    def lake(self) -> Path:
        """The event folder, or NoEvents (none configured) / EventFolderError (unusable) saying why."""
        if self.events is None:
            raise NoEvents(NO_EVENTS)
        problem = event_folder_problem(self.events)
        if problem:
            raise EventFolderError(problem)
        return self.events

    def event_indicators(
        self, unit: str = "month", dedup: str = "none", weight: str = "none"
    ) -> pa.Table:
        """``indicators(lake, unit, dedup, weight)`` over the whole folder, computed once per options."""
        from detente.events.indicators import check_options, indicators

        lake = self.lake()
        check_options(unit, dedup, weight)
        key = ("event-indicators", str(lake), unit, dedup, weight)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        with self.lock:
            table = indicators(lake, unit=unit, dedup=dedup, weight=weight, wh=self.wh)
        return self.cache.put(key, table)

    def event_alerts(self) -> pa.Table:
        """``alerts(lake)`` with the library's defaults (daily, 7-period baseline), computed once."""
        from detente.events.alerts import alerts

        lake = self.lake()
        key = ("event-alerts", str(lake))
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        with self.lock:
            table = alerts(lake, wh=self.wh)
        return self.cache.put(key, table)

    def dyad_events(
        self, a: int, b: int, unit: str = "month", dedup: str = "none", weight: str = "none"
    ) -> dict[str, Any]:
        """A dyad's indicator rows in both directions (``direction`` a->b or b->a) and its alerts."""
        table = self.event_indicators(unit, dedup, weight)
        if a == b:
            raise InputError(f"a dyad needs two different states, got {a} twice")
        data = self.states("cow")
        for code in (a, b):
            self.state(code, "cow")
        key = ("dyad-events", str(self.events), unit, dedup, weight, a, b)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        c1, c2 = table["ccode1"], table["ccode2"]
        ab = pc.and_(pc.equal(c1, a), pc.equal(c2, b))
        ba = pc.and_(pc.equal(c1, b), pc.equal(c2, a))
        rows = table.filter(pc.or_(ab, ba))
        direction = pc.if_else(pc.equal(rows["ccode1"], a), "a->b", "b->a")
        rows = rows.append_column("direction", direction.cast(pa.string()))
        rows = rows.sort_by([("direction", "ascending"), ("period", "ascending")])
        rows = rows.replace_schema_metadata(table.schema.metadata)
        meta = json.loads((table.schema.metadata or {}).get(b"detente", b"{}"))
        found = self.alerts(codes=(a, b))
        result = {
            "a": data.names[a],
            "b": data.names[b],
            "unit": unit,
            "dedup": dedup,
            "weight": weight,
            "metadata": meta,
            "count": rows.num_rows,
            "events": {d: _total(rows, d) for d in ("a->b", "b->a")},
            "alerts": found.to_pylist(),
            "_table": rows,
        }
        return self.cache.put(key, result)

    def alerts(
        self, codes: Sequence[int] = (), kind: str | None = None, years: str | None = None
    ) -> pa.Table:
        """Alerts whose dyad holds every given state (either side), of one kind, in ``years``."""
        table = self.event_alerts()
        if kind is not None and kind not in ALERT_KINDS:
            raise InputError(f"unknown alert kind {kind!r}; choose from {', '.join(ALERT_KINDS)}")
        data = self.states("cow")
        for code in codes:
            if code not in data.names:
                raise NotFound(f"no state with ccode {code} in the COW system (see /api/states)")
        for code in codes:
            table = table.filter(
                pc.or_(pc.equal(table["ccode1"], code), pc.equal(table["ccode2"], code))
            )
        if kind is not None:
            table = table.filter(pc.equal(table["kind"], kind))
        if years:
            first, last = year_filter(years, 1, 9999, "calendar")  # the syntax and order
            span = pc.year(self.event_alerts()["period"])
            lo, hi = (pc.min(span).as_py(), pc.max(span).as_py()) if len(span) else (first, last)
            if first > hi or last < lo:
                raise InputError(f"years {years!r} fall outside the event folder's alerts ({lo}-{hi})")
            year = pc.year(table["period"])
            table = table.filter(pc.and_(pc.greater_equal(year, first), pc.less_equal(year, last)))
        return table

    # -- sources -----------------------------------------------------------------------------
    @staticmethod
    def sources() -> list[dict[str, Any]]:
        """Every registered source: identity, coverage, terms, files and its BibTeX."""
        return [
            {
                "id": s.id,
                "version": s.version,
                "title": s.title,
                "publisher": s.publisher,
                "years": list(s.years) if s.years else None,
                "landing_page": s.landing_page,
                "terms": s.terms,
                "files": [f.name for f in s.files],
                "tables": list(s.tables),
                "quirks": list(s.quirks),
                "citation": s.citation.strip(),
            }
            for s in all_sources()
        ]

    @staticmethod
    def cite(ids: Sequence[str] | None) -> str:
        """BibTeX for the named sources (all when none)."""
        return detente.cite(list(ids) if ids else None)


def _total(rows: pa.Table, direction: str) -> float:
    """Events in one direction of a dyad's indicator rows (0 when there are none)."""
    mine = rows.filter(pc.equal(rows["direction"], direction))
    return float(pc.sum(mine["events"]).as_py() or 0)


def _graph_edges(graph: Any) -> list[dict[str, Any]]:
    """Edges of a networkx graph returned by ``detente.alliance_network``."""
    return [{"source": int(a), "target": int(b), **attrs} for a, b, attrs in graph.edges(data=True)]


def _layout_positions(graph: Any) -> dict[int, tuple[float, float]]:
    """A deterministic spring layout of the allied states, with states without allies in rows below."""
    import networkx as nx

    allied = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    pos: dict[int, tuple[float, float]] = {}
    if allied.number_of_nodes():
        k = 2.5 / math.sqrt(allied.number_of_nodes())
        pos = {
            n: (float(x), float(y))
            for n, (x, y) in nx.spring_layout(allied, seed=7, k=k, iterations=100).items()
        }
    alone = sorted(n for n in graph if n not in pos)
    per_row = 16
    for i, n in enumerate(alone):
        row, col = divmod(i, per_row)
        pos[n] = (-1 + 2 * col / (per_row - 1), -1.25 - 0.12 * row)
    return pos
