"""Low-level writing of the DuckDB store (schema, appends, hashes); used only by the build.

A whole Datenpaket is written by :mod:`data_layer.build.package_store`.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from data_layer.build.package import period_date
from data_layer.schema import DDL, TABLES, allowed

#: Column order of the stored value and population tables.
STORED_VALUE_COLUMNS = [
    "indicator_id", "area_id", "period", "period_date", "value", "numerator", "denominator", "flag", "flag_reason",
]  # fmt: skip
STORED_POPULATION_COLUMNS = [
    "area_id",
    "period",
    "period_date",
    "sex",
    "age_from",
    "age_to",
    "count",
    "flag",
]


def insert_values(conn: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    """Append indicator values (``period_date`` is derived from ``period``)."""
    insert_frame(conn, "indicator_values", _dated(frame)[STORED_VALUE_COLUMNS])


def insert_population(conn: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    """Append population rows (``period_date`` is derived from ``period``)."""
    insert_frame(conn, "population", _dated(frame)[STORED_POPULATION_COLUMNS])


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["period_date"] = pd.to_datetime(out["period"].map(period_date)).dt.date
    return out


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def create_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create every table of the store."""
    for stmt in DDL:
        conn.execute(stmt)


def insert_frame(conn: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append ``frame`` (columns in table order) to an allow-listed table."""
    if frame.empty:
        return
    name = allowed(table, TABLES)
    conn.register("_incoming", frame)
    try:
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        conn.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _incoming")  # noqa: S608 - allow-listed
    finally:
        conn.unregister("_incoming")


def data_version(parts: list[str]) -> str:
    """A short, deterministic hash of the build's inputs.

    >>> data_version(["b:2", "a:1"]) == data_version(["a:1", "b:2"])
    True
    """
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:12]


def now_utc() -> datetime:
    """The import timestamp (kept out of the data version)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


__all__ = [
    "create_schema",
    "data_version",
    "file_sha256",
    "insert_frame",
    "insert_population",
    "insert_values",
    "now_utc",
]
