"""A ranking of a few areas as an HTML table with bars, drawn from a horizontal bar chart.

A plotly chart of 15 bars costs the browser ≈ 150 ms of its main thread on every rerun that
changes a value (plotly lays out and redraws the whole SVG, measuring every label); on
"Bedarf und Angebot" that was a quarter of the time a visitor waits after moving the quota
slider (#17, ``docs/profiling.md``). The same ranking as a table – the area's name, a bar of
proportional length, the value as text – is drawn by the browser's own layout in a few
milliseconds, reads well on a projector and is read out by screen readers as the table it is.

The figure stays the source of truth: :func:`show` takes the styled plotly figure, draws its
bars as the table and offers the figure itself in the export menu (PNG/SVG with title, source
and data date; CSV/XLSX of the table), so screen and file show the same numbers.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts, image_export
from components.number_columns import fmt_numbers

#: longest bar as a share of the value cell (the rest keeps room for the value text)
MAX_BAR_PCT = 80.0


@dataclass(frozen=True)
class Bars:
    """What one horizontal bar chart shows: one row per bar, top to bottom."""

    title: str
    labels: list[str]
    values: list[float]
    texts: list[str]
    value_label: str
    source: str
    color: str


def bars_of(fig: go.Figure) -> Bars:
    """The bars of a figure with one horizontal bar trace (as styled by ``charts.style``).

    >>> fig = go.Figure(go.Bar(x=[30.0, 12.0], y=["Mitte", "Pankow"], orientation="h",
    ...                        text=["30", "12"], marker_color="#D55E00"))
    >>> b = bars_of(fig.update_xaxes(title="Fehlbedarf (Plätze)"))
    >>> b.labels, b.values, b.texts, b.value_label, b.color
    (['Mitte', 'Pankow'], [30.0, 12.0], ['30', '12'], 'Fehlbedarf (Plätze)', '#D55E00')

    Bars without value labels show their values in German notation:

    >>> bars_of(go.Figure(go.Bar(x=[1234.5], y=["Mitte"], orientation="h"))).texts
    ['1.234,5']
    """
    (trace,) = fig.data
    if trace.type != "bar" or trace.orientation != "h":
        raise ValueError("bar_list: erwartet ein Diagramm mit einer waagerechten Balkenreihe")
    values = [float(v) for v in (trace.x if trace.x is not None else ())]
    labels = [str(v) for v in (trace.y if trace.y is not None else ())]
    texts = [str(t) for t in trace.text] if trace.text is not None else fmt_numbers(values)
    axis = fig.layout.xaxis.title.text if fig.layout.xaxis and fig.layout.xaxis.title else None
    color = trace.marker.color if isinstance(trace.marker.color, str) else charts.HIGHLIGHT
    return Bars(
        title=image_export.chart_title(fig),
        labels=labels,
        values=values,
        texts=texts,
        value_label=str(axis or "Wert"),
        source=image_export.source_text(fig),
        color=color,
    )


def widths(values: Sequence[float]) -> list[float]:
    """Bar length per value in % of the value cell: the largest ``MAX_BAR_PCT``, 0 stays 0.

    >>> widths([40.0, 20.0, 0.0])
    [80.0, 40.0, 0.0]
    >>> widths([float("nan"), 5.0])
    [0.0, 80.0]
    """
    finite = [abs(v) for v in values if math.isfinite(v)]
    top = max(finite, default=0.0)
    if top <= 0:
        return [0.0 for _ in values]
    return [round(abs(v) / top * MAX_BAR_PCT, 2) if math.isfinite(v) else 0.0 for v in values]


_CELL = "padding:.2em .6em .2em 0;vertical-align:middle;border-bottom:1px solid #e6e6e6"


def html_of(bars: Bars, *, header: str = "Gebiet") -> str:
    """The table: caption = chart title, one row per bar (name, bar, value), source below.

    Every text is escaped; the bars are decoration (``aria-hidden``): the value is in the text.
    """
    rows = []
    for label, text, pct in zip(bars.labels, bars.texts, widths(bars.values), strict=True):
        bar = (
            f"<span aria-hidden='true' class='pa-bar' style='display:inline-block;height:1.05em;"
            f"width:{pct}%;background:{html.escape(bars.color)};flex:none'></span>"
        )
        rows.append(
            f"<tr><th scope='row' style='{_CELL};text-align:left;font-weight:400;"
            f"width:35%;line-height:1.25;overflow-wrap:anywhere'>{html.escape(label)}</th>"
            f"<td style='{_CELL};width:65%'><span style='display:flex;align-items:center;"
            f"gap:.4em'>{bar}<span class='pa-bar-value'>{html.escape(text)}</span></span></td></tr>"
        )
    head = (
        f"<thead><tr><th scope='col' style='{_CELL};text-align:left'>{html.escape(header)}"
        f"</th><th scope='col' style='{_CELL};text-align:left'>{html.escape(bars.value_label)}"
        "</th></tr></thead>"
    )
    source = (
        f"<p style='font-size:.8em;color:#444;margin:.4em 0 0 0'>{html.escape(bars.source)}</p>"
        if bars.source
        else ""
    )
    return (
        "<figure class='pa-bars' style='margin:0 0 .6em 0'>"
        "<table style='width:100%;border-collapse:collapse;table-layout:fixed'>"
        f"<caption style='caption-side:top;text-align:left;font-weight:600;font-size:1.1em;"
        f"padding:0 0 .4em 0;color:#222'>{html.escape(bars.title)}</caption>"
        f"{head}<tbody>{''.join(rows)}</tbody></table>{source}</figure>"
    )


def show(
    fig: go.Figure, *, key: str, table: pd.DataFrame | None = None, header: str = "Gebiet"
) -> None:
    """Draw the bars of ``fig`` as the table of :func:`html_of`, then the chart's export menu
    (the figure as PNG/SVG, ``table`` as CSV/XLSX)."""
    st.html(html_of(bars_of(fig), header=header))
    charts.export_menu(fig, key=key, table=table)


def show_or_note(
    fig: go.Figure,
    note: str,
    *,
    key: str,
    table: pd.DataFrame | None = None,
    header: str = "Gebiet",
) -> bool:
    """:func:`show` when the figure has bars (``charts.has_marks``), else the German ``note``."""
    if not charts.has_marks(fig):
        st.info(note)
        return False
    show(fig, key=key, table=table, header=header)
    return True
