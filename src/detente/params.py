"""Parameters as the faces receive them: text from a command line or a query string, typed once.

A parameter's kind is read from its real type annotation (``int``, ``bool``, ``str``,
``Sequence[int]``, ``Literal[...]``, :data:`Years`), never from the annotation's text, and parses
the list of texts a face collected for it (``--actor 750 --actor 770`` or ``actor=750,770``). The
CLI (``detente crises``, ``panel --add``) and the HTTP API (``/api/crises``, ``/api/panel``) both
parse through this module, so a value means the same thing on every face.

>>> kind_of(int).parse("year", ["1990"])
1990
>>> kind_of(Sequence[int]).parse("actor", ["750,770", "710 732"])
[750, 770, 710, 732]
>>> YEARS.parse("years", ["1946-1989"])
(1946, 1989)
"""

from __future__ import annotations

import math
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from .errors import InputError

TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class Kind:
    """How the text of one parameter becomes a value; ``multiple`` kinds accept repeats."""

    name: str
    multiple: bool = False
    choices: tuple[str, ...] = ()

    def parse(self, param: str, texts: Sequence[str]) -> Any:
        """The value of ``param`` from its texts (InputError naming the parameter and value)."""
        if self.multiple:  # repeated, comma- or plus-separated (numbers: spaces too, as in a URL's +)
            split = r"[,+\s]" if self.name in ("int", "float") else r"[,+]"
            items = [i.strip() for t in texts for i in re.split(split, str(t)) if i.strip()]
        else:
            items = [str(t).strip() for t in texts if str(t).strip()]
        if not self.multiple and len(items) > 1:
            raise InputError(f"{param}: expected one value, got {len(items)}: {items}")
        values = [self._one(param, item) for item in items]
        if self.multiple:
            return values
        return values[0] if values else None

    def _one(self, param: str, text: str) -> Any:
        if self.name == "int":  # ASCII digits, within 64 bits (Arrow and DuckDB integers)
            if not re.fullmatch(r"-?[0-9]{1,18}", text):
                raise InputError(f"{param}={text[:40]!r} is not a whole number of at most 18 digits")
            if abs(int(text)) >= 2**31:
                raise InputError(f"{param}={text!r} is out of range")
            return int(text)
        if self.name == "float":
            try:
                value = float(text)
            except ValueError:
                raise InputError(f"{param}={text[:40]!r} is not a number") from None
            if not math.isfinite(value):  # inf and nan would reach SQL and arithmetic
                raise InputError(f"{param}={text[:40]!r} is not a finite number")
            return value
        if self.name == "bool":
            if text.lower() not in TRUE | FALSE:
                raise InputError(f"{param}={text!r} is not true or false")
            return text.lower() in TRUE
        if self.name == "years":
            m = re.fullmatch(r"(\d{1,4})(?:\s*-\s*(\d{1,4}))?", text)
            if not m:
                raise InputError(f"{param}={text!r}: expected a year or a range like 1946-2016")
            lo, hi = int(m[1]), int(m[2] or m[1])
            if lo > hi:
                raise InputError(f"{param}={text!r}: the first year comes after the last")
            return lo, hi
        if self.choices and text not in self.choices:
            raise InputError(f"{param}={text!r}: choose from {', '.join(self.choices)}")
        return text

    @property
    def metavar(self) -> str:
        """What a value looks like, for help and docs."""
        if self.choices:
            return "|".join(self.choices)
        return {"int": "N", "float": "X", "bool": "true|false", "years": "YYYY[-YYYY]"}.get(
            self.name, "TEXT"
        )


YEARS = Kind("years")
#: A year or a year range, as every face accepts it: 1990, "1946-1989" or (1946, 1989).
Years = Annotated[tuple[int, int] | int | str | None, YEARS]


def kind_of(annotation: Any) -> Kind:
    """The kind of a parameter from its type (``Annotated`` kinds win; ``None`` is ignored)."""
    if typing.get_origin(annotation) is Annotated:
        base, *extra = typing.get_args(annotation)
        for item in extra:
            if isinstance(item, Kind):
                return item
        return kind_of(base)
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return kind_of(args[0])
        kinds = [kind_of(a) for a in args]
        if len(kinds) == 2 and kinds[0].name == kinds[1].name and kinds[0].multiple != kinds[1].multiple:
            return next(k for k in kinds if k.multiple)  # Sequence[T] | T: one value or several
        raise TypeError(f"cannot parse a parameter of type {annotation!r}; annotate it with a Kind")
    if origin is Literal:
        return Kind("text", choices=tuple(str(a) for a in typing.get_args(annotation)))
    if origin in (list, tuple, Sequence, typing.Sequence) or annotation in (list, tuple):
        args = typing.get_args(annotation)
        inner = kind_of(args[0]) if args else Kind("text")
        return Kind(inner.name, multiple=True, choices=inner.choices)
    if annotation is bool:
        return Kind("bool")
    if annotation is int:
        return Kind("int")
    if annotation is float:
        return Kind("float")
    if annotation is str:
        return Kind("text")
    raise TypeError(f"cannot parse a parameter of type {annotation!r}; annotate it with a Kind")


