"""The Steckbrief of a Kommune names the Gebietsstand of the store (issue #14)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import streamlit as st

from tests.conftest import DEMO_DB, point_app_at


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _key_note() -> str:
    from features.profiles import kommune as steckbrief_kommune

    doc = steckbrief_kommune.kommune_document("Kreis", "de2024:09162", ["de2024:08111"])
    return next(s.note for s in doc.sections if s.heading == "Kennzahlen im Vergleich")


def test_steckbrief_names_the_demo_store_gebietsstand(demo_env: Path) -> None:
    assert "auf den Gebietsstand 31.12.2024 umgerechnet." in _key_note()  # de2024: 2024-12-31


def test_steckbrief_without_a_date_in_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "ohne_stand.duckdb"
    shutil.copy(DEMO_DB, store)
    with duckdb.connect(str(store)) as rw:
        rw.execute("UPDATE area_systems SET gebietsstand = '' WHERE system_code = 'de2024'")
    point_app_at(store, monkeypatch)
    note = _key_note()
    assert "auf den aktuellen Gebietsstand umgerechnet." in note
    assert "31.12.2024" not in note
