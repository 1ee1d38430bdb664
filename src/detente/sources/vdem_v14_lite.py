"""V-Dem country-year v14, 1970-2023 subset (``vdemlite``): democracy indices and their indicators.

One row per country-year with 293 V-Dem variables: the high- and mid-level ``v2x_*`` indices (0-1),
their component indicators on V-Dem's latent scale (roughly -5..5; e.g. ``v2lgotovst`` executive
oversight, ``v2lginvstp`` legislature investigates in practice), ``v2x_ex_military`` (military
dimension of the regime), ``v2x_regime`` (0 closed autocracy .. 3 liberal democracy) and a few
``e_*`` variables (``e_pt_coup``: Powell-Thyne coups in the year, 0/1/2). Point estimates only:
the subset has no ``_codelow``/``_codehigh``/``_sd`` columns (and only four ``_osp`` ones).
Countries are V-Dem's (``country_id``, ``country_text_id``, ``country_name``), not COW codes.

Quirks fixed:
- ``year`` and ``country_id`` are stored as doubles; they become SMALLINT.
- Column names are made lower case (``v2x_EDcomp_thick`` -> ``v2x_edcomp_thick``,
  ``e_regionpol_6C`` -> ``e_regionpol_6c``); all other names are V-Dem's.
- R ``NA`` is null; a 0 (e.g. ``v2x_ex_military`` = 0, no coup) is a real value.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..errors import ParseError
from ..registry import Source, SourceFile, register
from ._formats import frames_sql, rdata, require_frame_columns, snake

FILE = "vdemlite.rda"
IDS = ["country_name", "country_text_id", "country_id", "year"]
COMMIT = "a992948a1cf30282f6ccac4a06f9e53222ce1006"


def parse_country_years(files: Mapping[str, Path]) -> pa.Table:
    """One row per V-Dem country-year 1970-2023 with every variable of the subset."""
    path = files[FILE]
    raw = require_frame_columns(rdata(path, "vdemlite"), IDS, path)
    variables = {snake(c): c for c in raw.columns if c not in IDS}
    if len(variables) != len(raw.columns) - len(IDS):
        raise ParseError(f"{path.name}: two V-Dem columns differ only in case")
    values = ", ".join(f'"{src}"::DOUBLE AS {out}' for out, src in variables.items())
    return frames_sql(
        f"""SELECT country_name, country_text_id, country_id::SMALLINT AS country_id,
                   year::SMALLINT AS year, {values}
            FROM raw ORDER BY country_id, year""",
        raw=raw,
    )


register(
    Source(
        id="vdem-v14-lite",
        version="V-Dem Country-Year v14 via vdemlite 0.0.4.9000 (1970-2023 subset)",
        title="V-Dem Country-Year Dataset v14 (vdemlite subset)",
        publisher="V-Dem Institute, University of Gothenburg (subset: Emmanuel Teitelbaum, vdemlite)",
        landing_page="https://v-dem.net/data/the-v-dem-dataset/",
        citation="""@misc{coppedge_vdem_v14,
  author = {Coppedge, Michael and Gerring, John and Knutsen, Carl Henrik and Lindberg, Staffan I.
            and Teorell, Jan and others},
  title = {{V-Dem} [Country-Year/Country-Date] Dataset v14},
  publisher = {Varieties of Democracy (V-Dem) Project},
  year = {2024},
  doi = {10.23696/mcwt-fr58}
}
@techreport{pemstein_vdem_mm_2024,
  author = {Pemstein, Daniel and Marquardt, Kyle L. and Tzelgov, Eitan and Wang, Yi-ting and
            Medzihorsky, Juraj and Krusell, Joshua and Miri, Farhad and von R{\\"o}mer, Johannes},
  title = {The {V-Dem} Measurement Model: Latent Variable Analysis for Cross-National and
           Cross-Temporal Expert-Coded Data},
  institution = {V-Dem Institute},
  type = {V-Dem Working Paper},
  number = {21},
  edition = {9th},
  year = {2024}
}""",
        terms="V-Dem data are CC BY-SA 4.0 (vdemlite DESCRIPTION); cite V-Dem as above. "
        "Redistribution is allowed under the same licence with attribution.",
        years=(1970, 2023),
        files=(
            SourceFile(
                name=FILE,
                sha256="634ee6731c6cc33bb6b3b9c54172fd7e0ef1422344718ab66e576b0793d4ba1c",
                format="rda",
                url=f"https://raw.githubusercontent.com/eteitelbaum/vdemlite/{COMMIT}/data/vdemlite.rda",
                publisher_identical=True,
                note=f"the vdemlite repository's blob at commit {COMMIT[:7]} was checked equal to "
                "this copy; it is a subset of V-Dem v14, not V-Dem's own file",
                size=1267204,
            ),
        ),
        tables={"country_years": parse_country_years},
        quirks=(
            "Float year and country_id become SMALLINT.",
            "Mixed-case column names are lower-cased (v2x_EDcomp_thick, e_regionpol_6C).",
            "Subset: 1970-2023 only, point estimates only (no measurement uncertainty).",
        ),
        redistributable=True,
    )
)
