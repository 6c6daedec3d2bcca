"""Write one validated Datenpaket into the store: areas with geometry, tables, sources.

Local area keys become store area ids here (:func:`data_layer.keys.store_area_id`); the
low-level writing (``insert_frame`` …) is :mod:`data_layer.build.store`.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data_layer.build.geo import area_km2, display_geometries, display_tolerance
from data_layer.build.package import Package
from data_layer.build.store import file_sha256, insert_frame, insert_population, insert_values
from data_layer.crs import EQUAL_AREA, WGS84
from data_layer.errors import ImportValidationError
from data_layer.keys import store_area_id

#: optional column of a package's areas: the official area in km² (preferred for densities)
OFFICIAL_AREA = "area_km2"
FACILITY_COLUMNS = [
    "facility_id", "service_type", "name", "capacity", "operator", "operator_type", "lon", "lat", "area_id", "data_date",
]  # fmt: skip


def load_package(
    conn: duckdb.DuckDBPyConnection, pkg: Package, root: Path, now: datetime
) -> list[str]:
    """Insert one validated package; return the sha256 of every source file."""
    _insert_system(conn, pkg)
    areas = _areas_frame(pkg)
    insert_frame(conn, "areas", areas)
    _insert_tables(conn, pkg)
    hashes, sources = _source_rows(pkg, root, now)
    insert_frame(conn, "data_sources", sources)
    return hashes


def _insert_system(conn: duckdb.DuckDBPyConnection, pkg: Package) -> None:
    """The package's area system and its levels (coarse to fine)."""
    system = {
        "system_code": pkg.system_code,
        "area_system": pkg.area_system,
        "gebietsstand": pkg.gebietsstand,
        "package": pkg.name,
    }
    insert_frame(conn, "area_systems", pd.DataFrame([system]))
    levels = {"system_code": pkg.system_code, "level": pkg.levels}
    insert_frame(conn, "area_levels", pd.DataFrame(levels | {"level_rank": range(len(pkg.levels))}))


def _insert_tables(conn: duckdb.DuckDBPyConnection, pkg: Package) -> None:
    """Population, catalogue, values, facilities, crosswalk and attributes (store area ids)."""
    sc = pkg.system_code

    def sid(series: pd.Series) -> list[str]:
        return [store_area_id(sc, a) for a in series]

    if not pkg.population.empty:
        insert_population(conn, pkg.population.assign(area_id=sid(pkg.population["area_id"])))
    if not pkg.indicators.empty:
        cat = pkg.indicators.assign(derived=False)
        insert_frame(conn, "indicators", _new_catalogue_rows(conn, cat, pkg))
    if not pkg.indicator_values.empty:
        vals = pkg.indicator_values
        insert_values(conn, vals.assign(area_id=sid(vals["area_id"])))
    if not pkg.facilities.empty:
        fac = pkg.facilities.copy()
        fac["area_id"] = _assign_facility_areas(fac, pkg).to_numpy()
        insert_frame(conn, "facilities", fac[FACILITY_COLUMNS])
    if not pkg.crosswalk.empty:
        cw = pkg.crosswalk.copy()
        cw["from_area"], cw["to_area"] = sid(cw["from_area"]), sid(cw["to_area"])
        insert_frame(conn, "area_crosswalk", cw[["from_area", "to_area", "weight", "method"]])
    if not pkg.attributes.empty:
        attrs = pkg.attributes[["area_id", "key", "value"]].astype(str).copy()
        attrs["area_id"] = sid(attrs["area_id"])
        insert_frame(conn, "area_attributes", attrs)


def _source_rows(pkg: Package, root: Path, now: datetime) -> tuple[list[str], pd.DataFrame]:
    """Data-version parts (``file:sha256``) and ``data_sources`` rows of the package's files."""
    hashes = []
    rows = []
    for src in pkg.sources:
        path = Path(src.file) if Path(src.file).is_absolute() else root / src.file
        digest = src.sha256 or file_sha256(path)
        hashes.append(f"{src.file}:{digest}")
        rel = str(path.relative_to(root)) if path.is_relative_to(root) else path.name
        rows.append(
            {
                "file": rel,
                "sha256": digest,
                "publisher": src.publisher,
                "licence": src.licence,
                "attribution": src.attribution,
                "stand": src.stand,
                "package": pkg.name,
                "imported_at": now,
            }
        )
    return hashes, pd.DataFrame(rows)


