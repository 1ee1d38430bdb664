"""Every registered source is complete and its files are in the mirror with the declared hash."""

from __future__ import annotations

import re

import pytest

from detente.errors import UnknownSourceError
from detente.fetch import sha256_of
from detente.registry import NO_REFERENCE_SHA256, all_sources, get_source

SOURCES = all_sources()


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_source_is_fully_declared(source) -> None:
    assert source.version and source.title and source.publisher and source.terms
    assert source.landing_page.startswith("http")
    assert re.match(r"@\w+\{", source.citation), "citation must be BibTeX"
    assert source.files and source.tables
    for f in source.files:
        assert re.fullmatch(r"[0-9a-f]{64}", f.sha256), f.name
        if f.publisher_identical is False:
            assert f.note, f"{f.name}: a known difference must say what differs"


@pytest.mark.parametrize(
    ("source", "file"),
    [(s, f) for s in SOURCES for f in s.files],
    ids=lambda x: getattr(x, "id", None) or x.name,
)
def test_mirror_copy_matches_registry_hash(mirror, source, file) -> None:
    path = mirror / (file.mirror_folder or source.id) / file.name
    if file.sha256 == NO_REFERENCE_SHA256:  # never mirrored: the user accepts the publisher's hash
        assert not path.exists() and "--accept-hash" in file.note, file.name
        return
    assert path.exists(), f"{path} missing from the mirror"
    assert sha256_of(path) == file.sha256


def test_unknown_source_suggests_close_ids() -> None:
    with pytest.raises(UnknownSourceError, match="did you mean atop-5.1"):
        get_source("atop-5.0")


def test_docs_sources_md_is_the_generated_catalogue() -> None:
    from pathlib import Path

    from detente.catalog import catalog_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "sources.md"
    assert doc.read_text() == catalog_markdown(), (
        "regenerate: detente sources --markdown > docs/sources.md"
    )
