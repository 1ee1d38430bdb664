"""Country-code crosswalk: every identifier the sources use maps, one-to-one within a year."""

from __future__ import annotations

import pytest

from detente import codes
from detente.errors import InputError

from helpers import q

YEARS = "list_transform(regexp_extract_all(delivery_years, '\\d{4}'), lambda x: x::INTEGER)"
MEASURES = (
    "coalesce(constant_usd_m, current_usd_m, share_of_gdp, share_of_govt_spending, per_capita_usd)"
)

#: SIPRI arms parties the source itself marks as non-state (*), organisations (**) or unknown:
#: deliberately not in the table, so they stay unmatched.
SIPRI_NOT_STATES = {
    "ANC (South Africa)", "African Union", "Amal (Lebanon)", "Anti-Castro rebels (Cuba)",
    "Armas (Guatemala)", "Contras (Nicaragua)", "Darfur rebels (Sudan)", "ELF (Ethiopia)",
    "EPLF (Ethiopia)", "FAN (Chad)", "FMLN (El Salvador)", "FNLA (Angola)",
    "FRELIMO (Portugal)", "GUNT (Chad)", "Haiti rebels", "Hamas (Palestine)", "Hezbollah (Lebanon)",
    "Houthi rebels (Yemen)", "Indonesia rebels", "Khmer Rouge (Cambodia)",
    "Kurdistan Regional Government (Iraq)", "LF (Lebanon)", "LRA (Uganda)", "LTTE (Sri Lanka)",
    "Lebanon Palestinian rebels", "Libya HoR", "MNLF (Philippines)", "MPLA (Portugal)",
    "MTA (Myanmar)", "Mujahedin (Afghanistan)", "NATO", "NLA (Macedonia)", "NTC (Libya)",
    "Northern Alliance (Afghanistan)", "OSCE", "PAIGC (Portugal)", "PIJ (Israel/Palestine)",
    "PKK (Turkiye)", "PLO (Israel)", "PRC (Israel/Palestine)", "Pathet Lao (Laos)",
    "Provisional IRA (UK)", "RPF (Rwanda)", "RUF (Sierra Leone)", "Regional Security System",
    "SLA (Lebanon)", "SNA (Somalia)", "SPLA (Sudan)", "Southern rebels (Yemen)", "Syria rebels",
    "UIC (Somalia)", "UNITA (Angola)", "Ukraine Rebels", "United Nations",
    "United Wa State (Myanmar)", "Viet Cong (South Vietnam)", "Viet Minh (France)",
    "ZAPU (Zimbabwe)", "unknown rebel group", "unknown recipient(s)", "unknown supplier(s)",
}  # fmt: skip
# SIPRI's "European Union" (igo in the arms register) is not listed: the milex sheet has it too,
# so the table declares it a non-state (blank ccode) rather than leaving it unknown.

#: Polity lists a state twice in the year its polity changes: both rows are the same COW state.
POLITY_DOUBLE_YEARS = {
    "name": {
        (325, 1861, ("Italy", "Sardinia")),
        (365, 1922, ("Russia", "USSR")),
        (816, 1976, ("Vietnam", "Vietnam North")),
        (345, 2006, ("Serbia", "Serbia and Montenegro")),
        (625, 2011, ("Sudan", "Sudan-North")),
    },
    "polity": {
        (325, 1861, ("ITA", "SAR")),
        (365, 1922, ("RUS", "USR")),
        (816, 1976, ("DRV", "VIE")),
        (345, 1991, ("YGS", "YUG")),
        (530, 1993, ("ETH", "ETI")),
        (345, 2006, ("SER", "YGS")),
        (625, 2011, ("SDN", "SUD")),
    },
}


def uses(wh) -> dict[tuple[str, str], str]:
    """SQL per (source, scheme): the distinct (v, y) identifier-years the source really uses."""
    milex = wh.view_name("sipri-milex", "milex")
    reg = wh.view_name("sipri-arms-transfers", "trade_register")
    votes = wh.view_name("unga-votes", "votes")
    calls = wh.view_name("unga-votes", "roll_calls")
    polity = wh.view_name("polity5-subset", "polity")
    vdem = wh.view_name("vdem-v14-lite", "country_years")
    delivered = " UNION ".join(
        f"SELECT DISTINCT {p} v, unnest({YEARS}) y FROM {reg} WHERE {p}_kind = 'state'"
        for p in ("supplier", "recipient")
    )
    vote_years = f"{votes} JOIN {calls} USING (rcid)"
    return {
        (
            "sipri-milex",
            "name",
        ): f"SELECT DISTINCT country v, year y FROM {milex} WHERE {MEASURES} IS NOT NULL",
        ("sipri-arms-transfers", "name"): delivered,
        ("unga-votes", "name"): f"SELECT DISTINCT country v, year(date) y FROM {vote_years}",
        ("unga-votes", "iso2"): f"SELECT DISTINCT country_code v, year(date) y FROM {vote_years} "
        "WHERE country_code IS NOT NULL",
        ("polity5-subset", "name"): f"SELECT DISTINCT country v, year y FROM {polity}",
        ("polity5-subset", "polity"): f"SELECT DISTINCT scode v, year y FROM {polity}",
        ("vdem-v14-lite", "iso3"): f"SELECT DISTINCT country_text_id v, year y FROM {vdem}",
    }


