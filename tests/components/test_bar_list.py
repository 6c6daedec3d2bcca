"""The bar list draws what the ranking figure holds: same names, values, order; escaped text."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from components import bar_list
from features.demand_supply.view import ranking_figure
from tests.bar_rows import parse

TABLE = pd.DataFrame({"area_id": ["a", "b", "c", "d"], "gap": [-27.5, 3.0, -110.2, -55.1]})
NAMES = pd.Series({"a": "Mitte", "b": "Pankow", "c": "<b>Neu</b>kölln & Co", "d": "Spandau"})


def _figure() -> go.Figure:
    fig, _ = ranking_figure(TABLE, NAMES, "gap", "Kita: größter Fehlbedarf", "Quelle: Test")
    return fig


def test_rows_are_the_figure_bars_largest_first() -> None:
    caption, rows = parse(bar_list.html_of(bar_list.bars_of(_figure()), header="Bezirk"))
    assert caption == "Kita: größter Fehlbedarf"
    # only areas with a Fehlbedarf (b has a surplus), largest first, German numbers
    assert [r["name"] for r in rows] == ["<b>Neu</b>kölln & Co", "Spandau", "Mitte"]
    assert [r["value"] for r in rows] == ["110", "55", "28"]
    # bar length proportional to the value: 110.2 → 80 %, 55.1 → 40 %, 27.5 → 19.96 %
    assert [r["width"] for r in rows] == [80.0, 40.0, 19.96]


def test_names_are_escaped_and_source_and_header_shown() -> None:
    body = bar_list.html_of(bar_list.bars_of(_figure()), header="Bezirk")
    assert "<b>Neu</b>" not in body and "&lt;b&gt;Neu&lt;/b&gt;kölln &amp; Co" in body
    assert ">Bezirk</th>" in body and ">Fehlbedarf (Plätze)</th>" in body
    assert "Quelle: Test" in body
    assert body.count("aria-hidden='true'") == 3  # the bars; the values are text


def test_zero_and_missing_values_draw_no_bar() -> None:
    assert bar_list.widths([0.0, 0.0]) == [0.0, 0.0]
    assert bar_list.widths([float("nan"), 2.0, 1.0]) == [0.0, 80.0, 40.0]


def test_only_one_horizontal_bar_series() -> None:
    with pytest.raises(ValueError, match="waagerechten"):
        bar_list.bars_of(go.Figure(go.Bar(x=["a"], y=[1.0])))


def _page() -> None:
    import plotly.graph_objects as go

    from components import bar_list

    empty = go.Figure(go.Bar(x=[], y=[], orientation="h"))
    bar_list.show_or_note(empty, "Kein Gebiet hat Fehlbedarf.", key="leer")
    full = go.Figure(go.Bar(x=[5.0], y=["Mitte"], orientation="h", text=["5"]))
    full.update_layout(title="Rangfolge")
    bar_list.show_or_note(full, "nie gezeigt", key="voll")


def test_page_shows_the_note_or_the_bars_with_an_export_menu() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Kein Gebiet hat Fehlbedarf."]
    bodies = [h.proto.body for h in at.get("html")]
    assert len(bodies) == 1 and "Rangfolge" in bodies[0]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Bild (PNG)", "Vektorgrafik (SVG)", "Tabelle (CSV)", "Tabelle (Excel)"]
