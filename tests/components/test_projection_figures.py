"""The trend charts of "Bevölkerungsprognose" are built without plotly's validation (#17):
each must be exactly what plotly's validated figure of the same specification is, and show
the numbers it was given (a variant fan and planning age groups of a real projection shape:
21 years, 7 groups)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from components import charts
from features.projection.view import bands_figure, fan_figure

YEARS = list(range(2024, 2045))


def _fan() -> pd.DataFrame:
    middle = np.linspace(3_878_100, 3_951_000, len(YEARS))
    return pd.DataFrame(
        {"low": middle * 0.97, "middle": middle, "high": middle * 1.03}, index=YEARS
    )


def _bands() -> pd.DataFrame:
    groups = ["0–2", "3–5", "6–9", "10–15", "16–17", "65–79", "80+"]
    values = np.arange(len(YEARS) * len(groups), dtype=float).reshape(len(YEARS), -1) + 100.0
    return pd.DataFrame(values, index=YEARS, columns=groups)


def _same_as_validated(fig: go.Figure) -> None:
    spec = charts.plain_spec(fig)
    validated = go.Figure(spec)  # plotly checks every property (raises on a wrong one)
    assert json.loads(fig.to_json()) == json.loads(validated.to_json())


def test_fan_figure_is_valid_and_shows_variants_and_scenario() -> None:
    fan = _fan()
    user = pd.Series(fan["middle"].to_numpy() + 500.0, index=YEARS)
    fig = fan_figure(fan, user)
    _same_as_validated(fig)
    _same_as_validated(charts.style(fig, title="Einwohner", source="Quelle: Test"))
    names = [t.name for t in fig.data]
    assert names == ["hoch", "Spanne niedrig–hoch", "mittlere Variante", "Ihr Szenario"]
    assert fig.data[1].fill == "tonexty" and fig.data[0].showlegend is False
    np.testing.assert_allclose(fig.data[0].y, fan["high"])
    np.testing.assert_allclose(fig.data[1].y, fan["low"])
    np.testing.assert_allclose(fig.data[3].y, user)
    assert list(fig.data[3].x) == YEARS
    assert fig.layout.yaxis.title.text == "Einwohnerinnen und Einwohner"
    assert fig.layout.xaxis.dtick == 5 and fig.layout.xaxis.tickformat == "d"


def test_fan_figure_says_when_the_scenario_is_the_middle_variant() -> None:
    fan = _fan()
    fig = fan_figure(fan, fan["middle"].copy())
    assert fig.data[3].name == "Ihr Szenario (= mittlere Variante)"


@pytest.mark.parametrize("index", [False, True])
def test_bands_figure_is_valid_and_shows_each_group(index: bool) -> None:
    frame = _bands()
    fig = bands_figure(frame, index=index)
    _same_as_validated(fig)
    assert [t.name for t in fig.data] == list(frame.columns)
    first = frame.iloc[0]
    for trace, col in zip(fig.data, frame.columns, strict=True):
        expected = frame[col] / first[col] * 100 if index else frame[col]
        np.testing.assert_allclose(trace.y, expected)
    # the groups differ not by colour alone
    assert len({(t.line.color, t.line.dash) for t in fig.data}) == len(frame.columns)
    title = "Index (Basisjahr = 100)" if index else "Personen"
    assert fig.layout.yaxis.title.text == title