def test_known_cases_per_scheme() -> None:
    names = ["Viet Nam", "USSR", "Soviet Union", "Yemen, North", "Serbia and Montenegro", "Türkiye"]
    assert codes.to_cow(names, "name", 1985) == [816, 365, 365, 678, None, 640]  # S&M: 1992-2006
    germany = ["Germany (FRG)", "Germany", "Germany", "Germany"]
    assert codes.to_cow(germany, "name", [1980, 1938, 1980, 1990]) == [260, 255, 260, 255]
    czech = ["Czechoslovakia", "Czechoslovakia", "Czechia"]
    assert codes.to_cow(czech, "name", [1992, 1993, 1993]) == [315, None, 316]
    assert codes.to_cow(["Serbia and Montenegro", "Yugoslavia"], "name", 2004) == [345, 345]
    assert codes.to_cow(["Côte d’Ivoire", "COTE D'IVOIRE", "  congo,   dr "], "name") == [437, 437, 490]
    iso3 = ["DEU", "DEU", "YEM", "YEM", "CSK", "VNM", "HKG"]
    years = [1980, 1990, 1985, 1995, 1980, 1980, 2000]
    assert codes.to_cow(iso3, "iso3", years) == [260, 255, 678, 679, 315, 816, None]
    assert codes.to_cow(["NA", "DD", "YD", "CS", "RU"], "iso2", 1985) == [565, 265, 680, 315, 365]
    scodes = ["GMY", "GFR", "AUS", "AUS", "ROK", "IVO", "GCL"]
    years = [1900, 1980, 1900, 1950, 1990, 2000, 1825]
    assert codes.to_cow(scodes, "polity", years) == [255, 260, 300, 305, 732, 437, None]
    assert codes.to_cow(["UKG", "AUL", "DRV", "RVN"], "stateabb") == [200, 900, 816, 817]
    assert codes.to_cow(["Germany", "DEU", None], "name") == [255, None, None]  # DEU is not a name


def test_unknown_identifiers_strict_and_lenient() -> None:
    assert codes.to_cow(["Narnia", "France"], "name") == [None, 220]
    with pytest.raises(InputError, match="Narnia"):
        codes.to_cow(["Narnia", "France", "Ruritania"], "name", strict=True)
    assert codes.to_cow(["European Union", "France"], "name", 2023, strict=True) == [None, 220]
    with pytest.raises(InputError, match="scheme 'iso4'"):
        codes.to_cow(["FRA"], "iso4")
    with pytest.raises(InputError, match="2 values but 1 years"):
        codes.to_cow(["FRA", "DEU"], "iso3", [1990])


def test_every_identifier_of_the_sources_is_known(wh) -> None:
    milex = wh.view_name("sipri-milex", "milex")
    reg = wh.view_name("sipri-arms-transfers", "trade_register")
    votes = wh.view_name("unga-votes", "votes")
    polity = wh.view_name("polity5-subset", "polity")
    vdem = wh.view_name("vdem-v14-lite", "country_years")
    col = lambda sql: [r[0] for r in q(wh, sql)]  # noqa: E731
    assert codes.unmatched(col(f"SELECT DISTINCT country FROM {milex}"), "name") == []
    parties = col(f"SELECT supplier FROM {reg} UNION SELECT recipient FROM {reg}")
    assert set(codes.unmatched(parties, "name")) == SIPRI_NOT_STATES
    marked = col(
        f"SELECT supplier FROM {reg} WHERE supplier_kind <> 'state' "
        f"UNION SELECT recipient FROM {reg} WHERE recipient_kind <> 'state'"
    )
    assert set(marked) == SIPRI_NOT_STATES | {"European Union"}  # exactly those SIPRI marks
    assert codes.unmatched(col(f"SELECT DISTINCT country FROM {votes}"), "name") == []
    assert codes.unmatched(col(f"SELECT DISTINCT country_code FROM {votes}"), "iso2") == []
    assert codes.unmatched(col(f"SELECT DISTINCT country FROM {polity}"), "name") == []
    assert codes.unmatched(col(f"SELECT DISTINCT scode FROM {polity}"), "polity") == []
    assert codes.unmatched(col(f"SELECT DISTINCT country_text_id FROM {vdem}"), "iso3") == []


def test_every_identifier_year_maps_or_is_a_declared_non_state(wh) -> None:
    table = codes.install(wh.con)
    for (source, scheme), sql in uses(wh).items():
        key = codes.key_sql("u.v", scheme)
        uncovered = q(
            wh,
            f"""SELECT u.v, u.y FROM ({sql}) u WHERE NOT EXISTS (
                    SELECT 1 FROM {table} x
                    WHERE x.scheme = '{scheme}' AND x.key = {key} AND u.y BETWEEN x.lo AND x.hi)""",
        )
        assert uncovered == [], f"{source} {scheme}: identifier-years without a row: {uncovered[:10]}"


