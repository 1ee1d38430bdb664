"""UN General Assembly voting: ideal points (Bailey, Strezhnev & Voeten) and COW-coded roll-call votes.

Ideal points come COW-coded in the source. Roll-call votes (unvotes) carry ISO2 codes and country
names instead; :func:`unvotes_ccodes` maps them to COW codes by country name through the ideal-point
file (which has ccode and name), then COW's own state names, then one alias (the unvotes name
"Federal Republic of Germany" is COW's "German Federal Republic", 260). Every unvotes country maps
to exactly one COW code (Zanzibar, 1963, to 511 through the COW state list).

UN membership is not system membership. The panel's rows are the state system's; a state-year is
null when the state cast no vote that session: non-members (Switzerland until 2002, the two
Koreas until 1991, the German states until 1973, Taiwan after 1971), South Africa while barred
from the Assembly (no votes 1975-1992), a member absent all session. Conversely UN members outside the
system (Belarus and Ukraine, members from 1945, in the COW system only from 1991) have ideal
points that no COW panel row picks up. Session years are the years sessions open (session s
belongs to 1945 + s; January votes of a session opened the previous autumn stay in that year).
"""

from __future__ import annotations

import pyarrow as pa

from ..errors import InputError
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..warehouse import Warehouse
from ._base import step
from ._domain import zero_inside

IDEALPOINTS = "unga-idealpoints"
VOTES = "unga-votes"
STATES = "cow-states-2016"

#: Ideal-point series: final-passage votes (default), all votes, legacy model.
SERIES = {
    "fp": ("idealpoint_fp", "nvotes_fp"),
    "all": ("idealpoint_all", "nvotes_all"),
    "legacy": ("idealpoint_legacy", "nvotes_legacy"),
}
#: unvotes country names that neither the ideal-point file nor COW spells the same way.
NAME_ALIASES = {"Federal Republic of Germany": "German Federal Republic"}
#: unvotes vote -> ordinal code (0 yes, 1 abstain, 2 no: Voeten's 1/2/3 shifted to start at 0).
VOTE_CODES = {"yes": 0, "abstain": 1, "no": 2}


def _fix_mojibake(name: str) -> str:
    """Undo UTF-8 read as Latin-1 in the ideal-point names ('CÃ´te dâ\\x80\\x99Ivoire')."""
    try:
        return name.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def unvotes_ccodes(wh: Warehouse) -> str:
    """Store and name a table (country, country_code, ccode) mapping unvotes countries to COW.

    >>> from detente.warehouse import default_warehouse
    >>> wh = default_warehouse()
    >>> wh.con.sql(f"SELECT ccode FROM {unvotes_ccodes(wh)} WHERE country_code = 'US'").fetchall()
    [(2,)]
    """
    name = "_detente_unvotes_ccodes"
    if wh.has_table(name):
        return name
    votes = wh.view_name(VOTES, "votes")
    ideal = wh.view_name(IDEALPOINTS, "idealpoints")
    states = wh.view_name(STATES, "states")
    by_name: dict[str, set[int]] = {}
    for ccode, country in wh.con.sql(f"SELECT DISTINCT ccode, countryname FROM {ideal}").fetchall():
        by_name.setdefault(_fix_mojibake(country).lower(), set()).add(int(ccode))
    cow: dict[str, set[int]] = {}
    for ccode, country in wh.con.sql(f"SELECT DISTINCT ccode, statenme FROM {states}").fetchall():
        cow.setdefault(country.lower(), set()).add(int(ccode))
    rows: dict[str, list] = {"country": [], "country_code": [], "ccode": []}
    pairs = wh.con.sql(f"SELECT DISTINCT country, country_code FROM {votes} ORDER BY 1").fetchall()
    for country, iso2 in pairs:
        key = NAME_ALIASES.get(country, country).lower()
        codes = by_name.get(key) or cow.get(key) or set()
        if len(codes) == 1:
            rows["country"].append(country)
            rows["country_code"].append(iso2)
            rows["ccode"].append(codes.pop())
    table = pa.table(
        {
            "country": pa.array(rows["country"], pa.string()),
            "country_code": pa.array(rows["country_code"], pa.string()),
            "ccode": pa.array(rows["ccode"], pa.int16()),
        }
    )
    return wh.store(name, table)


