"""Gleditsch & Ward list of independent states (iisystem.dat) and of microstates.

Quirks fixed: the files have no header, are tab-separated and write dates as ``dd:mm:yyyy``;
31:12:2017 means "still a state when the list was last revised", so coverage ends in 2017. The
microstates file is latin-1 (São Tomé); our iisystem.dat copy is UTF-8 in which two characters
were lost as U+FFFD (Württemberg, Cote D'Ivoire): those names are restored by code.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from ..errors import ParseError
from ..registry import Source, SourceFile, register

GW_CITATION = """@article{gleditsch_ward_1999,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {Interstate System Membership: A Revised List of the Independent States since 1816},
  journal = {International Interactions},
  volume = {25},
  number = {4},
  pages = {393--413},
  year = {1999}
}"""
GW_TERMS = "Free for research use with citation of Gleditsch & Ward (1999); no formal licence."


#: Names whose accented letter or apostrophe was lost (U+FFFD) in the iisystem.dat copy.
REPAIRED_NAMES = {271: "Württemberg", 437: "Cote D'Ivoire"}


def _decode(raw: bytes) -> str:
    """Decode a G&W list: UTF-8 if it is valid UTF-8 (iisystem.dat), otherwise latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_gw_list(path: Path, microstate: bool) -> pa.Table:
    """A G&W list file as spells: gwcode, stateabb, statenme, start, end, microstate."""
    rows = [line.split("\t") for line in _decode(path.read_bytes()).splitlines() if line.strip()]
    bad = [i + 1 for i, r in enumerate(rows) if len(r) != 5]
    if not rows or bad:
        raise ParseError(f"{path.name}: expected 5 tab-separated fields per line; bad lines {bad[:5]}")
    try:
        codes = [int(r[0]) for r in rows]
        starts = [datetime.strptime(r[3].strip(), "%d:%m:%Y").date() for r in rows]
        ends = [datetime.strptime(r[4].strip(), "%d:%m:%Y").date() for r in rows]
    except ValueError as exc:
        raise ParseError(f"{path.name}: bad code or dd:mm:yyyy date ({exc})") from exc
    names = [
        REPAIRED_NAMES.get(c, r[2]) if "\ufffd" in r[2] else r[2]
        for c, r in zip(codes, rows, strict=True)
    ]
    lost = [n for n in names if "\ufffd" in n]
    if lost:
        raise ParseError(f"{path.name}: names with lost characters and no repair: {lost}")
    table = pa.table(
        {
            "gwcode": pa.array(codes, pa.int16()),
            "stateabb": [r[1].strip() for r in rows],
            "statenme": names,
            "start": pa.array(starts, pa.date32()),
            "end": pa.array(ends, pa.date32()),
            "microstate": [microstate] * len(rows),
        }
    )
    return table.sort_by([("gwcode", "ascending"), ("start", "ascending")])


def parse_states(files: Mapping[str, Path]) -> pa.Table:
    """iisystem.dat as spells (216 rows)."""
    return read_gw_list(files["iisystem.dat"], microstate=False)


def parse_microstates(files: Mapping[str, Path]) -> pa.Table:
    """microstatessystem.dat as spells (23 rows)."""
    return read_gw_list(files["microstatessystem.dat"], microstate=True)


register(
    Source(
        id="gw-states",
        version="2017 (iisystem.dat, coverage to 31 Dec 2017)",
        title="Gleditsch & Ward list of independent states",
        publisher="Kristian Skrede Gleditsch and Michael D. Ward",
        landing_page="http://ksgleditsch.com/statelist.html",
        citation=GW_CITATION,
        terms=GW_TERMS,
        years=(1816, 2017),
        files=(
            SourceFile(
                name="iisystem.dat",
                sha256="a837557652ff05d89945ce639c54d78a9aad753d7fb0d1d669b137babce779c9",
                format="tsv",
                url="http://ksgleditsch.com/data/iisystem.dat",
                note="the live file may have been revised since the 2017 reference copy",
                size=8881,
            ),
        ),
        tables={"states": parse_states},
        quirks=(
            "No header, tab-separated, dates dd:mm:yyyy.",
            "UTF-8 with two characters lost as U+FFFD: Württemberg (271), Cote D'Ivoire (437) restored.",
        ),
    )
)

register(
    Source(
        id="gw-microstates",
        version="2017 (microstatessystem.dat, coverage to 31 Dec 2017)",
        title="Gleditsch & Ward list of microstates",
        publisher="Kristian Skrede Gleditsch and Michael D. Ward",
        landing_page="http://ksgleditsch.com/statelist.html",
        citation=GW_CITATION,
        terms=GW_TERMS,
        years=(1816, 2017),
        files=(
            SourceFile(
                name="microstatessystem.dat",
                sha256="bf00a24525245da4a975788802f8bbe6d6d4bd8cd624402f05a5ea7a793e6208",
                format="tsv",
                url="http://ksgleditsch.com/data/microstatessystem.dat",
                note="the live file may have been revised since the reference copy",
                size=992,
            ),
        ),
        tables={"states": parse_microstates},
        quirks=("No header, tab-separated, latin-1, dates dd:mm:yyyy.",),
    )
)
