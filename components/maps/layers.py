"""Deck layers and the choropleth deck: areas, highlighted outlines, facility points.

Borders: the areas are drawn without strokes, each slightly shrunk (``components.maps.gaps``),
so the background shows as thin white borders; only highlighted areas (``line`` other than
white) get a real outline, in a small extra layer drawn last. A line layer over all areas
costs several hundred milliseconds per redraw in a browser without GPU (docs/profiling.md).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pydeck as pdk
import pydeck.bindings.deck as _pydeck_deck

from components.maps.gaps import display_features
from components.maps.geometry import Feature
from components.maps.style import NO_DATA_RGB, OPERATOR_RGB, OUTLINE_RGB, TOOLTIP, plain_tip

# pydeck asks five times per ``Deck`` whether its Jupyter widget can be imported; without
# ipywidgets every ask is a failed import that searches the whole path again (≈ 0.9 ms per deck,
# more under load). The answer cannot change while the process runs: asked once.
if not hasattr(_pydeck_deck.has_jupyter_extra, "cache_info"):
    _pydeck_deck.has_jupyter_extra = functools.cache(_pydeck_deck.has_jupyter_extra)


class CompactDeck(pdk.Deck):  # type: ignore[misc]
    """pydeck indents its JSON; compact separators cut the bytes sent to the browser by about 70 %.

    Umlauts are sent as they are (not as ``\\u00e4``): the browser parses the deck with a
    JSON5 parser written in JavaScript, whose time grows with the bytes.
    """

    def to_json(self) -> str:
        from pydeck.bindings.json_tools import default_serialize

        return json.dumps(
            self,
            sort_keys=True,
            default=default_serialize,
            separators=(",", ":"),
            ensure_ascii=False,
        )


#: The mouse wheel (and a touchpad's two-finger scroll) scrolls the page, not the map: zoom with
#: a double click, pinch or drag as usual (no scroll trap on phones and in long pages)
MAP_VIEW = pdk.View(
    type="MapView",
    controller={"scrollZoom": False, "doubleClickZoom": True, "touchZoom": True, "dragPan": True},
)


def feature_collection(
    features: Sequence[tuple[str, str, str, dict[str, Any]]], styled: pd.DataFrame
) -> dict[str, Any]:
    """GeoJSON with the per-area style merged in; areas missing from ``styled`` are 'keine Angabe'.

    The geometries are taken as given (``choropleth_deck`` passes the shrunk display
    geometries of ``map_gaps.display_features``); the outlines are not part of it
    (:func:`outline_layer`).
    """
    style = styled.set_index("area_id")
    fills = style["fill"].to_dict()
    tips = style["tooltip"].to_dict() if "tooltip" in style else {}
    out = []
    for area_id, local_id, name, geometry in features:
        fill = fills.get(area_id, NO_DATA_RGB)
        out.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "area_id": area_id,
                    "local_id": local_id,
                    "name": name,
                    "fill": list(fill),
                    "tip": plain_tip(tips.get(area_id, f"{name}\nkeine Angabe")),
                },
            }
        )
    return {"type": "FeatureCollection", "features": out}


def highlighted_lines(styled: pd.DataFrame) -> dict[str, tuple[int, ...]]:
    """area_id → outline colour of the areas whose ``line`` differs from :data:`OUTLINE_RGB`."""
    if "line" not in styled:
        return {}
    out = {}
    for area_id, line in zip(styled["area_id"].tolist(), styled["line"].tolist(), strict=True):
        rgb = tuple(int(c) for c in line)
        if rgb != OUTLINE_RGB:
            out[str(area_id)] = rgb
    return out


def outline_layer(
    features: Sequence[Feature], styled: pd.DataFrame, *, layer_id: str = "gebiete"
) -> pdk.Layer | None:
    """A stroked layer with only the highlighted areas (``line`` ≠ white), or ``None``.

    The other areas get their borders from the white gaps of the shrunk display geometry:
    a line layer over all areas is what makes a redraw slow without a GPU. The outline follows
    the true (not shrunk) border, so it covers the gap.
    """
    lines = highlighted_lines(styled)
    if not lines:
        return None
    chosen = [
        {"type": "Feature", "geometry": geometry, "properties": {"line": list(lines[area_id])}}
        for area_id, _, _, geometry in features
        if area_id in lines
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": chosen},
        id=f"{layer_id}_umriss",
        get_line_color="properties.line",
        line_width_min_pixels=2,
        stroked=True,
        filled=False,
        pickable=False,
    )


def facility_layer(fac: pd.DataFrame, *, layer_id: str = "einrichtungen") -> pdk.Layer:
    """Facilities as points sized by capacity (area ∝ capacity), coloured by operator type.

    Each point is ``{"p": [lon, lat], "r": radius_m, "c": [r, g, b], "tip": text}``: short
    keys, since the browser parses every deck with a JSON parser written in JavaScript
    (2 893 Kita points: 519 → 463 kB per map against ``lon``/``lat``/``radius``/``color``).
    """
    cap = fac["capacity"].fillna(0.0)
    # positions to 0.00001° (≈ 1 m), radius to 0.1 m (whole metres without ".0")
    lon = fac["lon"].astype(float).round(5).tolist()
    lat = fac["lat"].astype(float).round(5).tolist()
    radius = (cap.clip(lower=1.0) ** 0.5 * 6.0).clip(lower=25.0).round(1)
    pts = pd.DataFrame(
        {
            "p": [[x, y] for x, y in zip(lon, lat, strict=True)],
            "r": pd.Series(
                [int(r) if r.is_integer() else r for r in radius.tolist()],
                index=fac.index,
                dtype=object,
            ),
            "c": fac["operator_type"].map(
                lambda t: list(OPERATOR_RGB.get(t, OPERATOR_RGB["unbekannt"]))
            ),
            "tip": fac.get("tip", fac["name"]).map(plain_tip),
        },
        index=fac.index,
    )
    return pdk.Layer(
        "ScatterplotLayer",
        data=pts,
        id=layer_id,
        get_position="p",
        get_radius="r",
        get_fill_color="c",
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
        stroked=True,
        pickable=True,
        opacity=0.9,
    )


def basemap_kwargs(basemap: bool) -> dict[str, Any]:
    """Deck arguments for the background map.

    Without a basemap we pass no ``map_style`` at all: pydeck then emits its sentinel
    ``__MAP_STYLE__``, which Streamlit's frontend reads as "no basemap". (``map_style=None``
    would make Streamlit load a Carto style from the internet.)
    """
    if basemap:
        return {"map_provider": "carto", "map_style": "light"}
    return {"map_provider": None}


def area_layer(data: Any, *, layer_id: str = "gebiete", basemap: bool = False) -> pdk.Layer:
    """The filled, unstroked, pickable area layer of every map (``data``: a FeatureCollection
    with ``properties.fill`` and ``tip``)."""
    return pdk.Layer(
        "GeoJsonLayer",
        data=data,
        id=layer_id,
        get_fill_color="properties.fill",
        stroked=False,
        filled=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 90],
        opacity=0.9 if basemap else 1.0,
    )


def choropleth_deck(
    features: Sequence[tuple[str, str, str, dict[str, Any]]],
    styled: pd.DataFrame,
    view: dict[str, float],
    *,
    extra_layers: Sequence[pdk.Layer] = (),
    basemap: bool = False,
    height: int = 540,
    layer_id: str = "gebiete",
) -> pdk.Deck:
    """A deck with the area layer (and optional extra layers); no basemap unless asked for.

    Areas are drawn unstroked and slightly shrunk (``map_gaps.display_features``): the
    background shows through as thin borders. Highlighted areas (``line`` ≠ white) get a
    real outline in a small layer drawn last (:func:`outline_layer`).
    """
    areas = area_layer(
        feature_collection(display_features(features), styled), layer_id=layer_id, basemap=basemap
    )
    outline = outline_layer(features, styled, layer_id=layer_id)
    return CompactDeck(
        layers=[areas, *extra_layers, *([outline] if outline is not None else [])],
        initial_view_state=pdk.ViewState(**view),
        views=[MAP_VIEW],
        **basemap_kwargs(basemap),
        tooltip=TOOLTIP,
        height=height,
    )
