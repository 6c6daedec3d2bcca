"""Map of all Gemeinden (or Kreise) of Germany with the own Kommune and its peers highlighted.

The geometry is the overview geometry of the store (``area_geometry_overview``:
coverage-simplified at ≈ 1.7 km, coordinates on a 0.001° grid, see
``data_layer/build/overview_geometry.py``). To stay under 2 MB for 10 956 Gemeinden the deck
ships each polygon as a compact row ``{"p": rings, "t": tooltip}`` of a ``PolygonLayer``
(no GeoJSON ``Feature`` wrapper, no per-area colour): one layer for the other Kommunen
(grey), one for the peers, one for the own Kommune, plus the Land borders as lines and points
that keep small highlighted Gemeinden visible. The JSON text of every row is built once per
process; a rerun only sorts the rows into the three layers and joins strings.

The grey and peer polygons are drawn without strokes and slightly shrunk
(``components.maps.gaps``): the background shows through as thin borders. Only the own
Kommune keeps a real outline (a line layer over 10 956 areas is slow without a GPU).
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
from components.maps import gaps as map_gaps
from components.maps.frame import framing_bounds
from features.benchmarking import cache as data_bench
from features.benchmarking.map import OWN_RGB, PEER_RGB, ROLE_OWN, ROLE_PEER
from indicators.peers.tables import distinct_names
from indicators.search import display_name

#: grey of the Kommunen outside the peer group (darker than the Land map's: white borders)
REST_RGB = (214, 214, 214)
BORDER_RGB = (90, 90, 90)
#: zoom levels added to the fitting zoom of the national view
VIEW_MARGIN = 0.9
#: points mark highlighted Kommunen only up to this many peers (else they hide the map)
MAX_POINTS = 200
_TOKEN = "__bench_rows_{}__"
_LAYERS = ("rest", "peers", "own")


class NationalDeck(maps.CompactDeck):
    """A compact deck whose layer data placeholders are replaced by ready JSON text."""

    def to_json(self) -> str:
        rows: dict[str, str] = self.__dict__.pop("_rows_json", {})
        try:
            text = str(super().to_json())
        finally:
            self.__dict__["_rows_json"] = rows
        for token, part in rows.items():
            text = text.replace(json.dumps(token), part, 1)
        return text


def _ring(xy: Any) -> str:
    """``[[x,y],…]`` without the closing point (deck.gl closes rings itself)."""
    return "[" + ",".join(f"[{x!r},{y!r}]" for x, y in xy[:-1].round(6).tolist()) + "]"


def _rings(geom: shapely.Geometry) -> list[str]:
    """JSON text of the rings of every polygon part (``[[[x,y],…],…]``)."""
    out = []
    for poly in shapely.get_parts(geom):
        rings = [poly.exterior, *poly.interiors]
        out.append("[" + ",".join(_ring(shapely.get_coordinates(r)) for r in rings) + "]")
    return out


@st.cache_resource(show_spinner=False, max_entries=2)
def area_rows(level: str) -> dict[str, tuple[str, ...]]:
    """area_id → polygon coordinate texts (``"p"`` values) of the overview geometry.

    Every polygon is shrunk by half a pixel of the national view (``map_gaps.shrink``).
    """
    frame = data_bench.overview(level)
    geoms = shapely.from_wkb([bytes(b) for b in frame["wkb"]])
    decimals = map_gaps.grid_decimals(shapely.get_coordinates(geoms))
    distance = map_gaps.GAP_PX / 2 * map_gaps.pixel_metres(framing_bounds(geoms), VIEW_MARGIN)
    geoms = map_gaps.shrink(geoms, distance, decimals)
    return {a: tuple(_rings(g)) for a, g in zip(frame["area_id"], geoms, strict=True)}


@st.cache_resource(show_spinner=False, max_entries=2)
def area_names(level: str) -> dict[str, str]:
    """area_id → short name (designation after the comma dropped); a name that is not unique
    on the level names the type of the Kreis or the Kreis of the Gemeinde ("Osnabrück
    (Landkreis)"), see :func:`kommune_names`."""
    frame = data_bench.overview(level)
    names = kommune_names(level)
    return {
        a: names.get(a) or display_name(str(n))
        for a, n in zip(frame["area_id"], frame["name"], strict=True)
    }


def _kreis_type(value: object) -> str:
    """ "Kreisfreie Stadt" → "kreisfreie Stadt" (inside a name's brackets); others unchanged."""
    text = str(value) if isinstance(value, str) else ""
    return text[:1].lower() + text[1:] if text.startswith("Kreisfreie") else text


@st.cache_resource(show_spinner=False, max_entries=2)
def kommune_names(level: str) -> dict[str, str]:
    """area_id → the name shown in titles, tables and maps, unique on the level (read-only)."""
    a = data_bench.areas(level)
    if level == "Gemeinde":
        kreise = data_bench.areas("Kreis")
        by_id = {
            k: f"{_kreis_type(t) or 'Kreis'} {display_name(str(n))}"
            for k, n, t in zip(kreise["area_id"], kreise["name"], kreise["type"], strict=True)
        }
        details = [by_id.get(p) for p in a["parent_id"]]
    else:
        details = [_kreis_type(t) for t in a["type"]]
    return distinct_names(a["area_id"].tolist(), a["name"].tolist(), details)


@st.cache_resource(show_spinner=False, max_entries=2)
def rest_rows(level: str) -> dict[str, str]:
    """area_id → row texts of the area drawn grey (tooltip: the name)."""
    names = area_names(level)
    return {
        a: ",".join(f'{{"p":{p},"t":{json.dumps(names[a], ensure_ascii=False)}}}' for p in parts)
        for a, parts in area_rows(level).items()
    }


@st.cache_resource(show_spinner=False, max_entries=1)
def land_borders() -> str:
    """JSON rows ``{"path": …}`` of every Land ring (overview geometry)."""
    frame = data_bench.overview("Land")
    geoms = shapely.from_wkb([bytes(b) for b in frame["wkb"]])
    rings = shapely.get_rings(shapely.get_parts(geoms))
    texts = shapely.to_geojson(rings)
    return "[" + ",".join('{"path":' + t[t.index("[[") : -1] + "}" for t in texts) + "]"


@st.cache_data(show_spinner=False, max_entries=2)
def national_view(level: str) -> dict[str, float]:
    """Centre and zoom framing the areas of the level (:func:`geoms_view`)."""
    frame = data_bench.overview(level)
    return geoms_view(shapely.from_wkb([bytes(b) for b in frame["wkb"]]))


def geoms_view(geoms: Sequence[Any]) -> dict[str, float]:
    """Centre and zoom framing the bulk of ``geoms``: far-flung exclaves and islets stay
    outside the frame (:func:`components.maps.frame.framing_bounds`)."""
    bounds = framing_bounds(geoms)
    minx, miny, maxx, maxy = bounds
    zoom = map_gaps.fit_zoom(bounds, VIEW_MARGIN)
    return {"longitude": (minx + maxx) / 2, "latitude": (miny + maxy) / 2, "zoom": round(zoom, 2)}


def layer_rows(level: str, own: str, peers: Collection[str]) -> dict[str, str]:
    """JSON arrays of the rows of the grey, peer and own layers."""
    peer_set = set(peers) - {own}
    names, parts, rest = area_names(level), area_rows(level), rest_rows(level)

    def tipped(area: str, role: str) -> str:
        tip = json.dumps(f"{names[area]}\n{role}", ensure_ascii=False)
        return ",".join(f'{{"p":{p},"t":{tip}}}' for p in parts[area])

    grey = [t for a, t in rest.items() if a != own and a not in peer_set]
    return {
        "rest": "[" + ",".join(grey) + "]",
        "peers": "["
        + ",".join(tipped(a, ROLE_PEER) for a in peers if a in peer_set and a in parts)
        + "]",
        "own": "[" + (tipped(own, ROLE_OWN) if own in parts else "") + "]",
    }


def _polygon_layer(
    name: str, fill: Sequence[int], line: Sequence[int], width: float | None
) -> pdk.Layer:
    """Polygons of the rows ``name``; ``width`` ``None``: no outline (white gaps instead)."""
    return pdk.Layer(
        "PolygonLayer",
        data=_TOKEN.format(name),
        id=f"bench_{name}",
        get_polygon="p",
        get_fill_color=list(fill),
        get_line_color=list(line),
        line_width_units="'pixels'",
        get_line_width=width or 0,
        stroked=width is not None,
        filled=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 90],
    )


