"""Agreement of detente's derived tables with the publishers' own, cell by cell (``detente validate``).

Each check builds (or is given) a derived table, joins it to its reference on the keys in DuckDB
and counts, per column, the cells that agree; every remaining difference carries its explanation.
:func:`report` renders all checks as the Markdown page kept in ``docs/validation.md``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .sources.atop import OBLIGATIONS
from .steps.similarity import ATOP_LEVEL, atop_similarity
from .universe import dyad_years, state_years
from .warehouse import Warehouse

#: The panel every check uses: the directed COW dyad-years 1816-2016.
YEARS = (1816, 2016)
#: Years on which the two similarity conventions are compared.
SIMILARITY_YEARS = (1914, 1962, 1989, 2010)
#: peacesciencer's add_gml_mids() on the directed COW dyad-years 1816-2016.
PEACESCIENCER_GML = {"ongoing": 9284, "onsets": 6248, "hostlev5": 2876}
ATOP, GML = "atop-5.1", "gml-mid-2.2"
#: NMC versions checked, newest (the default) first: the system and years each one covers.
NMC_VERSIONS = {"7.0": ("cow", (1816, 2022)), "6.0": ("cow2016", (1816, 2016))}
NMC_FILES = {"7.0": "NMC-70-abridged.csv", "6.0": "NMC-60-abridged.csv"}
NMC_SYSTEM_NAMES = {"cow": "2024", "cow2016": "2016"}


@dataclass(frozen=True)
class Agreement:
    """One column of a derived table against its reference: cells compared and cells agreeing."""

    table: str
    reference: str
    column: str
    cells: int
    agree: int
    note: str = ""

    @property
    def share(self) -> float:
        """The share of agreeing cells (1.0 for an empty comparison)."""
        return self.agree / self.cells if self.cells else 1.0

    @property
    def differ(self) -> int:
        """Cells that differ."""
        return self.cells - self.agree


def _register(wh: Warehouse, table: pa.Table, label: str) -> str:
    """Register an Arrow table in the warehouse connection under a name derived from ``label``."""
    name = "_detente_validate_" + hashlib.sha256(label.encode()).hexdigest()[:12]
    wh.con.register(name, table)
    return name


def agreement_sql(
    derived: str,
    reference: str,
    keys: Sequence[str],
    columns: Mapping[str, str],
    tolerance: float | None = None,
) -> str:
    """SQL: one row with, per derived column, the cells compared (<col>_n) and agreeing (<col>_ok).

    ``columns`` maps a derived column to an expression over the reference (alias ``r``); a key
    missing from the reference counts as 0 there (publishers list only the positive rows). With
    ``tolerance``, numbers agree when they differ by at most that much; two nulls agree.

    >>> import duckdb
    >>> d = "(SELECT * FROM (VALUES (1, 1), (2, 0), (3, 1)) t(k, v))"
    >>> r = "(SELECT * FROM (VALUES (1, 1), (3, 0)) t(k, v))"
    >>> duckdb.sql(agreement_sql(d, r, ["k"], {"v": "r.v"})).fetchall()
    [(3, 2)]
    """

    def same(col: str, ref: str) -> str:
        if tolerance is None:
            return f"d.{col} IS NOT DISTINCT FROM (CASE WHEN r.{keys[0]} IS NULL THEN 0 ELSE {ref} END)"
        return f"(d.{col} IS NULL AND ({ref}) IS NULL) OR abs(d.{col} - ({ref})) <= {tolerance!r}"

    on = " AND ".join(f"r.{k} = d.{k}" for k in keys)
    parts = [
        f"count(*) AS {c}_n, count(*) FILTER (WHERE {same(c, ref)}) AS {c}_ok"
        for c, ref in columns.items()
    ]
    return f"SELECT {', '.join(parts)} FROM {derived} d LEFT JOIN {reference} r ON {on}"


def _agreements(
    wh: Warehouse, sql: str, table: str, reference: str, columns: Sequence[str], notes: Mapping[str, str]
) -> list[Agreement]:
    row = wh.con.sql(sql).fetchall()[0]
    assert row is not None
    return [
        Agreement(table, reference, c, int(row[2 * i]), int(row[2 * i + 1]), notes.get(c, ""))
        for i, c in enumerate(columns)
    ]


# -- panels and capabilities ---------------------------------------------------------------------


def state_system(wh: Warehouse, years: tuple[int, int] = YEARS) -> list[Agreement]:
    """The COW state-years against the publisher's list of state-years (system2016.csv)."""
    ours = _register(wh, state_years("cow", years=years).to_arrow().select(["ccode", "year"]), "states")
    ref = wh.view_name("cow-states-2016", "system")
    row = wh.con.sql(
        f"""SELECT count(*), count(*) FILTER (WHERE o.ccode IS NOT NULL AND r.ccode IS NOT NULL)
            FROM {ours} o FULL JOIN (SELECT ccode, year FROM {ref}
                                     WHERE year BETWEEN {years[0]} AND {years[1]}) r
            USING (ccode, year)"""
    ).fetchall()[0]
    return [Agreement("state-years (COW)", "COW states 2016 system2016.csv", "(ccode, year)", *row)]


