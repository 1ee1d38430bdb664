"""The HTTP API: thin routes over :class:`~detente.web.service.Service` (which calls the library).

Every route validates its input through the library (unknown steps, systems, years and sources
raise detente's own errors) and answers bad input with a 4xx JSON ``{"detail": message}``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response

from detente.errors import InputError
from detente.params import parse_versions
from detente.steps import STEPS, get_step
from detente.steps._base import parse_add

from . import formats
from .cache import to_json
from .filters import code_list
from .service import Service
from .shapes import WORLD_ATLAS, find_asset, world_geojson

router = APIRouter(prefix="/api")

Format = Annotated[
    str | None,
    Query(description="json (default), jsonl, csv, parquet or arrow (IPC stream), or Accept."),
]
AcceptHeader = Annotated[str | None, Header(include_in_schema=False)]
System = Annotated[str, Query(description="State system: cow or gw.")]
Years = Annotated[str | None, Query(description="A year or a range, e.g. 1946-2016.")]
#: How a panel's universe is widened or pinned, as detente.state_years/dyad_years take them: the
#: same two parameters for /api/panel and the state and dyad profiles.
ExtendTo = Annotated[
    int | None,
    Query(description="Carry the states alive at the end of the system's list to this year."),
]
Versions = Annotated[
    list[str] | None,
    Query(description="Pinned source versions, e.g. nmc=6.0 (comma-separated or repeated)."),
]
Codes = Annotated[
    list[str] | None,
    Query(description="State code(s) (COW ccode), repeated or comma-separated, e.g. 750,770."),
]


def service(request: Request) -> Service:
    """The app's service (one per warehouse)."""
    return request.app.state.service


def parse_steps(values: list[str] | None) -> list[tuple[str, dict[str, Any]]]:
    """``alliances:obligations=defense+offense,provisions=basing,capabilities`` -> [(step, params)].

    Comma-separated items without ``=`` start a new step; items with ``=`` are parameters of the
    step before them (the CLI's ``--add`` syntax, joined by commas). Values are typed by the step
    (:meth:`detente.steps._base.Step.parse`), as the CLI types them.
    """
    texts: list[str] = []
    for value in values or []:
        for item in value.replace(";", ",").split(","):
            item = item.strip()
            if not item:
                continue
            if "=" in item and ":" not in item.split("=")[0] and texts:
                texts[-1] += ("," if ":" in texts[-1] else ":") + item
            else:
                texts.append(item)
    out = []
    for text in texts:
        name, params = parse_add(text)
        out.append((name, get_step(name).parse(params)))
    return out


@router.get("/health", summary="Liveness and whether the state-year profiles are built")
def health(request: Request) -> dict[str, Any]:
    """Whether the server answers and which systems' profiles are in memory."""
    svc = service(request)
    return {
        "status": "ok",
        "warm": sorted(svc._states),
        "events": svc.events is not None,  # whether an event folder is served, never its path
    }


@router.get("/sources", summary="Every registered source")
def sources(request: Request, format: Format = None, accept: AcceptHeader = None) -> Response:
    """Id, version, publisher, coverage, terms, files, quirks and BibTeX of every source."""
    import pyarrow as pa

    fmt = formats.pick_format(format, accept)
    rows = service(request).sources()
    if fmt == "json":
        return formats.json_response({"sources": rows})
    return formats.table_response(pa.Table.from_pylist(rows), fmt, "sources")


@router.get("/cite", summary="BibTeX for sources", response_class=PlainTextResponse)
def cite(
    request: Request,
    source: Annotated[list[str] | None, Query(description="Source id(s); all when omitted.")] = None,
    format: Annotated[str | None, Query(description="bibtex (default) or json.")] = None,
) -> Response:
    """BibTeX entries (with a comment naming version and terms) for the named sources."""
    ids = [s for value in source or [] for s in value.split(",") if s.strip()]
    text = service(request).cite([s.strip() for s in ids])
    if format == "json":
        return formats.json_response({"sources": ids or "all", "bibtex": text})
    if format not in (None, "bibtex"):
        raise InputError(f"format {format!r}: choose bibtex or json")
    return PlainTextResponse(text, media_type="application/x-bibtex; charset=utf-8")


@router.get("/steps", summary="Panel steps and their parameters")
def steps() -> dict[str, Any]:
    """Every registered step: units, parameters with defaults, first line of its documentation."""
    get_step("capabilities")  # imports every step module
    return {
        "steps": [
            {
                "name": s.name,
                "units": list(s.units),
                "parameters": {
                    k: (None if p.default is p.empty else p.default) for k, p in s.parameters.items()
                },
                "doc": s.doc.splitlines()[0] if s.doc else "",
            }
            for s in STEPS.values()
        ]
    }


