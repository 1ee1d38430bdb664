"""The ATOP alliance network as tables: ties of a year and the shortest chain of allies.

``detente.alliance_network(year)`` gives the networkx graph (degree, eigenvector, blocs); these
verbs give its edge list and a path as tables for the CLI and the HTTP API (docs/networks.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import pyarrow as pa

from ..params import Help, Kind
from ..steps import alliance_network as an
from ..warehouse import Warehouse
from ._base import table

OBLIGATION = Kind("text", choices=an.OBLIGATION_CHOICES)
#: Both verbs' obligation parameter: the obligation a tie must include.
Obligation = Annotated[str, OBLIGATION, Help("defense, offense, neutral, nonagg, consul or any")]
SCHEMA = pa.schema(
    [
        ("year", pa.int16()),
        ("ccode1", pa.int16()),
        ("ccode2", pa.int16()),
        ("obligation", pa.string()),
        ("atopids", pa.list_(pa.int32())),
        ("n_alliances", pa.int16()),
    ]
)


@table(
    "alliance-ties",
    sources=(an.ATOP, an.STATES),
    columns={
        "year": "year",
        "ccode1": "the lower COW code of the pair",
        "ccode2": "the higher COW code",
        "obligation": "the obligation the tie has (or any)",
        "atopids": "ATOP alliances linking the pair with that obligation",
        "n_alliances": "number of such alliances",
    },
)
def alliance_ties(
    year: Annotated[int, Help("year (ATOP within the COW system: 1816-2016)", positional=True)],
    obligation: Obligation = "defense",
    ccode: Annotated[Sequence[int] | None, Help("only ties of these states")] = None,
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """The ATOP alliance network of a year as its ties: one row per allied pair of COW states.

    >>> import detente
    >>> ties = detente.alliance_ties(1960, ccode=[2]).to_pylist()
    >>> len(ties) > 30, next(t["atopids"] for t in ties if t["ccode2"] == 200)
    (True, [3180, 3260])
    """
    graph = an.alliance_network(year, obligation, warehouse).graph
    wanted = set(ccode or ())
    rows = []
    for a, b, attrs in graph.edges(data=True):
        lo, hi = sorted((int(a), int(b)))
        if wanted and not wanted & {lo, hi}:
            continue
        ids = sorted(int(i) for i in attrs.get("atopids", []))
        rows.append(
            {"year": year, "ccode1": lo, "ccode2": hi, "obligation": obligation,
             "atopids": ids, "n_alliances": len(ids)}
        )  # fmt: skip
    rows.sort(key=lambda r: (r["ccode1"], r["ccode2"]))
    return pa.Table.from_pylist(rows, SCHEMA)


@table(
    "alliance-path",
    sources=(an.ATOP, an.STATES),
    columns={
        "step": "0 for the first state, then 1, 2, ...",
        "ccode": "COW code of the state at this step",
        "atopids": "ATOP alliances linking it to the previous state",
    },
)
def alliance_path(
    a: Annotated[int, Help("first state's COW code", positional=True)],
    b: Annotated[int, Help("second state's COW code", positional=True)],
    year: Annotated[int, Help("year (1816-2016)", positional=True)],
    obligation: Obligation = "defense",
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """The shortest chain of allies from ``a`` to ``b`` in a year (no rows when there is none).

    >>> import detente
    >>> detente.alliance_path(20, 740, 1980).column("ccode").to_pylist()  # Canada, USA, Japan
    [20, 2, 740]
    """
    net = an.alliance_network(year, obligation, warehouse)
    path = net.path(a, b) or []
    rows = []
    for i, code in enumerate(path):
        ids = sorted(net.graph[path[i - 1]][code].get("atopids", [])) if i else []
        rows.append({"step": i, "ccode": int(code), "atopids": [int(x) for x in ids]})
    schema = pa.schema([("step", pa.int16()), ("ccode", pa.int16()), ("atopids", pa.list_(pa.int32()))])
    return pa.Table.from_pylist(rows, schema)


@table(
    "alliances-in-force",
    sources=(an.ATOP,),
    columns={
        "atopid": "ATOP alliance id",
        "year": "year",
        "members": "COW codes of the members in force that year",
        "n_members": "number of members",
        **{o: f"1 if any member's obligation that year includes {o}" for o in an.OBLIGATIONS},
    },
)
def alliances_in_force(
    year: Annotated[int, Help("year (ATOP 5.1: 1815-2018)", positional=True)],
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """ATOP alliances in force in a year with their members and obligations, largest first.

    >>> import detente
    >>> nato = [r for r in detente.alliances_in_force(1990).to_pylist() if r["atopid"] == 3180]
    >>> nato[0]["n_members"], nato[0]["defense"]  # 16 states; West and unified Germany both in 1990
    (17, 1)
    """
    from ..registry import get_source
    from ..steps.alliances import member_years_sql
    from ..warehouse import default_warehouse
    from ._filters import year_span

    year = year_span(year, get_source(an.ATOP).years, "ATOP 5.1")[0]
    wh = warehouse or default_warehouse()
    members = member_years_sql(wh.view_name(an.ATOP, "members"))
    flags = ", ".join(f"max(coalesce({o}, 0))::TINYINT AS {o}" for o in an.OBLIGATIONS)
    return wh.con.sql(
        f"""SELECT atopid::INTEGER AS atopid, year::SMALLINT AS year,
                   list(DISTINCT ccode::SMALLINT ORDER BY ccode) AS members,
                   count(DISTINCT ccode)::SMALLINT AS n_members, {flags}
            FROM ({members}) WHERE year = $year
            GROUP BY atopid, year ORDER BY n_members DESC, atopid""",
        params={"year": year},
    ).to_arrow_table()