def capabilities(wh: Warehouse, version: str = "7.0") -> list[Agreement]:
    """The capabilities step on the COW state-years against NMC ``version``'s own file.

    Two rows: the state-years (every COW state-year of NMC's years has an NMC row and no NMC row
    is left over) and the step's recomputed cinc against the published cinc (to 1e-6) over the
    union of both, so a state-year missing on either side counts as a difference.

    >>> from detente.warehouse import default_warehouse
    >>> [(a.column, a.cells, a.differ) for a in capabilities(default_warehouse(), "6.0")]
    [('(ccode, year)', 15951, 0), ('cinc', 15951, 0)]
    """
    system, years = NMC_VERSIONS[version]
    panel = state_years(system, years=years, versions={"nmc": version}, warehouse=wh)
    ours = _register(wh, panel.add_capabilities().to_arrow().select(["ccode", "year", "cinc"]), version)
    nmc = wh.view_name(f"cow-nmc-{version}", "nmc")
    both = "o.ccode IS NOT NULL AND r.ccode IS NOT NULL"
    frame, agree, cells = wh.con.sql(
        f"""SELECT count(*) FILTER (WHERE {both}),
                   count(*) FILTER (WHERE {both} AND abs(o.cinc - r.cinc) <= 1e-6), count(*)
            FROM {ours} o FULL JOIN {nmc} r USING (ccode, year)"""
    ).fetchall()[0]
    table = f"capabilities (COW {NMC_SYSTEM_NAMES[system]} state-years {years[0]}-{years[1]})"
    frame_ref = f"NMC {version} {NMC_FILES[version]} state-years"
    return [
        Agreement(table, frame_ref, "(ccode, year)", cells, frame),
        Agreement(table, f"NMC {version} published cinc (to 1e-6)", "cinc", cells, agree),
    ]


# -- ATOP ----------------------------------------------------------------------------------------


def atop_panel(years: tuple[int, int] = YEARS) -> pa.Table:
    """The directed COW dyad-years with every ATOP obligation column (the derived table)."""
    return dyad_years("cow", years=years).add_alliances().to_arrow()


def atop_dyad_years(wh: Warehouse, panel: pa.Table) -> list[Agreement]:
    """Each ATOP column of a directed dyad-year panel against ATOP's directed file (atop5_1ddyr).

    ``atop_alliance`` is checked against the highest of the file's five obligations.
    """
    ref = wh.view_name(ATOP, "directed_dyad_years")
    derived = _register(wh, panel, "atop-dyads")
    columns = {f"atop_{c}": f"r.{c}" for c in OBLIGATIONS}
    columns["atop_alliance"] = f"greatest({', '.join(f'r.{c}' for c in OBLIGATIONS)})"
    sql = agreement_sql(
        derived, f"(SELECT ccode1, ccode2, year, * FROM {ref})", ["ccode1", "ccode2", "year"], columns
    )
    return _agreements(
        wh,
        sql,
        "alliances (directed dyad-years)",
        "ATOP 5.1 atop5_1ddyr (atop_alliance.rda)",
        list(columns),
        {},
    )


