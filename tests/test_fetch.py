"""The download path of ``detente.fetch`` against a loopback HTTP server (no real network).

Every source here is a throw-away object built in the test; the only one that enters the
registry (to exercise ``fetch(source_id)``) is added with ``monkeypatch`` and removed afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from loopback import Server, offline, sha, zip_bytes

from detente.config import MIRROR_ENV, mirror_dir
from detente.errors import FetchError, HashMismatchError, InputError
from detente.fetch import cached_path, fetch, fetch_file, is_cached
from detente.registry import REGISTRY, Source, SourceFile

CSV = b"ccode,year,value\n2,1816,1\n200,1816,0\n"
OTHER = b"ccode,year,value\n2,1816,999\n"
SID = "test-fetch-src"


@pytest.fixture
def server(loopback: Server) -> Server:
    """The loopback server with no routes and a zero request count."""
    return loopback.clear()


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    offline(monkeypatch)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A fresh, per-test cache (shadows conftest's session-wide one)."""
    return tmp_path / "cache"


# --- helpers ------------------------------------------------------------------------------------


def make_source(*files: SourceFile, sid: str = SID) -> Source:
    return Source(
        id=sid,
        version="0",
        title="Throw-away test source",
        publisher="nobody",
        landing_page="https://example.invalid/landing",
        citation="@misc{x}",
        terms="none",
        files=files,
    )


