"""Spatial accessibility: E2SFCA (enhanced two-step floating catchment area).

Method (Luo & Qi 2009, Health & Place 15(4), 1100–1107), with weights
``W_ij = f(d_ij)`` from :func:`decay_weights`:

1. per facility ``j``: ``R_j = S_j / Σ_i D_i W_ij`` (places per weighted
   demanded place in its catchment);
2. per demand area ``i``: ``A_i = Σ_j R_j W_ij`` (places per demanded place).

Because both steps use the same weights, supply is conserved:
``Σ_i D_i A_i = Σ_j S_j`` over facilities that reach any demand. ``A_i`` is
therefore comparable with the per-area balance (:func:`indicators.access.balance.balance`):
``A_i = 1`` means the area is covered 100 %.

Demand points: the demand of each area of the lowest level sits at one point, the area's
stored representative point (``areas.centroid_lon/lat``: a point on the surface of the full
boundary, computed in EPSG:3035, always inside the area – unlike the centroid of a U-shaped
area). It is not a population-weighted centre: the data give residents per lowest-level
area only (no blocks, addresses or grid cells below it). Coarser levels are population-weighted
as far as the data go: their access is summed from the points of their lowest-level areas,
each with its own demand (:func:`indicators.access.model.compute`), never from one point of
the coarse area.

Distances are straight lines on the sphere (haversine) × a detour factor by
default. Real travel distances or times can be passed as ``distance_matrix``
(rows = demand areas, columns = facilities, same unit as ``radius_m``;
NaN or inf = unreachable); this is the hook for a routing service.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from indicators.access.service_types import DecayConfig

# What-if helpers live in indicators.access.whatif; re-exported here for existing callers.
from indicators.access.whatif import (
    OPERATOR_TYPES,
    PLAN_PREFIX,
    Points,
    add_facility,
    close_facility,
    demand_points,
    supply_points,
)

__all__ = [
    "EARTH_RADIUS_M", "OPERATOR_TYPES", "PLAN_PREFIX", "E2SFCAResult", "Points", "add_facility",
    "close_facility", "decay_weights", "demand_points", "e2sfca", "haversine_m", "supply_points",
]  # fmt: skip

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: Mean Earth radius R1 of the IUGG / GRS 80 ellipsoid, metres.
EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class E2SFCAResult:
    """Result of :func:`e2sfca`.

    ``areas``: ``area_id``, ``demand`` (demanded places), ``access`` (places
    per demanded place), ``coverage_pct`` (= 100 × access), ``accessible_supply``
    (= demand × access, places), ``gap`` (= accessible_supply − demand, places;
    negative = missing places).
    ``facilities``: ``facility_id``, ``capacity`` (places), ``weighted_demand``
    (distance-weighted demanded places in the catchment), ``ratio`` (R_j, places
    per weighted demanded place; NaN if the facility reaches no demand),
    ``reaches_demand`` (bool).
    """

    areas: pd.DataFrame
    facilities: pd.DataFrame


def haversine_m(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance in metres between broadcastable lon/lat arrays (degrees).

    Examples
    --------
    >>> round(float(haversine_m(13.0, 52.0, 13.0, 53.0)))  # one degree of latitude
    111195
    """
    p1, p2 = np.radians(np.asarray(lat1, float)), np.radians(np.asarray(lat2, float))
    dl = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))), float)


