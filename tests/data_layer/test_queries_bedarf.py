"""Queries of the page "Bedarf und Angebot" on the fixture store (Berlin-Mitte, 16 PLR)."""

from __future__ import annotations

import duckdb
import pytest

from data_layer.errors import DataError
from data_layer.read import supply as qb
from indicators.access.service_types import parse_detour_factor, parse_service_types


def test_service_type_parameters_come_from_the_store(conn: duckdb.DuckDBPyConnection) -> None:
    raw = qb.service_type_parameters(conn)
    services = {s.id: s for s in parse_service_types(raw)}
    assert list(services) == ["kita_u3", "kita_ue3", "pflege_stationaer", "jugendfreizeit"]
    assert services["kita_u3"].quota == 0.4584
    assert services["kita_u3"].quota_source.year == 2020
    assert services["kita_u3"].catchment_radius_m == 800
    assert parse_detour_factor(raw).value == 1.3


def test_missing_parameters_give_a_german_message() -> None:
    empty = duckdb.connect(":memory:")
    empty.execute("CREATE TABLE parameters (name TEXT, content TEXT, source TEXT)")
    with pytest.raises(DataError, match="keine Bedarfsparameter"):
        qb.service_type_parameters(empty)
    empty.execute("INSERT INTO parameters VALUES ('service_types', '{kaputt', '')")
    with pytest.raises(DataError, match="beschädigt"):
        qb.service_type_parameters(empty)


def test_facility_snapshots_and_systems(conn: duckdb.DuckDBPyConnection) -> None:
    assert qb.facility_snapshots(conn, "Kita") == ["2026-01-01"]
    assert qb.facility_systems(conn, "Kita") == ["mitte"]
    assert qb.facility_snapshots(conn, "Pflegeheim") == []
    # values are bound parameters: SQL-like input is just an unknown type
    assert qb.facility_snapshots(conn, "Kita' OR '1'='1") == []


def test_population_atoms_drop_totals_and_aggregates(conn: duckdb.DuckDBPyConnection) -> None:
    fine = qb.population_atoms(conn, "mitte", "Planungsraum", "2024-12-31")
    assert fine.groupby("area_id").size().unique().tolist() == [32]
    assert not ((fine["age_from"] == 0) & fine["age_to"].isna()).any()  # no "0 and over"
    # the 32 fine bands sum to the published total of every area
    totals = conn.execute(
        """SELECT p.area_id, p.count FROM population p JOIN areas a USING (area_id)
           WHERE a.level = 'Planungsraum' AND p.period = '2024-12-31' AND p.sex = 'all'
             AND p.age_from = 0 AND p.age_to IS NULL"""
    ).df()
    summed = fine.groupby("area_id")["count"].sum()
    assert (summed.loc[totals["area_id"]].to_numpy() == totals["count"].to_numpy()).all()
    # 2023-12-31 holds 0–6, 65+ and the total: the atoms are 0–6 and 65+
    coarse = qb.population_atoms(conn, "mitte", "Planungsraum", "2023-12-31")
    bands = coarse[["age_from", "age_to"]].drop_duplicates()
    assert bands["age_from"].tolist() == [0, 65]
    assert bands["age_to"].iloc[0] == 6 and bands["age_to"].isna().iloc[1]


def test_population_bands_hierarchy_and_shapes(conn: duckdb.DuckDBPyConnection) -> None:
    bands = qb.population_bands(conn, "mitte", "Planungsraum")
    assert sorted(bands["period"].unique()) == ["2023-12-31", "2024-12-31"]
    assert len(bands[bands["period"] == "2024-12-31"]) == 33  # 32 fine bands + total
    h = qb.hierarchy(conn, "mitte")
    assert h.groupby("level").size().to_dict() == {
        "Bezirksregion": 4,
        "Planungsraum": 16,
        "Prognoseraum": 1,
    }
    assert h["level_rank"].is_monotonic_increasing
    shapes = qb.area_shapes(conn, "mitte", "Planungsraum")
    assert len(shapes) == 16 and shapes["wkb"].notna().all()
    assert qb.area_shapes(conn, "lor2021'; DROP TABLE areas; --", "Planungsraum").empty
