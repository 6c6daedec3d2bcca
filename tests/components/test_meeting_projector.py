"""Meeting mode: the projector copy of a chart has large type, more room and stays a valid chart."""

from __future__ import annotations

import plotly.graph_objects as go

from components import charts
from components.meeting import PROJECTOR_FONT, SLIDE_HEIGHT, projector_figure


def _chart() -> go.Figure:
    fig = go.Figure(
        [
            go.Scatter(x=[2020, 2021, 2022], y=[3.0, 4.0, 4.5], name="Mitte"),
            go.Bar(x=[2020, 2021, 2022], y=[1, 2, 3], name="Vergleich"),
        ]
    )
    return charts.style(fig, title="Kinder unter 6", source="Quelle: Amt für Statistik", height=420)


def test_projector_copy_has_large_type_and_the_original_is_unchanged() -> None:
    fig = _chart()
    before = fig.to_plotly_json()
    big = projector_figure(fig)
    assert fig.to_plotly_json() == before
    assert big.layout.font.size >= PROJECTOR_FONT
    assert big.layout.title.font.size == PROJECTOR_FONT + 6
    assert big.layout.xaxis.tickfont.size == PROJECTOR_FONT - 2
    assert all(a.font.size >= 16 for a in big.layout.annotations)
    assert 420 < big.layout.height <= max(420, SLIDE_HEIGHT)
    assert big.layout.margin.b > fig.layout.margin.b  # room for the larger source note


def test_projector_copy_is_a_valid_chart_with_the_same_data() -> None:
    big = projector_figure(_chart())
    checked = go.Figure(big.to_dict())  # plotly validates every property here
    assert checked.to_plotly_json() == big.to_plotly_json()
    assert [t.name for t in big.data] == ["Mitte", "Vergleich"]
    assert list(big.data[0].y) == [3.0, 4.0, 4.5]
