"""Country-code lookup as a verb (``detente codes "South Korea"``, ``detente codes 732``)."""

from __future__ import annotations

from typing import Annotated

import pyarrow as pa
import pyarrow.compute as pc

from .. import codes as cc
from ..errors import InputError
from ..params import Help
from ..warehouse import Warehouse
from ._base import table

COLUMNS = {
    "ccode": "COW state code",
    "scheme": "name, iso3, iso2, polity or stateabb",
    "value": "the identifier",
    "first_year": "first year the identifier denotes the state (null: open)",
    "last_year": "last year (null: open)",
    "matched": "true for the identifiers the query matched",
    "origin": "the source printing the identifier beside its COW code, or hand",
    "note": "why a hand-curated row says what it says",
}


@table(
    "codes",
    sources=(),
    columns=COLUMNS,
    show=("ccode", "scheme", "value", "first_year", "last_year", "matched"),
)
def country_codes(
    query: Annotated[
        str,
        Help(
            "a COW code (732), a name (South Korea), ISO3, ISO2, Polity or COW abbreviation",
            positional=True,
        ),
    ],
    year: Annotated[int | None, Help("only identifiers valid in this year")] = None,
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """Every identifier of the COW states a code, name or abbreviation denotes (data/country_codes.csv).

    Names match case-, accent- and apostrophe-blind; codes upper-case. ``warehouse`` is unused
    (the table ships with detente).

    >>> import detente
    >>> t = detente.country_codes("South Korea")
    >>> sorted(set(t["ccode"].to_pylist())), [r["value"] for r in t.to_pylist() if r["scheme"] == "iso3"]
    ([732], ['KOR'])
    >>> sorted(set(detente.country_codes("Germany", year=1980)["ccode"].to_pylist()))
    [260]
    """
    del warehouse
    text = query.strip()
    if not text:
        raise InputError("codes: give a COW code, a name or an abbreviation")
    con = cc._connection()
    name = cc.install(con)
    within = "" if year is None else "AND ? BETWEEN lo AND hi"
    args = [] if year is None else [year]
    if text.lstrip("-").isdigit():
        matched = "ccode = ?"
        found = con.execute(
            f"SELECT DISTINCT ccode FROM {name} WHERE ccode = ? {within}", [int(text), *args]
        ).fetchall()
        hit_args: list = [int(text)]
    else:
        keys = " OR ".join(f"(scheme = '{s}' AND key = {cc.key_sql('?', s)})" for s in cc.SCHEMES)
        found = con.execute(
            f"SELECT DISTINCT ccode FROM {name} WHERE ({keys}) {within} AND ccode IS NOT NULL",
            [text] * len(cc.SCHEMES) + args,
        ).fetchall()
        matched = "(" + keys + ")"
        hit_args = [text] * len(cc.SCHEMES)
    ids = sorted(r[0] for r in found if r[0] is not None)
    if not ids:
        raise InputError(f"codes: no COW state is known as {text!r}" + (f" in {year}" if year else ""))
    marks = ", ".join("?" for _ in ids)
    result = con.sql(
        f"""SELECT ccode, scheme, value, first_year, last_year, {matched} AS matched, origin, note
            FROM {name} WHERE ccode IN ({marks}) {within}
            ORDER BY ccode, scheme, key, lo""",
        params=[*hit_args, *ids, *args],
    ).to_arrow_table()
    return result.set_column(5, "matched", pc.fill_null(result["matched"], False))
