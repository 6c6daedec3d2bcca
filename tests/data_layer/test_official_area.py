"""Densities divide by the official area where the package has one, else by the geometry's area.

Hand-worked from data/raw/germany_admin/tables/destatis_gv_gemeinden_gebietsstand_2024-12-31.csv:
Bremerhaven (04012000), area_km2 101.41, pop_total 114 677 (31.12.2023):
114 677 / 101.41 = 1 130.825…  (the VG5000 1:5 Mio shape gives ≈ 74.76 km², i.e. ≈ 1 534).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import geopandas as gpd
import pytest

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import RAW_DIR, write_store
from data_layer.crs import EQUAL_AREA
from data_layer.errors import ImportValidationError
from tests.conftest import FIXTURE_PACKAGE


@pytest.fixture(scope="module")
def germany_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from data_layer.build.adapters.germany import build_germany_package

    out = tmp_path_factory.mktemp("de") / "de.duckdb"
    write_store(out, [build_germany_package(RAW_DIR / "germany_admin")])
    return out


def _one(db: Path, sql: str, *params: object) -> float:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql, list(params)).fetchone()
    assert row is not None
    return float(row[0])


def test_bremerhaven_density_uses_the_official_area(germany_store: Path) -> None:
    area = _one(germany_store, "SELECT area_km2 FROM areas WHERE area_id = 'de2024:04012000'")
    assert area == pytest.approx(101.41)
    density = _one(
        germany_store,
        "SELECT value FROM indicator_values WHERE area_id = 'de2024:04012000' "
        "AND indicator_id = 'pop_density' AND period = '2023-12-31'",
    )
    assert density == pytest.approx(1130.825, abs=0.001)  # 114 677 / 101.41


def test_kreis_and_land_areas_are_sums_of_official_gemeinde_areas(germany_store: Path) -> None:
    # Bremen (04) = Bremen, Stadt 318.2 + Bremerhaven 101.41 (same CSV)
    assert _one(germany_store, "SELECT area_km2 FROM areas WHERE area_id = 'de2024:04'") == (
        pytest.approx(318.2 + 101.41)
    )


def test_catalogue_says_which_area_a_density_divides_by(germany_store: Path) -> None:
    with duckdb.connect(str(germany_store), read_only=True) as con:
        row = con.execute(
            "SELECT definition FROM indicators WHERE indicator_id = 'pop_density'"
        ).fetchone()
    assert row is not None
    assert "amtliche Fläche" in row[0] and "Gebietsgeometrie" in row[0]


def test_areas_without_an_official_area_keep_their_geometry_area(tmp_path: Path) -> None:
    out = tmp_path / "mitte.duckdb"
    write_store(out, [read_package(FIXTURE_PACKAGE)])
    shapes = gpd.read_file(FIXTURE_PACKAGE / "areas.geojson").to_crs(EQUAL_AREA)
    expected = dict(zip(shapes["area_id"], shapes.geometry.area / 1e6, strict=True))
    with duckdb.connect(str(out), read_only=True) as con:
        stored = dict(con.execute("SELECT local_id, area_km2 FROM areas").fetchall())
    assert stored.keys() == expected.keys()
    assert all(stored[k] == pytest.approx(v, rel=1e-6) for k, v in expected.items())


def _with_area(package_copy: Path, value: object) -> None:
    path = package_copy / "areas.geojson"
    data = json.loads(path.read_text())
    data["features"][1]["properties"]["area_km2"] = value
    path.write_text(json.dumps(data))


def test_a_package_area_column_is_preferred(package_copy: Path, tmp_path: Path) -> None:
    _with_area(package_copy, 2.5)
    out = tmp_path / "paket.duckdb"
    write_store(out, [read_package(package_copy)])
    local = json.loads((package_copy / "areas.geojson").read_text())["features"][1]["properties"]
    got = _one(out, "SELECT area_km2 FROM areas WHERE local_id = ?", local["area_id"])
    assert got == 2.5


def test_a_bad_area_value_names_file_object_and_field(package_copy: Path, tmp_path: Path) -> None:
    _with_area(package_copy, "groß")
    with pytest.raises(ImportValidationError) as err:
        write_store(tmp_path / "x.duckdb", [read_package(package_copy)])
    text = str(err.value)
    assert "areas.geojson" in text and "area_km2" in text and "„groß“ ist keine Zahl" in text
    assert "Objekt 2" in text
