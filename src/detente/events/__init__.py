"""Event-data monitoring: ingest (GDELT, ICEWS, PLOVER), canonical events, indicators, alerts, engines.

Modules: ``ingest`` (files -> partitioned Parquet + manifest), ``canonical`` (one event table),
``indicators`` (directed dyad-period measures), ``alerts`` (surges, ladder moves, MID/ICB checks),
``engines`` (DuckDB and Spark), ``cli`` (``detente events``). See docs/events.md.
"""
