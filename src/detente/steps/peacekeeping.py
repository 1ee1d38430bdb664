"""Peacekeeping: missions and personnel a state hosts, its UN fatalities and the personnel it sends.

Three sources, each with its own domain (inside it a true zero is 0, outside it null):

- Hosted missions and personnel: Bara & Hultman's UN and Non-UN Peacekeeping v2-2019
  (``pko-missions``), mission-conflict-months 1993-2016. A mission deployed to several conflicts
  of one country is listed once per conflict with the same personnel: it counts once per month.
  Bara & Hultman code the country of the conflict; :data:`HOST_RECODE` moves three cases to the
  state the mission is deployed in (UNIFIL to Lebanon; East Timor's and Kosovo's missions to
  Timor-Leste and Kosovo once COW counts them as states).
  Personnel are the codebook's MAIN series ``*_iepo`` (SIPRI's year-end figures interpolated
  between known months, extrapolated to a mission's start, a few manual fills): it is the only
  series without gaps (``*_ipo`` misses the months before a mission's first report, ``ipi_*``
  covers UN missions only, ``sipri_*`` holds reported months only). From 2015 SIPRI no longer
  separates troops from observers: their sum is in troops and observers are 0.
- Fatalities: UN peacekeeping fatalities by contributing nationality (``pko-fatalities``),
  1948-2015 as declared; the compilation ends in June 2015, so only years the file covers to
  December count (1948-2014) and 2015 is null.
- Personnel contributed: RADPKO's yearly base file (``radpko-baseyear``), 13 UN missions in Africa
  (UNAMSIL, MONUC, ONUB, UNMIL, UNOCI, UNMIS, UNAMID, MINURCAT, MONUSCO, UNISFA, UNMISS, MINUSMA,
  MINUSCA). Its 1999 rows attribute no personnel to contributors, so contributions are known for
  the years in which RADPKO names contributors (2000-2019) and are lower bounds: RADPKO attributes
  84-100 % of a year's base personnel to named contributors, none at MINURCAT.
"""

from __future__ import annotations

import json

import pyarrow as pa

from ..errors import InputError
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..warehouse import Warehouse
from ._base import step
from ._domain import zero_inside

PKO = "pko-missions"
FATALITIES = "pko-fatalities"
RADPKO = "radpko-baseyear"

#: Bara & Hultman personnel kinds -> their main (interpolated-extrapolated) series
HOSTED = {"troops": "troops_iepo", "police": "police_iepo", "observers": "observers_iepo"}
HOSTED_TOTAL = "totals_iepo"
#: personnel series -> the column name pattern of ``pko-missions`` (``{k}``: troops, police,
#: observers, totals). iepo is the codebook's main series and the default; ipi is IPI's monthly
#: UN figures (UN missions only), sipri SIPRI's reported months only, ipo interpolated only,
#: backward each year's figure repeated in every month.
SERIES = {
    "iepo": "{k}_iepo",
    "ipi": "ipi_{k}",
    "sipri": "sipri_{k}",
    "ipo": "{k}_ipo",
    "backward": "{k}_backward",
}


def _series(series: str) -> tuple[dict[str, str], str]:
    """The personnel columns (kind -> column) and the totals column of a series."""
    if series not in SERIES:
        raise InputError(f"peacekeeping: series {series!r} is not one of {list(SERIES)}")
    pattern = SERIES[series]
    return {k: pattern.format(k=k) for k in HOSTED}, pattern.format(k="totals")


#: (Bara & Hultman ccode, mission or None for all its missions, first month, COW host): where the
#: conflict country Bara & Hultman code is not the state the mission is deployed in
HOST_RECODE = (
    (666, "UNIFIL", "1978-03-01", 660),  # in southern Lebanon; B&H file it under Israel's conflict
    (850, None, "2002-10-01", 860),  # East Timor's missions once Timor-Leste is a state (27 Sep 2002)
    (345, None, "2008-03-01", 347),  # UNMIK, KFOR, EULEX once Kosovo is a state (20 Feb 2008)
)
#: RADPKO personnel columns: panel suffix -> contributor column
SENT = {"": "pko", "_troops": "untrp", "_police": "unpol", "_observers": "unmob"}

