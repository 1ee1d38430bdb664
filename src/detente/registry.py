"""The registry of sources: what each dataset is, where its files come from, how to cite it.

A :class:`Source` is declared once, in its own module under ``detente.sources``; everything else
(fetching, the warehouse, ``detente sources``, ``detente cite``) reads these declarations.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from .errors import UnknownSourceError

#: A parser turns the source's local files (file name -> path) into one tidy Arrow table.
Parser = Callable[[Mapping[str, Path]], pa.Table]


@dataclass(frozen=True)
class SourceFile:
    """One file of a source, as the parsers read it.

    ``sha256`` is the hash of the file itself; for a file the publisher ships inside an archive
    (``member``, with ``/``-joined steps through nested archives separated by ``!``) it is the hash
    of the extracted member, so a mirror copy and a download are checked the same way.
    ``publisher_identical`` says whether our reference copy is known to be byte-identical to the
    publisher's (True), known to differ (False, with ``note`` saying how) or unverified (None).
    """

    name: str
    sha256: str
    format: str
    url: str | None = None
    member: str | None = None
    publisher_identical: bool | None = None
    note: str = ""
    size: int | None = None


@dataclass(frozen=True)
class Source:
    """A dataset: identity, provenance, terms, files, coverage and the tidy tables parsed from it."""

    id: str
    version: str
    title: str
    publisher: str
    landing_page: str
    citation: str  # BibTeX
    terms: str
    files: tuple[SourceFile, ...]
    years: tuple[int, int] | None = None  # temporal domain of the values
    tables: Mapping[str, Parser] = field(default_factory=dict)
    quirks: tuple[str, ...] = ()  # documented fixes the parsers apply
    redistributable: bool = False

    def file(self, name: str) -> SourceFile:
        """The declared file called ``name``."""
        for f in self.files:
            if f.name == name:
                return f
        raise UnknownSourceError(f"source {self.id!r} has no file {name!r}")


REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add ``source`` to the registry (each id once)."""
    if source.id in REGISTRY:
        raise ValueError(f"source {source.id!r} registered twice")
    REGISTRY[source.id] = source
    return source


def _register_all() -> None:
    """Import the ``detente.sources`` package, which registers every source.

    By module name: ``detente.sources`` is also the public function listing the sources.
    """
    importlib.import_module(f"{__package__}.sources")


def get_source(source_id: str) -> Source:
    """The registered source with this id, or an error that suggests the closest ids."""
    _register_all()

    try:
        return REGISTRY[source_id]
    except KeyError:
        close = difflib.get_close_matches(source_id, REGISTRY, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(REGISTRY)}"
        raise UnknownSourceError(f"unknown source {source_id!r}{hint}") from None


def all_sources() -> list[Source]:
    """Every registered source, in registration order."""
    _register_all()

    return list(REGISTRY.values())
