"""The maps of "Sozialräume vergleichen": colours and tooltips per area, deck, legend, export.

Geometry JSON is serialised once per area set, colours per rerun: the splicing lives in
:func:`components.maps.deck.spliced_choropleth_deck` (shared with
``features/demand_supply/map.py``). Parsed, the JSON equals that of ``maps.choropleth_deck`` with
full data (tests/pages/test_sozialraeume.py). :func:`export_menu` offers every map of the page
as PNG/SVG (``components.maps.export``).
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Mapping, Sequence

import pandas as pd
import pydeck as pdk

from components import charts
from components.maps import deck as maps
from components.maps import export as map_export
from components.maps import legend as map_legend
from components.maps.deck import Feature, SplicedDeck, areas_json
from components.maps.recolour import recoloured_deck
from features.areas import cache as data_sozial
from features.areas.context import AreaSet, AreaView
from indicators.social import classify as cl
from indicators.social.palette import RGB

__all__ = [
    "Feature",
    "SplicedDeck",
    "areas_json",
    "build_deck",
    "category_legend",
    "category_styled",
    "deck",
    "export_menu",
    "section_export",
    "show_section_map",
    "styled_values",
]


def deck(
    key: Hashable,
    features: Sequence[Feature],
    styled: pd.DataFrame,
    view: dict[str, float],
    *,
    extra_layers: Sequence[pdk.Layer] = (),
    basemap: bool = False,
    height: int = 540,
    recolour: bool = False,
) -> pdk.Deck:
    """``maps.choropleth_deck(features, styled, view, …)`` with cached geometry JSON.

    ``key`` names the area set (e.g. ``(system_code, level, None)``): the same key
    must always come with the same ``features``. ``recolour``: geometry and tooltips go to
    the browser once as a served file, each rerun sends only the colours
    (``components.maps.recolour``) – for a map whose tooltips depend on nothing but the
    indicator, Stichtag and area set (a file per such map, not per visitor setting).
    """
    if recolour:
        return recoloured_deck(
            key, features, styled, view, extra_layers=extra_layers, basemap=basemap, height=height
        )
    return maps.spliced_choropleth_deck(
        key, features, styled, view, extra_layers=extra_layers, basemap=basemap, height=height
    )


def export_menu(
    area_set: AreaSet,
    styled: pd.DataFrame,
    legend: map_legend.MapLegend,
    *,
    key: str,
    title: str,
    source: str,
    selected: Sequence[str] = (),
) -> None:
    """The "Exportieren" menu of a map of this page: PNG/SVG of the map, CSV/XLSX of its classes.

    ``area_set`` = (system, level, within) as for :func:`build_deck`.
    """
    features = data_sozial.features(*area_set)
    map_export.export_menu(
        key, area_set, features, styled, legend, title=title, source=source, selected=selected
    )


def styled_values(
    table: pd.DataFrame, classes: pd.Series, colors: Sequence[RGB], tips: Sequence[str]
) -> pd.DataFrame:
    """Per-area fill colour (grey = keine Angabe) and tooltip for the choropleth.

    ``tips``: the tooltips of ``table`` (``cache.tooltips``; they do not depend on the classes).
    """
    cls = classes.reindex(table.index).fillna(cl.NO_DATA_CLASS).astype(int)
    fills = [tuple(colors[c]) if 0 <= c < len(colors) else maps.NO_DATA_RGB for c in cls]
    return pd.DataFrame({"area_id": table.index, "fill": fills, "tooltip": list(tips)})


def category_styled(
    names: Mapping[str, str],
    categories: pd.Series,
    colors: Mapping[str, RGB],
    lines: Sequence[str] = (),
) -> pd.DataFrame:
    """Fill and tooltip for a categorical map (index class, type, hot spot); NA = keine Angabe."""
    rows = []
    extra = list(lines) or [""] * len(categories)
    for (area_id, cat), more in zip(categories.items(), extra, strict=True):
        label = "keine Angabe" if pd.isna(cat) else str(cat)
        name = html.escape(str(names.get(str(area_id), area_id)))
        tip = f"<b>{name}</b><br/>{html.escape(label)}"
        if more:
            tip += f"<br/>{html.escape(more)}"
        rows.append((area_id, colors.get(label, maps.NO_DATA_RGB), tip))
    return pd.DataFrame(rows, columns=["area_id", "fill", "tooltip"])


def _outline(chosen: Sequence[Feature]) -> pdk.Layer:
    """A thick black outline around the selected areas."""
    outline = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": f[3], "properties": {}} for f in chosen],
    }
    return pdk.Layer(
        "GeoJsonLayer",
        data=outline,
        id="auswahl",
        filled=False,
        stroked=True,
        get_line_color=[0, 0, 0],
        line_width_min_pixels=3,
        pickable=False,
    )


def build_deck(
    area_set: AreaSet,
    styled: pd.DataFrame,
    *,
    selected: Sequence[str] = (),
    basemap: bool = False,
    recolour: bool = False,
) -> pdk.Deck:
    """Choropleth deck (no basemap by default) with a thick outline around selected areas.

    ``recolour``: see :func:`deck` (the main map, whose classes change only its colours).
    """
    feats = data_sozial.features(*area_set)
    chosen = [f for f in feats if f[0] in set(selected)]
    extra = [_outline(chosen)] if chosen else []
    view = data_sozial.view(*area_set)
    return deck(
        area_set, feats, styled, view, extra_layers=extra, basemap=basemap, recolour=recolour
    )


def category_legend(labels: Sequence[str], colors: Mapping[str, RGB], title: str) -> None:
    maps.legend(list(labels), [colors[c] for c in labels], title=title, unit="Klassen")


def show_section_map(view: AreaView, styled: pd.DataFrame, key: str, alt: str) -> None:
    """The map of a section (index, types, hot spots): no basemap, no selection."""
    maps.show_map(build_deck(view.area_set, styled), key=key, alt=alt)


def section_export(
    view: AreaView,
    styled: pd.DataFrame,
    key: str,
    legend: map_legend.MapLegend,
    title: str,
    source: Mapping[str, object],
) -> None:
    """Export menu (PNG/SVG of the map, CSV/XLSX of its classes) beside a map of a section."""
    export_menu(
        view.area_set,
        styled,
        legend,
        key=f"{key}.bild",
        title=f"{title} je {view.level} ({view.ref_name})",
        source=charts.source_line(dict(source)),
    )
