"""Scenario widgets of the page Bevölkerungsprognose, initialised from (validated) URL parameters.

Widgets are keyed ``proj.*``; their state is seeded once from the URL and
never passed a ``value=`` afterwards, so the preset buttons can set them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from components.formatting import fmt_int, fmt_number, fmt_signed
from components.url_state import _note, choice_param, text_param
from components.widgets import de_slider
from data_layer.read.projection_scope import rates_block
from pages.projection import model as pm

P = "proj."
TFR_RANGE = (0.8, 2.2, 0.01)
E0M_RANGE = (75.0, 90.0, 0.1)
E0F_RANGE = (80.0, 93.0, 0.1)
MIG_RANGE = (0.0, 100_000.0, 100.0)
TARGET_YEARS = ("sofort", "2030", "2035", "2040", "2045", "2060")
CONTROL_DE = {
    "aus": "kein Abgleich",
    "mittel": "an die mittlere Variante für {place} insgesamt angleichen",
    "ziel": "an eine eigene Einwohnerzahl im Endjahr angleichen",
}
MAX_TARGET = 10_000_000
#: Migration pattern: URL value → (internal pattern, label).
PATTERN_DE = {
    "gebiet": ("area", "wie im Basiszeitraum je Gebiet beobachtet"),
    "profil": ("profile", "ein Altersprofil für alle Gebiete (Modellprofil)"),
}


def grid(lo: float, hi: float, step: float, decimals: int) -> list[str]:
    """Allowed URL strings of a slider, e.g. ``['1.50', '1.55', …]``."""
    n = int(round((hi - lo) / step))
    return [f"{lo + i * step:.{decimals}f}" for i in range(n + 1)]


def _seed(key: str, value: Any) -> None:
    if P + key not in st.session_state:
        st.session_state[P + key] = value


def _num_param(name: str, rng: tuple[float, float, float], decimals: int, default: float) -> float:
    return float(choice_param(name, grid(*rng, decimals), f"{default:.{decimals}f}"))


def seed_from_url(middle: pm.Settings, end_default: int, years: list[int]) -> None:
    """Seed the widget state from the URL (once per session)."""
    _seed("tfr", _num_param("tfr", TFR_RANGE, 2, middle.tfr))
    _seed("e0m", _num_param("e0m", E0M_RANGE, 1, middle.e0_m))
    _seed("e0f", _num_param("e0f", E0F_RANGE, 1, middle.e0_f))
    _seed("ws", _num_param("ws", MIG_RANGE, 0, middle.migration_volume))
    _seed("zj", choice_param("zj", TARGET_YEARS, str(middle.target_year)))
    _seed("ende", int(choice_param("ende", [str(y) for y in years], str(end_default))))
    _seed("eck", choice_param("eck", list(CONTROL_DE), "aus"))
    _seed("ziel", _target_param())
    _seed("neubau", _housing_param())
    _seed("wm", choice_param("wm", list(PATTERN_DE), "gebiet"))


def _target_param() -> int:
    """``ziel`` from the URL: a whole number up to :data:`MAX_TARGET`, else 0 with a note."""
    raw = text_param("ziel")
    if raw == "":
        return 0
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_TARGET:
        return int(raw)
    _note("ziel")
    return 0


def _housing_param() -> str:
    """``neubau`` from the URL: the well-formed projects only; a note if any item was dropped."""
    raw = text_param("neubau")
    if raw == "":
        return ""
    items = [i for i in raw.split(";") if i.strip()]
    kept = [i.strip() for i in items if pm.housing_item_ok(i)][: pm.MAX_HOUSING]
    if len(kept) != len(items):
        _note("neubau")
    return ";".join(kept)


def apply_variant(settings: pm.Settings) -> None:
    """Callback of the preset buttons: copy a variant into the sliders."""
    st.session_state[P + "tfr"] = round(settings.tfr, 2)
    st.session_state[P + "e0m"] = round(settings.e0_m, 1)
    st.session_state[P + "e0f"] = round(settings.e0_f, 1)
    st.session_state[P + "ws"] = float(round(settings.migration_volume))
    st.session_state[P + "zj"] = str(settings.target_year)


def _migration_help(params: dict[str, Any], period: str, place: str) -> str:
    observed = params["net_migration_volume"]["observed"]
    seen = ", ".join(f"{r['year']}: {fmt_signed(float(r['value']), 0)}" for r in observed["values"])
    publisher = (observed.get("source") or {}).get("publisher")
    by = f" ({publisher})" if publisher else ""
    return (
        f"Zuzüge minus Fortzüge über die Grenze von {place} je Jahr, für {place} insgesamt. "
        f"Beobachtet{by}: {seen}. Die Gebiete erhalten davon ihren Anteil nach dem "
        f"Wanderungsmuster {period} (siehe „Wanderungsmuster“). 0 = keine Wanderung."
    )


def _rate_help(params: dict[str, Any], place: str) -> tuple[str, str, str]:
    """Help texts of the TFR and the two e0 sliders with the stored observed values."""
    b = rates_block(params)
    tfr, e0 = b["tfr"], b["e0"]
    e0_text = "Lebenserwartung bei Geburt in Jahren. {place} {period}: {value}."
    return (
        "Zusammengefasste Geburtenziffer: so viele Kinder bekäme eine Frau im Laufe ihres "
        f"Lebens. {place} {tfr['year']}: {fmt_number(float(tfr['value']), 2)}.",
        e0_text.format(place=place, period=e0["period"], value=fmt_number(float(e0["male"]), 2)),
        e0_text.format(place=place, period=e0["period"], value=fmt_number(float(e0["female"]), 2)),
    )


def pattern_label(pattern: str) -> str:
    """German label of an internal migration pattern (``area``/``profile``).

    >>> pattern_label("profile")
    'ein Altersprofil für alle Gebiete (Modellprofil)'
    """
    return next(label for value, label in PATTERN_DE.values() if value == pattern)


def pattern_choice(period: str, place: str) -> str:
    """Radio for the migration pattern; returns the internal pattern (``area``/``profile``)."""
    choice = st.radio(
        "Wanderungsmuster", list(PATTERN_DE), key=P + "wm", horizontal=True,
        format_func=lambda k: PATTERN_DE[k][1],
        help=f"Wie sich der Wanderungssaldo auf Gebiete und Alter verteilt. „Je Gebiet "
        f"beobachtet“: jedes Gebiet behält sein Muster aus dem Basiszeitraum {period} (für kleine "
        "Gebiete zum übergeordneten Gebiet hin geglättet). „Ein Altersprofil für alle Gebiete“: jedes "
        f"Gebiet hat je Altersgruppe dieselbe Wanderungsrate, den Durchschnitt von {place} im "
        "Basiszeitraum; das Ergebnis folgt dann nur dem Altersaufbau des Gebiets. Sinnvoll, wenn der "
        "Basiszeitraum in einem Gebiet ungewöhnlich war (Unterkunft eröffnet, Neubaugebiet bezogen).",
    )  # fmt: skip
    return PATTERN_DE[str(choice)][0]


def scenario_sliders(
    params: dict[str, Any],
    end_year: int,
    volumes: dict[str, float],
    period: str = "",
    place: str = "",
) -> pm.Settings:
    """Preset buttons, TFR/e0/migration sliders, the target-year and migration-pattern choice.

    ``volumes``: low/middle/high net migration of the Kommune (persons per year);
    ``period``: the migration base period as text (e.g. ``30.06.2021–31.12.2024``);
    ``place``: the Kommune's name.
    """
    cols = st.columns(4)
    cols[0].markdown("**Werte übernehmen aus Variante:**")
    for col, variant in zip(cols[1:], pm.VARIANTS, strict=True):
        col.button(
            params["variants"][variant]["label"],
            key=f"{P}preset.{variant}",
            on_click=apply_variant,
            args=(pm.variant_settings(params, variant, end_year, volumes),),
            width="stretch",
        )
    c1, c2, c3, c4, c5 = st.columns(5)
    middle = pm.variant_settings(params, "middle", end_year, volumes)
    tfr_help, e0m_help, e0f_help = _rate_help(params, place)
    tfr = de_slider(
        c1, "Geburten (Kinder je Frau)", *TFR_RANGE[:2], middle.tfr, TFR_RANGE[2], key=P + "tfr",
        decimals=2,
        help=tfr_help,
    )  # fmt: skip
    e0m = de_slider(
        c2, "Lebenserwartung Männer", *E0M_RANGE[:2], middle.e0_m, E0M_RANGE[2], key=P + "e0m",
        decimals=1, help=e0m_help,
    )  # fmt: skip
    e0f = de_slider(
        c3, "Lebenserwartung Frauen", *E0F_RANGE[:2], middle.e0_f, E0F_RANGE[2], key=P + "e0f",
        decimals=1, help=e0f_help,
    )  # fmt: skip
    ws = de_slider(
        c4, "Wanderungssaldo je Jahr", *MIG_RANGE[:2], middle.migration_volume,
        MIG_RANGE[2], key=P + "ws", decimals=0, help=_migration_help(params, period, place),
    )  # fmt: skip
    zj = c5.selectbox(
        "Annahmen erreicht", TARGET_YEARS, key=P + "zj",
        format_func=lambda v: "ab sofort" if v == "sofort" else f"im Jahr {v}",
        help="Geburtenziffer und Lebenserwartung gehen gleichmäßig vom heutigen Wert zum gewählten Wert über.",
    )  # fmt: skip
    pattern = pattern_choice(period, place)
    return pm.Settings(
        round(float(tfr), 2),
        round(float(e0m), 1),
        round(float(e0f), 1),
        float(round(float(ws))),
        None if zj == "sofort" else int(zj),
        end_year,
        str(st.session_state.get(P + "neubau", "")),
        pattern,
    )


def control_choice(default_target: float, place: str) -> tuple[str, float]:
    """Control-total switch and the user's target total (``place``: the Kommune's name)."""
    mode = st.radio(
        "Abgleich der Summe (Eckwert)", list(CONTROL_DE), key=P + "eck",
        format_func=lambda k: CONTROL_DE[k].format(place=place), horizontal=True,
        help="Es ist kein amtlicher Eckwert hinterlegt. Die Summe der Gebiete kann an die mittlere "
        "Variante oder an Ihre Zahl angeglichen werden; die Anpassung zählt als Wanderung.",
    )  # fmt: skip
    if st.session_state.get(P + "ziel", 0) <= 0:
        st.session_state[P + "ziel"] = int(round(default_target, -3))
    target = 0.0
    if mode == "ziel":
        target = float(
            st.number_input(
                f"Einwohnerzahl {place} im Endjahr", min_value=1, max_value=MAX_TARGET,
                step=10_000, key=P + "ziel",
            )
        )  # fmt: skip
    return str(mode), target


def housing_form(plr: pd.DataFrame, years: list[int], level: str) -> None:
    """A small form to add a housing project in an area of ``level``; the list lives in ``proj.neubau``."""
    names = dict(zip(plr["local_id"], plr["name"], strict=True))
    current = pm.parse_housing(st.session_state.get(P + "neubau", ""), {k: k for k in names})
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
        if st.button("Alle Neubauvorhaben entfernen", key=P + "neubau.clear"):
            st.session_state[P + "neubau"] = ""
            st.rerun()
    with st.form(P + "neubau.form", clear_on_submit=False):
        c1, c2, c3, c4 = st.columns([3, 1, 1, 1])
        local = c1.selectbox(level, list(names), format_func=lambda k: f"{names[k]} ({k})")
        year = c2.selectbox("Fertigstellung", years)
        dwellings = c3.number_input("Wohnungen", min_value=1, max_value=20_000, value=100, step=10)
        occ = c4.number_input(
            "Personen je Wohnung (Annahme)", min_value=0.5, max_value=6.0, value=2.0, step=0.1,
            help="Ihre Annahme; bitte an das Vorhaben anpassen (Wohnungsgrößen, Zielgruppe).",
        )  # fmt: skip
        if st.form_submit_button("Neubauvorhaben hinzufügen") and len(current) < pm.MAX_HOUSING:
            items = [(h.area_id, h.year, int(h.dwellings), h.occupancy) for h in current]
            items.append((str(local), int(year), int(dwellings), float(np.round(occ, 2))))
            st.session_state[P + "neubau"] = pm.format_housing(items)
            st.rerun()
