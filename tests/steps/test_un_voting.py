"""UN voting: ideal points as in the source, vote counts and nulls, and the unvotes -> COW mapping."""

from __future__ import annotations

import pytest

import detente
from detente.errors import InputError
from detente.steps.un_voting import un_votes_sql, unvotes_ccodes

from helpers import assert_all, q

pytestmark = pytest.mark.usefixtures("wh")  # the warehouse reads the mirror


@pytest.mark.parametrize(
    ("ccode", "year", "ideal", "nvotes"),
    [(2, 1946, 1.663375, 25), (365, 1991, 0.737733, 72), (365, 2016, None, None)],
)
def test_state_year_ideal_points_equal_the_source(wh, ccode, year, ideal, nvotes) -> None:
    """The values in IdealpointsJuly2025.dta (the last row is read from the source itself)."""
    src = wh.view_name("unga-idealpoints", "idealpoints")
    if ideal is None:
        ideal, nvotes = q(
            wh, f"SELECT idealpoint_fp, nvotes_fp FROM {src} WHERE ccode = {ccode} AND year = {year}"
        )[0]
    frame = detente.state_years(years=(year, year)).add_ideal_points().to_pandas()
    row = frame[frame.ccode == ccode].iloc[0]
    assert row.idealpoint == pytest.approx(ideal, abs=1e-6)
    assert row.idealpoint_nvotes == nvotes


def test_dyad_years_carry_both_points_and_their_distance() -> None:
    d = detente.dyad_years(years=(1980, 1980)).add_ideal_points().to_pandas()
    row = d[(d.ccode1 == 2) & (d.ccode2 == 365)].iloc[0]
    assert row.idealpoint1 == pytest.approx(2.358166, abs=1e-6)
    assert row.idealpoint2 == pytest.approx(-1.932043, abs=1e-6)
    assert row.idealpoint_distance == pytest.approx(abs(row.idealpoint1 - row.idealpoint2))
    assert (row.idealpoint_nvotes1, row.idealpoint_nvotes2) == (108, 108)


def test_no_votes_is_zero_votes_and_a_null_point_inside_the_domain() -> None:
    """Switzerland joined the UN in 2002: in 1980 it is a state with 0 votes and no ideal point;
    before 1946 there is no Assembly, so both are null."""
    s = detente.state_years(years=(1945, 1980)).add_ideal_points().to_pandas()
    swiss = s[s.ccode == 225].set_index("year")
    assert swiss.loc[1980, "idealpoint_nvotes"] == 0
    assert swiss[["idealpoint"]].isna().all().all()
    assert_all(s[s.year == 1945][["idealpoint", "idealpoint_nvotes"]].isna())
    assert s[s.year == 1946].idealpoint_nvotes.gt(0).sum() > 45
    # 1964 (session 19 took one roll call) has no estimates at all: a hole in the domain, null
    assert_all(s[s.year == 1964][["idealpoint", "idealpoint_nvotes"]].isna())
    assert s[s.year == 1965].idealpoint_nvotes.gt(0).sum() > 100


def test_un_members_outside_the_system_are_not_in_the_panel(wh) -> None:
    """Belarus (370) voted from 1946 but joins the COW system only in 1991."""
    src = wh.view_name("unga-idealpoints", "idealpoints")
    # every session year 1946-1990 but 1964 (no ideal points at all: one vote in session 19)
    assert q(wh, f"SELECT count(*) FROM {src} WHERE ccode = 370 AND year < 1991")[0][0] == 44
    s = detente.state_years(years=(1980, 1991)).add_ideal_points().to_pandas()
    assert list(s[s.ccode == 370].year) == [1991]


def test_series_and_domain_edges() -> None:
    """The all-votes series ends in 2023, final passage in 2024; G&W runs to 2017, inside both."""
    s = detente.state_years("gw", years=(2017, 2017)).add_ideal_points(series="all").to_pandas()
    assert s.columns[-2:].tolist() == ["idealpoint_all", "idealpoint_all_nvotes"]
    assert_all(s.loc[s.gwcode == 2, "idealpoint_all"].notna())
    d = detente.dyad_years(years=(2000, 2000)).add_ideal_points(series="legacy")
    assert d.columns[3:] == [
        "idealpoint_legacy1",
        "idealpoint_legacy2",
        "idealpoint_legacy_nvotes1",
        "idealpoint_legacy_nvotes2",
        "idealpoint_legacy_distance",
    ]
    with pytest.raises(InputError, match="unknown series"):
        detente.state_years(years=(2000, 2000)).add_ideal_points(series="median")


def test_every_unvotes_country_has_one_cow_code(wh) -> None:
    mapping = unvotes_ccodes(wh)
    votes = wh.view_name("unga-votes", "votes")
    assert q(wh, f"SELECT count(DISTINCT country) FROM {votes}") == [(200,)]
    assert q(wh, f"SELECT count(*), count(DISTINCT country), count(DISTINCT ccode) FROM {mapping}") == [
        (200, 200, 200)
    ]
    named = dict(q(wh, f"SELECT country, ccode FROM {mapping}"))
    assert named["United States"] == 2
    assert named["Côte d’Ivoire"] == 437  # the ideal-point file spells it in broken UTF-8
    assert named["Federal Republic of Germany"] == 260  # no ISO2 code in unvotes
    assert named["Yemen Arab Republic"] == 678
    assert named["Zanzibar"] == 511  # through the COW state list
    # every vote is kept, once per state and roll call
    assert q(wh, f"SELECT count(*), count(DISTINCT (ccode, rcid)) FROM ({un_votes_sql(wh)})") == [
        (870109, 870109)
    ]
    assert q(wh, f"SELECT DISTINCT year FROM ({un_votes_sql(wh)}) WHERE rcid = 3") == [(1946,)]


def test_mapping_agrees_with_the_country_code_crosswalk(wh) -> None:
    """detente.codes, built separately, gives the same COW code by name and by ISO2, year by year."""
    from detente.codes import to_cow

    votes = wh.view_name("unga-votes", "votes")
    calls = wh.view_name("unga-votes", "roll_calls")
    rows = q(
        wh,
        f"""SELECT DISTINCT v.country, v.country_code, 1945 + c.session, m.ccode
            FROM {votes} v JOIN {calls} c USING (rcid) JOIN {unvotes_ccodes(wh)} m USING (country)""",
    )
    years = [r[2] for r in rows]
    assert to_cow([r[0] for r in rows], "name", years) == [r[3] for r in rows]
    with_iso = [r for r in rows if r[1] is not None]
    assert to_cow([r[1] for r in with_iso], "iso2", [r[2] for r in with_iso]) == [r[3] for r in with_iso]
