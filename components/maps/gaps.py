"""Area borders without a line layer: every polygon is drawn slightly shrunk.

deck.gl draws the outlines of a ``GeoJsonLayer`` with its ``PathLayer``; without a GPU
(software WebGL, as on many office PCs and in our headless browser) that costs several
hundred milliseconds per redraw. Instead, each area is shrunk inwards by about half a pixel
at the map's initial zoom, so the page background shows through as a thin white border
between neighbours (docs/profiling.md, "Kartenumrisse ohne Linien-Layer").

The shrinking is done once per area set (:func:`display_features` remembers the result per
features object; the callers pass cached, shared feature tuples).
"""

from __future__ import annotations

import functools
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyproj
import shapely

Feature = tuple[str, str, str, dict[str, Any]]

#: White gap between two neighbouring areas at the initial zoom, in screen pixels.
GAP_PX = 1.0
#: An area keeps at least this share of its surface; otherwise a smaller buffer is tried.
MIN_KEPT = 0.5
#: Metric CRS for the buffer (ETRS89-LAEA Europe, metres; fine for all of Germany).
METRIC_CRS = "EPSG:3035"
#: deck.gl (Web-Mercator): pixels across the world at zoom 0.
WORLD_PX = 512
EARTH_CIRCUMFERENCE_M = 40_075_016.686
_MEMO_SIZE = 64


@functools.cache
def _transformers() -> tuple[pyproj.Transformer, pyproj.Transformer]:
    """(to metres, back to lon/lat): made with the first shrinking, not at import (opening
    the PROJ database takes ≈ 90 ms of a cold link's first run, before the page's heading)."""
    return (
        pyproj.Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True),
        pyproj.Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True),
    )


def fit_zoom(bounds: Sequence[float], margin: float = 0.6) -> float:
    """Zoom at which deck.gl shows the extent ``(minx, miny, maxx, maxy)`` (degrees).

    The same rule as ``maps.view_for``: the larger side fits, plus ``margin`` zoom levels.

    >>> round(fit_zoom((13.0, 52.3, 13.8, 52.7)), 2)
    8.7
    """
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    dx = max(maxx - minx, 1e-4)
    dy = max((maxy - miny) / math.cos(math.radians((miny + maxy) / 2)), 1e-4)
    return min(math.log2(360 / dx), math.log2(180 / dy)) + margin


def pixel_metres(bounds: Sequence[float], margin: float = 0.6) -> float:
    """Metres per screen pixel at the centre of ``bounds`` when the map fits them.

    >>> round(pixel_metres((13.0, 52.3, 13.8, 52.7)), 1)
    114.8
    """
    lat = (float(bounds[1]) + float(bounds[3])) / 2
    zoom = fit_zoom(bounds, margin)
    return EARTH_CIRCUMFERENCE_M * math.cos(math.radians(lat)) / (WORLD_PX * 2**zoom)


def grid_decimals(coords: np.ndarray, most: int = 7) -> int:
    """Fewest decimals that keep every coordinate (the grid the geometries are stored on).

    >>> grid_decimals(np.array([[13.34151, 52.5], [13.1, 52.50494]]))
    5
    >>> grid_decimals(np.array([[9.504, 48.1]]))
    3
    """
    for decimals in range(most + 1):
        if np.allclose(np.round(coords, decimals), coords, rtol=0.0, atol=1e-9):
            return decimals
    return most


def _project(geoms: np.ndarray, transformer: pyproj.Transformer) -> np.ndarray:
    def move(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return np.asarray(shapely.transform(geoms, move))


def _shrink_parts(metric: np.ndarray, distance_m: float) -> np.ndarray:
    """Single polygons shrunk inwards; a part that would vanish, split or lose more than
    :data:`MIN_KEPT` of its surface gets a quarter of the distance, else stays as it is."""
    area = shapely.area(metric)
    out = metric.copy()
    todo = np.ones(len(metric), dtype=bool)
    for dist in (distance_m, distance_m / 4):
        idx = np.flatnonzero(todo)
        cand = shapely.buffer(metric[idx], -dist, join_style="mitre", mitre_limit=2.0)
        ok = (
            ~shapely.is_empty(cand)
            & (shapely.get_num_geometries(cand) == 1)
            & (shapely.area(cand) >= MIN_KEPT * area[idx])
        )
        out[idx[ok]] = shapely.get_geometry(cand[ok], 0)
        todo[idx[ok]] = False
    return out


def shrink(geoms: np.ndarray, distance_m: float, decimals: int) -> np.ndarray:
    """Lon/lat (multi)polygons shrunk by ``distance_m`` metres, coordinates rounded to ``decimals``.

    Every polygon part is shrunk on its own (:func:`_shrink_parts`): small islands do not
    vanish and each area keeps its number of parts and its geometry type.
    """
    empty = shapely.is_empty(geoms)
    if empty.any():  # nothing to shrink there; multipolygons() below needs a part per area
        out = np.array(geoms, dtype=object)
        out[~empty] = shrink(geoms[~empty], distance_m, decimals)
        return out
    parts, owner = shapely.get_parts(geoms, return_index=True)
    to_metric, to_lonlat = _transformers()
    lonlat = _project(_shrink_parts(_project(parts, to_metric), distance_m), to_lonlat)
    lonlat = shapely.set_precision(lonlat, 10.0**-decimals, mode="pointwise")
    # rounding may, in rare cases, spoil a tiny shrunk part: keep the original part then
    bad = ~shapely.is_valid(lonlat) | shapely.is_empty(lonlat)
    lonlat[bad] = parts[bad]
    multi = shapely.get_type_id(geoms) == shapely.GeometryType.MULTIPOLYGON
    out = np.asarray(shapely.multipolygons(lonlat, indices=owner, out=None))
    out[~multi] = shapely.get_geometry(out[~multi], 0)
    return out


def shrunk_features(features: Sequence[Feature], gap_px: float = GAP_PX) -> tuple[Feature, ...]:
    """``features`` with every geometry shrunk by ``gap_px / 2`` pixels at the fitting zoom."""
    if not features:
        return ()
    geoms = shapely.from_geojson([json.dumps(f[3]) for f in features])
    bounds = shapely.total_bounds(geoms)
    decimals = grid_decimals(shapely.get_coordinates(geoms))
    distance = gap_px / 2 * pixel_metres(bounds)
    texts = shapely.to_geojson(shrink(geoms, distance, decimals))
    return tuple(
        (a, loc, n, json.loads(t)) for (a, loc, n, _), t in zip(features, texts, strict=True)
    )


_MEMO: OrderedDict[int, tuple[Sequence[Feature], tuple[Feature, ...]]] = OrderedDict()
_LOCK = threading.Lock()


def display_features(features: Sequence[Feature]) -> tuple[Feature, ...]:
    """:func:`shrunk_features`, remembered per features object (the shared cached tuples).

    The memo holds a reference to ``features`` and checks identity, so an id reused by a new
    object never returns a stale result.
    """
    with _LOCK:
        hit = _MEMO.get(id(features))
        if hit is not None and hit[0] is features:
            _MEMO.move_to_end(id(features))
            return hit[1]
    out = shrunk_features(features)
    with _LOCK:
        _MEMO[id(features)] = (features, out)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return out
