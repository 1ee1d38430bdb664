"""One module per dataset; importing this package registers every source."""

from . import atop, contiguity, cow_states, gw_states, nmc  # noqa: F401