#: RADPKO contributor names (as the file spells them) -> COW code
CONTRIBUTORS = {
    "albania": 339,  # a block of zeros in the file
    "bangladesh": 771, "belgium": 211, "benin": 434, "bolivia": 145, "burkina.faso": 439,
    "burundi": 516, "cambodia": 811, "cameroon": 471, "canada": 20, "chad": 483, "china": 710,
    "congo": 484, "cote.d.ivoire": 437, "democratic.republic.of.the.congo": 490, "djibouti": 522,
    "egypt": 651, "el.salvador": 92, "ethiopia": 530, "france": 220, "gabon": 481, "gambia": 420,
    "germany": 255, "ghana": 452, "guatemala": 90, "guinea": 438, "india": 750, "indonesia": 850,
    "ireland": 205, "japan": 740, "jordan": 663, "kenya": 501,
    "korea": 732,  # South Korea's engineers at Bor and Pibor (UNMISS), as "south.korea" elsewhere
    "liberia": 450, "malawi": 553, "mauritania": 435, "mongolia": 712, "montenegro": 341,
    "morocco": 600, "mozambique": 541, "namibia": 565, "nepal": 790, "netherlands": 210,
    "niger": 436, "nigeria": 475, "norway": 385, "pakistan": 770, "peru": 135, "philippines": 840,
    "portugal": 235, "romania": 360, "russia": 365, "rwanda": 517, "senegal": 433,
    "sierra.leone": 451, "south.africa": 560, "south.korea": 732, "sri.lanka": 780, "sweden": 380,
    "tanzania": 510, "thailand": 800, "togo": 461, "tunisia": 616, "uk": 200, "ukraine": 369,
    "uruguay": 165, "vietnam": 816,
    "yugoslavia": 345,  # Serbia's medical unit in Bangui (MINUSCA) 2015-18: COW 345
    "zambia": 551,
}  # fmt: skip
#: RADPKO host-country names -> COW code
HOSTS = {
    "Burundi": 516, "Central African Republic": 482, "Chad": 483, "Cote d'Ivoire": 437,
    "Democratic Republic of Congo": 490, "Liberia": 450, "Mali": 432, "Sierra Leone": 451,
    "South Sudan": 626, "Sudan": 625,
    "Abyei": 625,  # UNISFA: Abyei is claimed by Sudan and South Sudan; Bara & Hultman host it in Sudan
}  # fmt: skip


def _values(mapping: dict[str, int], name: str) -> str:
    """SQL: a (name, ccode) table from a Python mapping (names quoted for SQL)."""
    rows = ", ".join(f"('{k.replace(chr(39), chr(39) * 2)}', {v})" for k, v in mapping.items())
    return f"(SELECT * FROM (VALUES {rows}) t({name}, ccode))"


def mission_months_sql(wh: Warehouse, police_missions: bool = True, series: str = "iepo") -> str:
    """SQL: one row per mission and month (conflict duplicates merged) with host and personnel.

    ``police_missions=False`` drops the purely civilian-police missions the codebook flags;
    ``series`` picks the personnel series (:data:`SERIES`).
    """
    m = wh.view_name(PKO, "mission_months")
    hosted, total = _series(series)
    kinds = ", ".join(f"max({src}) AS {kind}" for kind, src in hosted.items())
    where = "" if police_missions else "WHERE NOT only_police"
    cases = []
    for code, name, first, to in HOST_RECODE:
        which = "" if name is None else f"AND mission = '{name}' "
        cases.append(f"WHEN ccode = {code} {which}AND date >= DATE '{first}' THEN {to}")
    host = " ".join(cases)
    return f"""
        SELECT mission_id, any_value(mission) AS mission, any_value(org)::TINYINT AS org,
               any_value(org_type) AS org_type, any_value(ccode) AS ccode,
               any_value(CASE {host} ELSE ccode END)::SMALLINT AS host,
               any_value(location) AS location, bool_or(only_police) AS only_police,
               date, any_value(year) AS year, {kinds}, max({total}) AS total
        FROM {m} {where} GROUP BY mission_id, date"""