@router.get("/states", summary="States of a system with names and years")
async def states(request: Request, system: System = "cow") -> Response:
    """Every state's code, latest name, abbreviation, first and last year and ISO numeric code."""
    data = await run_in_threadpool(service(request).states, system)
    return formats.json_response({"system": system, "states": list(data.names.values())})


@router.get("/measures", summary="Numeric state-year columns usable on the map and timelines")
async def measures(request: Request, system: System = "cow") -> Response:
    """The measures, the steps that made them (and any skipped), and the year range."""
    data = await run_in_threadpool(service(request).states, system)
    return formats.json_response(
        {
            "system": system,
            "years": list(data.years),
            "measures": data.measures,
            "steps": data.steps,
            "skipped_steps": data.skipped,
            "sources": data.sources,
        }
    )


@router.get("/states/{ccode}", summary="A state's profile over time (every state-year step)")
async def state_profile(
    request: Request,
    ccode: Annotated[int, Path(description="State code (COW ccode, or gwcode with system=gw).")],
    system: System = "cow",
    extend_to: ExtendTo = None,
    versions: Versions = None,
    format: Format = None,
    accept: AcceptHeader = None,
) -> Response:
    """One row per year the state was a member, with every state-year step's columns."""
    fmt = formats.pick_format(format, accept)
    svc = service(request)
    pinned = parse_versions(versions)
    listed = extend_to is None and not pinned  # the system as listed: built at start
    if fmt == "json":
        if listed and system in svc._states and ccode in svc._states[system].profiles:
            return formats.json_response(svc._states[system].profiles[ccode], request=request)
        body = await run_in_threadpool(svc.state_profile, ccode, system, extend_to, pinned)
        return formats.json_response(body, request=request)
    _, rows = await run_in_threadpool(svc.state, ccode, system, extend_to, pinned)
    return formats.table_response(rows, fmt, f"state-{ccode}")


@router.get("/dyads/{a}/{b}", summary="A directed dyad's profile over time (every dyad-year step)")
async def dyad_profile(
    request: Request,
    a: Annotated[int, Path(description="First state's code.")],
    b: Annotated[int, Path(description="Second state's code.")],
    system: System = "cow",
    extend_to: ExtendTo = None,
    versions: Versions = None,
    format: Format = None,
    accept: AcceptHeader = None,
) -> Response:
    """One row per year both states were members, every dyad-year step, and their ICB crises."""
    fmt = formats.pick_format(format, accept)
    svc = service(request)
    pinned = parse_versions(versions)
    key = ("dyad-json", system, a, b, extend_to, tuple(sorted(pinned.items())))
    if fmt == "json":
        cached = svc.dyad_cache.get(key)
        if cached is not None:
            return formats.json_response(cached, request=request)
    result = await run_in_threadpool(svc.dyad, a, b, system, None, extend_to, pinned)
    if fmt == "json":
        payload = {k: v for k, v in result.items() if k != "_table"}
        body = svc.dyad_cache.put(key, await run_in_threadpool(to_json, payload))
        return formats.json_response(body, request=request)
    return formats.table_response(result["_table"], fmt, f"dyad-{a}-{b}")


@router.get("/panel", summary="Stream a state-year or dyad-year panel with steps")
async def panel(
    request: Request,
    unit: Annotated[str, Query(description="state-years or dyad-years.")] = "state-years",
    system: System = "cow",
    years: Years = None,
    steps: Annotated[
        list[str] | None,
        Query(
            description="Steps as in `detente panel --add`, comma-separated or repeated, e.g. "
            "capabilities,alliances:obligations=defense+offense,provisions=basing"
        ),
    ] = None,
    directed: Annotated[bool, Query(description="Dyad direction (dyad-years).")] = True,
    relevant: Annotated[bool, Query(description="Only politically relevant dyads.")] = False,
    extend_to: ExtendTo = None,
    versions: Versions = None,
    format: Format = None,
    accept: AcceptHeader = None,
) -> Response:
    """The panel streamed as Arrow record batches: CSV, JSON lines, JSON, Parquet or Arrow IPC."""
    fmt = formats.pick_format(format, accept, default="jsonl")
    svc = service(request)
    chosen = parse_steps(steps)
    pinned = parse_versions(versions)
    built = await run_in_threadpool(
        svc.panel, unit, system, years, chosen, directed, relevant, extend_to, pinned
    )
    meta = to_json(built.metadata())
    name = f"{unit}-{system}-{built.years[0]}-{built.years[1]}"
    batches = await run_in_threadpool(svc.batches, built)  # errors before the first byte
    return formats.stream_response(batches, fmt, name, meta)


