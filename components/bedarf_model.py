"""Glue for "Bedarf und Angebot": runs balance and E2SFCA for one setting and joins the results.

No Streamlit, no I/O: DataFrames in, DataFrames out. The maths lives in
``indicators.balance`` and ``indicators.access``; this module only combines
them for one level of the hierarchy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.access import e2sfca
from indicators.balance import balance, capacity_shares
from indicators.service_types import ServiceType
from indicators.whatif import demand_points, supply_points


@dataclass(frozen=True)
class Settings:
    """One view: service type, quota (fraction), catchment (m), detour factor, mode."""

    service: ServiceType
    group: tuple[ServiceType, ...]
    quota: float
    radius_m: float
    detour: float
    mode: str  # "places" or "count"


@dataclass(frozen=True)
class Outcome:
    """Per-area results at the chosen level plus what the E2SFCA left out."""

    table: pd.DataFrame
    share: float
    n_without_capacity: int


def _share(pop: pd.DataFrame, s: Settings) -> float:
    if s.mode == "count" or s.service.capacity_share is None:
        return 1.0
    return capacity_shares(pop, s.group, {s.service.id: s.quota})[s.service.id]


def _access(
    leaves: pd.DataFrame, fac: pd.DataFrame, centroids: pd.DataFrame, s: Settings, share: float
) -> tuple[pd.DataFrame, int]:
    demand = leaves.set_index("area_id")["demand"].fillna(0.0)
    usable = fac if s.mode == "count" else fac.dropna(subset=["capacity"])
    sup = supply_points(usable, s.service.service_type, s.mode, share)
    res = e2sfca(
        demand_points(centroids, demand), sup, s.radius_m, s.service.decay, detour_factor=s.detour
    )
    return res.areas, len(fac) - len(usable)


def compute(
    pop: pd.DataFrame,
    fac: pd.DataFrame,
    parents: pd.DataFrame,
    centroids: pd.DataFrame,
    leaf_map: pd.Series,
    level: str,
    s: Settings,
) -> Outcome:
    """Balance (supply inside the area) and catchment access (E2SFCA) for every area of ``level``.

    ``table`` columns: area_id, population, demand, n_facilities,
    n_without_capacity, supply, coverage_pct, gap, facilities_per_1000 (from
    the balance; places), and acc_supply, acc_coverage_pct, acc_gap (E2SFCA
    summed from the lowest level: places reachable within the catchment).
    In count mode ``acc_coverage_pct`` holds reachable facilities per 1,000
    demanded places and ``acc_gap`` is NaN.
    """
    share = _share(pop, s)
    cap_share = share if s.service.capacity_share is not None and s.mode == "places" else None
    bal = balance(pop, fac, s.service, s.quota, parents, capacity_share=cap_share, mode=s.mode)
    leaves = bal[bal["area_id"].isin(leaf_map.index)]
    acc, dropped = _access(leaves, fac, centroids, s, share)
    acc = acc.assign(target=acc["area_id"].map(leaf_map)).dropna(subset=["target"])
    summed = acc.groupby("target")[["demand", "accessible_supply"]].sum()
    table = bal[bal["level"] == level].drop(columns=["level"]).set_index("area_id")
    table["acc_supply"] = summed["accessible_supply"]
    ratio = (summed["accessible_supply"] / summed["demand"]).where(summed["demand"] > 0)
    if s.mode == "places":
        table["acc_coverage_pct"] = ratio * 100.0
        table["acc_gap"] = summed["accessible_supply"] - summed["demand"]
    else:
        table["acc_coverage_pct"] = ratio * 1000.0
        table["acc_gap"] = np.nan
    return Outcome(table.reset_index(), share, dropped)


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
