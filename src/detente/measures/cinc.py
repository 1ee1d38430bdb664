"""CINC: the Composite Index of National Capability, recomputed from the six NMC components.

For each year, each component's share is the state's value over the sum across all states with a
value that year; CINC is the mean of the shares the state has (a missing component is skipped,
not counted as zero), as in the COW NMC codebook.
"""

from __future__ import annotations

COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")


def cinc_sql(nmc: str) -> str:
    """SQL adding ``cinc`` (recomputed) and ``cinc_published`` to an NMC table or view ``nmc``.

    ``nmc`` needs ccode, year and the six components (nulls for missing values).
    """
    totals = ", ".join(f"sum({c}) AS {c}" for c in COMPONENTS)
    shares = ", ".join(f"n.{c} / nullif(t.{c}, 0)" for c in COMPONENTS)
    return f"""
        SELECT n.* EXCLUDE (cinc), list_avg(list_filter([{shares}], lambda x: x IS NOT NULL)) AS cinc,
               n.cinc AS cinc_published
        FROM {nmc} n JOIN (SELECT year, {totals} FROM {nmc} GROUP BY year) t USING (year)"""