def _points(areas: pd.DataFrame, own: str, peers: Sequence[str]) -> pdk.Layer:
    """Own Kommune and peers as points (``areas`` indexed by area_id with centroids)."""
    ids = [a for a in [own, *peers] if a in areas.index]
    sel = areas.loc[ids]
    pts = pd.DataFrame(
        {
            "lon": sel["centroid_lon"].round(4).to_numpy(),
            "lat": sel["centroid_lat"].round(4).to_numpy(),
            "c": [list(OWN_RGB if a == own else PEER_RGB) for a in ids],
            "r": [7 if a == own else 4 for a in ids],
            "t": [
                f"{display_name(str(n))}\n{ROLE_OWN if a == own else ROLE_PEER}"
                for a, n in zip(ids, sel["name"], strict=True)
            ],
        }
    ).iloc[::-1]  # own point drawn last (on top)
    return pdk.Layer(
        "ScatterplotLayer",
        data=pts.to_dict("records"),
        id="bench_points",
        get_position=["lon", "lat"],
        get_radius="r",
        radius_units="'pixels'",
        get_fill_color="c",
        get_line_color=[255, 255, 255],
        stroked=True,
        line_width_min_pixels=1,
        pickable=True,
    )


def national_deck(
    level: str,
    own: str,
    peers: Sequence[str],
    areas: pd.DataFrame,
    *,
    basemap: bool = False,
) -> NationalDeck:
    """The deck of all areas of ``level`` in Germany; ``areas`` (by area_id) gives centroids."""
    border = pdk.Layer(
        "PathLayer",
        data="__bench_laender__",
        id="bench_laender",
        get_path="path",
        get_color=list(BORDER_RGB),
        width_units="'pixels'",
        get_width=1.2,
        pickable=False,
    )
    layers = [
        _polygon_layer("rest", REST_RGB, maps.OUTLINE_RGB, None),
        _polygon_layer("peers", PEER_RGB, maps.OUTLINE_RGB, None),
        border,
        _polygon_layer("own", OWN_RGB, maps.HIGHLIGHT_RGB, 1.5),
    ]
    if len(peers) <= MAX_POINTS:
        layers.append(_points(areas, own, list(peers)))
    deck = NationalDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**national_view(level)),
        **maps.basemap_kwargs(basemap),
        tooltip={  # plain text (innerText): Streamlit escapes values put into an HTML template
            "text": "{t}",
            "style": {"fontSize": "15px", "backgroundColor": "#1b1b1b", "color": "#fff"},
        },
        height=620,
    )
    rows = {_TOKEN.format(k): v for k, v in layer_rows(level, own, peers).items()}
    rows["__bench_laender__"] = land_borders()
    deck.__dict__["_rows_json"] = rows
    return deck


def shipped_geometries(deck_json: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(GeoJSON geometry, properties) of every polygon row and border path in a deck JSON.

    For the byte comparison in ``bench/``: what a plain ``GeoDataFrame.to_json()`` of the
    same geometries with the same properties would send.
    """
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for layer in json.loads(deck_json)["layers"]:
        data = layer.get("data")
        if isinstance(data, dict):  # GeoJSON FeatureCollection (Land map)
            out += [(f["geometry"], dict(f.get("properties", {}))) for f in data["features"]]
        elif isinstance(data, list):
            for row in data:
                if isinstance(row, dict) and "p" in row:
                    out.append(({"type": "Polygon", "coordinates": row["p"]}, {"t": row["t"]}))
                elif isinstance(row, dict) and "path" in row:
                    out.append(({"type": "LineString", "coordinates": row["path"]}, {}))
    return out
