"""Backtest helpers: compare projected with observed small-area populations.

Error measure: absolute percentage error per area,
``APE = |projected - observed| / observed * 100`` (percent), and its mean over
areas (MAPE). Areas with an observed value of 0 are left out of that
indicator. Two naive baselines serve as yardsticks:

* **constant:** the population stays as in the base year;
* **linear trend:** the change of the base period continues linearly,
  ``base + (base - previous) * horizon / period`` (cut at 0).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

import numpy as np
import pandas as pd

from indicators.projection.inputs import FloatArray

#: Backtest indicators and their single-age ranges (from, to under).
BACKTEST_INDICATORS: dict[str, tuple[int, int]] = {
    "total": (0, 101),
    "age_0_6": (0, 6),
    "age_65_plus": (65, 101),
}
#: Method key of a forecast (a name, or a swept volume).
K = TypeVar("K", bound=Hashable)


def summary_indicators(population: FloatArray, area_ids: tuple[str, ...]) -> pd.DataFrame:
    """Total, 0–6 and 65+ persons per area from an ``(A, 2, 101)`` array.

    Examples
    --------
    >>> p = np.zeros((1, 2, 101)); p[0, 0, 2] = 3.0; p[0, 1, 70] = 5.0
    >>> summary_indicators(p, ("a",)).to_dict("records")
    [{'total': 8.0, 'age_0_6': 3.0, 'age_65_plus': 5.0}]
    """
    pop = np.asarray(population, dtype=float)
    if pop.ndim != 3 or pop.shape[0] != len(area_ids):
        raise ValueError("Bevölkerung muss die Form (Gebiete, 2, 101) haben.")
    by_age = pop.sum(axis=1)
    data = {name: by_age[:, lo:hi].sum(axis=1) for name, (lo, hi) in BACKTEST_INDICATORS.items()}
    return pd.DataFrame(data, index=pd.Index(area_ids, name="area_id"))


def _aligned(predicted: pd.DataFrame, observed: pd.DataFrame) -> pd.DataFrame:
    if not predicted.index.equals(observed.index) or list(predicted.columns) != list(
        observed.columns
    ):
        raise ValueError("Vorausberechnung und Beobachtung haben unterschiedliche Gebiete/Spalten.")
    return predicted


def ape_by_area(predicted: pd.DataFrame, observed: pd.DataFrame) -> pd.DataFrame:
    """Absolute percentage error per area and indicator (NaN where observed is 0).

    Examples
    --------
    >>> obs = pd.DataFrame({"total": [100.0, 0.0]}, index=["a", "b"])
    >>> ape_by_area(obs * 1.1, obs)["total"].round(6).tolist()
    [10.0, nan]
    """
    pred = _aligned(predicted, observed)
    obs = observed.where(observed > 0)
    return (pred - obs).abs() / obs * 100.0


def mape_table(
    observed: pd.DataFrame,
    forecasts: Mapping[K, pd.DataFrame],
    include: pd.Series | None = None,
) -> pd.DataFrame:
    """MAPE (percent) per method (rows) and indicator (columns).

    Parameters
    ----------
    observed
        Observed values, index ``area_id``, one column per indicator.
    forecasts
        Method key (a name or a swept volume) → predicted values of the same shape.
    include
        Optional boolean Series by area; only ``True`` areas are scored.
    """
    rows = {}
    for name, pred in forecasts.items():
        ape = ape_by_area(pred, observed)
        if include is not None:
            ape = ape.loc[include.reindex(ape.index, fill_value=False).to_numpy(dtype=bool)]
        rows[name] = ape.mean(axis=0, skipna=True)
    return pd.DataFrame(rows).T


def constant_baseline(base: pd.DataFrame) -> pd.DataFrame:
    """Naive baseline: the base-year values unchanged (a copy)."""
    return base.copy()


def linear_trend_baseline(
    previous: pd.DataFrame, base: pd.DataFrame, period_years: float, horizon_years: float
) -> pd.DataFrame:
    """Naive baseline: continue the base-period change linearly, not below 0.

    Examples
    --------
    >>> prev = pd.DataFrame({"total": [90.0, 50.0]}, index=["a", "b"])
    >>> base = pd.DataFrame({"total": [100.0, 40.0]}, index=["a", "b"])
    >>> linear_trend_baseline(prev, base, 0.5, 3.0)["total"].tolist()
    [160.0, 0.0]
    """
    if period_years <= 0 or horizon_years <= 0:
        raise ValueError("Zeiträume müssen positiv sein.")
    _aligned(previous, base)
    trend = base + (base - previous) * (horizon_years / period_years)
    return trend.clip(lower=0.0)
