"""Arms transfers: SIPRI trade-register deals as supplier->recipient dyad-years and state-years.

Rules:

- Parties are SIPRI names mapped to COW codes with :mod:`detente.codes`, in the year of the
  event. A deal's order counts in its order year; when SIPRI names a successor state for a deal
  ordered before that state's name took effect (``Yemen`` for orders of 1989, delivered from
  1990), the party's code in the first delivery year is used. Non-state actors, organisations
  and unknown parties (marked by SIPRI) have no code.
- Deliveries: the register lists each deal's delivery years (``2018; 2019``, possibly with gaps);
  SIPRI's TIV of delivered weapons is divided evenly over the *listed* years (not over every year
  from first to last), and the number delivered is split as evenly in whole units (the earliest
  ``number mod years`` listed years get one more). TIV is SIPRI's trend-indicator value, a volume
  measure in millions, not money.
- Domain: from the first delivery year in the register (SIPRI covers transfers since 1950; the
  few deals ordered 1940-49 are only there because they were delivered later) to the last year of
  the source (``get_source(...).years``). Inside it a year without transfers is 0; outside it
  every column is null.
"""

from __future__ import annotations

from .. import codes
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..warehouse import Warehouse
from ._base import step
from ._domain import zero_inside

SIPRI_AT = "sipri-arms-transfers"
#: SQL: a deal's listed delivery years, sorted and distinct
YEARS = (
    "list_sort(list_distinct(list_transform("
    "regexp_extract_all(r.delivery_years, '\\d{4}'), lambda y: y::SMALLINT)))"
)


def deals_sql(wh: Warehouse) -> str:
    """SQL: one row per deal: SIPRI names, their COW codes (order-year rule), order year, weapon."""
    reg = wh.view_name(SIPRI_AT, "trade_register")
    con = wh.con

    def party(col: str) -> str:
        at_order = codes.to_cow_sql(con, f"r.{col}", "name", "r.order_year")
        at_delivery = codes.to_cow_sql(con, f"r.{col}", "name", "r.first_delivery_year")
        return f"CASE WHEN r.{col}_kind = 'state' THEN coalesce({at_order}, {at_delivery}) END AS {col}"

    return f"""SELECT r.supplier AS supplier_name, r.recipient AS recipient_name, {party("supplier")},
                      {party("recipient")}, r.order_year AS year, r.weapon_designation
               FROM {reg} r"""


def deliveries_sql(wh: Warehouse) -> str:
    """SQL: one row per deal and listed delivery year: supplier, recipient (COW codes), units, tiv."""
    reg = wh.view_name(SIPRI_AT, "trade_register")
    con = wh.con

    def party(col: str) -> str:
        code = codes.to_cow_sql(con, f"d.{col}", "name", "d.year")
        return f"CASE WHEN d.{col}_kind = 'state' THEN {code} END AS {col}"

    return f"""
        WITH d AS (
            SELECT supplier, supplier_kind, recipient, recipient_kind, number_delivered,
                   tiv_delivered, unnest(ys) AS year, generate_subscripts(ys, 1) AS k, len(ys) AS n
            FROM (SELECT r.*, {YEARS} AS ys FROM {reg} r) WHERE len(ys) > 0)
        SELECT {party("supplier")}, {party("recipient")}, d.year,
               (d.number_delivered // d.n + CASE WHEN d.k <= d.number_delivered % d.n THEN 1 ELSE 0 END)
                   AS units,
               d.tiv_delivered / d.n AS tiv
        FROM d"""


def domain_sql(wh: Warehouse) -> tuple[str, int]:
    """The domain's first year (SQL: the register's first delivery year) and last year (the source's)."""
    reg = wh.view_name(SIPRI_AT, "trade_register")
    return f"(SELECT min(first_delivery_year) FROM {reg})", get_source(SIPRI_AT).years[1]


