"""Alerts per directed dyad (conflict surges, moves up the ladder) and validation against MID and ICB.

Conflict intensity of a dyad-period is the sum of -Goldstein over its conflictual events (quad
classes 3-4), weighted as in :mod:`detente.events.indicators`. Every dyad's series is filled
with zeros between its first and last period; the baseline is the mean and standard deviation
of the ``window`` previous periods. An ``intensity`` alert fires when intensity exceeds
``mean + k * sd`` (sd 0 when there is one previous period) and at least ``min_intensity``.
A ``ladder`` alert fires when the highest typology rung of the period (0 cooperation, 1 threat,
2 show of force, 3 use of force) is above every rung of the ``window`` previous periods (with
no earlier military event the previous rung is -1: any first threat or force is a move up, a
first cooperation is not). Each alert lists the supporting event ids and source URLs.

:func:`validate` compares events tagged threat, show of force or use of force with COW MID 5.0
incidents (1992-2014; dyads from MIDB participants on opposite sides whose participation covers
the day) and ICB 15 crisis dyads (trigger to termination), day by day, for the days each event
source covers, and says "no overlap" where the benchmark does not cover those days. PLOVER
records are left out: their dates are placeholders (2000-01-01).
"""

from __future__ import annotations

import os

import pyarrow as pa

from ..errors import InputError
from ..warehouse import Warehouse, default_warehouse
from .canonical import canonical
from .indicators import check_options

FORCE_CLASSES = ("military_threat", "show_of_force", "use_of_force")


def alerts_sql(
    view: str, unit: str = "day", window: int = 7, k: float = 2.0, min_intensity: float = 10.0,
    weight: str = "none", dialect: str = "duckdb",
) -> str:  # fmt: skip
    """The alert query over a canonical event view (DuckDB SQL, window functions only).

    ``dialect="spark"`` swaps the two evidence lists for their Spark form (sorted distinct values,
    null when there are none); the rest is transpiled as it is (:func:`detente.events.spark.to_spark`).
    """
    check_options(unit, "none", weight)
    if window < 1:
        raise InputError(f"window {window} must be at least 1 period")
    step = {"day": "INTERVAL 1 DAY", "month": "INTERVAL 1 MONTH", "year": "INTERVAL 1 YEAR"}[unit]
    period = "event_date" if unit == "day" else f"date_trunc('{unit}', event_date)::DATE"
    w = {"none": "1.0", "sources": "coalesce(num_sources, 1)", "articles": "coalesce(num_articles, 1)"}[
        weight
    ]
    frame = f"ROWS BETWEEN {window} PRECEDING AND 1 PRECEDING"
    if dialect == "spark":
        ids = "array_sort(collect_set(e.event_id))"
        urls = "CASE WHEN count(e.source_url) > 0 THEN array_sort(collect_set(e.source_url)) END"
    else:
        ids = "list(DISTINCT e.event_id ORDER BY e.event_id)"
        urls = (
            "list(DISTINCT e.source_url ORDER BY e.source_url) FILTER (WHERE e.source_url IS NOT NULL)"
        )
    return f"""WITH e AS (
        SELECT actor1_ccode AS ccode1, actor2_ccode AS ccode2, {period} AS period, event_id, source_url,
               CAST({w} AS DOUBLE) AS w, quad_class, goldstein, ladder, mil_class
        FROM {view}
        WHERE actor1_ccode IS NOT NULL AND actor2_ccode IS NOT NULL AND actor1_ccode <> actor2_ccode),
    agg AS (
        SELECT ccode1, ccode2, period,
               sum(CASE WHEN quad_class >= 3 AND goldstein < 0 THEN -goldstein * w ELSE 0 END)
                   AS intensity,
               max(ladder) AS rung
        FROM e GROUP BY ALL),
    span AS (SELECT ccode1, ccode2, min(period) AS lo, max(period) AS hi FROM agg GROUP BY ALL),
    grid AS (SELECT ccode1, ccode2, CAST(p AS DATE) AS period
             FROM (SELECT ccode1, ccode2, unnest(generate_series(lo, hi, {step})) AS p FROM span) AS g),
    s AS (
        SELECT g.ccode1, g.ccode2, g.period, coalesce(a.intensity, 0) AS intensity, a.rung
        FROM grid g LEFT JOIN agg a USING (ccode1, ccode2, period)),
    b AS (
        SELECT *, avg(intensity) OVER w AS base_mean,
               coalesce(stddev_samp(intensity) OVER w, 0) AS base_sd,
               count(*) OVER w AS history, coalesce(max(rung) OVER w, -1) AS prev_rung
        FROM s WINDOW w AS (PARTITION BY ccode1, ccode2 ORDER BY period {frame})),
    hits AS (
        SELECT ccode1, ccode2, period, 'intensity' AS kind, intensity AS value, base_mean, base_sd,
               prev_rung, rung
        FROM b WHERE history > 0 AND intensity >= {min_intensity}
                 AND intensity > base_mean + {k} * base_sd
        UNION ALL
        SELECT ccode1, ccode2, period, 'ladder', rung, base_mean, base_sd, prev_rung, rung
        FROM b WHERE rung IS NOT NULL AND rung > prev_rung AND rung >= 1)
    SELECT h.*, {ids} AS event_ids, {urls} AS urls
    FROM hits h JOIN e ON e.ccode1 = h.ccode1 AND e.ccode2 = h.ccode2 AND e.period = h.period
     AND ((h.kind = 'intensity' AND e.quad_class >= 3 AND e.goldstein < 0)
          OR (h.kind = 'ladder' AND e.ladder = h.rung))
    GROUP BY ALL ORDER BY h.period, h.ccode1, h.ccode2, h.kind"""


