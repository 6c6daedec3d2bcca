"""Choropleth decks whose geometry JSON is serialised once per area set, colours per rerun.

``maps.choropleth_deck`` builds a GeoJSON dict of every area and pydeck serialises all
coordinates again on each rerun (542 Planungsräume ≈ 40 ms, 2 056 bayerische Gemeinden
≈ 240 ms). Here the JSON text of each feature up to its style (geometry, ``area_id``,
``local_id``, ``name``) is cached per area set; a rerun only writes ``fill``, ``line`` and
``tip`` and joins strings. The deck itself is built by ``maps.choropleth_deck`` (same layer
settings, compact JSON, no basemap fetch) with a placeholder as the area layer's data.
Parsed, the JSON equals that of ``maps.choropleth_deck`` with full data
(tests/pages/test_sozialraeume.py).

Used by "Sozialräume vergleichen", "Kommunen vergleichen" and "Bevölkerungsprognose";
it would fit into ``components/maps.py`` (see also ``components/bedarf_map.py``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd
import pydeck as pdk
import streamlit as st

from components import maps

Feature = tuple[str, str, str, dict[str, Any]]
TOKEN = "__gebiete_json__"
_SEP = (",", ":")


class SplicedDeck(maps.CompactDeck):
    """A compact deck whose area layer data is a placeholder replaced by ready JSON text."""

    def to_json(self) -> str:
        areas = self.__dict__.pop("_areas_json", None)
        try:
            text = str(super().to_json())
        finally:
            if areas is not None:
                self.__dict__["_areas_json"] = areas
        return text if areas is None else text.replace(json.dumps(TOKEN), areas, 1)


@st.cache_resource(show_spinner=False, max_entries=32)
def _heads(key: Hashable, _features: Sequence[Feature]) -> tuple[tuple[str, str, str], ...]:
    """Per feature of the area set ``key``: (area_id, JSON text up to the style, 'keine Angabe' tip)."""
    out = []
    for area_id, local_id, name, geometry in _features:
        props = json.dumps(
            {"area_id": area_id, "local_id": local_id, "name": name}, separators=_SEP
        )
        head = '{"type":"Feature","geometry":' + json.dumps(geometry, separators=_SEP)
        head += ',"properties":' + props[:-1] + ","
        no_data = json.dumps(f"<b>{html.escape(name)}</b><br/>keine Angabe")
        out.append((area_id, head, no_data))
    return tuple(out)


def _rgb(rgb: Sequence[int]) -> str:
    return "[" + ",".join(str(int(c)) for c in rgb) + "]"


def areas_json(key: Hashable, features: Sequence[Feature], styled: pd.DataFrame) -> str:
    """GeoJSON text like ``maps.feature_collection(features, styled)``."""
    fills = dict(zip(styled["area_id"], styled["fill"], strict=True))
    tips = dict(zip(styled["area_id"], styled["tooltip"], strict=True))
    lines = dict(zip(styled["area_id"], styled["line"], strict=True)) if "line" in styled else {}
    no_fill, outline = _rgb(maps.NO_DATA_RGB), _rgb(maps.OUTLINE_RGB)
    parts = []
    for area_id, head, no_data in _heads(key, features):
        fill = _rgb(fills[area_id]) if area_id in fills else no_fill
        line = _rgb(lines[area_id]) if area_id in lines else outline
        tip = json.dumps(tips[area_id]) if area_id in tips else no_data
        parts.append(f'{head}"fill":{fill},"line":{line},"tip":{tip}}}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def deck(
    key: Hashable,
    features: Sequence[Feature],
    styled: pd.DataFrame,
    view: dict[str, float],
    *,
    extra_layers: Sequence[pdk.Layer] = (),
    basemap: bool = False,
    height: int = 540,
) -> SplicedDeck:
    """``maps.choropleth_deck(features, styled, view, …)`` with cached geometry JSON.

    ``key`` names the area set (e.g. ``("lor2021", "Planungsraum", None)``): the same key
    must always come with the same ``features``.
    """
    built = maps.choropleth_deck(
        (), styled.iloc[:0], view, extra_layers=extra_layers, basemap=basemap, height=height
    )
    built.__class__ = SplicedDeck
    built.layers[0].data = TOKEN
    built.__dict__["_areas_json"] = areas_json(key, features, styled)
    assert isinstance(built, SplicedDeck)
    return built
