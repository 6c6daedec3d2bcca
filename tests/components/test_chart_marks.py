"""components.charts.has_marks / show_or_note: a chart without marks becomes a German note."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from components.charts import has_marks


@pytest.mark.parametrize(
    ("fig", "expected"),
    [
        (go.Figure(), False),
        (go.Figure(go.Bar(x=[], y=[], orientation="h")), False),
        (go.Figure(go.Bar(x=[None, float("nan")], y=["A", "B"], orientation="h")), False),
        (go.Figure(go.Bar(x=[12.0], y=["Neukölln"], orientation="h")), True),
        (go.Figure(go.Bar(x=["A", "B"], y=[None, 3.0])), True),
        (go.Figure(go.Scatter(x=["2020-12-31"], y=[4.2])), False),
        (go.Figure(go.Scatter(x=[1.0, 2.0, 3.0], y=[None, None, 5.0])), False),
        (go.Figure([go.Scatter(x=[1.0], y=[2.0]), go.Scatter(x=[3.0], y=[4.0])]), True),
        (go.Figure(go.Scatter(x=[0.5, 0.7], y=["Mitte", "Pankow"])), True),
        (go.Figure(go.Heatmap(z=[[None, None], [None, None]])), False),
        (go.Figure(go.Heatmap(z=[[None, 1.0]])), True),
    ],
)
def test_has_marks(fig: go.Figure, expected: bool) -> None:
    assert has_marks(fig) is expected


def _app(bars: list[float]) -> None:
    import plotly.graph_objects as go

    from components import charts

    fig = go.Figure(go.Bar(x=bars, y=[f"G{i}" for i in range(len(bars))], orientation="h"))
    fig = charts.style(fig, title="Rangfolge", source="Quelle: Test")
    charts.show_or_note(fig, "Kein Gebiet hat Fehlbedarf.", key="t")


@pytest.mark.parametrize(("bars", "charts", "notes"), [([], 0, 1), ([3.0, 1.0], 1, 0)])
def test_show_or_note_draws_the_chart_or_the_note(
    bars: list[float], charts: int, notes: int
) -> None:
    at = AppTest.from_function(_app, kwargs={"bars": bars}).run(timeout=30)
    assert not at.exception
    assert len(at.get("plotly_chart")) == charts
    assert [i.value for i in at.info] == ["Kein Gebiet hat Fehlbedarf."] * notes
