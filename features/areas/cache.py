"""Cached data and results of the page "Sozialräume vergleichen" (its only cache module).

Data come from ``data_layer.read.social`` (display rule applied: values below the
minimum denominator or suppressed are NaN). Geometry comes from ``maps.area_features``
(GeoJSON once per process, ``st.cache_resource``; callers must not mutate it). The maths
is in ``indicators.social``; this module only reads, calls it and caches.

Per-view results (last section): a *view* is ``context.ValuesKey`` (indicator, period,
system, level, within). Ranking table, tooltips, the formatted ranking table and the
ranking/histogram figures depend only on the view (and the highlighted areas), not on the
map's classification: moving the "Klassen" slider reuses them. Figures are shared objects
(``st.cache_resource``) that nobody mutates (``charts.show`` and the exports only read them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely
import streamlit as st

from components import cache as data
from components import focus
from components.maps import deck as maps
from components.maps.frame import framing_bounds
from components.maps.geometry import view_of
from data_layer.read import common as q
from data_layer.read import social as qs
from features.areas import figures, tables
from features.areas.context import IndicatorInfo, ValuesKey
from indicators.social import classify as cl
from indicators.social import frames
from indicators.social.hotspots import local_moran
from indicators.social.profile import ranked_values
from indicators.social.typology import ClusterMethod, TypologyResult, cluster_areas

#: levels with more areas than this are only shown for one area of the level above
FILTER_THRESHOLD = 2000
Feature = tuple[str, str, str, dict[str, Any]]


@st.cache_data(show_spinner=False)
def levels(system_code: str) -> pd.DataFrame:
    """Levels of a system with more than one area: ``level``, ``level_rank``, ``n_areas``."""
    systems = data.area_systems()
    sub = systems[(systems["system_code"] == system_code) & (systems["n_areas"] > 1)]
    return sub[["level", "level_rank", "n_areas"]].reset_index(drop=True)


@st.cache_data(show_spinner=False)
def filter_areas(system_code: str, level: str) -> pd.DataFrame:
    """Areas of the level above a large level (e.g. Länder for Gemeinden); empty if not needed."""
    lv = levels(system_code)
    row = lv[lv["level"] == level]
    if row.empty or int(row["n_areas"].iloc[0]) <= FILTER_THRESHOLD:
        return pd.DataFrame(columns=["area_id", "name"])
    rank = int(row["level_rank"].iloc[0])
    upper = lv[lv["level_rank"] < rank].sort_values("level_rank")
    if upper.empty:
        return pd.DataFrame(columns=["area_id", "name"])
    parent_level = str(upper["level"].iloc[0])
    areas = qs.level_areas(data.connection(), system_code, parent_level)
    return areas.sort_values("area_id")[["area_id", "name"]].reset_index(drop=True)


@st.cache_data(show_spinner=False)
def indicators_for(system_code: str, level: str) -> pd.DataFrame:
    return q.indicators_for(data.connection(), system_code, level)


@st.cache_data(show_spinner=False)
def periods(indicator_id: str, system_code: str, level: str) -> list[str]:
    return q.periods(data.connection(), indicator_id, system_code, level)


@st.cache_data(show_spinner=False)
def root_area(system_code: str) -> dict[str, str] | None:
    return qs.root_area(data.connection(), system_code)


@st.cache_data(show_spinner=False)
def area_names(system_code: str) -> dict[str, str]:
    """area_id → name for every area of a system (all levels)."""
    out: dict[str, str] = {}
    for level in data.area_systems().query("system_code == @system_code")["level"]:
        df = qs.level_areas(data.connection(), system_code, str(level))
        out.update(zip(df["area_id"], df["name"], strict=True))
    return out


@st.cache_data(show_spinner=False)
def level_areas(system_code: str, level: str, within: str | None) -> pd.DataFrame:
    return qs.level_areas(data.connection(), system_code, level, within)


@st.cache_data(show_spinner=False)
def level_values(
    indicator_id: str, period: str, system_code: str, level: str, within: str | None
) -> pd.DataFrame:
    return qs.level_values(data.connection(), indicator_id, period, system_code, level, within)


@st.cache_data(show_spinner=False)
def area_value(indicator_id: str, period: str, area_id: str) -> float | None:
    return qs.area_value(data.connection(), indicator_id, period, area_id)


@st.cache_data(show_spinner=False, max_entries=64)
def classification(
    indicator_id: str,
    period: str,
    system_code: str,
    level: str,
    within: str | None,
    method: cl.ClassMethod,
    k: int,
    fixed: bool,
    decimals: int,
) -> cl.Classification:
    """Classes of the shown values; with ``fixed`` the breaks come from all periods pooled."""
    values = level_values(indicator_id, period, system_code, level, within)
    breaks = None
    if fixed:
        pooled = qs.level_values_all_periods(
            data.connection(), indicator_id, system_code, level, within
        )
        try:
            breaks = cl.fixed_breaks_across_periods(frames.values_by_period(pooled), method, k)
        except ValueError:
            breaks = None
    series = pd.Series(values["value"].astype(float).to_numpy(), index=values["area_id"])
    return cl.classify(series, method, k, breaks, decimals=decimals)


@st.cache_data(show_spinner=False)
def latest_matrix(
    indicator_ids: tuple[str, ...], system_code: str, level: str, extra: tuple[str, ...]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Areas × indicators at each indicator's latest period, and indicator → period used."""
    long = qs.latest_values(data.connection(), indicator_ids, system_code, level, extra)
    wide = frames.wide_matrix(long, indicator_ids, drop_absent=True)
    return wide, frames.latest_periods(long)