def search_key(name: str) -> str:
    """Fold case, umlauts and accents so that "Muenchen" finds "München".

    >>> search_key("München, Landeshauptstadt")
    'munchen, landeshauptstadt'
    >>> search_key("Muenchen") == search_key("München")
    True
    """
    s = name.lower().replace("ß", "ss").replace("ae", "a").replace("oe", "o").replace("ue", "u")
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def official_or_geometric_km2(gdf: gpd.GeoDataFrame, geometric: np.ndarray) -> np.ndarray:
    """Each area's size: the official area (optional package column ``area_km2``) where given,
    else the area of its geometry (equal-area projection).

    Densities divide by this; a generalised boundary (e.g. 1:5 000 000) can be far off the
    official area, so a package should deliver it where one exists (docs/datenpaket.md).

    >>> import geopandas as gpd
    >>> frame = gpd.GeoDataFrame({OFFICIAL_AREA: [101.41, None, "x", 0]})
    >>> official_or_geometric_km2(frame, np.array([74.8, 2.0, 3.0, 4.0])).tolist()
    [101.41, 2.0, 3.0, 4.0]
    """
    if OFFICIAL_AREA not in gdf.columns:
        return geometric
    official = pd.to_numeric(gdf[OFFICIAL_AREA], errors="coerce").to_numpy(dtype="float64")
    usable = np.isfinite(official) & (official > 0)
    return np.where(usable, official, geometric)


def _areas_frame(pkg: Package) -> pd.DataFrame:
    gdf: gpd.GeoDataFrame = pkg.areas
    rank = {lvl: i for i, lvl in enumerate(pkg.levels)}
    km2 = area_km2(gdf.geometry)  # for the display tolerance: the drawn shape's size
    display = gpd.GeoSeries(index=gdf.index, crs=WGS84)
    for level in pkg.levels:
        mask = gdf["level"] == level
        if mask.any():
            display.loc[mask] = display_geometries(
                gdf.geometry[mask], display_tolerance(km2[mask.to_numpy()])
            )
    points = gdf.geometry.to_crs(EQUAL_AREA).representative_point().to_crs(WGS84)
    sc = pkg.system_code
    return pd.DataFrame(
        {
            "area_id": [store_area_id(sc, a) for a in gdf["area_id"]],
            "local_id": gdf["area_id"].to_numpy(),
            "name": gdf["name"].to_numpy(),
            "search_name": [search_key(n) for n in gdf["name"]],
            "level": gdf["level"].to_numpy(),
            "level_rank": gdf["level"].map(rank).to_numpy(),
            "system_code": sc,
            "area_system": pkg.area_system,
            "gebietsstand": pkg.gebietsstand,
            "parent_id": [
                None if p is None or pd.isna(p) else store_area_id(sc, p) for p in gdf["parent_id"]
            ],
            "valid_from": pd.to_datetime(gdf["valid_from"]).dt.date,
            "valid_to": pd.to_datetime(gdf["valid_to"]).dt.date,
            "area_km2": official_or_geometric_km2(gdf, km2),
            "centroid_lon": points.x.to_numpy(),
            "centroid_lat": points.y.to_numpy(),
            "geometry": shapely.to_wkb(gdf.geometry.values),
            "geometry_display": shapely.to_wkb(display.values),
        }
    )


def _assign_facility_areas(fac: pd.DataFrame, pkg: Package) -> pd.Series:
    """Store area id of each facility. The validation gave each facility its local area (the
    given one, else the finest area containing the point, see
    :func:`data_layer.build.validate_places.validate_facilities`); one outside every area has
    none."""
    sc = pkg.system_code
    return pd.Series(
        [None if a is None or pd.isna(a) else store_area_id(sc, a) for a in fac["area_id"]],
        dtype=object,
    )


def _new_catalogue_rows(
    conn: duckdb.DuckDBPyConnection, cat: pd.DataFrame, pkg: Package
) -> pd.DataFrame:
    """Catalogue rows not yet stored; an id defined differently by two packages is refused."""
    cur = conn.cursor()
    known = cur.execute("SELECT indicator_id, name, unit, scale FROM indicators").df()
    cur.close()
    merged = cat.merge(known, on="indicator_id", how="inner", suffixes=("", "_known"))
    clash = merged[
        (merged["name"] != merged["name_known"])
        | (merged["unit"] != merged["unit_known"])
        | (merged["scale"] != merged["scale_known"])
    ]
    if not clash.empty:
        raise ImportValidationError(
            pkg.file_names.get("indicators", "indicators.yaml"),
            None,
            "indicator_id",
            f"Indikator „{clash['indicator_id'].iloc[0]}“ ist in einem anderen Paket anders definiert "
            "(Name, Einheit oder Skalierung).",
        )
    return cat[~cat["indicator_id"].isin(known["indicator_id"])]
