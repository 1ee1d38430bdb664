"""Gleditsch & Ward list of independent states (iisystem.dat) and of microstates.

Quirks fixed: the files have no header, are tab-separated and latin-1 encoded (Côte d'Ivoire,
São Tomé), and write dates as ``dd:mm:yyyy``; 31:12:2017 means "still a state when the list was
last revised", so the list's coverage ends in 2017.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..errors import ParseError
from ..registry import Source, SourceFile, register
from ._read import sql

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


def read_gw_list(path: Path, microstate: bool) -> pa.Table:
    """A G&W list file as spells: gwcode, stateabb, statenme, start, end, microstate."""
    table = sql(
        f"""SELECT column0::SMALLINT AS gwcode, column1 AS stateabb, column2 AS statenme,
                   strptime(column3, '%d:%m:%Y')::DATE AS start,
                   strptime(column4, '%d:%m:%Y')::DATE AS "end",
                   {str(microstate).upper()} AS microstate
            FROM read_csv({{f}}, delim='\t', header=false, encoding='latin-1',
                          all_varchar=true)
            ORDER BY gwcode, start""",
        f=path,
    )
    if table.num_rows == 0:
        raise ParseError(f"{path.name}: no rows")
    return table


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
        quirks=("No header, tab-separated, latin-1, dates dd:mm:yyyy.",),
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