def atop_state_years(
    wh: Warehouse, panel: pa.Table | None = None, years: tuple[int, int] = YEARS
) -> list[Agreement]:
    """Each ATOP column of the COW state-years against ATOP's state-year file (atop5_1sy)."""
    if panel is None:
        panel = state_years("cow", years=years).add_alliances().to_arrow()
    ref = wh.view_name(ATOP, "state_years")
    derived = _register(wh, panel, "atop-states")
    columns = {"atop_number": "r.number", **{f"atop_{c}": f"r.{c}" for c in OBLIGATIONS}}
    columns["atop_alliance"] = f"greatest({', '.join(f'r.{c}' for c in OBLIGATIONS)})"
    sql = agreement_sql(derived, ref, ["ccode", "year"], columns)
    note = {
        "atop_alliance": "any obligation; ATOP's own atopally also counts 19 state-years of "
        "membership with no obligation of the state's own (e.g. 710 1846-1856, atopid 1118)"
    }
    return _agreements(wh, sql, "alliances (state-years)", "ATOP 5.1 atop5_1sy", list(columns), note)


# -- GML MIDs ------------------------------------------------------------------------------------


def gml_panel(dyads: str = "overlap", rules: Sequence[str] | str | None = None, years=YEARS) -> pa.Table:
    """The directed COW dyad-years with GML MIDs built with the given dyads and rules."""
    kw: dict = {"dyads": dyads}
    if rules is not None:
        kw["rules"] = rules
    return dyad_years("cow", years=years).add_mids(source="gml", **kw).to_arrow()


def peacesciencer_counts(panel: pa.Table) -> dict[str, int]:
    """Ongoing, onset and hostlev-5 dyad-years of a GML MID panel (peacesciencer's three counts)."""
    import pyarrow.compute as pc

    def total(mask: pa.ChunkedArray) -> int:
        return int(pc.sum(pc.fill_null(mask, False).cast(pa.int64())).as_py() or 0)

    return {
        "ongoing": total(pc.equal(panel["gmlmidongoing"], 1)),
        "onsets": total(pc.equal(panel["gmlmidonset"], 1)),
        "hostlev5": total(pc.equal(panel["hostlev"], 5)),
    }


def gml_publisher_dyads(
    wh: Warehouse, panel: pa.Table, label: str, notes: Mapping[str, str]
) -> list[Agreement]:
    """Ongoing and onset of a GML MID panel against GML's directed file (any dispute per dyad-year)."""
    ref = wh.view_name(GML, "dispute_dyad_years")
    any_dispute = f"""(SELECT ccode1, ccode2, year, 1 AS ongoing, max(midonset) AS onset
                       FROM {ref} GROUP BY ALL)"""
    derived = _register(
        wh, panel.select(["ccode1", "ccode2", "year", "gmlmidongoing", "gmlmidonset"]), label
    )
    columns = {"gmlmidongoing": "r.ongoing", "gmlmidonset": "r.onset"}
    sql = agreement_sql(
        f"(SELECT * FROM {derived} WHERE year <= 2010)",
        any_dispute,
        ["ccode1", "ccode2", "year"],
        columns,
    )
    return _agreements(
        wh, sql, label, "GML 2.2.1 gml_dirdisp (any dispute per dyad-year)", list(columns), notes
    )


def gml_rule_sets(wh: Warehouse, overlap: pa.Table, peacesciencer: pa.Table) -> list[Agreement]:
    """detente's default GML panel against the peacesciencer rule set's, column by column."""
    cols = ["gmlmidongoing", "gmlmidonset", "dispnum", "hostlev", "fatality"]
    d = _register(wh, overlap.select(["ccode1", "ccode2", "year", *cols]), "gml-overlap")
    r = _register(wh, peacesciencer.select(["ccode1", "ccode2", "year", *cols]), "gml-peacesciencer")
    both = f"""(SELECT d.* FROM {d} d JOIN {r} r USING (ccode1, ccode2, year)
                WHERE d.gmlmidongoing = 1 AND r.gmlmidongoing = 1)"""
    keys = ["ccode1", "ccode2", "year"]
    out = _agreements(
        wh,
        agreement_sql(
            f"(SELECT * FROM {d} WHERE year <= 2010)", r, keys, {c: f"r.{c}" for c in cols[:2]}
        ),
        "mids(source='gml') default",
        "mids(dyads='gml', rules='peacesciencer')",
        cols[:2],
        {},
    )
    out += _agreements(
        wh,
        agreement_sql(both, r, keys, {c: f"r.{c}" for c in cols[2:]}),
        "mids(source='gml') default, dyad-years ongoing in both",
        "mids(dyads='gml', rules='peacesciencer')",
        cols[2:],
        {},
    )
    return out


