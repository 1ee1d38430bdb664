"""Country identifiers to COW codes: names, ISO3, ISO2, Polity and COW abbreviations, year by year.

One table, ``data/country_codes.csv``, maps every identifier the sources use to a COW state code
with the years in which the identifier denotes that state (``first_year``/``last_year``; blank
means open). Rows with a blank ``ccode`` are identifiers known *not* to be COW states (SIPRI's
``European Union``, Polity's ``Gran Colombia``, V-Dem's ``HKG``...); they give null, never an
error. ``origin`` names the source whose own data print the identifier beside its COW code
(``unga-idealpoints``, ``cow-states-2016``) or beside a mapped name (``polity5-subset``,
``unga-votes``), or ``hand`` for curated rows, whose ``note`` says why. The tests check every
such pair against the source, and us-troops' ccode/iso3c pairs against the table.

Schemes: ``name`` (country names and aliases; matched case-, accent- and apostrophe-blind with
spaces collapsed), ``iso3``, ``iso2``, ``polity`` (Polity ``scode``) and ``stateabb`` (COW
abbreviations); codes are matched upper-case. Where a name changes meaning (``Germany``, ``DEU``:
FRG 260 from 1949 to 1989, unified Germany 255 from 1990), the year of the change goes to the
state that exists at its end, as in ``cow_gw_crosswalk.csv``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from importlib import resources

import duckdb
import pyarrow as pa

from .errors import InputError

CODES_FILE = resources.files("detente") / "data" / "country_codes.csv"
SCHEMES = ("name", "iso3", "iso2", "polity", "stateabb")
TABLE = "detente_country_codes"
_NAME_KEY = (
    "regexp_replace(regexp_replace(lower(strip_accents(trim({x}))), '[’‘`´]', '''', 'g'), "
    "'\\s+', ' ', 'g')"
)
_LOCAL = threading.local()


def _check_scheme(scheme: str) -> None:
    """Refuse an unknown scheme, naming the known ones."""
    if scheme not in SCHEMES:
        raise InputError(f"unknown country-code scheme {scheme!r}; choose from {list(SCHEMES)}")


def key_sql(expr: str, scheme: str) -> str:
    """SQL for the matching key of ``expr``: normalised text for names, upper case for codes."""
    _check_scheme(scheme)
    return _NAME_KEY.format(x=expr) if scheme == "name" else f"upper(trim({expr}))"


def install(con: duckdb.DuckDBPyConnection) -> str:
    """Create (once) the country-code table in ``con`` and return its name."""
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS {TABLE} AS
            SELECT scheme, value,
                   CASE WHEN scheme = 'name' THEN {_NAME_KEY.format(x="value")}
                        ELSE upper(trim(value)) END AS key,
                   ccode, coalesce(first_year, -9999) AS lo, coalesce(last_year, 9999) AS hi,
                   first_year, last_year, origin, note
            FROM read_csv(?, header=true, nullstr='', quote='"', types={{
                'scheme': 'VARCHAR', 'value': 'VARCHAR', 'ccode': 'SMALLINT',
                'first_year': 'SMALLINT', 'last_year': 'SMALLINT', 'origin': 'VARCHAR',
                'note': 'VARCHAR'}})""",
        [str(CODES_FILE)],
    )
    return TABLE


def to_cow_sql(
    con: duckdb.DuckDBPyConnection, column_expr: str, scheme: str, year_expr: str | None = None
) -> str:
    """SQL giving the COW code of ``column_expr`` (a ``scheme`` identifier) in ``year_expr``.

    Null for unknown identifiers, declared non-states and years outside an identifier's validity.
    Without ``year_expr`` the identifier's latest meaning is used. DuckDB turns the correlated
    subquery into one join, so it stays vectorised.

    >>> import duckdb
    >>> con = duckdb.connect()
    >>> con.sql("SELECT " + to_cow_sql(con, "'Germany'", "name", "1980")).fetchall()
    [(260,)]
    """
    table = install(con)
    key = key_sql(column_expr, scheme)
    where = f"x.scheme = '{scheme}' AND x.key = {key}"
    if year_expr is None:
        return f"(SELECT first(x.ccode ORDER BY x.hi DESC) FROM {table} x WHERE {where})"
    return f"(SELECT min(x.ccode) FROM {table} x WHERE {where} AND ({year_expr}) BETWEEN x.lo AND x.hi)"