def hosted_sql(wh: Warehouse, police_missions: bool = True, series: str = "iepo") -> str:
    """SQL: per host (ccode, year) the missions present (all, UN, non-UN) and personnel peak/mean.

    A month's personnel is the sum over the missions present; peak is the highest month of the
    year, mean the sum over the year's 12 months divided by 12 (a month without missions is 0).
    """
    kinds = [*HOSTED, "total"]
    monthly = ", ".join(f"sum({k}) AS {k}" for k in kinds)
    yearly = ", ".join(f"max({k}) AS {k}_peak, sum({k}) / 12 AS {k}_mean" for k in kinds)
    return f"""
        WITH mm AS ({mission_months_sql(wh, police_missions, series)}),
        hm AS (SELECT host AS ccode, year, date, {monthly} FROM mm GROUP BY host, year, date),
        hp AS (SELECT ccode, year, {yearly} FROM hm GROUP BY ccode, year),
        hn AS (SELECT host AS ccode, year, count(DISTINCT mission_id) AS n,
                      count(DISTINCT mission_id) FILTER (WHERE org = 1) AS n_un,
                      count(DISTINCT mission_id) FILTER (WHERE org <> 1) AS n_nonun
               FROM mm GROUP BY host, year)
        SELECT * FROM hn JOIN hp USING (ccode, year)"""


def fatalities_sql(wh: Warehouse) -> str:
    """SQL: per nationality (ccode, year) UN peacekeeping deaths: all, malicious acts, uniformed."""
    f = wh.view_name(FATALITIES, "fatalities")
    return f"""SELECT ccode, year, sum(total) AS deaths, sum(malicious) AS malicious,
                      sum(mil + obs + police) AS uniformed
               FROM {f} WHERE ccode IS NOT NULL GROUP BY ccode, year"""


def complete_years_sql(wh: Warehouse) -> str:
    """SQL (scalar): the last year the fatality file covers through December, within the source."""
    f = wh.view_name(FATALITIES, "fatalities")
    hi = get_source(FATALITIES).years[1]
    return f"(SELECT least({hi}, year(max(date) + INTERVAL 1 MONTH) - 1) FROM {f})"


def contributions_sql(wh: Warehouse) -> str:
    """SQL: RADPKO personnel per (contributor ccode, host ccode, year), summed over bases."""
    c = wh.view_name(RADPKO, "contributors")
    cols = ", ".join(f"sum(c.{src}) AS sent{suffix}" for suffix, src in SENT.items())
    return f"""
        SELECT k.ccode AS c1, h.ccode AS c2, c.year, {cols}
        FROM {c} c JOIN {_values(CONTRIBUTORS, "contributor")} k USING (contributor)
        JOIN {_values(HOSTS, "host_country")} h USING (host_country)
        GROUP BY k.ccode, h.ccode, c.year"""


def radpko_years_sql(wh: Warehouse) -> tuple[str, str]:
    """SQL (two scalars): first and last year in which RADPKO names contributors, within the source."""
    c = wh.view_name(RADPKO, "contributors")
    lo, hi = get_source(RADPKO).years
    return f"(SELECT greatest({lo}, min(year)) FROM {c})", f"(SELECT least({hi}, max(year)) FROM {c})"


def _sources(params: dict[str, object], unit: str) -> tuple[str, ...]:
    """State-years read all three sources; dyad-years only RADPKO's contributions."""
    return (PKO, FATALITIES, RADPKO) if unit == STATE_YEAR else (RADPKO,)