def leftovers(root: Path) -> list[str]:
    """Every file (hidden ones too) and every hidden folder under ``root``."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        found += [os.path.join(dirpath, d) for d in dirnames if d.startswith(".")]
        found += [os.path.join(dirpath, f) for f in filenames]
    return found


# --- 1. direct download, then cached ------------------------------------------------------------


def test_direct_download_lands_in_cache_then_is_cached(server: Server, cache: Path) -> None:
    url = server.serve("/data/states.csv", CSV)
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=url)
    source = make_source(file)

    path, how = fetch_file(source, file, cache=cache)
    assert how == "download"
    assert path == cache / "files" / SID / "states.csv" == cached_path(source, file, cache)
    assert path.read_bytes() == CSV
    assert server.requests == ["/data/states.csv"]
    assert is_cached(source, file, cache)
    # only the file itself: no staging folder, no pooch temp file, no marker
    assert leftovers(cache) == [str(path)]

    path2, how2 = fetch_file(source, file, cache=cache)
    assert (path2, how2) == (path, "cached")
    assert len(server.requests) == 1


def test_fetch_by_source_id_reports_progress(
    server: Server, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = SourceFile(name="a.csv", sha256=sha(CSV), format="csv", url=server.serve("/a.csv", CSV))
    b = SourceFile(name="b.csv", sha256=sha(OTHER), format="csv", url=server.serve("/b.csv", OTHER))
    monkeypatch.setitem(REGISTRY, SID, make_source(a, b))
    seen: list[tuple[str, str, str]] = []

    paths = fetch(SID, cache=cache, progress=lambda *args: seen.append(args))
    assert {k: v.read_bytes() for k, v in paths.items()} == {"a.csv": CSV, "b.csv": OTHER}
    assert seen == [(SID, "a.csv", "download"), (SID, "b.csv", "download")]

    seen.clear()
    assert fetch(SID, cache=cache, progress=lambda *args: seen.append(args)) == paths
    assert seen == [(SID, "a.csv", "cached"), (SID, "b.csv", "cached")]
    assert len(server.requests) == 2


# --- 2. members of (nested) zip archives -------------------------------------------------------


def test_member_of_zip_is_extracted_and_its_hash_checked(server: Server, cache: Path) -> None:
    archive = zip_bytes({"dir/file.csv": CSV, "dir/readme.txt": b"hello"})
    url = server.serve("/pub/archive.zip", archive)
    file = SourceFile(name="file.csv", sha256=sha(CSV), format="csv", url=url, member="dir/file.csv")
    source = make_source(file)

    path, how = fetch_file(source, file, cache=cache)
    assert how == "download"
    assert path == cache / "files" / SID / "file.csv"
    assert path.read_bytes() == CSV
    assert leftovers(cache) == [str(path)]

    # the archive's own hash is not what the registry declares: declaring it fails
    wrong = SourceFile(
        name="file.csv", sha256=sha(archive), format="csv", url=url, member="dir/file.csv"
    )
    with pytest.raises(HashMismatchError, match=sha(CSV)):
        fetch_file(source, wrong, cache=cache / "other")


def test_member_of_nested_zip(server: Server, cache: Path) -> None:
    inner = zip_bytes({"file.csv": CSV})
    outer = zip_bytes({"inner.zip": inner, "notes.txt": b"x"})
    url = server.serve("/outer.zip", outer)
    file = SourceFile(
        name="file.csv", sha256=sha(CSV), format="csv", url=url, member="inner.zip!file.csv"
    )
    source = make_source(file)

    path, how = fetch_file(source, file, cache=cache)
    assert how == "download"
    assert path.read_bytes() == CSV
    assert leftovers(cache) == [str(path)]
    assert fetch_file(source, file, cache=cache) == (path, "cached")
    assert len(server.requests) == 1


# --- 3. hash mismatch ---------------------------------------------------------------------------


@pytest.mark.parametrize("identical", [None, True, False])
def test_wrong_hash_explains_and_leaves_nothing(
    server: Server, cache: Path, identical: bool | None
) -> None:
    url = server.serve("/states.csv", OTHER)
    file = SourceFile(
        name="states.csv",
        sha256=sha(CSV),
        format="csv",
        url=url,
        publisher_identical=identical,
        note="the reference copy was re-saved with Unix line endings",
    )
    source = make_source(file)

    with pytest.raises(HashMismatchError) as info:
        fetch_file(source, file, cache=cache)
    msg = str(info.value)
    assert f"{SID}/states.csv" in msg
    assert sha(CSV) in msg and sha(OTHER) in msg
    assert url in msg
    if identical is True:
        assert "corrupt" in msg
    else:
        assert f"--accept-hash states.csv={sha(OTHER)}" in msg
        assert f"detente fetch {SID}" in msg
    if identical is False:
        assert "known not to be byte-identical" in msg
        assert "re-saved with Unix line endings" in msg
        assert "--mirror" in msg
    if identical is None:
        assert "retry" in msg
    assert isinstance(info.value, FetchError)
    assert leftovers(cache) == []
    assert not cached_path(source, file, cache).exists()


# --- 4-6. broken downloads ----------------------------------------------------------------------


def test_truncated_download_is_an_error(server: Server, cache: Path) -> None:
    url = server.serve("/big.csv", CSV, truncate=True)
    file = SourceFile(name="big.csv", sha256=sha(CSV), format="csv", url=url)
    source = make_source(file)

    with pytest.raises(FetchError) as info:
        fetch_file(source, file, cache=cache)
    assert not isinstance(info.value, HashMismatchError)  # detected as a broken download
    msg = str(info.value)
    assert f"{SID}/big.csv" in msg and url in msg
    assert leftovers(cache) == []


def test_missing_file_404(server: Server, cache: Path) -> None:
    url = server.base + "/nowhere/gone.csv"
    file = SourceFile(name="gone.csv", sha256=sha(CSV), format="csv", url=url)
    source = make_source(file)

    with pytest.raises(FetchError) as info:
        fetch_file(source, file, cache=cache)
    msg = str(info.value)
    assert f"{SID}/gone.csv" in msg and url in msg and "404" in msg
    assert server.requests == ["/nowhere/gone.csv"]
    assert leftovers(cache) == []


@pytest.mark.parametrize(
    ("body", "member", "expect"),
    [
        (zip_bytes({"dir/other.csv": CSV}), "dir/file.csv", "has no member 'dir/file.csv'"),
        (
            zip_bytes({"inner.zip": zip_bytes({"x.csv": CSV})}),
            "inner.zip!file.csv",
            "no member 'file.csv'",
        ),
        (zip_bytes({"inner.zip": CSV}), "inner.zip!file.csv", "not a readable zip archive"),
        (b"<html>Please log in</html>", "dir/file.csv", "not a readable zip archive"),
    ],
    ids=["missing-member", "nested-missing-member", "nested-not-zip", "not-zip"],
)
def test_bad_archives(server: Server, cache: Path, body: bytes, member: str, expect: str) -> None:
    url = server.serve("/pub/data.zip", body)
    file = SourceFile(name="file.csv", sha256=sha(CSV), format="csv", url=url, member=member)
    source = make_source(file)

    with pytest.raises(FetchError, match="file.csv") as info:
        fetch_file(source, file, cache=cache)
    msg = str(info.value)
    assert not isinstance(info.value, HashMismatchError)
    assert msg.startswith(f"{SID}/file.csv: ")
    assert expect in msg and url in msg
    assert leftovers(cache) == []


# --- 7. accepting the publisher's hash ----------------------------------------------------------


def test_accept_hash_records_it_and_then_is_cached(server: Server, cache: Path) -> None:
    url = server.serve("/states.csv", OTHER)
    file = SourceFile(
        name="states.csv", sha256=sha(CSV), format="csv", url=url, publisher_identical=False
    )
    source = make_source(file)

    path, how = fetch_file(source, file, cache=cache, accept_hash=sha(OTHER))
    assert how == "download"
    assert path.read_bytes() == OTHER
    marker = path.with_name("states.csv.accepted-sha256")
    assert marker.read_text().strip() == sha(OTHER)
    assert is_cached(source, file, cache)

    assert fetch_file(source, file, cache=cache) == (path, "cached")
    assert len(server.requests) == 1
    assert sorted(leftovers(cache)) == sorted([str(path), str(marker)])


def test_accept_hash_that_does_not_match_still_fails(server: Server, cache: Path) -> None:
    url = server.serve("/states.csv", OTHER)
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=url)
    source = make_source(file)
    with pytest.raises(HashMismatchError, match=sha(OTHER)):
        fetch_file(source, file, cache=cache, accept_hash="0" * 64)
    assert leftovers(cache) == []


def test_fetch_accept_hashes(server: Server, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = server.serve("/states.csv", OTHER)
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=url)
    monkeypatch.setitem(REGISTRY, SID, make_source(file))

    with pytest.raises(FetchError, match=r"unknown file\(s\) \['nope.csv'\]"):
        fetch(SID, cache=cache, accept_hashes={"nope.csv": sha(OTHER)})
    assert server.requests == []

    paths = fetch(SID, cache=cache, accept_hashes={"states.csv": sha(OTHER)})
    assert paths["states.csv"].read_bytes() == OTHER
    seen: list[tuple[str, str, str]] = []
    fetch(SID, cache=cache, progress=lambda *args: seen.append(args))
    assert seen == [(SID, "states.csv", "cached")]
    assert len(server.requests) == 1


# --- 8. mirror folder and damaged cache ---------------------------------------------------------


def test_mirror_copy_without_request(server: Server, cache: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    (mirror / SID).mkdir(parents=True)
    (mirror / SID / "states.csv").write_bytes(CSV)
    url = server.serve("/states.csv", CSV)
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=url)
    source = make_source(file)

    path, how = fetch_file(source, file, cache=cache, mirror=mirror)
    assert how == "mirror"
    assert path == cache / "files" / SID / "states.csv"
    assert path.read_bytes() == CSV
    assert server.requests == []
    assert leftovers(cache) == [str(path)]
    assert fetch_file(source, file, cache=cache, mirror=mirror) == (path, "cached")


def test_mirror_from_environment(
    server: Server, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = tmp_path / "mirror"
    (mirror / SID).mkdir(parents=True)
    (mirror / SID / "states.csv").write_bytes(CSV)
    monkeypatch.setenv(MIRROR_ENV, str(mirror))
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=server.base + "/x.csv")
    assert fetch_file(make_source(file), file, cache=cache)[1] == "mirror"
    assert server.requests == []


def test_mirror_with_wrong_bytes(server: Server, cache: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    (mirror / SID).mkdir(parents=True)
    bad = mirror / SID / "states.csv"
    bad.write_bytes(OTHER)
    url = server.serve("/states.csv", CSV)
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=url)
    source = make_source(file)

    with pytest.raises(HashMismatchError) as info:
        fetch_file(source, file, cache=cache, mirror=mirror)
    msg = str(info.value)
    assert f"mirror {bad.resolve()}" in msg
    assert f"{SID}/states.csv" in msg and sha(CSV) in msg and sha(OTHER) in msg
    assert server.requests == []  # a bad mirror copy is reported, not silently bypassed
    assert leftovers(cache) == []


def test_mirror_with_accepted_hash_stays_cached(server: Server, cache: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    (mirror / SID).mkdir(parents=True)
    (mirror / SID / "states.csv").write_bytes(OTHER)
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=server.base + "/x.csv")
    source = make_source(file)

    path, how = fetch_file(source, file, cache=cache, mirror=mirror, accept_hash=sha(OTHER))
    assert how == "mirror"
    assert path.read_bytes() == OTHER
    assert is_cached(source, file, cache)
    # the acceptance is remembered: later calls without accept_hash trust the cached copy
    assert fetch_file(source, file, cache=cache, mirror=mirror) == (path, "cached")
    assert fetch_file(source, file, cache=cache) == (path, "cached")
    assert server.requests == []


def test_mirror_without_the_file_falls_back_to_download(
    server: Server, cache: Path, tmp_path: Path
) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    url = server.serve("/states.csv", CSV)
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=url)
    source = make_source(file)
    assert fetch_file(source, file, cache=cache, mirror=mirror)[1] == "download"

    gone = SourceFile(name="gone.csv", sha256=sha(CSV), format="csv", url=server.base + "/gone.csv")
    with pytest.raises(FetchError) as info:
        fetch_file(source, gone, cache=cache, mirror=mirror)
    msg = str(info.value)
    assert "404" in msg and f"not in the mirror at {mirror.resolve() / SID / 'gone.csv'}" in msg


def test_corrupted_cache_is_refetched(server: Server, cache: Path, tmp_path: Path) -> None:
    url = server.serve("/states.csv", CSV)
    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=url)
    source = make_source(file)
    path, _ = fetch_file(source, file, cache=cache)

    path.write_bytes(CSV[:-5] + b"oops\n")
    assert not is_cached(source, file, cache)
    assert fetch_file(source, file, cache=cache) == (path, "download")
    assert path.read_bytes() == CSV
    assert len(server.requests) == 2

    # damaged again, this time repaired from a mirror without a request
    path.write_bytes(b"")
    mirror = tmp_path / "mirror"
    (mirror / SID).mkdir(parents=True)
    (mirror / SID / "states.csv").write_bytes(CSV)
    assert fetch_file(source, file, cache=cache, mirror=mirror) == (path, "mirror")
    assert path.read_bytes() == CSV
    assert len(server.requests) == 2
    assert leftovers(cache) == [str(path)]


# --- 9. bad mirror setting, no URL --------------------------------------------------------------


def test_nonexistent_mirror_is_an_input_error(
    server: Server, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-mirror"
    with pytest.raises(InputError, match="no-such-mirror") as info:
        mirror_dir(missing)
    assert str(missing) in str(info.value) and "--mirror" in str(info.value)

    file = SourceFile(name="states.csv", sha256=sha(CSV), format="csv", url=server.serve("/s.csv", CSV))
    with pytest.raises(InputError, match="no-such-mirror"):
        fetch_file(make_source(file), file, cache=cache, mirror=missing)

    monkeypatch.setenv(MIRROR_ENV, str(missing))
    with pytest.raises(InputError, match=MIRROR_ENV) as info:
        fetch_file(make_source(file), file, cache=cache)
    assert str(missing) in str(info.value)
    assert server.requests == []  # no silent fall-back to the network


def test_no_url_and_no_mirror_says_use_a_mirror(cache: Path, tmp_path: Path) -> None:
    file = SourceFile(name="private.csv", sha256=sha(CSV), format="csv", url=None)
    source = make_source(file)
    with pytest.raises(FetchError) as info:
        fetch_file(source, file, cache=cache)
    msg = str(info.value)
    assert msg.startswith(f"{SID}/private.csv: ")
    assert "mirror" in msg and f"<mirror>/{SID}/private.csv" in msg
    assert "https://example.invalid/landing" in msg
    assert leftovers(cache) == []

    # with a mirror that lacks the file, the message says where it was looked for
    empty = tmp_path / "mirror"
    empty.mkdir()
    with pytest.raises(FetchError, match="not in the mirror at"):
        fetch_file(source, file, cache=cache, mirror=empty)
    assert leftovers(cache) == []
