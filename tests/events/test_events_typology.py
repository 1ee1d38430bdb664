"""typology.csv, code by code, against the CAMEO 1.1b3 codebook (names, roots, wording)."""

from __future__ import annotations

import re

import duckdb
import pytest

from detente.events.canonical import TYPOLOGY_FILE

ROWS = duckdb.sql(
    f"SELECT * FROM read_csv('{TYPOLOGY_FILE}', header = true, comment = '#', all_varchar = true)"
).fetchall()
CLASSES = {
    "military_cooperation", "defence_consultation", "defence_agreement", "military_aid",
    "humanitarian_aid", "peacekeeping", "mediation", "show_of_force", "military_threat",
    "use_of_force", "de_escalation",
}  # fmt: skip
#: What the codebook's name of every code in a class must say (or its root, for force).
WORDING = {
    "military_cooperation": r"cooperate militarily",
    "defence_consultation": r"^(Consult|Discuss by telephone|Make a visit|Host a visit|Meet at|"
    r"Engage in negotiation|Express intent to meet)",
    "defence_agreement": r"^Sign formal agreement$",
    "military_aid": r"military aid",
    "humanitarian_aid": r"humanitarian aid",
    "peacekeeping": r"peacekeep",
    "mediation": r"[Mm]ediat",
    "show_of_force": r"military|armed forces",
    "military_threat": r"^(Threaten|Give ultimatum)",
    "de_escalation": r"de-escalate|truce|ceasefire|blockade|Demobilize|Retreat",
}


@pytest.fixture(scope="module")
def codebook(wh) -> dict[str, tuple[str, str]]:
    """CAMEO 1.1b3 code -> (name, root code)."""
    view = wh.view_name("cameo-codebook", "codes")
    return {c: (n, r) for c, n, r in wh.con.sql(f"SELECT code, name, root_code FROM {view}").fetchall()}


def test_shape() -> None:
    """51 codes, each once, in the 11 classes; rules and ladder values are the documented ones."""
    assert len(ROWS) == 51
    assert len({r[0] for r in ROWS}) == 51
    assert {r[1] for r in ROWS} == CLASSES
    assert {r[2] for r in ROWS} == {"any", "military_actor"}
    ladder = {r[1]: r[3] for r in ROWS}
    assert (ladder["military_threat"], ladder["show_of_force"], ladder["use_of_force"]) == (
        "1",
        "2",
        "3",
    )
    assert {r[4] for r in ROWS if r[3] == "0"} == {"cooperation"}


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r[0]}-{r[1]}")
def test_code_against_codebook(row, codebook) -> None:
    """The code exists with this name, keeps its leading zero, and its wording fits its class."""
    code, cls, rule, _, _, name = row
    assert code in codebook, f"{code} is not a CAMEO 1.1b3 code"
    assert codebook[code][0] == name
    assert not ("101" <= code[:3] <= "108"), "101-108 mean different things in GDELT and CAMEO 1.1b3"
    if cls == "use_of_force":
        assert codebook[code][1] in ("19", "20")
    else:
        assert re.search(WORDING[cls], name, re.IGNORECASE), (code, name)
    # a code whose own wording is not military counts only with a military actor
    words = (
        r"milit|armed forces|peacekeep|humanitarian|mediat|Threaten with|ceasefire|truce|blockade|"
        r"Threaten (blockade|occupation|unconventional|conventional|attack)|Demobilize|Retreat"
    )
    military_words = re.search(words, name, re.IGNORECASE)
    if "police" in name:  # 150 "military or police power": only with a military actor
        assert rule == "military_actor"
    elif cls != "use_of_force":
        assert (rule == "any") == bool(military_words), (code, name, rule)