@step("peacekeeping", units=(STATE_YEAR, DYAD_YEAR), sources=_sources)
def add_peacekeeping(panel: Panel, police_missions: bool = True, series: str = "iepo") -> str:
    """Add peacekeeping: missions and personnel hosted, UN fatalities, personnel sent (RADPKO).

    State-years:

    - pko_missions, pko_missions_un, pko_missions_nonun: peace operations with the state as host
      in any month of the year (Bara & Hultman v2-2019: UN; regional and international = non-UN).
      The host is Bara & Hultman's conflict country, except UNIFIL (Lebanon) and East Timor's and
      Kosovo's missions once those are states (:data:`HOST_RECODE`).
    - pko_troops_peak / _mean, pko_police_peak / _mean, pko_observers_peak / _mean,
      pko_total_peak / _mean: persons hosted, from the codebook's main ``*_iepo`` series; a
      month's figure is the sum over the missions present; peak is the highest month, mean the
      12-month average (months without missions count 0). From 2015 observers are in troops.
      Null outside 1993-2016. ``police_missions=False`` leaves out the purely civilian-police
      missions the codebook flags. ``series`` picks another Bara & Hultman series: "ipi" (IPI's
      monthly UN figures: UN missions only, e.g. MONUSCO December 2010 19,105 against iepo's
      19,096), "sipri" (reported months only), "ipo" or "backward".
    - pko_fatalities: UN peacekeeping personnel of the state's nationality who died that year, in
      any UN mission and of any cause; pko_fatalities_malicious: those killed by malicious acts;
      pko_fatalities_uniformed: military, military observers and police only (the total also
      counts international and local civilian staff). Null outside 1948-2014 (the compilation
      ends in June 2015).
    - pko_contributed, pko_contributed_troops / _police / _observers: personnel (yearly mean
      of monthly counts) RADPKO attributes to the state at the bases of 13 UN missions in Africa
      (UNAMSIL, MONUC, ONUB, UNMIL, UNOCI, UNMIS, UNAMID, MINURCAT, MONUSCO, UNISFA, UNMISS,
      MINUSMA, MINUSCA); null outside 2000-2019, the years RADPKO names contributors. It is not
      the state's total UN contribution, and a lower bound even for these missions.

    Dyad-years: pko_sent, pko_sent_troops / _police / _observers: RADPKO personnel of state 1 at
    the covered missions hosted by state 2 (UNISFA in Abyei counts for Sudan); null unless state 2
    hosts a mission with RADPKO contributor data that year. Undirected dyads add both directions,
    each counted where its host is covered. Other peacekeeping columns are state-level only.

    >>> import detente
    >>> sy = detente.state_years(years=(2014, 2014)).add_peacekeeping().to_pandas()
    >>> int(sy.loc[sy.ccode == 432, "pko_missions"].iloc[0])  # Mali: MINUSMA, EUTM, Op. Serval
    3
    """
    _series(series)
    lo, hi = radpko_years_sql(panel.wh)
    if panel.unit == DYAD_YEAR:
        return _dyad_sql(panel, lo, hi)
    p_lo, p_hi = get_source(PKO).years
    f_lo = get_source(FATALITIES).years[0]
    in_pko = f"p.year BETWEEN {p_lo} AND {p_hi}"
    in_fat = f"p.year BETWEEN {f_lo} AND {complete_years_sql(panel.wh)}"
    in_rad = f"p.year BETWEEN {lo} AND {hi}"

    def zero(inside: str, expr: str, name: str, kind: str = "DOUBLE") -> str:
        return zero_inside(inside, expr, name, kind)

    cols = [
        zero(in_pko, "h.n", "pko_missions", "SMALLINT"),
        zero(in_pko, "h.n_un", "pko_missions_un", "SMALLINT"),
        zero(in_pko, "h.n_nonun", "pko_missions_nonun", "SMALLINT"),
        *(
            zero(in_pko, f"h.{k}_{s}", f"pko_{k}_{s}")
            for k in [*HOSTED, "total"]
            for s in ("peak", "mean")
        ),
        zero(in_fat, "f.deaths", "pko_fatalities", "SMALLINT"),
        zero(in_fat, "f.malicious", "pko_fatalities_malicious", "SMALLINT"),
        zero(in_fat, "f.uniformed", "pko_fatalities_uniformed", "SMALLINT"),
        *(zero(in_rad, f"r.sent{s}", f"pko_contributed{s}") for s in SENT),
    ]
    sent = ", ".join(f"sum(sent{s}) AS sent{s}" for s in SENT)
    return f"""
        SELECT p.*, {", ".join(cols)}
        FROM ({panel.sql}) p
        LEFT JOIN ({hosted_sql(panel.wh, police_missions, series)}) h
               ON h.ccode = p._k AND h.year = p.year
        LEFT JOIN ({fatalities_sql(panel.wh)}) f ON f.ccode = p._k AND f.year = p.year
        LEFT JOIN (SELECT c1, year, {sent} FROM ({contributions_sql(panel.wh)}) GROUP BY c1, year) r
               ON r.c1 = p._k AND r.year = p.year"""