def decay_weights(distance_m: npt.ArrayLike, radius_m: float, decay: DecayConfig) -> FloatArray:
    """Distance-decay weight (0–1) for route distances; 0 beyond ``radius_m``.

    ``step``: weight of the zone the distance falls in (upper edges inclusive).
    ``gaussian`` (Dai 2010, Health & Place 16(5)):
    ``(exp(-½ (d/r)²) − exp(-½)) / (1 − exp(-½))`` for ``d ≤ r``.
    ``none``: 1 inside the radius.

    Examples
    --------
    >>> cfg = DecayConfig("step", (1 / 3, 2 / 3, 1.0), (1.0, 0.68, 0.22), "Luo & Qi 2009")
    >>> decay_weights([0.0, 300.0, 301.0, 900.0, 901.0], 900.0, cfg).tolist()
    [1.0, 1.0, 0.68, 0.22, 0.0]
    >>> g = decay_weights([0.0, 450.0, 900.0], 900.0, DecayConfig("gaussian"))
    >>> [round(float(x), 4) for x in g]
    [1.0, 0.7014, 0.0]
    """
    d = np.asarray(distance_m, dtype=float)
    inside = d <= radius_m
    if decay.kind == "none":
        return inside.astype(float)
    if decay.kind == "gaussian":
        e = np.exp(-0.5)
        g = (np.exp(-0.5 * (d / radius_m) ** 2) - e) / (1.0 - e)
        return np.where(inside, np.clip(g, 0.0, 1.0), 0.0)
    edges = np.asarray(decay.zone_upper_fractions, float) * radius_m
    table = np.append(np.asarray(decay.zone_weights, float), 0.0)
    return np.asarray(table[np.searchsorted(edges, d, side="left")], float)


def _check_points(p: Points, label: str) -> tuple[npt.NDArray[np.object_], FloatArray]:
    ids = np.asarray(p[0], dtype=object)
    weight = np.asarray(p[3], dtype=float)
    if not len(ids) == len(np.asarray(p[1])) == len(np.asarray(p[2])) == len(weight):
        raise ValueError(f"{label}: ids, lon, lat und Gewicht müssen gleich lang sein.")
    if len(set(ids.tolist())) != len(ids):
        raise ValueError(f"{label}: ids sind nicht eindeutig.")
    if not np.all(np.isfinite(weight)) or np.any(weight < 0):
        raise ValueError(f"{label}: Gewichte (Bedarf bzw. Plätze) müssen endlich und ≥ 0 sein.")
    return ids, weight


def _unit_vectors(lon: npt.ArrayLike, lat: npt.ArrayLike, label: str) -> FloatArray:
    lo, la = np.asarray(lon, float), np.asarray(lat, float)
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(la))):
        raise ValueError(f"{label}: Koordinaten fehlen (NaN).")
    if np.any(np.abs(la) > 90) or np.any(np.abs(lo) > 180):
        raise ValueError(f"{label}: lon/lat außerhalb des gültigen Bereichs (WGS84-Grad erwartet).")
    lo, la = np.radians(lo), np.radians(la)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def _weights_haversine(
    demand: Points, supply: Points, radius_m: float, detour: float, decay: DecayConfig
) -> FloatArray | tuple[IntArray, IntArray, FloatArray]:
    """Decay weights for straight-line distances × detour.

    Returns a dense weight matrix (n_demand × n_supply) when most pairs lie
    inside the radius, else sparse triples ``(i, j, w)`` of the pairs inside.
    """
    p = _unit_vectors(demand[1], demand[2], "Bedarfspunkte")
    q = _unit_vectors(supply[1], supply[2], "Angebotspunkte")
    # squared chord length via one matrix product (fast; absolute error ~1e-15)
    chord2 = np.clip(2.0 - 2.0 * (p @ q.T), 0.0, 4.0)
    limit = 2.0 * np.sin(min(radius_m / detour / (2 * EARTH_RADIUS_M), np.pi / 2))
    mask = chord2 <= limit**2 + 1e-12
    if mask.mean() > 0.3:  # dense: distances from the chord (error < 0.1 m)
        dist = detour * 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(chord2) / 2)
        return decay_weights(dist, radius_m, decay)
    i, j = np.nonzero(mask)
    lon_d, lat_d = np.asarray(demand[1], float), np.asarray(demand[2], float)
    lon_s, lat_s = np.asarray(supply[1], float), np.asarray(supply[2], float)
    d = detour * haversine_m(lon_d[i], lat_d[i], lon_s[j], lat_s[j])
    return i, j, decay_weights(d, radius_m, decay)


def _pairs_matrix(
    matrix: npt.ArrayLike, shape: tuple[int, int], radius_m: float
) -> tuple[IntArray, IntArray, FloatArray]:
    m = np.asarray(matrix, dtype=float)
    if m.shape != shape:
        raise ValueError(
            f"distance_matrix hat die Form {m.shape}, erwartet {shape} (Bedarfsgebiete × Einrichtungen)."
        )
    if np.any(m < 0):
        raise ValueError("distance_matrix enthält negative Werte.")
    i, j = np.nonzero(m <= radius_m)
    return i, j, m[i, j]


