"""Dashboard pages: server-rendered HTML (Jinja2) whose charts plotly.js draws from embedded JSON.

Each page gets its data from the same :class:`~detente.web.service.Service` calls as the API, so a
value on a page is the value the API (and the library) gives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from detente._version import __version__
from detente.errors import InputError

from .cache import to_json
from .dyads import PAGE_STEPS, dyad_steps
from .errors import Unavailable
from .events import ALERT_KINDS, RUNGS, EventFolderError
from .filters import code_list, year_filter
from .networks import OBLIGATIONS
from .service import Service

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)

#: Timelines a country page shows first, when the panel has them.
DEFAULT_TIMELINES = (
    "cinc",
    "milex",
    "milper",
    "atop_number",
    "atop_defense",
    "gmlmid_onsets",
    "mic_onsets",
    "icb_crises",
    "cowinter_n",
    "mme_exercises",
    "dd_ties",
)
#: The deterrence cases' conflict sources, as the pages name them (``source=`` of the verb).
CONFLICT_SOURCES = {"mid": "COW MIDs 5.0", "mic": "MIC confrontations (MIE 1.0)"}
#: Dyad timelines shown first, when the panel has them.
DYAD_TIMELINES = (
    "gmlmidongoing",
    "hostlev",
    "icb_crisis",
    "cowinterongoing",
    "atop_defense",
    "conttype",
    "capshare1",
    "mme_exercises",
    "dd_index",
    "dd_coverage",
)
NAV = [
    ("/", "Map"),
    ("/country/2", "Country"),
    ("/dyad/750/770", "Dyad"),
    ("/network/1990", "Alliances"),
    ("/crises", "Crises"),
    ("/deterrence", "Deterrence"),
    ("/alerts", "Alerts"),
    ("/forecast", "Forecasts"),
    ("/sources", "Sources"),
    ("/docs", "API"),
]


def embed(data: bytes | Any) -> Markup:
    """JSON for a ``<script type="application/json">`` block (``<`` escaped so it cannot close it)."""
    text = (data if isinstance(data, bytes) else to_json(data)).decode()
    return Markup(text.replace("<", "\\u003c"))


def service(request: Request) -> Service:
    """The app's service."""
    return request.app.state.service


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the navigation and version filled in."""
    context.setdefault("title", "detente")
    return templates.TemplateResponse(
        request,
        template,
        {"nav": NAV, "version": __version__, **context},
        status_code=status,
    )


def error_page(request: Request, message: str, status: int) -> HTMLResponse:
    """The message of a refused request, shown as a page with the right status."""
    return render(
        request, "error.html", status=status, title="Error", message=message, status_code=status
    )


def fmt(value: Any) -> str:
    """A value for a table cell: thousands separators, four significant digits for small floats."""
    if value is None:
        return "–"
    if isinstance(value, float):
        if value != 0 and abs(value) < 1:
            return f"{value:.4g}"
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return str(value)


def safe_url(value: Any) -> str | None:
    """``value`` if it is an absolute http(s) URL, else None: event data name their sources with
    URLs anyone could have written, and ``javascript:`` or ``data:`` ones must never become links.

    >>> safe_url("https://example.org/x"), safe_url("javascript:alert(1)//")
    ('https://example.org/x', None)
    """
    if not isinstance(value, str):
        return None
    parsed = urlsplit(value)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    if any(ord(c) < 33 or c in "<>\"'`" for c in value):  # browsers strip or split on these
        return None
    return value


templates.env.filters["fmt"] = fmt
templates.env.filters["safe_url"] = safe_url


@router.get("/", response_class=HTMLResponse)
async def map_page(
    request: Request,
    measure: Annotated[str, Query()] = "cinc",
    year: Annotated[int, Query()] = 1950,
) -> Response:
    """World map coloured by a state-year measure in a year."""
    svc = service(request)
    data = await run_in_threadpool(svc.states, "cow")
    body = await run_in_threadpool(svc.map_values, measure, year, "cow")
    values = json.loads(body)
    ranked = sorted((v for v in values["values"] if v["value"] is not None), key=lambda v: -v["value"])
    return render(
        request,
        "map.html",
        title=f"{measure} in {year}",
        page="map",
        measure=measure,
        year=year,
        measures=data.measures,
        years=data.years,
        top=ranked[:10],
        summary=values,
        data=embed(body),
    )


@router.get("/country", response_class=HTMLResponse)
async def country_pick(request: Request, ccode: Annotated[str, Query()] = "2") -> Response:
    """Redirect a country form to its page."""
    codes = code_list(ccode)
    if len(codes) != 1:
        raise InputError("choose one state code")
    return RedirectResponse(f"/country/{codes[0]}", status_code=303)


@router.get("/country/{ccode}", response_class=HTMLResponse)
async def country_page(
    request: Request,
    ccode: int,
    measure: Annotated[list[str] | None, Query()] = None,
    years: Annotated[str | None, Query()] = None,
) -> Response:
    """A state's timelines over every state-year step."""
    svc = service(request)
    data, rows = await run_in_threadpool(svc.state, ccode, "cow")
    body = await run_in_threadpool(svc.state_profile, ccode, "cow")
    chosen = [m for v in measure or [] for m in v.split(",") if m]
    for m in chosen:
        svc.check_measure(m, data)
    shown = chosen or [m for m in DEFAULT_TIMELINES if m in data.measures]
    span = None
    if years:
        span = list(year_filter(years, *data.years, "the COW system"))
    records = rows.to_pylist()
    latest = records[-1] if records else {}
    return render(
        request,
        "country.html",
        title=data.names[ccode]["name"],
        page="country",
        state=data.names[ccode],
        shown=shown,
        measures=data.measures,
        latest=latest,
        states=sorted(data.names.values(), key=lambda s: s["name"]),
        steps=data.steps,
        span=span,
        data=embed(body),
        options=embed({"measures": shown, "span": span}),
    )


