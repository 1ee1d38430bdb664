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

from .errors import InputError, UnknownSourceError

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
    mirror_folder: str | None = None  # the mirror folder holding the file, when not the source id


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
    #: Families this source is a version of (e.g. "nmc"): steps name a family, a panel's
    #: ``versions`` picks the version, and the newest version is the default.
    families: tuple[str, ...] = ()

    def file(self, name: str) -> SourceFile:
        """The declared file called ``name``."""
        for f in self.files:
            if f.name == name:
                return f
        raise UnknownSourceError(f"source {self.id!r} has no file {name!r}")


#: The ``sha256`` of a file with no reference copy anywhere (not in the mirror): every user
#: checks the publisher's file and accepts its hash (``detente fetch ID --accept-hash NAME=SHA``).
NO_REFERENCE_SHA256 = "0" * 64

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


def families() -> dict[str, dict[str, str]]:
    """Every source family: family -> {version: source id}, from the sources' declarations.

    >>> families()["nmc"]
    {'6.0': 'cow-nmc-6.0', '7.0': 'cow-nmc-7.0'}
    """
    out: dict[str, dict[str, str]] = {}
    for s in all_sources():
        for f in s.families:
            out.setdefault(f, {})[s.version] = s.id
    return {f: dict(sorted(v.items(), key=lambda kv: _version_key(kv[0]))) for f, v in out.items()}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.replace("-", ".").split(".") if p.isdigit())


def check_versions(versions: Mapping[str, str] | None) -> dict[str, str]:
    """Validate a ``{family: version}`` mapping (e.g. ``{"nmc": "6.0"}``) against the registry.

    >>> check_versions({"nmc": "6.0"})
    {'nmc': '6.0'}
    """
    known = families()
    out: dict[str, str] = {}
    for family, version in (versions or {}).items():
        if family not in known:
            raise InputError(f"unknown source family {family!r}; choose one of {sorted(known)}")
        if str(version) not in known[family]:
            raise InputError(
                f"{family} version {version!r} is not registered; choose one of {list(known[family])}"
            )
        out[family] = str(version)
    return out


def resolve_source(name: str, versions: Mapping[str, str] | None = None) -> str:
    """The source id a step means by ``name``: a family's pinned (or newest) version, else ``name``.

    This is the one place where versions are chosen.

    >>> resolve_source("nmc"), resolve_source("nmc", {"nmc": "6.0"}), resolve_source("atop-5.1")
    ('cow-nmc-7.0', 'cow-nmc-6.0', 'atop-5.1')
    """
    known = families()
    if name not in known:
        return name
    chosen = (versions or {}).get(name)
    if chosen is None:
        return list(known[name].values())[-1]  # versions are sorted: the newest is last
    check_versions({name: chosen})
    return known[name][str(chosen)]
