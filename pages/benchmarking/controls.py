"""Widgets of "Kommunen vergleichen": level, Kommune search, peer-group editor.

The URL seeds each widget once (:func:`pages.benchmarking.state.init_widget`); afterwards the
widgets own their state and the page writes it back with ``state.set_params``. All keys
start with ``bench.``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.formatting import fmt_int
from components.url_state import choice_param, text_param
from indicators.search import search_areas
from pages.benchmarking import cache as data_bench
from pages.benchmarking.state import MODES, ags_for_level, init_widget, list_param

DEFAULT_AGS = {"Kreis": "11000", "Gemeinde": "11000000"}
LEVEL_LABEL = {"Kreis": "Kreise und kreisfreie Städte", "Gemeinde": "Gemeinden"}
DEFAULT_FEATURES = {
    "Kreis": (
        "inkar_median_age",
        "inkar_share_foreign",
        "inkar_unemployment_rate",
        "inkar_gdp_per_capita",
        "pop_density",
    ),
    "Gemeinde": (
        "pop_density",
        "zensus_owner_share",
        "zensus_household_size",
        "zensus_foreign_share",
    ),
}
K_RANGE = (3, 50)
#: widget keys that belong to one level and one Kommune (reset when these change)
PER_LEVEL_KEYS = ("bench.merkmale", "bench.bereich", "bench.jahr", "bench.indikator")
PER_KOMMUNE_KEYS = ("bench.dazu", "bench.weg", "bench.von", "bench.bis")
URL_OF_KEY = {
    "bench.merkmale": "merkmale",
    "bench.bereich": "bereich",
    "bench.jahr": "jahr",
    "bench.indikator": "indikator",
    "bench.dazu": "dazu",
    "bench.weg": "weg",
    "bench.von": "von",
    "bench.bis": "bis",
}


@dataclass(frozen=True)
class PeerChoice:
    """What the user chose for the peer group (AGS lists, URL tokens)."""

    modes: tuple[str, ...]
    k: int
    features: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]


def _forget(keys: Sequence[str]) -> None:
    for key in keys:
        st.session_state.pop(key, None)
        url = URL_OF_KEY.get(key)
        if url and url in st.query_params:
            del st.query_params[url]


def _level_changed() -> None:
    level = st.session_state["bench.ebene"]
    old = st.session_state.get("bench.ags")
    st.session_state["bench.ags"] = ags_for_level(old, data_bench.areas(level))
    st.session_state["bench.suche"] = ""
    _forget(PER_LEVEL_KEYS + PER_KOMMUNE_KEYS)


def _picked() -> None:
    chosen = st.session_state.get("bench.treffer")
    if chosen:
        st.session_state["bench.ags"] = chosen
        st.session_state["bench.suche"] = ""
        _forget(PER_KOMMUNE_KEYS)


def _added() -> None:
    chosen = st.session_state.get("bench.dazu_treffer")
    current = list(st.session_state.get("bench.dazu", []))
    if chosen and chosen not in current:
        st.session_state["bench.dazu"] = [*current, chosen]
    st.session_state["bench.dazu_suche"] = ""


def area_label(level: str, ags: str) -> str:
    """ "München (09162000, Bayern)" for lists."""
    return data_bench.area_labels(level).get(ags, ags)


def level_and_kommune() -> tuple[str, str]:
    """Level radio and Kommune search; returns (level, AGS of the own Kommune)."""
    init_widget("bench.ebene", choice_param("ebene", list(LEVEL_LABEL), "Kreis"))
    level = st.radio(
        "Ebene",
        list(LEVEL_LABEL),
        format_func=LEVEL_LABEL.get,
        horizontal=True,
        key="bench.ebene",
        on_change=_level_changed,
    )
    areas = data_bench.areas(level)
    ids = areas["local_id"].tolist()
    if "bench.ags" not in st.session_state:
        mapped = ags_for_level(st.query_params.get("ags"), areas)
        st.session_state["bench.ags"] = (
            mapped if mapped in ids else choice_param("ags", ids, DEFAULT_AGS[level])
        )
    ags = st.session_state["bench.ags"]
    if ags not in ids:  # e.g. left over from the other level
        ags = ags_for_level(ags, areas) or DEFAULT_AGS[level]
        ags = ags if ags in ids else DEFAULT_AGS[level]
        st.session_state["bench.ags"] = ags
    _search_box(level, areas, ags)
    return level, st.session_state["bench.ags"]


def _search_box(level: str, areas: pd.DataFrame, ags: str) -> None:
    left, right = st.columns([2, 3])
    init_widget("bench.suche", text_param("suche"))
    query = left.text_input(
        "Kommune suchen (Name oder Gemeindeschlüssel)",
        key="bench.suche",
        max_chars=80,
        help="Umlaute können Sie auch als ae, oe, ue schreiben: „Muenchen“ findet München.",
    )
    right.markdown(f"**Ihre Kommune:** {area_label(level, ags)}")
    if not query.strip():
        return
    hits = search_areas(areas, query, limit=25)
    if hits.empty:
        right.info("Keine Kommune gefunden. Bitte Schreibweise oder Schlüssel prüfen.")
        return
    right.selectbox(
        f"Treffer ({fmt_int(len(hits))})",
        hits["local_id"].tolist(),
        index=None,
        placeholder="Kommune aus der Trefferliste wählen",
        format_func=lambda a: area_label(level, a),
        key="bench.treffer",
        on_change=_picked,
    )


def peer_controls(level: str, ags: str, feature_names: dict[str, str]) -> PeerChoice:
    """Peer-definition widgets (modes, k, features, add). Removal comes after resolving."""
    areas = data_bench.areas(level)
    ids = areas["local_id"].tolist()
    init_widget("bench.gruppe", list_param("gruppe", list(MODES), ["aehnlich"]))
    init_widget("bench.k", int(choice_param("k", [str(i) for i in range(*K_RANGE, 1)], "10")))
    default_features = [f for f in DEFAULT_FEATURES[level] if f in feature_names]
    init_widget("bench.merkmale", list_param("merkmale", list(feature_names), default_features))
    init_widget("bench.dazu", [a for a in list_param("dazu", ids, []) if a != ags])
    c1, c2 = st.columns([2, 3])
    modes = c1.multiselect(
        "Vergleichsgruppe bilden nach",
        list(MODES),
        format_func=lambda m: MODES[m][1],
        key="bench.gruppe",
        placeholder="Merkmal der Gruppe wählen",
        help="Mehrere Angaben gelten zusammen (z. B. gleiches Land und ähnliche Größe). "
        "„Strukturell ähnlich“ nimmt die k Kommunen mit den ähnlichsten Werten der gewählten "
        "Merkmale (Abstand in Standardabweichungen).",
    )
    k, features = 10, []
    if "aehnlich" in modes:
        k = int(c1.slider("Anzahl ähnlichster Kommunen (k)", *K_RANGE, key="bench.k"))
        features = c2.multiselect(
            "Merkmale für „strukturell ähnlich“",
            list(feature_names),
            format_func=feature_names.get,
            key="bench.merkmale",
            placeholder="Merkmale wählen",
        )
    _add_box(level, areas, c2)
    added = st.session_state.get("bench.dazu", [])
    if added:
        c2.multiselect(
            "Zusätzlich aufgenommen (zum Entfernen anklicken)",
            added,
            format_func=lambda a: area_label(level, a),
            key="bench.dazu",
            placeholder="Kommunen wählen",
        )
    return PeerChoice(
        tuple(modes), k, tuple(features), tuple(st.session_state.get("bench.dazu", [])), ()
    )


def _add_box(level: str, areas: pd.DataFrame, col: st.delta_generator.DeltaGenerator) -> None:
    query = col.text_input("Kommune zur Gruppe hinzufügen", key="bench.dazu_suche", max_chars=80)
    if query.strip():
        hits = search_areas(areas, query, limit=25)
        col.selectbox(
            "Treffer zum Hinzufügen",
            hits["local_id"].tolist(),
            index=None,
            placeholder="Kommune wählen",
            format_func=lambda a: area_label(level, a),
            key="bench.dazu_treffer",
            on_change=_added,
        )


def removal_control(level: str, automatic: Sequence[str], ags: str) -> list[str]:
    """Multiselect of peers taken out of the automatic group (AGS list)."""
    areas = data_bench.areas(level)
    init_widget(
        "bench.weg", [a for a in list_param("weg", areas["local_id"].tolist(), []) if a != ags]
    )
    removed = list(st.session_state.get("bench.weg", []))
    options = list(dict.fromkeys([*automatic, *removed]))
    if len(options) > 400:
        st.caption("Die Gruppe ist zu groß, um einzelne Kommunen herauszunehmen (über 400).")
        return [a for a in removed if a in options]
    return st.multiselect(
        "Einzelne Kommunen aus der Gruppe herausnehmen",
        options,
        format_func=lambda a: area_label(level, a),
        key="bench.weg",
        placeholder="Kommunen wählen",
    )
