"""Civil-military oversight and accountability: V-Dem v14 (1970-2023 lite subset) and Polity5 polity2.

V-Dem names countries by ``country_text_id`` (ISO3-like; the lite file has no COW code column),
mapped to COW codes year by year with :mod:`detente.codes` (``DEU`` is the FRG, 260, to 1989 and
unified Germany, 255, from 1990; ``YEM`` is North Yemen, 678, to 1989; ``HKG``, ``PSE``, ``PSG``
and ``SML`` are not states and are left out). After mapping no COW state-year has two V-Dem rows
(tested). Polity's ``scode`` is mapped the same way (scheme ``polity``). In seven regime-change
years Polity lists two polities that are one COW state (Sardinia/Italy 1861, RUS/USR 1922,
DRV/VIE 1976, YUG/YGS 1991, ETH/ETI 1993, YGS/SER 2006, SUD/SDN 2011): the polity whose series
goes on into the next year, the successor in place at the end of the year, is kept (Ethiopia 1993
is ETI's 1, not ETH's 0; Serbia 2006 SER's 8, not Serbia and Montenegro's 6), as everywhere in
detente the year of a change goes to the state existing at its end.

``polity2`` is Polity's revised combined score (-10 .. +10) in which the publisher has already
resolved the special codes: an interregnum (-77, central authority collapsed) is scored 0, a
transition (-88) is prorated between the scores before and after it, and an interruption (-66,
foreign occupation) is missing. The five leftover special codes in the file (France 1940-43 -66,
Belgium 1830 -88) are null (see :mod:`detente.sources.polity5_subset`).

Domains come from the source declarations: V-Dem 1970-2023, Polity 1776-2020 (every state to 2018,
only the United States in 2019-2020). Outside a source's domain its columns are null; inside it a
value is null where the source has none. Nothing here is a count, so there are no zeros to fill.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import codes
from ..errors import InputError
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..warehouse import Warehouse
from ._base import step

VDEM = "vdem-v14-lite"
POLITY = "polity5-subset"

#: The default measures: column -> what it measures (V-Dem names; the scales in docs/oversight.md).
DEFAULT_MEASURES: dict[str, str] = {
    "v2lgotovst": "executive oversight: would a body other than the legislature (comptroller, "
    "prosecutor, ombudsman) investigate executive wrongdoing (latent scale)",
    "v2lginvstp": "legislature investigates the executive in practice (latent scale)",
    "v2lgqstexp": "legislature questions executive officials in practice (latent scale)",
    "v2lgoppart": "opposition parties exercise oversight and investigation (latent scale)",
    "v2xlg_legcon": "legislative constraints on the executive index (0-1)",
    "v2x_jucon": "judicial constraints on the executive index (0-1)",
    "v2x_horacc": "horizontal accountability index (interval scale, about -2..2)",
    "v2x_ex_military": "military dimension index: the military's weight in the executive's "
    "power base (0-1)",
    "e_pt_coup": "Powell-Thyne coups in the year (0, 1, 2; successful and failed; to 2022)",
    "v2x_regime": "Regimes of the World: 0 closed, 1 electoral autocracy, 2 electoral, "
    "3 liberal democracy",
    "v2x_libdem": "liberal democracy index (0-1)",
    "v2x_polyarchy": "electoral democracy index (0-1)",
    "polity2": "Polity5 revised combined score (-10 .. +10)",
}
#: Further military, oversight and accountability columns of the lite file, added on request.
MORE_MEASURES: dict[str, str] = {
    "v2x_accountability": "accountability index (interval scale, about -2..2)",
    "v2x_veracc": "vertical accountability index (interval scale, about -2..2)",
    "v2x_diagacc": "diagonal accountability index (interval scale, about -2..2)",
    "v2exrescon": "executive respects the constitution (latent scale)",
    "v2jucomp": "government complies with the judiciary (latent scale)",
    "v2juhccomp": "government complies with the high court (latent scale)",
    "v2juhcind": "high court independence (latent scale)",
    "v2juncind": "lower court independence (latent scale)",
    "v2juaccnt": "judicial accountability (latent scale)",
    "v2lgfunds": "legislature controls its own resources (latent scale)",
    "v2x_rule": "rule of law index (0-1)",
    "v2x_execorr": "executive corruption index (0-1)",
    "v2x_clphy": "physical violence index: freedom from political killings and torture (0-1)",
    "v2clkill": "freedom from political killings (latent scale)",
    "v2cltort": "freedom from torture (latent scale)",
    "v2x_ex_confidence": "confidence dimension index (0-1)",
    "v2x_ex_direlect": "direct popular election dimension index (0-1)",
    "v2x_ex_hereditary": "hereditary dimension index (0-1)",
    "v2x_ex_party": "ruling party dimension index (0-1)",
    "v2x_neopat": "neopatrimonial rule index (0-1)",
    "v2xnp_pres": "presidentialism index (0-1)",
    "v2expathhs": "head of state's path to office (0 force, 1 foreign power, 2 ruling party, "
    "3 royal council, 4 hereditary, 5 appointed by the military, 6 legislature, 7 popular "
    "election, 8 other)",
    "v2expathhg": "head of government's path to office (0-5 as for the head of state, 6 appointed "
    "by the head of state, 7 legislature, 8 popular election, 9 other; null where one person "
    "holds both offices)",
    "v2exl_legitperf": "regime legitimation by performance (latent scale)",
    "v2exl_legitlead": "regime legitimation by the leader's person (latent scale)",
    "v2exl_legitideol": "regime legitimation by ideology (latent scale)",
    "v2exl_legitratio": "regime legitimation by rational-legal grounds (latent scale)",
}
#: V-Dem measures that are whole-number codes (stored as DOUBLE in the file): TINYINT in panels.
CODES = ("e_pt_coup", "v2x_regime")
#: Measures that get a dyadic weak-link pair (<m>_min, <m>_max).
WEAK_LINK = ("polity2", "v2x_polyarchy")
_VDEM_IDS = ("country_name", "country_text_id", "country_id", "year")


def _measures(measures: Sequence[str] | None) -> list[str]:
    """The chosen measures (default :data:`DEFAULT_MEASURES`), in order and without repeats."""
    chosen = list(dict.fromkeys(measures)) if measures else list(DEFAULT_MEASURES)
    if not chosen:
        raise InputError("oversight: choose at least one measure")
    return chosen


def _sources(measures: Sequence[str] | None) -> tuple[str, ...]:
    """The sources the chosen measures read: V-Dem, Polity or both."""
    chosen = _measures(measures)
    return tuple(s for s, used in ((VDEM, chosen != ["polity2"]), (POLITY, "polity2" in chosen)) if used)


def vdem_sql(wh: Warehouse, columns: Sequence[str]) -> str:
    """SQL: one row per COW state-year with V-Dem data in V-Dem's domain: ccode, year, ``columns``
    (the whole-number codes in :data:`CODES` as TINYINT)."""
    vdem = wh.view_name(VDEM, "country_years")
    lo, hi = get_source(VDEM).years
    code = codes.to_cow_sql(wh.con, "v.country_text_id", "iso3", "v.year")
    cols = "".join(f", v.{c}::TINYINT AS {c}" if c in CODES else f", v.{c}" for c in columns)
    return f"""SELECT * FROM (SELECT {code} AS ccode, v.year{cols} FROM {vdem} v
                              WHERE v.year BETWEEN {lo} AND {hi})
               WHERE ccode IS NOT NULL"""


def polity_sql(wh: Warehouse) -> str:
    """SQL: one row per COW state-year in Polity's domain (ccode, year, polity2, scode).

    Where two polities map to one COW state-year (a regime change), the one whose series goes on
    into the next year (the successor) is kept; were both to go on, the later-starting one.
    """
    polity = wh.view_name(POLITY, "polity")
    lo, hi = get_source(POLITY).years
    code = codes.to_cow_sql(wh.con, "p.scode", "polity", "p.year")
    return f"""
        SELECT ccode, year, polity2, scode FROM (
            SELECT {code} AS ccode, p.year, p.polity2, p.scode,
                   coalesce(lead(p.year) OVER (PARTITION BY p.scode ORDER BY p.year) = p.year + 1,
                            false) AS goes_on,
                   min(p.year) OVER (PARTITION BY p.scode) AS series_start
            FROM {polity} p)
        WHERE ccode IS NOT NULL AND year BETWEEN {lo} AND {hi}
        QUALIFY row_number() OVER (
            PARTITION BY ccode, year ORDER BY goes_on DESC, series_start DESC, scode) = 1"""


def oversight_sql(wh: Warehouse, measures: Sequence[str] | None = None) -> str:
    """SQL: per COW state-year (ccode, year) the chosen measures, null outside their source's domain."""
    chosen = _measures(measures)
    vcols = [m for m in chosen if m != "polity2"]
    if vcols:
        known = wh.con.sql(f"SELECT * FROM {wh.view_name(VDEM, 'country_years')}").columns
        bad = [m for m in vcols if m not in known or m in _VDEM_IDS]
        if bad:
            raise InputError(
                f"unknown oversight measure(s) {bad}: choose polity2 or V-Dem lite columns, e.g. "
                f"{[*DEFAULT_MEASURES, *MORE_MEASURES]}"
            )
    parts = [vdem_sql(wh, vcols)] if vcols else []
    if "polity2" in chosen:
        parts.append(polity_sql(wh))
    joined = " FULL JOIN ".join(
        f"({sql}) t{i}" if i == 0 else f"({sql}) t{i} USING (ccode, year)" for i, sql in enumerate(parts)
    )
    return f"SELECT ccode, year, {', '.join(chosen)} FROM {joined}"


