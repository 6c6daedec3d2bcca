"""charts.style sends "plotly_white" trimmed to the figure's trace types: same look, less JSON."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from components import charts

WHITE = pio.templates["plotly_white"]


@pytest.mark.parametrize(
    ("trace", "types"),
    [
        (go.Bar(x=[1, 2], y=[3, 4]), ["bar", "heatmap", "histogram", "scatter", "scattergl"]),
        (go.Pie(values=[1, 2]), ["bar", "heatmap", "histogram", "pie", "scatter", "scattergl"]),
    ],
)
def test_template_is_plotly_white_for_the_figures_traces(trace: go.Trace, types: list[str]) -> None:
    fig = charts.style(go.Figure(trace), title="Titel", source="Quelle: Test")
    tpl = fig.layout.template
    assert tpl.layout == WHITE.layout
    assert sorted(tpl.data.to_plotly_json()) == types
    assert all(getattr(tpl.data, t) == getattr(WHITE.data, t) for t in types)


def test_styled_figure_draws_like_the_named_template() -> None:
    """Same JSON as with ``template="plotly_white"`` except the unused trace defaults."""
    fig = charts.style(go.Figure(go.Scatter(x=[2024, 2030], y=[1, 2])), title="T", source="Q")
    named = go.Figure(fig)
    named.update_layout(template="plotly_white")
    ours, theirs = json.loads(fig.to_json()), json.loads(named.to_json())
    unused = set(theirs["layout"]["template"]["data"]) - set(ours["layout"]["template"]["data"])
    assert "pie" in unused and "scatter" not in unused
    for t in unused:
        del theirs["layout"]["template"]["data"][t]
    assert ours == theirs
    assert len(fig.to_json()) < len(named.to_json()) - 2000
