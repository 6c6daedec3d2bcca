"""Section "Hotspots": Local Moran's I clusters of high or low values of the current indicator."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.formatting import fmt_int, fmt_number, fmt_period
from components.maps import deck as maps
from components.maps import legend as map_legend
from features.areas import cache, tables
from features.areas import map as area_map
from features.areas.context import KEYS, AreaView, Params
from indicators.social.frames import count_by_category
from indicators.social.hotspots import CLUSTER_CATEGORIES, significant
from indicators.social.palette import RGB

HOTSPOT_RGB: dict[str, RGB] = {
    "Hoch-Hoch": (213, 94, 0),
    "Niedrig-Niedrig": (0, 114, 178),
    "Hoch-Niedrig": (240, 180, 130),
    "Niedrig-Hoch": (150, 200, 235),
    "nicht signifikant": (245, 245, 245),
    "keine Angabe": maps.NO_DATA_RGB,
}
#: legend entries (without "keine Angabe": the legend adds it)
LEGEND = [c for c in CLUSTER_CATEGORIES if c != "keine Angabe"]
METHOD_NOTE = (
    "Hoch-Hoch: hoher Wert, umgeben von hohen Werten (Brennpunkt); Niedrig-Niedrig: niedriger "
    "Wert, umgeben von niedrigen Werten. Nachbarn = gemeinsame Grenze oder Ecke; "
    "999 Zufallspermutationen, Startwert 42, Signifikanzniveau 5 %."
)


def hotspots(view: AreaView) -> Params:
    """Local Moran's I: significant clusters of high or low values of the current indicator."""
    info = view.info
    st.subheader(f"Hotspots: {info.record.get('name')} ({fmt_period(view.period)})")
    try:
        hot = cache.hotspots(*view.values_key)
    except ValueError as exc:
        st.info(f"Keine Hotspot-Analyse möglich: {exc}")
        return {}
    names = cache.area_names(view.system)
    lines = [
        "" if pd.isna(p) else f"p = {fmt_number(p, 3)}, Nachbarn: {n}"
        for p, n in zip(hot["p_value"], hot["n_neighbors"], strict=True)
    ]
    styled = area_map.category_styled(names, hot["cluster"], HOTSPOT_RGB, lines)
    left, right = st.columns([3, 1])
    with left:
        area_map.show_section_map(
            view, styled, KEYS("map_hot"), "Karte der Hotspots; die Gebiete stehen in der Tabelle."
        )
    with right:
        _legend_and_counts(view, styled, hot)
    st.caption(METHOD_NOTE)
    _cluster_table(view, hot, names)
    return {}


def _legend_and_counts(view: AreaView, styled: pd.DataFrame, hot: pd.DataFrame) -> None:
    colors = [HOTSPOT_RGB[c] for c in LEGEND]
    maps.legend(LEGEND, colors, title="Local Moran's I", unit="α = 5 %")
    legend = map_legend.legend_of(LEGEND, colors, "Local Moran's I (α = 5 %)")
    title = f"Hotspots: {view.info.record.get('short_name')}, Stand {fmt_period(view.period)}"
    area_map.section_export(view, styled, KEYS("map_hot"), legend, title, view.info.source())
    labels = list(CLUSTER_CATEGORIES)
    counts = count_by_category(hot["cluster"], labels)
    st.dataframe(
        pd.DataFrame({"Muster": labels, "Gebiete": [fmt_int(c) for c in counts]}),
        hide_index=True,
        key=KEYS("hot_counts"),
    )


def _cluster_table(view: AreaView, hot: pd.DataFrame, names: dict[str, str]) -> None:
    """The areas in significant clusters, with I and p-value, and their download."""
    sig = significant(hot)
    table = pd.DataFrame(
        {
            "Gebiet": [names.get(a, a) for a in sig.index],
            "Muster": sig["cluster"].to_numpy(),
            "Local Moran's I": sig["I"].round(3).to_numpy(),
            "p-Wert": sig["p_value"].round(3).to_numpy(),
        }
    ).sort_values(["Muster", "Gebiet"])
    st.markdown(f"**{fmt_int(len(table))} Gebiete in signifikanten Mustern**")
    st.dataframe(table, hide_index=True, width="stretch", key=KEYS("hot_table"))
    name = f"hotspots_{view.indicator}_{view.period}"
    tables.downloads(table, view.info.source(), name, KEYS("hot_dl"))
