"""Fast maps for "Bedarf und Angebot": geometry and facility points serialised once, colours per rerun.

``maps.choropleth_deck`` serialises all 542 area geometries and (here) 2 893
facility points on every rerun (~150 ms). This module builds the same deck
with ``maps.choropleth_deck`` and ``maps.facility_layer`` (same layer settings),
but hands both layers a placeholder as data and splices cached JSON text in
when Streamlit asks for the deck's JSON:

* per area system and level, the JSON text of each feature up to its style
  (geometry, ``area_id``, ``local_id``, ``name``) is cached; a rerun only adds
  ``fill``, ``line`` and ``tip``;
* per facility snapshot, each point's JSON text (position, radius, colour,
  tooltip) is cached; a rerun only joins them (planned facilities are added,
  closed ones left out).

The resulting JSON is the same (as parsed data) as that of
``maps.choropleth_deck`` with full data (see tests/pages/test_bedarf_map.py).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pydeck as pdk
import streamlit as st

from components import maps
from components.bedarf_view import facility_tips
from components.data_bedarf import facilities

AREAS_TOKEN = "__ba_gebiete_daten__"
POINTS_TOKEN = "__ba_einrichtungen_daten__"
_SEP = (",", ":")


class SplicedDeck(maps.CompactDeck):
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


def _rgb(rgb: Sequence[int]) -> str:
    return "[" + ",".join(str(int(c)) for c in rgb) + "]"


@st.cache_resource(show_spinner=False, max_entries=8)
def _feature_heads(system_code: str, level: str) -> tuple[tuple[str, str, str], ...]:
    """(area_id, JSON text up to the style properties, JSON of the 'keine Angabe' tooltip)."""
    out = []
    for area_id, local_id, name, geometry in maps.area_features(system_code, level):
        head = (
            '{"type":"Feature","geometry":'
            + json.dumps(geometry, separators=_SEP)
            + ',"properties":{"area_id":'
            + json.dumps(area_id)
            + ',"local_id":'
            + json.dumps(local_id)
            + ',"name":'
            + json.dumps(name)
            + ","
        )
        no_data = json.dumps(f"<b>{html.escape(name)}</b><br/>keine Angabe")
        out.append((area_id, head, no_data))
    return tuple(out)


def areas_json(system_code: str, level: str, styled: pd.DataFrame) -> str:
    """GeoJSON text like ``maps.feature_collection`` (areas missing in ``styled``: grey)."""
    fills = dict(zip(styled["area_id"], styled["fill"], strict=True))
    tips = dict(zip(styled["area_id"], styled["tooltip"], strict=True))
    lines = dict(zip(styled["area_id"], styled["line"], strict=True)) if "line" in styled else {}
    no_fill, outline = _rgb(maps.NO_DATA_RGB), _rgb(maps.OUTLINE_RGB)
    parts = []
    for area_id, head, no_data in _feature_heads(system_code, level):
        fill = _rgb(fills[area_id]) if area_id in fills else no_fill
        line = _rgb(lines[area_id]) if area_id in lines else outline
        tip = json.dumps(tips[area_id]) if area_id in tips else no_data
        parts.append(f'{head}"fill":{fill},"line":{line},"tip":{tip}}}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def _point_texts(fac: pd.DataFrame) -> list[str]:
    records: list[dict[str, Any]] = maps.facility_layer(facility_tips(fac)).data
    return [json.dumps(r, separators=_SEP) for r in records]


@st.cache_resource(show_spinner=False, max_entries=8)
def _snapshot_points(service_type: str, data_date: str) -> dict[str, str]:
    """facility_id → JSON text of its point (shared, read-only)."""
    fac = facilities(service_type, data_date)
    return dict(zip(fac["facility_id"], _point_texts(fac), strict=True))


def points_json(fac: pd.DataFrame, service_type: str, data_date: str) -> str:
    """JSON array of the facility points of ``fac`` (cached texts; planned ones built anew)."""
    cached = _snapshot_points(service_type, data_date)
    texts = [cached.get(f) for f in fac["facility_id"]]
    new = [i for i, t in enumerate(texts) if t is None]
    if new:
        for i, text in zip(new, _point_texts(fac.iloc[new]), strict=True):
            texts[i] = text
    return "[" + ",".join(t for t in texts if t is not None) + "]"


def points_layer(fac: pd.DataFrame) -> pdk.Layer:
    """The facility layer of ``maps.facility_layer``; points stay visible at city zoom
    (radius in metres × 3, at least 1.5 pixels)."""
    layer = maps.facility_layer(facility_tips(fac.iloc[:0]))
    layer.radius_scale = 3
    layer.radius_min_pixels = 1.5
    return layer


def deck(
    system_code: str,
    level: str,
    styled: pd.DataFrame,
    fac: pd.DataFrame,
    snapshot: tuple[str, str],
    *,
    basemap: bool = False,
    height: int = 540,
    zoom_shift: float = 0.0,
) -> SplicedDeck:
    """Areas coloured by ``styled`` plus the facility points of ``fac``.

    ``snapshot`` = (service_type, data_date) of the stored facilities whose
    point texts can be reused. ``zoom_shift`` (e.g. −1 for a half-width map)
    is added to the zoom that fits all areas into a full-width map.
    """
    view = dict(maps.view_for(system_code, level))
    view["zoom"] = round(view["zoom"] + zoom_shift, 2)
    built = maps.choropleth_deck(
        (),
        styled.iloc[:0],
        view,
        extra_layers=[points_layer(fac)],
        basemap=basemap,
        height=height,
    )
    built.__class__ = SplicedDeck
    built.layers[0].data = AREAS_TOKEN
    built.layers[1].data = POINTS_TOKEN
    built.__dict__["_splices"] = {
        AREAS_TOKEN: areas_json(system_code, level, styled),
        POINTS_TOKEN: points_json(fac, *snapshot),
    }
    assert isinstance(built, SplicedDeck)
    return built
