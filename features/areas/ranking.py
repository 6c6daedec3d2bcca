"""Section "Karte & Rangfolge": classified map, legend, selected area, ranking and table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import charts
from components.formatting import fmt_int, fmt_number, fmt_period
from components.fragment import page_part
from components.maps import deck as maps
from components.maps import legend as map_legend
from components.maps.selection import click_pending
from components.url_state import seed_choice, set_part_params
from features.areas import cache, tables
from features.areas import map as area_map
from features.areas.choose import choose_area
from features.areas.context import KEYS, AreaView, Params
from indicators.social import classify as cl

CLASS_COUNTS = list(range(2, 10))
METHODS: list[cl.ClassMethod] = list(cl.METHODS)
FIXED_HELP = "Gleiche Grenzen für alle Stichtage: Karten verschiedener Jahre sind vergleichbar."


@dataclass(frozen=True)
class MapSettings:
    """How the map is classified and drawn."""

    method: cl.ClassMethod
    k: int
    fixed: bool
    basemap: bool

    def url_params(self) -> Params:
        return {
            "methode": self.method,
            "klassen": str(self.k),
            "fest": "True" if self.fixed else None,
        }


def choose_map_settings() -> MapSettings:
    """Classification method, number of classes, fixed breaks and the basemap switch."""
    c1, c2, c3, c4 = st.columns([1.6, 1, 1, 1])
    seed_choice(KEYS("methode"), METHODS, "methode", "quantile")
    method = c1.selectbox(
        "Klassenbildung", METHODS, format_func=lambda m: cl.METHODS[m], key=KEYS("methode")
    )
    seed_choice(KEYS("klassen"), CLASS_COUNTS, "klassen", 5)
    k = c2.select_slider("Klassen", CLASS_COUNTS, key=KEYS("klassen"))
    seed_choice(KEYS("fest"), [False, True], "fest", False)
    fixed = c3.checkbox("Feste Klassengrenzen", key=KEYS("fest"), help=FIXED_HELP)
    basemap = c4.checkbox(
        "Hintergrundkarte", key=KEYS("basis"), help="Lädt Kacheln aus dem Internet."
    )
    return MapSettings(method or "quantile", int(k), bool(fixed), bool(basemap))


def section_map(view: AreaView) -> Params:
    """Area choice, then the map part (classification, map, legend), ranking charts and table.

    The map part is a fragment: the classification settings recolour the map without
    recomputing or redrawing the ranking and the table (they do not depend on them).
    """
    area = choose_area(view, "Gebiet hervorheben (oder auf die Karte klicken)")
    settings = _map_part(view, area)
    selected = [area] if area else []
    ranking(view, cache.table(view.values_key, view.info.polarity), selected)
    return {**(settings.url_params() if settings else {}), "gebiet": area or None}


@page_part
def _map_part(view: AreaView, area: str) -> MapSettings:
    """Classification settings, the map with its legend and export, the highlighted area."""
    settings = choose_map_settings()
    info = view.info
    classes = cache.classification(
        *view.values_key, settings.method, settings.k, settings.fixed, info.decimals
    )
    colors = cl.palette(classes.k, info.polarity) if classes.k else []
    table = cache.table(view.values_key, info.polarity)
    tips = cache.tooltips(view.values_key, info.polarity)
    styled = area_map.styled_values(table, classes.classes, colors, tips)
    selected = [area] if area else []
    left, right = st.columns([3, 1])
    with left:
        _main_map(view, styled, selected, settings.basemap)
    if click_pending(KEYS("map"), seen_key=KEYS("_clicks")):
        st.rerun(scope="app")  # a click on the map selects an area: ranking and table follow
    with right:
        _legend_and_export(view, classes, colors, styled, selected)
        selected_summary(view, table, area)
    set_part_params(**settings.url_params())
    return settings


def _main_map(view: AreaView, styled: pd.DataFrame, selected: list[str], basemap: bool) -> None:
    deck = area_map.build_deck(
        view.area_set, styled, selected=selected, basemap=basemap, recolour=True
    )
    maps.show_map(
        deck,
        key=KEYS("map"),
        alt=f"Karte: {view.info.record.get('name')} je {view.level}, "
        f"Stand {fmt_period(view.period)}. Die Werte stehen in der Tabelle unter der Karte.",
        selectable=True,
    )
    st.caption(charts.source_line(view.info.source()))


def _legend_and_export(
    view: AreaView,
    classes: cl.Classification,
    colors: list[cl.RGB],
    styled: pd.DataFrame,
    selected: list[str],
) -> None:
    unit = view.info.unit
    maps.legend(list(classes.labels), colors, title=classes.method_label, unit=unit)
    if classes.note:
        st.caption(classes.note)
    area_map.export_menu(
        view.area_set,
        styled,
        map_legend.legend_of(classes.labels, colors, f"{classes.method_label} ({unit})"),
        key="soz.map.bild",
        title=f"{view.info.record.get('name')} je {view.level} "
        f"({view.focus.label if view.focus else view.ref_name}), "
        f"Stand {fmt_period(view.period)}",
        source=charts.source_line(view.info.source()),
        selected=selected,
    )


def selected_summary(view: AreaView, table: pd.DataFrame, area: str) -> None:
    """Value, rank and flag of the highlighted area next to the map."""
    if not area or area not in table.index:
        st.caption(
            "Kein Gebiet hervorgehoben. Klicken Sie auf die Karte oder wählen Sie oben ein Gebiet."
        )
        return
    row = table.loc[area]
    info = view.info
    value = tables.value_text(row["value"], row["status"], info.decimals)
    st.metric(str(row["name"]), f"{value} {info.record.get('unit', '')}")
    st.markdown(f"**{row['rank_text']}** (Rang 1 = höchster Wert)")
    st.caption(
        tables.flag_text(row["flag"], row["status"], row["flag_reason"], row["min_denominator"])
    )


def ranking(view: AreaView, table: pd.DataFrame, selected: list[str]) -> None:
    """Sorted bars (or top/bottom + histogram), then the full table with downloads."""
    info = view.info
    n_value = int(table["value"].notna().sum())
    st.subheader("Rangfolge")
    st.caption(tables.period_caption(info, view.period, view.level, len(table), n_value))
    total = cache.area_value(view.indicator, view.period, view.ref_id)
    if total is None:
        st.caption(f"Für {view.ref_name} liegt kein Gesamtwert vor (keine Bezugslinie).")
    elif info.is_count:
        st.caption(
            f"{view.ref_name} insgesamt: {fmt_number(total, info.decimals)} {info.unit} "
            "(Summe der Gebiete; als Anzahl keine Bezugslinie neben den Gebieten)."
        )
    if n_value == 0:
        st.info("Für diesen Stichtag liegen auf dieser Ebene keine Werte vor.")
        return
    bar, hist = cache.ranking_figures(
        view.values_key, info.polarity, view.ref_id, view.ref_name, tuple(selected)
    )
    shown, export = cache.ranking_tables(view.values_key, info.polarity)
    # one under the other: side by side, each would be narrower than a phone (projector, laptop)
    bars = bar.data[0]  # the chart's own rows as its text alternative (the full table follows)
    charts.show(
        bar,
        key=KEYS("rank_chart"),
        table=pd.DataFrame({"Gebiet (Rang)": list(bars.y), "Wert": list(bars.customdata)}),
    )
    if hist is not None:
        charts.show(hist, key=KEYS("hist_chart"))
    st.markdown(f"**Alle {fmt_int(len(shown))} Gebiete** (Rang 1 = höchster Wert)")
    st.dataframe(shown, hide_index=True, width="stretch", key=KEYS("rank_table"))
    name = f"{view.indicator}_{view.level}_{view.period}".replace(" ", "_")
    source = info.source()
    if view.focus is not None:  # the file says which part of the Kommune it holds
        name += "_" + view.focus.name.replace(" ", "_")
        source["source"] = f"{source.get('source') or 'Planungsatlas'} · Fokus: {view.focus.label}"
    tables.downloads(export, source, name, KEYS("rank_dl"))
