"""E2SFCA, distance decay and what-if helpers: hand-worked fixtures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.access.catchment import (
    OPERATOR_TYPES,
    Points,
    add_facility,
    close_facility,
    decay_weights,
    demand_points,
    e2sfca,
    haversine_m,
    supply_points,
)
from indicators.access.service_types import DecayConfig

LUO_QI = DecayConfig("step", (1 / 3, 2 / 3, 1.0), (1.0, 0.68, 0.22), "Luo & Qi 2009")

# Hand-worked fixture: 3 areas, 2 facilities, radius 900 m -> zones 0–300 / –600 / –900 m.
#            F1 (60 places)   F2 (40 places)
# A (D=100)  100 m  w=1.00    700 m  w=0.22
# B (D= 50)  400 m  w=0.68    200 m  w=1.00
# C (D= 30) 1000 m  w=0       500 m  w=0.68
# Step 1: F1 weighted demand = 100·1 + 50·0.68 = 134      -> R1 = 60/134  = 30/67
#         F2 weighted demand = 100·0.22 + 50 + 30·0.68 = 92.4 -> R2 = 40/92.4 = 100/231
# Step 2: A = R1 + 0.22·R2 = 30/67 + 22/231      = 0.542999...
#         B = 0.68·R1 + R2 = 20.4/67 + 100/231   = 0.737378...
#         C = 0.68·R2      = 68/231              = 0.294372...
# Check: 100·A + 50·B + 30·C = 60 + 40 = 100 places (supply conserved).
DIST = np.array([[100.0, 700.0], [400.0, 200.0], [1000.0, 500.0]])
DEMAND = Points(["A", "B", "C"], [0.0] * 3, [0.0] * 3, [100.0, 50.0, 30.0])
SUPPLY = Points(["F1", "F2"], [0.0] * 2, [0.0] * 2, [60.0, 40.0])
R1, R2 = 30 / 67, 100 / 231
ACCESS = [R1 + 0.22 * R2, 0.68 * R1 + R2, 0.68 * R2]


def test_hand_worked_e2sfca() -> None:
    r = e2sfca(DEMAND, SUPPLY, 900.0, LUO_QI, distance_matrix=DIST)
    assert r.facilities["weighted_demand"].tolist() == pytest.approx([134.0, 92.4])
    assert r.facilities["ratio"].tolist() == pytest.approx([R1, R2])
    assert r.areas["access"].tolist() == pytest.approx(ACCESS)
    assert r.areas["coverage_pct"].tolist() == pytest.approx([54.2999, 73.7378, 29.4372], abs=1e-4)
    assert r.areas["gap"].tolist() == pytest.approx(
        [100 * ACCESS[0] - 100, 50 * ACCESS[1] - 50, 30 * ACCESS[2] - 30]
    )
    assert (r.areas["demand"] * r.areas["access"]).sum() == pytest.approx(100.0)


def test_unreachable_facility_and_area() -> None:
    """F2 only reaches C, which has no demand: R2 is NaN and F2 does not count."""
    dist = np.array([[100.0, np.inf], [np.nan, 5000.0], [2000.0, 50.0]])
    demand = Points(["A", "B", "C"], [0.0] * 3, [0.0] * 3, [10.0, 20.0, 0.0])
    r = e2sfca(demand, SUPPLY, 900.0, DecayConfig("none"), distance_matrix=dist)
    assert r.facilities["reaches_demand"].tolist() == [True, False]
    assert np.isnan(r.facilities["ratio"].iloc[1])
    assert r.areas["access"].tolist() == [6.0, 0.0, 0.0]  # A gets all 60 places
    assert r.areas["gap"].tolist() == [50.0, -20.0, 0.0]


def test_haversine_path_matches_distance_matrix() -> None:
    """Coordinates in Berlin; e2sfca(coords, detour) == e2sfca(matrix = detour × haversine)."""
    demand = Points(
        ["a", "b", "c"], [13.40, 13.41, 13.43], [52.52, 52.52, 52.53], [40.0, 25.0, 10.0]
    )
    supply = Points(["f", "g"], [13.405, 13.425], [52.521, 52.528], [30.0, 20.0])
    matrix = 1.3 * haversine_m(
        np.asarray(demand.lon)[:, None], np.asarray(demand.lat)[:, None],
        np.asarray(supply.lon)[None, :], np.asarray(supply.lat)[None, :],
    )  # fmt: skip
    for radius in (800.0, 1500.0, 100_000.0):  # sparse and dense (> 30 % of pairs) paths
        a = e2sfca(demand, supply, radius, LUO_QI, detour_factor=1.3)
        b = e2sfca(demand, supply, radius, LUO_QI, distance_matrix=matrix)
        pd.testing.assert_frame_equal(a.areas, b.areas, rtol=1e-9)
    assert e2sfca(demand, supply, 100_000.0, LUO_QI, 1.3).areas["access"].tolist() == pytest.approx(
        [50 / 75] * 3
    )


@pytest.mark.parametrize(
    ("lon1", "lat1", "lon2", "lat2", "metres"),
    [
        (13.0, 52.0, 13.0, 53.0, 111_195.08),  # 1° latitude = R·π/180
        (0.0, 0.0, 1.0, 0.0, 111_195.08),  # 1° longitude on the equator
        (13.4, 52.5, 13.4, 52.5, 0.0),
    ],
)
def test_haversine(lon1: float, lat1: float, lon2: float, lat2: float, metres: float) -> None:
    assert float(haversine_m(lon1, lat1, lon2, lat2)) == pytest.approx(metres, abs=0.01)


@pytest.mark.parametrize(
    ("decay", "expected"),
    [
        (LUO_QI, [1.0, 1.0, 0.68, 0.22, 0.22, 0.0]),
        (DecayConfig("none"), [1.0, 1.0, 1.0, 1.0, 1.0, 0.0]),
        # (exp(-0.5 (d/900)^2) - e^-0.5) / (1 - e^-0.5)
        (DecayConfig("gaussian"), [1.0, 0.8627, 0.5671, 0.4928, 0.0, 0.0]),
    ],
)
def test_decay_weights(decay: DecayConfig, expected: list[float]) -> None:
    w = decay_weights([0.0, 300.0, 550.0, 600.5, 900.0, 900.1], 900.0, decay)
    assert w.tolist() == pytest.approx(expected, abs=1e-4)


def test_input_errors() -> None:
    with pytest.raises(ValueError, match="Form"):
        e2sfca(DEMAND, SUPPLY, 900.0, LUO_QI, distance_matrix=DIST.T)
    with pytest.raises(ValueError, match="Umwegfaktor"):
        e2sfca(DEMAND, SUPPLY, 900.0, LUO_QI, detour_factor=0.9)
    with pytest.raises(ValueError, match="nicht eindeutig"):
        e2sfca(Points(["A", "A"], [0, 0], [0, 0], [1, 1]), SUPPLY, 900.0, LUO_QI)
    with pytest.raises(ValueError, match="≥ 0"):
        e2sfca(DEMAND, SUPPLY._replace(weight=[np.nan, 1.0]), 900.0, LUO_QI)
    with pytest.raises(ValueError, match="Koordinaten fehlen"):
        e2sfca(DEMAND, SUPPLY._replace(lon=[np.nan, 0.0]), 900.0, LUO_QI)


def _facilities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "facility_id": ["k1", "plan:4", "k2"],
            "service_type": ["Kita", "Kita", "Kita"],
            "name": ["A", "B", "C"],
            "capacity": [50.0, 20.0, np.nan],
            "operator": ["x", "y", "z"],
            "operator_type": ["privat", "öffentlich", "unbekannt"],
            "lon": [13.4, 13.41, 13.42],
            "lat": [52.5, 52.5, 52.5],
            "area_id": ["a", "a", "b"],
            "data_date": ["2026-01", "2026-01", "2026-01"],
        }
    )


def test_add_and_close_facility() -> None:
    fac = _facilities()
    new = add_facility(fac, 13.43, 52.51, 80, "Neue Kita", "frei-gemeinnützig", area_id="b")
    pd.testing.assert_frame_equal(fac, _facilities())  # input untouched
    assert new["facility_id"].tolist() == ["k1", "plan:4", "k2", "plan:5"]
    last = new.iloc[-1]
    assert (last["capacity"], last["service_type"], last["area_id"]) == (80.0, "Kita", "b")
    assert pd.isna(last["data_date"])
    assert new.dtypes.equals(fac.dtypes)
    closed = close_facility(new, "k1")
    assert closed["facility_id"].tolist() == ["plan:4", "k2", "plan:5"]
    assert len(new) == 4
    with pytest.raises(ValueError, match="nicht gefunden"):
        close_facility(fac, "k9")
    with pytest.raises(ValueError, match="Trägerart"):
        add_facility(fac, 13.4, 52.5, 10, "X", "kommunal")
    with pytest.raises(ValueError, match="service_type angeben"):
        add_facility(
            fac.assign(service_type=["Kita", "Kita", "Pflegeheim"]), 13.4, 52.5, 1, "X", "privat"
        )


def test_points_helpers() -> None:
    with pytest.raises(ValueError, match="1 Einrichtungen \\(Kita\\) ohne Platzzahl"):
        supply_points(_facilities(), "Kita")
    counted = supply_points(_facilities(), "Kita", mode="count")
    assert list(counted.weight) == [1.0, 1.0, 1.0]
    shared = supply_points(_facilities().dropna(subset=["capacity"]), "Kita", capacity_share=0.5)
    assert list(shared.weight) == [25.0, 10.0]
    cent = pd.DataFrame({"area_id": ["b", "a"], "lon": [13.5, 13.4], "lat": [52.6, 52.5]})
    dp = demand_points(cent, pd.Series([3.0, 4.0], index=["a", "b"]))
    assert (list(dp.ids), list(dp.lon), list(dp.weight)) == (["a", "b"], [13.4, 13.5], [3.0, 4.0])
    with pytest.raises(ValueError, match="Bedarf unbekannt"):
        demand_points(cent, pd.Series([np.nan], index=["a"]))


def test_operator_types_match_the_package_contract() -> None:
    from data_layer.build.package import OPERATOR_TYPES as CONTRACT

    assert OPERATOR_TYPES == CONTRACT
