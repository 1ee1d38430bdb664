"""Intergovernmental organisations: COW IGO 3.0 membership counts (peacesciencer's summaries).

State-years get the number of IGOs in which the state is a full member, an associate member, an
observer, and any of these (``sum_igo_anytype`` = the sum of the three); dyad-years get each with
suffix 1 and 2 plus ``dyadigos``, the number of IGOs in which both states are full members (the
undirected file is looked up with the smaller COW code first, so (A, B) and (B, A) agree). It comes
from COW's dyadic file, not from the state counts: in 59 of the 917,673 COW dyad-years with a value it
exceeds the smaller of the two full-membership counts by one (Kosovo's dyads in 2014, France-Switzerland
1957...), though never the smaller any-type count; the values are kept as published.

Counts are true counts inside COW IGO's 1816-2014 domain: 0 means no membership (the United States
in 1816). A state-year or dyad-year that the summaries do not list is null, not 0: they leave out
the four states that ended during 1990 in that year (the FRG 260, the GDR 265, North
Yemen 678 and South Yemen 680), and so the 642 COW dyad-years of 1990 that involve them. Outside the
domain (COW 2015-2016, G&W 2015-2017) every column is null. States outside the COW system (G&W's
Tibet, Transvaal...) have no COW IGO data and are null.
"""

from __future__ import annotations

from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..sources.cow_igo import COUNTS
from ._base import step

IGO = "cow-igo-3.0"


@step("igos", units=(STATE_YEAR, DYAD_YEAR), sources=(IGO,))
def add_igos(panel: Panel) -> str:
    """Add COW IGO 3.0 memberships: full, associate, observer and any-type counts; shared (dyads).

    Columns: sum_igo_full, sum_igo_associate, sum_igo_observer, sum_igo_anytype (state-years;
    dyad-years with suffix 1 and 2) and dyadigos (dyad-years: IGOs in which both are full
    members). 0 is a true zero inside 1816-2014; null outside it and where the source has no row.

    >>> import detente
    >>> p = detente.dyad_years(years=(2000, 2000)).add_igos().to_pandas()
    >>> p.loc[(p.ccode1 == 2) & (p.ccode2 == 20), ["sum_igo_full1", "dyadigos"]].values.tolist()
    [[88, 73]]
    """
    sy = panel.wh.view_name(IGO, "state_years")
    ndy = panel.wh.view_name(IGO, "dyad_years")
    lo, hi = get_source(IGO).years
    states = f"SELECT ccode, year, {', '.join(COUNTS)} FROM {sy} WHERE year BETWEEN {lo} AND {hi}"
    if panel.unit == STATE_YEAR:
        cols = ", ".join(f"s.{c}" for c in COUNTS)
        return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
                   LEFT JOIN ({states}) s ON s.ccode = p._k AND s.year = p.year"""
    cols = ", ".join(f"a.{c} AS {c}1, b.{c} AS {c}2" for c in COUNTS)
    return f"""
        WITH s AS ({states}),
        d AS (SELECT ccode1, ccode2, year, dyadigos FROM {ndy} WHERE year BETWEEN {lo} AND {hi})
        SELECT p.*, {cols}, d.dyadigos
        FROM ({panel.sql}) p
        LEFT JOIN s a ON a.ccode = p._k1 AND a.year = p.year
        LEFT JOIN s b ON b.ccode = p._k2 AND b.year = p.year
        LEFT JOIN d ON d.ccode1 = least(p._k1, p._k2) AND d.ccode2 = greatest(p._k1, p._k2)
                   AND d.year = p.year"""
