"""SIPRI trade register: Latin-1 decoded, broken deals rejoined, markers and flags made columns."""

from __future__ import annotations

from _checks import leftover_sentinels, one_row_query, rows

SRC, T = "sipri-arms-transfers", "trade_register"
q = one_row_query(SRC, T)


def test_deals_and_years(q) -> None:
    """29,515 deals (no spill-over rows), orders 1940-2024, deliveries 1950-2024."""
    got = q(
        "SELECT count(*), min(order_year), max(order_year), min(first_delivery_year), "
        "max(last_delivery_year) FROM {t}"
    )
    assert got == (29515, 1940, 2024, 1950, 2024)
    assert q("SELECT count(*) FROM {t} WHERE recipient IS NULL OR recipient = '' OR status IS NULL") == (
        0,
    )


def test_no_sentinels(wh) -> None:
    """No sentinel code, NaN or blank text left."""
    assert leftover_sentinels(wh, SRC, T) == {}


def test_broken_deals_rejoined(q) -> None:
    """The four deals split by a newline in Comments carry the TIVs that spilled to the next line."""
    got = q(
        "SELECT tiv_per_unit, tiv_total_order, tiv_delivered FROM {t} WHERE recipient = 'Thailand' "
        "AND supplier = 'Ukraine' AND weapon_designation = 'BTR-3' AND order_year = 2008 "
        "AND number_ordered = 14"
    )
    assert got == (0.25, 3.5, 3.25)
    got = q(
        "SELECT tiv_total_order, tiv_delivered FROM {t} WHERE recipient = 'United Nations' "
        "AND weapon_designation = 'Hermes-900'"
    )
    assert got == (9.0, 9.0)
    assert q("SELECT count(*) FROM {t} WHERE tiv_total_order IS NULL OR tiv_delivered IS NULL") == (0,)


def test_rafale_for_india(q) -> None:
    """India's 2017 order of 36 Rafale from France: delivered 2019-2022, 1,980 m TIV."""
    got = q(
        "SELECT number_ordered, number_delivered, delivery_years, first_delivery_year, "
        "last_delivery_year, tiv_per_unit, tiv_delivered FROM {t} WHERE recipient = 'India' "
        "AND weapon_designation = 'Rafale' AND order_year = 2017"
    )
    assert got == (36, 36, "2019; 2020; 2021; 2022", 2019, 2022, 55.0, 1980.0)


def test_uncertainty_flags(q) -> None:
    """'?' flags become booleans: 15,581 uncertain order years, 12,310 and 2,595 number flags."""
    got = q(
        "SELECT sum(order_year_uncertain::INT), sum(number_ordered_uncertain::INT), "
        "sum(number_delivered_uncertain::INT) FROM {t}"
    )
    assert got == (15581, 12310, 2595)


def test_latin1_and_party_kinds(wh, q) -> None:
    """Latin-1 names decode; '*'/'**' markers become kinds and leave the names."""
    sql = (
        "SELECT count(*) FROM {t} WHERE weapon_designation = 'Bü-181 Bestmann' AND recipient = 'Algeria'"
    )
    assert q(sql) == (1,)
    assert q("SELECT count(*) FROM {t} WHERE weapon_designation = 'Bü-181 Bestmann'") == (7,)
    assert q("SELECT count(*) FROM {t} WHERE comments LIKE '%Wärtsilä%'") > (0,)
    names = "('NATO', 'Hezbollah (Lebanon)', 'India')"
    kinds = rows(
        wh, SRC, T, f"SELECT DISTINCT recipient, recipient_kind FROM {{t}} WHERE recipient IN {names}"
    )
    assert sorted(kinds) == [("Hezbollah (Lebanon)", "nonstate"), ("India", "state"), ("NATO", "igo")]
    assert q("SELECT count(*) FROM {t} WHERE recipient LIKE '%*' OR supplier LIKE '%*'") == (0,)
