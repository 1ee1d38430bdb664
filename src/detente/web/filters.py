"""Request filters of the pages and the event routes: year ranges and state-code lists.

Both parse with the library's own parsers (:mod:`detente.params`, :func:`detente.systems.parse_years`),
as the declared verbs do.
"""

from __future__ import annotations

from collections.abc import Sequence

from detente.params import kind_of
from detente.systems import System, parse_years

_CODES = kind_of(Sequence[int])


def year_filter(years: str | None, lo: int, hi: int, what: str) -> tuple[int, int]:
    """Parse a year filter ("1999" or "1947-2016") with the library's parser, inside ``lo``-``hi``."""
    return parse_years(years, System("filter", "ccode", (), (lo, hi), what))


def code_list(text: str | Sequence[str] | None) -> list[int]:
    """State codes from "750,770" or repeated parameters; InputError for anything not a number.

    >>> code_list(["750,770", "710"])
    [750, 770, 710]
    """
    if text is None:
        return []
    return _CODES.parse("ccode", [text] if isinstance(text, str) else list(text))
