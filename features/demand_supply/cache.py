"""Cached data access for the page "Bedarf und Angebot" (read-only; nothing is ever written).

Loaders are keyed on plain arguments; the connection comes from
``components.cache.connection()`` inside each function. The maths is in
``indicators.access``: these wrappers only load and cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
import streamlit as st

from components.cache import connection
from data_layer.errors import DataError
from data_layer.read import common as q
from data_layer.read import projection_inputs as pdx
from data_layer.read import supply as qb
from data_layer.read.projection_scope import rates_block
from indicators.access.distances import Distances, centroid_distances
from indicators.access.levels import ancestor_at, down_to, leaf_centroids, level_order
from indicators.access.levels import leaf_to_level as leaves_to_level
from indicators.access.levels import lowest_level as lowest_of
from indicators.access.model import Settings, balance_at_level, share_of, snapshot_table
from indicators.access.population import (
    common_periods,
    covering_periods,
    estimated_population_by_band,
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
from indicators.projection.age_split import stationary_reference


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
def full_hierarchy(system_code: str) -> pd.DataFrame:
    """All areas of the system, down to its finest level."""
    return qb.hierarchy(connection(), system_code)


@st.cache_data(show_spinner=False)
def population_levels(system_code: str) -> list[str]:
    """The levels of the system with population figures, coarse to fine."""
    conn = connection()
    return [
        lv
        for lv in level_order(full_hierarchy(system_code))
        if not qb.population_bands(conn, system_code, lv).empty
    ]


def base_level(system_code: str) -> str:
    """The level the analysis starts from: the finest level with population figures (its
    finest level if there are none). Finer levels (e.g. without residents) are left out."""
    have = population_levels(system_code)
    if have:
        return have[-1]
    return lowest_of(full_hierarchy(system_code))


@st.cache_data(show_spinner=False)
def hierarchy(system_code: str) -> pd.DataFrame:
    """The areas of the system down to :func:`base_level` (the analysis' lowest level)."""
    return down_to(full_hierarchy(system_code), base_level(system_code))


@st.cache_data(show_spinner=False)
def facilities(service_type: str, data_date: str) -> pd.DataFrame:
    """The stored facilities of one snapshot, as stored (``area_id`` = the finest area)."""
    return q.facilities(connection(), service_type, data_date)


@st.cache_data(show_spinner=False)
def system_facilities(system_code: str, service_type: str, data_date: str) -> pd.DataFrame:
    """:func:`facilities` with ``area_id`` moved up to the analysis' lowest level
    (:func:`base_level`) where the system is finer; unchanged otherwise."""
    fac = facilities(service_type, data_date)
    full = full_hierarchy(system_code)
    base = base_level(system_code)
    if full.empty or base == lowest_of(full):
        return fac
    up = ancestor_at(full, base)
    return fac.assign(area_id=fac["area_id"].map(up).fillna(fac["area_id"]))


@dataclass(frozen=True)
class Reference:
    """Single-age reference profile for estimating age bands, and its German description."""

    profile: np.ndarray
    label: str


@st.cache_data(show_spinner=False)
def reference_profile() -> Reference | None:
    """The reference age profile of the projection (stationary population of the stored life
    table, :func:`indicators.projection.age_split.stationary_reference`); None without one."""
    conn = connection()
    try:
        params = pdx.projection_parameters(conn)
        rates = pdx.base_rates(conn, params)
        source = rates_block(params)["life_table"].get("source", {})
    except (DataError, KeyError, TypeError, ValueError):
        return None
    profile, _ = stationary_reference(rates.qx, rates.sex_ratio_at_birth)
    origin = ", ".join(str(source[k]) for k in ("publisher", "table") if source.get(k))
    return Reference(
        profile,
        f"Altersaufbau der stationären Bevölkerung der Sterbetafel {rates.life_table_period}"
        + (f" ({origin})" if origin else "")
        + " – dieselbe Aufteilung wie in der Bevölkerungsprognose",
    )


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


def exact_periods(system_code: str, bands: Sequence[AgeBand]) -> list[str]:
    """Stichtage at which every one of ``bands`` can be split exactly."""
    return common_periods(periods_for_band(system_code, lo, hi) for lo, hi in bands)


@st.cache_data(show_spinner=False)
def periods_covering_band(system_code: str, age_from: float, age_to: float | None) -> list[str]:
    """Stichtage whose (coarser) age bands cover the target band: it can be estimated."""
    all_bands = qb.population_bands(connection(), system_code, lowest_level(system_code))
    return covering_periods(all_bands, age_from, age_to)


def estimated_bands(system_code: str, bands: Sequence[AgeBand]) -> bool:
    """True if no Stichtag has ``bands`` exactly and the residents are estimated."""
    return not exact_periods(system_code, bands) and bool(usable_periods(system_code, bands))


def usable_periods(system_code: str, bands: Sequence[AgeBand]) -> list[str]:
    """Stichtage at which every one of ``bands`` can be split exactly; if there are none, those
    at which they can be estimated from coarser bands (with a reference profile)."""
    exact = exact_periods(system_code, bands)
    if exact or reference_profile() is None:
        return exact
    return common_periods(periods_covering_band(system_code, lo, hi) for lo, hi in bands)


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


@st.cache_resource(show_spinner=False, max_entries=16)
def group_population(system_code: str, period: str, bands: tuple[AgeBand, ...]) -> pd.DataFrame:
    """Residents per lowest-level area in each of ``bands``: one row per area and band.

    Pre-summed once per Stichtag so that every rerun works on a few hundred
    rows (``area_id, age_from, age_to, count``; persons). Shared and read-only: one object
    per setting, so a rerun sums each band of it once (``reusing_bands`` on the page).
    """
    pop = band_population(system_code, period)
    if period in exact_periods(system_code, bands):
        return population_by_band(pop, bands)
    ref = reference_profile()
    if ref is None:
        raise DataError("Für diese Altersgruppen fehlt ein Referenz-Altersaufbau zum Schätzen.")
    return estimated_population_by_band(pop, bands, ref.profile)


@st.cache_resource(show_spinner=False, max_entries=8)
def straight_distances(system_code: str, service_type: str, data_date: str) -> Distances:
    """Straight-line distances (m) lowest-level centroids × facilities, once per facility set.

    Shared and read-only: never modify the returned arrays.
    """
    fac = system_facilities(system_code, service_type, data_date)
    return centroid_distances(centroids(system_code), fac)


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


@st.cache_resource(show_spinner=False, max_entries=32)
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
    snapshot to the Stichtag used. Shared and read-only (the page derives its table once).
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
            system_facilities(system_code, service.service_type, snap),
            leaf_map,
            settings,
            register_share(system_code, period, service_id, quota, mode),
        )
        for snap, period in used.items()
    }
    out = snapshot_table(balances, leaf_map.to_numpy().tolist())
    out.attrs["periods"] = used
    return out


