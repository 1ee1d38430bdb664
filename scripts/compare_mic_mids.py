"""Compare MIC confrontations (MIE 1.0) with GML MIDs 2.2.1 and COW MID 5.0 on one panel.

Builds the undirected COW dyad-year panel 1816-2014 with the three conflict steps and prints, as
Markdown: dyad-years ongoing and dyadic onsets per decade in each source, dyad-years and dyads
found in only one of MIC and each MID source (over their common years), and the largest
confrontations with no MID dyad-year and the largest MIDs with no MIC dyad-year. The output is
pasted into docs/confrontations.md.

    python scripts/compare_mic_mids.py [--mirror ../shared/data]
"""

from __future__ import annotations

import argparse

import duckdb

import detente

PAIRS = {"gml": (1816, 2010), "cow": (1816, 2014)}


def build(mirror: str | None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding the panel as table ``p``."""
    if mirror:
        detente.configure(mirror=mirror)
    from detente.systems import SYSTEMS

    years = (1816, 2014)
    system = "cow2016" if "cow2016" in SYSTEMS else "cow"  # the figures in the docs: COW 2016
    base = detente.dyad_years(system, directed=False, years=years)
    gml = base.add_confrontations().add_mids(source="gml").to_arrow()
    cow = base.add_mids(source="cow").to_arrow()  # a second panel: both MID steps share columns
    con = duckdb.connect()
    con.register("gml", gml)
    con.register("cow", cow)
    con.execute(
        """CREATE TABLE p AS SELECT g.*, c.cowmidongoing, c.cowmidonset, c.dispnum AS cow_dispnum,
                                    c.hostlev AS cow_hostlev
           FROM gml g JOIN cow c USING (ccode1, ccode2, year)"""
    )
    return con


def markdown(rows: list[tuple], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| "
        + " | ".join("" if v is None else f"{v:,}" if isinstance(v, int) else str(v) for v in r)
        + " |"
        for r in rows
    ]
    return "\n".join(lines)


def per_decade(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute(
        """SELECT (year // 10 * 10)::INT AS decade,
                  sum(micongoing)::INT, sum(miconset)::INT,
                  sum(gmlmidongoing)::INT, sum(gmlmidonset)::INT,
                  sum(cowmidongoing)::INT, sum(cowmidonset)::INT
           FROM p GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    total = con.execute(
        """SELECT 'total', sum(micongoing)::INT, sum(miconset)::INT, sum(gmlmidongoing)::INT,
                  sum(gmlmidonset)::INT, sum(cowmidongoing)::INT, sum(cowmidonset)::INT FROM p"""
    ).fetchall()
    header = [
        "decade",
        "MIC ongoing",
        "MIC onsets",
        "GML ongoing",
        "GML onsets",
        "COW ongoing",
        "COW onsets",
    ]
    return markdown([(f"{d}s", *r) for d, *r in rows] + total, header)


def only_in_one(con: duckdb.DuckDBPyConnection) -> str:
    out = []
    for src, (lo, hi) in PAIRS.items():
        dy = con.execute(
            f"""SELECT count(*) FILTER (WHERE micongoing = 1 AND {src}midongoing = 1)::INT,
                       count(*) FILTER (WHERE micongoing = 1 AND {src}midongoing = 0)::INT,
                       count(*) FILTER (WHERE micongoing = 0 AND {src}midongoing = 1)::INT
                FROM p WHERE year BETWEEN ? AND ?""",
            [lo, hi],
        ).fetchone()
        dyads = con.execute(
            f"""SELECT count(*) FILTER (WHERE m AND d)::INT, count(*) FILTER (WHERE m AND NOT d)::INT,
                       count(*) FILTER (WHERE d AND NOT m)::INT
                FROM (SELECT ccode1, ccode2, bool_or(micongoing = 1) m, bool_or({src}midongoing = 1) d
                      FROM p WHERE year BETWEEN ? AND ? GROUP BY ALL)""",
            [lo, hi],
        ).fetchone()
        out.append((f"MIC vs {src.upper()} MID, {lo}-{hi}", "dyad-years", *dy))
        out.append((f"MIC vs {src.upper()} MID, {lo}-{hi}", "dyads (ever)", *dyads))
    return markdown(out, ["comparison", "unit", "both", "only MIC", "only MID"])


def largest_unmatched(con: duckdb.DuckDBPyConnection) -> str:
    mic = con.execute(
        """WITH c AS (SELECT micnum, bool_or(cowmidongoing = 1) AS any_mid, count(*) AS dy,
                             min(year) AS y0, max(year) AS y1, max(mic_hostlev) AS host,
                             arg_max(ccode1 || '-' || ccode2, mic_events12 + mic_events21) AS dyad
                      FROM p WHERE micnum IS NOT NULL GROUP BY micnum)
           SELECT 'MIC ' || micnum, dyad, y0 || '-' || y1, dy::INT, host FROM c
           WHERE NOT any_mid ORDER BY dy DESC, micnum LIMIT 8"""
    ).fetchall()
    mid = con.execute(
        """WITH c AS (SELECT cow_dispnum, bool_or(micongoing = 1) AS any_mic, count(*) AS dy,
                             min(year) AS y0, max(year) AS y1, max(cow_hostlev) AS host,
                             min(ccode1 || '-' || ccode2) AS dyad
                      FROM p WHERE cowmidongoing = 1 GROUP BY cow_dispnum)
           SELECT 'COW MID ' || cow_dispnum, dyad, y0 || '-' || y1, dy::INT, host FROM c
           WHERE NOT any_mic ORDER BY dy DESC, cow_dispnum LIMIT 8"""
    ).fetchall()
    header = ["case (kept by the default rules)", "a dyad", "years", "dyad-years", "peak hostility"]
    return markdown(mic + mid, header)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default=None, help="data mirror folder (or DETENTE_MIRROR)")
    con = build(parser.parse_args().mirror)
    print("### Undirected dyad-years per decade\n")
    print(per_decade(con))
    print("\n### Dyad-years and dyads in only one source\n")
    print(only_in_one(con))
    print("\n### The largest cases with no dyad-year in the other source (MIC vs COW MID)\n")
    print(largest_unmatched(con))


if __name__ == "__main__":
    main()
