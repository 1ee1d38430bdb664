"""The web layer's one door to the library: every answer comes from detente's public functions.

The service is split by feature, one module each, combined here:

- :mod:`.profiles`: state-year profiles (every state-year step, once per system) and map values;
- :mod:`.tables`: any declared verb (:mod:`detente.tables`) for a request's texts, cached;
- :mod:`.cases`: ICB crises and extended-deterrence cases for the pages (the ``crises`` and
  ``deterrence`` verbs);
- :mod:`.dyads`: dyad profiles (every dyad-year step for one pair) with their crises;
- :mod:`.networks`: the ATOP alliance network of a year with a layout;
- :mod:`.events`: event timelines and alerts over the server's ingest folder;
- :mod:`.panels`: panels streamed for ``/api/panel``.

They share :class:`.core.Core` (the warehouse, one lock serialising its DuckDB connection, and an
answer cache, :mod:`.cache`); request filters are in :mod:`.filters`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import detente
from detente.registry import all_sources

from .dyads import Dyads
from .events import Events
from .networks import Networks
from .panels import Panels


class Service(Dyads, Networks, Events, Panels):
    """Cached answers for one warehouse, all computed by detente's public functions."""

    @staticmethod
    def sources() -> list[dict[str, Any]]:
        """Every registered source: identity, coverage, terms, files and its BibTeX."""
        return [
            {
                "id": s.id,
                "version": s.version,
                "title": s.title,
                "publisher": s.publisher,
                "years": list(s.years) if s.years else None,
                "landing_page": s.landing_page,
                "terms": s.terms,
                "files": [f.name for f in s.files],
                "tables": list(s.tables),
                "quirks": list(s.quirks),
                "citation": s.citation.strip(),
            }
            for s in all_sources()
        ]

    @staticmethod
    def cite(ids: Sequence[str] | None) -> str:
        """BibTeX for the named sources (all when none)."""
        return detente.cite(list(ids) if ids else None)
