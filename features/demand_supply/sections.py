"""Map block of "Bedarf und Angebot": both views side by side, or one large map (projector)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from components import charts
from components.focus import Focus
from components.formatting import fmt_date, fmt_int
from components.maps import deck as maps
from features.demand_supply import map as bmap
from features.demand_supply import view
from features.demand_supply.context import KEYS, VIEWS, DemandView, MapView, ViewKey
from features.demand_supply.results import Areas, Result
from features.demand_supply.scenario import Scenario, scenario_panel
from indicators.access.classes import count_breaks, gap_breaks
from indicators.frame_memo import remember


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
    estimated: bool = False
    places: bool = True
    #: the sidebar focus: the maps zoom to it, the picture export shows only its areas
    focus: Focus | None = None


def map_input(
    dv: DemandView,
    mv: MapView,
    res: Result,
    scen: Scenario,
    areas: Areas,
    focus: Focus | None = None,
) -> MapInput:
    return MapInput(
        res.table, res.base.table["gap"], areas.names, dv.count_mode, dv.system, dv.level,
        scen.facilities, (dv.service.service_type, dv.snapshot), dv.service.name,
        mv.basemap, dv.estimated, dv.places_known and not dv.count_mode, focus,
    )  # fmt: skip


def map_block(
    dv: DemandView,
    mv: MapView,
    res: Result,
    scen: Scenario,
    areas: Areas,
    focus: Focus | None = None,
) -> None:
    """The maps (side by side or one large one), their exports and the scenario panel."""
    m = map_input(dv, mv, res, scen, areas, focus)
    tips = view_tips(m)
    if focus is not None:
        st.caption(
            f"Blasse Gebiete liegen außerhalb des Fokus {focus.name}: zur Orientierung gezeigt "
            "(Einzugsbereiche reichen über die Grenze), in Kennzahlen und Rangfolge nicht gezählt."
        )
    source = charts.source_line({"source": dv.source(), "data_date": fmt_date(dv.snapshot)})
    if mv.layout == "zwei":
        events = side_by_side(m, tips)
        for col, key in zip(st.columns(2), VIEWS, strict=True):
            with col:
                export_menu(m, key, source)
        st.caption(source)
        view.operator_legend(m.places)
        take_click(events)
        with st.container(border=True):
            left, _ = st.columns(2)
            with left:
                scenario_panel(scen, areas.at_level, areas.leaf_map, dv.unit)
        return
    left, right = st.columns([3, 1])
    with left:
        event, breaks = one_map(m, mv.view_key, tips, key=KEYS("karte"), height=600, zoom_shift=0.4)
        st.caption(source)
    take_click([event])
    with right:
        legend(m, mv.view_key, breaks)
        export_menu(m, mv.view_key, source)
        view.operator_legend(m.places)
        scenario_panel(scen, areas.at_level, areas.leaf_map, dv.unit)


def _same(m: MapInput) -> tuple[Any, ...]:
    """What the maps' derived tables depend on besides the result table itself."""
    return (m.system, m.level, m.count_mode, m.estimated, m.focus)


def view_tips(m: MapInput) -> pd.Series:
    """Tooltip per area; derived once per shared result table (``frame_memo``, #17)."""
    return remember(
        m.table,
        ("tips", *_same(m)),
        lambda: view.area_tooltips(m.table, m.names, m.count_mode, m.estimated),
    )


def export_menu(m: MapInput, view_key: ViewKey, source: str) -> None:
    """Export menu of the map of ``view_key``: picture of the areas, table of the classes."""
    column = column_of(view_key, m.count_mode)
    bmap.export_menu(m, column, VIEWS[view_key], key=KEYS(f"karte.{view_key}.bild"), source=source)


def take_click(events: list[Any]) -> None:
    """A click on a map selects the area in the planning panel (drawn after the maps)."""
    if clicked := clicked_area(events):
        st.session_state[KEYS("ort")] = clicked


def column_of(view_key: ViewKey, count_mode: bool) -> str:
    """Table column a view shows.

    >>> column_of("einzug", False), column_of("gebiet", True)
    ('acc_gap', 'n_facilities')
    """
    if count_mode:
        return "n_facilities" if view_key == "gebiet" else "acc_coverage_pct"
    return "gap" if view_key == "gebiet" else "acc_gap"


def _styled(m: MapInput, view_key: ViewKey, tips: pd.Series) -> tuple[pd.DataFrame, Any]:
    """Fill and tooltip per area and the class limits, once per shared result table."""
    return remember(
        m.table, ("styled", view_key, *_same(m)), lambda: _styled_now(m, view_key, tips)
    )


