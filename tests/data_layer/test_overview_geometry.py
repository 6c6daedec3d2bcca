"""Overview geometry: coverage simplification, snapping, hierarchy, and all 10 956 Gemeinden."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from data_layer import overview_geometry as og
from data_layer.build.overview_table import write_overview_geometry
from data_layer.build.store import create_schema

DEMO_DB = Path(__file__).resolve().parents[2] / "data" / "planungsatlas.duckdb"
_TO_M = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)


def _metric(geoms: np.ndarray) -> np.ndarray:
    return np.asarray(
        shapely.transform(geoms, lambda c: np.column_stack(_TO_M.transform(c[:, 0], c[:, 1]))),
        dtype=object,
    )


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ((0, 0, 870_000, 640_000), 1740.0),  # Germany: 870 km north–south
        ((0, 0, 45_000, 38_000), 90.0),  # Berlin
        ((0, 0, 1_000, 1_000), 5.0),  # lower bound
        ((0, 0, 5_000_000, 10), 5000.0),  # upper bound
        ((0, 0, 12_345, 0), 20.0),  # 24.69 m → rounded to 10 m
    ],
)
def test_overview_tolerance(bounds: tuple[float, ...], expected: float) -> None:
    assert og.overview_tolerance(bounds) == expected


@pytest.mark.parametrize(
    ("tolerance", "grid"), [(1740.0, 1e-3), (1110.0, 1e-3), (1100.0, 1e-4), (90.0, 1e-5)]
)
def test_overview_grid(tolerance: float, grid: float) -> None:
    assert og.overview_grid(tolerance) == pytest.approx(grid)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan")])
def test_bad_tolerances_raise(bad: float) -> None:
    with pytest.raises(ValueError, match="Toleranz"):
        og.overview_grid(bad)
    if not np.isnan(bad):
        with pytest.raises(ValueError, match="Toleranz"):
            og.simplify_coverage(np.array([shapely.box(0, 0, 1, 1)], dtype=object), bad)


def test_shared_zigzag_border_is_simplified_once() -> None:
    """Two squares share a border with ten 2 m teeth; at 3 m one tooth is left – in both."""
    teeth = [(10 + (2 if i % 2 else 0), i) for i in range(0, 11)]
    left = shapely.Polygon([(0, 0), *teeth, (0, 10)])
    right = shapely.Polygon([*teeth, (20, 10), (20, 0)])
    out = og.simplify_coverage(np.array([left, right], dtype=object), 3.0)
    assert shapely.coverage_is_valid(out)
    assert shapely.get_num_coordinates(out).tolist() == [6, 6]  # from 14 each
    assert shapely.area(out).tolist() == [110.0, 90.0]  # tooth of 10 m²; sum 200: no gap
    shared = shapely.intersection(out[0], out[1])
    assert shapely.get_type_id(shared) in (1, 5)  # a common line, never an area
    assert shapely.get_coordinates(shared).tolist() == [[10, 0], [12, 9], [12, 9], [10, 10]]


def test_snap_keeps_tiny_areas_and_shared_vertices() -> None:
    a = shapely.box(13.4001, 52.5001, 13.4104, 52.5102)
    b = shapely.box(13.4104, 52.5001, 13.4203, 52.5102)  # shares a's east edge
    tiny = shapely.box(13.45001, 52.50001, 13.45031, 52.50021)  # ≈ 20 m: collapses on 0.001°
    out = og.snap(np.array([a, b, tiny], dtype=object), 1e-3)
    assert shapely.get_coordinates(out[0]).max(axis=0).tolist() == pytest.approx([13.41, 52.51])
    assert shapely.get_coordinates(out[1]).min(axis=0).tolist() == pytest.approx([13.41, 52.5])
    assert shapely.area(shapely.intersection(out[0], out[1])) == 0.0
    assert shapely.area(out[2]) > 0  # kept on the finer grid
    assert shapely.is_valid(out).all()


def test_parents_are_the_union_of_their_simplified_children() -> None:
    """A Land of two Kreise with two Gemeinden each (EPSG:4326 boxes)."""
    boxes = {
        "g1": (10.0, 50.0, 10.5, 50.5),
        "g2": (10.5, 50.0, 11.0, 50.5),
        "g3": (10.0, 50.5, 10.5, 51.0),
        "g4": (10.5, 50.5, 11.0, 51.0),
    }
    rows = [("L", None, 0, (10.0, 50.0, 11.0, 51.0))]
    rows += [("K1", "L", 1, (10.0, 50.0, 11.0, 50.5)), ("K2", "L", 1, (10.0, 50.5, 11.0, 51.0))]
    rows += [(g, "K1" if g in ("g1", "g2") else "K2", 2, b) for g, b in boxes.items()]
    frame = pd.DataFrame(
        {
            "area_id": [r[0] for r in rows],
            "system_code": "t",
            "level_rank": [r[2] for r in rows],
            "parent_id": [r[1] for r in rows],
            "geometry": [shapely.to_wkb(shapely.box(*r[3])) for r in rows],
        }
    )
    out = og.overview_frame(frame).set_index("area_id")
    geo = {a: shapely.from_wkb(w) for a, w in out["geometry"].items()}
    assert list(out.index) == ["L", "K1", "K2", "g1", "g2", "g3", "g4"]
    assert shapely.equals(geo["K1"], shapely.union_all([geo["g1"], geo["g2"]]))
    assert shapely.equals(geo["L"], shapely.union_all([geo[g] for g in boxes]))
    assert shapely.area(geo["g1"]) == pytest.approx(0.25)
    assert set(out["tolerance_m"]) == {220.0}  # 111 km north–south / 500


def test_missing_columns_raise() -> None:
    with pytest.raises(ValueError, match="parent_id"):
        og.overview_frame(pd.DataFrame({"area_id": [], "system_code": [], "level_rank": []}))


@pytest.fixture(scope="module")
def germany() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The de2024 areas of the demo store and their overview geometry (computed here)."""
    assert DEMO_DB.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    with duckdb.connect(str(DEMO_DB), read_only=True) as conn:
        areas = conn.execute(
            "SELECT area_id, system_code, level, level_rank, parent_id, geometry FROM areas "
            "WHERE system_code = 'de2024' ORDER BY level_rank, area_id"
        ).df()
    return areas, og.overview_frame(areas)


