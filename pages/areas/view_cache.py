"""Per-view results of "Sozialräume vergleichen", cached across reruns.

A *view* is (indicator, period, system, level, within). Ranking table, tooltips, the
formatted ranking table and the ranking/histogram figures depend only on the view (and the
highlighted areas), not on the map's classification: moving the "Klassen" slider reuses
them. Figures are shared objects (``st.cache_resource``) that nobody mutates
(``charts.show`` and the exports only read them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import cache as data
from pages.areas import cache as data_sozial
from pages.areas import view as sozial_view

View = tuple[str, str, str, str, str | None]


def meta_of(view: View) -> dict[str, Any]:
    return data.indicator(view[0]) or {}


@st.cache_data(show_spinner=False, max_entries=64)
def table(view: View, polarity: str) -> pd.DataFrame:
    """Values of the view with rank columns, indexed by area_id."""
    return sozial_view.ranked(data_sozial.level_values(*view), polarity)


@st.cache_data(show_spinner=False, max_entries=64)
def tooltips(view: View, polarity: str) -> list[str]:
    """Map tooltip (HTML) per row of :func:`table`."""
    meta = meta_of(view)
    return sozial_view.tooltips(table(view, polarity), meta, int(meta.get("decimals") or 1))


@st.cache_data(show_spinner=False, max_entries=64)
def ranking_tables(view: View, polarity: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown table, export table) of :func:`pages.areas.view.ranking_table`."""
    return sozial_view.ranking_table(table(view, polarity), meta_of(view))


@st.cache_resource(show_spinner=False, max_entries=32)
def figures(
    view: View, polarity: str, ref_id: str, ref_name: str, selected: tuple[str, ...]
) -> tuple[go.Figure, go.Figure | None]:
    """Ranking bars and (with many areas) the histogram of the view (shared, never mutate)."""
    t = table(view, polarity)
    meta = meta_of(view)
    reference = data_sozial.area_value(view[0], view[1], ref_id)
    bar = sozial_view.ranking_figure(t, meta, reference, ref_name, selected)
    if int(t["value"].notna().sum()) <= sozial_view.MANY_AREAS:
        return bar, None
    sel = _selected_values(t, selected)
    return bar, sozial_view.histogram_figure(t, meta, reference, ref_name, sel)


def _selected_values(t: pd.DataFrame, selected: Sequence[str]) -> dict[str, float]:
    return {
        str(t.loc[a, "name"]): float(t.loc[a, "value"])
        for a in selected
        if a in t.index and pd.notna(t.loc[a, "value"])
    }
