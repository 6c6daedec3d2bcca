"""Packages of other shapes (#14): estimated age bands, analysis base level, demand without
facilities – with hand-worked numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.access.levels import ancestor_at, down_to, lowest_level
from indicators.access.model import demand_only
from indicators.access.population import (
    band_covered,
    covering_periods,
    estimated_population_by_band,
    population_by_band,
)


def _pop(rows: list[tuple[str, float, float | None, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(a, lo, np.nan if hi is None else hi, n) for a, lo, hi, n in rows],
        columns=["area_id", "age_from", "age_to", "count"],
    )


def test_flat_reference_splits_under_18_by_years() -> None:
    # 180 under 18, flat profile: 10 per year → 0–3: 30, 3–6: 30; 65+ untouched
    pop = _pop([("a", 0, 18, 180.0), ("a", 18, 65, 470.0), ("a", 65, None, 99.0)])
    out = estimated_population_by_band(pop, [(0.0, 3.0), (3.0, 6.0)], np.ones(101))
    assert out["count"].tolist() == pytest.approx([30.0, 30.0])


def test_reference_shape_is_followed_and_band_total_kept() -> None:
    # reference 2,1,1 for ages 0,1,2 (then 0): 40 under 3 → age 0: 20, ages 1–2: 20
    ref = np.r_[2.0, 1.0, 1.0, np.zeros(98)]
    pop = _pop([("a", 0, 3, 40.0)])
    out = estimated_population_by_band(pop, [(0.0, 1.0), (1.0, 3.0)], ref)
    assert out["count"].tolist() == pytest.approx([20.0, 20.0])
    assert out["count"].sum() == pytest.approx(40.0)


def test_open_band_uses_the_reference_tail() -> None:
    # 65+ = 300; reference 1 per age 65–79, 0.5 per age 80–99, 0 at 100+: 15 vs 10 → 80+ = 120
    ref = np.r_[np.ones(80), np.full(20, 0.5), 0.0]
    pop = _pop([("a", 65, None, 300.0)])
    out = estimated_population_by_band(pop, [(80.0, None)], ref)
    assert out["count"].tolist() == pytest.approx([120.0])


def test_fine_bands_give_the_exact_counts() -> None:
    pop = _pop([("a", 0, 1, 5.0), ("a", 1, 3, 7.0), ("a", 3, 6, 9.0), ("b", 0, 1, 1.0),
                ("b", 1, 3, 2.0), ("b", 3, 6, 3.0)])  # fmt: skip
    bands = [(0.0, 3.0), (3.0, 6.0)]
    ref = np.linspace(2.0, 1.0, 101)
    est = estimated_population_by_band(pop, bands, ref)
    exact = population_by_band(pop, bands)
    pd.testing.assert_frame_equal(
        est.sort_values(["area_id", "age_from"]).reset_index(drop=True),
        exact.sort_values(["area_id", "age_from"]).reset_index(drop=True),
        check_dtype=False,
    )


def test_unknown_count_stays_unknown() -> None:
    pop = _pop([("a", 0, 18, np.nan), ("b", 0, 18, 18.0)])
    out = estimated_population_by_band(pop, [(0.0, 3.0)], np.ones(101)).set_index("area_id")
    assert np.isnan(out.loc["a", "count"])
    assert out.loc["b", "count"] == pytest.approx(3.0)


def test_which_bands_can_be_estimated() -> None:
    coarse = pd.DataFrame({"age_from": [0, 0, 18, 65], "age_to": [None, 18, 65, None]})
    assert band_covered(coarse, 0, 3) and band_covered(coarse, 80, None)
    assert band_covered(coarse, 6, 18)
    # never from the total alone, never across a hole
    assert not band_covered(pd.DataFrame({"age_from": [0], "age_to": [None]}), 0, 3)
    assert not band_covered(pd.DataFrame({"age_from": [0, 65], "age_to": [18, None]}), 15, 25)
    bands = pd.DataFrame(
        {"period": ["2021", "2022", "2022"], "age_from": [0, 0, 0], "age_to": [None, None, 18]}
    )
    assert covering_periods(bands, 0, 3) == ["2022"]


def test_base_level_cuts_finer_levels_and_maps_them_up() -> None:
    h = pd.DataFrame(
        {
            "area_id": ["S", "T1", "T2", "B1", "B2", "B3"],
            "parent_id": [None, "S", "S", "T1", "T1", "T2"],
            "level": ["Stadt", "Stadtteil", "Stadtteil", "Bezirk", "Bezirk", "Bezirk"],
            "level_rank": [0, 1, 1, 2, 2, 2],
        }
    )
    cut = down_to(h, "Stadtteil")
    assert lowest_level(cut) == "Stadtteil"
    assert cut["area_id"].tolist() == ["S", "T1", "T2"]
    up = ancestor_at(h, "Stadtteil")
    assert up.to_dict() == {"T1": "T1", "T2": "T2", "B1": "T1", "B2": "T1", "B3": "T2"}
    with pytest.raises(ValueError, match="keine Gebiete"):
        lowest_level(h.iloc[:0])


def test_demand_without_facilities() -> None:
    # 30 + 50 children under 3 in T1, 20 in T2; quota 0,4 → demand 32 and 8
    pop = _pop([("B1", 0, 3, 30.0), ("B2", 0, 3, 50.0), ("B3", 0, 3, 20.0),
                ("B1", 3, 6, 99.0)])  # fmt: skip
    leaf = pd.Series({"B1": "T1", "B2": "T1", "B3": "T2"})
    out = demand_only(pop[pop["age_from"] == 0], leaf, (0.0, 3.0), 0.4)
    assert out.values.tolist() == [["T1", 80.0, 32.0], ["T2", 20.0, 8.0]]