def test_every_gemeinde_has_a_valid_non_empty_overview(germany: tuple) -> None:
    areas, out = germany
    gem = areas["level"] == "Gemeinde"
    assert gem.sum() == 10_956
    assert out["area_id"].tolist() == areas["area_id"].tolist()
    geo = shapely.from_wkb(out["geometry"][gem.to_numpy()].map(bytes).tolist())
    assert not shapely.is_empty(geo).any()
    assert (shapely.area(geo) > 0).all()
    assert shapely.is_valid(geo).all()
    assert set(shapely.get_type_id(geo)) <= {3, 6}
    assert set(out["tolerance_m"]) == {1730.0}
    coords = shapely.get_coordinates(geo)
    assert np.abs(coords * 1000 - np.round(coords * 1000)).max() < 1e-6  # on the 0.001° grid
    assert shapely.get_num_coordinates(geo).sum() < 100_000  # VG5000 display: 170 086


def test_neighbours_neither_overlap_nor_open_gaps(germany: tuple) -> None:
    areas, out = germany
    gem = (areas["level"] == "Gemeinde").to_numpy()
    geo = _metric(shapely.from_wkb(out["geometry"][gem].map(bytes).tolist()))
    orig = _metric(shapely.from_wkb(areas["geometry"][gem].map(bytes).tolist()))
    union = shapely.union_all(geo)
    overlap_km2 = (shapely.area(geo).sum() - union.area) / 1e6
    assert overlap_km2 < 0.5  # snapping to the grid: 0.06 km² in all of Germany
    # gaps between neighbours would show up as holes in the union that the original lacks
    holes = sum(shapely.Polygon(r).area for p in shapely.get_parts(union) for r in p.interiors)
    orig_union = shapely.union_all(orig)
    orig_holes = sum(
        shapely.Polygon(r).area for p in shapely.get_parts(orig_union) for r in p.interiors
    )
    assert abs(holes - orig_holes) / 1e6 < 1.0
    # the area of Germany changes only along the outer border
    assert abs(union.area - orig_union.area) / orig_union.area < 0.002


def test_kreise_and_laender_follow_the_gemeinde_borders(germany: tuple) -> None:
    areas, out = germany
    geo = pd.Series(shapely.from_wkb(out["geometry"].map(bytes).tolist()), index=out["area_id"])
    parent = areas.set_index("area_id")["parent_id"]
    kreis = "de2024:09162"  # München, kreisfreie Stadt: Kreis = Gemeinde 09162000
    assert parent["de2024:09162000"] == kreis
    assert shapely.equals(geo[kreis], geo["de2024:09162000"])
    bayern = shapely.union_all(geo[parent[parent == "de2024:09"].index].tolist())
    assert shapely.equals(geo["de2024:09"], bayern)


def test_write_overview_geometry_fills_the_table(tmp_path: Path) -> None:
    """The build step on a store with the Länder of the demo store (16 areas)."""
    store = tmp_path / "s.duckdb"
    with duckdb.connect(str(store)) as conn:
        create_schema(conn)
        conn.execute(f"ATTACH '{DEMO_DB}' AS demo (READ_ONLY)")
        conn.execute(
            "INSERT INTO areas SELECT * FROM demo.areas "
            "WHERE system_code = 'de2024' AND level IN ('Bund', 'Land')"
        )
        assert write_overview_geometry(conn) == ["overview:1"]
        n, empty = conn.execute(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE octet_length(geometry) < 100) "
            "FROM area_geometry_overview"
        ).fetchone()
    assert (n, empty) == (17, 0)


def test_the_build_writes_one_overview_row_per_area(conn: duckdb.DuckDBPyConnection) -> None:
    """The fixture store (tests/conftest.py) is written by data_layer.build.pipeline.write_store."""
    counts = conn.execute(
        "SELECT (SELECT COUNT(*) FROM areas), (SELECT COUNT(*) FROM area_geometry_overview), "
        "(SELECT COUNT(*) FROM areas JOIN area_geometry_overview USING (area_id))"
    ).fetchone()
    assert counts[0] > 0
    assert counts == (counts[0], counts[0], counts[0])
