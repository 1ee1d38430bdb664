"""Read any registered source's parsed table as it is (``detente.table``), with its provenance.

Panels are built from these tables; reading one directly shows the numbers a step starts from
(for example both U.S. troop series, or every Bara & Hultman personnel series).
"""

from __future__ import annotations

import json

import pyarrow as pa

from .errors import InputError
from .registry import get_source
from .warehouse import Warehouse, default_warehouse


def table(source_id: str, name: str, *, warehouse: Warehouse | None = None) -> pa.Table:
    """The parsed table ``name`` of source ``source_id`` (quirks fixed, as the steps read it).

    The schema metadata names the source, its version and the table.

    >>> import detente
    >>> t = detente.table("us-troops", "country_years").to_pandas()
    >>> t.query("ccode == 740 and year == 2020").troops_ad.tolist()
    [56748]
    """
    source = get_source(source_id)
    if name not in source.tables:
        raise InputError(
            f"source {source_id!r} has no table {name!r}; it has {', '.join(sorted(source.tables))}"
        )
    wh = warehouse or default_warehouse()
    result = wh.table(source_id, name).to_arrow_table()
    meta = {"source": source.id, "version": source.version, "table": name}
    return result.replace_schema_metadata({b"detente": json.dumps(meta).encode()})
