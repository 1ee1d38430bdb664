"""Country shapes for the map: Natural Earth 1:110m via world-atlas, shipped with detente.

The shapes are world-atlas 2.0.2's ``countries-110m.json`` (TopoJSON whose feature ids are ISO
3166 numeric codes; Natural Earth, public domain; world-atlas under the ISC licence), shipped in
``detente/web/data/world-atlas/`` with its licence and credit; a ``node_modules`` folder named by
``DETENTE_WEB_ASSETS`` holding another world-atlas overrides it. State codes reach ISO numeric
codes through the country_converter package's Gleditsch-Ward column; COW codes first pass
through detente's COW/G&W exceptions.
"""

from __future__ import annotations

import csv
import functools
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from detente.crosswalk import CROSSWALK_FILE

HERE = Path(__file__).resolve().parent
ASSETS_ENV = "DETENTE_WEB_ASSETS"
WORLD_ATLAS = "world-atlas/countries-110m.json"


def asset_roots() -> list[Path]:
    """Folders searched for installed npm packages (``node_modules`` folders)."""
    roots = []
    if os.environ.get(ASSETS_ENV):
        roots.append(Path(os.environ[ASSETS_ENV]).expanduser())
    roots.append(HERE / "data")
    return roots


def find_asset(relative: str) -> Path | None:
    """The installed file ``relative`` (e.g. ``world-atlas/countries-110m.json``), if any."""
    for root in asset_roots():
        path = root / relative
        if path.is_file():
            return path
    return None


@functools.cache
def _gw_to_iso() -> dict[int, int]:
    """Gleditsch-Ward code -> ISO 3166 numeric code, from country_converter's table."""
    table = resources.files("country_converter") / "country_data.tsv"
    out: dict[int, int] = {}
    with table.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            gw, iso = row.get("GWcode", "").strip(), row.get("ISOnumeric", "").strip()
            if gw and iso and row.get("obsolete", "").strip() == "":
                try:
                    out.setdefault(int(float(gw)), int(float(iso)))
                except ValueError:
                    continue
    return out


@functools.cache
def _cow_to_gw() -> dict[int, int]:
    """COW code -> G&W code where they differ today (the inverse of detente's crosswalk)."""
    out: dict[int, int] = {}
    with CROSSWALK_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["ccode"] and row["last_year"] == "9999":
                out[int(row["ccode"])] = int(row["gwcode"])
    return out


def iso_numeric(code: int, system: str = "cow") -> str | None:
    """The ISO numeric code (three digits, as world-atlas spells it) of a state code, if known."""
    gw = _cow_to_gw().get(code, code) if system == "cow" else code
    iso = _gw_to_iso().get(gw)
    return None if iso is None else f"{iso:03d}"


@functools.cache
def world_geojson() -> bytes | None:
    """world-atlas's countries as GeoJSON bytes (TopoJSON arcs decoded), or None if not installed."""
    path = find_asset(WORLD_ATLAS)
    if path is None:
        return None
    topo = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(topojson_features(topo, "countries"), separators=(",", ":")).encode()


def topojson_features(topo: dict[str, Any], name: str) -> dict[str, Any]:
    """Decode one TopoJSON object (quantised, delta-encoded arcs) into a GeoJSON FeatureCollection."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 4), round(y * sy + ty, 4)])
        arcs.append(points)

    def ring(indices: list[int]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    features = []
    for geom in topo["objects"][name]["geometries"]:
        if geom.get("type") == "Polygon":
            coords: Any = [ring(r) for r in geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            coords = [[ring(r) for r in poly] for poly in geom["arcs"]]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "id": geom.get("id"),
                "properties": geom.get("properties", {}),
                "geometry": {"type": geom["type"], "coordinates": coords},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def plotly_js() -> Path:
    """plotly.js as shipped inside the plotly Python package (served locally, never from a CDN)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
