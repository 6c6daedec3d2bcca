"""What-if helpers for the Bedarf–Angebot analysis: demand/supply points, planned and closed facilities.

Moved here from :mod:`indicators.access.catchment` (which re-exports them). Nothing is
written anywhere: every function returns a new DataFrame and leaves its
inputs untouched, so a scenario lives only in the caller's session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from indicators.access.service_types import CapacityMode


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


def demand_points(centroids: pd.DataFrame, demand: pd.Series) -> Points:
    """Demand points from area centroids (``area_id, lon, lat``) and a demand Series.

    ``demand`` is indexed by area_id (demanded places, e.g. ``balance(...)["demand"]``
    of the lowest level). Missing centroids or NaN demand raise ``ValueError``
    (fill NaN explicitly, e.g. with 0, if that is intended).
    """
    missing = demand.index.difference(pd.Index(centroids["area_id"]))
    if len(missing):
        raise ValueError(f"Für {len(missing)} Gebiete fehlt der Bedarfspunkt, z. B. {missing[0]}.")
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
    facilities: pd.DataFrame,
    service_type: str,
    mode: CapacityMode = "places",
    capacity_share: float = 1.0,
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


#: Operator types (same list as ``data_layer.build.package.OPERATOR_TYPES``).
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
    ``area_id`` is needed for :func:`indicators.access.balance.balance` (the caller
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


@dataclass(frozen=True)
class PlannedFacility:
    """One planned facility of a what-if scenario.

    ``lon``/``lat`` in WGS84 degrees; ``capacity`` in places (> 0);
    ``operator_type`` one of :data:`OPERATOR_TYPES`; ``area_id`` is the
    lowest-level area that contains the point (the caller assigns it).
    """

    lon: float
    lat: float
    capacity: float
    operator_type: str
    area_id: str


def apply_scenario(
    facilities: pd.DataFrame,
    service_type: str,
    planned: Sequence[PlannedFacility] = (),
    closed: Sequence[str] = (),
) -> tuple[pd.DataFrame, list[str]]:
    """Facilities after a what-if scenario: closures removed, planned facilities appended.

    Parameters
    ----------
    facilities : DataFrame
        Existing facilities (``facility_id, service_type, capacity, lon, lat, …``).
    service_type : str
        Facility type given to the planned facilities (e.g. ``"Kita"``).
    planned : sequence of PlannedFacility
        Appended in order with ids ``plan:1``, ``plan:2``, … and names
        "Geplante Einrichtung 1", ….
    closed : sequence of str
        Facility ids to remove; ids not in ``facilities`` are ignored.

    Returns
    -------
    (DataFrame, list of str)
        The new table (the input is not changed) and the closure ids that were
        not found, in input order without duplicates.

    Examples
    --------
    >>> f = pd.DataFrame({"facility_id": ["k1", "k2"], "service_type": ["Kita", "Kita"],
    ...                   "name": ["A", "B"], "capacity": [50.0, 20.0], "operator": ["x", "y"],
    ...                   "operator_type": ["privat", "öffentlich"], "lon": [13.4, 13.5],
    ...                   "lat": [52.5, 52.5], "area_id": ["a", "b"]})
    >>> new, ignored = apply_scenario(
    ...     f, "Kita", [PlannedFacility(13.41, 52.51, 100, "öffentlich", "a")], ["k2", "k9"])
    >>> new[["facility_id", "capacity", "area_id"]].values.tolist()
    [['k1', 50.0, 'a'], ['plan:1', 100.0, 'a']]
    >>> ignored
    ['k9']
    """
    known = set(facilities["facility_id"].astype(str).tolist())  # not Arrow iteration
    wanted = list(dict.fromkeys(closed))
    ignored = [fid for fid in wanted if fid not in known]
    out = (
        facilities[~facilities["facility_id"].isin(wanted)].reset_index(drop=True)
        if wanted
        else facilities.reset_index(drop=True)
    )
    for no, p in enumerate(planned, start=1):
        if not (np.isfinite(p.capacity) and p.capacity > 0):
            raise ValueError(f"Geplante Einrichtung {no}: Die Platzzahl muss größer als 0 sein.")
        out = add_facility(
            out, p.lon, p.lat, p.capacity, f"Geplante Einrichtung {no}", p.operator_type,
            service_type=service_type, area_id=p.area_id,
        )  # fmt: skip
    return out, ignored
