"""Scenario widgets of the page Bevölkerungsprognose: presets, sliders, pattern and control total.

Their state is seeded from the URL by :func:`features.projection.state.seed_from_url`; the
widgets get a ``key`` only, so the preset buttons can set them.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.formatting import fmt_number, fmt_signed
from components.widgets import de_slider
from data_layer.read.projection_scope import rates_block
from features.projection import model as pm
from features.projection.state import (
    CONTROL_DE,
    E0F_RANGE,
    E0M_RANGE,
    KEYS,
    MAX_TARGET,
    PATTERN_DE,
    TARGET_YEARS,
    TFR_RANGE,
    mig_range,
    pick,
)


def apply_variant(settings: pm.Settings) -> None:
    """Callback of the preset buttons: copy a variant into the sliders."""
    st.session_state[KEYS("tfr")] = round(settings.tfr, 2)
    st.session_state[KEYS("e0m")] = round(settings.e0_m, 1)
    st.session_state[KEYS("e0f")] = round(settings.e0_f, 1)
    st.session_state[KEYS("ws")] = float(round(settings.migration_volume))
    st.session_state[KEYS("zj")] = str(settings.target_year)


def _migration_help(params: dict[str, Any], period: str, place: str) -> str:
    observed = params["net_migration_volume"].get("observed")
    if not observed:
        return (
            f"Zuzüge minus Fortzüge über die Grenze von {place} je Jahr. Für {place} ist kein "
            "gemeldeter Wanderungssaldo hinterlegt: Die Vorgabe ist geschätzt (siehe „Methode "
            "und Quellen“). 0 = keine Wanderung."
        )
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
    if b.get("estimated"):  # no own rates of the Kommune: those of its Land or Germany
        e0_text = "Lebenserwartung bei Geburt in Jahren, geschätzt mit der Sterbetafel {where} {period}: {value}."
        return (
            "Zusammengefasste Geburtenziffer: so viele Kinder bekäme eine Frau im Laufe ihres "
            f"Lebens. Geschätzt mit dem Wert {tfr['place']} {tfr['year']}: "
            f"{fmt_number(float(tfr['value']), 2)}.",
            e0_text.format(
                where=e0["place"], period=e0["period"], value=fmt_number(float(e0["male"]), 2)
            ),
            e0_text.format(
                where=e0["place"], period=e0["period"], value=fmt_number(float(e0["female"]), 2)
            ),
        )
    return (
        "Zusammengefasste Geburtenziffer: so viele Kinder bekäme eine Frau im Laufe ihres "
        f"Lebens. {place} {tfr['year']}: {fmt_number(float(tfr['value']), 2)}.",
        e0_text.format(place=place, period=e0["period"], value=fmt_number(float(e0["male"]), 2)),
        e0_text.format(place=place, period=e0["period"], value=fmt_number(float(e0["female"]), 2)),
    )


def pattern_choice(period: str, place: str) -> pm.MigrationPattern:
    """Radio for the migration pattern; returns the internal pattern (``area``/``profile``)."""
    choice = st.radio(
        "Wanderungsmuster", list(PATTERN_DE), key=KEYS("wm"), horizontal=True,
        format_func=lambda k: PATTERN_DE[k][1],
        help=f"Wie sich der Wanderungssaldo auf Gebiete und Alter verteilt. „Wie im "
        f"Basiszeitraum je Gebiet“: jedes Gebiet behält sein Muster aus dem Basiszeitraum {period} (für kleine "
        "Gebiete zum übergeordneten Gebiet hin geglättet). „Ein Altersprofil für alle Gebiete“: jedes "
        f"Gebiet hat je Altersgruppe dieselbe Wanderungsrate, den Durchschnitt von {place} im "
        "Basiszeitraum; das Ergebnis folgt dann nur dem Altersaufbau des Gebiets. Sinnvoll, wenn der "
        "Basiszeitraum in einem Gebiet ungewöhnlich war (Unterkunft eröffnet, Neubaugebiet bezogen).",
    )  # fmt: skip
    return PATTERN_DE[pick(choice, PATTERN_DE, "gebiet")][0]


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
            key=KEYS(f"preset.{variant}"),
            on_click=apply_variant,
            args=(pm.variant_settings(params, variant, end_year, volumes),),
            width="stretch",
        )
    c1, c2, c3, c4, c5 = st.columns(5)
    middle = pm.variant_settings(params, "middle", end_year, volumes)
    tfr_help, e0m_help, e0f_help = _rate_help(params, place)
    tfr = de_slider(
        c1, "Geburten (Kinder je Frau)", *TFR_RANGE[:2], middle.tfr, TFR_RANGE[2], key=KEYS("tfr"),
        decimals=2,
        help=tfr_help,
    )  # fmt: skip
    e0m = de_slider(
        c2, "Lebenserwartung Männer", *E0M_RANGE[:2], middle.e0_m, E0M_RANGE[2], key=KEYS("e0m"),
        decimals=1, help=e0m_help,
    )  # fmt: skip
    e0f = de_slider(
        c3, "Lebenserwartung Frauen", *E0F_RANGE[:2], middle.e0_f, E0F_RANGE[2], key=KEYS("e0f"),
        decimals=1, help=e0f_help,
    )  # fmt: skip
    mig = mig_range(middle.migration_volume)
    ws = de_slider(
        c4, "Wanderungssaldo je Jahr", *mig[:2], middle.migration_volume,
        mig[2], key=KEYS("ws"), decimals=0, help=_migration_help(params, period, place),
    )  # fmt: skip
    zj = c5.selectbox(
        "Annahmen erreicht", TARGET_YEARS, key=KEYS("zj"),
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
        str(st.session_state.get(KEYS("neubau"), "")),
        pattern,
    )


def control_choice(default_target: float, place: str) -> tuple[pm.ControlMode, float]:
    """Control-total switch and the user's target total (``place``: the Kommune's name)."""
    mode = st.radio(
        "Abgleich der Summe (Eckwert)", list(CONTROL_DE), key=KEYS("eck"),
        format_func=lambda k: CONTROL_DE[k].format(place=place), horizontal=True,
        help="Es ist kein amtlicher Eckwert hinterlegt. Die Summe der Gebiete kann an die mittlere "
        "Variante oder an Ihre Zahl angeglichen werden; die Anpassung zählt als Wanderung.",
    )  # fmt: skip
    if st.session_state.get(KEYS("ziel"), 0) <= 0:
        st.session_state[KEYS("ziel")] = int(round(default_target, -3))
    target = 0.0
    if mode == "ziel":
        target = float(
            st.number_input(
                f"Einwohnerzahl {place} im Endjahr", min_value=1, max_value=MAX_TARGET,
                step=10_000, key=KEYS("ziel"),
            )
        )  # fmt: skip
    return pick(mode, CONTROL_DE, "aus"), target
