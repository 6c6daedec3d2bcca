"""The development section: own time series in the peer band, and the change between two
periods of the own Kommune among the peers ("holt die Kommune auf oder fällt sie zurück?")."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts
from components.formatting import fmt_int, fmt_period, fmt_signed
from components.url_state import choice_param, seed
from features.benchmarking import cache as data_bench
from features.benchmarking import view_change
from features.benchmarking.model import KEYS, Indicator, Kommune
from indicators.peers.change import ChangeKind


def _series_chart(
    kommune: Kommune, peers: list[str], meta: Indicator, own_name: str
) -> tuple[pd.DataFrame, list[str], str]:
    """The series chart; returns the long series, its periods and the source line."""
    ser = data_bench.series(kommune.level, meta.indicator_id)
    source = f"{charts.source_line(meta.source_meta)} · {data_bench.gebietsstand_note()}"
    fig, table, periods = data_bench.series_parts(  # cached per view (#17)
        kommune.level, kommune.area_id, tuple(peers), meta, own_name, source
    )
    if len(periods) < 2:  # one dot on an axis is no time series: the values as a table
        st.dataframe(table, hide_index=True, width="stretch", key=KEYS("series_table"))
    else:
        charts.show(fig, key=KEYS("fig_series"), table=table, table_label="Tabelle zur Zeitreihe")
    return ser[["area_id", "period", "value"]], periods, source


def _period_choice(periods: list[str]) -> tuple[str, str]:
    seed(KEYS("von"), choice_param("von", periods, periods[0]))
    seed(KEYS("bis"), choice_param("bis", periods, periods[-1]))
    c1, c2 = st.columns(2)
    start = c1.selectbox("von", periods, format_func=fmt_period, key=KEYS("von"))
    end = c2.selectbox("bis", periods, format_func=fmt_period, key=KEYS("bis"))
    return str(start), str(end)


def _change(
    kommune: Kommune,
    peers: list[str],
    meta: Indicator,
    own_name: str,
    long: pd.DataFrame,
    period: tuple[str, str],
    source: str,
) -> None:
    """Own change against the peers' changes: metrics, assessment, bar chart and table."""
    start, end = period
    kind: ChangeKind = "absolute" if meta.unit == "%" else "percent"
    unit = view_change.change_unit(kind, meta.unit)
    title = f"Veränderung {meta.short_name} {fmt_period(start)}–{fmt_period(end)}"
    res, fig, table = data_bench.change_parts(  # cached per view (#17)
        kommune.level, kommune.area_id, tuple(peers), meta, period, kind, unit, title, source
    )
    m1, m2 = st.columns(2)
    m1.metric(f"Veränderung {own_name}", fmt_signed(res["value"], 1, unit))
    m2.metric("Median der Vergleichsgruppe", fmt_signed(res["peer_median"], 1, unit))
    st.markdown(
        f"**Bewertung der Veränderung {fmt_period(start)}–{fmt_period(end)}:** "
        f"{res['bewertung']} ({fmt_int(res['n_peers'])} Vergleichskommunen mit Werten)."
    )
    charts.show(
        fig,
        key=KEYS("fig_change"),
        table=table,
        table_label="Tabelle zur Veränderung",
    )


def period_param(level: str, indicator_id: str) -> tuple[str, str] | None:
    """(von, bis) of the link while the development is not shown: kept when they are periods
    of the indicator, ``None`` when the link has none (the shown part picks its own)."""
    if "von" not in st.query_params and "bis" not in st.query_params:
        return None
    periods = sorted({str(p) for p in data_bench.long_series(level, indicator_id)["period"]})
    if len(periods) < 2:
        return None
    return choice_param("von", periods, periods[0]), choice_param("bis", periods, periods[-1])


def development(
    kommune: Kommune, peers: list[str], meta: Indicator, own_name: str
) -> tuple[str, str] | None:
    """Series chart, period choice and change; returns (von, bis) when there are two periods."""
    long, periods, source = _series_chart(kommune, peers, meta, own_name)
    st.subheader("Entwicklung: holt die Kommune auf oder fällt sie zurück?")
    if len(periods) < 2:
        when = f" ({fmt_period(periods[0])})" if periods else ""
        st.info(
            f"Für „{meta.label}“ gibt es nur einen Zeitpunkt{when} – keine Zeitreihe und "
            "keine Entwicklung darstellbar; die Werte stehen in der Tabelle oben."
        )
        return None
    period = _period_choice(periods)
    if period[0] >= period[1]:
        st.warning("Bitte einen Anfangszeitpunkt vor dem Endzeitpunkt wählen.")
    else:
        _change(kommune, peers, meta, own_name, long, period, source)
    return period