@st.cache_data(show_spinner=False)
def matrix_at(
    indicator_ids: tuple[str, ...], period: str, system_code: str, level: str
) -> pd.DataFrame:
    """Areas × indicators at one period (every area of the level is a row)."""
    long = qs.values_at(data.connection(), indicator_ids, period, system_code, level)
    areas = qs.level_areas(data.connection(), system_code, level)
    return frames.wide_matrix(long, indicator_ids, sorted(areas["area_id"]))


@st.cache_data(show_spinner=False)
def common_periods(indicator_ids: tuple[str, ...], system_code: str, level: str) -> list[str]:
    return qs.common_periods(data.connection(), indicator_ids, system_code, level)


@st.cache_data(show_spinner=False)
def series(indicator_ids: tuple[str, ...], area_ids: tuple[str, ...]) -> pd.DataFrame:
    return qs.series(data.connection(), indicator_ids, area_ids)


# --------------------------------------------------------------------------- geometry


@st.cache_resource(show_spinner=False, max_entries=16)
def _shapes(system_code: str, level: str) -> tuple[Any, ...]:
    """Shapely geometries of ``maps.area_features`` (same order), built once per process."""
    feats = maps.area_features(system_code, level)
    return tuple(shapely.from_geojson([json.dumps(f[3]) for f in feats]))


@st.cache_resource(show_spinner=False, max_entries=32)
def features(system_code: str, level: str, within: str | None) -> tuple[Feature, ...]:
    """Display geometries of a level as GeoJSON (only areas below ``within`` if given)."""
    feats = maps.area_features(system_code, level)
    if within is None:
        return feats
    keep = set(level_areas(system_code, level, within)["area_id"])
    return tuple(f for f in feats if f[0] in keep)


@st.cache_resource(show_spinner=False, max_entries=32)
def geo_frame(system_code: str, level: str, within: str | None) -> gpd.GeoDataFrame:
    """Display geometries as a GeoDataFrame indexed by area_id (read-only, shared)."""
    feats = maps.area_features(system_code, level)
    frame = gpd.GeoDataFrame(
        {"area_id": [f[0] for f in feats]},
        geometry=list(_shapes(system_code, level)),
        crs="EPSG:4326",
    ).set_index("area_id")
    if within is not None:
        frame = frame.loc[frame.index.isin(set(level_areas(system_code, level, within)["area_id"]))]
    return frame


@st.cache_data(show_spinner=False, max_entries=32)
def view(system_code: str, level: str, within: str | None) -> dict[str, float]:
    """Centre and zoom that show every area of the level (below ``within`` if given)."""
    if within is None:
        return maps.view_for(system_code, level)
    frame = geo_frame(system_code, level, within)
    return view_of(framing_bounds(frame.geometry.to_numpy()))


