"""Messages for damaged inputs and unusable folders say what is wrong and what to do, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DetenteError, HashMismatchError
from detente.fetch import fetch
from detente.warehouse import Warehouse

NMC = "cow-nmc-6.0"
NMC_FILE = "NMC-60-abridged.csv"  # 920,464 bytes in the mirror and in the registry


@pytest.fixture
def truncated_mirror(mirror: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "mirror"
    (copy / NMC).mkdir(parents=True)
    data = (mirror / NMC / NMC_FILE).read_bytes()
    (copy / NMC / NMC_FILE).write_bytes(data[: len(data) // 2])
    return copy


def test_truncated_mirror_file_is_called_truncated(truncated_mirror: Path, tmp_path: Path) -> None:
    with pytest.raises(HashMismatchError) as info:
        fetch(NMC, mirror=truncated_mirror, cache=tmp_path / "cache")
    msg = str(info.value)
    assert "truncated" in msg and "460232 of the 920464 bytes" in msg, msg
    assert "--accept-hash" not in msg and "revised" not in msg  # accepting it would be wrong
    assert len(msg.splitlines()) == 1


@pytest.mark.parametrize("how", ["file", "parsed-file"])
def test_unusable_cache_names_the_cache_and_the_variable(mirror: Path, tmp_path: Path, how: str) -> None:
    blocker = tmp_path / "cache-is-a-file"
    if how == "file":  # the cache folder itself cannot be created
        blocker.write_text("not a folder")
        cache = blocker / "cache"
    else:  # the source files fetch, but the parsed tables have nowhere to go
        cache = tmp_path / "cache"
        fetch(NMC, mirror=mirror, cache=cache)
        (cache / "parsed").write_text("not a folder")
    with pytest.raises(DetenteError) as info:
        Warehouse(mirror=mirror, cache=cache).view_name(NMC, "nmc")
    msg = str(info.value)
    assert "cache" in msg and "DETENTE_CACHE" in msg and "writable" in msg, msg
    assert str(cache) in msg