def _two_steps(
    weights: FloatArray | tuple[IntArray, IntArray, FloatArray],
    demand: FloatArray,
    supply: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """weighted demand per facility, ratio R_j (NaN if unreached), access A_i."""

    def ratio_of(weighted: FloatArray) -> FloatArray:
        out = np.full(len(supply), np.nan)
        np.divide(supply, weighted, out=out, where=weighted > 0)
        return out

    if isinstance(weights, tuple):
        i, j, w = weights
        weighted = np.asarray(np.bincount(j, demand[i] * w, minlength=len(supply)), float)
        ratio = ratio_of(weighted)
        access = np.asarray(np.bincount(i, np.nan_to_num(ratio)[j] * w, len(demand)), float)
    else:
        weighted = np.asarray(demand @ weights, float)
        ratio = ratio_of(weighted)
        access = np.asarray(weights @ np.nan_to_num(ratio), float)
    return weighted, ratio, access


def e2sfca(
    demand_points: Points | tuple[npt.ArrayLike, ...],
    supply_points: Points | tuple[npt.ArrayLike, ...],
    radius_m: float,
    decay: DecayConfig,
    detour_factor: float = 1.0,
    distance_matrix: npt.ArrayLike | None = None,
) -> E2SFCAResult:
    """Enhanced two-step floating catchment area accessibility.

    Parameters
    ----------
    demand_points, supply_points : Points or tuple (ids, lon, lat, weight)
        Demand = demanded places per area at its representative point; supply =
        places per facility (or 1 per facility in count mode).
    radius_m : float
        Catchment as route distance in metres (or in the unit of ``distance_matrix``).
    decay : DecayConfig
        Distance-decay weights, see :func:`decay_weights`.
    detour_factor : float
        Route / straight-line distance (≥ 1); ignored with ``distance_matrix``.
    distance_matrix : array (n_demand × n_supply), optional
        Real route distances or travel times; NaN/inf = unreachable.

    Returns
    -------
    E2SFCAResult
        ``areas.access`` in places per demanded place (1.0 = fully covered).

    Examples
    --------
    One area with 10 demanded places, two facilities with 4 and 6 places:

    >>> r = e2sfca((["a"], [13.4], [52.5], [10.0]),
    ...            (["f", "g"], [13.4, 13.401], [52.5, 52.5], [4.0, 6.0]),
    ...            800.0, DecayConfig("none"), detour_factor=1.3)
    >>> r.areas[["area_id", "access", "gap"]].to_dict("records")
    [{'area_id': 'a', 'access': 1.0, 'gap': 0.0}]
    """
    if not (np.isfinite(radius_m) and radius_m > 0):
        raise ValueError("Der Einzugsradius muss eine positive Zahl sein.")
    if not (np.isfinite(detour_factor) and detour_factor >= 1.0):
        raise ValueError("Der Umwegfaktor muss ≥ 1 sein.")
    dem, sup = Points(*demand_points), Points(*supply_points)
    d_ids, demand = _check_points(dem, "Bedarfspunkte")
    s_ids, supply = _check_points(sup, "Angebotspunkte")
    if distance_matrix is None:
        weights = _weights_haversine(dem, sup, radius_m, detour_factor, decay)
    else:
        i, j, dist = _pairs_matrix(distance_matrix, (len(d_ids), len(s_ids)), radius_m)
        weights = (i, j, decay_weights(dist, radius_m, decay))
    weighted, ratio, access = _two_steps(weights, demand, supply)
    reaches = weighted > 0
    areas = pd.DataFrame(
        {"area_id": d_ids, "demand": demand, "access": access, "coverage_pct": 100.0 * access}
    )
    areas["accessible_supply"] = demand * access
    areas["gap"] = areas["accessible_supply"] - demand
    facilities = pd.DataFrame(
        {
            "facility_id": s_ids,
            "capacity": supply,
            "weighted_demand": weighted,
            "ratio": ratio,
            "reaches_demand": reaches,
        }
    )
    return E2SFCAResult(areas=areas, facilities=facilities)
