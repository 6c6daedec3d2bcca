"""Focus on a part of the Kommune: one sidebar choice every page applies (URL ``fokus``).

"Fokus" lists "Ganze Kommune" and every area of the levels between the Kommune as a whole and
the finest level (a Bezirk, a Bezirksregion, a Stadtteil, a Kreis …), labelled "Name (Ebene)";
the level names come from the store. A page narrows its maps, rankings, tables, headline
figures and exports to :meth:`Focus.ids_at` and names :attr:`Focus.label` in its exports.

The choice is kept per area system in the session (it follows the user from page to page) and
written into the URL by the page (``fokus=<area_id>``); an unknown id in a link falls back to
the whole Kommune with the usual German note. A system with fewer than three levels has no
coarser part to focus on: no control, no note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import shapely
import streamlit as st

from components import cache as data
from components.maps.frame import framing_bounds
from components.maps.geometry import Feature, area_features, view_for, view_of
from components.url_state import StateKeys, seed_choice
from data_layer.read import focus as qf

KEYS = StateKeys("fokus")
URL_NAME = "fokus"
WHOLE = ""
WHOLE_LABEL = "Ganze Kommune"
HELP = (
    "Engt die Seite auf einen Teil der Kommune ein: Karte, Rangfolge, Tabellen, Kennzahlen "
    "und Exporte zeigen nur die Gebiete darin. Tippen Sie einen Namen ein."
)


@dataclass(frozen=True)
class Focus:
    """The chosen focus area of one area system."""

    system: str
    area_id: str
    name: str
    level: str
    rank: int

    @property
    def label(self) -> str:
        """``"Neukölln (Bezirk)"`` – as in the selectbox, the exports and the notes."""
        return f"{self.name} ({self.level})"

    def ids_at(self, level: str) -> frozenset[str]:
        """Ids of the areas of ``level`` inside the focus (the containing area if coarser)."""
        return frozenset(areas_below(self.area_id, level))

    def url(self) -> dict[str, str | None]:
        return {URL_NAME: self.area_id}


@st.cache_data(show_spinner=False)
def focus_areas(system_code: str) -> pd.DataFrame:
    """Areas a page of ``system_code`` can be narrowed to (see :func:`qf.focus_areas`)."""
    return qf.focus_areas(data.connection(), system_code)


@st.cache_data(show_spinner=False, max_entries=256)
def areas_below(focus_id: str, level: str) -> tuple[str, ...]:
    return tuple(qf.areas_below(data.connection(), focus_id, level))


@st.cache_data(show_spinner=False, max_entries=32)
def ancestor_columns(system_code: str, level: str) -> pd.DataFrame:
    """area_id → one column per coarser level (named like the level) with the ancestor's name.

    The Kommune as a whole is left out; columns run from coarse to fine.
    """
    anc = qf.ancestors(data.connection(), system_code, level)
    if anc.empty:
        return pd.DataFrame(index=pd.Index([], name="area_id"))
    order = anc.sort_values("level_rank")["level"].drop_duplicates().tolist()
    wide = anc.pivot_table(
        index="area_id", columns="level", values="ancestor_name", aggfunc="first"
    )
    return wide.reindex(columns=order)


@st.cache_resource(show_spinner=False, max_entries=32)
def ancestor_chains(system_code: str, level: str) -> dict[str, str]:
    """area_id → names of every coarser area, coarse to fine, no repeats ("Bezirk · Region"):
    a search in an area list for a Bezirk finds every area in it. Shared and read-only."""
    anc = ancestor_columns(system_code, level)
    chains = {
        str(a): " · ".join(dict.fromkeys(str(n) for n in row if isinstance(n, str)))
        for a, row in zip(anc.index.tolist(), anc.itertuples(index=False), strict=True)
    }
    return {a: text for a, text in chains.items() if text}


def features_in(system_code: str, level: str, focus: Focus | None) -> tuple[Feature, ...]:
    """Display geometries of ``level`` (only those in the focus, if any)."""
    feats = area_features(system_code, level)
    if focus is None:
        return feats
    ids = focus.ids_at(level)
    return tuple(f for f in feats if f[0] in ids)


@st.cache_data(show_spinner=False, max_entries=64)
def _focus_view(system_code: str, level: str, focus_id: str) -> dict[str, float]:
    ids = set(areas_below(focus_id, level))
    feats = [f for f in area_features(system_code, level) if f[0] in ids]
    if not feats:
        return dict(view_for(system_code, level))
    return view_of(framing_bounds([shapely.from_geojson(json.dumps(f[3])) for f in feats]))


def map_view(system_code: str, level: str, focus: Focus | None) -> dict[str, float]:
    """Centre and zoom of a map of ``level``: the focus areas, else the whole level."""
    if focus is None:
        return dict(view_for(system_code, level))
    return dict(_focus_view(system_code, level, focus.area_id))


def option_labels(system_code: str) -> dict[str, str]:
    """area_id → ``"Name (Ebene)"`` of every focus area (``""`` → "Ganze Kommune")."""
    fa = focus_areas(system_code)
    return {WHOLE: WHOLE_LABEL} | {
        str(r.area_id): f"{r.name} ({r.level})" for r in fa.itertuples(index=False)
    }


def seed_focus(system_code: str) -> None:
    """Take ``fokus`` from the URL now (a bad value is noted at once), before the page shows
    its URL notes; :func:`choose_focus` draws the control later."""
    fa = focus_areas(system_code)
    if not fa.empty:
        seed_choice(KEYS(system_code), list(option_labels(system_code)), URL_NAME, WHOLE)


def choose_focus(system_code: str) -> Focus | None:
    """The sidebar selectbox "Fokus" of ``system_code``; None = the whole Kommune (or no
    coarser level in the store: then no control is drawn)."""
    fa = focus_areas(system_code)
    if fa.empty:
        return None
    labels = option_labels(system_code)
    options = list(labels)
    key = KEYS(system_code)
    seed_choice(key, options, URL_NAME, WHOLE)
    with st.sidebar:
        chosen = st.selectbox(
            "Fokus", options, format_func=lambda a: labels.get(a, a), key=key, help=HELP
        )
    if not chosen:
        return None
    row = fa[fa["area_id"] == chosen].iloc[0]
    return Focus(
        system_code, str(chosen), str(row["name"]), str(row["level"]), int(row["level_rank"])
    )


def url_of(focus: Focus | None) -> dict[str, str | None]:
    """The URL part of a focus (removes ``fokus`` when the whole Kommune is shown)."""
    return {URL_NAME: focus.area_id if focus else None}


def restrict(
    frame: pd.DataFrame, focus: Focus | None, level: str, column: str | None = "area_id"
) -> pd.DataFrame:
    """Rows of ``frame`` whose ``column`` (or index, if ``column`` is None) lies in the focus."""
    if focus is None:
        return frame
    ids = focus.ids_at(level)
    keys = frame.index if column is None else pd.Index(frame[column])
    out: pd.DataFrame = frame.loc[keys.isin(ids)]
    out.attrs = dict(frame.attrs)
    return out


def caption(focus: Focus | None) -> str:
    """Title/footer suffix of exports: ``" – Fokus: Neukölln (Bezirk)"`` (empty without)."""
    return f" – Fokus: {focus.label}" if focus else ""
