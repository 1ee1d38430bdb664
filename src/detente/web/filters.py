"""Request filters of the pages and the event routes: year ranges and state-code lists.

Both parse with the library's own parsers (:mod:`detente.params`, :func:`detente.systems.parse_years`),
as the declared verbs do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from detente.errors import InputError
from detente.systems import System, parse_years


def year_filter(years: str | None, lo: int, hi: int, what: str) -> tuple[int, int]:
    """Parse a year filter ("1999" or "1947-2016") with the library's parser, inside ``lo``-``hi``."""
    return parse_years(years, System("filter", "ccode", (), (lo, hi), what))


#: A state code: one to four ASCII digits (COW and G&W codes run from 2 to 990).
CODE = re.compile(r"[0-9]{1,4}")


def shown(value: object, limit: int = 40) -> str:
    """``repr`` of a user's value, cut to ``limit`` characters, for error messages.

    >>> shown("9" * 100, 10)
    "'99999999... (100 characters)"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}... ({len(str(value))} characters)"


def code_list(text: str | Sequence[str] | None) -> list[int]:
    """State codes from "750,770" or repeated parameters; InputError for anything not a code.

    >>> code_list(["750,770", "2"])
    [750, 770, 2]
    """
    if text is None:
        return []
    parts = [text] if isinstance(text, str) else list(text)
    out = []
    for part in parts:
        for item in str(part).replace(" ", ",").split(","):
            if not item:
                continue
            if not CODE.fullmatch(item):  # not str.isdigit: it accepts '²' and other digits
                raise InputError(
                    f"state code {shown(item)} is not a whole number of one to four digits "
                    "(e.g. 2 for the USA)"
                )
            out.append(int(item))
    return out
