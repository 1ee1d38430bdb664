"""Capabilities: the six NMC components, recomputed CINC, COW major-power status, capability share."""

from __future__ import annotations

from ..measures.cinc import COMPONENTS, cinc_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step

NMC = "nmc"  # a source family: NMC 7.0 unless the panel pins another version
MAJORS = "cow-majors"  # family: COW 2024 major powers (the cow2016 system reads the 2016 list)
#: Components whose every value is a whole number in NMC 6.0 and 7.0, with their type in panels
#: (largest: milex 838,814,000 in 7.0; milper 12,500). tpop and upop stay DOUBLE (Morocco 1912:
#: 4517.6 and 173.64...).
WHOLE = {"milex": "INTEGER", "milper": "SMALLINT", "irst": "INTEGER", "pec": "INTEGER"}


def _capability_table(panel: Panel) -> str:
    """SQL: ccode, year, components, cinc and cowmaj for every COW state-year of the NMC domain.

    cowmaj is 1 if the state held major-power status on any day of the year, 0 if not, and null
    outside the NMC domain (1816-2022 for 7.0, 1816-2016 for 6.0).
    """
    nmc = panel.wh.view_name(panel.source(NMC), "nmc")
    majors = panel.wh.view_name(panel.source(MAJORS), "majors")
    cols = ", ".join(f"c.{x}::{WHOLE[x]} AS {x}" if x in WHOLE else f"c.{x}" for x in COMPONENTS)
    return f"""
        SELECT c.ccode, c.year, {cols}, c.cinc,
               (EXISTS (SELECT 1 FROM {majors} m WHERE m.ccode = c.ccode
                        AND c.year BETWEEN year(m.start) AND year(m."end")))::TINYINT AS cowmaj
        FROM ({cinc_sql(nmc)}) c"""


@step("capabilities", units=(STATE_YEAR, DYAD_YEAR), sources=(NMC, MAJORS))
def add_capabilities(panel: Panel) -> str:
    """Add NMC capabilities (7.0; 6.0 with ``versions={"nmc": "6.0"}``) and COW major-power status.

    Columns (state-year): milex, irst, pec (INTEGER), milper (SMALLINT), tpop, upop (DOUBLE; NMC
    units; -9 in the file is null), cinc (recomputed from the components: the mean of the state's
    available component shares that year; it equals NMC's published cinc to within 1e-6 for
    every state-year) and cowmaj (1 if a COW major power on any day of the year). Dyad-years
    get each with suffix 1 and 2, plus capshare1 = cinc1 / (cinc1 + cinc2). Outside NMC's
    domain (7.0: 1816-2022; 6.0: 1816-2016) every value is null.

    >>> import detente
    >>> detente.state_years(years=(2000, 2000)).add_capabilities().columns[:4]
    ['ccode', 'stateabb', 'year', 'milex']
    """
    cap = _capability_table(panel)
    names = [*COMPONENTS, "cinc", "cowmaj"]
    if panel.unit == STATE_YEAR:
        cols = ", ".join(f"c.{n}" for n in names)
        return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
                   LEFT JOIN ({cap}) c ON c.ccode = p._k AND c.year = p.year"""
    cols = ", ".join(f"a.{n} AS {n}1, b.{n} AS {n}2" for n in names)
    return f"""
        WITH cap AS ({cap})
        SELECT p.*, {cols}, a.cinc / nullif(a.cinc + b.cinc, 0) AS capshare1
        FROM ({panel.sql}) p
        LEFT JOIN cap a ON a.ccode = p._k1 AND a.year = p.year
        LEFT JOIN cap b ON b.ccode = p._k2 AND b.year = p.year"""
