"""Sozialräume vergleichen: map and ranking, area profile, social index, typology, hot spots."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import cache as data
from components.errors import run_guarded
from components.layout import page_header, sources_footer
from components.url_state import set_params, show_url_notes
from features.areas.choose import choose_section, choose_view
from features.areas.context import AreaView, Params, Section
from features.areas.hotspots import hotspots
from features.areas.profile import profile
from features.areas.ranking import section_map
from features.areas.social_index import social_index
from features.areas.typology import typology

HANDLERS: dict[Section, Callable[[AreaView], Params]] = {
    "karte": section_map,
    "profil": profile,
    "index": social_index,
    "typen": typology,
    "hotspots": hotspots,
}


def body() -> None:
    place = data.home().place
    page_header(
        "Sozialräume vergleichen",
        f"Wo ballen sich Bedarfe? Karten, Rangfolgen und Profile der Gebiete von {place} – "
        "mit einem Sozialindex aus Indikatoren Ihrer Wahl.",
    )
    notes = st.empty()
    view = choose_view()
    if view is None:
        with notes.container():
            show_url_notes()
        sources_footer()
        return
    if view.focus is not None:  # also on a phone, where the sidebar starts closed
        st.caption(
            f"Fokus: {view.focus.label} – Karte, Rangfolge und Tabellen zeigen nur die Gebiete "
            f"der Ebene „{view.level}“ darin; Bezugswert ist {view.ref_name}."
        )
    section = choose_section()
    params = HANDLERS[section](view)
    set_params(**view.url_params(), bereich=section, **params)
    with notes.container():
        show_url_notes()
    sources_footer()


run_guarded(body)