def gml_differences(wh: Warehouse, overlap: pa.Table) -> dict[str, int]:
    """Why the day-exact GML dyad-years differ from GML's own: counts by cause (1816-2010)."""
    ref = wh.view_name(GML, "dispute_dyad_years")
    parts = wh.view_name(GML, "participants")
    d = _register(
        wh, overlap.select(["ccode1", "ccode2", "year", "gmlmidongoing", "gmlmidonset"]), "gml-overlap"
    )
    g = f"(SELECT ccode1, ccode2, year, max(midonset) AS onset FROM {ref} GROUP BY ALL)"
    # a GML dyad-year with a dispute whose two participants' spells share no day of that year
    first = f"""(SELECT dispnum, ccode1, ccode2, min(year) AS first FROM {ref} GROUP BY ALL)"""
    reentry = f"""(SELECT DISTINCT g.ccode1, g.ccode2, g.year FROM {ref} g JOIN {first} f
                   USING (dispnum, ccode1, ccode2) WHERE g.midonset = 1 AND g.year > f.first)"""
    row = wh.con.sql(
        f"""SELECT count(*) FILTER (WHERE d.gmlmidongoing = 0 AND g.year IS NOT NULL),
                   count(*) FILTER (WHERE d.gmlmidongoing = 1 AND g.year IS NULL),
                   count(*) FILTER (WHERE d.gmlmidonset <> coalesce(g.onset, 0)),
                   count(*) FILTER (WHERE d.gmlmidonset <> coalesce(g.onset, 0) AND d.gmlmidongoing = 0),
                   count(*) FILTER (WHERE d.gmlmidonset = 0 AND g.onset = 1 AND d.gmlmidongoing = 1
                                    AND x.year IS NOT NULL),
                   (SELECT count(*) FROM {parts} WHERE spell > 1)
            FROM {d} d LEFT JOIN {g} g USING (ccode1, ccode2, year)
                 LEFT JOIN {reentry} x USING (ccode1, ccode2, year)
            WHERE d.year <= 2010"""
    ).fetchall()[0]
    assert row is not None
    keys = [
        "gml_only",
        "detente_only",
        "onset_differ",
        "onset_no_shared_day",
        "onset_reentry",
        "reentry_spells",
    ]
    return dict(zip(keys, (int(v) for v in row), strict=True))


# -- similarity ----------------------------------------------------------------------------------


def atop_reference_ties_sql(wh: Warehouse, years: tuple[int, int]) -> str:
    """SQL: c1, c2, year, level from ATOP's directed file: the portfolios fpsim builds."""
    ref = wh.view_name(ATOP, "directed_dyad_years")
    return f"""SELECT ccode1 AS c1, ccode2 AS c2, year, ({ATOP_LEVEL})::TINYINT AS level FROM {ref}
               WHERE year BETWEEN {years[0]} AND {years[1]}"""


SIM_MEASURES = ("s_unweighted", "s_weighted", "kappa")


def fpsim_similarity(wh: Warehouse, years: Sequence[int] = SIMILARITY_YEARS) -> list[Agreement]:
    """The directed (fpsim) convention against the same measures on ATOP's own directed file."""
    out = []
    for year in years:
        ours = atop_similarity(wh, (year, year), SIM_MEASURES, portfolio="directed")
        ref = atop_similarity(
            wh,
            (year, year),
            SIM_MEASURES,
            portfolio="directed",
            ties=atop_reference_ties_sql(wh, (year, year)),
        )
        d, r = _register(wh, ours, f"sim-ours-{year}"), _register(wh, ref, f"sim-ref-{year}")
        sql = agreement_sql(
            d, r, ["c1", "c2", "year"], {m: f"r.{m}" for m in SIM_MEASURES}, tolerance=1e-12
        )
        out += _agreements(
            wh,
            sql,
            f"similarity(portfolio='directed') {year}",
            "fpsim's portfolios: ATOP atop5_1ddyr, Chiba et al. ranking",
            SIM_MEASURES,
            {},
        )
    return out


