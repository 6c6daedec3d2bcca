"""Tables and figures of the page "Kommunen vergleichen" (no data access here).

Information is never carried by colour alone: every assessment is also written out
(row titles of the overview, the "Bewertung" column, text on the change bars).
Harmonised values (flag ``estimated``: converted to the Gebietsstand 31.12.2024) are marked
with "≈" in tables and with open markers plus a hover note in charts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import charts
from components.formatting import MISSING, fmt_int, fmt_number, fmt_period, fmt_signed
from indicators.peers import stats as ps

GEBIETSSTAND_NOTE = (
    "Gebietsstand 31.12.2024; Werte fusionierter Gemeinden umgerechnet (gekennzeichnet mit ≈)"
)
APPROX = "≈"
#: colour of the own value by assessment (Okabe–Ito) – always shown together with the text
ASSESS_COLOR = {
    ps.BETTER: "#0072B2",
    ps.WORSE: "#D55E00",
    ps.MIDDLE: "#8C8C8C",
    ps.HIGHER: "#000000",
    ps.LOWER: "#000000",
    ps.NO_DATA: "#BBBBBB",
}
ASSESS_SYMBOL = {ps.BETTER: "circle", ps.WORSE: "x", ps.MIDDLE: "diamond"}
FLAG_TEXT = {
    "observed": "wie veröffentlicht",
    "derived": "berechnet",
    "estimated": "umgerechnet auf Gebietsstand 31.12.2024",
    "missing": "keine Angabe",
    "suppressed": "geheim gehalten",
}


def label(meta: Mapping[str, Any]) -> str:
    """ "Arbeitslosenquote (%)" – short name with unit."""
    return f"{meta['short_name']} ({meta['unit']})"


def value_text(value: float, decimals: int, flag: str | None = None) -> str:
    """German number, prefixed with "≈" for harmonised values.

    >>> value_text(9.69, 1), value_text(5055.0, 0, "estimated")
    ('9,7', '≈ 5.055')
    """
    text = fmt_number(value, decimals, suppressed=flag == "suppressed")
    return f"{APPROX} {text}" if flag == "estimated" and text != MISSING else text


def rank_text(rank: float, n: int) -> str:
    """ "85 (von 10)" – percentile rank 0–100 among ``n`` areas with a value."""
    return MISSING if pd.isna(rank) else f"{fmt_int(rank)} (von {fmt_int(n)})"


def overview_table(
    pos: pd.DataFrame, cat: pd.DataFrame, own_rows: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shown table (German strings) and export table (numbers) of the position overview.

    ``pos``: :func:`indicators.peers.stats.position`; ``cat``: catalogue indexed by
    ``indicator_id``; ``own_rows``: snapshot rows of the own area indexed by ``indicator_id``
    (``period``, ``flag``).
    """
    shown, export = [], []
    for row in pos.itertuples(index=False):
        meta = cat.loc[row.indicator_id]
        dec = int(meta["decimals"])
        flag = str(own_rows["flag"].get(row.indicator_id, "missing"))
        period = str(own_rows["period"].get(row.indicator_id, ""))
        iqr = f"{fmt_number(row.peer_q1, dec)} – {fmt_number(row.peer_q3, dec)}"
        shown.append(
            {
                "Indikator": label(meta),
                "Stand": fmt_period(period) if period else MISSING,
                "Wert": value_text(row.value, dec, flag),
                "Median Vergleichsgruppe": fmt_number(row.peer_median, dec),
                "Mittlere Hälfte der Gruppe": iqr if row.n_peers else MISSING,
                "Rang in der Gruppe": rank_text(row.rank_peers, row.n_peers),
                "Rang unter allen": rank_text(row.rank_all, row.n_all),
                "Bewertung": row.bewertung,
            }
        )
        export.append(
            {
                "Indikator": meta["name"],
                "Einheit": meta["unit"],
                "Stand": period,
                "Wert": row.value,
                "Kennzeichnung": FLAG_TEXT.get(flag, flag),
                "Median Vergleichsgruppe": row.peer_median,
                "Unteres Quartil": row.peer_q1,
                "Oberes Quartil": row.peer_q3,
                "Vergleichskommunen mit Wert": row.n_peers,
                "Perzentilrang in der Gruppe": row.rank_peers,
                "Perzentilrang unter allen": row.rank_all,
                "Bewertung": row.bewertung,
                "Quelle": meta["source"],
            }
        )
    return pd.DataFrame(shown), pd.DataFrame(export)


