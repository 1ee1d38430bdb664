"""Derived tables agree with the publishers' own, cell by cell, on the directed COW dyad-years.

Each full panel (1816-2016) is built once per session and compared with its reference in DuckDB
(:mod:`detente.validation`); only the years are pinned, so the checks hold for any COW system list.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import detente
from detente import validation as v
from detente.errors import InputError
from detente.sources.atop import ASYMMETRIC_FILE, OBLIGATIONS

from helpers import q

ASYMMETRIC = {1100, 1110, 1120, 1160, 1205, 1227, 1350, 1355, 2130, 3322}


@pytest.fixture(scope="session")
def atop_dyads(wh):
    return v.atop_panel((1816, 2016))


@pytest.fixture(scope="session")
def gml_peacesciencer(wh):
    return v.gml_panel("gml", "peacesciencer", (1816, 2016))


@pytest.fixture(scope="session")
def gml_overlap(wh):
    return v.gml_panel("overlap", None, (1816, 2016))


def _cell(table, a: int, b: int, year: int, col: str):
    import pyarrow.compute as pc

    mask = pc.and_(
        pc.and_(pc.equal(table["ccode1"], a), pc.equal(table["ccode2"], b)),
        pc.equal(table["year"], year),
    )
    rows = table.filter(mask)
    assert rows.num_rows == 1, (a, b, year)
    return rows[col][0].as_py()


# -- ATOP ----------------------------------------------------------------------------------------


def test_every_obligation_of_every_directed_dyad_year_equals_atops_directed_file(wh, atop_dyads) -> None:
    found = v.atop_dyad_years(wh, atop_dyads)
    assert [a.column for a in found] == [*(f"atop_{c}" for c in OBLIGATIONS), "atop_alliance"]
    for a in found:
        assert a.cells == atop_dyads.num_rows > 1_900_000
        assert a.differ == 0, a


def test_state_years_equal_atops_state_year_file(wh) -> None:
    found = v.atop_state_years(wh, years=(1816, 2016))
    columns = ["atop_number", *(f"atop_{c}" for c in OBLIGATIONS), "atop_alliance"]
    assert [a.column for a in found] == columns
    for a in found:
        assert a.cells > 15_000
        assert a.differ == 0, a


def test_the_reference_file_is_atops_directed_dyad_year_file(wh) -> None:
    ref = wh.view_name("atop-5.1", "directed_dyad_years")
    counts = q(wh, f"SELECT count(*), {', '.join(f'sum({c})' for c in OBLIGATIONS)} FROM {ref}")
    assert counts == [(273_296, 137_762, 6_342, 4_465, 261_838, 131_332)]  # as SOURCE.md counts them


@pytest.mark.parametrize(
    ("a", "b", "year", "column", "value"),
    [
        (140, 160, 1859, "atop_defense", 0),  # 1205: Brazil and Argentina guarantee Uruguay...
        (160, 140, 1859, "atop_defense", 0),  # ...not each other
        (211, 200, 1925, "atop_defense", 0),  # Locarno (2130): Belgium owes Britain nothing...
        (211, 200, 1930, "atop_nonagg", 0),
        (200, 211, 1925, "atop_defense", 1),  # ...Britain guarantees Belgium
        (200, 220, 1834, "atop_defense", 0),  # 1100: Britain defends Spain and Portugal, not France
        (200, 230, 1834, "atop_defense", 1),
        # SADC (4985) 2003: Seychelles left on 1 July, the defence phase began on 26 August
        (490, 591, 2003, "atop_defense", 0),
        (490, 591, 2003, "atop_consul", 0),
        (490, 591, 2003, "atop_nonagg", 1),
        (490, 510, 2003, "atop_defense", 1),
        (2, 740, 1962, "atop_alliance", 1),
        (2, 710, 1962, "atop_consul", 1),  # 3460: the 1962 declaration on the neutrality of Laos
        (2, 731, 1962, "atop_alliance", 0),
    ],
)
def test_known_directed_obligations(atop_dyads, a, b, year, column, value) -> None:
    assert _cell(atop_dyads, a, b, year, column) == value


def test_asymmetric_exceptions_name_real_members_and_obligations(wh) -> None:
    with ASYMMETRIC_FILE.open() as f:
        rows = list(csv.DictReader(f))
    assert {int(r["atopid"]) for r in rows} == ASYMMETRIC
    keys = [(r["atopid"], r["member"], r["obligation"], r["not_owed_to"]) for r in rows]
    assert len(keys) == len(set(keys)) == 67
    members = wh.view_name("atop-5.1", "members")
    alliances = wh.view_name("atop-5.1", "alliances")
    for atopid, member, obligation, other in keys:
        assert obligation in OBLIGATIONS
        has = q(
            wh, f"SELECT max({obligation}) FROM {members} WHERE atopid = {atopid} AND member = {member}"
        )
        assert has == [(1,)], (atopid, member, obligation)  # the member does promise it to someone
        assert (
            q(wh, f"SELECT count(*) FROM {members} WHERE atopid = {atopid} AND member = {other}")[0][0]
            > 0
        )
    flags = q(wh, f"SELECT DISTINCT bilat FROM {alliances} WHERE atopid IN {tuple(ASYMMETRIC)}")
    assert flags == [(0,)]  # all multilateral: in a bilateral alliance 'to whom' is never in doubt


def test_undirected_ties_are_the_higher_of_the_two_directions() -> None:
    und = detente.dyad_years(directed=False, years=(1925, 1925)).add_alliances(obligations=["defense"])
    frame = und.to_pandas().set_index(["ccode1", "ccode2"]).atop_defense
    assert frame[200, 211] == 1  # Britain guarantees Belgium, though Belgium owes Britain nothing
    assert frame[200, 325] == 0  # Locarno's two guarantors owe each other nothing


def test_alliance_network_follows_the_directed_obligations() -> None:
    net = detente.alliance_network(1925, "defense").graph
    assert net.has_edge(200, 211)  # Locarno: Britain guarantees Belgium
    assert not net.has_edge(200, 325)  # the two guarantors owe each other nothing
    und = detente.dyad_years(directed=False, years=(1925, 1925)).add_alliances(obligations=["defense"])
    allied = und.to_pandas().query("atop_defense == 1")
    assert sorted(net.edges()) == sorted(zip(allied.ccode1, allied.ccode2, strict=True))


# -- GML MIDs ------------------------------------------------------------------------------------


def test_peacesciencer_rule_set_reproduces_add_gml_mids_counts(gml_peacesciencer) -> None:
    assert v.peacesciencer_counts(gml_peacesciencer) == v.PEACESCIENCER_GML
    assert v.PEACESCIENCER_GML == {"ongoing": 9_284, "onsets": 6_248, "hostlev5": 2_876}


def test_gml_dyads_equal_gmls_directed_file(wh, gml_peacesciencer) -> None:
    found = v.gml_publisher_dyads(wh, gml_peacesciencer, "ps", {})
    assert [a.column for a in found] == ["gmlmidongoing", "gmlmidonset"]
    for a in found:
        assert a.cells > 1_600_000
        assert a.differ == 0, a


def test_day_exact_default_differs_from_gml_only_where_explained(wh, gml_overlap) -> None:
    assert v.peacesciencer_counts(gml_overlap) == {"ongoing": 9_176, "onsets": 6_110, "hostlev5": 2_794}
    why = v.gml_differences(wh, gml_overlap)
    assert why["gml_only"] == 108 and why["detente_only"] == 0
    assert why["onset_differ"] == 138
    assert (why["onset_no_shared_day"], why["onset_reentry"]) == (108, 24)


def test_side_switchers_are_not_opponents_in_the_year_both_switched(gml_overlap) -> None:
    # dispute 258, 1944: Romania (24 Aug), Bulgaria (5 Sep) and Finland changed sides; their old
    # and new spells overlap for days, which the day-exact rule alone would count as a dyad.
    for a, b in [(355, 360), (360, 355), (355, 375), (360, 375)]:
        assert _cell(gml_overlap, a, b, 1944, "gmlmidongoing") == 0
    assert _cell(gml_overlap, 360, 255, 1944, "gmlmidongoing") == 1  # Romania then fought Germany


def test_rule_sets_keep_another_dispute_in_58_dyad_years(wh, gml_overlap, gml_peacesciencer) -> None:
    by = {a.column: a for a in v.gml_rule_sets(wh, gml_overlap, gml_peacesciencer)}
    assert by["dispnum"].cells == 9_176 and by["dispnum"].differ == 58


def test_peacesciencer_rules_need_gml_dyads() -> None:
    p = detente.dyad_years(years=(1990, 1990))
    with pytest.raises(InputError, match="dyads='gml'"):
        p.add_mids(source="gml", rules="peacesciencer").to_arrow()
    with pytest.raises(InputError, match="source='gml'"):
        p.add_mids(source="cow", dyads="gml").to_arrow()
    with pytest.raises(InputError, match="file_order"):
        p.add_mids(source="gml", rules=["onset", "file_order"]).to_arrow()
    with pytest.raises(InputError, match="dyads must be one of"):
        p.add_mids(source="gml", dyads="year").to_arrow()


# -- similarity ----------------------------------------------------------------------------------


def test_directed_convention_equals_fpsims_portfolios_from_atops_file(wh) -> None:
    found = v.fpsim_similarity(wh, v.SIMILARITY_YEARS)
    assert len(found) == 4 * 3  # 1914, 1962, 1989, 2010 x s_unweighted, s_weighted, kappa
    for a in found:
        assert a.cells > 1_900
        assert a.differ == 0, a


def test_directed_s_by_hand_from_atops_directed_file(wh) -> None:
    """USA-Japan 1962 from ATOP's directed file with Chiba et al.'s ranking, S = 1 - 2 d / (3 n)."""
    ref = wh.view_name("atop-5.1", "directed_dyad_years")
    states = wh.view_name("cow-states-2016", "states")
    codes = sorted(
        r[0]
        for r in q(
            wh, f'SELECT DISTINCT ccode FROM {states} WHERE year(start) <= 1962 AND year("end") >= 1962'
        )
    )
    level = {
        (a, b): lv
        for a, b, lv in q(
            wh,
            f"""SELECT ccode1, ccode2, CASE WHEN defense = 1 OR offense = 1 THEN 3
                     WHEN neutral = 1 OR consul = 1 THEN 2 WHEN nonagg = 1 THEN 1 ELSE 0 END
                FROM {ref} WHERE year = 1962""",
        )
    }

    def row(i: int) -> np.ndarray:
        return np.array([3 if k == i else level.get((i, k), 0) for k in codes], dtype=float)

    expected = 1 - 2 * np.abs(row(2) - row(740)).sum() / (3 * len(codes))
    p = detente.dyad_years(years=(1962, 1962)).add_similarity(
        measures=["s_unweighted"], portfolio="directed"
    )
    got = p.to_pandas().set_index(["ccode1", "ccode2"]).atop_s_unweighted_directed[2, 740]
    assert got == pytest.approx(expected, abs=1e-12)
    assert level[2, 740] == 3 and level[740, 2] == 2  # the US defends Japan; Japan only consults


def test_conventions_differ_where_obligations_are_one_sided(wh) -> None:
    gap = {r["year"]: r for r in v.similarity_gap(wh, (1962, 2010))}
    for year in (1962, 2010):
        assert 0 < gap[year]["s_unweighted_differ"] < gap[year]["pairs"] / 10
        assert 0 < gap[year]["s_unweighted_mean_abs"] < 0.01
    p = detente.dyad_years(years=(1962, 1962))
    both = p.add_similarity(measures=["s_unweighted"]).add_similarity(
        measures=["s_unweighted"], portfolio="directed"
    )
    d = both.to_pandas().set_index(["ccode1", "ccode2"])
    assert d.atop_s_unweighted[2, 740] != d.atop_s_unweighted_directed[2, 740]
    assert d.atop_s_unweighted[2, 740] > d.atop_s_unweighted_directed[2, 740]


def test_directed_portfolios_only_for_atop() -> None:
    p = detente.dyad_years(years=(1962, 1962))
    with pytest.raises(InputError, match="portfolio"):
        p.add_similarity(source="unvotes", portfolio="directed").to_arrow()
    with pytest.raises(InputError, match="portfolio must be one of"):
        p.add_similarity(portfolio="fpsim").to_arrow()


# -- the report ----------------------------------------------------------------------------------


def test_report_lists_every_check_with_its_reference(
    wh, atop_dyads, gml_peacesciencer, gml_overlap
) -> None:
    text = v.report(wh, atop_dyads, gml_peacesciencer, gml_overlap)
    assert "atop5_1ddyr" in text and "gml_dirdisp" in text and "fpsim" in text
    assert "| `atop_defense` |" in text and "| `dispnum` |" in text
    assert "9,284, 6,248 and 2,876" in text
    assert "| NMC 7.0 published cinc (to 1e-6) | `cinc` | 17,121 | 17,121 | 100% |" in text
    assert "| NMC 6.0 published cinc (to 1e-6) | `cinc` | 15,951 | 15,951 | 100% |" in text
    page = Path(__file__).resolve().parents[1] / "docs" / "validation.md"
    assert page.read_text() == text, "stale: run `detente validate --out docs/validation.md`"


def test_state_years_agree_with_the_publishers_list(wh) -> None:
    [a] = v.state_system(wh, (1816, 2016))
    assert (a.cells, a.differ) == (15_951, 0)


@pytest.mark.parametrize(
    ("version", "system", "cells"),
    [
        ("7.0", "COW 2024 state-years 1816-2022", 17_121),
        ("6.0", "COW 2016 state-years 1816-2016", 15_951),
    ],
)
def test_capabilities_agree_with_each_nmc_version(wh, version, system, cells) -> None:
    # NMC 7.0 (the default) on the COW 2024 state-years to 2022; 6.0 on COW 2016 (SOURCE.md: 17,121
    # and 15,951 state-years); the step's recomputed cinc is the published one to 1e-6 in each
    frame, cinc = v.capabilities(wh, version)
    assert system in frame.table and f"NMC {version}" in frame.reference
    assert (frame.column, frame.cells, frame.differ) == ("(ccode, year)", cells, 0)
    assert (cinc.column, cinc.cells, cinc.differ) == ("cinc", cells, 0)


def test_every_registered_nmc_version_is_checked_the_default_first() -> None:
    from detente.registry import families, resolve_source

    assert set(v.NMC_VERSIONS) == set(families()["nmc"])
    assert f"cow-nmc-{next(iter(v.NMC_VERSIONS))}" == resolve_source("nmc") == "cow-nmc-7.0"
