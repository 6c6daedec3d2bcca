"""Glue for "Bedarf und Angebot": runs balance and E2SFCA for one setting and joins the results.

No Streamlit, no I/O: DataFrames in, DataFrames out. The maths lives in
``indicators.access.balance`` and ``indicators.access.catchment``; this module only combines
them for one level of the hierarchy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.access.balance import balance, capacity_shares, population_in_band
from indicators.access.catchment import e2sfca
from indicators.access.distances import Distances, aligned_distances
from indicators.access.service_types import AgeBand, CapacityMode, ServiceType
from indicators.access.whatif import demand_points, supply_points

#: Columns of a balance shown per facility snapshot, and their names in :func:`snapshot_table`.
SNAPSHOT_COLUMNS = (
    ("supply", "supply"), ("gap", "gap"), ("demand", "demand"), ("coverage_pct", "coverage"),
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """One view: service type, quota (fraction), catchment (m), detour factor, mode."""

    service: ServiceType
    group: tuple[ServiceType, ...]
    quota: float
    radius_m: float
    detour: float
    mode: CapacityMode


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
    keep = set(leaf_map.tolist())  # a set of str: Arrow's isin builds a value list per call
    table = table[[a in keep for a in table["area_id"].tolist()]]
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
    and ``acc_gap`` is NaN. ``share`` (0–1) is the share of shared places that counts for the
    service; given by the caller it is used as is (today's supply on every demand basis),
    otherwise it comes from ``pop``.
    """
    share = share_of(pop, s) if share is None else share
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


def snapshot_table(balances: Mapping[str, pd.DataFrame], area_ids: Sequence[str]) -> pd.DataFrame:
    """Side by side: ``supply_<key>``, ``gap_<key>``, ``demand_<key>``, ``coverage_<key>``.

    ``balances`` maps a key (e.g. the date of a facility snapshot) to a result of
    :func:`balance_at_level`; rows are ``area_ids`` (sorted), an area missing in a balance
    gets NaN.

    Examples
    --------
    >>> old = pd.DataFrame({"area_id": ["a"], "supply": [10.0], "gap": [-2.0],
    ...                     "demand": [12.0], "coverage_pct": [83.3]})
    >>> snapshot_table({"2025": old}, ["b", "a"]).values.tolist()
    [['a', 10.0, -2.0, 12.0, 83.3], ['b', nan, nan, nan, nan]]
    """
    out = pd.DataFrame({"area_id": sorted(set(area_ids))}).set_index("area_id")
    for key, bal in balances.items():
        indexed = bal.set_index("area_id")
        for col, name in SNAPSHOT_COLUMNS:
            out[f"{name}_{key}"] = indexed[col]
    return out.reset_index()


def scenario_change(table: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the change of both gaps against ``base`` (same areas, no scenario).

    Adds ``gap_change`` = gap − base gap and ``acc_gap_change`` = acc_gap − base acc_gap
    (places; positive = fewer missing places), matched by ``area_id``; an area missing in
    ``base`` gets NaN.

    Examples
    --------
    A new Kita with 100 shared places (U3 share 0,3068) in area ``a`` adds 30,68 U3 places
    there; the E2SFCA spreads them, 20 of them reachable from ``b``:

    >>> base = pd.DataFrame({"area_id": ["a", "b"], "gap": [-27.5, 4.0],
    ...                      "acc_gap": [-10.0, 2.0]})
    >>> new = pd.DataFrame({"area_id": ["b", "a"], "gap": [4.0, 3.18],
    ...                     "acc_gap": [22.0, 0.68]})
    >>> scenario_change(new, base).round(2).values.tolist()
    [['b', 4.0, 22.0, 0.0, 20.0], ['a', 3.18, 0.68, 30.68, 10.68]]
    """
    before = base.set_index("area_id")
    ids = table["area_id"]
    return table.assign(
        gap_change=table["gap"].to_numpy(float) - ids.map(before["gap"]).to_numpy(float),
        acc_gap_change=(
            table["acc_gap"].to_numpy(float) - ids.map(before["acc_gap"]).to_numpy(float)
        ),
    )


def demand_only(
    pop: pd.DataFrame, leaf_map: pd.Series, band: AgeBand, quota: float
) -> pd.DataFrame:
    """Demand without any facilities: residents of the target ``band`` × quota per area.

    ``pop`` is at the lowest level (rows tile ``band``), ``leaf_map`` maps each
    lowest-level area to its area at the chosen level; ``quota`` is a fraction. Columns
    ``area_id, population, demand`` (persons, places); an area with an unknown count is NaN.

    Examples
    --------
    Two small areas with 40 and 60 children under 3 in one district, quota 0,5:

    >>> pop = pd.DataFrame({"area_id": ["L1", "L2"], "age_from": [0.0, 0.0],
    ...                     "age_to": [3.0, 3.0], "count": [40.0, 60.0]})
    >>> leaf = pd.Series({"L1": "B", "L2": "B"})
    >>> demand_only(pop, leaf, (0.0, 3.0), 0.5).values.tolist()
    [['B', 100.0, 50.0]]
    """
    residents = population_in_band(pop, *band)
    target = pd.Series(residents.index, index=residents.index).map(leaf_map)
    summed = residents[target.notna()].groupby(target[target.notna()], sort=True).sum(min_count=1)
    out = pd.DataFrame({"area_id": summed.index.astype(str), "population": summed.to_numpy()})
    return out.assign(demand=out["population"] * quota).reset_index(drop=True)
