"""Figures and tables of the development section of "Kommunen vergleichen": the own time
series in the peer band and the change of the own Kommune among the peers' changes.

Harmonised values are marked as in :mod:`features.benchmarking.view` ("≈", open markers).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import chart_room, charts
from components.formatting import fmt_int, fmt_number, fmt_period, fmt_signed
from features.benchmarking.model import Indicator
from features.benchmarking.view import FLAG_TEXT, value_text
from indicators.peers.change import ChangeKind


def series_figure(
    own: pd.DataFrame, band: pd.DataFrame, meta: Indicator, own_name: str, source: str
) -> go.Figure:
    """Own series with the peer band (IQR) and the peer median; harmonised points are open."""
    dec = meta.decimals
    x_band = [fmt_period(p) for p in band["period"]]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=x_band, y=band["q3"], mode="lines", line={"width": 0}, showlegend=False)
    )
    fig.add_trace(
        go.Scatter(
            x=x_band,
            y=band["q1"],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(158,202,225,0.6)",
            name="mittlere Hälfte der Vergleichsgruppe",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x_band,
            y=band["median"],
            mode="lines",
            line={"color": "#08306b", "dash": "dash"},
            name="Median der Vergleichsgruppe",
        )
    )
    est = own["flag"].eq("estimated").to_numpy()
    fig.add_trace(
        go.Scatter(
            x=[fmt_period(p) for p in own["period"]],
            y=own["value"],
            mode="lines+markers",
            line={"color": charts.HIGHLIGHT, "width": 3},
            marker={"size": 9, "symbol": np.where(est, "circle-open", "circle").tolist()},
            name=own_name,
            text=[value_text(v, dec, f) for v, f in zip(own["value"], own["flag"], strict=True)],
            customdata=[FLAG_TEXT.get(f, f) for f in own["flag"]],
            hovertemplate="%{x}: %{text} (%{customdata})<extra></extra>",
        )
    )
    fig = charts.style(fig, title=f"{meta.name} ({meta.unit})", source=source)
    chart_room.legend_above(fig)
    fig.update_xaxes(type="category")
    return fig


def series_table(own: pd.DataFrame, band: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """Text alternative of :func:`series_figure`."""
    merged = band.merge(own[["period", "value", "flag"]], on="period", how="outer").sort_values(
        "period"
    )
    return pd.DataFrame(
        {
            "Zeitpunkt": merged["period"].map(fmt_period),
            "Eigener Wert": [
                value_text(v, decimals, f if isinstance(f, str) else None)
                for v, f in zip(merged["value"], merged["flag"], strict=True)
            ],
            "Median Vergleichsgruppe": merged["median"].map(lambda v: fmt_number(v, decimals)),
            "Unteres Quartil": merged["q1"].map(lambda v: fmt_number(v, decimals)),
            "Oberes Quartil": merged["q3"].map(lambda v: fmt_number(v, decimals)),
            "Vergleichskommunen mit Wert": merged["n"].map(fmt_int),
        }
    )


def change_unit(kind: ChangeKind, unit: str) -> str:
    """Unit of a change: "%" (relative) or the indicator unit ("Prozentpunkte" for %)."""
    if kind == "percent":
        return "%"
    return "Prozentpunkte" if unit == "%" else unit


def change_figure(
    changes: pd.DataFrame,
    own: str,
    peers: Collection[str],
    names: Mapping[str, str],
    unit: str,
    *,
    title: str,
    source: str,
    limit: int = 40,
) -> go.Figure:
    """Sorted bars: the own change (highlighted) among the peers' changes, values as text."""
    sel = _change_rows(changes, own, peers, limit)
    is_own = (sel["area_id"] == own).to_numpy()
    labels = _unique_labels([names.get(a, a) for a in sel["area_id"]], list(sel["area_id"]))
    fig = go.Figure(
        go.Bar(
            x=sel["change"],
            y=[
                t + (" (eigene)" if a == own else "")
                for t, a in zip(labels, sel["area_id"], strict=True)
            ],
            orientation="h",
            marker={"color": np.where(is_own, charts.HIGHLIGHT, "#9ecae1").tolist()},
            text=[fmt_signed(v, 1) for v in sel["change"]],
            textposition="outside",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig = charts.style(fig, title=title, source=source)
    fig.update_xaxes(title_text=f"Veränderung ({unit})")
    return chart_room.fit_rows(fig, len(sel))  # every Kommune's name, none skipped


def _unique_labels(labels: list[str], ids: list[str]) -> list[str]:
    """Bar labels; a label that occurs twice gets the key of its area (bars would merge).

    >>> _unique_labels(["Au", "Au", "Bad X"], ["de:09001", "de:09002", "de:09003"])
    ['Au (09001)', 'Au (09002)', 'Bad X']
    """
    counts = pd.Series(labels, dtype=object).value_counts()
    return [
        f"{t} ({str(a).rsplit(':', 1)[-1]})" if counts[t] > 1 else t
        for t, a in zip(labels, ids, strict=True)
    ]


def _change_rows(
    changes: pd.DataFrame, own: str, peers: Collection[str], limit: int
) -> pd.DataFrame:
    """The own Kommune and the first ``limit`` peers with a change, ascending by change."""
    keep = [own, *list(peers)[:limit]]
    sel = changes[changes["area_id"].isin(keep)].dropna(subset=["change"])
    return sel.sort_values("change", kind="stable")


def change_table(
    changes: pd.DataFrame,
    own: str,
    peers: Collection[str],
    names: Mapping[str, str],
    unit: str,
    *,
    limit: int = 40,
) -> pd.DataFrame:
    """The data of :func:`change_figure` as a table (largest change first).

    Columns ``Kommune``, ``Rolle`` (eigene Kommune / Vergleichsgruppe) and
    ``Veränderung (<unit>)`` as German text with sign.
    """
    sel = _change_rows(changes, own, peers, limit).iloc[::-1]
    return pd.DataFrame(
        {
            "Kommune": [names.get(a, a) for a in sel["area_id"]],
            "Rolle": ["eigene Kommune" if a == own else "Vergleichsgruppe" for a in sel["area_id"]],
            f"Veränderung ({unit})": [fmt_signed(v, 1) for v in sel["change"]],
        }
    )
