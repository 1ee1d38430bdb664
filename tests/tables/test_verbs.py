"""Declared verbs: each answers with its declared columns, and Python, CLI and HTTP agree."""

from __future__ import annotations

import os
import subprocess
import sys

import pyarrow.csv as pacsv
import pytest

import detente
from detente.errors import InputError
from detente.tables import all_verbs, get_verb

#: Small, fast arguments for each verb (request texts, as a face receives them).
EXAMPLES = {
    "alliance-path": {"a": "20", "b": "740", "year": "1980"},
    "alliance-ties": {"year": "1914", "obligation": "any"},
    "alliances-in-force": {"year": "1989"},
    "burden-sharing": {"atopid": "3180", "years": "1990-2018"},
    "codes": {"query": "South Korea"},
    "confrontation-escalation": {"years": "2014", "by": "dyad", "ccode": "365"},
    "crises": {"actor": ["750", "770"]},
    "deterrence": {"years": "1990-2000", "ccode": "2"},
    "dispute-escalation": {"years": "1992-1995"},
    "exercise-matches": {"years": "1986"},
    "exercise-participants": {"source": "jme", "ccode": "800", "years": "1985-1990"},
    "peacekeeping-missions": {"host": "432"},
}


def test_every_verb_has_an_example() -> None:
    assert set(EXAMPLES) == {v.name for v in all_verbs()}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_columns_are_the_declared_ones(name, wh) -> None:
    verb = get_verb(name)
    table = verb.run(EXAMPLES[name], wh)
    assert table.num_rows > 0
    assert set(table.column_names) <= set(verb.columns), set(table.column_names) - set(verb.columns)
    assert len(verb.columns) - table.num_columns < 15  # the crisis level leaves out actor columns


def test_crises_every_india_pakistan_crisis_and_the_cuban_missile_crisis(wh) -> None:
    both = detente.crisis_outcomes(actor=[750, 770], warehouse=wh)
    assert both.num_rows == 15
    assert both["crisno"].to_pylist()[-1] == 494  # Pulwama, 2019: after COW 2016's last year
    cuba = detente.crisis_outcomes("actor", crisno=[196], warehouse=wh)
    assert sorted(cuba["ccode"].to_pylist()) == [2, 40, 365]
    with pytest.raises(InputError, match="no ICB crisis actor"):
        detente.crisis_outcomes(actor=[9999], warehouse=wh)


def test_codes_by_name_and_number(wh) -> None:
    by_name = detente.country_codes("south korea")
    assert set(by_name["ccode"].to_pylist()) == {732}
    assert by_name.filter(by_name["matched"])["value"].to_pylist() == ["South Korea"]
    by_code = detente.country_codes("732")
    assert set(by_code["value"].to_pylist()) >= {"KOR", "KR", "ROK", "South Korea"}
    assert detente.country_codes("Germany", year=1980)["ccode"].unique().to_pylist() == [260]
    with pytest.raises(InputError, match="no COW state is known as 'Narnia'"):
        detente.country_codes("Narnia")


def test_parse_refuses_unknown_and_malformed_parameters() -> None:
    crises = get_verb("crises")
    assert crises.parse({"actor": ["750,770"], "years": "1947-1999"}) == {
        "actor": [750, 770], "years": (1947, 1999),
    }  # fmt: skip
    with pytest.raises(InputError, match=r"has no parameter\(s\) \['ccode'\]"):
        crises.parse({"ccode": "750"})
    with pytest.raises(InputError, match="not a whole number"):
        crises.parse({"actor": "India"})
    with pytest.raises(InputError, match="choose from crisis, actor"):
        crises.parse({"level": "dyad"})
    with pytest.raises(InputError, match=r"needs parameter\(s\) \['query'\]"):
        get_verb("codes").parse({})


def test_python_cli_and_http_give_the_same_table(wh, mirror, cache, tmp_path) -> None:
    from fastapi.testclient import TestClient

    from detente.web import create_app

    python = detente.crisis_outcomes(actor=[750, 770], outcome="agreement", warehouse=wh)
    out = tmp_path / "crises.csv"
    env = {**os.environ, "DETENTE_CACHE": str(cache), "DETENTE_MIRROR": str(mirror), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "detente", "crises", "--actor", "750", "--actor", "770",
         "--outcome", "agreement", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    cli = pacsv.read_csv(out)
    with TestClient(create_app(wh)) as client:
        http = client.get("/api/crises?actor=750&actor=770&outcome=agreement").json()
        bad = client.get("/api/crises?crisno=abc")
    assert python["crisno"].to_pylist() == cli["crisno"].to_pylist()
    assert python["crisno"].to_pylist() == [r["crisno"] for r in http["rows"]]
    assert 0 < python.num_rows < 15
    assert bad.status_code == 400 and "crisno='abc' is not a whole number" in bad.json()["detail"]
