"""Errors detente raises on bad input: each names the source, file, field or value at fault."""

from __future__ import annotations


class DetenteError(Exception):
    """Base class: a problem the user can act on (the CLI prints it as one line)."""


class UnknownSourceError(DetenteError, KeyError):
    """A source id that is not in the registry."""

    def __str__(self) -> str:  # KeyError would add quotes around the message
        return str(self.args[0])


class FetchError(DetenteError):
    """A source file could not be obtained (network, missing file, truncated download)."""


class HashMismatchError(FetchError):
    """A file's sha256 differs from the one the registry expects."""


class ParseError(DetenteError):
    """A source file is present but its content is not what its parser expects."""


class InputError(DetenteError, ValueError):
    """A bad argument: unknown system, impossible year range, unknown step, unknown code."""
