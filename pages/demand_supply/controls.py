"""Widgets and URL state of "Bedarf und Angebot": settings, what-if panel (session only).

The scenario (planned and closed facilities) lives in ``st.session_state`` and
in the URL (``plan``, ``zu``); nothing is ever written to the store or to disk.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.formatting import fmt_date, fmt_int
from components.url_state import choice_param
from indicators.access.whatif import PlannedFacility
from pages.demand_supply import cache as d
from pages.demand_supply.plan import (
    CAPACITY_RANGE,
    MAX_ENTRIES,
    OPERATOR_CODES,
    PlanEntry,
    format_plan,
    parse_closures,
    parse_number,
    parse_plan,
)
from pages.projection.api import VARIANT_DE

NOTES = "ba._notes"
#: variant as shown and in the URL → key of the projection
VARIANT_OF = {de: key for key, de in VARIANT_DE.items()}


def note(text: str) -> None:
    """Remember a German note about an ignored URL part (shown once)."""
    notes: list[str] = st.session_state.setdefault(NOTES, [])
    if text not in notes:
        notes.append(text)


def show_notes() -> None:
    notes: list[str] = st.session_state.pop(NOTES, [])
    if notes:
        st.info("Aus dem Link wurde nicht alles übernommen: " + "; ".join(notes) + ".")


def init(key: str, value: object) -> None:
    """Set a widget's start value once per session (from the URL or the default)."""
    if key not in st.session_state:
        st.session_state[key] = value


