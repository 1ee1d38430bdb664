"""MIE's official download is the publisher's events.zip with an unknown hash: the accept path serves.

The publisher's zip is imitated on the tests' loopback server (no real network): the
registered source is used with only its URL replaced.
"""

from __future__ import annotations

from pathlib import Path

from loopback import Published, assert_refused_until_accepted, sha, zip_bytes

from detente.fetch import fetch_file, is_cached

# a stand-in for the publisher's CSV: same header as mie-1.0.csv, one row, so the hash differs
CSV = (
    b"micnum,eventnum,ccode1,ccode2,stmon,stday,styear,endmon,endday,endyear,sidea1,action,"
    b"hostlev,fatalmin1,fatalmax1,fatalmin2,fatalmax2,version\n"
    b"2,1,2,200,5,-9,1902,5,-9,1902,1,7,3,0,0,0,0,mie-1.0\n"
)


#: what the ``publisher`` fixture (tests/conftest.py) serves: the registered MIE file's events.zip
PUBLISHED = Published(
    "mie-1.0",
    "mie-1.0.csv",
    "/s/2aq3xu23a4ril85/events.zip?dl=1",
    zip_bytes({"mie-1.0.csv": CSV, "mie-1.0.dta": b"stata", "MIEcodebook.pdf": b"%PDF"}),
)


def test_unknown_publisher_hash_says_how_to_accept(publisher, tmp_path: Path) -> None:
    source, file = publisher
    assert_refused_until_accepted(source, file, tmp_path, "mie-1.0.csv", CSV)


def test_accepted_publisher_hash_extracts_the_member_and_stays_cached(publisher, tmp_path: Path) -> None:
    source, file = publisher
    path, how = fetch_file(source, file, cache=tmp_path, accept_hash=sha(CSV))
    assert (how, path.read_bytes()) == ("download", CSV)
    assert is_cached(source, file, tmp_path)
    assert fetch_file(source, file, cache=tmp_path) == (path, "cached")
    events = source.tables["events"]({"mie-1.0.csv": path})
    assert events.num_rows == 1 and events["stday"].to_pylist() == [None]
