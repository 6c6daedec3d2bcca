"""Demand points of the catchment (E2SFCA): one representative point per lowest-level area;
coarser levels combine the points of their areas weighted by demand (#15).

Hand-worked fixture (decay "none", radius 800 m, detour 1): Bezirk B holds L1 and L2.
L1: 60 children under 3 × quota 0,5 = 30 demanded places, its point at 13,40° E 52,50° N.
L2: 20 children × 0,5 = 10 demanded places, its point 0,07° further east (≈ 4,7 km).
One Kita, 20 places, 100 m north of L1's point: it reaches L1 only.
Step 1: R = 20 / 30. Step 2: access L1 = 2/3 (20 reachable places), L2 = 0.
Bezirk B: reachable 20 + 0 = 20 of 40 demanded places → 50 %, Fehlbedarf 20.
One point for all of B (its stored point lies in L2, far from the Kita) would give 0 %;
the coarse point is never used.
"""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon

from indicators.access.levels import leaf_centroids, leaf_to_level
from indicators.access.model import Settings, compute
from indicators.access.service_types import DecayConfig, ServiceType, SourceRef

U3 = ServiceType(
    id="u3", name="Kita unter 3", age_from=0, age_to=3, target_note="t", quota=0.5,
    quota_status="Annahme", quota_source=SourceRef("p", "pub", 2020), quota_note="n",
    quota_slider=(0.0, 1.0, 0.01), service_type="Kita", capacity_mode="places",
    capacity_share=None, catchment_radius_m=800.0, catchment_status="Annahme",
    catchment_rationale="r", decay=DecayConfig("none"),
)  # fmt: skip
SETTINGS = Settings(U3, (U3,), 0.5, 800.0, 1.0, "places")
#: 100 m north of L1's point: 100 / 111 195 m per degree of latitude
KITA_LAT = 52.5 + 100 / 111_195

HIERARCHY = pd.DataFrame(
    {
        "area_id": ["B", "L1", "L2"],
        "level": ["Bezirk", "PLR", "PLR"],
        "level_rank": [1, 2, 2],
        "parent_id": [None, "B", "B"],
        "centroid_lon": [13.47, 13.40, 13.47],  # B's own point lies in L2
        "centroid_lat": [52.50, 52.50, 52.50],
    }
)
POP = pd.DataFrame(
    {"area_id": ["L1", "L2"], "age_from": [0.0, 0.0], "age_to": [3.0, 3.0], "count": [60.0, 20.0]}
)
FAC = pd.DataFrame(
    {
        "facility_id": ["k1"],
        "service_type": ["Kita"],
        "capacity": [20.0],
        "lon": [13.40],
        "lat": [KITA_LAT],
        "area_id": ["L1"],
    }
)


def test_demand_points_are_the_lowest_level_points_only() -> None:
    points = leaf_centroids(HIERARCHY)
    assert points.values.tolist() == [["L1", 13.40, 52.50], ["L2", 13.47, 52.50]]


def test_lowest_level_access_is_hand_worked() -> None:
    leaf = leaf_to_level(HIERARCHY, "PLR")
    out = compute(POP, FAC, leaf_centroids(HIERARCHY), leaf, SETTINGS)
    t = out.table.set_index("area_id")
    assert t.loc["L1", "acc_supply"] == pytest.approx(20.0)
    assert t.loc["L1", "acc_coverage_pct"] == pytest.approx(200 / 3)
    assert t.loc["L2", "acc_supply"] == pytest.approx(0.0)
    assert t.loc["L2", "acc_gap"] == pytest.approx(-10.0)


def test_coarse_level_is_weighted_by_the_demand_of_its_areas() -> None:
    leaf = leaf_to_level(HIERARCHY, "Bezirk")
    out = compute(POP, FAC, leaf_centroids(HIERARCHY), leaf, SETTINGS)
    row = out.table.set_index("area_id").loc["B"]
    assert row["demand"] == pytest.approx(40.0)
    assert row["acc_supply"] == pytest.approx(20.0)
    assert row["acc_coverage_pct"] == pytest.approx(50.0)
    assert row["acc_gap"] == pytest.approx(-20.0)
    assert out.unreached_facilities == 0


def test_representative_point_lies_inside_a_u_shaped_area() -> None:
    """The stored point is shapely's point on the surface: inside, where the centroid is not."""
    u_shape = Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
    assert not u_shape.contains(u_shape.centroid)  # centroid (1,5 | 1,27) is in the notch
    assert u_shape.contains(shapely.point_on_surface(u_shape))


def test_demo_store_demand_points_lie_in_their_areas() -> None:
    """Every Planungsraum of the demo store has its demand point inside its own boundary."""
    import duckdb

    from tests.conftest import DEMO_DB

    if not DEMO_DB.is_file():
        pytest.skip("Demo-Datenbasis fehlt (python -m data_layer.build)")
    con = duckdb.connect(str(DEMO_DB), read_only=True)
    rows = con.execute(
        "SELECT centroid_lon, centroid_lat, geometry FROM areas WHERE level = ? AND system_code = ?",
        ["Planungsraum", "lor2021"],
    ).fetchall()
    con.close()
    assert len(rows) == 542
    shapes = shapely.from_wkb([bytes(g) for _, _, g in rows])
    points = shapely.points([lon for lon, _, _ in rows], [lat for _, lat, _ in rows])
    inside = shapely.contains(shapes, points) | (shapely.distance(shapes, points) < 1e-6)
    assert int(inside.sum()) == 542
