"""Citations: BibTeX for the sources a panel used (peacesciencer's ``ps_cite``, for detente)."""

from __future__ import annotations

from collections.abc import Iterable

from .registry import all_sources, get_source


def cite(source_ids: Iterable[str] | None = None) -> str:
    """BibTeX for the given source ids (all registered sources when None), each entry once.

    >>> print(cite(["atop-5.1"]).splitlines()[1])
    @article{leeds_et_al_2002,
    """
    ids = list(dict.fromkeys(source_ids)) if source_ids is not None else [s.id for s in all_sources()]
    entries: list[str] = []
    for sid in ids:
        src = get_source(sid)
        header = f"% {src.id} {src.version}: {src.title} ({src.publisher}). Terms: {src.terms}"
        entries.append(header + "\n" + src.citation.strip())
    return "\n\n".join(entries) + "\n"