# --------------------------------------------------------------------------- analyses


@st.cache_data(show_spinner=False, max_entries=32)
def hotspots(
    indicator_id: str, period: str, system_code: str, level: str, within: str | None
) -> pd.DataFrame:
    """Local Moran's I (999 permutations, seed 42, α = 0,05) of the shown values."""
    values = level_values(indicator_id, period, system_code, level, within).set_index("area_id")
    frame = geo_frame(system_code, level, within).copy()
    frame["value"] = values["value"].reindex(frame.index).astype(float)
    return local_moran(frame, "value", permutations=999, seed=42, alpha=0.05)


@st.cache_data(show_spinner=False, max_entries=32)
def typology(
    indicator_ids: tuple[str, ...], system_code: str, level: str, k: int, method: ClusterMethod
) -> tuple[TypologyResult, dict[str, str]]:
    """Types of areas on the latest values of the chosen indicators (seed 42)."""
    wide, used = latest_matrix(indicator_ids, system_code, level, ())
    return cluster_areas(wide, list(wide.columns), k, method, seed=42), used


# --------------------------------------------------------------------------- per view


def info_of(key: ValuesKey) -> IndicatorInfo:
    return IndicatorInfo.of(key[0], data.indicator(key[0], key[2]))


@st.cache_data(show_spinner=False, max_entries=64)
def table(key: ValuesKey, polarity: str) -> pd.DataFrame:
    """Values of the view with rank columns, indexed by area_id."""
    return ranked_values(level_values(*key), polarity)


@st.cache_data(show_spinner=False, max_entries=64)
def tooltips(key: ValuesKey, polarity: str) -> list[str]:
    """Map tooltip (HTML) per row of :func:`table`."""
    return tables.tooltips(table(key, polarity), info_of(key))


@st.cache_data(show_spinner=False, max_entries=64)
def ranking_tables(key: ValuesKey, polarity: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown table, export table) of :func:`features.areas.tables.ranking_table`."""
    return tables.ranking_table(
        table(key, polarity), info_of(key), focus.ancestor_columns(key[2], key[3])
    )


@st.cache_resource(show_spinner=False, max_entries=32)
def ranking_figures(
    key: ValuesKey, polarity: str, ref_id: str, ref_name: str, selected: tuple[str, ...]
) -> tuple[go.Figure, go.Figure | None]:
    """Ranking bars and (with many areas) the histogram of the view (shared, never mutate)."""
    t = table(key, polarity)
    info = info_of(key)
    # a count's Kommune total is the sum of the bars: drawn beside them it flattens them
    reference = None if info.is_count else area_value(key[0], key[1], ref_id)
    bar = figures.ranking_figure(t, info, reference, ref_name, selected)
    if int(t["value"].notna().sum()) <= figures.MANY_AREAS:
        return bar, None
    sel = _selected_values(t, selected)
    return bar, figures.histogram_figure(t, info, reference, ref_name, sel)


def _selected_values(t: pd.DataFrame, selected: Sequence[str]) -> dict[str, float]:
    """Name → value of the selected areas that have a value."""
    rows = t.loc[[a for a in selected if a in t.index]]
    rows = rows[rows["value"].notna()]
    return dict(zip(rows["name"].astype(str), rows["value"].astype(float).tolist(), strict=True))


def warm() -> None:
    """Fill the caches of the page's opening view (process start-up, before the first visitor):
    lists, geometry, map view and the map's geometry text of the store's own system and level."""
    from components.maps.splice import warm_area_json

    home = data.home()
    system, level = home.system_code, home.level
    levels(system)
    filter_areas(system, level)
    catalogue = indicators_for(system, level)
    ids = catalogue["indicator_id"].tolist() if "indicator_id" in catalogue else []
    if ids:
        periods(str(home.indicator) if home.indicator in ids else str(ids[0]), system, level)
    root_area(system)
    area_names(system)
    warm_area_json((system, level, None), features(system, level, None))
    view(system, level, None)
