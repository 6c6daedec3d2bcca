"""Ranking bars and the distribution histogram of "Sozialräume vergleichen"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from components import charts
from components.formatting import fmt_int, fmt_number
from features.areas.context import IndicatorInfo

#: above this many areas with a value: top and bottom ten only, plus a histogram
MANY_AREAS = 40
TOP_N = 10


def _bar_colors(ids: Sequence[str], selected: Sequence[str]) -> list[str]:
    return [charts.HIGHLIGHT if a in set(selected) else charts.QUALITATIVE[0] for a in ids]


def _shown_rows(table: pd.DataFrame, selected: Sequence[str]) -> pd.DataFrame:
    """Rows with a value by value (descending); with many, the top/bottom ten and the selected."""
    t = table[table["value"].notna()].sort_values("value", ascending=False)
    if len(t) <= MANY_AREAS:
        return t
    keep = pd.concat([t.head(TOP_N), t[t.index.isin(selected)], t.tail(TOP_N)])
    return keep[~keep.index.duplicated()].sort_values("value", ascending=False)


def ranking_figure(
    table: pd.DataFrame,
    info: IndicatorInfo,
    reference: float | None,
    reference_name: str,
    selected: Sequence[str],
) -> go.Figure:
    """Sorted bars (all areas, or the top and bottom ten when there are many)."""
    many = int(table["value"].notna().sum()) > MANY_AREAS
    t = _shown_rows(table, selected)
    labels = [f"{n} ({int(r)})" for n, r in zip(t["name"], t["rank"], strict=True)]
    texts = [f"{fmt_number(v, info.decimals)} {info.unit}".strip() for v in t["value"]]
    fig = go.Figure(
        go.Bar(
            x=t["value"],
            y=labels,
            orientation="h",
            marker_color=_bar_colors(list(t.index), selected),
            customdata=texts,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    if reference is not None:
        fig.add_vline(
            x=reference,
            line_dash="dash",
            line_color="#000",
            annotation_text=f"{reference_name}: {fmt_number(reference, info.decimals)}",
            annotation_position="top",
        )
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=info.unit)
    short = info.record.get("short_name")
    title = (
        f"{short}: höchste und niedrigste {TOP_N} von {fmt_int(len(table))} Gebieten"
        if many
        else f"{short}: alle Gebiete nach Wert (Rang in Klammern)"
    )
    return charts.style(
        fig,
        title=title,
        source=charts.source_line(info.source()),
        height=max(420, 24 * len(t) + 140),
    )


def histogram_figure(
    table: pd.DataFrame,
    info: IndicatorInfo,
    reference: float | None,
    reference_name: str,
    selected_values: Mapping[str, float],
) -> go.Figure:
    """Distribution of the values with the Kommune value and the selected areas as lines."""
    values = table["value"].dropna().astype(float)
    fig = go.Figure(go.Histogram(x=values, nbinsx=30, marker_color=charts.QUALITATIVE[4]))
    if reference is not None:
        fig.add_vline(
            x=reference,
            line_dash="dash",
            line_color="#000",
            annotation_text=reference_name,
            annotation_position="top right",
        )
    for name, value in selected_values.items():
        fig.add_vline(
            x=value,
            line_color=charts.HIGHLIGHT,
            line_width=3,
            annotation_text=name,
            annotation_position="top left",
        )
    fig.update_xaxes(title=info.unit)
    fig.update_yaxes(title="Anzahl Gebiete")
    return charts.style(
        fig,
        title=f"Verteilung: {info.record.get('short_name')} ({fmt_int(len(values))} Gebiete mit Wert)",
        source=charts.source_line(info.source()),
        height=380,
    )
