"""The canonical event table: codes to COW/G&W/ISO3, FIPS kept apart from ISO, flags, vocabularies."""

from __future__ import annotations

import datetime as dt

from detente import codes


def q(wh, sql: str) -> list[tuple]:
    return wh.con.sql(sql).fetchall()


def test_rows_per_format_and_columns(wh, events) -> None:
    got = q(wh, f"SELECT format, count(*) FROM {events} GROUP BY ALL ORDER BY ALL")
    assert got == [("gdelt1", 2223), ("gdelt2", 2271), ("icews", 3705), ("plover", 322)]
    assert len(wh.con.table(events).columns) == 54


def test_known_icews_event(wh, events) -> None:
    """32889836: Bangladesh's foreign ministry consults Vietnam's military -> a defence consultation."""
    got = q(
        wh,
        f"""SELECT event_date, actor1_iso3, actor1_ccode, actor2_iso3, actor2_ccode, actor1_military,
                   actor2_military, cameo_code, cameo_vocabulary, quad_class, goldstein, goldstein_table,
                   plover_event, mil_class, location_ccode, document_id
            FROM {events} WHERE format = 'icews' AND event_id = '32889836'""",
    )
    assert got == [
        (dt.date(2018, 6, 1), "BGD", 771, "VNM", 816, False, True, "040", "CAMEO 1.1b3", 1, 1.0,
         "cameo-codebook", "CONSULT", "defence_consultation", 816, "47400351"),
    ]  # fmt: skip


def test_fips_geography_is_not_iso(wh, events) -> None:
    """GDELT geography is FIPS: GM is Germany (ISO: Gambia), RS Russia (ISO: Serbia), IZ Iraq."""
    got = dict(
        q(
            wh,
            f"""SELECT DISTINCT location_country, location_iso3 FROM {events}
                WHERE location_scheme = 'fips' AND location_country IN ('GM', 'RS', 'IZ', 'UP', 'GA')""",
        )
    )
    assert got == {"GM": "DEU", "RS": "RUS", "IZ": "IRQ", "UP": "UKR", "GA": "GMB"}
    # actor country codes are CAMEO/ISO-3: RUS is Russia, and GDELT's GEO fields never hold ISO3
    assert q(wh, f"SELECT DISTINCT actor1_ccode FROM {events} WHERE actor1_country = 'RUS'") == [(365,)]


def test_fips_table_agrees_with_gdelt_place_names(wh, events) -> None:
    """Every country-level GDELT place whose name detente.codes knows maps to the same COW code."""
    pairs = q(
        wh,
        f"""SELECT DISTINCT location_name, location_ccode, year FROM {events}
            WHERE location_scheme = 'fips' AND location_name NOT LIKE '%,%'""",
    )
    named = codes.to_cow([p[0] for p in pairs], "name", [p[2] for p in pairs])
    checked = [(p[0], p[1], c) for p, c in zip(pairs, named, strict=True) if c is not None]
    assert len(checked) >= 40
    assert [x for x in checked if x[1] != x[2]] == []


def test_gdelt_regions_and_gw_codes(wh, events) -> None:
    """CAMEO regions (WST, EUR) are no state; Germany is COW 255 and G&W 260 after 1990."""
    assert q(wh, f"SELECT count(actor1_ccode) FROM {events} WHERE actor1_country IN ('WST', 'EUR')") == [
        (0,)
    ]
    got = q(
        wh, f"SELECT DISTINCT actor1_ccode, actor1_gwcode FROM {events} WHERE actor1_country = 'DEU'"
    )
    assert got == [(255, 260)]


def test_goldstein_and_quad_class_match_their_tables(wh, events) -> None:
    """GDELT's Goldstein equals GDELT's lookup, ICEWS's the CAMEO 1.1b3 codebook, on every row."""
    for fmt, src in (
        ("gdelt2", "cameo-goldstein"),
        ("gdelt1", "cameo-goldstein"),
        ("icews", "cameo-codebook"),
    ):
        table = wh.view_name(src, "codes")
        got = q(
            wh,
            f"""SELECT count(*), count(*) FILTER (WHERE e.goldstein = c.goldstein),
                       count(*) FILTER (WHERE e.goldstein_table = '{src}')
                FROM {events} e JOIN {table} c ON c.code = e.cameo_code WHERE format = '{fmt}'""",
        )
        n = got[0][0]
        assert n > 2000 and got == [(n, n, n)], fmt
    bad = f"""SELECT count(*) FROM {events}
              WHERE format LIKE 'gdelt%' AND quad_class IS DISTINCT FROM CASE
                WHEN cameo_root <= '05' THEN 1 WHEN cameo_root <= '09' THEN 2
                WHEN cameo_root <= '14' THEN 3 ELSE 4 END"""
    assert q(wh, bad) == [(0,)]


def test_military_flags(wh, events) -> None:
    """Every ICEWS row with a Military sector is military; police alone is not."""
    mil = "(actor1_types LIKE '%Military%' OR actor2_types LIKE '%Military%')"
    got = q(
        wh,
        f"""SELECT count(*) FILTER (WHERE {mil} AND NOT military_event), count(*) FILTER (WHERE {mil}),
                   count(*) FILTER (WHERE actor1_types = 'Police' AND actor2_types = 'Police'
                                          AND military_event)
            FROM {events} WHERE format = 'icews'""",
    )
    assert got == [(0, 246, 0)]
    gdelt = q(wh, f"SELECT count(*) FROM {events} WHERE format = 'gdelt2' AND actor1_types LIKE '%MIL%'")
    assert gdelt[0][0] > 0
    assert q(
        wh,
        f"SELECT count(*) FILTER (WHERE actor1_military IS NOT TRUE) FROM {events} "  # NULL too
        "WHERE format = 'gdelt2' AND actor1_types LIKE '%MIL%'",
    ) == [(0,)]


def test_plover_from_crosswalk_and_records(wh, events) -> None:
    """CAMEO 190 -> ASSAULT, 191 -> COERCE; PLOVER records keep their own 0.5b1 coding."""
    got = dict(
        q(
            wh,
            f"SELECT DISTINCT cameo_code, plover_event FROM {events} "
            "WHERE cameo_code IN ('190', '191', '042')",
        )
    )
    assert got == {"190": "ASSAULT", "191": "COERCE", "042": "CONSULT"}
    assert q(
        wh, f"SELECT count(*) FROM {events} WHERE format = 'plover' AND plover_event = 'FIGHT'"
    ) == [(17,)]
    assert q(
        wh, f"SELECT count(*) FROM {events} WHERE cameo_code LIKE '01%' AND plover_event IS NOT NULL"
    ) == [(0,)]
