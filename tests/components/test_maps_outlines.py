"""Area borders as white gaps (shrunk polygons) and real outlines only for highlighted areas."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from components.maps import deck as maps
from components.maps import gaps as map_gaps

# 1 m in degrees at 52.5° N (EPSG:3035 is conformal enough at this scale)
M_LAT = 1 / 111_250
M_LON = M_LAT / np.cos(np.radians(52.5))


def _square(side_m: float, lon: float = 13.4, lat: float = 52.5) -> shapely.Geometry:
    return shapely.box(lon, lat, lon + side_m * M_LON, lat + side_m * M_LAT)


def _side_m(geom: shapely.Geometry) -> float:
    minx, _, maxx, _ = shapely.bounds(geom)
    return float((maxx - minx) / M_LON)


@pytest.mark.parametrize(
    ("side", "distance", "expected_side"),
    [
        (1000.0, 50.0, 900.0),  # shrunk by the full distance on each side
        (100.0, 50.0, 75.0),  # would vanish: a quarter of the distance (12.5 m) instead
        (60.0, 50.0, 60.0),  # even 12.5 m would leave 34 % of it: kept as it is
    ],
)
def test_shrink_keeps_small_areas(side: float, distance: float, expected_side: float) -> None:
    out = map_gaps.shrink(np.array([_square(side)]), distance, 7)
    assert _side_m(out[0]) == pytest.approx(expected_side, abs=1.0)


def test_shrink_keeps_parts_and_type_and_rounds_to_the_grid() -> None:
    island = _square(30.0, lon=13.5)  # too small to shrink: kept, not lost
    multi = shapely.multipolygons([_square(2000.0), island])
    out = map_gaps.shrink(np.array([multi, _square(500.0)]), 40.0, 5)
    assert shapely.get_type_id(out).tolist() == [6, 3]
    assert shapely.get_num_geometries(out[0]) == 2
    assert shapely.equals(shapely.get_geometry(out[0], 1), shapely.set_precision(island, 1e-5))
    coords = shapely.get_coordinates(out)
    assert np.array_equal(np.round(coords, 5), coords)
    assert _side_m(shapely.get_geometry(out[0], 0)) == pytest.approx(1920.0, abs=1.5)


def test_half_pixel_of_the_fitting_view() -> None:
    # Berlin-like extent; the height fits: log2(180 / (0.35° / cos 52.505°)) + 0.6 = 8.890;
    # 40 075 017 m · cos 52.505° / (512 · 2^8.890) = 100.4 m per pixel
    bounds = (13.08, 52.33, 13.77, 52.68)
    assert map_gaps.fit_zoom(bounds) == pytest.approx(8.890, abs=1e-3)
    assert map_gaps.pixel_metres(bounds) == pytest.approx(100.4, abs=0.1)
    assert map_gaps.shrunk_features(()) == ()


def test_planungsraeume_get_gaps_and_stay(demo_env: Path) -> None:
    feats = maps.area_features("lor2021", "Planungsraum")
    shown = map_gaps.display_features(feats)
    assert map_gaps.display_features(feats) is shown  # computed once per area set
    assert [f[:3] for f in shown] == [f[:3] for f in feats]
    orig = shapely.from_geojson([json.dumps(f[3]) for f in feats])
    new = shapely.from_geojson([json.dumps(f[3]) for f in shown])
    # the buffer is half a pixel at the zoom the page opens with
    assert (
        round(map_gaps.fit_zoom(shapely.total_bounds(orig)), 2)
        == maps.view_for("lor2021", "Planungsraum")["zoom"]
    )
    kept = shapely.area(new) / shapely.area(orig)
    assert kept.min() >= 0.5 and (kept < 1).sum() >= 530  # no area vanishes, nearly all shrink
    # neighbours no longer touch: a gap of about one pixel (2 × 48 m) between them
    left, right = shapely.STRtree(orig).query(orig, predicate="touches")
    gaps = shapely.distance(new[left], new[right]) * 111_250 * np.cos(np.radians(52.5))
    assert len(left) > 1000 and np.median(gaps) > 60 and (gaps > 0).mean() > 0.99
    # the JSON does not grow (coordinates on the same 0.00001° grid)
    size = [len(json.dumps([f[3] for f in x], separators=(",", ":"))) for x in (feats, shown)]
    assert size[1] <= size[0]


def _styled(ids: list[str], lines: list[tuple[int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        {"area_id": ids, "fill": [(1, 2, 3)] * len(ids), "line": lines, "tooltip": ids}
    )


def test_only_highlighted_areas_get_a_line_layer(demo_env: Path) -> None:
    feats = maps.area_features("lor2021", "Bezirk")
    ids = [f[0] for f in feats]
    styled = _styled(ids, [maps.HIGHLIGHT_RGB, (9, 9, 9)] + [maps.OUTLINE_RGB] * (len(ids) - 2))
    deck = json.loads(
        maps.choropleth_deck(feats, styled, maps.view_for("lor2021", "Bezirk")).to_json()
    )
    areas, outline = deck["layers"]
    assert areas["stroked"] is False and "getLineColor" not in areas
    assert len(areas["data"]["features"]) == 12
    assert outline["id"] == "gebiete_umriss" and outline["filled"] is False
    assert outline["stroked"] is True and outline["pickable"] is False
    lines = [f["properties"]["line"] for f in outline["data"]["features"]]
    assert lines == [[0, 0, 0], [9, 9, 9]]
    # the outline follows the true border, the filled area the shrunk one
    assert outline["data"]["features"][0]["geometry"] == feats[0][3]
    assert areas["data"]["features"][0]["geometry"] != feats[0][3]
    plain = maps.choropleth_deck(feats, styled.assign(line=[maps.OUTLINE_RGB] * 12), {})
    assert [layer.id for layer in plain.layers] == ["gebiete"]
    assert maps.outline_layer(feats, styled.drop(columns="line")) is None


def test_frame_leaves_out_a_far_exclave_and_islets() -> None:
    """Hand-worked (near the equator, cos(lat) ≈ 1): a 10 × 10 ° Kommune of four quarters,
    a 2 × 2 ° neighbour touching its east side, an exclave 1 × 1 ° 40 ° further east and three
    0,1 × 0,1 ° islets 20 ° south of it.  Surfaces: 100 + 4 + 1 + 0,03; the core (90 %) is the
    four quarters (100 of 105,03 = 95 %); the reach is 25 % of 10 ° = 2,5 °: the neighbour is
    in, the frame grows to 12 ° wide (reach 3 °) – the exclave (40 ° away) and the islets
    (20 ° away) stay out."""
    from components.maps.frame import framing_bounds

    quarters = [shapely.box(x, y, x + 5, y + 5) for x in (0, 5) for y in (0, 5)]
    neighbour = shapely.box(10, 4, 12, 6)
    exclave = shapely.box(50, 0, 51, 1)
    islets = shapely.MultiPolygon([shapely.box(x, -20, x + 0.1, -19.9) for x in (1, 3, 5)])
    assert framing_bounds([*quarters, neighbour, exclave, islets]) == (0.0, 0.0, 12.0, 10.0)
    # the exclave as a part of one area's MultiPolygon: same frame
    one = shapely.MultiPolygon([shapely.box(0, 0, 10, 10), shapely.box(50, 0, 51, 1)])
    assert framing_bounds([one]) == (0.0, 0.0, 10.0, 10.0)
    # without exclaves the frame is the bounding box; no areas: Germany
    assert framing_bounds(quarters) == (0.0, 0.0, 10.0, 10.0)
    assert framing_bounds([]) == (5.0, 47.0, 15.0, 55.0)


def test_view_and_picture_frame_the_bulk() -> None:
    """The deck view and the exported picture use the frame, not the exclave's extent."""
    from components.maps.export import map_figure
    from components.maps.geometry import view_of
    from components.maps.legend import MapLegend
    from components.maps.paths import area_paths

    main = shapely.box(9.40, 54.75, 9.50, 54.82)
    exclave = shapely.box(10.40, 54.75, 10.41, 54.76)
    feats = tuple(
        (a, a, a, json.loads(shapely.to_geojson(g))) for a, g in (("a", main), ("b", exclave))
    )
    paths = area_paths(("frame-test",), feats)
    assert paths.bounds == pytest.approx((9.40, 54.75, 9.50, 54.82))
    view = view_of(paths.bounds)
    assert view["longitude"] == pytest.approx(9.45)
    legend = MapLegend(("x",), ((200, 0, 0),), "T")
    fig = map_figure(paths, np.array([0, 0]), legend, title="t", source="s")
    lo, hi = fig.layout.xaxis.range
    assert 9.39 < lo < 9.40 and 9.50 < hi < 9.51  # 2 % white space, the exclave outside
