"""Cached data access for the page "Bedarf und Angebot" (read-only; nothing is ever written).

Loaders are keyed on plain arguments; the connection comes from
``components.cache.connection()`` inside each function. The maths is in
``indicators.access``: these wrappers only load and cache.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import shapely
import streamlit as st

from components.cache import connection
from data_layer.read import common as q
from data_layer.read import supply as qb
from indicators.access.distances import Distances, centroid_distances
from indicators.access.levels import leaf_centroids, level_order
from indicators.access.levels import leaf_to_level as leaves_to_level
from indicators.access.levels import lowest_level as lowest_of
from indicators.access.model import Settings, balance_at_level, share_of, snapshot_table
from indicators.access.population import (
    common_periods,
    nearest_period,
    population_by_band,
    tiling_periods,
    with_empty_areas_in_fine_bands,
)
from indicators.access.service_groups import group_bands, group_services, service_by_id
from indicators.access.service_types import (
    AgeBand,
    CapacityMode,
    DetourFactor,
    ServiceType,
    parse_detour_factor,
    parse_service_types,
)


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
    return lowest_of(hierarchy(system_code))


def levels(system_code: str) -> list[str]:
    return level_order(hierarchy(system_code))


@st.cache_data(show_spinner=False)
def leaf_to_level(system_code: str, level: str) -> pd.Series:
    """Lowest-level area id → id of its ancestor (or itself) at ``level``."""
    return leaves_to_level(hierarchy(system_code), level)


@st.cache_data(show_spinner=False)
def centroids(system_code: str) -> pd.DataFrame:
    """``area_id, lon, lat`` of the lowest-level areas (WGS84 degrees)."""
    return leaf_centroids(hierarchy(system_code))


@st.cache_data(show_spinner=False)
def periods_for_band(system_code: str, age_from: float, age_to: float | None) -> list[str]:
    """Stichtage at which the population can be split exactly into the target age band."""
    all_bands = qb.population_bands(connection(), system_code, lowest_level(system_code))
    return tiling_periods(all_bands, age_from, age_to)


def usable_periods(system_code: str, bands: Sequence[AgeBand]) -> list[str]:
    """Stichtage at which every one of ``bands`` can be split exactly."""
    return common_periods(periods_for_band(system_code, lo, hi) for lo, hi in bands)


@st.cache_data(show_spinner=False)
def band_population(system_code: str, period: str) -> pd.DataFrame:
    """Finest age bands per lowest-level area, ready for :func:`indicators.access.balance.balance`.

    Areas without residents get 0 in every fine band
    (:func:`indicators.access.population.with_empty_areas_in_fine_bands`).
    """
    pop = qb.population_atoms(connection(), system_code, lowest_level(system_code), period)
    return with_empty_areas_in_fine_bands(pop)


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


@st.cache_data(show_spinner=False)
def group_population(system_code: str, period: str, bands: tuple[AgeBand, ...]) -> pd.DataFrame:
    """Residents per lowest-level area in each of ``bands``: one row per area and band.

    Pre-summed once per Stichtag so that every rerun works on a few hundred
    rows (``area_id, age_from, age_to, count``; persons).
    """
    return population_by_band(band_population(system_code, period), bands)


@st.cache_resource(show_spinner=False, max_entries=8)
def straight_distances(system_code: str, service_type: str, data_date: str) -> Distances:
    """Straight-line distances (m) lowest-level centroids × facilities, once per facility set.

    Shared and read-only: never modify the returned arrays.
    """
    return centroid_distances(centroids(system_code), facilities(service_type, data_date))


@st.cache_data(show_spinner=False, max_entries=64)
def register_share(
    system_code: str, period: str, service_id: str, quota: float, mode: CapacityMode
) -> float:
    """Share of shared places (e.g. Kita places for under-3s) at a register Stichtag (0–1).

    Depends on the population and the quota only: one value serves the stored
    facilities, the what-if scenario and both facility snapshots.
    """
    services, _ = service_types()
    service = service_by_id(services, service_id)
    settings = Settings(service, group_services(service, services), quota, 0.0, 1.0, mode)
    return share_of(group_population(system_code, period, group_bands(service, services)), settings)


@st.cache_data(show_spinner=False, max_entries=32)
def snapshot_comparison(
    system_code: str,
    level: str,
    service_id: str,
    quota: float,
    mode: CapacityMode,
    snaps: tuple[str, ...],
) -> pd.DataFrame:
    """Balance of each facility snapshot on the demand of the nearest usable Stichtag.

    Columns per snapshot ``<date>``: ``supply_<date>``, ``gap_<date>``,
    ``demand_<date>``, ``coverage_<date>``; ``attrs["periods"]`` maps each
    snapshot to the Stichtag used.
    """
    services, _ = service_types()
    service = service_by_id(services, service_id)
    bands = group_bands(service, services)
    usable = usable_periods(system_code, bands)
    settings = Settings(
        service, group_services(service, services), quota, service.catchment_radius_m, 1.0, mode
    )
    leaf_map = leaf_to_level(system_code, level)
    used = {snap: nearest_period(usable, snap) for snap in snaps}
    balances = {
        snap: balance_at_level(
            group_population(system_code, period, bands),
            facilities(service.service_type, snap),
            leaf_map,
            settings,
            register_share(system_code, period, service_id, quota, mode),
        )
        for snap, period in used.items()
    }
    out = snapshot_table(balances, leaf_map.to_numpy().tolist())
    out.attrs["periods"] = used
    return out
