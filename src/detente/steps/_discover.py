"""Import every step module (files not starting with ``_``) so their steps register."""

import importlib
import pkgutil

from . import __name__ as _package
from . import __path__ as _path

for _module in pkgutil.iter_modules(_path):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{_package}.{_module.name}")
