"""Static map excerpt for the Steckbrief: the area highlighted among its neighbours (PIL, offline).

No basemap and no internet: the display geometries are drawn as polygons. No streamlit import.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import shapely
from PIL import Image, ImageDraw, ImageFont

from components import steps

FONT_FILE = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "DejaVuSans-Bold.ttf"
SIZE = (1600, 800)
PAD = 40
HIGHLIGHT = (213, 94, 0)  # Okabe–Ito vermillion, as charts.HIGHLIGHT
NEIGHBOUR = (222, 222, 222)
OUTLINE = (110, 110, 110)


def _rings(geom: shapely.Geometry) -> Iterable[list[tuple[float, float]]]:
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        if poly.geom_type == "Polygon" and not poly.is_empty:
            yield list(poly.exterior.coords)


def neighbours(frame: gpd.GeoDataFrame, area_id: str, margin: float = 0.6) -> gpd.GeoDataFrame:
    """The area and every area touching its bounding box enlarged by ``margin`` × its size."""
    target = frame.geometry.loc[area_id]
    minx, miny, maxx, maxy = target.bounds
    dx, dy = max(maxx - minx, 1e-3), max(maxy - miny, 1e-3)
    box = shapely.box(
        minx - margin * dx, miny - margin * dy, maxx + margin * dx, maxy + margin * dy
    )
    hits = frame.sindex.query(box, predicate="intersects")
    return frame.iloc[sorted(set(hits.tolist()))]


def map_png(frame: gpd.GeoDataFrame, area_id: str, label: str) -> bytes:
    """PNG (1600×800) of ``area_id`` (orange) among its neighbours (grey), WGS84 input."""
    if area_id not in frame.index:
        raise ValueError(f"Gebiet {area_id} hat keine Geometrie.")
    steps.step(f"Karte zeichnen: {label}")
    near = neighbours(frame, area_id)
    target = frame.geometry.loc[area_id]
    tminx, tminy, tmaxx, tmaxy = target.bounds
    dx, dy = max(tmaxx - tminx, 1e-3), max(tmaxy - tminy, 1e-3)
    minx, miny, maxx, maxy = tminx - 0.6 * dx, tminy - 0.6 * dy, tmaxx + 0.6 * dx, tmaxy + 0.6 * dy
    kx = math.cos(math.radians((miny + maxy) / 2))
    scale = min((SIZE[0] - 2 * PAD) / ((maxx - minx) * kx), (SIZE[1] - 2 * PAD) / (maxy - miny))
    ox = (SIZE[0] - (maxx - minx) * kx * scale) / 2
    oy = (SIZE[1] - (maxy - miny) * scale) / 2

    def px(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [
            (ox + (x - minx) * kx * scale, SIZE[1] - oy - (y - miny) * scale) for x, y, *_ in coords
        ]

    img = Image.new("RGB", SIZE, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for aid, geom in near.geometry.items():
        if aid == area_id:
            continue
        for ring in _rings(geom):
            draw.polygon(px(ring), fill=NEIGHBOUR, outline=OUTLINE, width=2)
    for ring in _rings(target):
        draw.polygon(px(ring), fill=HIGHLIGHT, outline=(0, 0, 0), width=4)
    font = ImageFont.truetype(str(FONT_FILE), 30)
    point = target.representative_point()
    x, y = px([(point.x, point.y)])[0]
    draw.text((x, y), label, fill=(0, 0, 0), font=font, anchor="mm", stroke_width=4,
              stroke_fill=(255, 255, 255))  # fmt: skip
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