def _connection() -> duckdb.DuckDBPyConnection:
    """A per-thread in-memory DuckDB connection for the list functions."""
    if not hasattr(_LOCAL, "con"):
        _LOCAL.con = duckdb.connect()
    return _LOCAL.con


def _lookup(sql: str, values: Sequence[str | None], years: Sequence[int | None]) -> list:
    """Run ``sql`` (over the registered input ``_codes_in(i, v, y)``) and return its column in order."""
    con = _connection()
    data = pa.table(
        {
            "i": pa.array(range(len(values)), pa.int64()),
            "v": pa.array(values, pa.string()),
            "y": pa.array(years, pa.int32()),
        }
    )
    con.register("_codes_in", data)
    try:
        return [r[0] for r in con.execute(sql).fetchall()]
    finally:
        con.unregister("_codes_in")


def unmatched(values: Iterable[str | None], scheme: str) -> list[str]:
    """The distinct identifiers that the table does not know at all (sorted): to fix before mapping.

    Declared non-states (blank ``ccode``) are known and not listed.

    >>> unmatched(["Viet Nam", "European Union", "Hezbollah (Lebanon)"], "name")
    ['Hezbollah (Lebanon)']
    """
    vals = [v for v in dict.fromkeys(values) if v is not None]
    table = install(_connection())
    sql = f"""SELECT t.v FROM _codes_in t
              WHERE NOT EXISTS (SELECT 1 FROM {table} x
                                WHERE x.scheme = '{scheme}' AND x.key = {key_sql("t.v", scheme)})
              ORDER BY t.v"""
    return _lookup(sql, vals, [None] * len(vals))


def to_cow(
    values: Iterable[str | None],
    scheme: str,
    years: int | Iterable[int | None] | None = None,
    *,
    strict: bool = False,
) -> list[int | None]:
    """COW codes for ``values`` (one per value, in order); ``years`` is one year or one per value.

    Unknown identifiers give None, or an InputError listing them with ``strict=True``; declared
    non-states and years outside an identifier's validity give None. Without ``years`` each
    identifier's latest meaning is used.

    >>> to_cow(["Viet Nam", "USSR", "Yemen, North", "European Union"], "name", 1985)
    [816, 365, 678, None]
    >>> to_cow(["DEU", "DEU"], "iso3", [1980, 1995])
    [260, 255]
    """
    vals = list(values)
    if years is None or isinstance(years, int):
        yrs: list[int | None] = [years] * len(vals)
    else:
        yrs = list(years)
        if len(yrs) != len(vals):
            raise InputError(f"to_cow: {len(vals)} values but {len(yrs)} years")
    if strict:
        unknown = unmatched(vals, scheme)
        if unknown:
            raise InputError(f"unknown {scheme} identifier(s) {unknown}: add them to {CODES_FILE.name}")
    year = None if years is None else "t.y"
    sql = f"SELECT {to_cow_sql(_connection(), 't.v', scheme, year)} FROM _codes_in t ORDER BY t.i"
    return _lookup(sql, vals, yrs)


def table() -> pa.Table:
    """The whole country-code table (scheme, value, ccode, first_year, last_year, origin, note)."""
    con = _connection()
    name = install(con)
    return con.sql(
        f"SELECT scheme, value, ccode, first_year, last_year, origin, note FROM {name} "
        "ORDER BY scheme, key, lo"
    ).to_arrow_table()
