"""Bedarf und Angebot: coverage and gaps per area, catchment access (E2SFCA), what-if scenarios.

The page only wires widgets to functions: ``controls`` builds the typed view from the URL and
the widgets, ``scenario`` the what-if scenario, ``results`` the numbers; ``texts``,
``sections`` (maps) and ``outputs`` (ranking, table, snapshots) show them.
"""

from __future__ import annotations

import streamlit as st

from components.errors import run_guarded
from components.focus import choose_focus, url_of
from components.layout import page_header, sources_footer
from components.url_state import set_params, show_url_notes
from features.demand_supply import cache as d
from features.demand_supply import controls as ctl
from features.demand_supply import outputs, partial, results, sections, texts
from features.demand_supply import scenario as sc
from indicators.access.balance import reusing_bands


def body() -> None:
    page_header(
        "Bedarf und Angebot",
        "Wie viele Plätze werden je Gebiet gebraucht, wie viele gibt es – und was ändert eine neue "
        "oder geschlossene Einrichtung?",
    )
    services, detour = d.service_types()
    view = ctl.demand_view(services, detour.value)
    focus = choose_focus(view.system)
    if not (view.has_facilities and view.has_population):  # a package without them
        show_url_notes()
        partial.show(view, results.areas_of(view))
        set_params(**view.url(), **url_of(focus))
        sources_footer()
        return
    scen = sc.read_scenario(view)
    ctl.seed_map_view()
    ctl.seed_comparison()
    show_url_notes()  # the one note on everything the link held that was not taken

    areas = results.areas_of(view)
    res = results.compute_result(view, scen, areas)
    shown, in_focus = results.narrow(res, areas, focus, view.level)
    if focus:
        st.caption(f"Fokus: {focus.label} – Kennzahlen, Rangfolge und Tabelle nur für die "
                   f"{len(in_focus.names)} Gebiete der Ebene „{view.level}“ darin.")  # fmt: skip
    texts.notices(view, scen, shown)
    maps = ctl.map_view()
    sections.map_block(view, maps, res, scen, areas, focus)
    texts.method_note(view, res.out, detour.rationale)
    outputs.ranking_and_table(view, maps, shown, in_focus)
    compared = outputs.snapshot_section(view, in_focus)
    set_params(**view.url(), **maps.url(), **sc.url_values(), **url_of(focus), entwicklung=compared)
    sources_footer()


def page() -> None:
    with reusing_bands():  # populations of the store's caches are never changed in place
        body()


run_guarded(page)
