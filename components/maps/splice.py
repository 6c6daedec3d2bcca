"""Spliced decks: the area GeoJSON is serialised once per area set, only colours per rerun."""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence

import pandas as pd
import pydeck as pdk
import streamlit as st

from components.maps.gaps import display_features
from components.maps.geometry import Feature
from components.maps.layers import CompactDeck, area_layer, choropleth_deck, outline_layer
from components.maps.style import NO_DATA_RGB, plain_tip

# --------------------------------------------------------------------------- spliced decks
# pydeck serialises every coordinate again on each rerun (≈ 40 ms for the demo's 542 finest
# areas, 2 056 bayerische Gemeinden ≈ 240 ms). A spliced deck is built by ``choropleth_deck``
# (same layer settings) with placeholders as layer data; cached JSON text is spliced in when
# Streamlit asks for the JSON. Parsed, it equals the plain deck (tests/pages/test_sozialraeume.py,
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
def feature_heads(key: Hashable, _features: Sequence[Feature]) -> tuple[tuple[str, str, str], ...]:
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


def warm_area_json(key: Hashable, features: Sequence[Feature]) -> None:
    """Fill the geometry text cache of the area set ``key`` (process start-up, no session)."""
    feature_heads(key, features)


def _rgb_json(rgb: Sequence[int]) -> str:
    return "[" + ",".join(str(int(c)) for c in rgb) + "]"


def areas_json(
    key: Hashable, features: Sequence[Feature], styled: pd.DataFrame, *, only_styled: bool = False
) -> str:
    """GeoJSON text equal to ``feature_collection(features, styled)``; geometry text cached per ``key``.

    ``key`` names the area set (e.g. ``(system_code, level, None)``): the same key must
    always come with the same ``features``. ``only_styled``: just the areas in ``styled``.
    """
    ids = styled["area_id"].tolist()  # one C call: iterating an Arrow string column is slow
    fills = dict(zip(ids, styled["fill"].tolist(), strict=True))
    tips = dict(zip(ids, styled["tooltip"].tolist(), strict=True))
    no_fill = _rgb_json(NO_DATA_RGB)
    parts = []
    for area_id, head, no_data in feature_heads(key, features):
        if only_styled and area_id not in fills:
            continue
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


def layered_choropleth_deck(
    key: Hashable,
    features: Sequence[Feature],
    resting: str,
    styled: pd.DataFrame,
    view: dict[str, float],
    *,
    extra_layers: Sequence[pdk.Layer] = (),
    basemap: bool = False,
    height: int = 540,
) -> SplicedDeck:
    """Every area in its resting style below, only the areas of ``styled`` on top.

    For maps where a widget changes a few areas (a peer group on 2 056 Gemeinden): ``resting``
    is the data of the lower layer ``gebiete`` – the same on every rerun, ideally a served
    address (``components.maps.served``) the browser loads once and keeps, so a rerun sends and
    redraws only the few areas of the upper layer ``gebiete_auswahl`` (same settings; hover and
    tooltip pick the top one).
    """
    built = choropleth_deck(
        (), styled.iloc[:0], view, extra_layers=[], basemap=basemap, height=height
    )
    built.layers.append(area_layer(None, layer_id="gebiete_auswahl", basemap=basemap))
    built.layers.extend(extra_layers)
    outline = outline_layer(features, styled)
    if outline is not None:
        built.layers.append(outline)
    return splice(built, {0: resting, 1: areas_json(key, features, styled, only_styled=True)})
