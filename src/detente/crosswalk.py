"""State codes across systems: Gleditsch-Ward codes to COW codes, year by year.

Codes are identical in both systems except for the exceptions shipped as data in
``data/cow_gw_crosswalk.csv`` (unified Germany and Yemen, Serbia, four Pacific microstates, Great
Colombia). A G&W state-year maps to the COW state that holds the territory at the end of that year.
"""

from __future__ import annotations

from importlib import resources

import duckdb

CROSSWALK_FILE = resources.files("detente") / "data" / "cow_gw_crosswalk.csv"


def install(con: duckdb.DuckDBPyConnection) -> str:
    """Create (once) the exceptions table in ``con`` and return its name."""
    name = "xw_gw_cow"
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {name} AS SELECT gwcode::SMALLINT AS gwcode, "
        "ccode::SMALLINT AS ccode, first_year, last_year FROM read_csv(?, header=true, "
        "types={'ccode': 'VARCHAR'}, nullstr='')",
        [str(CROSSWALK_FILE)],
    )
    return name


def gw_to_cow_sql(con: duckdb.DuckDBPyConnection, gw: str, year: str) -> str:
    """An SQL expression giving the COW code of G&W code ``gw`` in ``year`` (column expressions).

    >>> import duckdb
    >>> con = duckdb.connect()
    >>> con.sql(f"SELECT {gw_to_cow_sql(con, '260', '1995')} AS c").fetchall()
    [(255,)]
    """
    table = install(con)
    return (
        f"(SELECT CASE WHEN count(*) > 0 THEN any_value(x.ccode) ELSE ({gw})::SMALLINT END "
        f"FROM {table} x WHERE x.gwcode = ({gw}) AND ({year}) BETWEEN x.first_year AND x.last_year)"
    )