def _both(a: str, b: str, fn: str) -> str:
    """SQL for least/greatest of two values, null unless both are known (DuckDB's would skip a null)."""
    return f"CASE WHEN {a} IS NOT NULL AND {b} IS NOT NULL THEN {fn}({a}, {b}) END"


@step("oversight", units=(STATE_YEAR, DYAD_YEAR), sources=lambda a, unit: _sources(a["measures"]))
def add_oversight(panel: Panel, measures: Sequence[str] | None = None) -> str:
    """Add civil-military oversight and accountability: V-Dem v14 indices and Polity5 polity2.

    Default columns: v2lgotovst, v2lginvstp, v2lgqstexp, v2lgoppart, v2x_horacc (latent/interval
    scales), v2xlg_legcon, v2x_jucon, v2x_ex_military, v2x_libdem, v2x_polyarchy (0-1), v2x_regime (0-3),
    e_pt_coup (coups, 0-2) and polity2 (-10..10). ``measures`` picks any of them, of the further
    V-Dem columns in ``MORE_MEASURES`` or of the lite file's other columns. Dyad-years get each
    with suffix 1 and 2, plus the weak-link pairs polity2_min/_max and v2x_polyarchy_min/_max
    (null unless both states have a value). Null outside V-Dem's 1970-2023 and Polity's 1776-2020.

    >>> import detente
    >>> p = detente.state_years(years=(2016, 2016)).add_oversight(measures=["v2x_polyarchy", "polity2"])
    >>> p.to_pandas().query("ccode == 2")[["v2x_polyarchy", "polity2"]].values.tolist()
    [[0.891, 8]]
    """
    chosen = _measures(measures)
    table = oversight_sql(panel.wh, chosen)
    if panel.unit == STATE_YEAR:
        cols = ", ".join(f"o.{m}" for m in chosen)
        return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
                   LEFT JOIN ({table}) o ON o.ccode = p._k AND o.year = p.year"""
    cols = [f"a.{m} AS {m}1, b.{m} AS {m}2" for m in chosen]
    for m in (w for w in WEAK_LINK if w in chosen):
        cols.append(f"{_both(f'a.{m}', f'b.{m}', 'least')} AS {m}_min")
        cols.append(f"{_both(f'a.{m}', f'b.{m}', 'greatest')} AS {m}_max")
    return f"""
        WITH o AS ({table})
        SELECT p.*, {", ".join(cols)}
        FROM ({panel.sql}) p
        LEFT JOIN o a ON a.ccode = p._k1 AND a.year = p.year
        LEFT JOIN o b ON b.ccode = p._k2 AND b.year = p.year"""
