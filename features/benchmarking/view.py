"""Tables and figures of the position overview of "Kommunen vergleichen" (no data access here).

The time series and the change chart are in :mod:`features.benchmarking.view_change`.

Information is never carried by colour alone: every assessment is also written out
(row titles of the overview, the "Bewertung" column, text on the change bars).
Harmonised values (flag ``estimated``: converted to the Gebietsstand of the store) are marked
with "≈" in tables and with open markers plus a hover note in charts.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components import chart_room, charts
from components.formatting import MISSING, fmt_int, fmt_number, fmt_period
from features.benchmarking.model import Indicator
from indicators.peers import stats as ps
from indicators.peers.stats import position_rows

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


def nice_ticks(lo: float, hi: float, target: int = 5) -> tuple[list[float], int]:
    """Round tick values from ``lo`` to ``hi`` (about ``target`` of them) and their decimals.

    >>> nice_ticks(0.0, 3.392)
    ([0.0, 1.0, 2.0, 3.0], 0)
    >>> nice_ticks(-1.12, 1.12)
    ([-1.0, -0.5, 0.0, 0.5, 1.0], 1)
    >>> nice_ticks(0.0, 1_234_567.0)
    ([0.0, 250000.0, 500000.0, 750000.0, 1000000.0], 0)
    """
    raw = (hi - lo) / target if hi > lo else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude * (1 + 1e-9))
    decimals = next(d for d in range(12) if abs(step * 10**d - round(step * 10**d)) < 1e-6)
    first = math.ceil(lo / step - 1e-9)
    ticks = [round((first + k) * step, decimals) for k in range(int((hi - lo) / step) + 2)]
    return [t for t in ticks if lo - 1e-9 <= t <= hi + 1e-9], decimals


#: row layout of the position chart in rows of the y axis (row i is drawn at y = i)
_TITLE_DY, _TICK_DY, _GRID_DY = -0.42, 0.33, 0.2


def _scale(x: float, x_range: list[float]) -> float:
    lo, hi = x_range
    return (x - lo) / (hi - lo) if hi > lo else 0.5


def overview_figure(pos: pd.DataFrame, cat: pd.DataFrame, own_name: str, source: str) -> go.Figure:
    """One row per indicator: peer IQR bar, peer median, own value (colour + symbol + text).

    Every row has its own scale (from 0, :func:`axis_range`) with labelled ticks, yet the chart
    has one pair of axes: each row is drawn on 0–1 of its scale and its ticks are text. A
    subplot per indicator made the browser lay out and draw one axis pair per row (≈ 120 ms
    of every rerun for 11 rows, #17). Marks of a kind share one trace (rows split by gaps).
    Built from plain dicts, not validated again
    (tests/pages/test_benchmarking_position_chart.py validates the result).
    """
    n = max(len(pos), 1)
    grid: dict[str, list[Any]] = {"x": [], "y": []}
    ticks: dict[str, list[Any]] = {"x": [], "y": [], "text": []}
    titles: dict[str, list[Any]] = {"x": [], "y": [], "text": []}
    iqr: dict[str, list[Any]] = {"x": [], "y": [], "text": []}
    median: dict[str, list[Any]] = {"x": [], "y": [], "text": []}
    own: dict[str, dict[str, list[Any]]] = {}  # by assessment, in order of first appearance
    for i, r in enumerate(position_rows(pos)):
        meta = Indicator.of(cat, r.indicator_id)
        name, dec = label(meta), meta.decimals
        titles["x"].append(0.0)
        titles["y"].append(i + _TITLE_DY)
        titles["text"].append(f"{name}: {r.bewertung}")
        x_range = axis_range([r.peer_q1, r.peer_q3, r.value])
        if x_range is None:
            continue
        values, tick_dec = nice_ticks(x_range[0], x_range[1])
        for t in values:
            x = _scale(t, x_range)
            grid["x"] += [x, x, None]
            grid["y"] += [i - _GRID_DY, i + _GRID_DY, None]
            ticks["x"].append(x)
            ticks["y"].append(i + _TICK_DY)
            ticks["text"].append(fmt_number(t, tick_dec))
        if pd.notna(r.peer_q1) and pd.notna(r.peer_q3):
            hover = f"{name}<br>Mittlere Hälfte: {fmt_number(r.peer_q1, dec)} – {fmt_number(r.peer_q3, dec)}"
            iqr["x"] += [_scale(r.peer_q1, x_range), _scale(r.peer_q3, x_range), None]
            iqr["y"] += [i, i, None]
            iqr["text"] += [hover, hover, None]
        if pd.notna(r.peer_median):
            median["x"].append(_scale(r.peer_median, x_range))
            median["y"].append(i)
            median["text"].append(f"{name}<br>Median: {fmt_number(r.peer_median, dec)}")
        if pd.notna(r.value):
            marks = own.setdefault(r.bewertung, {"x": [], "y": [], "text": []})
            marks["x"].append(_scale(r.value, x_range))
            marks["y"].append(i)
            marks["text"].append(
                f"{name}<br>{own_name}: {fmt_number(r.value, dec)} – {r.bewertung}"
            )
    quiet: dict[str, Any] = {"hoverinfo": "skip", "showlegend": False, "cliponaxis": False}
    hovered: dict[str, Any] = {"hovertemplate": "%{text}<extra></extra>"}
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Skala",
            "line": {"color": "#dddddd", "width": 1},
        }
        | grid
        | quiet,
        {"type": "scatter", "mode": "text", "name": "Skalenwerte", "textfont": {"color": "#555555"}}
        | ticks
        | quiet,
        {
            "type": "scatter",
            "mode": "text",
            "name": "Indikator",
            "textposition": "middle right",
            "textfont": {"color": "#262730"},
        }
        | titles
        | quiet,
        {
            "type": "scatter",
            "mode": "lines",
            "line": {"color": "#9ecae1", "width": 14},
            "name": "mittlere Hälfte der Vergleichsgruppe",
            "legendgroup": "iqr",
            "hoveron": "points",
        }
        | iqr
        | hovered,
        {
            "type": "scatter",
            "mode": "markers",
            "marker": {"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": "#08306b"}},
            "name": "Median der Vergleichsgruppe",
            "legendgroup": "median",
        }
        | median
        | hovered,
    ]
    for bewertung, marks in own.items():
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "marker": {
                    "size": 14,
                    "color": ASSESS_COLOR.get(bewertung, "#000000"),
                    "symbol": ASSESS_SYMBOL.get(bewertung, "square"),
                    "line": {"width": 1, "color": "#ffffff"},
                },
                "name": f"{own_name}: {bewertung}",
                "legendgroup": f"own-{bewertung}",
            }
            | marks | hovered
        )  # fmt: skip
    layout: dict[str, Any] = {
        "xaxis": {"range": [-0.02, 1.02], "visible": False, "fixedrange": True},
        "yaxis": {"range": [n - 1 + 0.55, -0.75], "visible": False, "fixedrange": True},
        "hovermode": "closest",
    }
    fig = charts.unchecked_figure({"data": data, "layout": layout})
    height = 170 + 110 * n
    fig = charts.style(fig, title=f"Wo steht {own_name}?", source=source, height=height)
    return chart_room.legend_above(fig)
