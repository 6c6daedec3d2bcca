"""Section "Sozialindex": status and dynamics index on any indicator set, with its map.

The planner chooses the indicators and their direction (:mod:`features.areas.index_settings`);
dynamics come from change indicators of the store or, with two Stichtage, from the change of
the status indicators since an earlier Stichtag.  When the settings follow a published method
(:mod:`indicators.social.presets`) and its classes are in the store, the agreement is shown.
"""

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
    IndexChoice,
    choose_index_config,
    index_candidates,
)
from indicators.social import classify as cl
from indicators.social.composite import (
    IndexConfig,
    agreement_count,
    composite_index,
    dynamics_from_change,
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
NO_DYNAMICS = ""


def no_candidates_note(level: str) -> str:
    return (
        f"Auf der Ebene „{level}“ gibt es keine Indikatoren für einen Sozialindex (Anteile, "
        "Quoten oder Dichten; Anzahlen und veröffentlichte Klassen zählen nicht). Ein "
        "Datenpaket kann sie in indicator_values.csv (Spalten indicator_id, area_id, period, "
        "value) mit indicators.yaml (Feld polarity: higher_worse oder higher_better) ergänzen."
    )


def social_index(view: AreaView) -> Params:
    """Status and dynamics index with configurable indicators, directions, weights, thresholds."""
    cands = index_candidates(view.catalogue)
    st.subheader("Sozialindex (Status und Dynamik)")
    if len(cands) == 0:
        st.info(no_candidates_note(view.level))
        return {}
    has_population = POPULATION in set(view.catalogue["indicator_id"])
    choice = choose_index_config(cands, has_population)
    if choice is None:
        return {}
    config = choice.config
    ids = (*config.status_columns, *config.dynamics_columns)
    periods = cache.common_periods(ids, view.system, view.level)
    if not periods:
        st.info("Die gewählten Indikatoren haben keinen gemeinsamen Stichtag auf dieser Ebene.")
        return {}
    c1, c2, c3 = st.columns(3)
    seed_choice(KEYS("idx_zeit"), periods, "idx_zeit", periods[-1])
    period = c1.selectbox(
        "Stichtag des Index", periods, format_func=fmt_period, key=KEYS("idx_zeit")
    )
    period = period or periods[-1]
    base = None if config.dynamics_columns else _base_period(c3, periods, period)
    kinds: list[IndexMap] = list(INDEX_MAPS) if config.dynamics_columns or base else ["status"]
    seed_choice(KEYS("idx_karte"), kinds, "indexkarte", "status")
    shown = c2.radio(
        "Karte", kinds, format_func=lambda k: INDEX_MAPS[k], key=KEYS("idx_karte"), horizontal=True
    )
    shown = shown or "status"
    params: Params = {"idx_zeit": period, "indexkarte": shown, "idx_basis": base}
    matrix = cache.matrix_at((*ids, *_extra(choice)), period, view.system, view.level)
    if has_population:
        matrix[POPULATION] = _population(view, period)
    if base:
        before = cache.matrix_at(config.status_columns, base, view.system, view.level)
        matrix, config = dynamics_from_change(matrix, before, config)
    if not has_population:
        st.caption(
            "Ohne Einwohnerzahlen auf dieser Ebene gehen alle Gebiete in den Index ein "
            "(population.csv des Datenpakets liefert sie)."
        )
    try:
        result = composite_index(matrix, config)
    except ValueError as exc:
        st.warning(f"Der Index kann nicht berechnet werden: {exc}")
        return params
    _index_map(view, result, config, shown, period, choice)
    _agreement_note(result, matrix, config, choice, base)
    _index_table(view, result, matrix, period, choice)
    return params


def _extra(choice: IndexChoice) -> tuple[str, ...]:
    """The published classes of the preset the settings follow."""
    preset = choice.preset
    published = (preset.published_status, preset.published_dynamics) if preset else ()
    return tuple(p for p in published if p)


def nearest_period(periods: list[str], period: str) -> str:
    """``period`` if present, else the nearest of ``periods`` (earlier on a tie).

    >>> nearest_period(["2020-12-31", "2024-12-31"], "2021-12-31")
    '2020-12-31'
    """
    if period in periods:
        return period
    at = pd.Timestamp(period)
    return min(periods, key=lambda p: (abs(pd.Timestamp(p) - at), p > period))


def _population(view: AreaView, period: str) -> pd.Series:
    """Residents per area at the index date, else at the nearest date with population."""
    periods = cache.periods(POPULATION, view.system, view.level)
    used = nearest_period(periods, period) if periods else period
    if used != period:
        st.caption(
            f"Einwohnerzahlen (für die Mindest-Einwohnerzahl) vom {fmt_period(used)}, dem "
            f"nächsten Stichtag mit Einwohnern – zum {fmt_period(period)} liegen keine vor."
        )
    return cache.matrix_at((POPULATION,), used, view.system, view.level)[POPULATION]


def _base_period(container: object, periods: list[str], period: str) -> str | None:
    """The earlier Stichtag whose change gives the dynamics (None: no dynamics)."""
    earlier = [p for p in periods if p < period]
    if not earlier:
        st.caption(
            "Dynamik: die Status-Indikatoren haben nur diesen Stichtag. Für eine Dynamik "
            "braucht das Datenpaket in indicator_values.csv Werte zu einem früheren Stichtag."
        )
        return None
    options = [NO_DYNAMICS, *earlier]
    seed_choice(KEYS("idx_basis"), options, "idx_basis", earlier[-1])
    value = container.selectbox(  # type: ignore[attr-defined]
        "Dynamik: Veränderung seit",
        options,
        format_func=lambda p: fmt_period(p) if p else "keine Dynamik",
        key=KEYS("idx_basis"),
    )
    return str(value) if value else None


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
    view: AreaView,
    result: pd.DataFrame,
    config: IndexConfig,
    shown: IndexMap,
    period: str,
    choice: IndexChoice,
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
        method = f"Planungsatlas, eigene Berechnung nach {choice.source}"
        source = {"source": method if choice.preset else choice.source,
                  "data_date": fmt_period(period)}  # fmt: skip
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


def _agreement_note(
    result: pd.DataFrame,
    matrix: pd.DataFrame,
    config: IndexConfig,
    choice: IndexChoice,
    base: str | None,
) -> None:
    """How the index is computed and, for a published method, the agreement with its classes."""
    population = (
        f"über die Gebiete mit mindestens {fmt_int(config.min_population)} Einwohner/innen"
        if config.population_column
        else "über alle Gebiete"
    )
    method = (
        f"**Methode.** Jeder Indikator wird {population} z-standardisiert (Richtung: höher = "
        "günstiger wird umgekehrt), die z-Werte werden gewichtet gemittelt und erneut "
        "standardisiert (Index in Standardabweichungen)."
    )
    if base:
        method += (
            f" Dynamik: Veränderung der Status-Indikatoren seit {fmt_period(base)}, "
            "ebenso standardisiert."
        )
    preset = choice.preset
    pub_s = matrix.get(preset.published_status) if preset and preset.published_status else None
    if preset is None or pub_s is None or pub_s.notna().sum() == 0:
        if preset is not None:
            st.caption(
                "Für diesen Stichtag liegen keine veröffentlichten Klassen zum Vergleich vor."
            )
        st.info(f"{method} Quelle der Methode: {choice.source}.")
        return
    same, n = agreement_count(result["status_class"], pub_s)
    c1, c2 = st.columns(2)
    c1.metric("Übereinstimmung Statusklassen", fmt_percent(same / n * 100, 2))
    text = f"Status: {fmt_int(same)} von {fmt_int(n)} Gebieten"
    pub_d = matrix.get(preset.published_dynamics) if preset.published_dynamics else None
    if config.dynamics_columns and pub_d is not None and pub_d.notna().any():
        same_d, n_d = agreement_count(result["dynamics_class"], pub_d.map(PUBLISHED_DYNAMICS_CODES))
        c2.metric("Übereinstimmung Dynamikklassen", fmt_percent(same_d / n_d * 100, 2))
        text += f"; Dynamik: {fmt_int(same_d)} von {fmt_int(n_d)}"
    st.info(
        f"{method} Abgleich mit den veröffentlichten Klassen ({preset.label}) – hier gerade "
        f"berechnet: {text}. {choice.source}"
    )


def _index_table(
    view: AreaView, result: pd.DataFrame, matrix: pd.DataFrame, period: str, choice: IndexChoice
) -> None:
    areas = cache.level_areas(view.system, view.level, view.within).set_index("area_id")
    r = result.reindex(areas.index)
    pub = matrix.reindex(areas.index)
    columns = {
        "Gebiet": areas["name"],
        "Schlüssel": areas["local_id"],
        "Statusindex (SD)": r["status_index"].round(3),
        "Statusklasse": r["status_label"],
        "Dynamikindex (SD)": r["dynamics_index"].round(3),
        "Dynamikklasse": r["dynamics_label"],
    }
    preset = choice.preset
    if preset and preset.published_status and preset.published_status in pub.columns:
        columns["veröffentlichte Statusklasse"] = pub[preset.published_status]
    table = pd.DataFrame(columns).sort_values("Statusindex (SD)", na_position="last")
    with st.expander(f"Tabelle: Index je Gebiet ({fmt_int(len(table))} Gebiete)"):
        st.dataframe(table, hide_index=True, width="stretch", key=KEYS("index_table"))
    source = {"source": choice.source, "data_date": fmt_period(period)}
    tables.downloads(table, source, f"sozialindex_{view.level}_{period}", KEYS("index_dl"))
