"""Glue for "Bedarf und Angebot": runs balance and E2SFCA for one setting and joins the results.

No Streamlit, no I/O: DataFrames in, DataFrames out. The maths lives in
``indicators.access.balance`` and ``indicators.access.catchment``; this module only combines
them for one level of the hierarchy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.access.balance import balance, capacity_shares
from indicators.access.catchment import e2sfca, haversine_m
from indicators.access.service_types import ServiceType
from indicators.access.whatif import demand_points, supply_points


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
class Distances:
    """Straight-line distances in metres: rows = lowest-level areas, columns = facilities."""

    row_ids: pd.Index
    col_ids: pd.Index
    metres: np.ndarray


@dataclass(frozen=True)
class Outcome:
    """Per-area results at the chosen level plus what the E2SFCA left out."""

    table: pd.DataFrame
    share: float
    n_without_capacity: int
    unreached_facilities: int
    unreached_supply: float


def share_of(pop: pd.DataFrame, s: Settings) -> float:
    """Share of shared places that counts for ``s.service`` (1.0 if not shared or counting)."""
    if s.mode == "count" or s.service.capacity_share is None:
        return 1.0
    return capacity_shares(pop, s.group, {s.service.id: s.quota})[s.service.id]


def aligned_distances(
    dist: Distances, area_ids: pd.Index, fac: pd.DataFrame, centroids: pd.DataFrame
) -> np.ndarray:
    """Distances (m) for ``area_ids`` × rows of ``fac``; planned facilities are computed anew.

    >>> d = Distances(pd.Index(["a"]), pd.Index(["f"]), np.array([[100.0]]))
    >>> fac = pd.DataFrame({"facility_id": ["plan:1", "f"], "lon": [13.0, 0.0], "lat": [53.0, 0.0]})
    >>> cen = pd.DataFrame({"area_id": ["a"], "lon": [13.0], "lat": [52.0]})
    >>> aligned_distances(d, pd.Index(["a"]), fac, cen).round().tolist()
    [[111195.0, 100.0]]
    """
    rows = dist.row_ids.get_indexer(area_ids)
    if (rows < 0).any():
        raise ValueError("Für einige Gebiete fehlen Entfernungen.")
    cols = dist.col_ids.get_indexer(pd.Index(fac["facility_id"]))
    out = (
        dist.metres[np.ix_(rows, np.clip(cols, 0, None))] if len(cols) else np.empty((len(rows), 0))
    )
    new = np.flatnonzero(cols < 0)
    if len(new):
        c = centroids.set_index("area_id").loc[area_ids]
        out[:, new] = haversine_m(
            c["lon"].to_numpy(float)[:, None],
            c["lat"].to_numpy(float)[:, None],
            fac["lon"].to_numpy(float)[new][None, :],
            fac["lat"].to_numpy(float)[new][None, :],
        )
    return out


def _access(
    leaves: pd.DataFrame,
    fac: pd.DataFrame,
    centroids: pd.DataFrame,
    s: Settings,
    share: float,
    dist: Distances | None,
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    demand = leaves.set_index("area_id")["demand"].fillna(0.0)
    usable = fac if s.mode == "count" else fac.dropna(subset=["capacity"])
    usable = usable[usable["service_type"] == s.service.service_type]
    sup = supply_points(usable, s.service.service_type, s.mode, share)
    matrix = None
    if dist is not None:
        matrix = aligned_distances(dist, demand.index, usable, centroids) * s.detour
    res = e2sfca(
        demand_points(centroids, demand),
        sup,
        s.radius_m,
        s.service.decay,
        detour_factor=s.detour,
        distance_matrix=matrix,
    )
    return res.areas, res.facilities, len(fac) - len(usable)


def _regroup(
    pop: pd.DataFrame, fac: pd.DataFrame, leaf_map: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population and facilities re-keyed to the areas of a coarser level (counts summed).

    Summing the lowest-level counts per age band first and then running the
    balance once is the same as summing demand and supply of the lowest level.
    """
    target = pop["area_id"].map(leaf_map)
    grouped = (
        pop.assign(area_id=target)
        .dropna(subset=["area_id"])
        .groupby(["area_id", "age_from", "age_to"], dropna=False, sort=False)["count"]
        .sum(min_count=1)
        .reset_index()
    )
    return grouped, fac.assign(area_id=fac["area_id"].map(leaf_map))


def _balance(pop: pd.DataFrame, fac: pd.DataFrame, s: Settings, share: float) -> pd.DataFrame:
    cap_share = share if s.service.capacity_share is not None and s.mode == "places" else None
    return balance(pop, fac, s.service, s.quota, capacity_share=cap_share, mode=s.mode)


def balance_at_level(
    pop: pd.DataFrame,
    fac: pd.DataFrame,
    leaf_map: pd.Series,
    s: Settings,
    share: float | None = None,
    leaves: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`indicators.access.balance.balance` for the areas of the level ``leaf_map`` points to."""
    share = share_of(pop, s) if share is None else share
    if bool((leaf_map.index == leaf_map.to_numpy()).all()):
        table = _balance(pop, fac, s, share) if leaves is None else leaves
    else:
        gpop, gfac = _regroup(pop, fac, leaf_map)
        table = _balance(gpop, gfac, s, share)
    table = table[table["area_id"].isin(leaf_map.to_numpy())]
    return table.drop(columns=["level"]).reset_index(drop=True)


def compute(
    pop: pd.DataFrame,
    fac: pd.DataFrame,
    centroids: pd.DataFrame,
    leaf_map: pd.Series,
    s: Settings,
    dist: Distances | None = None,
    share: float | None = None,
) -> Outcome:
    """Balance (supply inside the area) and catchment access (E2SFCA) for every area of a level.

    ``pop`` and ``fac`` are at the lowest level; ``leaf_map`` maps each
    lowest-level area to its area at the chosen level (identity for the
    lowest level). ``table`` columns: area_id, population, demand,
    n_facilities, n_without_capacity, supply, coverage_pct, gap,
    facilities_per_1000 (from :func:`indicators.access.balance.balance`; places), and
    acc_supply, acc_coverage_pct, acc_gap (E2SFCA summed from the lowest
    level: places reachable within the catchment). ``dist`` (optional) holds
    precomputed straight-line distances (× detour factor here). In count mode
    ``acc_coverage_pct`` holds reachable facilities per 1,000 demanded places
    and ``acc_gap`` is NaN.
    """
    share = share_of(pop, s)
    leaves = _balance(pop, fac, s, share)
    acc, facs, dropped = _access(leaves, fac, centroids, s, share, dist)
    table = balance_at_level(pop, fac, leaf_map, s, share, leaves).set_index("area_id")
    acc = acc.assign(target=acc["area_id"].map(leaf_map)).dropna(subset=["target"])
    summed = acc.groupby("target")[["demand", "accessible_supply"]].sum()
    table["acc_supply"] = summed["accessible_supply"]
    ratio = (summed["accessible_supply"] / summed["demand"]).where(summed["demand"] > 0)
    if s.mode == "places":
        table["acc_coverage_pct"] = ratio * 100.0
        table["acc_gap"] = summed["accessible_supply"] - summed["demand"]
    else:
        table["acc_coverage_pct"] = ratio * 1000.0
        table["acc_gap"] = np.nan
    lost = facs[~facs["reaches_demand"]]
    return Outcome(
        table.rename_axis("area_id").reset_index(),
        share,
        dropped,
        len(lost),
        float(lost["capacity"].sum()),
    )


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
