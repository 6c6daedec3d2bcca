"""What-if scenario of "Bedarf und Angebot": planned and closed facilities (session only).

The scenario lives in ``st.session_state`` (``ba.plan``, ``ba.zu``) and in the URL (``plan``,
``zu``); nothing is ever written to the store or to disk. Dropped URL entries are named in the
page's one note (``components.url_state.note``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from components.formatting import fmt_int
from components.fragment import page_part
from components.url_state import keep_in, note, raw_param, seed
from features.demand_supply import cache as d
from features.demand_supply.context import KEYS, DemandView
from features.demand_supply.plan import (
    CAPACITY_RANGE,
    MAX_ENTRIES,
    OPERATOR_CODES,
    PlanEntry,
    format_plan,
    parse_closures,
    parse_plan,
)
from indicators.access.whatif import PlannedFacility, apply_scenario

PLAN, CLOSED, PLAN_TYPE = KEYS("plan"), KEYS("zu"), KEYS("plan_type")


@dataclass(frozen=True, eq=False)
class Scenario:
    """The stored facilities, the facilities after the scenario, and what was changed."""

    stored: pd.DataFrame
    facilities: pd.DataFrame
    planned: tuple[PlannedFacility, ...]
    closed: tuple[str, ...]

    @property
    def active(self) -> bool:
        return bool(self.planned or self.closed)


def read_scenario(view: DemandView) -> Scenario:
    """The scenario of this rerun (URL on first run, then the session), validated."""
    service_type = view.service.service_type
    stored = d.system_facilities(view.system, service_type, view.snapshot)
    _init(service_type)
    planned = _planned_facilities(view.system)
    closed = _known_closures(stored)
    fac, _ = apply_scenario(stored, service_type, planned, closed)
    return Scenario(stored, fac, tuple(planned), tuple(closed))


def _init(service_type: str) -> None:
    """Read ``plan`` and ``zu`` from the URL once; a scenario belongs to one facility type."""
    if PLAN not in st.session_state:
        entries, notes = parse_plan(raw_param("plan"))
        ids, id_notes = parse_closures(raw_param("zu"))
        for text in notes:
            note("plan", text)
        for text in id_notes:
            note("zu", text)
        st.session_state[PLAN] = entries
        st.session_state[CLOSED] = ids
        st.session_state[PLAN_TYPE] = service_type
    if st.session_state.get(PLAN_TYPE) != service_type:
        if st.session_state[PLAN] or st.session_state[CLOSED]:
            st.toast("Das Planungsszenario gilt für eine andere Einrichtungsart und wurde geleert.")
        reset_scenario()
        st.session_state[PLAN_TYPE] = service_type


def reset_scenario() -> None:
    st.session_state[PLAN] = []
    st.session_state[CLOSED] = []


def _planned_facilities(system_code: str) -> list[PlannedFacility]:
    """Scenario entries with their lowest-level area; points outside every area are dropped."""
    out, keep = [], []
    for e in st.session_state[PLAN]:
        area = d.locate(system_code, e.lon, e.lat)
        if area is None:
            note(
                "plan",
                f"eine geplante Einrichtung ({e.lon:.4f}, {e.lat:.4f}) liegt außerhalb der Gebiete",
            )
            continue
        keep.append(e)
        out.append(PlannedFacility(e.lon, e.lat, float(e.capacity), e.operator_type, area))
    st.session_state[PLAN] = keep
    return out


def _known_closures(fac: pd.DataFrame) -> list[str]:
    """Closure ids present in ``fac``; unknown ones are dropped with a note."""
    known = set(fac["facility_id"].tolist())  # one C call, not Arrow iteration
    ids = st.session_state[CLOSED]
    unknown = [i for i in ids if i not in known]
    if unknown:
        note("zu", f"{len(unknown)} unbekannte Einrichtung(en) zum Schließen ignoriert")
        st.session_state[CLOSED] = [i for i in ids if i in known]
    return list(st.session_state[CLOSED])


def url_values() -> dict[str, str | None]:
    return {
        "plan": format_plan(st.session_state[PLAN]) or None,
        "zu": ",".join(st.session_state[CLOSED]) or None,
    }


def _add(centroids: pd.DataFrame) -> None:
    plan: list[PlanEntry] = st.session_state[PLAN]
    if len(plan) >= MAX_ENTRIES:
        st.session_state[KEYS("msg")] = f"Höchstens {MAX_ENTRIES} geplante Einrichtungen."
        return
    if st.session_state.get(KEYS("lage")) == "Koordinaten":
        lon, lat = float(st.session_state[KEYS("lon")]), float(st.session_state[KEYS("lat")])
    else:
        c = centroids.loc[st.session_state[KEYS("ort")]]
        lon, lat = float(c["centroid_lon"]), float(c["centroid_lat"])
    op = st.session_state[KEYS("traeger")]
    cap = int(st.session_state[KEYS("plaetze")])
    st.session_state[PLAN] = [*plan, PlanEntry(round(lon, 5), round(lat, 5), cap, op)]


def _close() -> None:
    fid = st.session_state.get(KEYS("schliessen"))
    ids: list[str] = st.session_state[CLOSED]
    if fid and fid not in ids and len(ids) < MAX_ENTRIES:
        st.session_state[CLOSED] = [*ids, fid]


def _place_widgets(areas: pd.DataFrame, unit: str) -> None:
    """Where the planned facility goes (area centroid or coordinates) and its size."""
    names = dict(zip(areas["area_id"].tolist(), areas["name"].astype(str).tolist(), strict=True))
    options = sorted(names, key=names.__getitem__)  # by name, as the list is read
    keep_in(KEYS("ort"), options, options[0])
    st.selectbox(
        "Gebiet (oder in die Karte klicken)",
        options,
        format_func=names.__getitem__,
        key=KEYS("ort"),
    )
    st.radio("Lage", ["Bedarfspunkt des Gebiets", "Koordinaten"], key=KEYS("lage"), horizontal=True)
    if st.session_state[KEYS("lage")] == "Koordinaten":
        c = areas.set_index("area_id").loc[st.session_state[KEYS("ort")]]
        seed(KEYS("lon"), round(float(c["centroid_lon"]), 5))
        seed(KEYS("lat"), round(float(c["centroid_lat"]), 5))
        a, b = st.columns(2)
        a.number_input("Länge (Grad Ost)", -180.0, 180.0, key=KEYS("lon"), format="%.5f")
        b.number_input("Breite (Grad Nord)", -90.0, 90.0, key=KEYS("lat"), format="%.5f")
    a, b = st.columns(2)
    seed(KEYS("plaetze"), 100)
    a.number_input(unit, CAPACITY_RANGE[0], CAPACITY_RANGE[1], step=10, key=KEYS("plaetze"))
    b.selectbox("Trägerart", list(OPERATOR_CODES.values()), key=KEYS("traeger"))


@page_part
def whatif_panel(areas: pd.DataFrame, fac: pd.DataFrame, leaf_map: pd.Series, unit: str) -> None:
    """Add a planned facility (area centroid or coordinates) or close one; list and reset.

    Choosing the area, the position, the places or the operator reruns only this panel
    (a fragment: maps and tables stay as they are); the buttons change the scenario and
    rerun the whole page.
    """
    _place_widgets(areas, unit)
    added = st.button(
        "Geplante Einrichtung hinzufügen", on_click=_add, args=(areas.set_index("area_id"),),
        key=KEYS("hinzu"), type="primary",
    )  # fmt: skip
    if msg := st.session_state.pop(KEYS("msg"), None):
        st.warning(msg)
    here = fac[fac["area_id"].map(leaf_map) == st.session_state[KEYS("ort")]]
    here = here[~here["facility_id"].isin(st.session_state[CLOSED])]
    if len(here):
        labels = dict(zip(here["facility_id"], here["name"], strict=True))
        caps = dict(zip(here["facility_id"], here["capacity"], strict=True))
        st.selectbox(
            "Bestehende Einrichtung in diesem Gebiet",
            list(labels),
            format_func=lambda f: f"{labels[f]} ({fmt_int(caps[f])} {unit})",
            key=KEYS("schliessen"),
        )
        closed = st.button("Diese Einrichtung schließen", on_click=_close, key=KEYS("zu_btn"))
    else:
        closed = False
        st.caption("In diesem Gebiet gibt es keine (weitere) Einrichtung zum Schließen.")
    reset = st.button("Szenario zurücksetzen", on_click=reset_scenario, key=KEYS("reset"))
    if added or closed or reset:  # the scenario changed: maps, figures and tables follow
        st.rerun(scope="app")


def scenario_list(s: Scenario) -> pd.DataFrame:
    """The planned and closed facilities as a table."""
    rows = [
        ("neu", f"Geplante Einrichtung {i}", fmt_int(p.capacity))
        for i, p in enumerate(s.planned, 1)
    ]
    ids = s.stored["facility_id"]
    names = dict(zip(ids, s.stored["name"], strict=True))
    caps = dict(zip(ids, s.stored["capacity"].to_numpy(dtype=float, na_value=np.nan), strict=True))
    rows += [("geschlossen", str(names[f]), fmt_int(caps[f])) for f in s.closed]
    return pd.DataFrame(rows, columns=["Änderung", "Einrichtung", "Plätze"])


def scenario_panel(s: Scenario, areas: pd.DataFrame, leaf_map: pd.Series, unit: str) -> None:
    st.markdown("**Planungsszenario**")
    whatif_panel(areas, s.facilities, leaf_map, unit)
    if s.active:
        st.dataframe(scenario_list(s), hide_index=True, width="stretch")
