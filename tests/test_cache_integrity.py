"""The parsed-table cache is checked on open: a changed or truncated Parquet file is rebuilt.

Values come from the real NMC 6.0 file in the mirror (15,951 state-years; Germany's 1990
milex, 33,300 thousand dollars, as in NMC-60-abridged.csv).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from detente.warehouse import Warehouse

FACTS = "SELECT count(*), sum(milex), sum(tpop), sum(cinc) FROM {view}"


def _facts(wh: Warehouse) -> tuple:
    return wh.con.sql(FACTS.format(view=wh.view_name("cow-nmc-6.0", "nmc"))).fetchall()[0]


def _parsed_file(cache: Path) -> Path:
    (found,) = (cache / "parsed" / "cow-nmc-6.0").glob("nmc-*.parquet")
    return found


@pytest.fixture
def fresh(mirror: Path, tmp_path: Path) -> tuple[Path, tuple]:
    cache = tmp_path / "cache"
    facts = _facts(Warehouse(mirror=mirror, cache=cache))
    assert facts[0] == 15951
    return cache, facts


def _flip_middle_byte(path: Path) -> None:
    stat = path.stat()
    with open(path, "r+b") as fh:
        fh.seek(stat.st_size // 2)
        byte = fh.read(1)
        fh.seek(stat.st_size // 2)
        fh.write(bytes([byte[0] ^ 0x55]))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime


def test_changed_byte_is_detected_and_rebuilt(mirror: Path, fresh: tuple[Path, tuple]) -> None:
    cache, facts = fresh
    parsed = _parsed_file(cache)
    _flip_middle_byte(parsed)
    with pytest.warns(UserWarning, match=r"nmc-.*\.parquet.*(changed|damaged).*rebuil"):
        again = _facts(Warehouse(mirror=mirror, cache=cache))
    assert again == facts
    _facts(Warehouse(mirror=mirror, cache=cache))  # repaired: no warning the second time


@pytest.mark.filterwarnings("error")
def test_repaired_cache_opens_without_warning(mirror: Path, fresh: tuple[Path, tuple]) -> None:
    cache, facts = fresh
    assert _facts(Warehouse(mirror=mirror, cache=cache)) == facts


def test_truncated_file_is_rebuilt(mirror: Path, fresh: tuple[Path, tuple]) -> None:
    cache, facts = fresh
    parsed = _parsed_file(cache)
    with open(parsed, "r+b") as fh:
        fh.truncate(parsed.stat().st_size // 3)
    with pytest.warns(UserWarning, match="rebuil"):
        assert _facts(Warehouse(mirror=mirror, cache=cache)) == facts
    assert _parsed_file(cache).stat().st_size > 0


def test_missing_checksum_is_rebuilt(mirror: Path, fresh: tuple[Path, tuple]) -> None:
    """A cache written before checksums existed (or whose sidecar was lost) is not trusted."""
    cache, facts = fresh
    for side in (cache / "parsed" / "cow-nmc-6.0").glob("*.sha256"):
        side.unlink()
    with pytest.warns(UserWarning, match="rebuil"):
        assert _facts(Warehouse(mirror=mirror, cache=cache)) == facts
