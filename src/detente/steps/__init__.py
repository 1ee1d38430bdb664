"""One module per facet; each declares its step once with :func:`step`."""

from ._base import STEPS, Step, get_step, step

__all__ = ["STEPS", "Step", "get_step", "step"]

# Every step module registers itself on import: STEPS is complete once this package is imported
# (``import detente`` alone imports neither; the first panel or Panel.add_* does).
from . import _discover  # noqa: E402, F401
