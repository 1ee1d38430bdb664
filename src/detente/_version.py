"""The detente version (one place; the package, its metadata and caches read it)."""

__version__ = "0.1.0"