def test_one_to_one_within_a_year(wh) -> None:
    table = codes.install(wh.con)
    overlaps = q(
        wh,
        f"""SELECT a.scheme, a.value, b.value FROM {table} a JOIN {table} b
            ON a.scheme = b.scheme AND a.key = b.key AND a.rowid < b.rowid
           AND a.lo <= b.hi AND b.lo <= a.hi""",
    )
    assert overlaps == [], "an identifier has two rows for one year"
    for (source, scheme), sql in uses(wh).items():
        code = codes.to_cow_sql(wh.con, "u.v", scheme, "u.y")
        shared = q(
            wh,
            f"""SELECT c, y, list(DISTINCT v ORDER BY v) FROM (SELECT u.v, u.y, {code} c FROM ({sql}) u)
                WHERE c IS NOT NULL GROUP BY c, y
                HAVING count(DISTINCT {codes.key_sql("v", scheme)}) > 1""",
        )
        got = {(c, y, tuple(v)) for c, y, v in shared}
        expected = POLITY_DOUBLE_YEARS[scheme] if source == "polity5-subset" else set()
        assert got == expected, f"{source} {scheme}: two identifiers share a code in a year"


def test_pairs_printed_in_the_sources_agree(wh) -> None:
    ideal = wh.view_name("unga-idealpoints", "idealpoints")
    troops = wh.view_name("us-troops", "country_years")
    states = wh.view_name("cow-states-2016", "states")
    spells = f'{states}, range(year(start), year("end") + 1) r(y)'
    checks = {
        "idealpoints iso3": (
            f"SELECT DISTINCT iso3c v, year y, ccode FROM {ideal} WHERE iso3c IS NOT NULL",
            "iso3",
        ),
        "idealpoints name": (
            f"SELECT DISTINCT countryname v, year y, ccode FROM {ideal} "
            "WHERE NOT regexp_matches(countryname, '[ÃÂâ]')",  # double-encoded UTF-8 names skipped
            "name",
        ),
        "us-troops iso3": (
            f"SELECT DISTINCT iso3c v, year y, ccode FROM {troops} "
            "WHERE iso3c IS NOT NULL AND ccode IS NOT NULL",
            "iso3",
        ),
        "cow stateabb": (f"SELECT DISTINCT stateabb v, y, ccode FROM {spells}", "stateabb"),
        "cow name": (f"SELECT DISTINCT statenme v, y, ccode FROM {spells}", "name"),
    }
    differ = {}
    for label, (sql, scheme) in checks.items():
        code = codes.to_cow_sql(wh.con, "u.v", scheme, "u.y")
        rows = q(
            wh,
            f"""SELECT v, ccode, c, min(y), max(y) FROM (SELECT u.*, {code} c FROM ({sql}) u)
                WHERE c IS DISTINCT FROM ccode GROUP BY ALL ORDER BY v""",
        )
        differ[label] = rows
    assert differ == {
        # 1990: the FRG's last months; the table gives the year of unification to unified Germany
        "idealpoints iso3": [("DEU", 260, 255, 1990, 1990)],
        "idealpoints name": [],
        "us-troops iso3": [
            ("DEU", 260, 255, 1990, 1990),
            ("VAT", 327, None, 1951, 2020),  # the Holy See is not a COW state
            ("YEM", 679, 678, 1964, 1978),  # troopdata codes North Yemen with unified Yemen's 679
        ],
        "cow stateabb": [],
        "cow name": [],
    }


def test_rows_say_where_they_come_from(wh) -> None:
    t = codes.table().to_pylist()
    assert {r["scheme"] for r in t} == set(codes.SCHEMES)
    assert {r["origin"] for r in t} == {
        "hand",
        "unga-idealpoints",
        "cow-states-2016",
        "polity5-subset",
        "unga-votes",
    }  # fmt: skip (us-troops' ccode/iso3c pairs add nothing beyond the ideal points', see above)
    assert [r for r in t if r["origin"] == "hand" and not r["note"]] == []
    not_states = {(r["scheme"], r["value"]) for r in t if r["ccode"] is None}
    assert {
        ("name", "European Union"),
        ("name", "Palestine"),
        ("iso3", "HKG"),
        ("polity", "GCL"),
    } <= not_states
    assert all(r["origin"] == "hand" for r in t if r["ccode"] is None)
    ideal = wh.view_name("unga-idealpoints", "idealpoints")
    pairs = set(q(wh, f"SELECT DISTINCT iso3c, ccode FROM {ideal}"))
    ideal_iso3 = [r for r in t if r["origin"] == "unga-idealpoints" and r["scheme"] == "iso3"]
    from_ideal = {(r["value"], r["ccode"]) for r in ideal_iso3}
    assert from_ideal and from_ideal <= pairs
