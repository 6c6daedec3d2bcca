"""Settings widgets of "Bedarf und Angebot", seeded from the URL: they build the typed view.

URL and widget state go through ``components.url_state`` only (keys ``ba.*``); a bad URL
value falls back to the default and is named in the page's one note
(:func:`components.url_state.show_url_notes`).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.cache import home
from components.formatting import fmt_date, fmt_int, fmt_percent
from components.url_state import choice_param, number_param, seed_choice
from components.widgets import de_slider
from features.demand_supply import basis as b
from features.demand_supply import cache as d
from features.demand_supply.context import (
    DEFAULT_LAYOUT,
    KEYS,
    LAYOUTS,
    MODES,
    VIEWS,
    DemandView,
    MapView,
    ModeKey,
)
from indicators.access.service_groups import group_bands, group_services
from indicators.access.service_types import ServiceType

BASES = {b.REGISTER: "Einwohnerregister", b.PROJECTION: "Bevölkerungsprognose"}
PERCENT = "\u00a0%"
DEFAULT_SERVICE = "kita_u3"


def quota_help(s: ServiceType) -> str:
    src = s.quota_source
    return (
        f"Voreinstellung {fmt_percent(s.quota * 100, 2)} ({s.quota_status}): {src.publisher}, "
        f"{src.publication} ({src.year}). {s.quota_note}"
    )


def demand_view(services: Sequence[ServiceType], detour_default: float) -> DemandView:
    """Draw the settings (two rows of widgets) and return the view they describe."""
    own = home().system_code
    systems = d.systems_with_facilities(services[0].service_type) or [own]
    default = own if own in systems else systems[0]
    system = choice_param("system", systems, default)
    service, level, snap, basis = _settings_row({s.id: s for s in services}, system)
    fac = d.system_facilities(system, service.service_type, snap) if snap else None
    any_unknown = fac is not None and bool(fac["capacity"].isna().any())
    places = fac is None or bool(fac["capacity"].notna().any())
    quota, radius, detour, mode_key = _sliders(service, detour_default, any_unknown, places)
    return DemandView(
        system, tuple(systems), service, group_services(service, services), level, snap, basis,
        quota, radius, detour, mode_key, places,
    )  # fmt: skip


def _settings_row(
    services: dict[str, ServiceType], system: str
) -> tuple[ServiceType, str, str, b.Basis]:
    ids = list(services)
    seed_choice(
        KEYS("leistung"), ids, "leistung", DEFAULT_SERVICE if DEFAULT_SERVICE in ids else ids[0]
    )
    c1, c2, c3, c4 = st.columns(4)
    sid = c1.selectbox(
        "Leistungsart", ids, format_func=lambda i: services[i].name, key=KEYS("leistung")
    )
    service = services[str(sid)]
    levels = d.levels(system)
    seed_choice(KEYS("ebene"), levels, "ebene", d.lowest_level(system))
    level = c2.selectbox("Ebene", levels, key=KEYS("ebene"))
    snaps = d.snapshots(service.service_type)
    snap = ""
    if snaps:
        seed_choice(KEYS("stand"), snaps, "stand", snaps[-1])
        snap = str(
            c3.selectbox("Einrichtungen, Stand", snaps, format_func=fmt_date, key=KEYS("stand"))
        )
    bands = group_bands(service, list(services.values()))
    periods = d.usable_periods(system, bands)
    projection = b.projection_available(system)
    with c4:
        basis = _basis_widgets(periods, b.projection_years() if projection else [], projection)
    basis = b.checked(basis, bands)
    if basis.kind == b.REGISTER and basis.period and d.estimated_bands(system, bands):
        basis = b.Basis(b.REGISTER, basis.period, estimated=True)
    return service, str(level), snap, basis


def _seed_number(key: str, name: str, lo: float, hi: float, default: float) -> None:
    """Seed a slider once per session from URL number ``name`` (bad values are noted)."""
    if key not in st.session_state:
        st.session_state[key] = number_param(name, lo, hi, default)


def _sliders(
    service: ServiceType, detour_default: float, any_unknown: bool, places: bool = True
) -> tuple[float, float, float, ModeKey]:
    lo, hi, step = (v * 100 for v in service.quota_slider)
    qkey, rkey = KEYS(f"quote.{service.id}"), KEYS(f"radius.{service.id}")
    quota0 = round(service.quota * 100, 2)
    _seed_number(qkey, "quote", lo, hi, quota0)
    r0 = service.catchment_radius_m
    r_lo, r_hi, r_step = max(100.0, r0 / 4), r0 * 3, 50.0 if r0 < 2000 else 250.0
    _seed_number(rkey, "radius", r_lo, r_hi, r0)
    _seed_number(KEYS("umweg"), "umweg", 1.0, 2.0, detour_default)
    modes: list[ModeKey] = list(MODES) if places else ["anzahl"]  # no place counts at all
    seed_choice(KEYS("modus"), modes, "modus", "anzahl" if any_unknown else "plaetze")
    c1, c2, c3, c4 = st.columns(4)
    quota = de_slider(
        c1, "Bedarfsquote (%)", lo, hi, quota0, step, key=qkey, decimals=2, unit=PERCENT,
        help=quota_help(service),
    )  # fmt: skip
    radius = de_slider(
        c2, "Einzugsbereich (Meter Weg)", r_lo, r_hi, r0, r_step, key=rkey, decimals=0,
        unit=" m",
        help=f"Voreinstellung {fmt_int(r0)} m ({service.catchment_status}): {service.catchment_rationale}",
    )  # fmt: skip
    detour = de_slider(
        c3, "Umwegfaktor", 1.0, 2.0, detour_default, 0.05, key=KEYS("umweg"), decimals=2,
        help="Wegstrecke ÷ Luftlinie. Voreinstellung aus den gespeicherten Parametern (Annahme).",
    )  # fmt: skip
    mode = c4.radio(
        "Angebot zählen als", modes, format_func=MODES.__getitem__, key=KEYS("modus"),
        help="„Anzahl Einrichtungen“, wenn Platzzahlen fehlen: dann gibt es keine Versorgungsquote.",
    )  # fmt: skip
    mode_key: ModeKey = "anzahl" if mode == "anzahl" else "plaetze"
    return float(quota), float(radius), float(detour), mode_key


def _basis_widgets(periods: list[str], years: list[int], projection: bool) -> b.Basis:
    """Population basis: register Stichtag, or projection year and variant (URL: grundlage,
    stichtag, jahr, variante)."""
    kinds = list(BASES) if projection and years else [b.REGISTER]
    if not periods:
        kinds = [k for k in kinds if k != b.REGISTER]
        if not kinds:
            return b.Basis(b.REGISTER, "")
    seed_choice(KEYS("grundlage"), kinds, "grundlage", kinds[0])
    kind = st.selectbox(
        "Bevölkerung", kinds, format_func=BASES.__getitem__, key=KEYS("grundlage"),
        help="Einwohnerregister: gemeldete Einwohner/innen am Stichtag. Bevölkerungsprognose: "
        "dieselbe Vorausberechnung wie auf der Seite „Bevölkerungsprognose“ (31.12. des Jahres).",
    )  # fmt: skip
    if periods:
        seed_choice(KEYS("stichtag"), periods, "stichtag", periods[-1])
    if kind == b.REGISTER:
        period = st.selectbox(
            "Stichtag", periods, format_func=fmt_date, key=KEYS("stichtag"),
            help="Nur Stichtage, an denen die Altersgruppe genau abgegrenzt werden kann.",
        )  # fmt: skip
        return b.Basis(b.REGISTER, str(period))
    variants, default_variant = b.variant_options()  # with the projection page's scenario
    chosen = seed_choice(KEYS("variante"), variants, "variante", default_variant)
    years = b.years_of(str(chosen), years)
    default_year = 2030 if 2030 in years else years[0]
    seed_choice(KEYS("jahr"), years, "jahr", default_year)
    c1, c2 = st.columns(2)
    year = c1.selectbox("Prognosejahr", years, key=KEYS("jahr"))
    variant_de = c2.selectbox(
        "Variante", variants, key=KEYS("variante"), format_func=b.variant_label
    )
    period = str(st.session_state.get(KEYS("stichtag"), ""))
    return b.projection_basis(period, int(str(year)), str(variant_de))


def seed_map_view() -> None:
    """Seed the map controls from the URL (before the page's one note is shown)."""
    seed_choice(KEYS("karten"), list(LAYOUTS), "karten", DEFAULT_LAYOUT)
    seed_choice(KEYS("ansicht"), list(VIEWS), "ansicht", "gebiet")


def seed_comparison() -> None:
    """Whether the comparison of the facility snapshots is open: ``entwicklung=1`` in the link
    on the first run (a bad value gets the page's one note), then the visitor's choice."""
    key = KEYS("entwicklung")
    if key not in st.session_state:
        st.session_state[key] = choice_param("entwicklung", ("0", "1"), "0") == "1"


def map_view() -> MapView:
    """Layout of the maps, the view that drives ranking/table (and the single map), basemap."""
    seed_map_view()
    c1, c2, c3 = st.columns([2, 2, 1])
    layout = c1.radio(
        "Karten", list(LAYOUTS), format_func=LAYOUTS.__getitem__, key=KEYS("karten"),
        horizontal=True,
        help="Zwei Karten nebeneinander vergleichen die Versorgung im Gebiet mit der "
        "Erreichbarkeit über den Einzugsbereich.",
    )  # fmt: skip
    view_key = c2.radio(
        "Bewertung (Rangfolge, Tabelle" + (", Karte)" if layout == "eine" else ")"),
        list(VIEWS), format_func=VIEWS.__getitem__, key=KEYS("ansicht"), horizontal=True,
        help="Im Gebiet: nur Plätze im Gebiet selbst. Mit Einzugsbereich: alle Plätze, die "
        "im Einzugsbereich erreichbar sind – auch von nebenan.",
    )  # fmt: skip
    basemap = c3.checkbox("Hintergrundkarte", key=KEYS("basemap"))
    return MapView(
        "eine" if layout == "eine" else "zwei",
        "einzug" if view_key == "einzug" else "gebiet",
        bool(basemap),
    )
