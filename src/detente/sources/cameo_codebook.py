"""CAMEO 1.1b3 codebook, machine-readable (as tabulated for ICEWS): codes, labels, Goldstein, texts.

Quirks fixed:
- ``code`` is text with its leading zeros (``010``, ``0874``); ``root_code`` likewise (``01``).
- The file is not UTF-8: its text was UTF-8 read as Mac Roman and saved as Windows-1252
  (``‚Äô`` for ``’``). Each such run is decoded back; one character that cannot be recovered (the
  cedilla of "Çankaya" in code 1233's example) becomes U+FFFD.
- Labels for 101-108 follow the CAMEO 1.1b3 manual and differ in meaning from GDELT's
  ``CAMEO.eventcodes.txt`` (105 "Demand that target yields" here, "Demand mediation" in GDELT; 108
  the reverse): keep the vocabulary with the code (see ``cameo-goldstein``).
- Goldstein values differ from GDELT's table on 016, 022, 164 and 165.
- ``NA`` in the text columns is R's missing value (null).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from ..registry import Source, SourceFile, register
from ._formats import frames_sql

FILE = "cameo-codes.csv"


def _unmangle(run: re.Match[str]) -> str:
    """One run of non-ASCII characters, decoded from its Mac Roman/Windows-1252 mangling."""
    try:
        return run.group(0).encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return "\ufffd"


def fixed_text(path: Path) -> str:
    """The codebook's text with the mojibake undone (see the module docstring)."""
    raw = path.read_bytes().decode("cp1252", errors="replace")
    return re.sub(r"[^\x00-\x7f]+", _unmangle, raw)


def parse_codes(files: Mapping[str, Path]) -> pa.Table:
    """One row per CAMEO code (312): code, name, goldstein, root_code, description, usage, example."""
    text = fixed_text(files[FILE])
    names = next(csv.reader(io.StringIO(text)))
    opts = pacsv.ConvertOptions(
        strings_can_be_null=True, null_values=["NA"], column_types=dict.fromkeys(names, pa.string())
    )  # every column as text: codes keep their leading zeros
    frame = pacsv.read_csv(io.BytesIO(text.encode()), convert_options=opts)
    return frames_sql(
        """SELECT code, name, CAST(goldstein AS DOUBLE) AS goldstein, root_code,
                  length(code)::TINYINT AS level_digits,
                  CAST(eventtype_ID AS SMALLINT) AS eventtype_id,
                  CAST(nsLeft AS SMALLINT) AS ns_left, CAST(nsRight AS SMALLINT) AS ns_right,
                  trim(description) AS description, trim(usage_notes) AS usage_notes,
                  trim(example) AS example, CAST("order" AS SMALLINT) AS "order"
           FROM f ORDER BY "order\"""",
        f=frame,
    )


register(
    Source(
        id="cameo-codebook",
        version="CAMEO 1.1b3 (Schrodt 2012), tabulated in andybega/icews",
        title="CAMEO event codebook 1.1b3 (codes, Goldstein, descriptions, usage notes, examples)",
        publisher="Philip A. Schrodt (CAMEO); tabulation by Andreas Beger (icews R package)",
        landing_page="http://data.gdeltproject.org/documentation/CAMEO.Manual.1.1b3.pdf",
        citation="""@manual{schrodt_2012_cameo,
  author = {Schrodt, Philip A.},
  title = {{CAMEO}: Conflict and Mediation Event Observations Event and Actor Codebook,
           Version 1.1b3},
  organization = {Pennsylvania State University},
  year = {2012},
  url = {http://data.gdeltproject.org/documentation/CAMEO.Manual.1.1b3.pdf}
}""",
        terms="The CAMEO manual is freely available; the tabulation is MIT-licensed (andybega/icews).",
        files=(
            SourceFile(
                name=FILE,
                sha256="6bb520c64069b7d42d7099eba1dc07528533db5e2321f2f8cb6e9ebd24ad56c0",
                format="csv",
                url="https://raw.githubusercontent.com/andybega/icews/"
                "3746c729551f5fcb5a49f643f82638011a5fcfec/data-raw/cameo-codes.csv",
                publisher_identical=True,
                note="a tabulation shipped with the icews R package, not a publisher file",
                size=154149,
            ),
        ),
        tables={"codes": parse_codes},
        quirks=(
            "code and root_code are text with leading zeros.",
            "Windows-1252/Mac Roman mojibake decoded back to UTF-8; one unrecoverable character "
            "is U+FFFD.",
            "Labels of 101-108 differ in meaning from GDELT's lookup (CAMEO 1.1b3 vs GDELT).",
        ),
    )
)
