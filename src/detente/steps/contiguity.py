"""Contiguity: COW Direct Contiguity 3.2 type for dyads, neighbour counts for states."""

from __future__ import annotations

from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step
from ._domain import years_inside, zero_inside

CONTIGUITY = "cow-contiguity-3.2"


@step("contiguity", units=(STATE_YEAR, DYAD_YEAR), sources=(CONTIGUITY,))
def add_contiguity(panel: Panel) -> str:
    """Add COW direct contiguity.

    Dyad-years get conttype: 1 land or river border, 2-5 separated by at most 12, 24, 150 or
    400 miles of water, 0 not contiguous; null outside the data's 1816-2016 domain. State-years
    get n_land (states sharing a land or river border) and n_contiguous (contiguous of any type),
    0 when none and null outside the domain.

    >>> import detente
    >>> detente.dyad_years(years=(2000, 2000)).add_contiguity().columns[-1]
    'conttype'
    """
    src = panel.wh.view_name(CONTIGUITY, "contiguity")
    inside = years_inside(CONTIGUITY)
    if panel.unit == DYAD_YEAR:
        return f"""
            SELECT p.*, {zero_inside(inside, "k.conttype", "conttype", "TINYINT")}
            FROM ({panel.sql}) p
            LEFT JOIN {src} k ON k.ccode1 = p._k1 AND k.ccode2 = p._k2 AND k.year = p.year"""
    return f"""
        SELECT p.*,
               {zero_inside(inside, "k.n_land", "n_land")},
               {zero_inside(inside, "k.n_contiguous", "n_contiguous")}
        FROM ({panel.sql}) p
        LEFT JOIN (SELECT ccode1, year, count(*) FILTER (WHERE conttype = 1) AS n_land,
                          count(*) AS n_contiguous
                   FROM {src} GROUP BY ccode1, year) k ON k.ccode1 = p._k AND k.year = p.year"""
