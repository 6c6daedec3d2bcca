"""Residual net migration and backtest helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.projection.backtest import (
    ape_by_area,
    constant_baseline,
    linear_trend_baseline,
    mape_table,
    summary_indicators,
)
from indicators.projection.migration import natural_projection, residual_net_migration

NO_BIRTHS = np.zeros(101)
NO_DEATHS = np.zeros((2, 101))


def test_residual_migration_hand_worked() -> None:
    """100 men aged 10 and 60 women aged 40; three years later bands show 130 and 45."""
    start = np.zeros((1, 2, 101))
    start[0, 0, 10] = 100.0
    start[0, 1, 40] = 60.0
    observed = np.array([[130.0, 45.0]])  # bands 0–18 and 18–100+
    mig = residual_net_migration(
        start, observed, ((0, 18), (18, 101)), 3.0, NO_BIRTHS, NO_DEATHS, 1.05
    )
    assert mig[0, 0, 13] == pytest.approx(10.0)  # (130 - 100) / 3 years, all at age 13
    assert mig[0, 1, 43] == pytest.approx(-5.0)  # (45 - 60) / 3
    assert mig.sum() == pytest.approx(5.0)


def test_residual_migration_empty_band_spread_uniformly() -> None:
    start = np.zeros((1, 2, 101))
    observed = np.array([[4.0, 0.0]])
    mig = residual_net_migration(
        start, observed, ((0, 2), (2, 101)), 1.0, NO_BIRTHS, NO_DEATHS, 1.05
    )
    assert mig[0, :, :2].ravel().tolist() == pytest.approx([1.0, 1.0, 1.0, 1.0])


def test_natural_projection_with_deaths() -> None:
    start = np.zeros((1, 2, 101))
    start[0, 0, 50] = 1000.0
    qx = np.full((2, 101), 0.1)
    out = natural_projection(start, 2.0, NO_BIRTHS, qx, 1.05)
    assert out[0, 0, 52] == pytest.approx(810.0)


def test_residual_migration_rejects_shape_mismatch() -> None:
    with pytest.raises(ValueError, match="passen nicht"):
        residual_net_migration(np.zeros((2, 2, 101)), np.zeros((1, 2)), ((0, 2), (2, 101)), 1.0,
                               NO_BIRTHS, NO_DEATHS, 1.05)  # fmt: skip
    with pytest.raises(ValueError, match="positiv"):
        natural_projection(np.zeros((1, 2, 101)), 0.0, NO_BIRTHS, NO_DEATHS, 1.05)


def frame(values: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame(values, index=pd.Index(["a", "b", "c"], name="area_id"))


def test_mape_table_hand_worked() -> None:
    observed = frame({"total": [100.0, 200.0, 0.0], "age_0_6": [10.0, 20.0, 5.0]})
    model = frame({"total": [110.0, 190.0, 3.0], "age_0_6": [10.0, 25.0, 5.0]})
    table = mape_table(observed, {"Modell": model, "konstant": constant_baseline(observed)})
    assert table.loc["Modell", "total"] == pytest.approx(7.5)  # (10 % + 5 %) / 2, c left out
    assert table.loc["Modell", "age_0_6"] == pytest.approx(25.0 / 3)
    assert table.loc["konstant"].tolist() == [0.0, 0.0]
    only_a = pd.Series([True, False, False], index=observed.index)
    assert mape_table(observed, {"Modell": model}, include=only_a).loc["Modell", "total"] == 10.0


def test_ape_and_trend_baselines() -> None:
    observed = frame({"total": [100.0, 50.0, 0.0]})
    ape = ape_by_area(frame({"total": [80.0, 50.0, 1.0]}), observed)
    assert ape["total"].tolist()[:2] == [20.0, 0.0]
    assert np.isnan(ape["total"].iloc[2])
    trend = linear_trend_baseline(frame({"total": [90.0, 60.0, 1.0]}), observed, 1.0, 2.0)
    assert trend["total"].tolist() == [120.0, 30.0, 0.0]
    with pytest.raises(ValueError, match="unterschiedliche"):
        ape_by_area(observed.rename(index={"a": "x"}), observed)


def test_summary_indicators_bands() -> None:
    pop = np.zeros((2, 2, 101))
    pop[0, 0, 5] = 2.0
    pop[0, 1, 6] = 3.0
    pop[1, 0, 64] = 4.0
    pop[1, 1, 100] = 1.0
    out = summary_indicators(pop, ("a", "b"))
    assert out.to_dict("index") == {
        "a": {"total": 5.0, "age_0_6": 2.0, "age_65_plus": 0.0},
        "b": {"total": 5.0, "age_0_6": 0.0, "age_65_plus": 1.0},
    }
