"""Tables and figures of the position overview of "Kommunen vergleichen" (no data access here).

The time series and the change chart are in :mod:`features.benchmarking.view_change`.

Information is never carried by colour alone: every assessment is also written out
(row titles of the overview, the "Bewertung" column, text on the change bars).
Harmonised values (flag ``estimated``: converted to the Gebietsstand of the store) are marked
with "≈" in tables and with open markers plus a hover note in charts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components import chart_room, charts
from components.formatting import MISSING, fmt_int, fmt_number, fmt_period
from features.benchmarking.model import Indicator
from indicators.peers import stats as ps
from indicators.peers.stats import PositionRow, position_rows

#: the Gebietsstand when the store gives no date for it
GEBIETSSTAND_UNKNOWN = "Gebietsstand der Datenbasis (ohne Datumsangabe)"
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
#: a distinct symbol per assessment: also without colour (print, colour-vision deficiency)
ASSESS_SYMBOL = {
    ps.BETTER: "circle",
    ps.WORSE: "x",
    ps.MIDDLE: "diamond",
    ps.HIGHER: "triangle-up",
    ps.LOWER: "triangle-down",
}
FLAG_TEXT = {
    "observed": "wie veröffentlicht",
    "derived": "berechnet",
    "estimated": "geschätzt: umgerechnet auf den aktuellen Gebietsstand",
    "missing": "keine Angabe",
    "suppressed": "geheim gehalten",
}


def gebietsstand_text(stand: str | None) -> str:
    """ "Gebietsstand 01.01.2025" from the formatted date, a wording without date when missing.

    >>> gebietsstand_text("01.01.2025"), gebietsstand_text(None)
    ('Gebietsstand 01.01.2025', 'Gebietsstand der Datenbasis (ohne Datumsangabe)')
    """
    return f"Gebietsstand {stand}" if stand else GEBIETSSTAND_UNKNOWN


def gebietsstand_note(stand: str | None) -> str:
    """The note on the Gebietsstand and the harmonised values of merged Gemeinden."""
    return (
        f"{gebietsstand_text(stand)}; Werte fusionierter Gemeinden geschätzt: auf diesen "
        "Gebietsstand umgerechnet (gekennzeichnet mit ≈)"
    )


def label(meta: Indicator) -> str:
    """ "Arbeitslosenquote (%)" – short name with unit."""
    return meta.label


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
    shown: list[dict[str, object]] = []
    export: list[dict[str, object]] = []
    for row in position_rows(pos):
        meta = Indicator.of(cat, row.indicator_id)
        dec = meta.decimals
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
                "Indikator": meta.name,
                "Einheit": meta.unit,
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
                "Quelle": meta.source,
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


def axis_range(values: list[float]) -> list[float] | None:
    """x range of one row of the position chart: from the baseline 0 to the values.

    Every row starts at 0 (shares, counts and rates are read against zero; a row zoomed to
    its values would make a difference of 2,8 to 3,2 % look like a gap of 80 %); negative
    values extend the row below 0. A small margin keeps the markers off the edges.

    >>> axis_range([2.8, 3.2, 3.0])
    [0.0, 3.392]
    >>> axis_range([-1.0, 1.0, float("nan")])
    [-1.12, 1.12]
    >>> axis_range([float("nan")]) is None
    True
    """
    xs = [float(v) for v in values if pd.notna(v)]
    if not xs:
        return None
    lo, hi = min([*xs, 0.0]), max([*xs, 0.0])
    pad = (hi - lo) * 0.06 or 1.0
    return [round(lo - pad, 9) if lo < 0 else 0.0, round(hi + pad, 9) if hi > 0 else 0.0]


def _row_traces(
    r: PositionRow, dec: int, own_name: str, suffix: str, first: bool, new_assessment: bool
) -> list[dict[str, Any]]:
    """IQR bar, peer median and own value of one indicator row (plain dicts: fast to build).

    The own value's legend entry is per assessment (colour and symbol differ by assessment),
    shown at its first row, so that every marker drawn has its entry in the legend.
    """
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
            "name": f"{own_name}: {r.bewertung}",
            "legendgroup": f"own-{r.bewertung}",
            "showlegend": new_assessment,
            "hovertemplate": f"{own_name}: {fmt_number(r.value, dec)} – {r.bewertung}<extra></extra>",
            **axes,
        },
    ]


def overview_figure(pos: pd.DataFrame, cat: pd.DataFrame, own_name: str, source: str) -> go.Figure:
    """One row per indicator: peer IQR bar, peer median, own value (colour + symbol + text).

    Built from plain dicts with explicit axis domains (``make_subplots`` alone costs ~90 ms),
    not validated again.
    """
    n = max(len(pos), 1)
    height = 170 + 110 * n
    plot_height = height - 130 - 70
    gap = min(62 / plot_height, 0.9 / max(n - 1, 1))
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = {"annotations": []}
    seen: set[str] = set()  # assessments already in the legend
    for i, r in enumerate(position_rows(pos), start=1):
        meta = Indicator.of(cat, r.indicator_id)
        suffix, xaxis, yaxis = _row_axes(i, n, gap)
        x_range = axis_range([r.peer_q1, r.peer_q3, r.value])
        if x_range is not None:
            xaxis["range"] = x_range
        layout[f"xaxis{suffix}"], layout[f"yaxis{suffix}"] = xaxis, yaxis
        drawn = pd.notna(r.value) and r.bewertung not in seen  # no marker, no legend entry
        data += _row_traces(r, meta.decimals, own_name, suffix, i == 1, drawn)
        if drawn:
            seen.add(r.bewertung)
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
    # plain dicts of fixed form: plotly's validation would cost ≈ 10 ms for its many axes
    # (tests/pages/test_benchmarking_position_chart.py validates the result)
    fig = charts.unchecked_figure({"data": data, "layout": layout})
    fig = charts.style(fig, title=f"Wo steht {own_name}?", source=source, height=height)
    # room for the first row's label above the plot (bottom margin, source note: charts.style)
    return chart_room.legend_above(fig, gap_px=34)