@dataclass(frozen=True)
class Help:
    """A parameter's help text (and whether the CLI takes it as a positional argument)."""

    text: str
    positional: bool = False


@dataclass(frozen=True)
class Param:
    """One parameter of a declared verb or step: name, kind, default and help text."""

    name: str
    kind: Kind
    default: Any
    help: str = ""
    positional: bool = False
    required: bool = False

    @property
    def option(self) -> str:
        """The CLI option (``--min-hostility``); the HTTP name is :attr:`name`."""
        return "--" + self.name.replace("_", "-")


def params_of(function: Any, skip: int = 0) -> dict[str, Param]:
    """The face-visible parameters of ``function``: keyword parameters with a type, after ``skip``.

    Keyword-only parameters (``warehouse``) stay Python-only.
    """
    import inspect

    hints = typing.get_type_hints(function, include_extras=True)
    out: dict[str, Param] = {}
    for p in list(inspect.signature(function).parameters.values())[skip:]:
        if p.kind not in (p.POSITIONAL_OR_KEYWORD,) or p.name not in hints:
            continue
        annotation = hints[p.name]
        extra = typing.get_args(annotation)[1:] if typing.get_origin(annotation) is Annotated else ()
        info = next((x for x in extra if isinstance(x, Help)), Help(""))
        default = None if p.default is p.empty else p.default
        kind = kind_of(annotation)
        out[p.name] = Param(p.name, kind, default, info.text, info.positional, p.default is p.empty)
    return out


def parse(params: dict[str, Param], raw: dict[str, Sequence[str]], what: str) -> dict[str, Any]:
    """Typed values for the texts in ``raw`` (unknown names refused, naming the known ones)."""
    unknown = sorted(set(raw) - set(params))
    if unknown:
        raise InputError(f"{what} has no parameter(s) {unknown}; it takes {sorted(params) or 'none'}")
    out: dict[str, Any] = {}
    for name, texts in raw.items():
        value = params[name].kind.parse(name, [texts] if isinstance(texts, str) else list(texts))
        if value is not None and value != []:
            out[name] = value
    missing = [p.name for p in params.values() if p.required and p.name not in out]
    if missing:
        raise InputError(f"{what} needs parameter(s) {missing}")
    return out


def parse_versions(texts: Sequence[str] | None) -> dict[str, str]:
    """Pinned source versions from ``FAMILY=VERSION`` texts, repeated or comma-separated.

    The one parser of the CLI's ``--source-version`` and the API's ``versions``, so both refuse a
    malformed pin with the same line; the library checks the pins against the registry.

    >>> parse_versions(["nmc=6.0", "cow-majors=2016, nmc=6.0"])
    {'nmc': '6.0', 'cow-majors': '2016'}
    """
    out: dict[str, str] = {}
    for text in texts or []:
        for item in filter(None, (i.strip() for i in str(text).split(","))):
            family, sep, version = (part.strip() for part in item.partition("="))
            if not sep or not family or not version:
                raise InputError(f"source version {item!r}: expected FAMILY=VERSION, e.g. nmc=6.0")
            if out.setdefault(family, version) != version:
                raise InputError(
                    f"source version {family!r} is pinned twice: {out[family]!r} and {version!r}"
                )
    return out


def parse_hashes(texts: Sequence[str] | None) -> dict[str, str]:
    """Accepted hashes of publishers' files from ``FILE=SHA256`` texts (the CLI's ``--accept-hash``).

    A malformed text, a hash that is not 64 hex digits, or one file given two hashes is refused
    with a line naming the text; :func:`detente.fetch.fetch` checks the file names.

    >>> parse_hashes(["capdist.csv=" + "AB" * 32])  # doctest: +ELLIPSIS
    {'capdist.csv': 'abab...abab'}
    >>> parse_hashes(["capdist.csv"])
    Traceback (most recent call last):
    detente.errors.InputError: --accept-hash 'capdist.csv': expected FILE=SHA256 (64 hex digits)
    """
    out: dict[str, str] = {}
    for text in texts or []:
        name, sep, sha = (part.strip() for part in str(text).partition("="))
        if not sep or not name or not re.fullmatch(r"[0-9a-fA-F]{64}", sha):
            raise InputError(f"--accept-hash {text!r}: expected FILE=SHA256 (64 hex digits)")
        if out.setdefault(name, sha.lower()) != sha.lower():
            raise InputError(f"--accept-hash {name!r} is given twice: {out[name]!r} and {sha.lower()!r}")
    return out