def alerts(
    root: str | os.PathLike[str],
    unit: str = "day",
    window: int = 7,
    k: float = 2.0,
    min_intensity: float = 10.0,
    weight: str = "none",
    wh: Warehouse | None = None,
) -> pa.Table:
    """Alerts over an ingest folder: one row per dyad-period and kind, with its evidence.

    >>> import tempfile
    >>> from detente.events.ingest import ingest
    >>> lake = tempfile.mkdtemp()
    >>> _ = ingest("icews-sample", lake, mirror="../shared/data")
    >>> a = alerts(lake)
    >>> sorted(set(a.column("kind").to_pylist()))
    ['intensity', 'ladder']
    """
    wh = wh or default_warehouse()
    view = canonical(root, wh).alias
    return wh.con.sql(alerts_sql(view, unit, window, k, min_intensity, weight)).to_arrow_table()


def validate(root: str | os.PathLike[str], wh: Warehouse | None = None) -> pa.Table:
    """Agreement of force-tagged event dyad-days with MID incidents and ICB crises, per source.

    Columns: source, benchmark, days (event days), covered_days (days the benchmark covers),
    event_dyad_days, benchmark_dyad_days, agree (dyad-days in both), precision (agree / event),
    recall (agree / benchmark) and note ("no overlap" when the benchmark covers none of the days).
    """
    wh = wh or default_warehouse()
    view = canonical(root, wh).alias
    incidents = wh.view_name("cow-mid-5.0", "incidents")
    parts = wh.view_name("cow-mid-5.0", "participants")
    icb = wh.view_name("icb-15", "dyads")
    classes = ", ".join(f"'{c}'" for c in FORCE_CLASSES)
    sql = f"""
    WITH days AS (SELECT DISTINCT source, event_date AS day FROM {view} WHERE format <> 'plover'),
    ev AS (SELECT DISTINCT source, event_date AS day, least(actor1_ccode, actor2_ccode) AS a,
                  greatest(actor1_ccode, actor2_ccode) AS b
           FROM {view} WHERE mil_class IN ({classes}) AND actor1_ccode <> actor2_ccode
                             AND format <> 'plover'),
    mid AS (SELECT DISTINCT d.source, d.day, least(p1.ccode, p2.ccode) AS a,
                   greatest(p1.ccode, p2.ccode) AS b
            FROM days d JOIN {incidents} i ON d.day BETWEEN i.start AND i."end"
            JOIN {parts} p1 ON p1.dispnum = i.dispnum AND d.day BETWEEN p1.start AND p1."end"
            JOIN {parts} p2 ON p2.dispnum = i.dispnum AND d.day BETWEEN p2.start AND p2."end"
                           AND p1.sidea AND NOT p2.sidea),
    icb AS (SELECT DISTINCT d.source, d.day, least(c.ccode_a, c.ccode_b) AS a,
                   greatest(c.ccode_a, c.ccode_b) AS b
            FROM days d JOIN {icb} c ON d.day BETWEEN c.start AND coalesce(c."end", DATE '2020-12-31')
            WHERE c.ccode_a IS NOT NULL AND c.ccode_b IS NOT NULL),
    bench AS (SELECT 'MID 5.0 incidents' AS benchmark, * FROM mid
              UNION ALL SELECT 'ICB 15 crisis dyads', * FROM icb),
    names AS (SELECT * FROM (VALUES ('MID 5.0 incidents', DATE '1992-01-01', DATE '2014-12-31'),
                                    ('ICB 15 crisis dyads', DATE '1918-01-01', DATE '2020-12-31'))
                      v(benchmark, lo, hi)),
    grid AS (SELECT s.source, n.* FROM (SELECT DISTINCT source FROM days) s CROSS JOIN names n)
    SELECT g.source, g.benchmark,
           (SELECT count(*) FROM days d WHERE d.source = g.source) AS days,
           (SELECT count(*) FROM days d WHERE d.source = g.source AND d.day BETWEEN g.lo AND g.hi)
               AS covered_days,
           (SELECT count(*) FROM ev WHERE ev.source = g.source AND ev.day BETWEEN g.lo AND g.hi)
               AS event_dyad_days,
           (SELECT count(*) FROM bench x WHERE x.source = g.source AND x.benchmark = g.benchmark)
               AS benchmark_dyad_days,
           (SELECT count(*) FROM ev JOIN bench x USING (source, day, a, b)
            WHERE ev.source = g.source AND x.benchmark = g.benchmark) AS agree
    FROM grid g ORDER BY g.source, g.benchmark"""
    rows = wh.con.sql(
        f"""SELECT *, CASE WHEN event_dyad_days > 0 THEN agree / event_dyad_days END AS precision,
                   CASE WHEN benchmark_dyad_days > 0 THEN agree / benchmark_dyad_days END AS recall,
                   CASE WHEN covered_days = 0 THEN 'no overlap: the benchmark does not cover these days'
                        WHEN agree = 0 THEN 'overlap in time, no common dyad-day' ELSE '' END AS note
            FROM ({sql})"""
    )
    return rows.to_arrow_table()
