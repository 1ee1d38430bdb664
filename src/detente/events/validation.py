"""Validation only: event alerts against MIE's dated militarized events, dyad-day by dyad-day.

Not a production intake and not a registered source. The ICEWS temporal-knowledge-graph files
(``icews14-tkg``: all of 2014; ``icews05-15-tkg-2013-2015``: 2013-11-18..2015-12-31) are a research
benchmark's processed form of ICEWS: a filtered tenth of the raw events as integer
(subject, relation, object, day) quadruples with lookup files, event types named by CAMEO labels,
countries mostly visible only through sector actors such as ``Military_(Russia)``. This module
reads such a folder (given by path) as CAMEO-classed events so that the project's own alert logic
(:func:`detente.events.alerts.alerts_sql`) can run on a whole year of real events, and compares
the alerts with MIE 1.0 (``mie-1.0``), whose events are dated to the day.

Reading rules:
- relation labels map back to CAMEO 1.1b3 codes through the ``cameo-codebook`` names (case and
  punctuation ignored); where a root and its ``x0`` code share a label (``Threaten`` = 13 and
  130) the three-digit code is taken, as ICEWS codes events;
- an actor ``Sector_(Country)`` belongs to the country, a bare country name is the country, and
  anything else (people, organisations) has no state; sectors are flagged military with the
  ICEWS rule of :mod:`detente.events.canonical`;
- quad class and Goldstein come from the CAMEO code (CAMEO 1.1b3 codebook values), the
  military-diplomacy class and ladder rung from ``typology.csv`` as for ingested ICEWS.

Comparison rules: a dyad-day is an unordered pair of COW codes and a day. The truth is every day
between the start and end of an MIE event between the two states (events with an unknown start
or end day are left out: they would cover a whole month). A signal is an alert (intensity or
ladder, unit day, default settings) or a force-tagged event (threat, show or use of force). With
``tolerance`` t, a signal dyad-day agrees if the same dyad has a truth day within t days, and a
truth dyad-day is recalled if a signal lies within t days. Only days inside both the event file's
and MIE's coverage count.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pyarrow as pa

from .. import codes
from ..errors import InputError
from ..registry import get_source
from ..sql import literal
from ..warehouse import Warehouse, default_warehouse
from .alerts import FORCE_CLASSES, alerts_sql
from .canonical import ICEWS_ALIASES, ICEWS_MILITARY, install_lookups

#: Benchmark layouts: folder id -> (date of day 0, splits).
TKG = {
    "icews14-tkg": (dt.date(2013, 12, 31), ("train.txt", "valid.txt", "test.txt")),
    "icews05-15-tkg-2013-2015": (dt.date(2005, 1, 1), ("valid.txt", "test.txt")),
}
MIE = "mie-1.0"
#: Dyads of the events docs: name -> (COW code, COW code, first day or None).
DYADS = {
    "Russia-Ukraine (from March 2014)": (365, 369, dt.date(2014, 3, 1)),
    "China-Japan": (710, 740, None),
    "North Korea-South Korea": (731, 732, None),
}


def _layout(folder: Path) -> tuple[dt.date, tuple[str, ...]]:
    if folder.name not in TKG:
        raise InputError(f"{folder}: not a known ICEWS TKG folder; expected one of {sorted(TKG)}")
    for name in ("entity2id.txt", "relation2id.txt", *TKG[folder.name][1]):
        if not (folder / name).is_file():
            raise InputError(f"{folder}: missing {name}")
    return TKG[folder.name]


def _lookup(path: Path) -> str:
    """``read_csv`` of a ``name<TAB>id`` lookup (CRLF tolerated, no quoting)."""
    cols = "{'name': 'VARCHAR', 'id': 'INTEGER'}"
    return (
        f"read_csv({literal(str(path))}, delim='\\t', header=false, quote='', escape='', columns={cols})"
    )


def tkg_events_sql(folder: str | os.PathLike[str], wh: Warehouse | None = None) -> str:
    """SQL (in ``wh``'s connection) of a TKG folder as canonical-like CAMEO-classed events.

    Columns used by the alert query: event_id, event_date, actor1/2_name, actor1/2_ccode,
    actor1/2_military, cameo_code, quad_class, goldstein, mil_class, ladder, source_url (null),
    num_sources/num_articles (null).
    """
    folder = Path(folder)
    origin, splits = _layout(folder)
    wh = wh or default_warehouse()
    con = wh.con
    install_lookups(con, wh)
    cameo = wh.view_name("cameo-codebook", "codes")
    norm = "regexp_replace(lower({}), '[^a-z0-9]', '', 'g')"
    quads = " UNION ALL ".join(
        f"""SELECT {literal(s.removesuffix(".txt"))} AS split, * FROM read_csv(
                {literal(str(folder / s))}, delim='\\t', header=false,
                columns={{'s': 'INTEGER', 'r': 'INTEGER', 'o': 'INTEGER', 'day': 'INTEGER'}})"""
        for s in splits
    )
    clean = "trim(name, E' \\r')"
    country = f"regexp_extract({clean}, '\\(([^()]*)\\)$', 1)"
    place = f"replace(CASE WHEN {country} <> '' THEN {country} ELSE {clean} END, '_', ' ')"
    sector = (
        f"replace(CASE WHEN {country} <> '' THEN regexp_extract({clean}, '^(.*)_\\(', 1) END, '_', ' ')"
    )
    aliases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in ICEWS_ALIASES.items())
    by_name = codes.to_cow_sql(con, "place", "name", "2014")
    by_alias = codes.to_cow_sql(con, f"(CASE place {aliases} END)", "iso3", "2014")
    return f"""
        WITH ent AS (
            SELECT id, name, sector, coalesce({by_name}, {by_alias})::SMALLINT AS ccode,
                   coalesce(regexp_matches(sector, {literal(ICEWS_MILITARY)}), false) AS military
            FROM (SELECT id, {clean} AS name, {place} AS place, {sector} AS sector
                  FROM {_lookup(folder / "entity2id.txt")})),
        rel AS (
            SELECT r.id, r.name, arg_max(c.code, length(c.code)) AS cameo_code,
                   arg_max(c.goldstein, length(c.code)) AS goldstein
            FROM {_lookup(folder / "relation2id.txt")} r
            JOIN {cameo} c ON {norm.format("c.name")} = {norm.format("r.name")}
            GROUP BY r.id, r.name),
        q AS (SELECT *, row_number() OVER () AS k FROM ({quads}))
        SELECT split || ':' || k AS event_id, (DATE {literal(origin.isoformat())} + q.day)::DATE
                   AS event_date,
               a.name AS actor1_name, a.ccode AS actor1_ccode, a.military AS actor1_military,
               b.name AS actor2_name, b.ccode AS actor2_ccode, b.military AS actor2_military,
               rel.name AS relation, rel.cameo_code,
               CASE WHEN left(rel.cameo_code, 2) <= '05' THEN 1
                    WHEN left(rel.cameo_code, 2) <= '09' THEN 2
                    WHEN left(rel.cameo_code, 2) <= '14' THEN 3 ELSE 4 END::TINYINT AS quad_class,
               rel.goldstein,
               CASE WHEN t.rule = 'any' OR (t.rule = 'military_actor' AND (a.military OR b.military))
                    THEN t.class END AS mil_class,
               CASE WHEN t.rule = 'any' OR (t.rule = 'military_actor' AND (a.military OR b.military))
                    THEN t.ladder END::TINYINT AS ladder,
               NULL::VARCHAR AS source_url, NULL::INTEGER AS num_sources, NULL::INTEGER AS num_articles
        FROM q JOIN ent a ON a.id = q.s JOIN ent b ON b.id = q.o JOIN rel ON rel.id = q.r
        LEFT JOIN ev_typology t ON t.cameo_code = rel.cameo_code"""


def _mie_events_sql(wh: Warehouse, lo: str, hi: str) -> str:
    """SQL: MIE events with known start and end days overlapping ``lo``..``hi`` (undirected)."""
    events = wh.view_name(MIE, "events")
    return f"""SELECT micnum, eventnum, least(ccode1, ccode2) AS a, greatest(ccode1, ccode2) AS b,
                      start, "end" FROM {events}
               WHERE stday IS NOT NULL AND endday IS NOT NULL AND "end" >= {lo} AND start <= {hi}"""


def _truth_sql(wh: Warehouse, lo: str, hi: str) -> str:
    events = wh.view_name(MIE, "events")
    return f"""SELECT DISTINCT least(ccode1, ccode2) AS a, greatest(ccode1, ccode2) AS b, d::DATE AS day
               FROM {events}, range(start, "end" + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)
               WHERE stday IS NOT NULL AND endday IS NOT NULL
                 AND "end" >= {lo} AND start <= {hi} AND d::DATE BETWEEN {lo} AND {hi}"""


def agreement(
    folder: str | os.PathLike[str], tolerance: int = 0, wh: Warehouse | None = None
) -> pa.Table:
    """Per-dyad-day precision and recall of alerts and force-tagged events against MIE events.

    One row per (signal, scope): signal ``alerts`` (intensity or ladder alerts, unit day) or
    ``force events``; scope ``all dyads`` or one of :data:`DYADS`. Columns: signal_dyad_days,
    mie_dyad_days, precise (signal dyad-days with an MIE day within ``tolerance``), recalled (MIE
    dyad-days with a signal within ``tolerance``), precision, recall, mie_events and
    events_recalled (MIE events with a signal between start - tolerance and end + tolerance),
    event_recall, first and last day.
    """
    if tolerance < 0:
        raise InputError(f"tolerance {tolerance} must be 0 or more days")
    wh = wh or default_warehouse()
    con = wh.con
    ev = tkg_events_sql(folder, wh)
    mie_hi = f"DATE '{get_source(MIE).years[1]}-12-31'"
    span = con.sql(f"SELECT min(event_date), max(event_date) FROM ({ev})").fetchall()[0]
    lo, hi = f"DATE '{span[0]}'", f"least(DATE '{span[1]}', {mie_hi})"
    alerts = alerts_sql(f"({ev})", unit="day")
    classes = ", ".join(literal(c) for c in FORCE_CLASSES)
    signals = f"""
        SELECT DISTINCT 'alerts' AS signal, least(ccode1, ccode2) AS a, greatest(ccode1, ccode2) AS b,
               period AS day FROM ({alerts}) WHERE period BETWEEN {lo} AND {hi}
        UNION ALL
        SELECT DISTINCT 'force events', least(actor1_ccode, actor2_ccode),
               greatest(actor1_ccode, actor2_ccode), event_date FROM ({ev})
        WHERE mil_class IN ({classes}) AND actor1_ccode <> actor2_ccode
          AND event_date BETWEEN {lo} AND {hi}"""
    scopes = " UNION ALL ".join(
        [f"SELECT 'all dyads' AS scope, NULL::SMALLINT AS a, NULL::SMALLINT AS b, {lo} AS since"]
        + [
            f"SELECT {literal(n)}, {a}, {b}, {f'DATE {literal(s.isoformat())}' if s else lo}"
            for n, (a, b, s) in DYADS.items()
        ]
    )
    t = int(tolerance)
    sql = f"""
        WITH sig AS ({signals}), truth AS ({_truth_sql(wh, lo, hi)}),
        sc AS ({scopes}),
        s AS (SELECT sc.scope, sig.* FROM sig
              JOIN sc ON (sc.a IS NULL OR (sig.a = sc.a AND sig.b = sc.b)) AND sig.day >= sc.since),
        m AS (SELECT sc.scope, truth.* FROM truth
              JOIN sc ON (sc.a IS NULL OR (truth.a = sc.a AND truth.b = sc.b))
                      AND truth.day >= sc.since),
        p AS (SELECT s.scope, s.signal, count(*) AS n,
                     count(*) FILTER (WHERE EXISTS (
                         SELECT 1 FROM m WHERE m.scope = s.scope AND m.a = s.a AND m.b = s.b
                           AND abs(date_diff('day', m.day, s.day)) <= {t})) AS precise
              FROM s GROUP BY ALL),
        r AS (SELECT g.signal, m.scope, count(*) AS n,
                     count(*) FILTER (WHERE EXISTS (
                         SELECT 1 FROM s WHERE s.scope = m.scope AND s.signal = g.signal
                           AND s.a = m.a AND s.b = m.b AND abs(date_diff('day', m.day, s.day)) <= {t}))
                         AS recalled
              FROM m CROSS JOIN (SELECT DISTINCT signal FROM sig) g GROUP BY ALL),
        me AS (SELECT sc.scope, x.* FROM ({_mie_events_sql(wh, lo, hi)}) x
               JOIN sc ON (sc.a IS NULL OR (x.a = sc.a AND x.b = sc.b)) AND x."end" >= sc.since),
        ev AS (SELECT g.signal, me.scope, count(*) AS n,
                      count(*) FILTER (WHERE EXISTS (
                          SELECT 1 FROM s WHERE s.scope = me.scope AND s.signal = g.signal
                            AND s.a = me.a AND s.b = me.b
                            AND s.day BETWEEN me.start - {t} AND me."end" + {t})) AS hit
               FROM me CROSS JOIN (SELECT DISTINCT signal FROM sig) g GROUP BY ALL),
        grid AS (SELECT g.signal, sc.scope, sc.since
                 FROM sc CROSS JOIN (SELECT DISTINCT signal FROM sig) g)
        SELECT grid.signal, grid.scope, {t} AS tolerance_days,
               coalesce(p.n, 0) AS signal_dyad_days, coalesce(r.n, 0) AS mie_dyad_days,
               coalesce(p.precise, 0) AS precise, coalesce(r.recalled, 0) AS recalled,
               p.precise / p.n AS precision, r.recalled / r.n AS recall,
               coalesce(ev.n, 0) AS mie_events, coalesce(ev.hit, 0) AS events_recalled,
               ev.hit / ev.n AS event_recall, grid.since AS first_day, {hi} AS last_day
        FROM grid LEFT JOIN p USING (signal, scope) LEFT JOIN r USING (signal, scope)
        LEFT JOIN ev USING (signal, scope)
        ORDER BY grid.signal, grid.scope <> 'all dyads', grid.scope"""
    return con.sql(sql).to_arrow_table()


def _markdown(table: pa.Table, title: str) -> str:
    head = (
        "| signal | scope | signal dyad-days | MIE dyad-days | precision | recall "
        "| MIE events | event recall |"
    )
    lines = [f"#### {title}", "", head, "|---|---|---|---|---|---|---|---|"]
    for r in table.to_pylist():
        p = "-" if r["precision"] is None else f"{r['precision']:.2f}"
        c = "-" if r["recall"] is None else f"{r['recall']:.2f}"
        e = "-" if r["event_recall"] is None else f"{r['event_recall']:.2f}"
        lines.append(
            f"| {r['signal']} | {r['scope']} | {r['signal_dyad_days']:,} "
            f"| {r['mie_dyad_days']:,} | {p} | {c} | {r['mie_events']:,} | {e} |"
        )
    return "\n".join(lines)


def main(mirror: str) -> None:
    """Print the agreement tables for both benchmark folders of ``mirror`` (exact and ±3 days)."""
    from ..warehouse import configure

    wh = configure(mirror=mirror)
    for name in TKG:
        for tol in (0, 3):
            table = agreement(Path(mirror) / name, tol, wh)
            print(_markdown(table, f"{name}, tolerance ±{tol} days") + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
