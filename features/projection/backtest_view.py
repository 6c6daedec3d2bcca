"""The view "Rückrechnung" of the page Bevölkerungsprognose: backtest tables and the volume sweep.

Every figure in the texts comes from the backtest tables
(:func:`features.projection.cache.backtest`, ``backtest_sweeps``); nothing
is typed in by hand.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.formatting import fmt_int, fmt_percent, fmt_signed
from features.projection.view import backtest_table
from indicators.projection.backtest_runs import METHODS_DE, beating_range, hindsight, verdict

INTRO = (
    "**Wie gut hätte das Verfahren früher vorausgesagt?** Von einem vergangenen Stichtag aus wird nur "
    "mit dem damals Bekannten gerechnet (Geburtenziffer von {place} jenes Jahres, Wanderungsmuster aus "
    "den Registerdaten davor, Wanderungssaldo von {place} nach derselben Regel wie in der "
    "App aus den damals bekannten Jahren) und mit dem späteren Register verglichen. Gezeigt ist der "
    "mittlere absolute Fehler je Gebiet in Prozent (MAPE; kleiner ist besser)."
)


def sweep_table(sweep: pd.DataFrame) -> pd.DataFrame:
    """German table of the model's errors by assumed net migration volume.

    >>> t = pd.DataFrame({"volume": [0.0, 5000.0], "total": [8.04, 7.6], "age_0_6": [15.4, 15.2],
    ...     "age_65_plus": [7.6, 7.5], "assumed": [False, True]})
    >>> sweep_table(t)["Angenommener Wanderungssaldo je Jahr"].tolist()
    ['0', '+5.000 (damals angenommen)']
    """
    volume = sweep["volume"].map(lambda v: fmt_signed(v, 0) if v else "0")
    volume = volume.where(~sweep["assumed"], volume + " (damals angenommen)")
    return pd.DataFrame(
        {
            "Angenommener Wanderungssaldo je Jahr": volume.to_numpy(),
            "Fehler Einwohner insgesamt": sweep["total"]
            .map(lambda v: fmt_percent(v, 1))
            .to_numpy(),
            "Fehler 0 bis unter 6": sweep["age_0_6"].map(lambda v: fmt_percent(v, 1)).to_numpy(),
            "Fehler 65 und älter": sweep["age_65_plus"].map(lambda v: fmt_percent(v, 1)).to_numpy(),
        }
    )


def hindsight_text(part: pd.DataFrame, sweep: pd.DataFrame) -> str:
    """What the register showed later and which volumes would have beaten "constant" (German).

    ``part``: the backtest rows of one case (:func:`indicators.projection.backtest_runs.run_backtest`).
    """
    seen = hindsight(part)
    text = (
        f"Die verglichenen Gebiete hatten am Stichtag {fmt_int(seen.start)} Einwohner und am Ende "
        f"{fmt_int(seen.end)}: {fmt_signed(seen.per_year, 0)} je Jahr, Geburten und Sterbefälle "
        f"eingeschlossen. Angenommen war ein Wanderungssaldo von {fmt_signed(seen.volume, 0)} je Jahr."
    )
    span = beating_range(sweep)
    if span is None:
        return text + " Mit keinem der durchgerechneten Salden wäre das Modell bei 0 bis unter 6 " \
            "und 65 und älter zugleich besser als „konstant“ gewesen."  # fmt: skip
    lo, hi = (fmt_signed(v, 0) if v else "0" for v in span)
    return (
        text + f" Mit einem Saldo zwischen {lo} und {hi} je Jahr wäre das Modell bei 0 bis unter 6 "
        "und bei 65 und älter besser als „konstant“ gewesen (Tabelle unten)."
    )


def show_backtest(table: pd.DataFrame, sweeps: dict[str, pd.DataFrame], place: str) -> None:
    """The whole view: per backtest its MAPE table, the hindsight note and the volume sweep."""
    st.markdown(INTRO.format(place=place))
    if table.empty:
        st.info("Für eine Rückrechnung fehlen in dieser Datenbasis die nötigen Stichtage.")
        return
    for case, part in table.groupby("case", sort=False):
        st.markdown(f"**{case}**")
        st.dataframe(backtest_table(part, METHODS_DE), hide_index=True, width="stretch")
        st.caption(
            f"Angenommener Wanderungssaldo {place}: {fmt_signed(part['volume'].iloc[0], 0)} Personen je "
            f"Jahr ({part['volume_basis'].iloc[0]}). Register am Ende: "
            f"{fmt_int(part['total_observed'].iloc[0])} Einwohner (Summe der verglichenen Gebiete)."
        )
    st.warning(
        "Ehrliches Ergebnis: "
        + " ".join(verdict(table))
        + " Nutzen Sie die Prognose für Größenordnungen und Szenarien, nicht als exakte Zahl je "
        "Gebiet."
    )
    st.markdown(
        "**Wie stark hängt das Ergebnis vom angenommenen Wanderungssaldo ab?** Im Nachhinein "
        "durchgerechnet mit anderen Salden, sonst unverändert:"
    )
    for case, part in table.groupby("case", sort=False):
        sweep = sweeps.get(str(case))
        if sweep is None:
            continue
        st.markdown(f"*{case}.* " + hindsight_text(part, sweep))
        st.dataframe(sweep_table(sweep), hide_index=True, width="stretch")
