"""The section "Wo steht …?": Themenfeld and year, the position overview and its downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts
from components.exports import csv_bytes, xlsx_bytes
from components.layout import data_stamp
from components.url_state import choice_param, seed, seed_choice
from features.benchmarking import cache as data_bench
from features.benchmarking.model import KEYS, Indicator, Kommune, Level

DEFAULT_DOMAIN: dict[Level, str] = {"Kreis": "Arbeit", "Gemeinde": ""}
#: URL token of "alle Themenfelder" (the empty domain), so that a link can carry that choice too
ALL_DOMAINS = "alle"
DEFAULT_INDICATOR: dict[Level, str] = {"Kreis": "inkar_unemployment_rate", "Gemeinde": "pop_total"}
#: the overview chart is drawn up to this many indicators (else only the table)
MAX_CHART_ROWS = 20


def domain_choice(level: Level, cat: pd.DataFrame) -> str:
    """Themenfeld ("" = all): the indicators of the position overview and the time series."""
    domains = sorted(cat["domain"].unique().tolist())
    default = DEFAULT_DOMAIN[level] if DEFAULT_DOMAIN[level] in domains else ALL_DOMAINS
    raw = choice_param("bereich", [ALL_DOMAINS, *domains], default)
    seed(KEYS("bereich"), "" if raw == ALL_DOMAINS else raw)
    c1, _ = st.columns(2)
    domain = c1.selectbox(
        "Themenfeld",
        ["", *domains],
        format_func=lambda d: d or "alle Themenfelder",
        key=KEYS("bereich"),
    )
    return str(domain or "")


def year_choice(level: Level) -> int:
    """The year of the snapshot of the position overview."""
    years = data_bench.years(level)[::-1]
    seed_choice(KEYS("jahr"), years, "jahr", years[0])
    c1, _ = st.columns(2)
    year = c1.selectbox(
        "Stand bis Jahr",
        years,
        key=KEYS("jahr"),
        help="Je Indikator der neueste Wert bis zum Ende dieses Jahres; das Jahr steht in der "
        "Spalte „Stand“.",
    )
    return int(year if year is not None else years[0])


def year_param(level: Level) -> int:
    """The year of the link while the overview is not shown (kept for the link, checked)."""
    years = data_bench.years(level)[::-1]
    return int(choice_param("jahr", [str(y) for y in years], str(years[0])))


def domain_indicators(cat: pd.DataFrame, domain: str) -> list[str]:
    """Indicators of the Themenfeld (all for ""), in catalogue order (``cat`` by indicator_id)."""
    ids = cat.index[cat["domain"] == domain] if domain else cat.index
    return [str(i) for i in ids]


def _downloads(export: pd.DataFrame, own_ags: str, source: str) -> None:
    stamp = data_stamp()
    note = data_bench.gebietsstand_note()
    c1, c2 = st.columns(2)
    c1.download_button(  # files are built on click only
        "Vergleichstabelle als CSV",
        lambda: csv_bytes(export, source=source, stamp=stamp, data_date=note),
        file_name=f"vergleich_{own_ags}.csv",
        mime="text/csv",
        key=KEYS("csv"),
        on_click="ignore",
    )
    c2.download_button(
        "Vergleichstabelle als Excel (XLSX)",
        lambda: xlsx_bytes(export, source=source, stamp=stamp, data_date=note),
        file_name=f"vergleich_{own_ags}.xlsx",
        key=KEYS("xlsx"),
        on_click="ignore",
    )


def overview(kommune: Kommune, peers: list[str], year: int, ids: list[str], own_name: str) -> None:
    """Chart (up to 20 indicators) and table of the position of the own Kommune."""
    shown, export, source, fig = data_bench.overview_parts(  # cached per view (#17)
        kommune.level,
        year,
        kommune.area_id,
        tuple(peers),
        tuple(ids),
        own_name,
        data_stamp(),
        MAX_CHART_ROWS,
    )
    if fig is not None:
        # the chart draws every row on its own scale: its export is the comparison table
        charts.show(fig, key=KEYS("fig_overview"), table=export, table_below=True)
    else:
        st.caption("Für mehr als 20 Indikatoren zeigt die Seite nur die Tabelle.")
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(
        "„Mittlere Hälfte“: die Hälfte der Vergleichskommunen liegt in diesem Bereich "
        "(unteres bis oberes Quartil). „Rang“: Anteil der Kommunen mit niedrigerem Wert in "
        "Prozent (0 = niedrigster, 100 = höchster Wert). ≈ = geschätzt (umgerechneter Wert). "
        "In der Grafik hat jeder Indikator eine eigene Achse; sie beginnt bei 0, damit "
        "Abstände nicht größer wirken, als sie sind."
    )
    _downloads(export, kommune.ags, source)


def _default_indicator(level: Level, ids: list[str]) -> str:
    return DEFAULT_INDICATOR[level] if DEFAULT_INDICATOR[level] in ids else ids[0]


def indicator_param(level: Level, ids: list[str]) -> str:
    """The indicator of the link while the time series is not shown (kept, checked)."""
    return choice_param("indikator", ids, _default_indicator(level, ids))


def indicator_choice(level: Level, ids: list[str]) -> Indicator:
    """The indicator of the time series (one of ``ids``)."""
    cat = data_bench.indicators(level).set_index("indicator_id")
    default = _default_indicator(level, ids)
    seed_choice(KEYS("indikator"), ids, "indikator", default)
    chosen = st.selectbox(
        "Indikator",
        ids,
        format_func=lambda i: Indicator.of(cat, i).label,
        key=KEYS("indikator"),
    )
    return Indicator.of(cat, str(chosen or default))
