"""typology_plover.csv against the CAMEO typology through CAMEO2PLOVER-2021, and on the gold standard."""

from __future__ import annotations

import duckdb
import pytest

from detente.events.canonical import (
    PLOVER_TYPOLOGY_FILE,
    TYPOLOGY_FILE,
    install_lookups,
    plover_typology_sql,
)
from detente.events.indicators import TYPOLOGY_VERSION


def _read(path) -> list[tuple]:
    sql = f"SELECT * FROM read_csv('{path}', header = true, comment = '#', all_varchar = true)"
    return duckdb.sql(sql).fetchall()


ROWS = _read(PLOVER_TYPOLOGY_FILE)
CAMEO = {r[0]: r for r in _read(TYPOLOGY_FILE)}  # code -> (code, class, rule, ladder, direction, name)
#: typology.csv codes whose PLOVER translation cannot carry their class, and why (see the header)
AMBIGUOUS = {
    "0312": "AGREE + military: also intent to give military aid (0332) and to de-escalate (0356)",
    "0332": "AGREE + military", "0356": "AGREE + military",
    "036": "AGREE + diplomatic: also intent to settle disputes (037)",
    "038": "AGREE + diplomatic", "039": "AGREE + diplomatic",
    "045": "CONSULT + diplomatic: mediation and negotiation (046) alike",
    "057": "SUPPORT + diplomatic: any endorsement, not only a signed agreement",
    "139": "THREATEN relations diplomatic: an ultimatum reads as a threat to break relations",
}  # fmt: skip
#: CAMEO codes outside typology.csv that the PLOVER table classifies, and why that is acceptable
EXTRA = {
    "04": "the CONSULT section: as 040", "13": "the THREATEN section: as 130",
    "15": "the MOBILIZE section: as 150",
    "131": "threaten non-force: THREATEN with no mode, as 130; counted only with a military actor",
}  # fmt: skip


@pytest.fixture(scope="module")
def classified(wh) -> dict[str, tuple]:
    """CAMEO code -> (class, rule, ladder) the PLOVER table gives its CAMEO2PLOVER translation."""
    install_lookups(wh.con, wh)
    xw = wh.view_name("plover", "crosswalk")
    sql = f"""
        SELECT x.cameo_code, p.class, p.rule, p.ladder
        FROM {xw} x JOIN ({plover_typology_sql(f"SELECT * FROM {xw}")}) p
          ON p.plover_event = x.plover_event AND p.plover_mode IS NOT DISTINCT FROM x.plover_mode
         AND p.plover_context IS NOT DISTINCT FROM x.plover_context
        WHERE p.class IS NOT NULL"""
    return {c: tuple(rest) for c, *rest in wh.con.sql(sql).fetchall()}


def test_versions_agree() -> None:
    """Both tables carry the version the indicators record in their metadata."""
    for path in (TYPOLOGY_FILE, PLOVER_TYPOLOGY_FILE):
        assert f"version {TYPOLOGY_VERSION} (" in path.read_text().splitlines()[0]


def test_shape() -> None:
    """Rows are unique keys over typology.csv's classes, rules, ladder and directions."""
    keys = [r[:3] for r in ROWS]
    assert len(keys) == len(set(keys)) == 24
    counted = [r for r in ROWS if r[3] is not None]
    assert {r[3] for r in counted} == {c[1] for c in CAMEO.values()} - {"mediation", "defence_agreement"}
    for r in counted:  # ladder and direction are the class's own in typology.csv
        assert (r[5], r[6]) in {(c[3], c[4]) for c in CAMEO.values() if c[1] == r[3]}, r
        assert r[4] in ("any", "military_actor"), r


@pytest.mark.parametrize("row", [r for r in ROWS if r[7]], ids=lambda r: f"{r[0]}-{r[1]}-{r[2]}")
def test_cameo_via_lands_on_the_row(row, classified) -> None:
    """Each CAMEO code the row names has that class in typology.csv and in the PLOVER table."""
    for code in row[7].split():
        assert CAMEO[code][1] == row[3], code
        assert classified[code] == (row[3], row[4], row[5]), code


def test_every_cameo_class_agrees_or_is_a_named_ambiguity(classified) -> None:
    """Translating typology.csv through CAMEO2PLOVER and back gives the same class and ladder."""
    disagree = {
        code for code, (_, cls, rule, ladder, _, _) in CAMEO.items()
        if classified.get(code) != (cls, rule, ladder)
    }  # fmt: skip
    assert disagree == set(AMBIGUOUS)
    assert set(classified) - set(CAMEO) == set(EXTRA)


def test_gold_standard_records(events, wh) -> None:
    """PLOVER records get classes: 42 of the 322 gold-standard records, none of the protest ones."""
    rows = wh.con.sql(
        f"""SELECT plover_event, mil_class, count(*) FROM {events} WHERE format = 'plover'
            GROUP BY ALL"""
    ).fetchall()
    by = {(e, c): n for e, c, n in rows}
    assert sum(n for (_, c), n in by.items() if c) == 40
    assert by[("FIGHT", "use_of_force")] == 17
    assert not any(c for (e, c) in by if e in ("PROTEST", "DEMAND", "DISAPPROVE"))
    # CONSULT counts only with a military actor; the gold standard's consultations have none
    assert ("CONSULT", "defence_consultation") not in by
