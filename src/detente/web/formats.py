"""Answer formats: JSON, JSON lines, CSV, Parquet and Arrow IPC, by ``format=`` or the Accept header.

Tables are written straight from Arrow; streamed panels go batch by batch, so a full dyad-year
panel never sits in memory as text.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse

from detente.errors import InputError

from .cache import LRU, to_json

FORMATS = ("json", "jsonl", "csv", "parquet", "arrow")
#: other names accepted for a format
ALIASES = {"ndjson": "jsonl", "ipc": "arrow", "arrows": "arrow", "feather": "arrow"}
#: file name extensions where they differ from the format's name (Arrow IPC stream: .arrows)
EXTENSIONS = {"arrow": "arrows"}
MEDIA = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "arrow": "application/vnd.apache.arrow.stream",
}
ACCEPT = {
    "text/csv": "csv",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/vnd.apache.parquet": "parquet",
    "application/x-parquet": "parquet",
    "application/parquet": "parquet",
    "application/json": "json",
    "application/vnd.apache.arrow.stream": "arrow",
}


def pick_format(requested: str | None, accept: str | None, default: str = "json") -> str:
    """The answer format: the ``format`` parameter, else the first known Accept type, else JSON."""
    if requested:
        fmt = requested.strip().lower()
        fmt = ALIASES.get(fmt, fmt)
        if fmt not in FORMATS:
            raise InputError(f"format {requested!r}: choose from {', '.join(FORMATS)}")
        return fmt
    for part in (accept or "").split(","):
        kind = part.split(";")[0].strip().lower()
        if kind in ACCEPT:
            return ACCEPT[kind]
    return default


#: gzip bodies of cached answers, keyed by the (cached, so hashed once) uncompressed bytes.
_GZIPPED = LRU(4096, max_bytes=256 << 20)


def json_response(body: bytes | Any, status: int = 200, request: Request | None = None) -> Response:
    """Pre-serialised (or serialisable) JSON, gzipped once per body for clients that accept it."""
    data = body if isinstance(body, bytes) else to_json(body)
    accepts = request is not None and "gzip" in request.headers.get("accept-encoding", "")
    if accepts and len(data) > 4096:
        packed = _GZIPPED.get(data)
        if packed is None:
            packed = _GZIPPED.put(data, gzip.compress(data, compresslevel=6))
        headers = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        return Response(packed, status_code=status, media_type=MEDIA["json"], headers=headers)
    return Response(data, status_code=status, media_type=MEDIA["json"])


def _flat(table: pa.Table) -> pa.Table:
    """Lists and structs as JSON text, so CSV can hold every column."""
    columns = []
    for i, f in enumerate(table.schema):
        col = table.column(i)
        if pa.types.is_list(f.type) or pa.types.is_struct(f.type) or pa.types.is_large_list(f.type):
            col = pa.array(
                [None if v is None else json.dumps(v, default=str) for v in col.to_pylist()], pa.string()
            )
        columns.append(col)
    return pa.table(columns, names=table.column_names)


def table_response(
    table: pa.Table, fmt: str, name: str, envelope: dict[str, Any] | None = None
) -> Response:
    """A whole table as a download (csv, parquet, jsonl, arrow) or JSON (``envelope`` + ``rows``)."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{EXTENSIONS.get(fmt, fmt)}"'}
    if fmt == "json":
        return json_response({**(envelope or {}), "rows": table.to_pylist()})
    if fmt == "jsonl":
        body = b"".join(to_json(r) + b"\n" for r in table.to_pylist())
    elif fmt == "csv":
        sink = io.BytesIO()
        pacsv.write_csv(_flat(table), sink)
        body = sink.getvalue()
    elif fmt == "arrow":
        sink = io.BytesIO()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        body = sink.getvalue()
    else:
        sink = io.BytesIO()
        pq.write_table(table, sink, compression="zstd")
        body = sink.getvalue()
    return Response(body, media_type=MEDIA[fmt], headers=headers)


