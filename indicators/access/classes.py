"""Map classes of the Bedarf–Angebot analysis: gaps diverging around 0, counts in quantiles.

No Streamlit, no I/O: Series in, classes and class limits out. Class −1 = no value
("keine Angabe").
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pandas as pd


def nice_step(x: float) -> float:
    """Smallest of 1, 2, 5 × 10^k that is ≥ ``x`` (and ≥ 1).

    >>> nice_step(37), nice_step(120), nice_step(0.3), nice_step(500)
    (50.0, 200.0, 1.0, 500.0)
    """
    if not math.isfinite(x) or x <= 1:
        return 1.0
    k = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * k >= x:
            return float(m * k)
    return float(10 * k)


def gap_breaks(gaps: pd.Series) -> tuple[float, float, float]:
    """Class limits (small, middle, large) in places for the diverging gap map.

    ``large`` = nice rounding of the 90th percentile of |gap|; ``middle`` =
    large / 2; ``small`` = large / 10 (the band around 0 counts as balanced).

    >>> gap_breaks(pd.Series([-400.0, -90.0, 10.0, 35.0, 480.0]))
    (50.0, 250.0, 500.0)
    """
    vals = gaps.abs().dropna()
    large = nice_step(float(vals.quantile(0.9))) if len(vals) else 10.0
    large = max(large, 10.0)
    return large / 10, large / 2, large


def classify_gap(gaps: pd.Series, breaks: tuple[float, float, float]) -> pd.Series:
    """Class 0–6 per value (0 = most missing places, 3 = balanced, 6 = largest surplus); -1 = NaN.

    >>> classify_gap(pd.Series([-600.0, -50.0, 0.0, 49.0, 250.0, float("nan")]),
    ...              (50.0, 250.0, 500.0)).tolist()
    [0, 2, 3, 3, 5, -1]
    """
    small, middle, large = breaks
    edges = np.array([-large, -middle, -small, small, middle, large])
    values = gaps.to_numpy(float)
    cls = np.searchsorted(edges, values, side="right")
    cls = np.where(values <= -small, np.searchsorted(edges, values, side="left"), cls)
    cls = np.where(np.abs(values) < small, 3, cls)
    return pd.Series(np.where(np.isnan(values), -1, cls), index=gaps.index).astype(int)


def count_breaks(values: pd.Series) -> list[float]:
    """Upper limits of 5 quantile classes (rounded to 0.1; equal limits merged).

    Examples
    --------
    Quantiles 20/40/60/80/100 % of 0, 1, …, 10 are 2, 4, 6, 8, 10:

    >>> count_breaks(pd.Series([float(i) for i in range(11)]))
    [2.0, 4.0, 6.0, 8.0, 10.0]
    >>> count_breaks(pd.Series([1.0, 1.0, float("nan")])), count_breaks(pd.Series([], dtype=float))
    ([1.0], [1.0])
    """
    v = values.dropna()
    if v.empty:
        return [1.0]
    limits = np.quantile(v.to_numpy(float), [0.2, 0.4, 0.6, 0.8, 1.0]).round(1)
    return sorted({float(x) for x in limits})


def count_classes(values: pd.Series, breaks: list[float]) -> npt.NDArray[np.int_]:
    """Class per value (0 = lowest) by upper limits ``breaks``; −1 = no value.

    >>> count_classes(pd.Series([0.0, 2.0, 2.5, 99.0, float("nan")]), [2.0, 4.0]).tolist()
    [0, 0, 1, 1, -1]
    """
    v = values.to_numpy(float)
    cls = np.clip(np.searchsorted(np.asarray(breaks), v, side="left"), 0, len(breaks) - 1)
    return np.where(np.isnan(v), -1, cls)
