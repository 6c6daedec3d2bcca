"""The Gebietsstand of an area system is read from ``area_systems`` (issue #14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from data_layer.read import peers as qb


def _copy_with(fixture_db: Path, tmp_path: Path, value: str) -> duckdb.DuckDBPyConnection:
    """A tmp copy of the fixture store whose every area system has the Gebietsstand ``value``."""
    store = tmp_path / "copy.duckdb"
    shutil.copy(fixture_db, store)
    with duckdb.connect(str(store)) as rw:
        rw.execute("UPDATE area_systems SET gebietsstand = ?", [value])
    return duckdb.connect(str(store), read_only=True)


def test_gebietsstand_of_the_store(conn: duckdb.DuckDBPyConnection) -> None:
    code, stand = conn.execute(
        "SELECT system_code, gebietsstand FROM area_systems ORDER BY system_code LIMIT 1"
    ).fetchone()
    assert qb.gebietsstand(conn, code) == stand
    assert qb.gebietsstand(conn, "gibt-es-nicht") is None


def test_gebietsstand_follows_the_store(fixture_db: Path, tmp_path: Path) -> None:
    c = _copy_with(fixture_db, tmp_path, "2025-06-30")
    try:
        (code,) = c.execute("SELECT system_code FROM area_systems LIMIT 1").fetchone()
        assert qb.gebietsstand(c, code) == "2025-06-30"
    finally:
        c.close()


def test_empty_gebietsstand_is_none(fixture_db: Path, tmp_path: Path) -> None:
    c = _copy_with(fixture_db, tmp_path, "  ")
    try:
        (code,) = c.execute("SELECT system_code FROM area_systems LIMIT 1").fetchone()
        assert qb.gebietsstand(c, code) is None
    finally:
        c.close()
