"""Rolling-origin time splits: train through year T, forecast T+1..T+h, move T on by h.

Never random splits: every forecast is scored on years after the last training year, and no
setting is tuned on the test years (the models' settings are fixed in :mod:`.models`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import InputError


@dataclass(frozen=True)
class Split:
    """Train on target years ``train[0]..train[1]``, forecast ``test[0]..test[1]``."""

    train: tuple[int, int]
    test: tuple[int, int]

    @property
    def label(self) -> str:
        return f"{self.test[0]}-{self.test[1]}"


def default_first_test(first: int, last: int) -> int:
    """The first test year when none is given: at least 30 training years, at most 60 test years.

    >>> default_first_test(1817, 2010)  # GML MIDs with lag 1: tests 1951-2010
    1951
    """
    return max(first + 30, last - 59)


def rolling_origin(
    first: int, last: int, first_test: int | None = None, horizon: int = 10
) -> list[Split]:
    """Splits over target years ``first..last``: test windows of ``horizon`` years from
    ``first_test`` (the last may be shorter), each trained on every earlier year.

    >>> [s.label for s in rolling_origin(1817, 2010, 1991, 10)]
    ['1991-2000', '2001-2010']
    >>> rolling_origin(1817, 2010, 1991, 10)[1].train
    (1817, 2000)
    """
    start = default_first_test(first, last) if first_test is None else first_test
    if horizon < 1:
        raise InputError(f"forecast: horizon must be at least 1 year, not {horizon}")
    if not first < start <= last:
        raise InputError(
            f"forecast: first test year {start} must lie after the first target year {first} "
            f"and not after the last {last}"
        )
    return [
        Split((first, t - 1), (t, min(t + horizon - 1, last))) for t in range(start, last + 1, horizon)
    ]