def similarity_gap(wh: Warehouse, years: Sequence[int] = SIMILARITY_YEARS) -> list[dict]:
    """How far the symmetric and directed conventions are apart, year by year (ordered pairs)."""
    rows = []
    for year in years:
        sym = atop_similarity(wh, (year, year), SIM_MEASURES)
        dire = atop_similarity(wh, (year, year), SIM_MEASURES, portfolio="directed")
        row: dict = {"year": year, "pairs": sym.num_rows}
        for m in SIM_MEASURES:
            a = np.asarray(sym[m].to_numpy(zero_copy_only=False), dtype=float)
            b = np.asarray(dire[m].to_numpy(zero_copy_only=False), dtype=float)
            diff = np.abs(a - b)
            known = ~np.isnan(diff)
            row[f"{m}_differ"] = int((diff[known] > 1e-12).sum())
            row[f"{m}_mean_abs"] = float(diff[known].mean()) if known.any() else 0.0
            k = int(np.nanargmax(diff)) if known.any() else 0
            row[f"{m}_max_abs"] = float(diff[k]) if known.any() else 0.0
            row[f"{m}_max_pair"] = (int(sym["c1"][k].as_py()), int(sym["c2"][k].as_py()))
        rows.append(row)
    return rows


# -- the report ----------------------------------------------------------------------------------

NOTES = {
    "gml_only": "GML pairs opposing participants by year; detente by day. In these dyad-years the "
    "two states' spells never shared a day (e.g. USA-Vichy France 1941, dispute 258; Germany-Serbia "
    "1916, dispute 3348; the Koreas 1999, dispute 4125): detente is right by the day-exact rule.",
    "onset": "GML counts a participant's re-entry into a dispute as a new onset (e.g. Syria-Israel "
    "1994-1996 and 2000, dispute 4182); detente's onset is the first year of the dyad in it.",
    "reduction": "several disputes in one dyad-year: detente keeps onsets, then the highest "
    "fatality (unknown = null, ranked last), hostility, longest dispute by dates; peacesciencer "
    "ranks fatality -9 as 0.5 (above 0), then duration from GML's mindur/maxdur, reciprocated, "
    "earliest start month, first row.",
}


def _table(rows: list[Agreement]) -> list[str]:
    lines = ["| derived table | reference | column | cells | agree | share | remaining differences |"]
    lines.append("|---|---|---|---:|---:|---:|---|")
    for a in rows:
        share = f"{a.share:.4%}" if a.differ else "100%"
        note = a.note if a.differ else "none"
        lines.append(
            f"| {a.table} | {a.reference} | `{a.column}` | {a.cells:,} | {a.agree:,} | {share} "
            f"| {note} |"
        )
    return lines


def _gap_table(rows: list[dict]) -> list[str]:
    lines = ["| year | pairs | measure | pairs that differ | mean abs. difference | largest (pair) |"]
    lines.append("|---:|---:|---|---:|---:|---|")
    for r in rows:
        for m in SIM_MEASURES:
            a, b = r[f"{m}_max_pair"]
            lines.append(
                f"| {r['year']} | {r['pairs']:,} | {m} | {r[f'{m}_differ']:,} | "
                f"{r[f'{m}_mean_abs']:.4f} | {r[f'{m}_max_abs']:.4f} ({a}, {b}) |"
            )
    return lines


