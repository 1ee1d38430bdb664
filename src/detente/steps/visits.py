"""Visits by U.S. service secretaries and combatant commanders to each host, 1992-2012.

Source: ``us-visits`` (``visits.xls``, an unpublished research file; see the source's notes). One
sender, the United States: state-years describe the host; dyad-years are non-null only where
state 1 is the United States (COW and G&W code 2) and state 2 the host, as for ``troops_abroad``.

- A visit is one trip to one destination (a three-country trip is three visits) and belongs to
  the year it starts.
- Domain: 1992-2012 except :data:`GAP_YEARS`: the file records no visit at all in 1993 and 2003,
  which says more about the file than about U.S. officials, so those years are null, not 0. The
  United States' own row is null.
"""

from __future__ import annotations

from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step
from ._domain import years_inside, zero_inside

VISITS = "us-visits"
USA = 2
#: years inside the source's span with no visit recorded at all: a gap in the file, null
GAP_YEARS = (1993, 2003)


def _inside(us: str) -> str:
    gaps = ", ".join(str(y) for y in GAP_YEARS)
    return f"{us} AND {years_inside(VISITS)} AND p.year NOT IN ({gaps})"


@step("visits", units=(STATE_YEAR, DYAD_YEAR), sources=(VISITS,))
def add_visits(panel: Panel) -> str:
    """Add visits by U.S. service secretaries and combatant commanders (U.S. as sender only).

    State-years (the state as host) and (United States -> host) dyad-years:

    - us_visits: visits started that year (one trip to one country is one visit);
    - us_visit_officials: distinct officials who visited;
    - us_visit_secretaries: visits by the secretaries of the Army, Navy or Air Force;
    - us_visit_commanders: visits by combatant commanders (PACOM, STRATCOM) and the Commandant
      of the Marine Corps.

    0 inside 1992-2012 without a visit; null in 1993 and 2003 (no visit recorded that year: a
    gap in the file), outside the years, for the United States itself and, in dyad-years, for
    every dyad whose state 1 is not the United States.

    >>> import detente
    >>> sy = detente.state_years(years=(2011, 2011)).add_visits().to_pandas()
    >>> int(sy.loc[sy.ccode == 700, "us_visits"].iloc[0])  # Afghanistan
    6
    """
    v = panel.wh.view_name(VISITS, "visits")
    counts = f"""SELECT ccode, start_year AS year, count(*) AS n,
                        count(DISTINCT official) AS officials,
                        count(*) FILTER (WHERE title LIKE 'Secretary of the %') AS secretaries,
                        count(*) FILTER (WHERE title NOT LIKE 'Secretary of the %') AS commanders
                 FROM {v} WHERE kind = 'state' GROUP BY ccode, start_year"""
    if panel.unit == STATE_YEAR:
        host, us = "p._k", f"p._k <> {USA}"
    else:
        host, us = f"(CASE WHEN p._k1 = {USA} THEN p._k2 END)", f"p._k1 = {USA} AND p._k2 <> {USA}"
    inside = _inside(us)
    cols = ", ".join(
        zero_inside(inside, f"c.{c}", name)
        for c, name in (
            ("n", "us_visits"),
            ("officials", "us_visit_officials"),
            ("secretaries", "us_visit_secretaries"),
            ("commanders", "us_visit_commanders"),
        )
    )
    return f"""
        SELECT p.*, {cols} FROM ({panel.sql}) p
        LEFT JOIN ({counts}) c ON c.ccode = {host} AND c.year = p.year"""