class _Sink(io.RawIOBase):
    """A write-only file that hands out what was written since the last call (for streaming)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.pos = 0

    def writable(self) -> bool:
        """Always writable."""
        return True

    def write(self, data: Any) -> int:
        """Keep a chunk until the next :meth:`take`."""
        chunk = bytes(data)
        self.parts.append(chunk)
        self.pos += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        """Bytes written so far (Parquet needs the position)."""
        return self.pos

    def take(self) -> bytes:
        """The bytes written since the last call."""
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def _binary(
    batches: Iterable[pa.RecordBatch], metadata: bytes | None, open_writer: Any
) -> Iterator[bytes]:
    """Batches through a binary writer (Arrow IPC or Parquet), yielding bytes as they are written;
    the schema carries the detente metadata."""
    sink = _Sink()
    writer = None
    for batch in batches:
        if writer is None:
            schema = batch.schema
            if metadata:
                schema = schema.with_metadata({**(schema.metadata or {}), b"detente": metadata})
            writer = open_writer(sink, schema)
        writer.write_batch(batch)
        yield sink.take()
    if writer is not None:
        writer.close()
    yield sink.take()


def encode_batches(
    batches: Iterable[pa.RecordBatch], fmt: str, metadata: bytes | None = None
) -> Iterator[bytes]:
    """Encode record batches as they arrive: CSV (one header), JSON lines, a JSON array, Parquet
    or an Arrow IPC stream (the batches as they are: no conversion at all)."""
    if fmt == "arrow":
        yield from _binary(batches, metadata, pa.ipc.new_stream)
        return
    if fmt == "parquet":
        yield from _binary(batches, metadata, lambda sink, schema: pq.ParquetWriter(
            sink, schema, compression="zstd"))  # fmt: skip
        return
    if fmt == "csv":
        first = True
        for batch in batches:
            out = io.BytesIO()
            options = pacsv.WriteOptions(include_header=first)
            pacsv.write_csv(_flat(pa.Table.from_batches([batch])), out, write_options=options)
            first = False
            yield out.getvalue()
        return
    if fmt == "json":
        yield b"["
        sep = b""
        for batch in batches:
            lines = _json_lines(batch)
            if lines:
                yield sep + lines.rstrip(b"\n").replace(b"\n", b",")
                sep = b","
        yield b"]"
        return
    for batch in batches:
        yield _json_lines(batch)


def _json_lines(batch: pa.RecordBatch) -> bytes:
    r"""One JSON object per row and line, written by polars (NaN as null, dates as ISO text).

    About 2.5 times faster than a Python loop over rows; falls back to it without polars (an
    optional extra) or for types polars cannot take from Arrow.

    >>> _json_lines(pa.record_batch({"a": [1, None], "x": [float("nan"), 0.5]}))
    b'{"a":1,"x":null}\n{"a":null,"x":0.5}\n'
    """
    if batch.num_rows == 0:
        return b""
    try:
        import polars as pl  # optional (the `polars` extra)

        return pl.from_arrow(batch).write_ndjson().encode()
    except Exception:  # no polars, or an Arrow type it does not read: encode row by row
        return b"".join(to_json(r) + b"\n" for r in batch.to_pylist())


async def _pump(chunks: Iterator[bytes], *sources: object) -> AsyncIterator[bytes]:
    """Encoded chunks, each made in a worker thread; everything is closed when the client leaves.

    A client that hangs up mid-download cancels this generator: closing the encoder and the
    batch source then (not whenever the garbage collector gets to them) ends the query and
    frees its memory at once.
    """
    try:
        while True:
            chunk = await run_in_threadpool(next, chunks, None)
            if chunk is None:
                return
            yield chunk
    finally:
        for it in (chunks, *sources):
            close = getattr(it, "close", None)
            if close is not None:
                await run_in_threadpool(close)


def stream_response(
    batches: Iterable[pa.RecordBatch], fmt: str, name: str, metadata: bytes | None = None
) -> StreamingResponse:
    """A streamed download of record batches in ``fmt`` (closed as soon as the client leaves)."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{EXTENSIONS.get(fmt, fmt)}"'}
    chunks = encode_batches(batches, fmt, metadata)
    return StreamingResponse(_pump(chunks, batches), media_type=MEDIA[fmt], headers=headers)
