"""Import a heavy module on first use, so ``import detente`` stays fast.

``pd = lazy("pandas")`` at the top of a module reads like an import; pandas is imported the first
time an attribute (``pd.DataFrame``) is used. Annotations under ``from __future__ import
annotations`` never touch it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class _LazyModule:
    """A stand-in that imports the module named ``name`` when an attribute is first read."""

    def __init__(self, name: str) -> None:
        self.__name = name
        self.__module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self.__module is None:
            self.__module = importlib.import_module(self.__name)
        return getattr(self.__module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self.__name!r}>"


def lazy(name: str) -> Any:
    """A module imported on first attribute access.

    >>> np = lazy("numpy")
    >>> int(np.arange(3).sum())
    3
    """
    return _LazyModule(name)
