"""Spatial accessibility: E2SFCA (enhanced two-step floating catchment area).

Method (Luo & Qi 2009, Health & Place 15(4), 1100–1107), with weights
``W_ij = f(d_ij)`` from :func:`decay_weights`:

1. per facility ``j``: ``R_j = S_j / Σ_i D_i W_ij`` (places per weighted
   demanded place in its catchment);
2. per demand area ``i``: ``A_i = Σ_j R_j W_ij`` (places per demanded place).

Because both steps use the same weights, supply is conserved:
``Σ_i D_i A_i = Σ_j S_j`` over facilities that reach any demand. ``A_i`` is
therefore comparable with the per-area balance (:func:`indicators.balance.balance`):
``A_i = 1`` means the area is covered 100 %.

Distances are straight lines on the sphere (haversine) × a detour factor by
default. Real travel distances or times can be passed as ``distance_matrix``
(rows = demand areas, columns = facilities, same unit as ``radius_m``;
NaN or inf = unreachable); this is the hook for a routing service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from indicators.service_types import DecayConfig

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: Mean Earth radius R1 of the IUGG / GRS 80 ellipsoid, metres.
EARTH_RADIUS_M = 6_371_008.8


class Points(NamedTuple):
    """Demand or supply locations: ids, WGS84 lon/lat (degrees), weight.

    ``weight`` is the demand (demanded places) or the supply (places, or 1
    per facility in count mode). A plain tuple ``(ids, lon, lat, weight)``
    works as well.
    """

    ids: npt.ArrayLike
    lon: npt.ArrayLike
    lat: npt.ArrayLike
    weight: npt.ArrayLike


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
        Demand = demanded places per area (e.g. at its centroid); supply =
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


def demand_points(centroids: pd.DataFrame, demand: pd.Series) -> Points:
    """Demand points from area centroids (``area_id, lon, lat``) and a demand Series.

    ``demand`` is indexed by area_id (demanded places, e.g. ``balance(...)["demand"]``
    of the lowest level). Missing centroids or NaN demand raise ``ValueError``
    (fill NaN explicitly, e.g. with 0, if that is intended).
    """
    missing = demand.index.difference(pd.Index(centroids["area_id"]))
    if len(missing):
        raise ValueError(f"Für {len(missing)} Gebiete fehlt der Mittelpunkt, z. B. {missing[0]}.")
    if demand.isna().any():
        raise ValueError(f"Für {int(demand.isna().sum())} Gebiete ist der Bedarf unbekannt (NaN).")
    c = centroids.set_index("area_id").loc[demand.index]
    return Points(
        demand.index.to_numpy(),
        c["lon"].to_numpy(float),
        c["lat"].to_numpy(float),
        demand.to_numpy(float),
    )


def supply_points(
    facilities: pd.DataFrame, service_type: str, mode: str = "places", capacity_share: float = 1.0
) -> Points:
    """Supply points of one facility type: places × ``capacity_share`` (or 1 each in count mode).

    In "places" mode facilities without a place count raise ``ValueError``
    (never counted as 0): filter them or use ``mode="count"``.
    """
    fac = facilities[facilities["service_type"] == service_type]
    if mode == "count":
        weight = np.ones(len(fac))
    else:
        n_unknown = int(fac["capacity"].isna().sum())
        if n_unknown:
            raise ValueError(
                f"{n_unknown} Einrichtungen ({service_type}) ohne Platzzahl; bitte ergänzen, "
                "herausfiltern oder Modus 'Anzahl Einrichtungen' wählen."
            )
        weight = fac["capacity"].to_numpy(float) * capacity_share
    return Points(
        fac["facility_id"].to_numpy(),
        fac["lon"].to_numpy(float),
        fac["lat"].to_numpy(float),
        weight,
    )


#: Operator types (same list as ``data_layer.package.OPERATOR_TYPES``).
OPERATOR_TYPES: tuple[str, ...] = ("öffentlich", "frei-gemeinnützig", "privat", "unbekannt")
PLAN_PREFIX = "plan:"


def add_facility(
    facilities: pd.DataFrame,
    lon: float,
    lat: float,
    capacity: float,
    name: str,
    operator_type: str,
    *,
    service_type: str | None = None,
    area_id: str | None = None,
    operator: str = "Planung",
    data_date: str | None = None,
) -> pd.DataFrame:
    """Return a copy of ``facilities`` with one planned facility (id ``plan:<n>``) appended.

    ``service_type`` defaults to the single type present in ``facilities``.
    ``area_id`` is needed for :func:`indicators.balance.balance` (the caller
    assigns it by point-in-polygon); E2SFCA only needs lon/lat.

    Examples
    --------
    >>> f = pd.DataFrame({"facility_id": ["k1"], "service_type": ["Kita"], "capacity": [50.0],
    ...                   "lon": [13.4], "lat": [52.5]})
    >>> add_facility(f, 13.41, 52.51, 80, "Neue Kita", "öffentlich")["facility_id"].tolist()
    ['k1', 'plan:1']
    """
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError("Ungültige Koordinaten (lon/lat in WGS84-Grad erwartet).")
    if not (np.isnan(capacity) or capacity >= 0):
        raise ValueError("Die Platzzahl muss ≥ 0 sein.")
    if operator_type not in OPERATOR_TYPES:
        raise ValueError(
            f"Unbekannte Trägerart '{operator_type}' (erlaubt: {', '.join(OPERATOR_TYPES)})."
        )
    if service_type is None:
        types = facilities["service_type"].dropna().unique()
        if len(types) != 1:
            raise ValueError(
                "Bitte service_type angeben (die Tabelle enthält mehrere Einrichtungsarten)."
            )
        service_type = str(types[0])
    ids = facilities["facility_id"].astype(str)
    numbers = pd.to_numeric(
        ids[ids.str.startswith(PLAN_PREFIX)].str[len(PLAN_PREFIX) :], errors="coerce"
    )
    next_no = int(numbers.max()) + 1 if numbers.notna().any() else 1
    values = {
        "facility_id": f"{PLAN_PREFIX}{next_no}", "service_type": service_type, "name": name,
        "capacity": float(capacity), "operator": operator, "operator_type": operator_type,
        "lon": float(lon), "lat": float(lat), "area_id": area_id, "data_date": data_date,
    }  # fmt: skip
    row = pd.DataFrame([{c: values.get(c) for c in facilities.columns}])
    return pd.concat([facilities, row.astype(facilities.dtypes.to_dict())], ignore_index=True)


def close_facility(facilities: pd.DataFrame, facility_id: str) -> pd.DataFrame:
    """Return a copy of ``facilities`` without the facility ``facility_id`` (what-if closure)."""
    hit = facilities["facility_id"] == facility_id
    if not hit.any():
        raise ValueError(f"Einrichtung '{facility_id}' nicht gefunden.")
    return facilities[~hit].reset_index(drop=True)
