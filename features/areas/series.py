"""The time series under the area profile: one indicator for the chosen areas over time."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts
from components.formatting import MISSING, fmt_number, fmt_period
from components.url_state import seed_choice
from features.areas import cache
from features.areas.context import KEYS, AreaView


def time_series(
    view: AreaView, sub: pd.DataFrame, areas: list[str], parent_id: str, names: dict[str, str]
) -> str:
    """Chart (and table) of one indicator of ``sub`` for the areas, the parent and the reference.

    Returns the indicator shown (for the URL parameter ``reihe``).
    """
    ids = [str(i) for i in sub.index]
    default = view.indicator if view.indicator in ids else ids[0]
    seed_choice(KEYS("reihe"), ids, "reihe", default)
    ind = st.selectbox(
        "Zeitreihe für", ids, format_func=lambda i: str(sub.loc[i, "name"]), key=KEYS("reihe")
    )
    if ind is None:
        return MISSING
    labels = {**names, view.ref_id: view.ref_name}
    if parent_id:
        labels[parent_id] = cache.area_names(view.system).get(parent_id, parent_id)
    members = tuple(a for a in (*areas, parent_id, view.ref_id) if a)
    ser = cache.series((ind,), members)
    meta = {str(k): v for k, v in sub.loc[ind].to_dict().items()}
    if not ser.empty:  # the Stand of a series is its latest period
        meta["data_date"] = fmt_period(ser.sort_values("period_date")["period"].iloc[-1])
    fig = _figure(ser, members, labels, meta)
    table = ser.assign(
        Gebiet=ser["area_id"].map(labels),
        Stichtag=ser["period"].map(fmt_period),
        Wert=[
            fmt_number(v, int(meta["decimals"]), suppressed=f == "suppressed")
            for v, f in zip(ser["value"], ser["flag"], strict=True)
        ],
    )[["Gebiet", "Stichtag", "Wert"]]
    periods = ser.loc[ser["value"].notna(), "period"].nunique()
    if ser.empty or periods == 0:
        st.info("Für diesen Indikator liegt keine Zeitreihe vor.")
    elif periods == 1:  # one dot on a date axis is no time series: the values as a table
        only = fmt_period(ser.loc[ser["value"].notna(), "period"].iloc[0])
        st.info(f"Für diesen Indikator gibt es nur einen Stichtag ({only}) – keine Zeitreihe.")
        st.dataframe(table, hide_index=True, width="stretch", key=KEYS("series_table"))
    else:
        charts.show(fig, key=KEYS("series_chart"), table=table, table_label="Tabelle zur Zeitreihe")
    return ind


#: up to this many Stichtage each gets its own tick (more: plotly's German date ticks)
MAX_TICKS = 12


def _figure(
    ser: pd.DataFrame, members: tuple[str, ...], labels: dict[str, str], meta: dict[str, Any]
) -> go.Figure:
    fig = go.Figure()
    for a in members:
        s = ser[ser["area_id"] == a]
        if s.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=s["period_date"], y=s["value"], mode="lines+markers", name=labels.get(a, a)
            )
        )
    fig.update_yaxes(title=str(meta["unit"]))
    fig.update_xaxes(tickformat="%d.%m.%Y", hoverformat="%d.%m.%Y")  # German dates
    stichtage = sorted(pd.to_datetime(ser["period_date"]).dropna().unique())
    if 1 < len(stichtage) <= MAX_TICKS:  # ticks at the Stichtage themselves, not in between
        fig.update_xaxes(
            tickvals=stichtage, ticktext=[pd.Timestamp(d).strftime("%d.%m.%Y") for d in stichtage]
        )
    return charts.style(fig, title=f"Zeitreihe: {meta['name']}", source=charts.source_line(meta))
