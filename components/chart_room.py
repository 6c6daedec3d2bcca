"""Room in a chart for its title, a legend above the plot and the source note below.

Plotly never measures text for these parts: a title placed in the middle of a top margin that
a legend has grown runs into the legend, and a note that starts right of long bar labels runs
out of the chart. The estimates here are generous (a character is taken wider than it is), so
the parts may get a little more room than they need, never less. Pure plotly, no Streamlit:
the projector copy of a chart (components/meeting) places its legend again with its larger type.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

FONT_SIZE = 15
#: the narrowest chart (a phone: the chart keeps this width and scrolls sideways)
NARROWEST_CHART_PX = 620
#: widths of one character as a share of the type size (generous for Source Sans / Arial)
CHAR_EM = 0.5
#: source note under the plot: its type size, characters per line at most
NOTE_FONT = 11
SOURCE_WRAP = 90
#: space above the title (the title hangs from the top edge of the chart)
TITLE_PAD_PX = 14
#: a legend entry besides its text: symbol, gaps
LEGEND_ENTRY_PX = 45


def title_layout(text: str, size: int = FONT_SIZE + 3) -> dict[str, Any]:
    """The title at the top left of the chart, hanging from the top edge (never in the middle of
    a margin that something else has grown)."""
    return {
        "text": text,
        "x": 0,
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": TITLE_PAD_PX},
        "font": {"size": size},
    }


def category_label_px(fig: go.Figure, size: float = FONT_SIZE) -> float:
    """Estimated width of the text labels left of horizontal bars (0 for other charts)."""
    longest = 0
    for trace in fig.data:
        if getattr(trace, "orientation", None) == "h" and trace.y is not None:
            longest = max([longest, *(len(str(v)) for v in trace.y if isinstance(v, str))])
    return longest * size * CHAR_EM


def note_width(fig: go.Figure) -> int:
    """Characters per source-note line so that the note fits the narrowest chart.

    The note starts at the plot's left edge, i.e. right of the y axis labels: a bar chart with
    long area names leaves less room (the note would otherwise run out of the chart).

    >>> bars = go.Bar(x=[1], y=["Gebiet mit einem sehr langen Namen (2)"], orientation="h")
    >>> note_width(go.Figure(bars))
    57
    >>> note_width(go.Figure(go.Scatter(x=[1], y=[2])))
    90
    """
    room = NARROWEST_CHART_PX - 20 - category_label_px(fig)
    return max(40, min(SOURCE_WRAP, int(room / (NOTE_FONT * CHAR_EM))))


def _legend_names(fig: go.Figure) -> list[str]:
    """The texts of the legend's entries (one per legend group)."""
    names = []
    groups: set[str] = set()
    for t in fig.data:
        group = str(t.legendgroup or t.name)
        if t.name and t.showlegend is not False and group not in groups:
            groups.add(group)
            names.append(str(t.name))
    return names


def legend_above(fig: go.Figure, gap_px: int = 0) -> go.Figure:
    """A horizontal legend between the title and the plot, with room for both.

    ``gap_px``: room between the legend and the plot for labels drawn above the plot.
    """
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["legend_gap"] = gap_px
    fig.update_layout(meta=meta, legend={"orientation": "h", "x": 0, "xanchor": "left"})
    return place_legend(fig)


def place_legend(fig: go.Figure) -> go.Figure:
    """Place a legend made by :func:`legend_above` for the present type sizes and title lines
    (again after the title was broken into lines or the type enlarged); other figures unchanged.

    >>> f = go.Figure([go.Scatter(y=[1], name="Kommune"), go.Scatter(y=[2], name="Median")])
    >>> _ = f.update_layout(height=400, title=title_layout("Arbeitslosenquote"))
    >>> f = legend_above(f)
    >>> f.layout.margin.t, round(f.layout.legend.y, 3)
    (77, 0.891)
    """
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    if "legend_gap" not in meta:
        return fig
    layout = fig.layout
    title_size = (layout.title.font.size if layout.title else None) or FONT_SIZE + 3
    title_lines = len(str((layout.title.text if layout.title else "") or "").split("<br>"))
    title_px = TITLE_PAD_PX + title_lines * title_size * 1.3 + 6
    size = layout.legend.font.size or layout.font.size or FONT_SIZE
    entries = sum(len(n) * size * CHAR_EM + LEGEND_ENTRY_PX for n in _legend_names(fig))
    rows = max(1, math.ceil(entries / (NARROWEST_CHART_PX - 20)))
    legend_px = rows * size * 1.5 + 4
    height = layout.height or 450
    fig.update_layout(
        legend={"yref": "container", "y": 1 - title_px / height, "yanchor": "top"},
        margin_t=int(title_px + legend_px + int(meta["legend_gap"]) + 8),
    )
    return fig


def fit_rows(fig: go.Figure, n_rows: int, row_px: int = 26) -> go.Figure:
    """A horizontal bar chart tall enough for every row's label: plotly silently leaves out
    every other category label when the rows are narrower than the type (call after
    ``charts.style``, whose margins hold the title and the source note).

    >>> f = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    >>> _ = f.update_layout(margin={"t": 60, "b": 150})
    >>> fit_rows(f, 2).layout.height, f.layout.yaxis.dtick
    (262, 1)
    """
    margin = fig.layout.margin
    fig.update_layout(height=int((margin.t or 0) + (margin.b or 0) + n_rows * row_px))
    fig.update_yaxes(dtick=1)  # every label, none skipped
    return fig
