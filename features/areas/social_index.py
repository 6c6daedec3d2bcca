"""Section "Sozialindex": MSS-style status and dynamics index, configurable, with its map."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from components.formatting import fmt_int, fmt_number, fmt_percent, fmt_period
from components.maps import legend as map_legend
from components.url_state import seed_choice
from features.areas import cache, tables
from features.areas import map as area_map
from features.areas.context import KEYS, AreaView, Params
from features.areas.index_settings import (
    POPULATION,
    PUBLISHED_DYNAMICS,
    PUBLISHED_STATUS,
    choose_index_config,
    index_candidates,
)
from indicators.social import classify as cl
from indicators.social.composite import (
    MSS_2021_DEFAULT,
    IndexConfig,
    agreement_count,
    composite_index,
)
from indicators.social.frames import count_by_category

IndexMap = Literal["status", "dynamik"]
INDEX_MAPS: dict[IndexMap, str] = {"status": "Statusindex", "dynamik": "Dynamikindex"}
PUBLISHED_DYNAMICS_CODES = {1.0: "+", 0.0: "±", -1.0: "−"}
DYNAMICS_RGB: dict[str, cl.RGB] = {
    "positiv": (0, 114, 178),
    "stabil": (255, 255, 204),
    "negativ": (213, 94, 0),
}
METHOD_SOURCE = f"Planungsatlas, eigene Berechnung nach {MSS_2021_DEFAULT.source}"


def social_index(view: AreaView) -> Params:
    """MSS-style status and dynamics index with configurable indicators, weights and thresholds."""
    cands = index_candidates(view.catalogue)
    st.subheader("Sozialindex (Status und Dynamik)")
    if len(cands) == 0:
        st.info("Auf dieser Ebene gibt es keine Indikatoren mit Wertung für einen Sozialindex.")
        return {}
    config = choose_index_config(cands)
    if config is None:
        return {}
    ids = (*config.status_columns, *config.dynamics_columns)
    periods = cache.common_periods(ids, view.system, view.level)
    if not periods:
        st.info("Die gewählten Indikatoren haben keinen gemeinsamen Stichtag auf dieser Ebene.")
        return {}
    c1, c2 = st.columns(2)
    seed_choice(KEYS("idx_zeit"), periods, "idx_zeit", periods[-1])
    period = c1.selectbox(
        "Stichtag des Index", periods, format_func=fmt_period, key=KEYS("idx_zeit")
    )
    period = period or periods[-1]
    kinds: list[IndexMap] = list(INDEX_MAPS)
    seed_choice(KEYS("idx_karte"), kinds, "indexkarte", "status")
    shown = c2.radio(
        "Karte", kinds, format_func=lambda k: INDEX_MAPS[k], key=KEYS("idx_karte"), horizontal=True
    )
    shown = shown or "status"
    params: Params = {"idx_zeit": period, "indexkarte": shown}
    matrix = cache.matrix_at(
        (*ids, POPULATION, PUBLISHED_STATUS, PUBLISHED_DYNAMICS), period, view.system, view.level
    )
    try:
        result = composite_index(matrix, config)
    except ValueError as exc:
        st.warning(f"Der Index kann nicht berechnet werden: {exc}")
        return params
    _index_map(view, result, config, shown, period)
    _agreement_note(result, matrix, config)
    _index_table(view, result, matrix, period)
    return params


def _classes(
    result: pd.DataFrame, config: IndexConfig, shown: IndexMap
) -> tuple[list[str], dict[str, cl.RGB], pd.Series, list[str], str]:
    """(labels, colours, class per area, tooltip lines, title) of the index map shown."""
    if shown == "status":
        labels = [f"{i + 1} {lab}" for i, lab in enumerate(config.status_labels)]
        colors = dict(zip(labels, cl.palette(len(labels), "higher_worse"), strict=True))
        cats = result["status_class"].map(lambda c: None if pd.isna(c) else labels[int(c) - 1])
        lines = [f"Statusindex: {fmt_number(v, 2)} SD" for v in result["status_index"]]
        return labels, colors, cats, lines, "Statusindex (1 = hoher sozialer Status)"
    labels = ["positiv", "stabil", "negativ"]
    lines = [f"Dynamikindex: {fmt_number(v, 2)} SD" for v in result["dynamics_index"]]
    return labels, dict(DYNAMICS_RGB), result["dynamics_label"], lines, "Dynamikindex"


def _index_map(
    view: AreaView, result: pd.DataFrame, config: IndexConfig, shown: IndexMap, period: str
) -> None:
    labels, colors, cats, lines, title = _classes(result, config, shown)
    styled = area_map.category_styled(cache.area_names(view.system), cats, colors, lines)
    left, right = st.columns([3, 1])
    with left:
        area_map.show_section_map(
            view, styled, KEYS("map_index"), f"Karte {title}. Die Klassen stehen in der Tabelle."
        )
    with right:
        area_map.category_legend(labels, colors, title)
        source = {"source": METHOD_SOURCE, "data_date": fmt_period(period)}
        legend = map_legend.legend_of(labels, [colors[c] for c in labels], title)
        area_map.section_export(
            view, styled, KEYS("map_index"), legend, f"{title}, Stand {fmt_period(period)}", source
        )
        counts = count_by_category(cats, labels)
        st.dataframe(
            pd.DataFrame({"Klasse": labels, "Gebiete": [fmt_int(c) for c in counts]}),
            hide_index=True,
            key=KEYS("index_counts"),
        )


def _agreement_note(result: pd.DataFrame, matrix: pd.DataFrame, config: IndexConfig) -> None:
    """Agreement with the published MSS classes, and how the index is computed."""
    pub_s = matrix.get(PUBLISHED_STATUS)
    if pub_s is None or pub_s.notna().sum() == 0:
        st.caption(
            "Für diesen Stichtag liegen keine veröffentlichten MSS-Klassen zum Vergleich vor."
        )
        return
    same, n = agreement_count(result["status_class"], pub_s)
    c1, c2 = st.columns(2)
    c1.metric("Übereinstimmung Statusklassen", fmt_percent(same / n * 100, 2))
    text = f"Status: {fmt_int(same)} von {fmt_int(n)} Gebieten"
    pub_d = matrix.get(PUBLISHED_DYNAMICS)
    if config.dynamics_columns and pub_d is not None and pub_d.notna().any():
        same_d, n_d = agreement_count(result["dynamics_class"], pub_d.map(PUBLISHED_DYNAMICS_CODES))
        c2.metric("Übereinstimmung Dynamikklassen", fmt_percent(same_d / n_d * 100, 2))
        text += f"; Dynamik: {fmt_int(same_d)} von {fmt_int(n_d)}"
    st.info(
        "**Methode.** Jeder Indikator wird über die Gebiete mit mindestens "
        f"{fmt_int(config.min_population)} Einwohner/innen z-standardisiert, die z-Werte werden "
        "gewichtet gemittelt und erneut standardisiert (Index in Standardabweichungen). "
        f"Abgleich mit den veröffentlichten Klassen – hier gerade berechnet: {text}. "
        f"{MSS_2021_DEFAULT.source}"
    )


def _index_table(view: AreaView, result: pd.DataFrame, matrix: pd.DataFrame, period: str) -> None:
    areas = cache.level_areas(view.system, view.level, view.within).set_index("area_id")
    r = result.reindex(areas.index)
    pub = matrix.reindex(areas.index)
    table = pd.DataFrame(
        {
            "Gebiet": areas["name"],
            "Schlüssel": areas["local_id"],
            "Statusindex (SD)": r["status_index"].round(3),
            "Statusklasse": r["status_label"],
            "Dynamikindex (SD)": r["dynamics_index"].round(3),
            "Dynamikklasse": r["dynamics_label"],
            "veröffentlichte Statusklasse": pub.get(PUBLISHED_STATUS),
        }
    ).sort_values("Statusindex (SD)", na_position="last")
    with st.expander(f"Tabelle: Index je Gebiet ({fmt_int(len(table))} Gebiete)"):
        st.dataframe(table, hide_index=True, width="stretch", key=KEYS("index_table"))
    source = {"source": MSS_2021_DEFAULT.source, "data_date": fmt_period(period)}
    tables.downloads(table, source, f"sozialindex_{view.level}_{period}", KEYS("index_dl"))
