"""Hand-worked checks for indicators.social.hotspots (Local Moran's I)."""

from __future__ import annotations

import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from indicators.social.hotspots import (
    CLUSTER_CATEGORIES,
    SIGNIFICANT_CLUSTERS,
    local_moran,
    significant,
)

RAW = Path(__file__).resolve().parents[2] / "data/raw/berlin_lor"


def _grid(values: list[float], island: float | None = None) -> gpd.GeoDataFrame:
    """3×3 unit squares (cell i*3+j at column i, row j) plus an optional detached square."""
    geoms = [box(i, j, i + 1, j + 1) for i in range(3) for j in range(3)]
    vals = list(values)
    if island is not None:
        geoms.append(box(10, 10, 11, 11))
        vals.append(island)
    return gpd.GeoDataFrame({"v": vals}, geometry=geoms, index=[f"g{i}" for i in range(len(vals))])


GRADIENT = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]


def test_local_i_hand_worked() -> None:
    # y = 1..9, mean 5, z = (y-5)/SD (population SD, sum z² = 9).  Corner g0 (y=1): neighbours 2, 4, 5
    # -> lag z = (11/3 - 5)/SD; I = (n-1) z lag / sum z² = 8 * (-4)(-4/3) / 60 = 0.7111.
    # Edge g1 (y=2): neighbours 1,3,4,5,6 -> lag 19/5; I = 8 * (-3)(-1.2) / 60 = 0.48.  Centre: I = 0.
    result = local_moran(_grid(GRADIENT), "v", permutations=99)
    assert result["I"].round(4).tolist() == [
        0.7111,
        0.48,
        0.1778,
        0.0533,
        0.0,
        0.0533,
        0.1778,
        0.48,
        0.7111,
    ]
    assert result["n_neighbors"].tolist() == [3, 5, 3, 5, 8, 5, 3, 5, 3]
    assert result.loc["g0", "quadrant"] == 3  # low value, low neighbours
    assert result.loc["g8", "quadrant"] == 1  # high value, high neighbours
    assert result.loc["g4", "p_value"] == 1.0  # value = mean: never significant
    assert result.loc["g4", "cluster"] == "nicht signifikant"


def test_cluster_follows_p_value_and_quadrant() -> None:
    result = local_moran(_grid(GRADIENT), "v", permutations=999, alpha=0.05)
    names = {1: "Hoch-Hoch", 2: "Niedrig-Hoch", 3: "Niedrig-Niedrig", 4: "Hoch-Niedrig"}
    for _, row in result.iterrows():
        expected = names[int(row["quadrant"])] if row["p_value"] <= 0.05 else "nicht signifikant"
        assert row["cluster"] == expected
    assert set(result["cluster"]) <= set(CLUSTER_CATEGORIES)


def test_island_and_missing_value() -> None:
    values = [1.0, 2.0, 3.0, 4.0, np.nan, 6.0, 7.0, 8.0, 9.0]
    result = local_moran(_grid(values, island=5.0), "v", permutations=99)
    assert result.loc["g9", "cluster"] == "keine Angabe"
    assert bool(result.loc["g9", "island"]) is True
    assert pd.isna(result.loc["g9", "I"])
    assert result.loc["g4", "cluster"] == "keine Angabe"
    assert bool(result.loc["g4", "island"]) is False
    assert pd.isna(result.loc["g4", "quadrant"])
    # the missing centre is no neighbour: g1 keeps 0, 2, 3, 5 (4 of 5)
    assert result.loc["g1", "n_neighbors"] == 4
    assert result.index.tolist() == [f"g{i}" for i in range(10)]


def test_seed_makes_p_values_reproducible() -> None:
    gdf = _grid([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0])
    first = local_moran(gdf, "v", permutations=199, seed=1)
    pd.testing.assert_frame_equal(first, local_moran(gdf, "v", permutations=199, seed=1))


def test_input_not_mutated() -> None:
    gdf = _grid(GRADIENT)
    copy = gdf.copy()
    local_moran(gdf, "v", permutations=99)
    pd.testing.assert_frame_equal(pd.DataFrame(gdf), pd.DataFrame(copy))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value_col": "zz"}, "fehlt"),
        ({"permutations": 10}, "Permutationen"),
        ({"alpha": 1.5}, "Signifikanzniveau"),
    ],
)
def test_invalid_arguments(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"value_col": "v", **kwargs}
    with pytest.raises(ValueError, match=message):
        local_moran(_grid(GRADIENT), **args)  # type: ignore[arg-type]


def test_invalid_data() -> None:
    with pytest.raises(ValueError, match="GeoDataFrame"):
        local_moran(pd.DataFrame({"v": [1.0]}), "v")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Alle Werte sind gleich"):
        local_moran(_grid([2.0] * 9), "v")
    with pytest.raises(ValueError, match="mindestens 3"):
        local_moran(_grid([1.0, 2.0] + [np.nan] * 7), "v")


def test_berlin_child_poverty_is_fast() -> None:
    plr = gpd.read_file(RAW / "geo/berlin_plr_2021.geojson")
    mss = pd.read_csv(RAW / "social/berlin_mss2021_plr2021.csv", dtype={"plr_id": str})
    col = "s4_percentage_transfer_payments_recipients_below_15_years"
    gdf = plr.merge(mss[["plr_id", col]], on="plr_id", how="left").set_index("plr_id")
    start = time.perf_counter()
    result = local_moran(gdf, col)
    elapsed = time.perf_counter() - start
    print(f"\nLocal Moran (542 PLR, 999 Permutationen): {elapsed:.2f} s")
    assert elapsed < 1.0
    assert len(result) == 542
    assert (result["cluster"] == "keine Angabe").sum() == 8  # the 8 PLR not reported in the MSS
    assert not result["island"].any()
    assert set(result["cluster"]) <= set(CLUSTER_CATEGORIES)


def test_significant_keeps_the_four_cluster_patterns() -> None:
    result = pd.DataFrame(
        {"cluster": list(CLUSTER_CATEGORIES) + ["Hoch-Hoch"], "I": [1.0, 2, 3, 4, 5, 6, 7]},
        index=list("abcdefg"),
    )
    sig = significant(result)
    assert sig.index.tolist() == ["a", "b", "c", "d", "g"]
    assert sig["I"].tolist() == [1.0, 2.0, 3.0, 4.0, 7.0]
    assert SIGNIFICANT_CLUSTERS == ("Hoch-Hoch", "Niedrig-Niedrig", "Hoch-Niedrig", "Niedrig-Hoch")
    with pytest.raises(ValueError, match="cluster"):
        significant(pd.DataFrame({"I": [1.0]}))
