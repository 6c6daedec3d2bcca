"""Map of the own Kommune and its peer group (pydeck, no basemap by default).

Kreis level: all 400 Kreise. Gemeinde level, extent "Land": the Gemeinden of the own Land
with their display geometry (Bavaria, the largest, ≈ 1.2 MB); peers outside the Land are
points. The extent "Deutschland" (all 10 956 Gemeinden, overview geometry, ≈ 1.6 MB) is
drawn by :mod:`features.benchmarking.national`.

Tooltips are plain text: Streamlit HTML-escapes the values it puts into the tooltip template.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd
import pydeck as pdk
import shapely
import streamlit as st

from components.maps import deck as maps
from components.maps import geometry as map_geometry
from components.maps import served
from components.maps.frame import framing_bounds
from features.benchmarking import cache as data_bench

Feature = tuple[str, str, str, dict[str, Any]]

OWN_RGB = (213, 94, 0)  # Okabe–Ito vermillion
PEER_RGB = (0, 114, 178)  # Okabe–Ito blue
#: light grey, dark enough that the white gaps between the areas show as borders
OTHER_RGB = (216, 216, 216)
ROLE_OWN = "eigene Kommune"
ROLE_PEER = "Vergleichsgruppe"
ROLE_OTHER = "nicht in der Vergleichsgruppe"
#: Coordinate grid of the shipped geometries in degrees (≈ 70–110 m; VG5000 is 1:5 000 000).
PRECISION = 1e-3


@st.cache_resource(show_spinner=False, max_entries=4)
def level_features(level: str) -> tuple[Feature, ...]:
    """(area_id, local_id, name, GeoJSON geometry) of every area of the level (read-only).

    ``maps.area_features`` with coordinates snapped to :data:`PRECISION` (smaller payload).
    """
    from features.benchmarking.national import area_names  # import cycle: national uses this

    feats = maps.area_features(data_bench.system_code(), level)
    geoms = shapely.from_geojson([json.dumps(f[3]) for f in feats])
    texts = shapely.to_geojson(shapely.set_precision(geoms, PRECISION, mode="pointwise"))
    shown = area_names(level)  # the names of titles and tables ("München", "Osnabrück (Landkreis)")
    return tuple(
        (a, loc, shown.get(a, n), json.loads(t))
        for (a, loc, n, _), t in zip(feats, texts, strict=True)
    )


@st.cache_resource(show_spinner=False, max_entries=20)
def land_features(land: str) -> tuple[Feature, ...]:
    """Gemeinde geometries of one Land (AGS starting with ``land``)."""
    return tuple(f for f in level_features("Gemeinde") if f[1].startswith(land))


def features_view(features: Sequence[Feature]) -> dict[str, float]:
    """Centre and zoom framing the bulk of ``features``: far-flung exclaves and islets stay
    outside the frame (:func:`components.maps.frame.framing_bounds`); Germany when empty."""
    if not features:
        return {"longitude": 10.4, "latitude": 51.2, "zoom": 5.0}
    return map_geometry.view_of(framing_bounds([shapely.geometry.shape(f[3]) for f in features]))


@st.cache_data(show_spinner=False, max_entries=24)
def view_of(key: str, _features: Sequence[Feature]) -> dict[str, float]:
    """:func:`features_view` of the area set named ``key`` (cached per key)."""
    return features_view(_features)


def role_styles(
    area_ids: Sequence[str],
    names: Sequence[str],
    own: str,
    peers: Collection[str],
    notes: dict[str, str] | None = None,
) -> pd.DataFrame:
    """``area_id``, ``fill``, ``line``, ``tooltip``, ``role`` per area (own / peer / other).

    Only the own Kommune has a ``line`` other than white: the maps draw a real outline for it
    alone (``maps.outline_layer``); the other borders are the white gaps of the shrunk areas.
    """
    peer_set = set(peers)
    notes = notes or {}
    rows = []
    for area_id, name in zip(area_ids, names, strict=True):
        if area_id == own:
            role, fill, line = ROLE_OWN, OWN_RGB, maps.HIGHLIGHT_RGB
        elif area_id in peer_set:
            role, fill, line = ROLE_PEER, PEER_RGB, maps.OUTLINE_RGB
        else:
            role, fill, line = ROLE_OTHER, OTHER_RGB, maps.OUTLINE_RGB
        tip = f"{name} · {role}"  # plain: Streamlit HTML-escapes values in the tooltip
        if area_id in notes:
            tip += f" · {notes[area_id]}"
        rows.append((area_id, fill, line, tip, role))
    return pd.DataFrame(rows, columns=["area_id", "fill", "line", "tooltip", "role"])


def point_layer(points: pd.DataFrame) -> pdk.Layer:
    """Own Kommune and peers as points (``lon``, ``lat``, ``color``, ``tip``)."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=points,
        id="kommunen",
        get_position=["lon", "lat"],
        get_radius=4000,
        radius_min_pixels=4,
        get_fill_color="color",
        get_line_color=[255, 255, 255],
        stroked=True,
        line_width_min_pixels=1,
        pickable=True,
    )


def outside_points(areas: pd.DataFrame, own: str, outside: Sequence[str]) -> pd.DataFrame:
    """Points for the own Kommune and peers outside the drawn areas (``areas`` by area_id)."""
    sel = areas.loc[[own, *outside]]
    return pd.DataFrame(
        {
            "lon": sel["centroid_lon"].to_numpy(),
            "lat": sel["centroid_lat"].to_numpy(),
            "color": [list(OWN_RGB if a == own else PEER_RGB) for a in sel.index],
            "tip": [
                f"{n} · {ROLE_OWN if a == own else ROLE_PEER}"
                for a, n in zip(sel.index, sel["name"], strict=True)
            ],
        }
    )


def peer_deck(
    key: str,
    features: Sequence[Feature],
    styled: pd.DataFrame,
    *,
    points: pd.DataFrame | None = None,
    basemap: bool = False,
) -> pdk.Deck:
    """The deck: areas coloured by role (own and peers drawn over the grey rest), optional
    points on top.

    ``key`` names the area set (``"Kreis"`` or the Land's AGS prefix); geometry JSON and view
    are cached per key.
    """
    extra = [point_layer(points)] if points is not None and not points.empty else []
    view = view_of(key, features)
    chosen = styled[styled["role"] != ROLE_OTHER]
    return maps.layered_choropleth_deck(
        ("bench", key), features, resting_data(key, features), chosen, view,
        extra_layers=extra, basemap=basemap, height=520,
    )  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=24)
def resting_data(key: str, _features: Sequence[Feature]) -> str:
    """Every area of the set ``key`` grey, "nicht in der Vergleichsgruppe": the lower layer of
    :func:`peer_deck`, the same for every Kommune and peer group. Served as a file the browser
    loads once (``components.maps.served``); a rerun sends only the own Kommune and its peers.
    """
    rest = role_styles([f[0] for f in _features], [f[2] for f in _features], "", ())
    return served.layer_data(maps.areas_json(("bench", key), _features, rest))
