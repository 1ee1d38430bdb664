"""The six event-data sources: row and column counts, code strings, vocabularies, crosswalk quirks."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.sources._events import GDELT1_COLUMNS, GDELT2_COLUMNS


def rows(wh, source: str, table: str, sql: str) -> list[tuple]:
    """All rows of ``sql`` where ``{t}`` stands for the view of ``table``."""
    return wh.con.execute(sql.format(t=wh.view_name(source, table))).fetchall()


def one(wh, source: str, table: str, sql: str) -> tuple:
    """The single row of ``sql``."""
    got = rows(wh, source, table, sql)
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize(
    ("source", "table", "n_rows", "n_cols"),
    [
        ("gdelt-sample", "events", 2223, 58),
        ("gdelt-sample", "schema_v1", 58, 4),
        ("gdelt-sample", "schema_v2", 61, 4),
        ("gdelt-2.0-sample", "events", 2271, 61),
        ("icews-sample", "events", 3705, 20),
        ("cameo-codebook", "codes", 312, 12),
        ("cameo-goldstein", "codes", 311, 4),
        ("plover", "crosswalk", 273, 6),
        ("plover", "records", 322, 28),  # 323 records less the DOCUMENT record
    ],
)
def test_counts(wh, source, table, n_rows, n_cols) -> None:
    assert one(wh, source, table, "SELECT count(*) FROM {t}") == (n_rows,)
    assert len(wh.table(source, table).columns) == n_cols


def test_column_lists_match_the_published_schemas(wh) -> None:
    """Our GDELT column lists are gdeltPyR's 1.0 table and GDELT's own 2.0 header file."""
    v1 = [r[0] for r in rows(wh, "gdelt-sample", "schema_v1", "SELECT name FROM {t} ORDER BY position")]
    v2 = [r[0] for r in rows(wh, "gdelt-sample", "schema_v2", "SELECT name FROM {t} ORDER BY position")]
    assert v1 == GDELT1_COLUMNS and v2 == GDELT2_COLUMNS
    assert wh.table("gdelt-sample", "events").columns == GDELT1_COLUMNS


def test_gdelt2_known_event_and_leading_zeros(wh) -> None:
    """The export's first event: a host visit (043) in Waterkloof, FIPS SF, added 2015-02-18 23:00."""
    got = one(
        wh, "gdelt-2.0-sample", "events",
        """SELECT SQLDATE, EventCode, EventBaseCode, EventRootCode, QuadClass, GoldsteinScale,
                  ActionGeo_CountryCode, ActionGeo_FeatureID, DATEADDED, IsRootEvent
           FROM {t} WHERE GLOBALEVENTID = 410412347""",
    )  # fmt: skip
    assert got == (
        dt.date(2014, 2, 18), "043", "043", "04", 1, 2.8, "SF", "-1299321",
        dt.datetime(2015, 2, 18, 23, 0), False,
    )  # fmt: skip
    counts = one(
        wh, "gdelt-2.0-sample", "events",
        """SELECT count(*) FILTER (WHERE EventRootCode LIKE '0%'),
                  count(*) FILTER (WHERE year(SQLDATE) = 2014),
                  count(DISTINCT SOURCEURL), count(*) FILTER (WHERE IsRootEvent)
           FROM {t}""",
    )  # fmt: skip
    assert counts[1:] == (52, 515, 1414)
    assert counts[0] > 0


def test_gdelt1_r_rewrite(wh) -> None:
    """sept2012: NA is null, no SOURCEURL before April 2013, no fake 0 coordinates, Georgia is GG."""
    got = one(
        wh, "gdelt-sample", "events",
        """SELECT count(*) FILTER (WHERE SOURCEURL IS NOT NULL),
                  count(*) FILTER (WHERE Actor1Geo_Type IS NULL AND Actor1Geo_Lat IS NOT NULL),
                  count(*) FILTER (WHERE ActionGeo_FullName = 'Georgia'
                                   AND ActionGeo_CountryCode <> 'GG'),
                  min(SQLDATE), max(SQLDATE)
           FROM {t}""",
    )  # fmt: skip
    assert got == (0, 0, 0, dt.date(2012, 9, 1), dt.date(2012, 9, 30))
    assert one(
        wh, "gdelt-sample", "events", "SELECT EventCode FROM {t} WHERE GLOBALEVENTID = 214784411"
    ) == ("060",)


def test_icews_known_event(wh) -> None:
    """Event 32889836: Bangladesh's foreign ministry consults (040) Vietnamese military officers."""
    got = one(
        wh, "icews-sample", "events",
        "SELECT event_date, cameo_code, intensity, target_sectors, district FROM {t} "
        "WHERE event_id = 32889836",
    )  # fmt: skip
    assert got == (dt.date(2018, 6, 1), "040", 1.0, "Military,Government", None)
    n_mil = (
        "count(*) FILTER (WHERE source_sectors LIKE '%Military%' OR target_sectors LIKE '%Military%')"
    )
    assert one(wh, "icews-sample", "events", f"SELECT {n_mil} FROM {{t}}") == (246,)


def test_cameo_vocabularies_disagree_on_101_108(wh) -> None:
    """105 and 108: CAMEO 1.1b3 (ICEWS) and GDELT's lookup give the same code different meanings."""
    manual = dict(
        rows(wh, "cameo-codebook", "codes", "SELECT code, name FROM {t} WHERE code IN ('105', '108')")
    )
    gdelt = dict(
        rows(
            wh,
            "cameo-goldstein",
            "codes",
            "SELECT code, description FROM {t} WHERE code IN ('105', '108')",
        )
    )
    assert manual == {"105": "Demand that target yields", "108": "Demand mediation"}
    assert gdelt == {"105": "Demand mediation", "108": "Demand meeting, negotiation"}
    assert one(wh, "cameo-codebook", "codes", "SELECT count(*) FROM {t} WHERE name LIKE '%Ä%'") == (0,)
    first = 'SELECT code, name, root_code FROM {t} ORDER BY "order" LIMIT 2'
    assert rows(wh, "cameo-codebook", "codes", first) == [
        ("01", "MAKE PUBLIC STATEMENT", "01"), ("010", "Make statement", "01")
    ]  # fmt: skip


def test_plover_crosswalk_quirks(wh) -> None:
    """No 01/02 or 08 root mapping; 191 is COERCE; 175 once; multi-contexts kept as written."""
    xw = dict(rows(wh, "plover", "crosswalk", "SELECT cameo_code, plover_event FROM {t}"))
    assert "01" not in xw and "02" not in xw and "08" not in xw and "010" not in xw
    assert (xw["191"], xw["192"], xw["190"], xw["0871"]) == ("COERCE", "COERCE", "ASSAULT", "RETREAT")
    assert one(
        wh, "plover", "crosswalk", "SELECT plover_context FROM {t} WHERE cameo_code = '1121'"
    ) == ("crime; corruption",)
