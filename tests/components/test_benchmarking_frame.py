"""The peer maps of "Kommunen vergleichen" frame the main body, not a far exclave (issue #14)."""

from __future__ import annotations

import json

import pytest
import shapely

from features.benchmarking import map as bench_map
from features.benchmarking import national as bench_national

# a Kommune of 0.10° × 0.07° plus a 0.01° islet 1° (≈ 65 km) east of it
MAIN = shapely.box(9.40, 54.75, 9.50, 54.82)
ISLET = shapely.box(10.40, 54.75, 10.41, 54.76)


def _feature(area: str, geom: shapely.Geometry) -> tuple[str, str, str, dict]:
    return (area, area, area, json.loads(shapely.to_geojson(geom)))


def test_land_map_view_frames_the_main_body() -> None:
    view = bench_map.features_view((_feature("a", MAIN), _feature("b", ISLET)))
    # centre of the main body: (9.40 + 9.50) / 2, (54.75 + 54.82) / 2
    assert view["longitude"] == pytest.approx(9.45)
    assert view["latitude"] == pytest.approx(54.785)
    # zoom of the main body alone: 0.10° wide → log2(360 / 0.1) + 0.6 = 12.41;
    # height 0.07 / cos(54.785°) = 0.1213 → log2(180 / 0.1213) + 0.6 = 11.14 (the smaller)
    assert view["zoom"] == pytest.approx(11.14, abs=0.01)
    assert view == bench_map.features_view((_feature("a", MAIN),))


def test_national_view_frames_the_main_body() -> None:
    view = bench_national.geoms_view([MAIN, ISLET])
    assert view["longitude"] == pytest.approx(9.45)
    assert view["latitude"] == pytest.approx(54.785)
    assert view == bench_national.geoms_view([MAIN])
    # the whole bounding box would centre on 9.905° – the islet is left out
    assert view["longitude"] != pytest.approx(9.905)
