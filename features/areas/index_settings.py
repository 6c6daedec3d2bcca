"""Settings of the social index (indicators, direction, weights, thresholds) → an ``IndexChoice``.

Any indicator set: the planner chooses status indicators (shares, rates, densities – no counts,
no published classes) and their direction (default: the catalogue's polarity); dynamics come
from change indicators of the store or, with two Stichtage, from the change of the status
indicators (:mod:`features.areas.social_index`).  A published method
(parameter set ``social_index``, :mod:`indicators.social.presets`) is the default selection only when all its
indicators are on the level; its thresholds equal the sliders' defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import cache as data
from components.url_state import seed_list
from components.widgets import de_slider
from features.areas.context import KEYS
from indicators.social.composite import IndexConfig
from indicators.social.presets import PublishedIndexMethod, available_presets

#: the population indicator every build writes (residents per area)
POPULATION = "pop_total"
MAX_INDICATORS = 8
#: how an indicator enters the index
DIRECTIONS = {"higher_worse": "höher = ungünstiger", "higher_better": "höher = günstiger"}
OWN_SOURCE = (
    "Planungsatlas, eigene Berechnung: Indikatoren über die Gebiete z-standardisiert, "
    "gewichtet gemittelt und erneut standardisiert (Index in Standardabweichungen)"
)


@dataclass(frozen=True)
class IndexChoice:
    """The index settings and the published method they follow (None: the planner's own)."""

    config: IndexConfig
    preset: PublishedIndexMethod | None

    @property
    def source(self) -> str:
        return self.preset.config.source if self.preset else OWN_SOURCE


def index_candidates(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Indicators that can enter an index: no counts (sums), no published classes, no population.

    The direction of each comes from its polarity (neutral: the planner says which way).
    """
    unit = catalogue["unit"].astype(str)
    counts = catalogue["aggregation"].astype(str) == "sum"
    return catalogue[~counts & ~unit.str.startswith("Klasse")]


def _defaults(
    cands: pd.DataFrame, presets: tuple[PublishedIndexMethod, ...]
) -> tuple[list[str], list[str]]:
    """A preset's indicators where available; else the rated shares (else rated ones), up to 3."""
    if presets:
        return list(presets[0].config.status_columns), list(presets[0].config.dynamics_columns)
    rated = cands[cands["polarity"] != "neutral"]
    shares = rated[rated["unit"].astype(str) == "%"]
    chosen = shares if len(shares) else rated
    return [str(i) for i in chosen["indicator_id"]][:3], []


def _indicators(
    ids: list[str], names: dict[str, str], defaults: tuple[list[str], list[str]]
) -> tuple[list[str], list[str]]:
    """Status and dynamics indicators (multiselects, seeded from the URL)."""
    s_default, d_default = defaults
    seed_list(KEYS("idx_s"), ids, "idx_status", s_default, MAX_INDICATORS)
    status = st.multiselect(
        "Status-Indikatoren", ids, format_func=lambda i: names.get(i, i), key=KEYS("idx_s"),
        placeholder="Indikatoren wählen",
    )  # fmt: skip
    rest = [i for i in ids if i not in status]
    seed_list(KEYS("idx_d"), rest, "idx_dynamik", d_default, MAX_INDICATORS)
    dyn = st.multiselect(
        "Dynamik-Indikatoren (Veränderung; leer: Veränderung der Status-Indikatoren zwischen "
        "zwei Stichtagen)",
        rest,
        format_func=lambda i: names.get(i, i),
        key=KEYS("idx_d"),
        placeholder="Indikatoren wählen",
    )
    return status, dyn


def _directions(chosen: list[str], names: dict[str, str], polarity: dict[str, str]) -> set[str]:
    """The chosen indicators where a higher value is favourable (default: the catalogue)."""
    better = set()
    cols = st.columns(4)
    for n, i in enumerate(chosen):
        key = KEYS(f"dir.{i}")
        if st.session_state.get(key) not in DIRECTIONS:
            st.session_state[key] = (
                "higher_better" if polarity.get(i) == "higher_better" else "higher_worse"
            )
        value = cols[n % 4].selectbox(
            names.get(i, i),
            list(DIRECTIONS),
            format_func=lambda d: DIRECTIONS[d],
            key=key,
            help=None if polarity.get(i) != "neutral" else NEUTRAL_HELP,
        )
        if value == "higher_better":
            better.add(i)
    return better


NEUTRAL_HELP = "Der Katalog wertet diesen Indikator nicht: bitte die Richtung prüfen."


def _thresholds() -> tuple[float, float, float, float, float]:
    """Class limits of the index in standard deviations and the minimum population."""
    c1, c2, c3, c4, c5 = st.columns(5)
    return (
        de_slider(c1, "Schwelle hoch | mittel", -5.0, 5.0, -1.0, 0.25, key=KEYS("t1"),
                  decimals=2, unit=" SD"),
        de_slider(c2, "Schwelle mittel | niedrig", -5.0, 5.0, 1.0, 0.25, key=KEYS("t2"),
                  decimals=2, unit=" SD"),
        de_slider(c3, "Schwelle niedrig | sehr niedrig", -5.0, 5.0, 1.5, 0.25, key=KEYS("t3"),
                  decimals=2, unit=" SD"),
        de_slider(c4, "Dynamik-Schwelle ±", 0.25, 5.0, 1.0, 0.25, key=KEYS("td"),
                  decimals=2, unit=" SD"),
        de_slider(c5, "Mindest-Einwohnerzahl", 0.0, 5000.0, 300.0, 50.0, key=KEYS("minpop"),
                  decimals=0),
    )  # fmt: skip


def choose_index_config(cands: pd.DataFrame, has_population: bool = True) -> IndexChoice | None:
    """Widgets in an expander → IndexChoice (None with a note if the settings are incomplete).

    ``has_population``: the level has residents per area (else every area enters the index).
    """
    ids = [str(i) for i in cands["indicator_id"]]
    names = {
        str(k): str(v) for k, v in zip(cands["indicator_id"], cands["short_name"], strict=True)
    }
    polarity = {
        str(k): str(v) for k, v in zip(cands["indicator_id"], cands["polarity"], strict=True)
    }
    presets = available_presets(data.social_index_methods(), ids)
    with st.expander("Einstellungen: Indikatoren, Richtung, Gewichte, Schwellen"):
        status, dyn = _indicators(ids, names, _defaults(cands, presets))
        chosen = [*status, *dyn]
        st.caption(
            "Richtung: ob ein höherer Wert sozial ungünstiger oder günstiger ist "
            "(Vorgabe aus dem Indikatorenkatalog)."
        )
        better = _directions(chosen, names, polarity)
        st.caption("Gewichte (alle 1 = gleiche Gewichte)")
        cols = st.columns(4)
        weights = {
            i: de_slider(cols[n % 4], names[i], 0.5, 10.0, 1.0, 0.5, key=KEYS(f"w.{i}"), decimals=1)
            for n, i in enumerate(chosen)
        }
        t1, t2, t3, td, mp = _thresholds()
    if not status:
        st.info("Bitte wählen Sie in den Einstellungen mindestens einen Status-Indikator.")
        return None
    preset = next(
        (
            p
            for p in presets
            if (tuple(status), tuple(dyn)) == (p.config.status_columns, p.config.dynamics_columns)
        ),
        None,
    )
    try:
        config = IndexConfig(
            status_columns=tuple(status),
            status_weights=tuple(float(weights[i]) for i in status),
            dynamics_columns=tuple(dyn),
            dynamics_weights=tuple(float(weights[i]) for i in dyn),
            status_thresholds=(float(t1), float(t2), float(t3)),
            dynamics_threshold=float(td),
            population_column=POPULATION if has_population else None,
            min_population=float(mp),
            higher_better=frozenset(better),
            source=preset.config.source if preset else OWN_SOURCE,
        )
    except ValueError as exc:
        st.warning(f"Die Einstellungen sind so nicht möglich: {exc}")
        return None
    return IndexChoice(config, preset)
