"""AppTest: the Gebietsstand note of "Kommunen vergleichen" comes from the store (issue #14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import DEMO_DB, point_app_at
from tests.pages.conftest import open_page

PAGE = "features/benchmarking/page.py"


def _captions(at) -> str:  # type: ignore[no-untyped-def]
    return " | ".join(c.value for c in at.caption)


def test_note_shows_the_demo_store_date(demo_env: Path) -> None:
    at = open_page(PAGE)
    # the demo store's area_systems.gebietsstand of de2024 is "2024-12-31"
    assert "Gebietsstand 31.12.2024; Werte fusionierter Gemeinden geschätzt" in _captions(at)


def test_note_follows_a_store_with_another_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert DEMO_DB.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    store = tmp_path / "other_stand.duckdb"
    shutil.copy(DEMO_DB, store)
    with duckdb.connect(str(store)) as rw:
        rw.execute("UPDATE area_systems SET gebietsstand = ? WHERE system_code = ?",
                   ["2025-06-30", "de2024"])  # fmt: skip
    point_app_at(store, monkeypatch)
    at = open_page(PAGE)
    text = _captions(at)
    assert "Gebietsstand 30.06.2025; Werte fusionierter Gemeinden geschätzt" in text
    assert "31.12.2024" not in text
