"""Map block of "Bedarf und Angebot": both views side by side, or one large map (projector)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from components.maps import deck as maps
from indicators.access.model import gap_breaks
from pages.demand_supply import map as bmap
from pages.demand_supply import view

VIEWS = {"gebiet": "Versorgung im Gebiet", "einzug": "Erreichbarkeit mit Einzugsbereich"}


@dataclass(frozen=True)
class MapInput:
    """Everything the maps show for one rerun."""

    table: pd.DataFrame
    base_gaps: pd.Series
    names: pd.Series
    count_mode: bool
    system: str
    level: str
    fac: pd.DataFrame
    snapshot: tuple[str, str]
    service_name: str
    basemap: bool


def column_of(view_key: str, count_mode: bool) -> str:
    """Table column a view shows.

    >>> column_of("einzug", False), column_of("gebiet", True)
    ('acc_gap', 'n_facilities')
    """
    if count_mode:
        return "n_facilities" if view_key == "gebiet" else "acc_coverage_pct"
    return "gap" if view_key == "gebiet" else "acc_gap"


def _styled(m: MapInput, view_key: str, tips: pd.Series) -> tuple[pd.DataFrame, Any]:
    column = column_of(view_key, m.count_mode)
    if m.count_mode:
        cbreaks = view.count_breaks(m.table[column])
        return view.styled_count(m.table, column, cbreaks, tips), cbreaks
    breaks = gap_breaks(m.base_gaps)
    return view.styled_gap(m.table, column, breaks, tips), breaks


def legend(m: MapInput, view_key: str, breaks: Any) -> None:
    if m.count_mode:
        title = "Anzahl Einrichtungen" if view_key == "gebiet" else "Einrichtungen je 1.000 Bedarf"
        view.count_legend(breaks, title=title, unit="Anzahl Einrichtungen")
    else:
        maps.legend(view.gap_labels(breaks), view.GAP_RGB, title=VIEWS[view_key], unit="Plätze")


def one_map(
    m: MapInput, view_key: str, tips: pd.Series, *, key: str, height: int, zoom_shift: float
) -> tuple[Any, Any]:
    """Draw the map of one view; returns (selection event, class limits for the legend)."""
    styled, breaks = _styled(m, view_key, tips)
    deck = bmap.deck(
        m.system, m.level, styled, m.fac, m.snapshot,
        basemap=m.basemap, height=height, zoom_shift=zoom_shift,
    )  # fmt: skip
    event = maps.show_map(
        deck, key=key, selectable=True,
        alt=f"Karte: {VIEWS[view_key]} je {m.level}, {m.service_name}. "
        "Die Tabelle unten enthält dieselben Werte.",
    )  # fmt: skip
    return event, breaks


def side_by_side(m: MapInput, tips: pd.Series) -> list[Any]:
    """Both views next to each other, each with its title and legend."""
    events = []
    for col, view_key in zip(st.columns(2), VIEWS, strict=True):
        with col:
            st.markdown(f"**{VIEWS[view_key]}**")
            event, breaks = one_map(
                m, view_key, tips, key=f"ba.karte.{view_key}", height=470, zoom_shift=0.1
            )
            events.append(event)
            legend(m, view_key, breaks)
    st.caption(
        "Links zählen nur Plätze im Gebiet selbst, rechts alle Plätze im Einzugsbereich: "
        "Ein Gebiet ohne eigene Einrichtung kann von nebenan gut versorgt sein."
    )
    return events


def clicked_area(events: list[Any]) -> str | None:
    """A newly clicked area on any of the maps (each map remembers its last click)."""
    for i, event in enumerate(events):
        area = maps.selected_area(event)
        last = f"ba.last_click.{i}"
        if area and area != st.session_state.get(last):
            st.session_state[last] = area
            return area
    return None
