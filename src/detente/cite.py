"""Citations: BibTeX for the sources a panel used (peacesciencer's ``ps_cite``, for detente)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .registry import all_sources, get_source

ENTRY = re.compile(r"^(?=@)", re.MULTILINE)
KEY = re.compile(r"^@\w+\{([^,\s]+),")


def cite(source_ids: Iterable[str] | None = None) -> str:
    """BibTeX for the given source ids (all registered sources when None), each entry once.

    A reference several sources share (peacesciencer, troopdata) is written under the first that
    cites it; the later ones say so in their header line, so the file has no duplicate keys.

    >>> print(cite(["atop-5.1"]).splitlines()[1])
    @article{leeds_et_al_2002,
    """
    ids = list(dict.fromkeys(source_ids)) if source_ids is not None else [s.id for s in all_sources()]
    entries: list[str] = []
    written: set[str] = set()
    for sid in ids:
        src = get_source(sid)
        header = f"% {src.id} {src.version}: {src.title} ({src.publisher}). Terms: {src.terms}"
        fresh, shared = [], []
        for entry in filter(None, (e.strip() for e in ENTRY.split(src.citation.strip()))):
            key = match.group(1) if (match := KEY.match(entry)) else entry
            (shared if key in written else fresh).append(entry if key not in written else key)
            written.add(key)
        if shared:
            header += f" Also cites {', '.join(shared)} (above)."
        entries.append("\n".join([header, *fresh]))
    return "\n\n".join(entries) + "\n"
