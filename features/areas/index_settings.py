"""Settings of the social index (indicators, weights, thresholds) → an ``IndexConfig``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.url_state import seed_list
from components.widgets import de_slider
from features.areas.context import KEYS
from indicators.social.composite import MSS_2021_DEFAULT, IndexConfig

#: MSS_2021_DEFAULT input columns → indicator ids of the Datenbasis
MSS_IDS = {
    "s1_percentage_unemployed": "mss_s1_unemployed",
    "s3_percentage_transfer_payments_recipients": "mss_s3_transfer_recipients",
    "s4_percentage_transfer_payments_recipients_below_15_years": "mss_s4_child_poverty",
    "d1_percentage_unemployed": "mss_d1_unemployed_change",
    "d3_percentage_transfer_payments_recipients": "mss_d3_transfer_recipients_change",
    "d4_percentage_transfer_payments_recipients_below_15_years": "mss_d4_child_poverty_change",
}
PUBLISHED_STATUS, PUBLISHED_DYNAMICS, POPULATION = (
    "mss_status_index",
    "mss_dynamic_index",
    "pop_total",
)
MAX_INDICATORS = 8


def index_candidates(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Indicators that can enter an index: with a polarity, and not themselves classes."""
    rated = catalogue["polarity"] != "neutral"
    return catalogue[rated & ~catalogue["unit"].astype(str).str.startswith("Klasse")]


def _defaults(ids: list[str]) -> tuple[list[str], list[str]]:
    """The MSS 2021 indicators where available (status: else the first three)."""
    status = [MSS_IDS[c] for c in MSS_2021_DEFAULT.status_columns if MSS_IDS[c] in ids]
    dynamics = [MSS_IDS[c] for c in MSS_2021_DEFAULT.dynamics_columns if MSS_IDS[c] in ids]
    return status or ids[:3], dynamics


def _indicators(ids: list[str], names: dict[str, str]) -> tuple[list[str], list[str]]:
    """Status and dynamics indicators (multiselects, seeded from the URL)."""
    s_default, d_default = _defaults(ids)
    seed_list(KEYS("idx_s"), ids, "idx_status", s_default, MAX_INDICATORS)
    status = st.multiselect(
        "Status-Indikatoren", ids, format_func=lambda i: names.get(i, i), key=KEYS("idx_s"),
        placeholder="Indikatoren wählen",
    )  # fmt: skip
    rest = [i for i in ids if i not in status]
    seed_list(KEYS("idx_d"), rest, "idx_dynamik", d_default, MAX_INDICATORS)
    dyn = st.multiselect(
        "Dynamik-Indikatoren (Veränderung)",
        rest,
        format_func=lambda i: names.get(i, i),
        key=KEYS("idx_d"),
        placeholder="Indikatoren wählen",
    )
    return status, dyn


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


def choose_index_config(cands: pd.DataFrame) -> IndexConfig | None:
    """Widgets in an expander → IndexConfig (None with a warning if the settings are invalid)."""
    ids = [str(i) for i in cands["indicator_id"]]
    names = {
        str(k): str(v) for k, v in zip(cands["indicator_id"], cands["short_name"], strict=True)
    }
    with st.expander("Einstellungen: Indikatoren, Gewichte, Schwellen"):
        status, dyn = _indicators(ids, names)
        st.caption("Gewichte (gleiche Gewichte wie im MSS = alle 1)")
        cols = st.columns(4)
        weights = {
            i: de_slider(cols[n % 4], names[i], 0.5, 10.0, 1.0, 0.5, key=KEYS(f"w.{i}"), decimals=1)
            for n, i in enumerate([*status, *dyn])
        }
        t1, t2, t3, td, mp = _thresholds()
    try:
        return IndexConfig(
            status_columns=tuple(status),
            status_weights=tuple(float(weights[i]) for i in status),
            dynamics_columns=tuple(dyn),
            dynamics_weights=tuple(float(weights[i]) for i in dyn),
            status_thresholds=(float(t1), float(t2), float(t3)),
            dynamics_threshold=float(td),
            population_column=POPULATION,
            min_population=float(mp),
            higher_better=frozenset(
                cands.loc[cands["polarity"] == "higher_better", "indicator_id"]
            ),
            source=MSS_2021_DEFAULT.source,
        )
    except ValueError as exc:
        st.warning(f"Die Einstellungen sind so nicht möglich: {exc}")
        return None
