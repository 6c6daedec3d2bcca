"""Maps without internet: area boundaries drawn as pydeck layers, a tile basemap only on request.

Typical use on a page::

    features = maps.area_features(system_code, level)
    deck = maps.choropleth_deck(features, styled)        # styled: area_id, fill, tooltip columns
    event = maps.show_map(deck, key="soz.map", alt="Karte …", selectable=True)
    maps.legend(labels, colors, title="Quantile (5 Klassen)", unit="%")

``styled`` carries one row per area: ``area_id``, ``fill`` (RGB tuple), ``tooltip``
(HTML-safe text shown on hover), optional ``line`` (RGB) for highlighted areas.

This module is the one import point for pages (``from components.maps import deck as maps``);
the parts live in ``geometry`` (areas, view), ``style`` (colours, tooltips), ``layers``
(layers and the choropleth deck, borders explained there), ``splice`` (area JSON cached per
area set) and here (rendering, click selection, legend).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pydeck as pdk
import streamlit as st

from components.maps.geometry import Feature, area_features, view_for
from components.maps.layers import (
    CompactDeck,
    basemap_kwargs,
    choropleth_deck,
    facility_layer,
    feature_collection,
    highlighted_lines,
    outline_layer,
)
from components.maps.splice import (
    SplicedDeck,
    areas_json,
    layered_choropleth_deck,
    splice,
    spliced_choropleth_deck,
)
from components.maps.style import (
    HIGHLIGHT_RGB,
    NO_DATA_RGB,
    OPERATOR_RGB,
    OUTLINE_RGB,
    TOOLTIP,
    plain_tip,
)

__all__ = [
    "HIGHLIGHT_RGB",
    "NO_DATA_RGB",
    "OPERATOR_RGB",
    "OUTLINE_RGB",
    "TOOLTIP",
    "CompactDeck",
    "Feature",
    "SplicedDeck",
    "area_features",
    "areas_json",
    "basemap_kwargs",
    "choropleth_deck",
    "facility_layer",
    "feature_collection",
    "highlighted_lines",
    "legend",
    "outline_layer",
    "plain_tip",
    "selected_area",
    "show_map",
    "splice",
    "layered_choropleth_deck",
    "spliced_choropleth_deck",
    "view_for",
]


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
