"""Cached data access for the page "Bedarf und Angebot" (read-only; nothing is ever written).

Loaders are keyed on plain arguments; the connection comes from
``components.cache.connection()`` inside each function.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
import streamlit as st

from components.cache import connection
from data_layer.read import common as q
from data_layer.read import supply as qb
from indicators.access.balance import population_in_band
from indicators.access.catchment import haversine_m
from indicators.access.model import Distances, Settings, balance_at_level, share_of
from indicators.access.service_types import (
    DetourFactor,
    ServiceType,
    parse_detour_factor,
    parse_service_types,
)

Band = tuple[float, float | None]


@st.cache_data(show_spinner=False)
def service_types() -> tuple[tuple[ServiceType, ...], DetourFactor]:
    """Service types and the detour factor from the stored parameter set ``service_types``."""
    raw = qb.service_type_parameters(connection())
    return parse_service_types(raw), parse_detour_factor(raw)


@st.cache_data(show_spinner=False)
def systems_with_facilities(service_type: str) -> list[str]:
    return qb.facility_systems(connection(), service_type)


@st.cache_data(show_spinner=False)
def snapshots(service_type: str) -> list[str]:
    return qb.facility_snapshots(connection(), service_type)


@st.cache_data(show_spinner=False)
def hierarchy(system_code: str) -> pd.DataFrame:
    return qb.hierarchy(connection(), system_code)


@st.cache_data(show_spinner=False)
def facilities(service_type: str, data_date: str) -> pd.DataFrame:
    return q.facilities(connection(), service_type, data_date)


def lowest_level(system_code: str) -> str:
    h = hierarchy(system_code)
    return str(h.loc[h["level_rank"].idxmax(), "level"])


def levels(system_code: str) -> list[str]:
    h = hierarchy(system_code)
    return h.drop_duplicates("level").sort_values("level_rank")["level"].tolist()


@st.cache_data(show_spinner=False)
def leaf_to_level(system_code: str, level: str) -> pd.Series:
    """Lowest-level area id → id of its ancestor (or itself) at ``level``."""
    h = hierarchy(system_code)
    parent = h.set_index("area_id")["parent_id"]
    lvl = h.set_index("area_id")["level"]
    leaves = h.loc[h["level"] == lowest_level(system_code), "area_id"]
    current = pd.Series(leaves.to_numpy(), index=leaves.to_numpy())
    for _ in range(50):
        done = current.map(lvl) == level
        if done.all():
            break
        current = current.where(done, current.map(parent))
        if current.isna().any():
            current = current.dropna()
    return current[current.map(lvl) == level]


def band_tiles(bands: pd.DataFrame, age_from: float, age_to: float | None) -> bool:
    """True if the finest of ``bands`` (``age_from, age_to``) tile the band exactly.

    >>> b = pd.DataFrame({"age_from": [0, 0, 1, 3], "age_to": [6, 1, 3, 6]})
    >>> band_tiles(b, 0, 3), band_tiles(b, 3, 6), band_tiles(b, 0, 2)
    (True, True, False)
    """
    atoms = _atoms(bands)
    lo = atoms["age_from"].astype(float).to_numpy()
    hi = atoms["age_to"].astype(float).fillna(np.inf).to_numpy()
    top = np.inf if age_to is None else float(age_to)
    inside = (lo >= age_from) & (hi <= top)
    if ((lo < top) & (hi > age_from) & ~inside).any():
        return False
    order = np.argsort(lo[inside])
    a, b = lo[inside][order], hi[inside][order]
    return bool(len(a) and a[0] == age_from and b[-1] == top and np.all(a[1:] == b[:-1]))


@st.cache_data(show_spinner=False)
def periods_for_band(system_code: str, age_from: float, age_to: float | None) -> list[str]:
    """Stichtage at which the population can be split exactly into the target age band."""
    all_bands = qb.population_bands(connection(), system_code, lowest_level(system_code))
    ok = [
        str(p)
        for p, grp in all_bands.groupby("period", sort=True)
        if band_tiles(grp.drop_duplicates(["age_from", "age_to"]), age_from, age_to)
    ]
    return ok


def _atoms(bands: pd.DataFrame) -> pd.DataFrame:
    """The bands of ``bands`` that contain no other band (the finest partition)."""
    lo = bands["age_from"].astype(float).to_numpy()
    hi = bands["age_to"].astype(float).fillna(np.inf).to_numpy()
    inner = (lo[None, :] >= lo[:, None]) & (hi[None, :] <= hi[:, None])
    return bands[inner.sum(axis=1) == 1]


@st.cache_data(show_spinner=False)
def band_population(system_code: str, period: str) -> pd.DataFrame:
    """Finest age bands per lowest-level area, ready for :func:`indicators.access.balance.balance`.

    Areas without any residents are sometimes published only in coarse bands;
    their count in every fine band is certainly 0, so they get the same fine
    bands as all other areas, each with 0 (never a gap, never a guess).
    """
    pop = qb.population_atoms(connection(), system_code, lowest_level(system_code), period)
    totals = pop.groupby("area_id")["count"].sum(min_count=1)
    empty = totals.index[totals == 0]
    keep = pop[~pop["area_id"].isin(empty)]
    fine = _atoms(keep[["age_from", "age_to"]].drop_duplicates())
    zero = pd.DataFrame(
        [
            (a, lo, hi, 0.0)
            for a in empty
            for lo, hi in zip(fine["age_from"], fine["age_to"], strict=True)
        ],
        columns=["area_id", "age_from", "age_to", "count"],
    )
    out = pd.concat([keep, zero.astype(keep.dtypes.to_dict())], ignore_index=True)
    return out.reset_index(drop=True)


@st.cache_resource(show_spinner=False, max_entries=4)
def _locator(system_code: str, level: str) -> tuple[shapely.STRtree, tuple[str, ...]]:
    shapes = qb.area_shapes(connection(), system_code, level)
    geoms = shapely.from_wkb([bytes(b) for b in shapes["wkb"]])
    return shapely.STRtree(geoms), tuple(shapes["area_id"])


def locate(system_code: str, lon: float, lat: float) -> str | None:
    """The lowest-level area containing the point (WGS84 degrees), or None if outside all."""
    tree, ids = _locator(system_code, lowest_level(system_code))
    hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return ids[int(min(hits))] if len(hits) else None


def demand_from_projection(
    projected: pd.DataFrame, service: ServiceType, quota: float
) -> pd.Series:
    """Hook for the projection page: projected residents → demanded places per area.

    Parameters
    ----------
    projected : DataFrame
        One projection year of one scenario: ``area_id, age_from, age_to, count``
        (persons, ``age_to`` exclusive, NaN = open-ended), lowest level; the
        bands must tile the service's target age band.
    service : ServiceType
        Target age band of the service type.
    quota : float
        Demand quota as a fraction (e.g. the slider value).

    Returns
    -------
    Series
        Demanded places per area (residents in the band × quota), indexed by area_id.

    The page computes demand the same way inside ``balance`` from
    :func:`pages.demand_supply.basis.projected_population`; the tests check that
    both give quota × the residents of ``projected_age_bands`` for the band.
    """
    return population_in_band(projected, service.age_from, service.age_to) * quota


def group_bands(service: ServiceType, services: Sequence[ServiceType]) -> tuple[Band, ...]:
    """The target bands of ``service`` and of every service sharing its places."""
    if service.capacity_share is None:
        return ((service.age_from, service.age_to),)
    group = service.capacity_share.group
    return tuple(
        (s.age_from, s.age_to)
        for s in services
        if s.capacity_share is not None and s.capacity_share.group == group
    )


@st.cache_data(show_spinner=False)
def group_population(system_code: str, period: str, bands: tuple[Band, ...]) -> pd.DataFrame:
    """Residents per lowest-level area in each of ``bands``: one row per area and band.

    Pre-summed once per Stichtag so that every rerun works on a few hundred
    rows (``area_id, age_from, age_to, count``; persons).
    """
    pop = band_population(system_code, period)
    frames = [
        population_in_band(pop, lo, hi)
        .rename("count")
        .rename_axis("area_id")
        .reset_index()
        .assign(age_from=lo, age_to=np.nan if hi is None else hi)
        for lo, hi in bands
    ]
    out = pd.concat(frames, ignore_index=True)
    return out[["area_id", "age_from", "age_to", "count"]]


@st.cache_resource(show_spinner=False, max_entries=8)
def straight_distances(system_code: str, service_type: str, data_date: str) -> Distances:
    """Straight-line distances (m) lowest-level centroids × facilities, once per facility set.

    Shared and read-only: never modify the returned arrays.
    """
    h = hierarchy(system_code)
    leaves = h[h["level"] == lowest_level(system_code)]
    fac = facilities(service_type, data_date)
    metres = haversine_m(
        leaves["centroid_lon"].to_numpy(float)[:, None],
        leaves["centroid_lat"].to_numpy(float)[:, None],
        fac["lon"].to_numpy(float)[None, :],
        fac["lat"].to_numpy(float)[None, :],
    )
    return Distances(pd.Index(leaves["area_id"]), pd.Index(fac["facility_id"]), metres)


def group_services(
    service: ServiceType, services: Sequence[ServiceType]
) -> tuple[ServiceType, ...]:
    """``service`` and every service sharing its places (same capacity-share group)."""
    if service.capacity_share is None:
        return (service,)
    name = service.capacity_share.group
    return tuple(s for s in services if s.capacity_share and s.capacity_share.group == name)


@st.cache_data(show_spinner=False, max_entries=64)
def register_share(
    system_code: str, period: str, service_id: str, quota: float, mode: str
) -> float:
    """Share of shared places (e.g. Kita places for under-3s) at a register Stichtag (0–1).

    Depends on the population and the quota only: one value serves the stored
    facilities, the what-if scenario and both facility snapshots.
    """
    services, _ = service_types()
    service = next(s for s in services if s.id == service_id)
    settings = Settings(service, group_services(service, services), quota, 0.0, 1.0, mode)
    return share_of(group_population(system_code, period, group_bands(service, services)), settings)


def nearest_period(periods: Sequence[str], date: str) -> str:
    """The Stichtag closest to ``date`` (ties: the earlier one).

    >>> nearest_period(["2022-12-31", "2024-12-31"], "2026-01-01")
    '2024-12-31'
    """
    target = pd.Timestamp(date)
    return min(periods, key=lambda p: (abs(pd.Timestamp(p) - target), p))


@st.cache_data(show_spinner=False, max_entries=32)
def snapshot_comparison(
    system_code: str, level: str, service_id: str, quota: float, mode: str, snaps: tuple[str, ...]
) -> pd.DataFrame:
    """Balance of each facility snapshot on the demand of the nearest usable Stichtag.

    Columns per snapshot ``<date>``: ``supply_<date>``, ``gap_<date>``,
    ``demand_<date>``, ``coverage_<date>``; ``attrs["periods"]`` maps each
    snapshot to the Stichtag used.
    """
    services, _ = service_types()
    service = next(s for s in services if s.id == service_id)
    group = group_services(service, services)
    bands = group_bands(service, services)
    usable = sorted(set.intersection(*(set(periods_for_band(system_code, *b)) for b in bands)))
    settings = Settings(service, group, quota, service.catchment_radius_m, 1.0, mode)
    leaf_map = leaf_to_level(system_code, level)
    out = pd.DataFrame({"area_id": sorted(set(leaf_map.to_numpy()))}).set_index("area_id")
    used = {}
    for snap in snaps:
        period = nearest_period(usable, snap)
        used[snap] = period
        pop = group_population(system_code, period, bands)
        share = register_share(system_code, period, service_id, quota, mode)
        bal = balance_at_level(
            pop, facilities(service.service_type, snap), leaf_map, settings, share
        )
        bal = bal.set_index("area_id")
        for col, name in (("supply", "supply"), ("gap", "gap"), ("demand", "demand"),
                          ("coverage_pct", "coverage")):  # fmt: skip
            out[f"{name}_{snap}"] = bal[col]
    out = out.reset_index()
    out.attrs["periods"] = used
    return out
