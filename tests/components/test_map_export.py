"""Static map pictures: one trace per legend class, every area drawn once, title and source in the SVG."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from components import image_export
from components.maps import deck as maps
from components.maps import export as me
from components.maps import legend as ml
from components.maps import paths as mp

SOURCE = "Quelle: Amt für Statistik Berlin-Brandenburg · Stand: 31.12.2024 · Datenversion abc123"
TITLE = "Anteil unter 6-Jährige je Planungsraum (Berlin), Stand 31.12.2024"
LOW, HIGH = (255, 255, 204), (128, 0, 38)
LEGEND = ml.MapLegend(("unter 5,0", "5,0 bis unter 7,5"), (LOW, HIGH), "Quantile (2 Klassen) (%)")


def _square(x: float, y: float, size: float = 1.0) -> dict:  # type: ignore[type-arg]
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


#: four squares from 59,5° to 60,5° N (cos 60° = 0.5: the y axis is stretched 2 ×)
FEATURES = (
    ("t:1", "01", "Süd", _square(10, 59.5, 0.5)),
    ("t:2", "02", "Nord", _square(10.5, 59.5, 0.5)),
    ("t:3", "03", "Weißensee", _square(10, 60, 0.5)),
    ("t:4", "04", "Ödland", _square(10.5, 60, 0.5)),
)
STYLED = pd.DataFrame(
    {
        "area_id": ["t:1", "t:2", "t:3"],  # t:4 has no value
        "fill": [LOW, HIGH, (1, 2, 3)],  # t:3: a colour of no class → keine Angabe
        "tooltip": ["", "", ""],
    }
)


def _paths() -> mp.AreaPaths:
    return mp.area_paths(("test", "Quadrate"), FEATURES)


def _polygons(trace) -> int:  # type: ignore[no-untyped-def]
    """Closed rings of a trace = the NaN gaps that end each ring."""
    return int(np.isnan(np.asarray(trace.x, dtype=float)).sum())


def test_area_classes_by_fill_colour() -> None:
    classes = ml.area_classes([f[0] for f in FEATURES], STYLED, LEGEND)
    assert classes.tolist() == [0, 1, -1, -1]


def test_one_trace_per_class_and_every_area_once() -> None:
    paths = _paths()
    classes = ml.area_classes(paths.ids, STYLED, LEGEND)
    fig = me.map_figure(paths, classes, LEGEND, title=TITLE, source=SOURCE, selected=["t:2"])
    names = [t.name for t in fig.data]
    assert names == [
        "unter 5,0",
        "5,0 bis unter 7,5",
        "keine Angabe / zu geringe Fallzahl",
        "hervorgehoben: Nord",
    ]
    fills = [t.fillcolor for t in fig.data[:3]]
    assert fills == ["#ffffcc", "#800026", "#cccccc"]
    areas = [a for t in fig.data[:3] for a in t.meta["area_ids"]]
    assert sorted(areas) == ["t:1", "t:2", "t:3", "t:4"]
    assert [_polygons(t) for t in fig.data] == [1, 1, 2, 1]
    assert sum(_polygons(t) for t in fig.data[:3]) == len(FEATURES)
    outline = fig.data[3]
    assert (outline.fill, outline.line.width, outline.line.color) in {(None, 3, "#000000")}
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(60.0)))
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert fig.layout.legend.title.text == "Quantile (2 Klassen) (%)"
    assert image_export.source_text(fig) == SOURCE
    assert image_export.chart_title(fig) == TITLE


def test_no_grey_trace_when_every_area_has_a_class() -> None:
    paths = _paths()
    styled = pd.DataFrame({"area_id": [f[0] for f in FEATURES], "fill": [LOW, LOW, HIGH, LOW]})
    classes = ml.area_classes(paths.ids, styled, LEGEND)
    fig = me.map_figure(paths, classes, LEGEND, title=TITLE, source=SOURCE)
    assert [t.name for t in fig.data] == ["unter 5,0", "5,0 bis unter 7,5"]
    assert [len(t.meta["area_ids"]) for t in fig.data] == [3, 1]


def test_empty_class_stays_in_the_legend() -> None:
    paths = _paths()
    styled = pd.DataFrame({"area_id": [f[0] for f in FEATURES], "fill": [HIGH] * 4})
    fig = me.map_figure(paths, ml.area_classes(paths.ids, styled, LEGEND), LEGEND,
                        title=TITLE, source=SOURCE)  # fmt: skip
    empty = fig.data[0]
    assert (empty.name, empty.meta["area_ids"]) == ("unter 5,0", [])
    assert np.isnan(np.asarray(empty.x, dtype=float)).all() and len(empty.x) == 1
    assert len(fig.data[1].meta["area_ids"]) == 4


def test_hole_and_multipolygon_rings() -> None:
    """A hole stays a separate ring drawn the other way round (so it is not filled)."""
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]  # counter-clockwise in the input
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[outer, hole], [[[5, 0], [6, 0], [6, 1], [5, 0]]]],
    }
    rings = mp.rings(multi)
    assert len(rings) == 3

    def signed_area(r: np.ndarray) -> float:
        x, y = r[:, 0], r[:, 1]
        return float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) / 2)

    assert [signed_area(r) for r in rings] == [16.0, -4.0, 0.5]


def test_table_names_each_area_and_its_class() -> None:
    paths = _paths()
    table = ml.map_table(paths, ml.area_classes(paths.ids, STYLED, LEGEND), LEGEND)
    assert table.to_dict("records") == [
        {"Gebiet": "Süd", "Schlüssel": "01", "Quantile (2 Klassen) (%)": "unter 5,0"},
        {"Gebiet": "Nord", "Schlüssel": "02", "Quantile (2 Klassen) (%)": "5,0 bis unter 7,5"},
        {"Gebiet": "Weißensee", "Schlüssel": "03",
         "Quantile (2 Klassen) (%)": "keine Angabe / zu geringe Fallzahl"},
        {"Gebiet": "Ödland", "Schlüssel": "04",
         "Quantile (2 Klassen) (%)": "keine Angabe / zu geringe Fallzahl"},
    ]  # fmt: skip


def test_deferred_figure_is_light_until_serialised() -> None:
    fig, table = me.figure_and_table(
        ("test", "Quadrate"), FEATURES, STYLED, LEGEND, title=TITLE, source=SOURCE
    )
    assert len(fig.data) == 0  # nothing drawn on a rerun
    assert image_export.chart_title(fig) == TITLE  # what export_menu reads at once
    assert image_export.source_text(fig) == SOURCE
    full = fig.to_dict()
    assert [t["name"] for t in full["data"]] == [t.name for t in fig.full().data]
    assert len(full["data"]) == 3
    assert {t["type"] for t in full["data"]} == {"scatter"}  # no geo traces (CDN topojson)
    assert not any(k.startswith("geo") for k in full["layout"])
    assert (full["layout"]["width"], full["layout"]["height"]) == (
        fig.layout.width,
        fig.layout.height,
    )
    again, _ = me.figure_and_table(
        ("test", "Quadrate"), FEATURES, STYLED, LEGEND, title=TITLE, source=SOURCE
    )
    assert again is fig  # cached per view
    assert len(table) == 4


def test_legend_needs_a_colour_per_class() -> None:
    with pytest.raises(ValueError, match="Farbe"):
        ml.MapLegend(("a", "b"), ((1, 2, 3),))


def test_real_bezirke_every_area_once(demo_env: Path) -> None:
    feats = maps.area_features("lor2021", "Bezirk")
    styled = pd.DataFrame(
        {"area_id": [f[0] for f in feats[:10]], "fill": [LOW] * 5 + [HIGH] * 5, "tooltip": ""}
    )
    fig, table = me.figure_and_table(
        ("lor2021", "Bezirk", None), feats, styled, LEGEND, title=TITLE, source=SOURCE
    )
    full = fig.full()
    assert [len(t.meta["area_ids"]) for t in full.data] == [5, 5, 2]
    assert sum(_polygons(t) for t in full.data) >= len(feats) == 12
    assert table.iloc[:, 2].value_counts().to_dict() == {
        "unter 5,0": 5,
        "5,0 bis unter 7,5": 5,
        "keine Angabe / zu geringe Fallzahl": 2,
    }
    assert 52.3 < np.nanmin(np.asarray(full.data[0].y, dtype=float)) < 52.7  # lon/lat, Berlin


@pytest.fixture(scope="module")
def svg() -> str:
    if image_export.browser_path() is None:
        pytest.skip("kein Chromium installiert")
    paths = mp.area_paths(("test", "Quadrate"), FEATURES)
    fig = me.deferred_figure(
        paths,
        ml.area_classes(paths.ids, STYLED, LEGEND),
        LEGEND,
        title=TITLE,
        source=SOURCE,
        selected=["t:2"],
    )
    return image_export.svg_bytes(fig, stamp="Datenversion abc123 vom 25.11.2026").decode("utf-8")


def test_svg_has_title_source_legend_and_areas(svg: str) -> None:
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert TITLE in texts
    assert "Amt für Statistik Berlin-Brandenburg" in svg  # the drawn source line
    assert f"<title>{TITLE}</title>" in svg
    assert {"unter 5,0", "5,0 bis unter 7,5", "keine Angabe / zu geringe Fallzahl"} <= set(texts)
    assert "hervorgehoben: Nord" in texts
    assert "rgb(128, 0, 38)" in svg  # a class fill really drawn
    assert 'class="geo"' not in svg  # no plotly geo subplot (it would fetch topojson)


def test_long_source_line_is_wrapped_but_read_back_whole() -> None:
    long_source = "Quelle: " + " ".join(["Einwohnerregisterstatistik Berlin-Brandenburg"] * 8)
    paths = _paths()
    classes = ml.area_classes(paths.ids, STYLED, LEGEND)
    fig = me.map_figure(paths, classes, LEGEND, title=TITLE, source=long_source)
    drawn = fig.layout.annotations[0].text
    assert drawn.count("<br>") == 2  # 8 × 46 characters → three lines of at most 170
    assert all(len(line) <= me.SOURCE_CHARS for line in drawn.split("<br>"))
    assert image_export.source_text(fig) == long_source  # PNG/SVG metadata, CSV source
    assert fig.layout.margin.b == 30 + 16 * 3
