"""What the two troopdata sources (us-troops, us-bases) share: the pinned commit, files, CSV reading."""

from __future__ import annotations

import io
from pathlib import Path

from .._lazy import lazy
from ..errors import ParseError
from ..registry import SourceFile
from ._formats import require_frame_columns
from ._pinned import pinned_file

pd = lazy("pandas")

COMMIT = "3946bcf89a6d72de8abace812dc557f1f249f5f7"
CITATION = """@article{allen_flynn_martinezmachain_2022,
  author = {Allen, Michael A. and Flynn, Michael E. and Martinez Machain, Carla},
  title = {Global {U.S.} Military Deployment Data: 1950--2020},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {3},
  pages = {351--370},
  year = {2022}
}"""


def troopdata_file(name: str, sha256: str, size: int) -> SourceFile:
    """A troopdata data-raw file pinned to the commit our copy was checked against."""
    return pinned_file("meflynn/troopdata", COMMIT, "data-raw", name, sha256, size, "csv")


def _decode_lines(data: bytes) -> str:
    """Text of a file that is UTF-8 except for stray Latin-1 lines (each line decoded alone)."""
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("latin-1"))
    return "\n".join(lines)


def read_troopdata_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """A troopdata CSV (``NA`` and empty = missing), decoded line by line, columns checked."""
    try:
        text = _decode_lines(path.read_bytes())
        raw = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=["NA", ""])
    except Exception as exc:
        raise ParseError(f"{path.name}: not a readable CSV ({exc})") from exc
    return require_frame_columns(raw, columns, path)
