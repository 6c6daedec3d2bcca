"""The widgets above the charts of the page Bevölkerungsprognose, read into one view.

Level, area and end year; the scenario (:mod:`features.projection.controls`); the housing
projects. :func:`view_controls` draws them and returns the :class:`ProjectionView`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from components.focus import Focus, ancestor_chains
from components.formatting import fmt_int
from components.url_state import keep_in
from data_layer.keys import store_area_id
from features.projection import cache as dp
from features.projection import controls as pc
from features.projection.context import PageData
from features.projection.housing import MAX_HOUSING, format_housing, parse_housing
from features.projection.state import KEYS, ProjectionView, read_view


def view_controls(data: PageData, focus: Focus | None) -> ProjectionView:
    """Draw the widgets above the charts; the view they (and the widget state) describe.

    ``focus``: the sidebar's choice (:func:`choose_focus`, drawn by the page outside its part).
    """
    place = data.scope.place  # the scenario is the Kommune's, also with a focus
    level, names, end_year = _area_row(data, focus)
    with st.expander("Annahmen Ihres Szenarios", expanded=True):
        settings = pc.scenario_sliders(data.params, end_year, data.volumes, data.period_text, place)
        middle = dp.middle_total(end_year, data.levels[0], settings.migration_pattern)
        control, target = pc.control_choice(middle, place)
    with st.expander("Neubauvorhaben (optional)"):
        finest = data.areas(data.scope.level).sort_values("name")  # anywhere in the Kommune
        housing_form(finest, data.years[: end_year - data.base_year], data.scope.level)
    local = str(st.session_state[KEYS("gebiet")])
    view = read_view(
        level=level,
        local=local,
        area_id=store_area_id(data.scope.area_system, local) if local else None,
        place=names.get(local, focus.name if focus else place),
        settings=dataclasses.replace(
            settings, housing=str(st.session_state.get(KEYS("neubau"), ""))
        ),
        control=control,
        target=target,
    )
    return dataclasses.replace(view, focus=focus)


def _area_row(data: PageData, focus: Focus | None = None) -> tuple[str, dict[str, str], int]:
    """Level, area and end year; returns the level, its areas (local key → name), the end year.

    The area list names every coarser area of each area (a search for a Bezirk finds all areas
    in it); with a focus it holds only the areas in the focus, "insgesamt" is the focus.
    """
    c1, c2, c3 = st.columns([1, 2, 1])
    level = str(c1.selectbox("Ebene für Karte und Tabelle", data.levels, key=KEYS("ebene")))
    rows = data.areas(level)
    if focus is not None:
        rows = rows[rows["area_id"].isin(focus.ids_at(level))]
    names = {
        str(k): str(v)
        for k, v in zip(rows["local_id"].tolist(), rows["name"].tolist(), strict=True)
    }
    chains = _chains(data.scope.area_system, level, rows)
    whole = f"{focus.name if focus else data.scope.place} insgesamt"
    keep_in(KEYS("gebiet"), ["", *names], "")
    c2.selectbox(
        "Gebiet für die Grafiken",
        ["", *sorted(names, key=lambda k: (names[k], k))],
        key=KEYS("gebiet"),
        format_func=lambda k: whole if k == "" else f"{names[k]} ({k}{chains.get(k, '')})",
    )
    end_year = int(c3.select_slider("Endjahr", data.years, key=KEYS("ende")))
    return level, names, end_year


def _chains(system_code: str, level: str, rows: pd.DataFrame) -> dict[str, str]:
    """Local key → ``", Bezirk · Bezirksregion"``: the names of its coarser areas."""
    chains = ancestor_chains(system_code, level)
    return {
        str(local): ", " + chains[area_id]
        for area_id, local in zip(rows["area_id"].tolist(), rows["local_id"].tolist(), strict=True)
        if area_id in chains
    }


def housing_form(plr: pd.DataFrame, years: list[int], level: str) -> None:
    """A small form to add a housing project in an area of ``level``; the list lives in ``proj.neubau``."""
    names = dict(zip(plr["local_id"], plr["name"], strict=True))
    current = parse_housing(st.session_state.get(KEYS("neubau"), ""), {k: k for k in names})
    if current:
        table = pd.DataFrame(
            {
                level: [names[h.area_id] for h in current],
                "Jahr": [str(h.year) for h in current],
                "Wohnungen": [fmt_int(h.dwellings) for h in current],
                "Personen je Wohnung": [f"{h.occupancy:.2f}".replace(".", ",") for h in current],
                "Zuzug": [fmt_int(h.dwellings * h.occupancy) for h in current],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
        if st.button("Alle Neubauvorhaben entfernen", key=KEYS("neubau.clear")):
            st.session_state[KEYS("neubau")] = ""
            st.rerun()
    with st.form(KEYS("neubau.form"), clear_on_submit=False):
        c1, c2, c3, c4 = st.columns([3, 1, 1, 1])
        local = c1.selectbox(level, list(names), format_func=lambda k: f"{names[k]} ({k})")
        year = c2.selectbox("Fertigstellung", years)
        dwellings = c3.number_input("Wohnungen", min_value=1, max_value=20_000, value=100, step=10)
        occ = c4.number_input(
            "Personen je Wohnung (Annahme)", min_value=0.5, max_value=6.0, value=2.0, step=0.1,
            help="Ihre Annahme; bitte an das Vorhaben anpassen (Wohnungsgrößen, Zielgruppe).",
        )  # fmt: skip
        if st.form_submit_button("Neubauvorhaben hinzufügen") and len(current) < MAX_HOUSING:
            items = [(h.area_id, h.year, int(h.dwellings), h.occupancy) for h in current]
            items.append((str(local), int(year), int(dwellings), float(np.round(occ, 2))))
            st.session_state[KEYS("neubau")] = format_housing(items)
            st.rerun()
