"""Choropleth decks whose geometry JSON is serialised once per area set, colours per rerun.

Kept for its users ("Sozialräume vergleichen", "Kommunen vergleichen", "Bevölkerungsprognose");
the splicing itself lives in :func:`components.maps.deck.spliced_choropleth_deck` (shared with
``pages/demand_supply/map.py``). Parsed, the JSON equals that of ``maps.choropleth_deck`` with
full data (tests/pages/test_sozialraeume.py). :func:`export_menu` offers every map of the page
as PNG/SVG (``components.maps.export``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd
import pydeck as pdk

from components.maps import deck as maps
from components.maps import export as map_export
from components.maps import legend as map_legend
from components.maps.deck import Feature, SplicedDeck, areas_json
from pages.areas import cache as data_sozial

__all__ = ["Feature", "SplicedDeck", "areas_json", "deck", "export_menu"]


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
    return maps.spliced_choropleth_deck(
        key, features, styled, view, extra_layers=extra_layers, basemap=basemap, height=height
    )


def export_menu(
    area_set: tuple[str, str, str | None],
    styled: pd.DataFrame,
    legend: map_legend.MapLegend,
    *,
    key: str,
    title: str,
    source: str,
    selected: Sequence[str] = (),
) -> None:
    """The "Exportieren" menu of a map of this page: PNG/SVG of the map, CSV/XLSX of its classes.

    ``area_set`` = (system, level, within) as for ``sozial_view.build_deck``.
    """
    features = data_sozial.features(*area_set)
    map_export.export_menu(
        key, area_set, features, styled, legend, title=title, source=source, selected=selected
    )
