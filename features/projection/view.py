"""Figures and tables of the page Bevölkerungsprognose (plotly, German labels); the map is in
:mod:`features.projection.change_map`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import charts
from components.formatting import fmt_int, fmt_percent
from components.number_columns import fmt_ints, fmt_numbers
from indicators.projection.selection import index_to_first_row

FAN_FILL = "rgba(0,114,178,0.18)"
#: line styles so the age groups differ not by colour alone
DASHES = ("solid", "solid", "solid", "dash", "dash", "dot", "dot")


#: the year axis of both trend charts (every fifth year, no thousands separator)
_YEAR_AXIS: dict[str, object] = {
    "title": {"text": "Jahr (Stand 31.12.)"},
    "dtick": 5,
    "tickformat": "d",
}


def _line_figure(traces: list[dict[str, object]], y_title: str) -> go.Figure:
    """Scatter traces on one pair of axes, built from a plain specification without plotly's
    validation (≈ 5 ms per 7-line chart, more than the rest of the chart;
    ``tests/components/test_projection_figures.py`` checks the validated figure is the same)."""
    layout = {
        "xaxis": dict(_YEAR_AXIS),
        "yaxis": {"title": {"text": y_title}, "tickformat": ",.0f"},
    }
    return charts.unchecked_figure({"data": traces, "layout": layout})


def fan_figure(fan: pd.DataFrame, user: pd.Series) -> go.Figure:
    """Low/middle/high variants as a band with the middle line, the user's scenario on top.

    ``fan``: index year, columns ``low, middle, high``; ``user``: persons by year.
    """
    years = fan.index.tolist()
    # the default scenario is the middle variant: its line lies under the user's, say so
    same = bool(np.allclose(user.reindex(years).to_numpy(float), fan["middle"].to_numpy(float)))
    traces: list[dict[str, object]] = [
        {"type": "scatter", "x": years, "y": fan["high"].to_numpy(float), "mode": "lines",
         "line": {"width": 0}, "name": "hoch", "showlegend": False, "hoverinfo": "skip"},
        {"type": "scatter", "x": years, "y": fan["low"].to_numpy(float), "mode": "lines",
         "fill": "tonexty", "fillcolor": FAN_FILL, "line": {"width": 0},
         "name": "Spanne niedrig–hoch", "hovertemplate": "niedrig %{y:,.0f}<extra></extra>"},
        {"type": "scatter", "x": years, "y": fan["middle"].to_numpy(float),
         "name": "mittlere Variante", "line": {"color": charts.QUALITATIVE[0], "dash": "dash"}},
        {"type": "scatter", "x": user.index.tolist(), "y": user.to_numpy(float),
         "name": "Ihr Szenario (= mittlere Variante)" if same else "Ihr Szenario",
         "line": {"color": charts.HIGHLIGHT, "width": 4}},
    ]  # fmt: skip
    return _line_figure(traces, "Einwohnerinnen und Einwohner")


def fan_chart(fan: pd.DataFrame, user: pd.Series, *, title: str, source: str, key: str) -> None:
    """:func:`fan_figure` with its table (variants and the user's scenario per year)."""
    years = fan.index.tolist()
    table = pd.DataFrame(
        {
            "Jahr": years,
            "niedrig": fmt_ints(fan["low"]),
            "mittel": fmt_ints(fan["middle"]),
            "hoch": fmt_ints(fan["high"]),
            "Ihr Szenario": fmt_ints(user.reindex(years)),
        }
    )
    charts.show(
        charts.style(fan_figure(fan, user), title=title, source=source),
        key=key,
        table=table,
        table_label="Tabelle: Varianten und Ihr Szenario",
    )


def bands_figure(frame: pd.DataFrame, *, index: bool) -> go.Figure:
    """Trajectories of the planning age groups (persons or index base year = 100)."""
    shown = index_to_first_row(frame) if index else frame
    years = frame.index.tolist()
    traces: list[dict[str, object]] = [
        {"type": "scatter", "x": years, "y": shown[col].to_numpy(float), "name": col,
         "line": {"color": charts.QUALITATIVE[i % 8], "width": 3, "dash": DASHES[i % len(DASHES)]}}
        for i, col in enumerate(frame.columns)
    ]  # fmt: skip
    return _line_figure(traces, "Index (Basisjahr = 100)" if index else "Personen")


def bands_chart(
    frame: pd.DataFrame, *, index: bool, title: str, source: str, key: str
) -> pd.DataFrame:
    """:func:`bands_figure` with its table (persons per age group and year); returns the table."""
    table = pd.DataFrame({c: fmt_ints(frame[c]) for c in frame.columns}, index=frame.index)
    table = table.rename_axis("Jahr").reset_index()
    charts.show(
        charts.style(bands_figure(frame, index=index), title=title, source=source),
        key=key,
        table=table,
        table_label="Tabelle: Altersgruppen je Jahr",
    )
    return table


def pyramid_chart(
    frame: pd.DataFrame, base_year: int, end_year: int, *, title: str, source: str, key: str
) -> None:
    """Population pyramid: base year as bars, end year as outline (men left, women right)."""
    fig = go.Figure()
    for year, kind in ((base_year, "bar"), (end_year, "line")):
        part = frame.loc[frame["year"] == year]
        for sex, sign in (("männlich", -1), ("weiblich", 1)):
            s = part.loc[part["sex"] == sex]
            x = sign * s["persons"].to_numpy()
            name = f"{sex} {year}"
            if kind == "bar":
                colour = charts.QUALITATIVE[0] if sex == "männlich" else charts.QUALITATIVE[1]
                fig.add_trace(
                    go.Bar(
                        y=s["age"],
                        x=x,
                        orientation="h",
                        name=name,
                        marker_color=colour,
                        opacity=0.55,
                        customdata=np.abs(x),
                        hovertemplate="Alter %{y}: %{customdata:,.0f}<extra>" + name + "</extra>",
                    )
                )
            else:
                fig.add_trace(
                    go.Scatter(
                        y=s["age"],
                        x=x,
                        mode="lines",
                        name=name,
                        line={"color": "#000", "width": 2, "shape": "hvh"},
                        customdata=np.abs(x),
                        hovertemplate="Alter %{y}: %{customdata:,.0f}<extra>" + name + "</extra>",
                    )
                )
    fig.update_layout(barmode="overlay", bargap=0)
    fig.update_yaxes(title="Alter (100 = 100 und älter)")
    top = float(frame["persons"].max()) if len(frame) else 1.0
    step = 10 ** np.floor(np.log10(max(top, 1.0) / 2))
    ticks = np.arange(-np.ceil(top / step), np.ceil(top / step) + 1) * step
    fig.update_xaxes(
        title="Personen (links Männer, rechts Frauen)",
        tickvals=ticks.tolist(),
        ticktext=[fmt_int(abs(t)) for t in ticks],
    )
    table = pd.DataFrame({"Alter": np.sort(frame["age"].unique())})
    for year in sorted(frame["year"].unique()):
        for sex in sorted(frame["sex"].unique()):
            part = frame.loc[(frame["year"] == year) & (frame["sex"] == sex)].sort_values("age")
            table[f"{sex} {year}"] = fmt_ints(part["persons"])
    charts.show(
        charts.style(fig, title=title, source=source, height=620),
        key=key,
        table=table,
        table_label="Tabelle: Personen nach Alter und Geschlecht",
    )


def area_table(
    change: pd.DataFrame, names: pd.Series, base_year: int, end_year: int
) -> pd.DataFrame:
    """Per-area table (German formatted) with the uncertainty flag."""
    ordered = change.assign(name=change["area_id"].map(names)).sort_values("name")
    return pd.DataFrame(
        {
            "Gebiet": ordered["name"].to_numpy(),
            f"31.12.{base_year}": fmt_ints(ordered["base"]),
            f"31.12.{end_year}": fmt_ints(ordered["end"]),
            "Veränderung": fmt_numbers(ordered["change"], 0, signed=True),
            "Veränderung in %": fmt_numbers(ordered["change_pct"], 1, signed=True, percent=True),
            "Hinweis": np.where(ordered["uncertain"], "unsicher (unter 1.000 Einw.)", ""),
        }
    )


def balance_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The balancing equation per year, German formatted, with the closing check."""
    return pd.DataFrame(
        {
            "Jahr": frame["year"].astype(str).to_numpy(),
            "Bevölkerung Vorjahr": fmt_ints(frame["start"]),
            "+ Geburten": fmt_ints(frame["births"]),
            "− Sterbefälle": fmt_ints(frame["deaths"]),
            "+ Wanderungssaldo": fmt_numbers(frame["migration"], 0, signed=True),
            "= Bevölkerung 31.12.": fmt_ints(frame["end"]),
            "Prüfung": np.where(frame["gap"].abs() < 0.01, "geht auf", "Abweichung"),
        }
    )


def backtest_table(frame: pd.DataFrame, methods: dict[str, str]) -> pd.DataFrame:
    """MAPE table of one backtest case, German formatted."""
    return pd.DataFrame(
        {
            "Gebiete": frame["areas"] + " (" + frame["n_areas"].map(fmt_int) + ")",
            "Verfahren": frame["method"].map(methods).to_numpy(),
            "Einwohner insgesamt": frame["total"].map(lambda v: fmt_percent(v, 1)).to_numpy(),
            "0 bis unter 6": frame["age_0_6"].map(lambda v: fmt_percent(v, 1)).to_numpy(),
            "65 und älter": frame["age_65_plus"].map(lambda v: fmt_percent(v, 1)).to_numpy(),
            "Summe aller Gebiete (berechnet)": fmt_ints(frame["total_projected"]),
        }
    )