def _dyad_sql(panel: Panel, lo: str, hi: str) -> str:
    """SQL for dyad-years: RADPKO personnel state 1 -> missions hosted by state 2."""
    covered = f"(SELECT DISTINCT c2 AS host, year FROM ({contributions_sql(panel.wh)}))"
    inside = f"p.year BETWEEN {lo} AND {hi}"
    if panel.directed:
        cols = ", ".join(
            f"CASE WHEN {inside} AND h.host IS NOT NULL THEN coalesce(a.sent{s}, 0) END::DOUBLE"
            f" AS pko_sent{s}"
            for s in SENT
        )
        return f"""
            WITH s AS ({contributions_sql(panel.wh)}), cov AS {covered}
            SELECT p.*, {cols}
            FROM ({panel.sql}) p
            LEFT JOIN cov h ON h.host = p._k2 AND h.year = p.year
            LEFT JOIN s a ON a.c1 = p._k1 AND a.c2 = p._k2 AND a.year = p.year"""

    def both(s: str) -> str:
        ab = f"CASE WHEN h2.host IS NOT NULL THEN coalesce(a.sent{s}, 0) END"
        ba = f"CASE WHEN h1.host IS NOT NULL THEN coalesce(b.sent{s}, 0) END"
        known = "(h1.host IS NOT NULL OR h2.host IS NOT NULL)"
        return (
            f"CASE WHEN {inside} AND {known} THEN coalesce({ab}, 0) + coalesce({ba}, 0) END::DOUBLE"
            f" AS pko_sent{s}"
        )

    return f"""
        WITH s AS ({contributions_sql(panel.wh)}), cov AS {covered}
        SELECT p.*, {", ".join(both(s) for s in SENT)}
        FROM ({panel.sql}) p
        LEFT JOIN cov h1 ON h1.host = p._k1 AND h1.year = p.year
        LEFT JOIN cov h2 ON h2.host = p._k2 AND h2.year = p.year
        LEFT JOIN s a ON a.c1 = p._k1 AND a.c2 = p._k2 AND a.year = p.year
        LEFT JOIN s b ON b.c1 = p._k2 AND b.c2 = p._k1 AND b.year = p.year"""


def peacekeeping_missions(
    warehouse: Warehouse | None = None, police_missions: bool = True, series: str = "iepo"
) -> pa.Table:
    """One row per Bara & Hultman mission (per host country): organisation, host, months, peaks.

    Columns: mission_id, mission, org (1 UN, 2 regional, 3 international), org_type, ccode and
    location (the conflict country, as Bara & Hultman code it), host_ccode (the state deployed in,
    in the mission's last month, after :data:`HOST_RECODE`), only_police, first_month,
    last_month, months (months deployed 1993-2016; a mission started earlier appears from
    January 1993), peak_troops, peak_police, peak_observers, peak_total (highest monthly
    value of ``series``, by default ``*_iepo``; peak_total is the highest monthly total, not the
    sum of the kinds' peaks).

    >>> import detente
    >>> rows = detente.peacekeeping_missions().to_pylist()
    >>> [(r["ccode"], str(r["first_month"]), r["peak_total"]) for r in rows if r["mission"] == "MINUSMA"]
    [(432, '2013-07-01', 12057.0)]
    """
    from ..warehouse import default_warehouse

    wh = warehouse or default_warehouse()
    peaks = ", ".join(f"max({k}) AS peak_{k}" for k in [*HOSTED, "total"])
    sql = f"""
        SELECT mission_id, any_value(mission) AS mission, any_value(org) AS org,
               any_value(org_type) AS org_type, any_value(ccode) AS ccode,
               arg_max(host, date) AS host_ccode, any_value(location) AS location,
               bool_or(only_police) AS only_police, min(date) AS first_month,
               max(date) AS last_month, count(*)::SMALLINT AS months, {peaks}
        FROM ({mission_months_sql(wh, police_missions, series)})
        GROUP BY mission_id ORDER BY first_month, mission_id"""
    table = wh.con.sql(sql).to_arrow_table()
    pattern = SERIES[series].format(k="*")
    meta = {"sources": [{"id": PKO, "version": get_source(PKO).version}], "series": pattern}
    return table.replace_schema_metadata({b"detente": json.dumps(meta).encode()})
