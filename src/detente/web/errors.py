"""The web layer's own refusals, mapped to HTTP statuses in :mod:`detente.web.app`."""

from __future__ import annotations


class NotFound(LookupError):
    """A code, pair or case that does not exist (the API answers 404 with this message)."""


class Unavailable(RuntimeError):
    """A library function this detente version does not have (the API answers 501)."""
