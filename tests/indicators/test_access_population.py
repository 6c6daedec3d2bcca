"""Age bands, levels, distances and scenario changes of Bedarf und Angebot, with hand-worked numbers.

These functions moved from the page's cache module (features/demand_supply/cache.py) and page
(gap change) into indicators/access/ (#13); the numbers below are worked out by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.access.distances import Distances, aligned_distances, centroid_distances
from indicators.access.levels import leaf_centroids, leaf_to_level, level_order, lowest_level
from indicators.access.model import scenario_change, snapshot_table
from indicators.access.population import (
    band_tiles,
    common_periods,
    finest_bands,
    nearest_period,
    population_by_band,
    tiling_periods,
    with_empty_areas_in_fine_bands,
)
from indicators.access.service_groups import (
    example_service,
    group_bands,
    group_services,
    service_by_id,
)
from indicators.access.service_types import CapacityShare
from tests.oracles import demand_from_projection

# --------------------------------------------------------------------------- age bands


def _bands(pairs: list[tuple[float, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "age_from": [a for a, _ in pairs],
            "age_to": [np.nan if b is None else b for _, b in pairs],
        }
    )


def test_finest_bands_drop_every_band_that_contains_another() -> None:
    # 0–6 contains 0–1 and 1–3; 3–open contains 6–open; 0–1, 1–3, 6–open are the atoms
    b = _bands([(0, 6), (0, 1), (1, 3), (3, None), (6, None)])
    atoms = finest_bands(b)
    assert atoms["age_from"].tolist() == [0.0, 1.0, 6.0]
    assert atoms["age_to"].tolist()[:2] == [1.0, 3.0] and math.isnan(atoms["age_to"].iloc[2])


def test_band_tiles_needs_an_exact_partition() -> None:
    b = _bands([(0, 1), (1, 3), (3, 6), (6, None)])
    assert band_tiles(b, 0, 3)  # 0–1 + 1–3
    assert band_tiles(b, 3, None)  # 3–6 + 6–open
    assert not band_tiles(b, 0, 2)  # 1–3 crosses 2
    assert not band_tiles(_bands([(0, 1), (2, 3)]), 0, 3)  # a hole at 1–2


def test_tiling_periods_checks_each_stichtag_on_its_own() -> None:
    rows = pd.DataFrame(
        {
            "period": ["2022", "2022", "2023", "2023", "2023"],
            "age_from": [0, 3, 0, 1, 3],
            "age_to": [6, 6, 1, 3, 6],
        }
    )
    assert tiling_periods(rows, 0, 3) == ["2023"]  # 2022 only has 0–6
    assert tiling_periods(rows, 3, 6) == ["2022", "2023"]


def test_common_periods_and_nearest_period() -> None:
    assert common_periods([["2022", "2024"], ["2024", "2023", "2022"]]) == ["2022", "2024"]
    assert common_periods([]) == []
    periods = ["2022-12-31", "2023-12-31", "2024-12-31"]
    # 2023-12-31 → 2024-07-02: 31+29+31+30+31+30+2 = 184 days; → 2024-12-31: 182 days
    assert nearest_period(periods, "2024-07-02") == "2024-12-31"
    assert nearest_period(periods, "2024-07-01") == "2023-12-31"  # 183 = 183: the earlier


def test_empty_areas_get_zero_in_every_fine_band() -> None:
    pop = pd.DataFrame(
        {
            "area_id": ["a", "a", "a", "b", "b"],
            "age_from": [0.0, 1.0, 3.0, 0.0, 3.0],
            "age_to": [1.0, 3.0, np.nan, 3.0, np.nan],
            "count": [4.0, 6.0, 90.0, 0.0, 0.0],
        }
    )
    out = with_empty_areas_in_fine_bands(pop)
    assert out[out["area_id"] == "a"]["count"].tolist() == [4.0, 6.0, 90.0]
    b = out[out["area_id"] == "b"]
    assert b["age_from"].tolist() == [0.0, 1.0, 3.0] and b["count"].sum() == 0.0
    # so band 0–3 now has 10 residents in a and 0 in b (not an error for b)
    assert population_by_band(out, [(0.0, 3.0)])["count"].tolist() == [10.0, 0.0]


def test_population_by_band_sums_the_atoms() -> None:
    pop = pd.DataFrame(
        {
            "area_id": ["a"] * 4 + ["b"] * 4,
            "age_from": [0.0, 1.0, 3.0, 6.0] * 2,
            "age_to": [1.0, 3.0, 6.0, np.nan] * 2,
            "count": [5.0, 7.0, 11.0, 100.0, 1.0, 2.0, 3.0, 50.0],
        }
    )
    out = population_by_band(pop, [(0.0, 3.0), (3.0, 6.0), (6.0, None)])
    got = {(r.area_id, r.age_from): r.count for r in out.itertuples()}
    assert got == {
        ("a", 0.0): 12.0, ("b", 0.0): 3.0, ("a", 3.0): 11.0, ("b", 3.0): 3.0,
        ("a", 6.0): 100.0, ("b", 6.0): 50.0,
    }  # fmt: skip
    assert math.isnan(out["age_to"].iloc[-1])


def test_demand_from_projection_is_quota_times_band() -> None:
    p = pd.DataFrame(
        {"area_id": ["a", "a", "b", "b"], "age_from": [0.0, 3.0, 0.0, 3.0],
         "age_to": [3.0, np.nan, 3.0, np.nan], "count": [200.0, 999.0, 50.0, 1.0]}
    )  # fmt: skip
    demand = demand_from_projection(p, example_service("u3"), 0.4584)
    assert demand.round(3).to_dict() == {"a": 91.68, "b": 22.92}


# --------------------------------------------------------------------------- service groups


def test_service_lookups() -> None:
    shared = CapacityShare("demand_share", "kita", "Plätze geteilt")
    u3 = example_service("u3", shared, (0.0, 3.0))
    ue3 = example_service("ue3", shared, (3.0, 6.0))
    care = example_service("pflege", None, (80.0, None))
    services = (u3, ue3, care)
    assert service_by_id(services, "pflege") is care
    with pytest.raises(KeyError, match="Unbekannte Leistungsart 'x'"):
        service_by_id(services, "x")
    assert group_services(ue3, services) == (u3, ue3)
    assert group_bands(u3, services) == ((0.0, 3.0), (3.0, 6.0))
    assert group_bands(care, services) == ((80.0, None),)


# --------------------------------------------------------------------------- levels


HIER = pd.DataFrame(
    {
        "area_id": ["B", "P1", "P2", "L1", "L2", "L3"],
        "parent_id": [None, "B", "B", "P1", "P1", "P2"],
        "level": ["Bezirk", "PR", "PR", "PLR", "PLR", "PLR"],
        "level_rank": [1, 2, 2, 3, 3, 3],
        "centroid_lon": [13.0, 13.1, 13.2, 13.11, 13.12, 13.21],
        "centroid_lat": [52.0, 52.1, 52.2, 52.11, 52.12, 52.21],
    }
)


def test_levels_of_the_hierarchy() -> None:
    assert lowest_level(HIER) == "PLR"
    assert level_order(HIER) == ["Bezirk", "PR", "PLR"]
    assert leaf_to_level(HIER, "Bezirk").to_dict() == {"L1": "B", "L2": "B", "L3": "B"}
    assert leaf_to_level(HIER, "PR").to_dict() == {"L1": "P1", "L2": "P1", "L3": "P2"}
    assert leaf_to_level(HIER, "PLR").to_dict() == {"L1": "L1", "L2": "L2", "L3": "L3"}
    assert leaf_centroids(HIER).values.tolist() == [
        ["L1", 13.11, 52.11], ["L2", 13.12, 52.12], ["L3", 13.21, 52.21],
    ]  # fmt: skip


# --------------------------------------------------------------------------- distances

#: metres per degree on the mean Earth sphere: π / 180 × 6 371 008,8 m
DEG = math.pi / 180 * 6_371_008.8


def test_centroid_distances_by_hand() -> None:
    cen = pd.DataFrame({"area_id": ["a", "b"], "lon": [0.0, 0.0], "lat": [0.0, 60.0]})
    fac = pd.DataFrame({"facility_id": ["f"], "lon": [1.0], "lat": [60.0]})
    d = centroid_distances(cen, fac)
    assert list(d.row_ids) == ["a", "b"] and list(d.col_ids) == ["f"]
    # a → f: haversine with Δφ = 60°, Δλ = 1° at the equator / 60° N
    a = (
        math.sin(math.radians(30)) ** 2
        + math.cos(0) * math.cos(math.radians(60)) * math.sin(math.radians(0.5)) ** 2
    )
    expected_a = 2 * 6_371_008.8 * math.asin(math.sqrt(a))
    assert d.metres[0, 0] == pytest.approx(expected_a)
    # b → f: one degree of longitude at 60° N ≈ cos 60° × 111 195 m = 55 597 m
    assert d.metres[1, 0] == pytest.approx(0.5 * DEG, rel=1e-4)


def test_aligned_distances_reuse_stored_and_compute_planned() -> None:
    stored = Distances(
        pd.Index(["a", "b"]), pd.Index(["f", "g"]), np.array([[1.0, 2.0], [3.0, 4.0]])
    )
    cen = pd.DataFrame({"area_id": ["a", "b"], "lon": [0.0, 0.0], "lat": [0.0, 1.0]})
    fac = pd.DataFrame({"facility_id": ["g", "plan:1"], "lon": [9.0, 0.0], "lat": [9.0, 0.0]})
    out = aligned_distances(stored, pd.Index(["b", "a"]), fac, cen)
    assert out[:, 0].tolist() == [4.0, 2.0]  # stored column g, rows b, a
    assert out[:, 1] == pytest.approx([DEG, 0.0])  # plan:1 at a's centroid; b is 1° north
    with pytest.raises(ValueError, match="fehlen Entfernungen"):
        aligned_distances(stored, pd.Index(["z"]), fac, cen)


def test_aligned_distances_of_the_stored_sets_are_the_stored_matrix_read_only() -> None:
    metres = np.array([[1.0, 2.0], [3.0, 4.0]])
    stored = Distances(pd.Index(["a", "b"]), pd.Index(["f", "g"]), metres)
    cen = pd.DataFrame({"area_id": ["a", "b"], "lon": [0.0, 0.0], "lat": [0.0, 1.0]})
    fac = pd.DataFrame({"facility_id": ["f", "g"], "lon": [9.0, 9.0], "lat": [9.0, 9.0]})
    out = aligned_distances(stored, pd.Index(["a", "b"]), fac, cen)
    assert out.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert np.shares_memory(out, metres)  # no copy
    with pytest.raises(ValueError, match="read-only"):
        out[0, 0] = 99.0
    assert metres[0, 0] == 1.0 and metres.flags.writeable  # the cache's own array untouched
    swapped = aligned_distances(stored, pd.Index(["a", "b"]), fac.iloc[::-1], cen)
    assert swapped.tolist() == [[2.0, 1.0], [4.0, 3.0]]  # another order: picked, a copy
    assert not np.shares_memory(swapped, metres)


# --------------------------------------------------------------------------- scenario, snapshots


def test_scenario_change_matches_areas_by_id() -> None:
    # PLR 01100101 (tests/pages/test_bedarf_angebot.py): gap −27,5; 100 new places × 0,30679
    base = pd.DataFrame({"area_id": ["x", "y"], "gap": [-27.5, 10.0], "acc_gap": [-5.0, 1.0]})
    new = pd.DataFrame(
        {"area_id": ["y", "x", "z"], "gap": [10.0, 3.179, 0.0], "acc_gap": [6.0, 20.679, 1.0]}
    )
    out = scenario_change(new, base)
    assert out["area_id"].tolist() == ["y", "x", "z"]
    assert out["gap_change"].tolist()[:2] == pytest.approx([0.0, 30.679])
    assert out["acc_gap_change"].tolist()[:2] == pytest.approx([5.0, 25.679])
    assert out[["gap_change", "acc_gap_change"]].iloc[2].isna().all()


def test_snapshot_table_puts_snapshots_side_by_side() -> None:
    def bal(supply: list[float], demand: list[float]) -> pd.DataFrame:
        s, d = np.array(supply), np.array(demand)
        return pd.DataFrame(
            {"area_id": ["a", "b"], "supply": s, "gap": s - d, "demand": d,
             "coverage_pct": s / d * 100}
        )  # fmt: skip

    out = snapshot_table(
        {"2025-01-01": bal([10, 20], [20, 20]), "2026-01-01": bal([15, 20], [20, 25])}, ["b", "a"]
    )
    assert out["area_id"].tolist() == ["a", "b"]
    assert out["gap_2025-01-01"].tolist() == [-10.0, 0.0]
    assert out["gap_2026-01-01"].tolist() == [-5.0, -5.0]
    assert out["coverage_2026-01-01"].tolist() == [75.0, 80.0]
    assert (out["supply_2026-01-01"] - out["supply_2025-01-01"]).tolist() == [5.0, 0.0]
