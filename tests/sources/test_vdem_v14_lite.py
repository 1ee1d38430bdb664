"""V-Dem v14 lite: country-years 1970-2023, integer ids, lower-case names, no sentinels."""

from __future__ import annotations

from _checks import leftover_sentinels, one_row_query, rows

SRC, T = "vdem-v14-lite", "country_years"
q = one_row_query(SRC, T)


def test_shape_as_documented(wh, q) -> None:
    """9,170 country-years of 182 countries, 1970-2023, 297 columns, (country_id, year) unique."""
    assert q("SELECT count(*), count(DISTINCT country_id), min(year), max(year) FROM {t}") == (
        9170,
        182,
        1970,
        2023,
    )
    assert q("SELECT count(*) - count(DISTINCT (country_id, year)) FROM {t}") == (0,)
    columns = [name for name, *_ in wh.con.execute(f"DESCRIBE {wh.view_name(SRC, T)}").fetchall()]
    assert len(columns) == 297
    assert "v2x_edcomp_thick" in columns and "e_regionpol_6c" in columns
    assert all(c == c.lower() for c in columns)


def test_non_missing_counts_as_documented(q) -> None:
    """Oversight and civil-military columns have the non-missing counts SOURCE.md lists."""
    got = q(
        "SELECT count(v2lgotovst), count(v2lginvstp), count(v2x_jucon), count(v2x_libdem), "
        "count(v2x_ex_military), count(e_pt_coup) FROM {t}"
    )
    assert got == (8832, 8798, 9109, 9106, 9170, 8263)


def test_no_sentinels(wh) -> None:
    """No sentinel code, NaN or blank text left."""
    assert leftover_sentinels(wh, SRC, T) == {}


def test_united_states_2020(q) -> None:
    """USA 2020: electoral democracy 0.811, liberal democracy 0.729, no military dimension (0)."""
    got = q(
        "SELECT v2x_polyarchy, v2x_libdem, v2x_ex_military, v2x_regime, e_pt_coup FROM {t} "
        "WHERE country_text_id = 'USA' AND year = 2020"
    )
    assert got == (0.811, 0.729, 0.0, 3.0, 0.0)


def test_myanmar_coup_2021(q) -> None:
    """Myanmar 2021: a coup (e_pt_coup 1), closed autocracy, military dimension up to 0.5."""
    got = q(
        "SELECT e_pt_coup, v2x_regime, v2x_ex_military, v2x_polyarchy FROM {t} "
        "WHERE country_text_id = 'MMR' AND year = 2021"
    )
    assert got == (1.0, 0.0, 0.5, 0.108)


def test_double_coups(wh) -> None:
    """Five country-years had two coups (e_pt_coup = 2)."""
    got = rows(wh, SRC, T, "SELECT country_text_id, year FROM {t} WHERE e_pt_coup = 2 ORDER BY year")
    assert [y for _, y in got] == [1975, 1978, 1980, 1988, 2022]
