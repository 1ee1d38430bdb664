"""Import every verb module so that each registers itself."""

from . import alliances, codes, crises, deterrence, disputes, peacekeeping, spending  # noqa: F401
