"""Kommunen vergleichen: peer groups, position per indicator, development, map."""

from __future__ import annotations

import streamlit as st

from components.errors import run_guarded
from components.fragment import page_part
from components.layout import page_header, sources_footer
from components.url_state import (
    choice_param,
    seed,
    set_params,
    set_part_params,
    show_url_notes,
)
from features.benchmarking import cache as data_bench
from features.benchmarking import national, position
from features.benchmarking.controls import level_and_kommune
from features.benchmarking.development import development, period_param
from features.benchmarking.kreis import kreis_and_gemeinden
from features.benchmarking.map_view import extent_param, map_section
from features.benchmarking.model import (
    KEYS,
    LEVEL_LABEL,
    PARTS,
    Kommune,
    PartKey,
    PeerView,
    as_part,
)
from features.benchmarking.peer_section import peer_section
from features.profiles import api as profiles_api
from indicators.search import display_name


def _own_name(kommune: Kommune) -> str:
    """Short name, with the type or Kreis when the name is not unique ("Osnabrück (Landkreis)")."""
    names = data_bench.area_names(kommune.level)
    unique = national.kommune_names(kommune.level).get(kommune.area_id)
    return unique or display_name(str(names.get(kommune.area_id, kommune.ags)))


def _missing(kommune: Kommune) -> str | None:
    """German note when the level has no Kommunen or no indicator values, else ``None``."""
    level = LEVEL_LABEL[kommune.level]
    if not kommune.ags:
        return f"Die Datenbasis enthält auf der Ebene „{level}“ keine Kommunen."
    if not data_bench.years(kommune.level) or data_bench.indicators(kommune.level).empty:
        return (
            f"Die Datenbasis enthält für die Ebene „{level}“ keine Indikatorwerte "
            "(indicator_values.csv der Deutschland-Basis); ohne sie lässt sich nichts vergleichen."
        )
    return None


@page_part
def _time_series(
    kommune: Kommune, peers: list[str], ids: list[str], own_name: str
) -> tuple[str, tuple[str, str] | None]:
    """Indicator, series and development: choosing an indicator or a period reruns only this
    part, not the peer group, the overview and the map (they do not depend on it)."""
    meta = position.indicator_choice(kommune.level, ids)
    period = development(kommune, peers, meta, own_name)
    own: dict[str, str | None] = {"indikator": meta.indicator_id}
    if period is not None:
        own |= {"von": period[0], "bis": period[1]}
    set_part_params(**own)  # a rerun of this part alone does not reach the page's end
    return meta.indicator_id, period


def _part_tabs() -> PartKey:
    """The open part: the tab's state, on the first run of a session the link's ``teil``."""
    seed(KEYS("teil"), PARTS[as_part(choice_param("teil", list(PARTS), "lage"))])
    return as_part(st.session_state[KEYS("teil")])


def body() -> None:
    page_header(
        "Kommunen vergleichen",
        "Wie steht Ihre Kommune im Vergleich zu ähnlichen Kommunen da – heute und in der "
        "Entwicklung?",
    )
    if data_bench.system() is None:
        st.warning(data_bench.NO_KOMMUNEN)
        sources_footer()
        return
    st.caption(data_bench.gebietsstand_note() + ".")
    kommune = level_and_kommune()
    missing = _missing(kommune)
    if missing is not None:
        st.warning(missing)
        show_url_notes()
        sources_footer()
        return
    own_name = _own_name(kommune)
    kreis_and_gemeinden(kommune, own_name)
    cat = data_bench.indicators(kommune.level)
    feature_names = dict(zip(cat["indicator_id"], cat["short_name"], strict=True))
    st.subheader("Vergleichsgruppe")
    choice, peers = peer_section(kommune, feature_names)
    link = {"ebene": kommune.level, "ags": kommune.ags}
    profiles_api.kommune_button(kommune.level, kommune.area_id, peers, link)
    domain = position.domain_choice(kommune.level, cat)
    ids = position.domain_indicators(cat.set_index("indicator_id"), domain)
    part = _part_tabs()
    lage, entwicklung, karte = st.tabs(list(PARTS.values()), key=KEYS("teil"), on_change="rerun")
    if lage.open:
        with lage:
            st.subheader(f"Wo steht {own_name}?")
            year = position.year_choice(kommune.level)
            position.overview(kommune, peers, year, ids, own_name)
    else:
        year = position.year_param(kommune.level)
    if entwicklung.open:
        with entwicklung:
            st.subheader("Zeitreihe mit Vergleichsgruppe")
            indicator, period = _time_series(kommune, peers, ids, own_name) or (None, None)
    else:
        indicator = position.indicator_param(kommune.level, ids)
        period = period_param(kommune.level, indicator)
    if karte.open:
        with karte:
            st.subheader("Karte")
            extent = map_section(kommune, peers, own_name)
    else:
        extent = extent_param(kommune)
    view = PeerView(kommune, choice, domain, year, indicator, period, extent, part)
    show_url_notes()
    set_params(**view.params())
    sources_footer()


run_guarded(body)
