"""Bevölkerungsprognose: small-area cohort-component projection with variants, scenario and backtest."""

from __future__ import annotations

import streamlit as st

from components.errors import run_guarded
from components.focus import Focus, choose_focus
from components.fragment import page_part
from components.layout import page_header, sources_footer
from components.url_state import set_part_params, show_url_notes
from features.projection import cache as dp
from features.projection import carry, sections
from features.projection.context import PageData, load
from features.projection.selectors import view_controls
from features.projection.state import KEYS, VIEWS, ViewKind, seed_from_url, view_label


def body() -> None:
    page_header(
        "Bevölkerungsprognose",
        "Wie viele Kinder, Jugendliche und Ältere leben in den nächsten Jahren in welchem Gebiet? "
        "Vorausberechnung für alle kleinräumigen Gebiete mit drei Varianten und Ihrem eigenen "
        "Szenario.",
    )
    data = load()
    views = [v for v in VIEWS if not (v == "rueckrechnung" and dp.one_date())]
    seed_from_url(data.middle(), data.years, data.levels, data.default_level, data.tree, views)
    show_url_notes()
    estimated = dp.estimated_inputs()
    if estimated:
        st.info("**Geschätzte Eingaben.** " + " ".join(f"{t}" for t in estimated))
    _view_part(data, views, choose_focus(data.scope.area_system))
    sources_footer()


@page_part
def _view_part(data: PageData, views: list[ViewKind], focus: Focus | None) -> None:
    """Everything below the sidebar's focus: a scenario slider reruns only this part."""
    view = view_controls(data, focus)
    shown = sections.shown(view, data)
    sections.metrics(shown)
    st.segmented_control("Ansicht", views, key=KEYS("ansicht"), format_func=view_label)
    set_part_params(**view.url())
    sections.SECTIONS[view.kind](shown)
    sections.downloads(shown)
    carry.link_to_bedarf(view)
    st.caption(shown.source)


run_guarded(body)
