"""Area geometry for the maps: GeoJSON per area and the view that frames a level.

Read once per process from the store (``st.cache_resource``: shared, never mutate).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import shapely
import streamlit as st

from components import cache as data
from components.maps.frame import framing_bounds
from data_layer.read import common as q

Feature = tuple[str, str, str, dict[str, Any]]


@st.cache_resource(show_spinner=False, max_entries=16)
def _geometry_json(
    system_code: str, level: str
) -> tuple[tuple[str, str, str, dict[str, Any]], ...]:
    """(area_id, local_id, name, GeoJSON geometry) per area, computed once per process (read-only)."""
    geo = q.area_geometries(data.connection(), system_code, level)
    geoms = shapely.from_wkb([bytes(b) for b in geo["wkb"]])
    texts = shapely.to_geojson(geoms)
    return tuple(
        (a, loc, n, json.loads(t))
        for a, loc, n, t in zip(geo["area_id"], geo["local_id"], geo["name"], texts, strict=True)
    )


def area_features(system_code: str, level: str) -> tuple[tuple[str, str, str, dict[str, Any]], ...]:
    """Display geometries of one level (shared, never mutate)."""
    return _geometry_json(system_code, level)


def view_of(bounds: Sequence[float]) -> dict[str, float]:
    """Centre and zoom of deck.gl that show ``bounds`` (minx, miny, maxx, maxy in degrees)."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    dx = max(maxx - minx, 1e-4)
    dy = max((maxy - miny) / math.cos(math.radians((miny + maxy) / 2)), 1e-4)
    zoom = min(math.log2(360 / dx), math.log2(180 / dy)) + 0.6
    return {"longitude": (minx + maxx) / 2, "latitude": (miny + maxy) / 2, "zoom": round(zoom, 2)}


@st.cache_data(show_spinner=False, max_entries=16)
def view_for(system_code: str, level: str) -> dict[str, float]:
    """Centre and zoom that frame the level: the bulk of its areas, without far-flung exclaves
    and tiny islands (:func:`components.maps.frame.framing_bounds`)."""
    feats = _geometry_json(system_code, level)
    return view_of(framing_bounds([shapely.from_geojson(json.dumps(f[3])) for f in feats]))
