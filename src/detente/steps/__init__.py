"""One module per facet; each declares its step once with :func:`step`."""

from ._base import STEPS, Step, get_step, step

__all__ = ["STEPS", "Step", "get_step", "step"]