@router.get("/dyad", response_class=HTMLResponse)
async def dyad_pick(
    request: Request, a: Annotated[str, Query()], b: Annotated[str, Query()]
) -> Response:
    """Redirect a dyad form to its page."""
    codes = code_list([a, b])
    if len(codes) != 2:
        raise InputError("choose two state codes")
    return RedirectResponse(f"/dyad/{codes[0]}/{codes[1]}", status_code=303)


@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
async def dyad_page(
    request: Request, a: int, b: int, unit: Annotated[str, Query()] = "month"
) -> Response:
    """A directed dyad's timelines, disputes, wars, ICB crises and, with an event folder, its events."""
    svc = service(request)
    result = await run_in_threadpool(svc.dyad, a, b, "cow", PAGE_STEPS)  # only what it shows
    events, events_note = None, None
    try:
        events = await run_in_threadpool(svc.dyad_events, a, b, unit)
    except (Unavailable, EventFolderError) as exc:  # no (usable) event folder: say so, show the rest
        events_note = str(exc)
    rows = result["rows"]
    disputes = [r for r in rows if r.get("gmlmidongoing") == 1]
    wars = [r for r in rows if r.get("cowinterongoing") == 1]
    exercises = [r for r in rows if r.get("mme_exercises") or r.get("us_visits")]
    shown = [m for m in DYAD_TIMELINES if m in result["columns"]]
    payload = {k: v for k, v in result.items() if k != "_table"}
    payload["steps"] = dyad_steps()  # the hint names what the CSV/JSON profile has
    data = await run_in_threadpool(svc.states, "cow")
    return render(
        request,
        "dyad.html",
        title=f"{result['a']['name']} – {result['b']['name']}",
        page="dyad",
        a=result["a"],
        b=result["b"],
        disputes=disputes,
        wars=wars,
        exercises=exercises,
        crises=result["crises"],
        confrontations=result.get("confrontations", []),
        shown=shown,
        states=sorted(data.names.values(), key=lambda s: s["name"]),
        steps=payload["steps"],
        data=embed(payload),
        options=embed({"measures": shown}),
        unit=unit,
        events=events,
        events_note=events_note,
        rungs=RUNGS,
        events_data=embed(_events_payload(events)) if events else None,
    )


def _events_payload(events: dict[str, Any]) -> dict[str, Any]:
    """What the dyad page's event charts draw: rows per direction, class names, the dyad's names."""
    from detente.events.indicators import CLASSES

    rows = events["_table"].to_pylist()
    return {
        "a": events["a"]["name"],
        "b": events["b"]["name"],
        "unit": events["unit"],
        "classes": list(CLASSES),
        "rows": {d: [r for r in rows if r["direction"] == d] for d in ("a->b", "b->a")},
    }


@router.get("/network", response_class=HTMLResponse)
async def network_pick(request: Request, year: Annotated[int, Query()] = 1990) -> Response:
    """Redirect the network form to its year."""
    return RedirectResponse(f"/network/{year}", status_code=303)


@router.get("/network/{year}", response_class=HTMLResponse)
async def network_page(
    request: Request,
    year: int,
    obligation: Annotated[str | None, Query()] = None,
    alliance: Annotated[int | None, Query()] = None,
) -> Response:
    """The alliance network of a year; pick an alliance to highlight it and compare its members."""
    svc = service(request)
    result = await run_in_threadpool(svc.network, year, obligation or None)
    chosen = next((x for x in result["alliances"] if x["atopid"] == alliance), None)
    if alliance is not None and chosen is None:
        raise InputError(f"ATOP alliance {alliance} was not in force in {year}")
    return render(
        request,
        "network.html",
        title=f"Alliances in {year}",
        page="network",
        year=year,
        obligation=obligation or "",
        obligations=OBLIGATIONS,
        alliances=result["alliances"],
        chosen=chosen,
        n_nodes=len(result["nodes"]),
        n_edges=len(result["edges"]),
        data=embed(result),
        options=embed({"alliance": alliance}),
    )


#: States on one comparison chart (NATO has 32 members; thousands rendered 19 MB on the event loop).
MAX_COMPARE = 60


