"""Named queries against the fixture store; read-only and public mode enforced in the data layer."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from data_layer.errors import DataError, PublicModeError
from data_layer.read import common as q
from data_layer.read import db


def test_catalogue_filter_and_search(conn: duckdb.DuckDBPyConnection) -> None:
    assert set(q.catalogue(conn, domain="Sozialmonitoring")["indicator_id"]) == {
        "mss_s1",
        "mss_s3",
        "mss_s4",
    }
    assert q.catalogue(conn, text="Kinderarmut")["indicator_id"].tolist() == ["mss_s4"]
    # a hostile search string is a value, not SQL
    assert q.catalogue(conn, text="'; DROP TABLE indicators; --").empty
    assert len(q.catalogue(conn)) == 15


def test_order_by_allow_list(conn: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError):
        q.catalogue(conn, order_by="name; DROP TABLE areas")


def test_indicator_values_include_areas_without_value(conn: duckdb.DuckDBPyConnection) -> None:
    df = q.indicator_values(conn, "mss_s1", "2020-12-31", "mitte", "Planungsraum")
    assert len(df) == 16 and df["value"].notna().all()
    assert df.loc[df["local_id"] == "01100101", "value"].iloc[0] == pytest.approx(4.22594)
    # MSS rates are published per Planungsraum only (aggregation "none"): coarser levels stay empty
    upper = q.indicator_values(conn, "mss_s1", "2020-12-31", "mitte", "Bezirksregion")
    assert len(upper) == 4 and upper["value"].isna().all() and (upper["flag"] == "missing").all()


def test_periods_and_coverage(conn: duckdb.DuckDBPyConnection) -> None:
    assert q.periods(conn, "pop_total", "mitte", "Bezirksregion") == ["2023-12-31", "2024-12-31"]
    cov = q.indicator_coverage(conn, "pop_total")
    assert set(cov["level"]) == {"Prognoseraum", "Bezirksregion", "Planungsraum"}


def test_connection_is_read_only(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANUNGSATLAS_DB", str(fixture_db))
    c = db.connect()
    with pytest.raises(duckdb.Error):
        c.execute("DELETE FROM areas")
    c.close()


def test_missing_store_gives_german_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANUNGSATLAS_DB", str(tmp_path / "fehlt.duckdb"))
    with pytest.raises(DataError, match="python -m data_layer.build"):
        db.connect()


def test_public_mode_refuses_internal_store(
    fixture_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANUNGSATLAS_DB", str(fixture_db))
    monkeypatch.setenv("PLANUNGSATLAS_MODE", "public")
    with pytest.raises(PublicModeError):
        db.connect()