def ensure(key: str, options: list[str], default: str) -> None:
    """Keep a select widget's state inside its current options."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def number_from_url(name: str, lo: float, hi: float, default: float) -> float:
    raw = st.query_params.get(name)
    value = parse_number(raw, lo, hi)
    if raw is not None and value is None:
        note(f"„{name}“ ist keine Zahl zwischen {lo:g} und {hi:g}")
    return default if value is None else value


def init_scenario(service_type: str) -> None:
    """Read ``plan`` and ``zu`` from the URL once; a scenario belongs to one facility type."""
    if "ba.plan" not in st.session_state:
        entries, notes = parse_plan(st.query_params.get("plan"))
        ids, id_notes = parse_closures(st.query_params.get("zu"))
        for n in notes + id_notes:
            note(n)
        st.session_state["ba.plan"] = entries
        st.session_state["ba.zu"] = ids
        st.session_state["ba.plan_type"] = service_type
    if st.session_state.get("ba.plan_type") != service_type:
        if st.session_state["ba.plan"] or st.session_state["ba.zu"]:
            st.toast("Das Planungsszenario gilt für eine andere Einrichtungsart und wurde geleert.")
        reset_scenario()
        st.session_state["ba.plan_type"] = service_type


def reset_scenario() -> None:
    st.session_state["ba.plan"] = []
    st.session_state["ba.zu"] = []


def planned_facilities(system_code: str) -> list[PlannedFacility]:
    """Scenario entries with their lowest-level area; points outside every area are dropped."""
    out, keep = [], []
    for e in st.session_state["ba.plan"]:
        area = d.locate(system_code, e.lon, e.lat)
        if area is None:
            note(
                f"eine geplante Einrichtung ({e.lon:.4f}, {e.lat:.4f}) liegt außerhalb der Gebiete"
            )
            continue
        keep.append(e)
        out.append(PlannedFacility(e.lon, e.lat, float(e.capacity), e.operator_type, area))
    st.session_state["ba.plan"] = keep
    return out


def known_closures(fac: pd.DataFrame) -> list[str]:
    """Closure ids present in ``fac``; unknown ones are dropped with a note."""
    known = set(fac["facility_id"])
    ids = st.session_state["ba.zu"]
    unknown = [i for i in ids if i not in known]
    if unknown:
        note(f"{len(unknown)} unbekannte Einrichtung(en) zum Schließen ignoriert")
        st.session_state["ba.zu"] = [i for i in ids if i in known]
    return list(st.session_state["ba.zu"])


def url_values() -> dict[str, str | None]:
    return {
        "plan": format_plan(st.session_state["ba.plan"]) or None,
        "zu": ",".join(st.session_state["ba.zu"]) or None,
    }


def _add(centroids: pd.DataFrame) -> None:
    plan: list[PlanEntry] = st.session_state["ba.plan"]
    if len(plan) >= MAX_ENTRIES:
        st.session_state["ba.msg"] = f"Höchstens {MAX_ENTRIES} geplante Einrichtungen."
        return
    if st.session_state.get("ba.lage") == "Koordinaten":
        lon, lat = float(st.session_state["ba.lon"]), float(st.session_state["ba.lat"])
    else:
        c = centroids.loc[st.session_state["ba.ort"]]
        lon, lat = float(c["centroid_lon"]), float(c["centroid_lat"])
    op = st.session_state["ba.traeger"]
    cap = int(st.session_state["ba.plaetze"])
    st.session_state["ba.plan"] = [*plan, PlanEntry(round(lon, 5), round(lat, 5), cap, op)]


def _close() -> None:
    fid = st.session_state.get("ba.schliessen")
    ids: list[str] = st.session_state["ba.zu"]
    if fid and fid not in ids and len(ids) < MAX_ENTRIES:
        st.session_state["ba.zu"] = [*ids, fid]


def whatif_panel(
    areas: pd.DataFrame,
    fac: pd.DataFrame,
    leaf_map: pd.Series,
    unit: str,
    on_reset: Callable[[], None],
) -> None:
    """Add a planned facility (area centroid or coordinates) or close one; list and reset."""
    names = areas.set_index("area_id")["name"]
    options = areas.sort_values("name")["area_id"].tolist()
    ensure("ba.ort", options, options[0])
    st.selectbox("Gebiet (oder in die Karte klicken)", options, format_func=names.get, key="ba.ort")
    st.radio("Lage", ["Mittelpunkt des Gebiets", "Koordinaten"], key="ba.lage", horizontal=True)
    if st.session_state["ba.lage"] == "Koordinaten":
        c = areas.set_index("area_id").loc[st.session_state["ba.ort"]]
        init("ba.lon", round(float(c["centroid_lon"]), 5))
        init("ba.lat", round(float(c["centroid_lat"]), 5))
        a, b = st.columns(2)
        a.number_input("Länge (Grad Ost)", -180.0, 180.0, key="ba.lon", format="%.5f")
        b.number_input("Breite (Grad Nord)", -90.0, 90.0, key="ba.lat", format="%.5f")
    a, b = st.columns(2)
    init("ba.plaetze", 100)
    a.number_input(unit, CAPACITY_RANGE[0], CAPACITY_RANGE[1], step=10, key="ba.plaetze")
    b.selectbox("Trägerart", list(OPERATOR_CODES.values()), key="ba.traeger")
    st.button(
        "Geplante Einrichtung hinzufügen",
        on_click=_add,
        args=(areas.set_index("area_id"),),
        key="ba.hinzu",
        type="primary",
    )
    if msg := st.session_state.pop("ba.msg", None):
        st.warning(msg)
    here = fac[fac["area_id"].map(leaf_map) == st.session_state["ba.ort"]]
    here = here[~here["facility_id"].isin(st.session_state["ba.zu"])]
    if len(here):
        labels = dict(zip(here["facility_id"], here["name"], strict=True))
        caps = dict(zip(here["facility_id"], here["capacity"], strict=True))
        st.selectbox(
            "Bestehende Einrichtung in diesem Gebiet",
            list(labels),
            format_func=lambda f: f"{labels[f]} ({fmt_int(caps[f])} {unit})",
            key="ba.schliessen",
        )
        st.button("Diese Einrichtung schließen", on_click=_close, key="ba.zu_btn")
    else:
        st.caption("In diesem Gebiet gibt es keine (weitere) Einrichtung zum Schließen.")
    st.button("Szenario zurücksetzen", on_click=on_reset, key="ba.reset")


BASES = {"register": "Einwohnerregister", "prognose": "Bevölkerungsprognose"}
LAYOUTS = {"zwei": "nebeneinander (im Gebiet | mit Einzugsbereich)", "eine": "eine große Karte"}


def basis_widgets(
    periods: list[str], years: list[int], projection: bool
) -> tuple[str, str, int | None, str | None]:
    """Population basis: register Stichtag, or projection year and variant (URL: grundlage,
    stichtag, jahr, variante). Returns ``(kind, period, year, variant)``."""
    kinds = list(BASES) if projection and years else ["register"]
    init("ba.grundlage", choice_param("grundlage", kinds, "register"))
    ensure("ba.grundlage", kinds, "register")
    kind = st.selectbox(
        "Bevölkerung", kinds, format_func=BASES.get, key="ba.grundlage",
        help="Einwohnerregister: gemeldete Einwohner/innen am Stichtag. Bevölkerungsprognose: "
        "dieselbe Vorausberechnung wie auf der Seite „Bevölkerungsprognose“ (31.12. des Jahres).",
    )  # fmt: skip
    init("ba.stichtag", choice_param("stichtag", periods, periods[-1]))
    ensure("ba.stichtag", periods, periods[-1])
    if kind == "register":
        period = st.selectbox(
            "Stichtag", periods, format_func=fmt_date, key="ba.stichtag",
            help="Nur Stichtage, an denen die Altersgruppe genau abgegrenzt werden kann.",
        )  # fmt: skip
        return "register", str(period), None, None
    texts = [str(y) for y in years]
    default_year = "2030" if "2030" in texts else texts[0]
    init("ba.jahr", int(choice_param("jahr", texts, default_year)))
    init("ba.variante", choice_param("variante", list(VARIANT_OF), "mittel"))
    a, b = st.columns(2)
    year = a.selectbox("Prognosejahr", years, key="ba.jahr")
    variant_de = b.selectbox("Variante", list(VARIANT_OF), key="ba.variante")
    return "prognose", str(st.session_state["ba.stichtag"]), int(year), VARIANT_OF[variant_de]


def url_basis(basis: tuple[str, str, int | None, str | None]) -> dict[str, str | None]:
    kind, period, year, variant = basis
    if kind == "register":
        return {"grundlage": None, "stichtag": period, "jahr": None, "variante": None}
    de = {v: k for k, v in VARIANT_OF.items()}
    return {
        "grundlage": kind,
        "stichtag": None,
        "jahr": str(year),
        "variante": de.get(str(variant)),
    }