@router.get("/compare", response_class=HTMLResponse)
async def compare_page(
    request: Request,
    ccode: Annotated[list[str] | None, Query()] = None,
    measure: Annotated[str, Query()] = "milex",
    years: Annotated[str | None, Query()] = None,
) -> Response:
    """Several states' timelines of one measure on one chart (e.g. an alliance's members)."""
    svc = service(request)
    codes = list(dict.fromkeys(code_list(ccode))) or [2, 200, 220, 255]
    if len(codes) > MAX_COMPARE:  # each adds a series to the chart and a row to the page
        raise InputError(f"compare at most {MAX_COMPARE} states at once, not {len(codes)}")
    data = await run_in_threadpool(svc.states, "cow")
    svc.check_measure(measure, data)
    lo, hi = year_filter(years, *data.years, "the COW system") if years else data.years
    series = []
    for code in codes:
        _, rows = svc.state(code, "cow")
        pts = [r for r in rows.select(["year", measure]).to_pylist() if lo <= r["year"] <= hi]
        series.append({"ccode": code, "name": data.names[code]["name"], "points": pts})
    table_years = [y for y in (lo, hi)]
    return render(
        request,
        "compare.html",
        title=f"{measure}, {lo}-{hi}",
        page="compare",
        measure=measure,
        measures=data.measures,
        codes=",".join(str(c) for c in codes),
        years=f"{lo}-{hi}",
        series=series,
        table_years=table_years,
        data=embed({"measure": measure, "series": series}),
    )


@router.get("/crises", response_class=HTMLResponse)
async def crises_page(
    request: Request,
    ccode: Annotated[list[str] | None, Query()] = None,
    years: Annotated[str | None, Query()] = None,
    outcome: Annotated[str | None, Query()] = None,
) -> Response:
    """ICB crises, filtered by actors, years and how they ended."""
    svc = service(request)
    codes = code_list(ccode)
    try:
        table = await run_in_threadpool(svc.crises, codes, years or None, outcome or None, "crisis")
    except Unavailable as exc:
        return error_page(request, str(exc), 501)
    names = [svc.name(c) for c in codes]
    return render(
        request,
        "crises.html",
        title="Crises",
        page="crises",
        rows=table.to_pylist(),
        codes=",".join(str(c) for c in codes),
        names=names,
        years=years or "",
        outcome=outcome or "",
    )


@router.get("/deterrence", response_class=HTMLResponse)
async def deterrence_page(
    request: Request,
    ccode: Annotated[list[str] | None, Query()] = None,
    years: Annotated[str | None, Query()] = None,
    outcome: Annotated[str | None, Query()] = None,
    min_hostility: Annotated[int, Query()] = 2,
    source: Annotated[str, Query()] = "mid",
) -> Response:
    """Extended-deterrence cases from COW MIDs or MIC confrontations, by state, years and outcome."""
    svc = service(request)
    codes = code_list(ccode)
    table = await run_in_threadpool(
        svc.deterrence, codes, years or None, outcome or None, min_hostility, None, source
    )
    rows = table.to_pylist()
    return render(
        request,
        "deterrence.html",
        title="Deterrence cases",
        page="deterrence",
        rows=rows[:500],
        total=len(rows),
        codes=",".join(str(c) for c in codes),
        years=years or "",
        outcome=outcome or "",
        min_hostility=min_hostility,
        source=source,
        sources=CONFLICT_SOURCES,
    )


@router.get("/alerts", response_class=HTMLResponse)
async def alerts_page(
    request: Request,
    ccode: Annotated[list[str] | None, Query()] = None,
    kind: Annotated[str | None, Query()] = None,
    years: Annotated[str | None, Query()] = None,
) -> Response:
    """Event alerts (surges and ladder moves) with links to the dyad pages and their evidence."""
    svc = service(request)
    codes = code_list(ccode)
    table = await run_in_threadpool(svc.alerts, codes, kind or None, years or None)
    rows = table.to_pylist()
    for r in rows:
        r["name1"], r["name2"] = svc.name(r["ccode1"]), svc.name(r["ccode2"])
    return render(
        request,
        "alerts.html",
        title="Event alerts",
        page="alerts",
        rows=rows[:500],
        total=len(rows),
        codes=",".join(str(c) for c in codes),
        names=[svc.name(c) for c in codes],
        kind=kind or "",
        kinds=ALERT_KINDS,
        years=years or "",
        rungs=RUNGS,
    )


@router.get("/sources", response_class=HTMLResponse)
async def sources_page(request: Request) -> Response:
    """Every source with coverage, terms and its BibTeX citation."""
    return render(
        request, "sources.html", title="Sources", page="sources", sources=service(request).sources()
    )


@router.get("/docs", response_class=HTMLResponse)
async def docs_page(request: Request) -> Response:
    """The API's endpoints and parameters, rendered from the OpenAPI schema (works offline)."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                }
            )
    return render(request, "docs.html", title="API", page="docs", endpoints=endpoints)