@st.cache_data(show_spinner=False)
def delivered_by(service_type: str, data_date: str) -> str:
    """Who delivered facilities of the snapshot (contributions, #18), for the source line:
    `` (davon 18 geliefert von Träger X, Stand 01.01.2026)``; empty without a contribution."""
    from components.formatting import fmt_date, fmt_int
    from data_layer.read.contributions import facility_contributors

    rows = facility_contributors(connection(), service_type, data_date)
    parts = [
        f"{fmt_int(int(n))} geliefert von {k} {p}, Stand {fmt_date(str(d))}"
        for p, k, d, n in zip(
            rows["publisher"], rows["kind"], rows["stand"], rows["n"], strict=True
        )
    ]
    return f" (davon {'; '.join(parts)})" if parts else ""


def warm() -> None:
    """Fill the caches of the page's opening view (process start-up): the first service type's
    facilities, distances, population and the map geometry of its area system."""
    from components.maps.geometry import area_features
    from components.maps.splice import warm_area_json

    types = service_types()[0]
    if not types:
        return
    first = types[0]
    dates = snapshots(first.service_type)
    for system in systems_with_facilities(first.service_type)[:1]:
        hierarchy(system)
        centroids(system)
        for level in dict.fromkeys([base_level(system), lowest_level(system)]):
            warm_area_json((system, level, None), area_features(system, level))
        for date in dates[-1:]:
            facilities(first.service_type, date)
            system_facilities(system, first.service_type, date)
            straight_distances(system, first.service_type, date)