def _styled_now(m: MapInput, view_key: ViewKey, tips: pd.Series) -> tuple[pd.DataFrame, Any]:
    column = column_of(view_key, m.count_mode)
    if m.count_mode:
        cbreaks = count_breaks(m.table[column])
        return _faded_outside(view.styled_count(m.table, column, cbreaks, tips), m), cbreaks
    breaks = gap_breaks(m.base_gaps)
    return _faded_outside(view.styled_gap(m.table, column, breaks, tips), m), breaks


#: share of white mixed into the fill of an area outside the focus (context, not the subject)
FADE = 0.7


def _faded_outside(styled: pd.DataFrame, m: MapInput) -> pd.DataFrame:
    """With a focus, the areas around it stay on the map for orientation (catchments cross
    its border) but pale, and their tooltip says they lie outside; the figures count only
    the areas inside."""
    if m.focus is None or styled.empty:
        return styled
    inside = styled["area_id"].isin(m.focus.ids_at(m.level)).to_numpy()
    out = styled.copy()
    out["fill"] = [
        f if keep else tuple(round(c * (1 - FADE) + 255 * FADE) for c in f)
        for f, keep in zip(out["fill"], inside, strict=True)
    ]
    out["tooltip"] = [
        t if keep else f"außerhalb des Fokus {html.escape(m.focus.name)}<br/>{t}"
        for t, keep in zip(out["tooltip"], inside, strict=True)
    ]
    return out


def legend(m: MapInput, view_key: ViewKey, breaks: Any) -> None:
    if m.count_mode:
        title = "Anzahl Einrichtungen" if view_key == "gebiet" else "Einrichtungen je 1.000 Bedarf"
        view.count_legend(breaks, title=title, unit="Anzahl Einrichtungen")
    else:
        maps.legend(view.gap_labels(breaks), view.GAP_RGB, title=VIEWS[view_key], unit="Plätze")


def one_map(
    m: MapInput, view_key: ViewKey, tips: pd.Series, *, key: str, height: int, zoom_shift: float
) -> tuple[Any, Any]:
    """Draw the map of one view; returns (selection event, class limits for the legend)."""
    styled, breaks = _styled(m, view_key, tips)
    deck = bmap.deck(
        m.system, m.level, styled, m.fac, m.snapshot,
        basemap=m.basemap, height=height, zoom_shift=zoom_shift, focus=m.focus,
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
                m, view_key, tips, key=KEYS(f"karte.{view_key}"), height=470, zoom_shift=0.1
            )
            events.append(event)
            legend(m, view_key, breaks)
    unit = "Einrichtungen" if m.count_mode else "Plätze"
    st.caption(
        f"Links zählen nur {unit} im Gebiet selbst, rechts alle {unit} im Einzugsbereich: "
        "Ein Gebiet ohne eigene Einrichtung kann von nebenan gut versorgt sein."
    )
    return events


def clicked_area(events: list[Any]) -> str | None:
    """A newly clicked area on any of the maps (each map remembers its last click)."""
    for i, event in enumerate(events):
        area = maps.selected_area(event)
        last = KEYS(f"last_click.{i}")
        if area and area != st.session_state.get(last):
            st.session_state[last] = area
            return area
    return None


def ranking_note(table: pd.DataFrame, names: pd.Series, column: str, level: str, label: str) -> str:
    """The ranking in words when no area of the level has a Fehlbedarf (no bars to draw).

    ``column`` holds supply − demand (places); ``label`` names the view.

    >>> t = pd.DataFrame({"area_id": ["a", "b"], "gap": [961.4, 12.6]})
    >>> ranking_note(t, pd.Series({"a": "Mitte", "b": "Pankow"}), "gap", "Bezirk", "im Gebiet")
    'Kein Gebiet der Ebene „Bezirk“ hat Fehlbedarf (im Gebiet): Überall gibt es mindestens so viele Plätze wie Bedarf. Kleinster Überschuss: Pankow mit 13 Plätzen.'
    >>> t = pd.DataFrame({"area_id": ["a"], "gap": [float("nan")]})
    >>> ranking_note(t, pd.Series({"a": "Mitte"}), "gap", "Bezirk", "im Gebiet")
    'Für kein Gebiet der Ebene „Bezirk“ lässt sich der Fehlbedarf (im Gebiet) berechnen: Es fehlen Platz- oder Einwohnerzahlen.'
    """
    known = table.dropna(subset=[column])
    if known.empty:
        return (
            f"Für kein Gebiet der Ebene „{level}“ lässt sich der Fehlbedarf ({label}) "
            "berechnen: Es fehlen Platz- oder Einwohnerzahlen."
        )
    low = known.sort_values(column).iloc[0]
    name = names.get(low["area_id"], low["area_id"])
    return (
        f"Kein Gebiet der Ebene „{level}“ hat Fehlbedarf ({label}): Überall gibt es mindestens "
        f"so viele Plätze wie Bedarf. Kleinster Überschuss: {name} mit "
        f"{fmt_int(float(low[column]))} Plätzen."
    )
