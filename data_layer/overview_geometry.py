"""Overview geometry: every level of an area system generalised for one map of the whole system.

A map of all 10 956 Gemeinden of Germany with the display geometry (``areas.geometry_display``)
is about 5 MB of JSON. For a national overview the build stores a coarser copy in the table
``area_geometry_overview`` (docs/schema.md):

* the finest level of each area system is simplified as one **coverage**
  (``shapely.coverage_simplify``, GEOS ≥ 3.12): shared borders are simplified once, so
  neighbours keep a common edge – no gaps, no overlaps – and no area vanishes (at worst it
  becomes a triangle);
* the tolerance is about one screen pixel of a 500-pixel map of the whole system
  (:func:`overview_tolerance`; Germany ≈ 1.8 km, Berlin ≈ 90 m);
* every coarser level is the union of its simplified descendants (via ``parent_id``), so
  Land, Kreis and Gemeinde borders of the overview lie exactly on top of each other;
* coordinates are snapped to a grid of a tenth of the tolerance, rounded down to a power of
  ten (:func:`overview_grid`; Germany: :data:`GRID_DEG` = 0.001° ≈ 110 m × 70 m). An area
  that the grid would collapse keeps its simplified shape on a 100 times finer grid.

Pure geometry (frames in, frames out, no I/O). The build writes the table
(:mod:`data_layer.build.overview_table`); the app computes the same geometry with
:func:`overview_frame` as a fallback for a store built before the table existed
(:func:`data_layer.read.peers.overview_geometries`), so this module must not import the build.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from data_layer.crs import EQUAL_AREA, WGS84

#: Coordinate grid for a national map in degrees (≈ 110 m north–south, 70 m east–west).
GRID_DEG = 1e-3
#: Metres per degree of latitude (for the grid rule of :func:`overview_grid`).
M_PER_DEG = 111_000.0
#: Height in pixels of the map the tolerance is chosen for.
MAP_PIXELS = 500.0
TOLERANCE_RANGE_M = (5.0, 5000.0)


def overview_tolerance(bounds_m: Sequence[float]) -> float:
    """Simplification tolerance (m): the longer side of the extent divided by :data:`MAP_PIXELS`.

    Parameters
    ----------
    bounds_m
        ``(minx, miny, maxx, maxy)`` of the whole area system in metres (EPSG:3035).

    Returns
    -------
    float
        Tolerance in metres, rounded to 10 m and kept within :data:`TOLERANCE_RANGE_M`.

    >>> overview_tolerance((4_030_000, 2_680_000, 4_670_000, 3_550_000))  # Germany
    1740.0
    >>> overview_tolerance((0, 0, 1_000, 1_000))
    5.0
    """
    minx, miny, maxx, maxy = (float(b) for b in bounds_m)
    side = max(maxx - minx, maxy - miny)
    if not np.isfinite(side) or side < 0:
        raise ValueError("Ausdehnung des Gebietssystems ist ungültig.")
    low, high = TOLERANCE_RANGE_M
    return float(min(high, max(low, round(side / MAP_PIXELS, -1))))


def overview_grid(tolerance_m: float) -> float:
    """Coordinate grid (degrees): the power of ten at or below a tenth of the tolerance.

    >>> overview_grid(1730.0), overview_grid(90.0)
    (0.001, 1e-05)
    """
    if not tolerance_m > 0:
        raise ValueError("Die Toleranz muss positiv sein.")
    return float(10.0 ** np.floor(np.log10(tolerance_m / 10.0 / M_PER_DEG)))


def _transform(geoms: np.ndarray, src: str, dst: str) -> np.ndarray:
    tr = Transformer.from_crs(src, dst, always_xy=True)
    return np.asarray(
        shapely.transform(geoms, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1]))),
        dtype=object,
    )


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of ``make_valid(geom)`` (lines and points dropped)."""
    polys = [p for p in _flat_parts(geom) if shapely.get_type_id(p) == 3]
    parts = [q for p in polys for q in _flat_parts(shapely.make_valid(p))]
    keep = [q for q in parts if shapely.get_type_id(q) == 3 and q.area > 0]
    return shapely.union_all(keep) if keep else shapely.Polygon()


def _flat_parts(geom: shapely.Geometry) -> list[shapely.Geometry]:
    """Single parts of ``geom``, nested collections flattened."""
    out: list[shapely.Geometry] = []
    for part in shapely.get_parts(geom):
        out.extend(_flat_parts(part) if shapely.get_type_id(part) in (4, 5, 6, 7) else [part])
    return out


