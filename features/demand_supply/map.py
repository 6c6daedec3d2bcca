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

The splicing is :func:`components.maps.deck.spliced_choropleth_deck` (shared with the other
pages). :func:`export_menu` offers each map as PNG/SVG (``components.maps.export``: the areas
and their classes with the facility points, ``components.maps.points``) and its classes as
CSV/XLSX. The resulting JSON is the same (as parsed data) as that of
``maps.choropleth_deck`` with full data (see tests/pages/test_bedarf_map.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pydeck as pdk
import streamlit as st

from components.focus import Focus, features_in, map_view
from components.focus import caption as focus_caption
from components.maps import deck as maps
from components.maps import export as map_export
from components.maps import served
from components.maps.legend import MapLegend, legend_of
from components.maps.points import facility_points
from features.demand_supply import view as bview
from features.demand_supply.cache import facilities
from features.demand_supply.view import facility_tips
from indicators.access.classes import classify_gap, count_breaks, count_classes, gap_breaks
from indicators.frame_memo import remember

_SEP = (",", ":")


def _point_texts(fac: pd.DataFrame) -> list[str]:
    records: list[dict[str, Any]] = maps.facility_layer(facility_tips(fac)).data
    return [json.dumps(r, separators=_SEP, ensure_ascii=False) for r in records]


@st.cache_resource(show_spinner=False, max_entries=8)
def _snapshot_points(service_type: str, data_date: str) -> dict[str, str]:
    """facility_id → JSON text of its point (shared, read-only)."""
    fac = facilities(service_type, data_date)
    return dict(zip(fac["facility_id"], _point_texts(fac), strict=True))


def _points(fac: pd.DataFrame, service_type: str, data_date: str) -> tuple[str, bool]:
    """(JSON array of the facility points of ``fac``, whether it is the stored snapshot as is)."""
    cached = _snapshot_points(service_type, data_date)
    ids = fac["facility_id"].tolist()  # one C call: iterating an Arrow string column is slow
    texts = [cached.get(f) for f in ids]
    new = [i for i, t in enumerate(texts) if t is None]
    if new:
        for i, text in zip(new, _point_texts(fac.iloc[new]), strict=True):
            texts[i] = text
    text = "[" + ",".join(t for t in texts if t is not None) + "]"
    return text, not new and len(set(ids)) == len(cached)


def points_json(fac: pd.DataFrame, service_type: str, data_date: str) -> str:
    """JSON array of the facility points of ``fac`` (cached texts; planned ones built anew)."""
    return _points(fac, service_type, data_date)[0]


def points_data(fac: pd.DataFrame, service_type: str, data_date: str) -> str:
    """The facility layer's data: the stored snapshot unchanged (no facility planned or
    closed) as a served file the browser loads once (``maps.served``); a scenario's points
    inline, so a visitor's what-if never writes a file."""
    text, stored = _points(fac, service_type, data_date)
    return served.layer_data(text) if stored else text


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
    focus: Focus | None = None,
) -> maps.SplicedDeck:
    """Areas coloured by ``styled`` plus the facility points of ``fac``.

    ``snapshot`` = (service_type, data_date) of the stored facilities whose
    point texts can be reused. ``zoom_shift`` (e.g. −1 for a half-width map)
    is added to the zoom that fits all areas into a full-width map (the focus areas, if any).
    """
    view = map_view(system_code, level, focus)
    view["zoom"] = round(view["zoom"] + zoom_shift, 2)
    return maps.spliced_choropleth_deck(
        (system_code, level, None),
        maps.area_features(system_code, level),
        styled,
        view,
        extra_layers=[points_layer(fac)],
        extra_json={0: points_data(fac, *snapshot)},
        basemap=basemap,
        height=height,
    )


def view_classes(
    table: pd.DataFrame, column: str, count_mode: bool, base_gaps: pd.Series
) -> tuple[dict[str, int], tuple[float, float, float] | list[float]]:
    """area_id → class (−1 = keine Angabe) and class limits of the map of ``column``.

    The same classes as the page's maps (``bedarf_sections._styled``: gaps diverging around 0
    with limits from the gaps without scenario, counts in quantiles), without fills and
    tooltips – for the static map export. tests/pages/test_bedarf_angebot.py compares both.
    """
    if count_mode:
        cbreaks = count_breaks(table[column])
        cls = count_classes(table[column], cbreaks)
        return dict(zip(table["area_id"], cls.tolist(), strict=True)), cbreaks
    breaks = gap_breaks(base_gaps)
    gap_cls = classify_gap(table[column], breaks)
    return dict(zip(table["area_id"], gap_cls.tolist(), strict=True)), breaks


#: legend heading of the static map per shown column
COLUMN_TITLES = {
    "gap": "Fehlbedarf / Überschuss im Gebiet (Plätze)",
    "acc_gap": "Fehlbedarf / Überschuss mit Einzugsbereich (Plätze)",
    "n_facilities": "Anzahl Einrichtungen",
    "acc_coverage_pct": "Einrichtungen je 1.000 Bedarf",
}


def map_legend(column: str, count_mode: bool, breaks: Sequence[float]) -> MapLegend:
    """The classes of a map as texts and colours (for the static map export)."""
    title = COLUMN_TITLES.get(column, column)
    if count_mode:
        labels = bview.count_labels(list(breaks))
        return legend_of(labels, bview.COUNT_RGB[: len(labels)], title)
    small, middle, large = breaks
    return legend_of(bview.gap_labels((small, middle, large)), bview.GAP_RGB, title)


def export_menu(m: Any, column: str, view_title: str, *, key: str, source: str) -> None:
    """PNG/SVG of one map (areas and facility points), CSV/XLSX of its area classes.

    ``m`` is the page's ``bedarf_sections.MapInput``; ``column`` the shown table column
    (``bedarf_sections.column_of``), ``source`` the map's source line.
    """
    classes, breaks = remember(
        m.table,
        ("classes", column, m.count_mode),
        lambda: view_classes(m.table, column, m.count_mode, m.base_gaps),
    )
    focus = getattr(m, "focus", None)
    if focus is not None:
        inside = focus.ids_at(m.level)
        classes = {k: c for k, c in classes.items() if k in inside}
    map_export.export_menu(
        key,
        (m.system, m.level, focus.area_id if focus else None),
        features_in(m.system, m.level, focus),
        classes,
        map_legend(column, m.count_mode, breaks),
        title=f"{m.service_name}: {view_title} je {m.level}{focus_caption(focus)}",
        source=source,
        points=facility_points(m.fac),
    )
