"""charts.style sends "plotly_white" trimmed to the figure's trace types: same look, less JSON."""

from __future__ import annotations

import json

import numpy as np
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


def _figures() -> list[go.Figure]:
    """Shapes the pages draw: years on x, horizontal bars with a title of their own, two
    subplots, a heatmap with an annotation, a pie."""
    from plotly.subplots import make_subplots

    bars = go.Figure(
        go.Bar(x=[3, 1], y=["a", "b"], orientation="h"),
        layout={
            "title": {"text": "alt"},
            "font": {"color": "red"},
            "xaxis": {"title": {"text": "X"}},
        },
    )
    two = make_subplots(rows=1, cols=2)
    two.add_trace(go.Scatter(x=[1, 2], y=[1, 2]), 1, 1)
    two.add_trace(go.Bar(x=[1, 2], y=[1, 2]), 1, 2)
    heat = go.Figure(go.Heatmap(z=[[1, 2], [3, 4]]))
    heat.add_annotation(text="Hinweis", x=1, y=1)
    return [
        go.Figure(go.Scatter(x=[2024, 2030], y=[1.5e6, 2e6])),
        bars,
        two,
        heat,
        go.Figure(go.Pie(labels=["a"], values=[1])),
    ]


@pytest.mark.parametrize("fig", _figures())
def test_style_is_a_valid_figure_without_touching_the_input(fig: go.Figure) -> None:
    """style skips plotly's validation: a validated copy of its result must be the same chart
    (an invalid property would raise here), and the figure handed in stays as it was."""
    before = fig.to_json()
    styled = charts.style(fig, title="Ein Titel", source="Quelle: Amt · Stand: 31.12.2024")
    assert fig.to_json() == before
    validated = go.Figure(styled.to_dict())
    assert json.loads(validated.to_json()) == json.loads(styled.to_json())
    layout = json.loads(styled.to_json())["layout"]
    axes = [k for k in layout if k.startswith(("xaxis", "yaxis"))]
    assert axes and all(layout[a]["exponentformat"] == "none" for a in axes)
    assert layout["separators"] == ",." and layout["title"]["text"] == "Ein Titel"
    assert layout["annotations"][-1]["text"] == "Quelle: Amt · Stand: 31.12.2024"
    assert len(layout["annotations"]) == len(fig.layout.annotations) + 1


def test_style_keeps_what_the_figure_had_and_merges_like_update_layout() -> None:
    fig = _figures()[1]
    layout = json.loads(charts.style(fig, title="T", source="Q").to_json())["layout"]
    assert layout["font"]["color"] == "red" and layout["font"]["size"] == charts.FONT_SIZE
    assert layout["xaxis"]["title"]["text"] == "X" and layout["xaxis"]["separatethousands"]
    assert layout["title"]["text"] == "T"


def test_years_on_x_are_plain_and_the_bottom_margin_grows_with_the_note() -> None:
    years = charts.style(_figures()[0], title="T", source="Q")
    assert years.layout.xaxis.tickformat == "d" and years.layout.xaxis.separatethousands is False
    assert years.layout.yaxis.separatethousands is True
    long_note = " · ".join(["Quelle: ein Amt mit einem recht langen Namen"] * 4)
    longer = charts.style(_figures()[0], title="T", source=long_note)
    assert len(longer.layout.annotations[-1].text.split("<br>")) > 1
    assert longer.layout.margin.b > years.layout.margin.b


def test_the_styled_figure_has_its_own_template() -> None:
    """The template is a copy: changing one chart's template leaves the next chart's alone."""
    first = charts.style(_figures()[0], title="T", source="Q")
    first.layout.template.layout.font.size = 99
    second = charts.style(_figures()[0], title="T", source="Q")
    assert second.layout.template.layout.font.size != 99


def test_styled_traces_keep_their_arrays() -> None:
    """Code after style reads the traces (tables, exports, map pictures): arrays stay arrays,
    not the browser's base64 encoding."""
    fig = go.Figure(go.Scatter(x=np.array([1.0, np.nan, 2.0]), y=[3, 4, 5]))
    styled = charts.on_screen(charts.style(fig, title="Ein Wort " * 12, source="Q"))
    x = np.asarray(styled.data[0].x, dtype=float)
    assert np.isnan(x[1]) and x[2] == 2.0 and list(styled.data[0].y) == [3, 4, 5]
    assert "<br>" in styled.layout.title.text