@router.get("/map", summary="Every state's value of a measure in a year")
async def map_values(
    request: Request,
    measure: Annotated[str, Query(description="A state-year measure (see /api/measures).")] = "cinc",
    year: Annotated[int, Query(description="The year.")] = 1950,
    system: System = "cow",
) -> Response:
    """Values with names and ISO numeric codes, for colouring the world map."""
    svc = service(request)
    hit = svc.cache.get(("map", system, measure, year))
    if hit is not None:
        return formats.json_response(hit, request=request)
    body = await run_in_threadpool(svc.map_values, measure, year, system)
    return formats.json_response(body, request=request)


@router.get("/network/{year}", summary="The ATOP alliance network in a year")
async def network(
    request: Request,
    year: Annotated[int, Path(description="Year (COW and ATOP: 1816-2016).")],
    obligation: Annotated[
        str | None, Query(description="Only ties with this obligation: defense, offense, ...")
    ] = None,
) -> Response:
    """Nodes (states, with a layout), edges (allied pairs) and the alliances with their members."""
    result = await run_in_threadpool(service(request).network, year, obligation)
    return formats.json_response(result)


@router.get("/events/{a}/{b}", summary="A dyad's event timeline (indicators, both directions)")
async def dyad_events(
    request: Request,
    a: Annotated[int, Path(description="First state's code (COW ccode).")],
    b: Annotated[int, Path(description="Second state's code (COW ccode).")],
    unit: Annotated[str, Query(description="Period: day, month or year.")] = "month",
    dedup: Annotated[str, Query(description="none, one-a-day, root or url.")] = "none",
    weight: Annotated[str, Query(description="none, sources or articles.")] = "none",
    format: Format = None,
    accept: AcceptHeader = None,
) -> Response:
    """``detente.events.indicators`` over the server's event folder, rows of a->b and b->a.

    Each row is a directed dyad-period (events, counts per typology class, Goldstein, coop
    balance, military share, tone) with ``direction`` a->b or b->a; JSON adds the dyad's alerts
    and the indicators' metadata (sources, typology version). Needs ``detente serve --events``.
    """
    fmt = formats.pick_format(format, accept)
    result = await run_in_threadpool(service(request).dyad_events, a, b, unit, dedup, weight)
    envelope = {k: v for k, v in result.items() if k != "_table"}
    return formats.table_response(result["_table"], fmt, f"events-{a}-{b}-{unit}", envelope)


@router.get("/alerts", summary="Event alerts (conflict surges, ladder moves) with their evidence")
async def event_alerts(
    request: Request,
    ccode: Codes = None,
    kind: Annotated[str | None, Query(description="intensity or ladder; both when omitted.")] = None,
    years: Annotated[str | None, Query(description="Alert years, e.g. 2015 or 2012-2018.")] = None,
    format: Format = None,
    accept: AcceptHeader = None,
) -> Response:
    """``detente.events.alerts`` over the server's event folder: dyads holding every given state.

    Each alert names the directed dyad, day, kind, value, baseline, ladder rungs, and the event
    ids and source URLs that support it. Needs ``detente serve --events``.
    """
    fmt = formats.pick_format(format, accept)
    codes = code_list(ccode)
    table = await run_in_threadpool(service(request).alerts, codes, kind or None, years or None)
    envelope = {"count": table.num_rows, "filters": {"ccode": codes, "kind": kind, "years": years}}
    return formats.table_response(table, fmt, "alerts", envelope)


@router.get("/shapes", summary="Country shapes (Natural Earth 1:110m via world-atlas) as GeoJSON")
def shapes() -> Response:
    """GeoJSON features keyed by ISO 3166 numeric code, from the installed world-atlas package."""
    body = world_geojson()
    if body is None:
        return formats.json_response(
            {
                "detail": "country shapes are missing: detente/web/data/world-atlas/countries-110m.json "
                "ships with detente (reinstall it), or set DETENTE_WEB_ASSETS to a node_modules folder"
            },
            status=404,
        )
    return Response(body, media_type="application/geo+json", headers={"Cache-Control": "max-age=86400"})


@router.get("/topojson/{name}.json", include_in_schema=False)
def topojson(name: str) -> Response:
    """The installed world-atlas TopoJSON, for plotly.js's base map (all its layers are hidden)."""
    path = find_asset(WORLD_ATLAS)
    if path is None:
        return formats.json_response({"detail": "country shapes are not installed"}, status=404)
    return Response(
        path.read_bytes(), media_type="application/json", headers={"Cache-Control": "max-age=86400"}
    )
