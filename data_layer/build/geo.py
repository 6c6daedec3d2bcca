"""Geometry checks, reprojection and display simplification (no I/O besides reading files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from data_layer.build.located import FeatureValidationError
from data_layer.crs import EQUAL_AREA, WGS84
from data_layer.errors import ImportValidationError

_UTM_HINT = (
    "Die Koordinaten liegen nicht im Bereich geografischer Länge/Breite – vermutlich "
    "UTM-Koordinaten (EPSG:25832 oder EPSG:25833). Bitte das Koordinatensystem in "
    "paket.yaml unter „crs“ angeben (z. B. crs: EPSG:25833); dann wird umprojiziert."
)


def parse_crs(value: str, file_name: str) -> CRS:
    """Return a pyproj CRS or a German error naming the file."""
    try:
        return CRS.from_user_input(value)
    except CRSError as exc:
        raise ImportValidationError(
            file_name, None, "crs", f"unbekanntes Koordinatensystem „{value}“."
        ) from exc


def looks_geographic(xs: np.ndarray, ys: np.ndarray) -> bool:
    """True when all coordinates are plausible longitudes/latitudes."""
    finite = np.isfinite(xs) & np.isfinite(ys)
    if not finite.any():
        return True
    return bool((np.abs(xs[finite]) <= 180).all() and (np.abs(ys[finite]) <= 90).all())


def declared_geojson_crs(path: Path) -> str | None:
    """The legacy ``crs`` member of a GeoJSON file, if any (RFC 7946 files have none)."""
    try:
        head: dict[str, Any] = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    crs = head.get("crs")
    if isinstance(crs, dict):
        name = crs.get("properties", {}).get("name")
        return str(name) if name else None
    return None


def read_geometries(path: Path, declared_crs: str | None) -> gpd.GeoDataFrame:
    """Read GeoJSON or GeoPackage and return it in EPSG:4326.

    A file without a declared CRS whose coordinates are not longitude/latitude
    is refused with a hint (it is most likely EPSG:25832/25833).
    """
    name = path.name
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types; all mean "unreadable"
        raise ImportValidationError(
            name, None, None, f"Geometriedatei nicht lesbar ({exc})."
        ) from exc
    file_crs = declared_geojson_crs(path) if path.suffix.lower() in {".geojson", ".json"} else None
    crs_text = declared_crs or file_crs
    if crs_text is None and path.suffix.lower() == ".gpkg" and gdf.crs is not None:
        crs_text = gdf.crs.to_string()
    return to_wgs84(gdf, crs_text, name)


def to_wgs84(gdf: gpd.GeoDataFrame, crs_text: str | None, file_name: str) -> gpd.GeoDataFrame:
    """Reproject to EPSG:4326 if a CRS is declared; refuse projected coordinates without one."""
    bounds = (
        gdf.geometry.bounds
        if len(gdf)
        else pd.DataFrame({"minx": [], "miny": [], "maxx": [], "maxy": []})
    )
    xs = np.concatenate([bounds["minx"].to_numpy(), bounds["maxx"].to_numpy()])
    ys = np.concatenate([bounds["miny"].to_numpy(), bounds["maxy"].to_numpy()])
    if crs_text is None:
        if not looks_geographic(xs, ys):
            raise ImportValidationError(file_name, None, "geometry", _UTM_HINT)
        return gdf.set_crs(WGS84, allow_override=True)
    crs = parse_crs(crs_text, file_name)
    return gdf.set_crs(crs, allow_override=True).to_crs(WGS84)


def check_geometries(gdf: gpd.GeoDataFrame, file_name: str, id_col: str) -> None:
    """Refuse empty or invalid geometries, naming the feature ("Objekt 1" = first feature)."""
    geoms = gdf.geometry
    for pos, (geom, area_id) in enumerate(
        zip(geoms.tolist(), gdf[id_col].tolist(), strict=True), start=1
    ):
        if geom is None or geom.is_empty:
            raise FeatureValidationError(
                file_name, pos, "geometry", f"Gebiet „{area_id}“ hat keine Geometrie."
            )
        if geom.geom_type not in {"Polygon", "MultiPolygon"}:
            raise FeatureValidationError(
                file_name,
                pos,
                "geometry",
                f"Gebiet „{area_id}“: Fläche erwartet, {geom.geom_type} gefunden.",
            )
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            raise FeatureValidationError(
                file_name,
                pos,
                "geometry",
                f"Gebiet „{area_id}“ hat eine ungültige Geometrie ({reason}). "
                "Bitte im GIS reparieren (z. B. QGIS „Geometrien reparieren“).",
            )


def area_km2(geoms: gpd.GeoSeries) -> np.ndarray:
    """Area of each geometry in km² (equal-area projection EPSG:3035)."""
    return np.asarray(geoms.to_crs(EQUAL_AREA).area.to_numpy() / 1e6, dtype=float)


def display_geometries(geoms: gpd.GeoSeries, tolerance_m: float) -> gpd.GeoSeries:
    """Simplify for display: topology-preserving, in metres, coordinates rounded to ~1 m."""
    metric = geoms.to_crs(EQUAL_AREA).simplify(tolerance_m, preserve_topology=True)
    back = metric.to_crs(WGS84)
    return gpd.GeoSeries(shapely.set_precision(back.values, 1e-5), index=geoms.index, crs=WGS84)


def display_tolerance(areas_km2: np.ndarray) -> float:
    """A simplification tolerance (m) that keeps small areas recognisable.

    About 2 % of the side of a median-sized area, between 5 m and 500 m.

    >>> display_tolerance(np.array([1.0, 1.0]))
    20.0
    """
    if len(areas_km2) == 0:
        return 10.0
    side_m = float(np.sqrt(np.median(areas_km2)) * 1000.0)
    return float(min(500.0, max(5.0, round(side_m * 0.02, 1))))