@step("arms_transfers", units=(STATE_YEAR, DYAD_YEAR), sources=(SIPRI_AT,))
def add_arms_transfers(panel: Panel) -> str:
    """Add SIPRI arms transfers: deals ordered and deliveries (units, TIV), by dyad-year or state-year.

    Directed dyad-years (state 1 supplies state 2): arms_deals (deals ordered that year),
    arms_units (units delivered that year) and arms_tiv (TIV of deliveries that year, millions).
    Undirected dyad-years count transfers in both directions. State-years: arms_export_deals,
    arms_import_deals, arms_export_tiv, arms_import_tiv, counting every partner, including
    non-state actors, organisations and unknown parties. TIV delivered is spread evenly over the
    deal's listed delivery years. 0 inside the domain (the register's first delivery year, 1950,
    to the source's last year), null outside. See the module docs for the rules.

    >>> import detente
    >>> p = detente.dyad_years(years=(2016, 2016)).add_arms_transfers().to_pandas()
    >>> row = p[(p.ccode1 == 220) & (p.ccode2 == 651)].iloc[0]  # France -> Egypt
    >>> int(row.arms_deals), int(row.arms_units), float(row.arms_tiv)
    (0, 168, 1002.0)
    """
    lo, hi = domain_sql(panel.wh)
    inside = f"p.year BETWEEN {lo} AND {hi}"

    def col(expr: str, name: str, kind: str) -> str:
        return zero_inside(inside, expr, name, kind)

    deals, deliv = deals_sql(panel.wh), deliveries_sql(panel.wh)
    if panel.unit == STATE_YEAR:
        return f"""
            WITH o AS ({deals}), d AS ({deliv}),
            ex AS (SELECT supplier AS ccode, year, count(*) AS deals FROM o GROUP BY ALL),
            im AS (SELECT recipient AS ccode, year, count(*) AS deals FROM o GROUP BY ALL),
            dx AS (SELECT supplier AS ccode, year, sum(tiv) AS tiv FROM d GROUP BY ALL),
            dm AS (SELECT recipient AS ccode, year, sum(tiv) AS tiv FROM d GROUP BY ALL)
            SELECT p.*, {col("ex.deals", "arms_export_deals", "INTEGER")},
                   {col("im.deals", "arms_import_deals", "INTEGER")},
                   {col("dx.tiv", "arms_export_tiv", "DOUBLE")},
                   {col("dm.tiv", "arms_import_tiv", "DOUBLE")}
            FROM ({panel.sql}) p
            LEFT JOIN ex ON ex.ccode = p._k AND ex.year = p.year
            LEFT JOIN im ON im.ccode = p._k AND im.year = p.year
            LEFT JOIN dx ON dx.ccode = p._k AND dx.year = p.year
            LEFT JOIN dm ON dm.ccode = p._k AND dm.year = p.year"""
    if panel.directed:
        a, b = "supplier", "recipient"
    else:  # both directions pooled on the ordered pair
        a, b = "least(supplier, recipient)", "greatest(supplier, recipient)"
    return f"""
        WITH o AS (SELECT {a} AS c1, {b} AS c2, year, count(*) AS deals FROM ({deals})
                   WHERE supplier <> recipient GROUP BY ALL),
        d AS (SELECT {a} AS c1, {b} AS c2, year, sum(units) AS units, sum(tiv) AS tiv FROM ({deliv})
              WHERE supplier <> recipient GROUP BY ALL)
        SELECT p.*, {col("o.deals", "arms_deals", "INTEGER")}, {col("d.units", "arms_units", "INTEGER")},
               {col("d.tiv", "arms_tiv", "DOUBLE")}
        FROM ({panel.sql}) p
        LEFT JOIN o ON o.c1 = p._k1 AND o.c2 = p._k2 AND o.year = p.year
        LEFT JOIN d ON d.c1 = p._k1 AND d.c2 = p._k2 AND d.year = p.year"""
