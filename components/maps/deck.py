"""Maps without internet: area boundaries drawn as pydeck layers, a tile basemap only on request.

Typical use on a page::

    features = maps.area_features("lor2021", "Planungsraum")
    deck = maps.choropleth_deck(features, styled)        # styled: area_id, fill, tooltip columns
    event = maps.show_map(deck, key="soz.map", alt="Karte …", selectable=True)
    maps.legend(labels, colors, title="Quantile (5 Klassen)", unit="%")

``styled`` carries one row per area: ``area_id``, ``fill`` (RGB tuple), ``tooltip``
(HTML-safe text shown on hover), optional ``line`` (RGB) for highlighted areas.

Borders: the areas are drawn without strokes, each slightly shrunk (``components.maps.gaps``),
so the background shows as thin white borders; only highlighted areas (``line`` other than
white) get a real outline, in a small extra layer drawn last. A line layer over all areas
costs several hundred milliseconds per redraw in a browser without GPU (docs/profiling.md).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd
import pydeck as pdk
import shapely
import streamlit as st

from components import cache as data
from components.maps.gaps import display_features
from data_layer.read import common as q

Feature = tuple[str, str, str, dict[str, Any]]
NO_DATA_RGB = (204, 204, 204)
OUTLINE_RGB = (255, 255, 255)
HIGHLIGHT_RGB = (0, 0, 0)
#: operator type → colour (Okabe–Ito, colour-blind safe) for facility points
OPERATOR_RGB = {
    "öffentlich": (0, 114, 178),
    "frei-gemeinnützig": (0, 158, 115),
    "privat": (213, 94, 0),
    "unbekannt": (120, 120, 120),
}


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


@st.cache_data(show_spinner=False, max_entries=16)
def view_for(system_code: str, level: str) -> dict[str, float]:
    """Centre and zoom that show every area of the level."""
    feats = _geometry_json(system_code, level)
    bounds = (
        shapely.total_bounds([shapely.from_geojson(json.dumps(f[3])) for f in feats])
        if feats
        else [5, 47, 15, 55]
    )
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    dx = max(maxx - minx, 1e-4)
    dy = max((maxy - miny) / math.cos(math.radians((miny + maxy) / 2)), 1e-4)
    zoom = min(math.log2(360 / dx), math.log2(180 / dy)) + 0.6
    return {"longitude": (minx + maxx) / 2, "latitude": (miny + maxy) / 2, "zoom": round(zoom, 2)}


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:b|i|strong|em|span)[^>]*>", re.IGNORECASE)


def plain_tip(text: object) -> str:
    """Tooltip text for deck.gl's text tooltip: line breaks as newlines, no markup.

    Streamlit HTML-escapes the values it puts into an ``html`` tooltip template, so markup in a
    value would show as literal tags; the decks therefore use ``{"text": "{tip}"}`` and every
    tooltip passes through here.

    >>> print(plain_tip("<b>Gartenfeld</b><br/>Anteil: . %<br><i>Geheimhaltung</i>"))
    Gartenfeld
    Anteil: . %
    Geheimhaltung
    >>> plain_tip("<b>A &amp; B &lt;Süd&gt;</b>")
    'A & B <Süd>'
    """
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", str(text))))


#: The tooltip of every deck: plain text, large enough to read on a projector.
TOOLTIP = {
    "text": "{tip}",
    "style": {"fontSize": "15px", "backgroundColor": "#1b1b1b", "color": "#fff"},
}


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
    for area_id, line in zip(styled["area_id"], styled["line"], strict=True):
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
    area_layer = pdk.Layer(
        "GeoJsonLayer",
        data=feature_collection(display_features(features), styled),
        id=layer_id,
        get_fill_color="properties.fill",
        stroked=False,
        filled=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 90],
        opacity=0.9 if basemap else 1.0,
    )
    outline = outline_layer(features, styled, layer_id=layer_id)
    return CompactDeck(
        layers=[area_layer, *extra_layers, *([outline] if outline is not None else [])],
        initial_view_state=pdk.ViewState(**view),
        **basemap_kwargs(basemap),
        tooltip=TOOLTIP,
        height=height,
    )


# --------------------------------------------------------------------------- spliced decks
# pydeck serialises every coordinate again on each rerun (542 Planungsräume ≈ 40 ms, 2 056
# bayerische Gemeinden ≈ 240 ms). A spliced deck is built by ``choropleth_deck`` (same layer
# settings) with placeholders as layer data; cached JSON text is spliced in when Streamlit asks
# for the JSON. Parsed, it equals the plain deck (tests/pages/test_sozialraeume.py,
# tests/pages/test_bedarf_map.py).

_SEP = (",", ":")


class SplicedDeck(CompactDeck):
    """A compact deck whose layer data are placeholders replaced by ready JSON text."""

    def to_json(self) -> str:
        splices: dict[str, str] = self.__dict__.pop("_splices", {})
        try:
            text = str(super().to_json())
        finally:
            self.__dict__["_splices"] = splices
        for token, fragment in splices.items():
            text = text.replace(json.dumps(token), fragment, 1)
        return text


def splice(deck: pdk.Deck, layer_json: Mapping[int, str]) -> SplicedDeck:
    """Turn ``deck`` into a :class:`SplicedDeck`: layer ``i`` sends the JSON text ``layer_json[i]``."""
    deck.__class__ = SplicedDeck
    splices = {}
    for index, text in layer_json.items():
        token = f"__pa_layer_{index}_data__"
        deck.layers[index].data = token
        splices[token] = text
    deck.__dict__["_splices"] = splices
    assert isinstance(deck, SplicedDeck)
    return deck


@st.cache_resource(show_spinner=False, max_entries=48)
def _feature_heads(key: Hashable, _features: Sequence[Feature]) -> tuple[tuple[str, str, str], ...]:
    """Per feature of the area set ``key``: (area_id, JSON text up to the style, 'keine Angabe' tip)."""
    out = []
    for area_id, local_id, name, geometry in display_features(_features):
        props = json.dumps(
            {"area_id": area_id, "local_id": local_id, "name": name},
            separators=_SEP,
            ensure_ascii=False,
        )
        head = '{"type":"Feature","geometry":' + json.dumps(geometry, separators=_SEP)
        head += ',"properties":' + props[:-1] + ","
        no_data = json.dumps(f"{name}\nkeine Angabe", ensure_ascii=False)
        out.append((area_id, head, no_data))
    return tuple(out)


def _rgb_json(rgb: Sequence[int]) -> str:
    return "[" + ",".join(str(int(c)) for c in rgb) + "]"


def areas_json(key: Hashable, features: Sequence[Feature], styled: pd.DataFrame) -> str:
    """GeoJSON text equal to ``feature_collection(features, styled)``; geometry text cached per ``key``.

    ``key`` names the area set (e.g. ``("lor2021", "Planungsraum", None)``): the same key must
    always come with the same ``features``.
    """
    fills = dict(zip(styled["area_id"], styled["fill"], strict=True))
    tips = dict(zip(styled["area_id"], styled["tooltip"], strict=True))
    no_fill = _rgb_json(NO_DATA_RGB)
    parts = []
    for area_id, head, no_data in _feature_heads(key, features):
        fill = _rgb_json(fills[area_id]) if area_id in fills else no_fill
        tip = (
            json.dumps(plain_tip(tips[area_id]), ensure_ascii=False) if area_id in tips else no_data
        )
        parts.append(f'{head}"fill":{fill},"tip":{tip}}}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def spliced_choropleth_deck(
    key: Hashable,
    features: Sequence[Feature],
    styled: pd.DataFrame,
    view: dict[str, float],
    *,
    extra_layers: Sequence[pdk.Layer] = (),
    extra_json: Mapping[int, str] | None = None,
    basemap: bool = False,
    height: int = 540,
) -> SplicedDeck:
    """``choropleth_deck(features, styled, view, …)`` with the area JSON cached per ``key``.

    ``extra_json`` maps the index of an extra layer (0 = first of ``extra_layers``) to ready
    JSON text of its data (e.g. cached facility points).
    """
    built = choropleth_deck(
        (), styled.iloc[:0], view, extra_layers=extra_layers, basemap=basemap, height=height
    )
    outline = outline_layer(features, styled)
    if outline is not None:  # as in choropleth_deck: the few highlighted outlines, drawn last
        built.layers.append(outline)
    texts = {0: areas_json(key, features, styled)}
    texts.update({i + 1: t for i, t in (extra_json or {}).items()})
    return splice(built, texts)


def show_map(deck: pdk.Deck, *, key: str, alt: str, selectable: bool = False) -> Any:
    """Render the deck; with ``selectable`` a click selects an area and reruns the page."""
    if selectable:
        return st.pydeck_chart(
            deck, key=key, on_select="rerun", selection_mode="single-object", alt=alt
        )
    st.pydeck_chart(deck, key=key, alt=alt)
    return None


def selected_area(event: Any, layer_id: str = "gebiete") -> str | None:
    """The area id clicked on the map, if any."""
    try:
        objects = event.selection["objects"].get(layer_id, [])
    except (AttributeError, KeyError, TypeError):
        return None
    if not objects:
        return None
    props = objects[0].get("properties", objects[0])
    value = props.get("area_id")
    return str(value) if value else None


def legend(
    labels: Sequence[str],
    colors: Sequence[Sequence[int]],
    *,
    title: str,
    unit: str,
    no_data: bool = True,
) -> None:
    """An HTML legend with text labels (information never by colour alone)."""
    rows = []
    for label, rgb in zip(labels, colors, strict=True):
        rows.append(_legend_row(label, rgb))
    if no_data:
        rows.append(_legend_row("keine Angabe / zu geringe Fallzahl", NO_DATA_RGB))
    body = "".join(rows)
    st.markdown(
        f"<div class='pa-legend' role='list' aria-label='Legende: {html.escape(title)}'>"
        f"<div class='pa-legend-title'>{html.escape(title)} ({html.escape(unit)})</div>{body}</div>",
        unsafe_allow_html=True,
    )


def _legend_row(label: str, rgb: Sequence[int]) -> str:
    r, g, b = (int(x) for x in rgb[:3])
    return (
        "<div role='listitem' style='display:flex;align-items:center;gap:.5em;margin:.15em 0'>"
        f"<span style='display:inline-block;width:1.6em;height:1em;background:rgb({r},{g},{b});"
        "border:1px solid #555'></span>"
        f"<span>{html.escape(label)}</span></div>"
    )
