"""``GET /api/<verb>`` for every declared verb, with the parameter names of the CLI and Python.

The routes, their OpenAPI parameters and descriptions come from the declarations in
:mod:`detente.tables`; values are parsed by the verb (:mod:`detente.params`), never here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from detente.params import Param
from detente.tables import Verb, all_verbs

from . import formats

router = APIRouter(prefix="/api")
RESERVED = {"format"}


def _schema(p: Param) -> dict[str, Any]:
    """The OpenAPI schema of one parameter."""
    one: dict[str, Any] = {"int": {"type": "integer"}, "float": {"type": "number"},
                           "bool": {"type": "boolean"}}.get(p.kind.name, {"type": "string"})  # fmt: skip
    if p.kind.choices:
        one = {"type": "string", "enum": list(p.kind.choices)}
    if p.kind.name == "years":
        one = {"type": "string", "pattern": r"^\d{1,4}(-\d{1,4})?$"}
    schema = {"type": "array", "items": one} if p.kind.multiple else one
    if p.default not in (None, (), []) and not p.kind.multiple:
        schema = {**schema, "default": p.default}
    return schema


def openapi_parameters(verb: Verb) -> list[dict[str, Any]]:
    """The verb's parameters as OpenAPI query parameters (repeated or comma-separated lists)."""
    return [
        {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": p.help + (" (repeated or comma-separated)" if p.kind.multiple else ""),
            "schema": _schema(p),
            **({"style": "form", "explode": True} if p.kind.multiple else {}),
        }
        for p in verb.params.values()
    ]


def _endpoint(verb: Verb) -> Any:
    async def endpoint(
        request: Request,
        format: Annotated[
            str | None, Query(description="json (default), jsonl, csv or parquet.")
        ] = None,
        accept: Annotated[str | None, Header(include_in_schema=False)] = None,
    ) -> Response:
        raw: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            if key not in RESERVED:
                raw.setdefault(key, []).append(value)
        fmt = formats.pick_format(format, accept)
        table, typed = await run_in_threadpool(request.app.state.service.table, verb.name, raw)
        envelope = {"verb": verb.name, "count": table.num_rows, "parameters": typed}
        return formats.table_response(table, fmt, verb.name, envelope)

    endpoint.__name__ = f"verb_{verb.python}"
    return endpoint


for _verb in all_verbs():
    if RESERVED & set(_verb.params):
        raise TypeError(f"verb {_verb.name!r}: a parameter may not be called {sorted(RESERVED)}")
    router.add_api_route(
        f"/{_verb.name}",
        _endpoint(_verb),
        methods=["GET"],
        summary=_verb.title,
        description=f"{_verb.doc}\n\nPython: `detente.{_verb.python}`; CLI: `detente {_verb.name}`.",
        openapi_extra={"parameters": openapi_parameters(_verb)},
        response_class=Response,
    )