def simplify_coverage(geoms_m: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Coverage simplification of polygons in metres; invalid results are repaired.

    >>> a = shapely.box(0, 0, 10, 10)
    >>> b = shapely.box(10, 0, 20, 10)
    >>> out = simplify_coverage(np.array([a, b], dtype=object), 1.0)
    >>> [round(float(shapely.area(g)), 1) for g in out], bool(shapely.coverage_is_valid(out))
    ([100.0, 100.0], True)
    """
    if tolerance_m <= 0:
        raise ValueError("Die Toleranz muss positiv sein.")
    out = np.asarray(shapely.coverage_simplify(geoms_m, tolerance_m), dtype=object)
    bad = ~shapely.is_valid(out) | shapely.is_empty(out)
    for i in np.flatnonzero(bad):
        fixed = _polygonal(out[i])
        out[i] = fixed if not fixed.is_empty else geoms_m[i]
    return out


def snap(geoms: np.ndarray, grid: float = GRID_DEG) -> np.ndarray:
    """Coordinates on a ``grid`` (degrees); areas the grid would collapse use a 100× finer grid.

    Shared vertices of neighbours snap to the same grid point, so a coverage stays
    edge-matched.

    >>> tiny = shapely.box(13.40001, 52.50001, 13.40031, 52.50021)  # ≈ 20 m × 22 m
    >>> out = snap(np.array([tiny], dtype=object))
    >>> round(float(shapely.area(out[0])) * 1e8), shapely.get_coordinates(out[0])[0].tolist()
    (6, [13.40001, 52.50001])
    """
    out = np.asarray(shapely.set_precision(geoms, grid, mode="pointwise"), dtype=object)
    bad = ~shapely.is_valid(out) | (shapely.area(out) <= 0)
    for i in np.flatnonzero(bad):
        fixed = _polygonal(out[i])
        if fixed.is_empty or fixed.area <= 0:
            fixed = shapely.set_precision(geoms[i], grid / 100, mode="valid_output")
        out[i] = fixed
    return out


def _chains(frame: pd.DataFrame) -> dict[str, list[str]]:
    """Ancestors (parent first) of every area of ``frame`` (``area_id``, ``parent_id``)."""
    parent = {
        a: (None if p is None or pd.isna(p) else str(p))
        for a, p in zip(frame["area_id"], frame["parent_id"], strict=True)
    }
    chains: dict[str, list[str]] = {}
    for area in parent:
        chain, seen, up = [], {area}, parent[area]
        while up is not None and up in parent and up not in seen:
            chain.append(up)
            seen.add(up)
            up = parent[up]
        chains[area] = chain
    return chains


def _system_overview(frame: pd.DataFrame) -> pd.DataFrame:
    """Overview rows of one area system (``area_id``, ``tolerance_m``, ``geometry`` WKB)."""
    geoms = _transform(shapely.from_wkb([bytes(b) for b in frame["geometry"]]), WGS84, EQUAL_AREA)
    tol = overview_tolerance(shapely.total_bounds(geoms))
    finest = (frame["level_rank"] == frame["level_rank"].max()).to_numpy()
    simple = dict(zip(frame["area_id"][finest], simplify_coverage(geoms[finest], tol), strict=True))
    members: dict[str, list[shapely.Geometry]] = {}
    chains = _chains(frame)
    for area, geom in simple.items():
        for up in chains[area]:
            members.setdefault(up, []).append(geom)
    result = []
    for area, geom in zip(frame["area_id"], geoms, strict=True):
        if area in simple:
            result.append(simple[area])
        elif area in members:
            result.append(_union(members[area]))
        else:  # a coarser area without descendants: simplified on its own
            result.append(shapely.simplify(geom, tol, preserve_topology=True))
    wgs = snap(_transform(np.asarray(result, dtype=object), EQUAL_AREA, WGS84), overview_grid(tol))
    return pd.DataFrame(
        {
            "area_id": frame["area_id"].to_numpy(),
            "tolerance_m": tol,
            "geometry": shapely.to_wkb(wgs),
        }
    )


def _union(parts: list[shapely.Geometry]) -> shapely.Geometry:
    try:
        union = shapely.coverage_union_all(np.asarray(parts, dtype=object))
    except shapely.errors.GEOSException:  # not a clean coverage: the general union
        union = shapely.union_all(parts)
    return union if shapely.get_type_id(union) in (3, 6) else _polygonal(union)


def overview_frame(areas: pd.DataFrame) -> pd.DataFrame:
    """Overview geometry of every area.

    Parameters
    ----------
    areas
        Columns ``area_id``, ``system_code``, ``level_rank`` (0 = coarsest), ``parent_id`` and
        ``geometry`` (WKB, EPSG:4326) – the ``areas`` table or a part of it.

    Returns
    -------
    pandas.DataFrame
        ``area_id``, ``tolerance_m`` (simplification tolerance in metres) and ``geometry``
        (WKB, EPSG:4326, coordinates on :data:`GRID_DEG`), one row per input area.
    """
    need = {"area_id", "system_code", "level_rank", "parent_id", "geometry"}
    if missing := need - set(areas.columns):
        raise ValueError(f"Spalten fehlen: {', '.join(sorted(missing))}")
    parts = [_system_overview(g) for _, g in areas.groupby("system_code", sort=True) if len(g)]
    if not parts:
        return pd.DataFrame({"area_id": [], "tolerance_m": [], "geometry": []})
    return pd.concat(parts, ignore_index=True)
