"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten), July 2025 release, 1946-2024.

One row per country-session-year: three ideal-point series with their vote counts and posterior
quantiles. ``*_fp`` estimates use the "final passage" votes (resolutions as a whole), ``*_all``
all votes including amendments and paragraph votes, and ``idealpoint_legacy`` the legacy model
(the file's variable labels call ``idealpointlegacy`` and ``nvotesLegacy`` "All", a labelling slip).
``q0_*`` .. ``q100_*`` are the 0th (the file's ``qo``), 5th, 10th, 50th, 90th, 95th and 100th
percentiles. Years are UNGA session years (a session opening in September belongs to its year).

Quirks fixed:
- ``year`` and the vote counts are stored as floats; they become integers.
- 17 rows at the end of the file (e.g. German Federal Republic 1990, Armenia 1991) have blank
  ``countryname`` and ``iso3c`` and no estimates; the names are filled from the same ccode's other
  rows (each ccode has one name otherwise) and the rows kept, estimates null.
- Yemen's People's Republic (ccode 680) carries ``YAR``, North Yemen's code: its ``iso3c`` is null.
- Missing estimates (e.g. no ``*_all`` series for 2024) are null, never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..errors import ParseError
from ..registry import Source, SourceFile, register
from ._formats import frames_sql
from ._read import require_columns, stata

FILE = "IdealpointsJuly2025.dta"
QUANTILES = ("o", "5", "10", "50", "90", "95", "100")


def _columns() -> dict[str, tuple[str, str]]:
    """Output column -> (file column, SQL type) for the estimate columns."""
    out = {
        "idealpoint_fp": ("idealpointfp", "DOUBLE"),
        "idealpoint_all": ("idealpointall", "DOUBLE"),
        "idealpoint_legacy": ("idealpointlegacy", "DOUBLE"),
        "nvotes_fp": ("nvotesfp", "SMALLINT"),
        "nvotes_all": ("nvotesall", "SMALLINT"),
        "nvotes_legacy": ("nvotesLegacy", "SMALLINT"),
    }
    for series in ("fp", "all"):
        for q in QUANTILES:
            out[f"q{'0' if q == 'o' else q}_{series}"] = (f"q{q}{series}", "DOUBLE")
    return out


def parse_idealpoints(files: Mapping[str, Path]) -> pa.Table:
    """One row per country-year: ccode, iso3c, name, ideal points, vote counts, quantiles."""
    path = files[FILE]
    columns = _columns()
    raw = require_columns(
        stata(path), ["ccode", "iso3c", "countryname", "year", *(s for s, _ in columns.values())], path
    )
    values = ", ".join(f'"{src}"::{kind} AS {out}' for out, (src, kind) in columns.items())
    out = frames_sql(
        f"""WITH named AS (
                SELECT ccode, any_value(nullif(trim(countryname), '')) AS name,
                       any_value(nullif(trim(iso3c), '')) AS iso,
                       count(DISTINCT nullif(trim(countryname), '')) AS n_names
                FROM raw GROUP BY ccode)
            SELECT raw.ccode::SMALLINT AS ccode,
                   CASE WHEN raw.ccode = 680 THEN NULL
                        ELSE coalesce(nullif(trim(raw.iso3c), ''), named.iso) END AS iso3c,
                   coalesce(nullif(trim(raw.countryname), ''), named.name) AS countryname,
                   raw.year::SMALLINT AS year, {values}, named.n_names
            FROM raw JOIN named USING (ccode) ORDER BY ccode, year""",
        raw=raw,
    )
    if max(out.column("n_names").to_pylist()) > 1:
        raise ParseError(f"{path.name}: a ccode has several country names; cannot fill blanks")
    return out.drop_columns(["n_names"])


register(
    Source(
        id="unga-idealpoints",
        version="July 2025 release",
        title="United Nations General Assembly Voting Data: ideal point estimates",
        publisher="Erik Voeten, Anton Strezhnev and Michael Bailey (Harvard Dataverse)",
        landing_page="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
        citation="""@article{bailey_strezhnev_voeten_2017,
  author = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},
  title = {Estimating Dynamic State Preferences from United Nations Voting Data},
  journal = {Journal of Conflict Resolution},
  volume = {61},
  number = {2},
  pages = {430--456},
  year = {2017}
}
@misc{voeten_unga_2009,
  author = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},
  title = {United Nations General Assembly Voting Data},
  publisher = {Harvard Dataverse},
  year = {2009},
  note = {hdl:1902.1/12379, ideal points release of July 2025}
}""",
        terms="Harvard Dataverse dataset under the default CC0 waiver; cite as the authors request.",
        years=(1946, 2024),
        files=(
            SourceFile(
                name=FILE,
                sha256="fea7fa9414e3643586dbdf95baa1100ceb418e56684d79d801a146cad79443ce",
                format="dta",
                url=None,
                note="on Dataverse the file is ingested as IdealpointsJuly2025.tab with the .dta as "
                "original upload (api/access/datafile/{id}?format=original), but the file id is "
                "not known; this copy comes from a thesis repository, identity unverified",
                size=1331515,
            ),
        ),
        tables={"idealpoints": parse_idealpoints},
        quirks=(
            "Float year and vote counts become integers.",
            "17 trailing rows with blank name and iso3c get the name of their ccode; their "
            "estimates stay null.",
            "ccode 680 (South Yemen) carries North Yemen's iso3c YAR: null.",
            "qo* columns are the 0th percentile: renamed q0_*.",
        ),
        redistributable=True,
    )
)