def report(
    wh: Warehouse,
    atop: pa.Table | None = None,
    ps: pa.Table | None = None,
    overlap: pa.Table | None = None,
) -> str:
    """The validation page: every check, its reference, agreeing cells per column, explanations.

    The full panels (:func:`atop_panel`, :func:`gml_panel` with peacesciencer's rules and with
    the defaults) are built unless given.
    """
    atop = atop_panel() if atop is None else atop
    ps = gml_panel("gml", "peacesciencer") if ps is None else ps
    overlap = gml_panel() if overlap is None else overlap
    counts = peacesciencer_counts(ps)
    why = gml_differences(wh, overlap)
    other = why["onset_differ"] - why["onset_no_shared_day"] - why["onset_reentry"]
    gml_notes = {
        "gmlmidongoing": f"{why['gml_only']:,} dyad-years only in GML, {why['detente_only']:,} only "
        "in detente: " + NOTES["gml_only"],
        "gmlmidonset": f"{why['onset_no_shared_day']:,} in those dyad-years; {why['onset_reentry']:,} "
        "re-entries: " + NOTES["onset"] + f" {other:,} where GML's onset is of a second dispute "
        "whose spells never share a day, beside one both pair (Germany-Serbia and Serbia-Ottoman "
        "Empire 1916, dispute 3348; the Koreas 1999, dispute 4125).",
    }
    rule_rows = [
        Agreement(a.table, a.reference, a.column, a.cells, a.agree, NOTES["reduction"])
        for a in gml_rule_sets(wh, overlap, ps)
        if a.column not in gml_notes
    ]
    rows = atop.num_rows
    lines = [
        "# Validation: derived tables against the publishers' own",
        "",
        "Generated by `detente validate --out docs/validation.md` (do not edit by hand). Each row",
        "compares one column of a table detente derives with the publisher's own table, cell by",
        f"cell in DuckDB, on the directed COW dyad-years {YEARS[0]}-{YEARS[1]} ({rows:,} rows)",
        "or the COW state-years; a key the publisher does not list counts as 0 there (the files",
        "list only positive rows). The same checks run in the tests (`tests/test_validation.py`).",
        "",
        "## Panels and capabilities",
        "",
        *_table([*state_system(wh), *(a for v in NMC_VERSIONS for a in capabilities(wh, v))]),
        "",
        "The directed dyad-years are the pairs of these states whose memberships overlap on a day",
        "of the year ([universes](steps.md#the-universes); tests/test_systems.py checks it daily).",
        "NMC 7.0, the default, is checked on the COW 2024 state-years to its last year (2022);",
        "NMC 6.0 (`versions={'nmc': '6.0'}`) on the COW 2016 state-years. The cinc the",
        "`capabilities` step recomputes from the six components is the published one to 1e-6 in",
        "every state-year of both ([systems.md](systems.md#nmc-70-against-60)).",
        "",
        "## ATOP 5.1 alliances",
        "",
        *_table(atop_dyad_years(wh, atop)),
        *_table(atop_state_years(wh))[2:],
        "",
        "Directed obligations are state 1's to state 2. Two rules make them agree with ATOP's",
        "directed file ([alliances.md](alliances.md)): a member's obligation comes from its latest",
        "phase that overlaps the partner's spell, and in the ten asymmetric multilateral alliances",
        "the obligations ATOP records as not owed to some co-members are 0",
        "(`src/detente/data/atop_asymmetric.csv`).",
        "",
        "## GML MIDs 2.2.1",
        "",
        f"peacesciencer's `add_gml_mids()` on the directed COW dyad-years 1816-2016 has "
        f"{PEACESCIENCER_GML['ongoing']:,} ongoing dyad-years, {PEACESCIENCER_GML['onsets']:,} onsets "
        f"and {PEACESCIENCER_GML['hostlev5']:,} with hostlev 5. `add_mids(source='gml', dyads='gml', "
        f"rules='peacesciencer')` gives {counts['ongoing']:,}, {counts['onsets']:,} and "
        f"{counts['hostlev5']:,}.",
        "",
        "peacesciencer's reduced table itself (`gml_mid_ddydisps`) is not in the data mirror, so",
        "these three counts are checked, not the dispute kept in each dyad-year. Its build script",
        "(`data-raw/gml/gml_mid_ddydisps.R`) as published joins hostility, durations,",
        "reciprocation and start month from COW MID's dispute table; the rule set uses GML's own",
        "columns, which give the published counts.",
        "",
        *_table(gml_publisher_dyads(wh, ps, "mids(dyads='gml', rules='peacesciencer')", {})),
        *_table(gml_publisher_dyads(wh, overlap, "mids(source='gml') default (day-exact)", gml_notes))[
            2:
        ],
        *_table(rule_rows)[2:],
        "",
        "The default pairs states by day ([disputes in steps.md](steps.md)); side-switchers: two",
        "states that both changed sides in a dispute in the same year are not opponents in it",
        "that year (Bulgaria, Romania, Finland in dispute 258, 1944), which also agrees with GML.",
        "",
        "## Foreign-policy similarity (ATOP portfolios)",
        "",
        *_table(fpsim_similarity(wh)),
        "",
        "fpsim builds each state's portfolio from ATOP's directed file with Chiba et al.'s ranking;",
        "`portfolio='directed'` builds it from detente's directed obligations, which equal that file",
        "(above), so every score agrees to 1e-12. How far the two conventions are apart (ordered",
        "pairs of COW states; weighted S weights by CINC from NMC 7.0, the default;",
        "[similarity.md](similarity.md)):",
        "",
        *_gap_table(similarity_gap(wh)),
        "",
    ]
    return "\n".join(lines)