def _row_axes(i: int, n: int, gap: float) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Axis suffix and x/y axis layout of row ``i`` (1-based) of ``n`` stacked rows."""
    suffix = "" if i == 1 else str(i)
    height = (1 - gap * (n - 1)) / n
    top = 1 - (i - 1) * (height + gap)
    xaxis: dict[str, Any] = {
        "anchor": f"y{suffix}",
        "domain": [0, 1],
        "zeroline": False,
        "exponentformat": "none",
        "separatethousands": True,
    }
    yaxis = {"anchor": f"x{suffix}", "domain": [max(top - height, 0), top], "visible": False}
    yaxis["range"] = [-1, 1]
    return suffix, xaxis, yaxis


def _row_traces(r: Any, dec: int, own_name: str, suffix: str, first: bool) -> list[dict[str, Any]]:
    """IQR bar, peer median and own value of one indicator row (plain dicts: fast to build)."""
    axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
    return [
        {
            "type": "scatter",
            "x": [r.peer_q1, r.peer_q3],
            "y": [0, 0],
            "mode": "lines",
            "line": {"color": "#9ecae1", "width": 14},
            "name": "mittlere Hälfte der Vergleichsgruppe",
            "legendgroup": "iqr",
            "showlegend": first,
            "hovertemplate": f"Mittlere Hälfte: {fmt_number(r.peer_q1, dec)} – "
            f"{fmt_number(r.peer_q3, dec)}<extra></extra>",
            **axes,
        },
        {
            "type": "scatter",
            "x": [r.peer_median],
            "y": [0],
            "mode": "markers",
            "marker": {"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": "#08306b"}},
            "name": "Median der Vergleichsgruppe",
            "legendgroup": "median",
            "showlegend": first,
            "hovertemplate": f"Median: {fmt_number(r.peer_median, dec)}<extra></extra>",
            **axes,
        },
        {
            "type": "scatter",
            "x": [r.value],
            "y": [0],
            "mode": "markers",
            "marker": {
                "size": 14,
                "color": ASSESS_COLOR.get(r.bewertung, "#000000"),
                "symbol": ASSESS_SYMBOL.get(r.bewertung, "square"),
                "line": {"width": 1, "color": "#ffffff"},
            },
            "name": own_name,
            "legendgroup": "own",
            "showlegend": first,
            "hovertemplate": f"{own_name}: {fmt_number(r.value, dec)} – {r.bewertung}<extra></extra>",
            **axes,
        },
    ]


def overview_figure(pos: pd.DataFrame, cat: pd.DataFrame, own_name: str, source: str) -> go.Figure:
    """One row per indicator: peer IQR bar, peer median, own value (colour + symbol + text).

    Built from plain dicts with explicit axis domains (``make_subplots`` alone costs ~90 ms).
    """
    n = max(len(pos), 1)
    height = 170 + 110 * n
    plot_height = height - 130 - 70
    gap = min(62 / plot_height, 0.9 / max(n - 1, 1))
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = {"annotations": []}
    for i, r in enumerate(pos.itertuples(index=False), start=1):
        meta = cat.loc[r.indicator_id]
        suffix, xaxis, yaxis = _row_axes(i, n, gap)
        xs = [v for v in (r.peer_q1, r.peer_q3, r.value) if pd.notna(v)]
        if xs:
            pad = (max(xs) - min(xs)) * 0.06 or abs(max(xs)) * 0.05 or 1.0
            xaxis["range"] = [min(xs) - pad, max(xs) + pad]
        layout[f"xaxis{suffix}"], layout[f"yaxis{suffix}"] = xaxis, yaxis
        data += _row_traces(r, int(meta["decimals"]), own_name, suffix, i == 1)
        layout["annotations"].append(
            {
                "text": f"{label(meta)}: {r.bewertung}",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": yaxis["domain"][1],
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 14},
            }
        )
    fig = go.Figure(data=data, layout=layout)
    charts.style(fig, title=f"Wo steht {own_name}?", source=source, height=height)
    fig.update_layout(
        legend={"orientation": "h", "y": 1 + 40 / plot_height, "yanchor": "bottom", "x": 0},
        margin={"t": 130, "b": 70},
    )
    fig.layout.annotations[-1].update(y=-40 / plot_height)
    return fig


def series_figure(
    own: pd.DataFrame, band: pd.DataFrame, meta: Mapping[str, Any], own_name: str, source: str
) -> go.Figure:
    """Own series with the peer band (IQR) and the peer median; harmonised points are open."""
    dec = int(meta["decimals"])
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
    charts.style(fig, title=f"{meta['name']} ({meta['unit']})", source=source)
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
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


def change_unit(kind: str, unit: str) -> str:
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
    fig = go.Figure(
        go.Bar(
            x=sel["change"],
            y=[names.get(a, a) + (" (eigene)" if a == own else "") for a in sel["area_id"]],
            orientation="h",
            marker={"color": np.where(is_own, charts.HIGHLIGHT, "#9ecae1").tolist()},
            text=[fmt_signed(v, 1) for v in sel["change"]],
            textposition="outside",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    charts.style(fig, title=title, source=source, height=160 + 24 * len(sel))
    fig.update_xaxes(title_text=f"Veränderung ({unit})")
    return fig


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
