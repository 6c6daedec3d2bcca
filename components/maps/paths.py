"""Outline coordinates of an area set for the static map pictures (``components.maps.export``).

Each area becomes one x/y array (longitude/latitude) with a NaN row after every ring, so that a
plotly trace can draw many polygons at once. Exteriors run counter-clockwise and holes
clockwise: with the non-zero fill rule of SVG paths a hole drawn the other way round stays open.
Computed once per area set (``st.cache_resource``), like ``maps.areas_json``.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import streamlit as st

from components.maps import deck as maps
from components.maps.frame import framing_bounds

Feature = maps.Feature


@dataclass(frozen=True)
class AreaPaths:
    """Outline coordinates per area: x/y with a NaN row after every ring."""

    ids: tuple[str, ...]
    local_ids: tuple[str, ...]
    names: tuple[str, ...]
    xy: tuple[np.ndarray, ...]
    #: the frame of the picture (``components.maps.frame.framing_bounds``), not every exclave
    bounds: tuple[float, float, float, float]


def rings(geometry: dict[str, Any]) -> list[np.ndarray]:
    """Rings of a (multi)polygon; exteriors counter-clockwise, holes clockwise.

    With the non-zero fill rule of SVG paths a hole drawn the other way round stays open.
    """
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    polygons: list[Any]
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = list(coords or ())
    else:  # rare (GeometryCollection …): let shapely find the polygons
        geom = shapely.from_geojson(json.dumps(geometry))
        return [r for p in shapely.get_parts(geom) if p.geom_type == "Polygon"
                for r in rings(json.loads(shapely.to_geojson(p)))]  # fmt: skip
    out = []
    for polygon in polygons or ():
        for n, ring in enumerate(polygon):
            xy = np.asarray(ring, dtype=float)[:, :2]
            if len(xy) < 3:
                continue
            x, y = xy[:, 0], xy[:, 1]
            ccw = float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) > 0
            out.append(xy if ccw == (n == 0) else xy[::-1])
    return out


@st.cache_resource(show_spinner=False, max_entries=32)
def area_paths(key: Hashable, _features: Sequence[Feature]) -> AreaPaths:
    """Outlines of the area set ``key`` (same key, same features – as ``maps.areas_json``)."""
    gap = np.full((1, 2), np.nan)
    xy = []
    for feature in _features:
        parts = rings(feature[3])
        xy.append(np.concatenate([p for r in parts for p in (r, gap)]) if parts else gap[:0])
    # the frame of the picture: the bulk of the areas, without far-flung exclaves and islets
    bounds = (
        framing_bounds([shapely.from_geojson(json.dumps(f[3])) for f in _features])
        if any(len(p) for p in xy)
        else (0.0, 0.0, 1.0, 1.0)
    )
    return AreaPaths(
        tuple(f[0] for f in _features),
        tuple(f[1] for f in _features),
        tuple(f[2] for f in _features),
        tuple(xy),
        (bounds[0], bounds[1], bounds[2], bounds[3]),
    )
