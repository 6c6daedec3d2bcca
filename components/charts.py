"""Plotly charts that read well on a projector, each with source, data date and a table alternative."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.layout import data_stamp

FONT_SIZE = 15
#: Okabe–Ito palette: distinguishable with the common colour-vision deficiencies
QUALITATIVE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
]
HIGHLIGHT = "#D55E00"
NEUTRAL = "#8C8C8C"


def source_line(meta: dict[str, Any] | None) -> str:
    """ "Quelle: … · Stand: … · Datenversion …" for captions and exports."""
    if not meta:
        return data_stamp()
    return (
        f"Quelle: {meta.get('source', '–')} · Stand: {meta.get('data_date', '–')} · {data_stamp()}"
    )


def style(fig: go.Figure, *, title: str, source: str, height: int = 460) -> go.Figure:
    """Large type, white background, the source line under the plot (it travels with PNG/SVG exports)."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": FONT_SIZE + 3}},
        template="plotly_white",
        font={"size": FONT_SIZE, "family": "Source Sans Pro, Arial, sans-serif"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 80},
        separators=",.",
        colorway=QUALITATIVE,
    )
    fig.add_annotation(
        text=source,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.22,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": "#444"},
        align="left",
    )
    return fig


def show(
    fig: go.Figure,
    *,
    key: str,
    table: pd.DataFrame | None = None,
    table_label: str = "Tabelle zur Grafik",
) -> None:
    """Render a chart plus its data as a table (text alternative for screen readers)."""
    st.plotly_chart(
        fig,
        key=key,
        config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}},
    )
    if table is not None:
        with st.expander(table_label):
            st.dataframe(table, hide_index=True, width="stretch")
