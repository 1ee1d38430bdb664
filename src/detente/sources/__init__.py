"""One module per dataset; importing this package registers every source.

Modules are discovered, not listed, so adding a source is adding a file (names starting with an
underscore are helpers, not sources).
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