def un_votes_sql(wh: Warehouse) -> str:
    """SQL: one row per COW state and roll call it voted on: ccode, year (session), rcid, code 0-2."""
    votes = wh.view_name(VOTES, "votes")
    calls = wh.view_name(VOTES, "roll_calls")
    codes = " ".join(f"WHEN '{v}' THEN {c}" for v, c in VOTE_CODES.items())
    return f"""
        SELECT m.ccode, (1945 + c.session)::SMALLINT AS year, v.rcid,
               (CASE v.vote {codes} END)::TINYINT AS code
        FROM {votes} v JOIN {unvotes_ccodes(wh)} m USING (country)
        JOIN {calls} c USING (rcid)"""


def _series(series: str) -> tuple[str, str]:
    if series not in SERIES:
        raise InputError(f"ideal_points: unknown series {series!r}; choose from {sorted(SERIES)}")
    return SERIES[series]


@step("ideal_points", units=(STATE_YEAR, DYAD_YEAR), sources=(IDEALPOINTS,))
def add_ideal_points(panel: Panel, series: str = "fp") -> str:
    """Add UNGA ideal points (Bailey, Strezhnev & Voeten 2017) and the votes they rest on.

    State-years: idealpoint, idealpoint_nvotes. Dyad-years: idealpoint1, idealpoint2,
    idealpoint_nvotes1/2 and idealpoint_distance = |idealpoint1 - idealpoint2|. ``series``:
    "fp" (final-passage votes, 1946-2024), "all" (all votes) or "legacy" (both 1946-2023); other
    series add their name, e.g. idealpoint_all. In the series' years (those with estimates: 1964,
    with one roll call, has none) the vote count is 0 for a state that cast none (not a UN member,
    barred, absent) and its ideal point null; in other years both are null. See the module docs
    for UN versus system membership.

    >>> import detente
    >>> p = detente.state_years(years=(1980, 1980)).add_ideal_points().to_pandas()
    >>> round(float(p.loc[p.ccode == 2, "idealpoint"].iloc[0]), 3)
    2.358
    """
    estimate, count = _series(series)
    name = "idealpoint" if series == "fp" else f"idealpoint_{series}"
    ideal = panel.wh.view_name(IDEALPOINTS, "idealpoints")
    # the series' years: those with any estimate (1964, one roll call in session 19, has none)
    domain = f"(SELECT DISTINCT year FROM {ideal} WHERE {estimate} IS NOT NULL)"
    table = f"SELECT ccode, year, {estimate} AS x, {count} AS n FROM {ideal}"
    inside = "d.year IS NOT NULL"
    if panel.unit == STATE_YEAR:
        return f"""
            SELECT p.*, CASE WHEN {inside} THEN a.x END AS {name},
                   {zero_inside(inside, "a.n", f"{name}_nvotes")}
            FROM ({panel.sql}) p LEFT JOIN {domain} d ON d.year = p.year
            LEFT JOIN ({table}) a ON a.ccode = p._k AND a.year = p.year"""
    return f"""
        WITH ip AS ({table})
        SELECT p.*, CASE WHEN {inside} THEN a.x END AS {name}1,
               CASE WHEN {inside} THEN b.x END AS {name}2,
               {zero_inside(inside, "a.n", f"{name}_nvotes1")},
               {zero_inside(inside, "b.n", f"{name}_nvotes2")},
               CASE WHEN {inside} THEN abs(a.x - b.x) END AS {name}_distance
        FROM ({panel.sql}) p LEFT JOIN {domain} d ON d.year = p.year
        LEFT JOIN ip a ON a.ccode = p._k1 AND a.year = p.year
        LEFT JOIN ip b ON b.ccode = p._k2 AND b.year = p.year"""
