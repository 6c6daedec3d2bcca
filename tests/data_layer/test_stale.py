"""``python -m data_layer.stale``: the start and test scripts rebuild a demo store that is
missing or was built by an older schema (its pages could not read it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from data_layer.schema import SCHEMA_VERSION
from data_layer.stale import is_current, main


def test_a_store_of_this_schema_is_current(fixture_db: Path) -> None:
    assert is_current(fixture_db)
    assert main([str(fixture_db)]) == 0


def test_an_older_schema_a_missing_file_and_a_broken_file_are_rebuilt(
    fixture_db: Path, tmp_path: Path
) -> None:
    old = tmp_path / "alt.duckdb"
    shutil.copy(fixture_db, old)
    with duckdb.connect(str(old)) as c:
        c.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    broken = tmp_path / "kaputt.duckdb"
    broken.write_text("keine Datenbank", encoding="utf-8")
    assert SCHEMA_VERSION != "1"
    for path in (old, tmp_path / "fehlt.duckdb", broken):
        assert not is_current(path), path
        assert main([str(path)]) == 1
