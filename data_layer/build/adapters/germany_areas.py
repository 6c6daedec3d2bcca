"""Geometries and attributes of the Germany package on the Gebietsstand 31.12.2024.

Gemeinde polygons come from BKG VG5000 (Stand 01.01.2021, 10 997 Gemeinden)
and are carried to 31.12.2024 along the change keys (see
:mod:`data_layer.build.adapters.germany_harmonise`). Each old polygon goes as a
whole to the new Gemeinde that receives the largest share of its *area*;
merged Gemeinden are dissolved. Parts moved by Teilausgliederung (at most a
few km², below the resolution of the 1:5 000 000 geometry) and the smaller
pieces of split units (e.g. Anrode 2023, Rodeberg 2024) therefore stay with
the unit that got the largest share – documented in SOURCES/report.
Kreise, Länder and Bund are dissolved from the Gemeinden, so every level
nests exactly.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from data_layer.build.package import AREA_COLUMNS, ATTRIBUTE_COLUMNS

#: Simplification tolerance for the Bund outline (degrees, ≈ 500 m).
BUND_SIMPLIFY_DEG = 0.005


def carry_gemeinde_geometries(vg_gem: gpd.GeoDataFrame, links: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return one polygon per new AGS (columns ``ags``, ``n_sources``, ``geometry``).

    ``links`` maps every VG5000 AGS to the new AGS (``LINK_COLUMNS``); each old
    polygon goes to the target with the largest ``w_area``.
    """
    ordered = links.sort_values(["from_ags", "w_area"], ascending=[True, False])
    best = ordered.drop_duplicates("from_ags").set_index("from_ags")["to_ags"]
    target = vg_gem["ags"].map(best).fillna(vg_gem["ags"])
    frame = gpd.GeoDataFrame(
        {"ags": target.to_numpy()}, geometry=vg_gem.geometry.values, crs=vg_gem.crs
    )
    counts = frame["ags"].value_counts()
    single = frame[frame["ags"].map(counts) == 1]
    multi = frame[frame["ags"].map(counts) > 1]
    merged = multi.dissolve(by="ags").reset_index()
    out = pd.concat([single, merged[["ags", "geometry"]]], ignore_index=True)
    out["n_sources"] = out["ags"].map(counts).astype(int)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=vg_gem.crs)
    out["geometry"] = shapely.make_valid(out.geometry.values)
    return out.sort_values("ags").reset_index(drop=True)


def _dissolve(gem: gpd.GeoDataFrame, by: pd.Series) -> gpd.GeoSeries:
    """Dissolve an edge-matched coverage by ``by`` and repair the result."""
    frame = gpd.GeoDataFrame({"key": by.to_numpy()}, geometry=gem.geometry.values, crs=gem.crs)
    out = frame.dissolve(by="key", method="coverage").geometry
    fixed = shapely.make_valid(out.values)
    return gpd.GeoSeries(fixed, index=out.index, crs=gem.crs)


def build_areas(
    gem_geo: gpd.GeoDataFrame,
    gem_names: pd.Series,
    kreis_names: pd.Series,
    land_names: pd.Series,
    gebietsstand: str,
) -> gpd.GeoDataFrame:
    """Assemble Bund, Länder, Kreise and Gemeinden as one frame with ``AREA_COLUMNS``.

    ``gem_geo`` has ``ags`` and geometry; the name series are indexed by the
    2-, 5- and 8-digit keys.
    """
    kreise = _dissolve(gem_geo, gem_geo["ags"].str[:5])
    laender = _dissolve(
        gpd.GeoDataFrame(geometry=kreise.values, crs=gem_geo.crs), kreise.index.str[:2].to_series()
    )
    bund = shapely.simplify(shapely.coverage_union_all(laender.values), BUND_SIMPLIFY_DEG)
    parts = [
        _level_frame(
            pd.Index(["DE"]),
            [shapely.make_valid(bund)],
            "Bund",
            None,
            pd.Series({"DE": "Deutschland"}),
        ),
        _level_frame(laender.index, list(laender.values), "Land", "DE", land_names),
        _level_frame(kreise.index, list(kreise.values), "Kreis", kreise.index.str[:2], kreis_names),
        _level_frame(
            pd.Index(gem_geo["ags"]),
            list(gem_geo.geometry.values),
            "Gemeinde",
            gem_geo["ags"].str[:5],
            gem_names,
        ),
    ]
    frame = pd.concat(parts, ignore_index=True)
    frame["valid_from"] = gebietsstand
    frame["valid_to"] = None
    return gpd.GeoDataFrame(
        frame[[*AREA_COLUMNS, "geometry"]], geometry="geometry", crs="EPSG:4326"
    )


def official_areas(areas: pd.DataFrame, gem_km2: pd.Series) -> pd.Series:
    """Official area in km² per row of ``areas``: a Gemeinde's from the Gemeindeverzeichnis
    (``gem_km2``, indexed by AGS), a Kreis, Land or the Bund as the sum over its Gemeinden.

    >>> frame = pd.DataFrame({"area_id": ["DE", "01", "01001", "01001000", "01001001"],
    ...                       "level": ["Bund", "Land", "Kreis", "Gemeinde", "Gemeinde"]})
    >>> official_areas(frame, pd.Series({"01001000": 56.73, "01001001": 1.5})).tolist()
    [58.23, 58.23, 58.23, 56.73, 1.5]
    """
    gem = areas.loc[areas["level"] == "Gemeinde", "area_id"]
    km2 = pd.Series(gem_km2.reindex(gem).to_numpy(dtype="float64"), index=gem.to_numpy())
    sums = {
        "Kreis": km2.groupby(km2.index.str[:5]).sum(),
        "Land": km2.groupby(km2.index.str[:2]).sum(),
        "Bund": pd.Series({"DE": km2.sum()}),
        "Gemeinde": km2,
    }
    out = [
        float(sums[lvl].get(aid, float("nan")))
        for aid, lvl in zip(areas["area_id"], areas["level"], strict=True)
    ]
    return pd.Series(out, index=areas.index).round(2)


def _level_frame(
    ids: pd.Index, geoms: list[shapely.Geometry], level: str, parent: object, names: pd.Series
) -> pd.DataFrame:
    """One level of the hierarchy as a plain frame (names looked up by id)."""
    parent_values = parent.to_numpy() if isinstance(parent, pd.Index | pd.Series) else parent
    return pd.DataFrame(
        {
            "area_id": ids.to_numpy(),
            "name": names.reindex(ids).to_numpy(),
            "level": level,
            "parent_id": parent_values,
            "geometry": geoms,
        }
    )


def build_attributes(
    gem24: pd.DataFrame,
    kreis_typ: pd.Series,
    vg_bez: pd.Series,
    gem_ids: pd.Index,
    kreis_ids: pd.Index,
) -> pd.DataFrame:
    """Area attributes (``ATTRIBUTE_COLUMNS``).

    Kreise: ``kreis_typ`` (Destatis 31.12.2021) and ``land``. Gemeinden:
    ``urbanisation`` (DEGURBA text of the 2024 Gemeindeverzeichnis), ``bez``
    (VG5000; for Gemeinden newly formed after 01.01.2021 derived from the
    official name: "…, Stadt" → "Stadt", else "Gemeinde") and ``land``.
    """
    names = gem24.set_index("ags")["name"].reindex(gem_ids)
    derived_bez = pd.Series(
        ["Stadt" if ", Stadt" in str(n) else "Gemeinde" for n in names], index=gem_ids
    )
    bez = vg_bez.reindex(gem_ids).fillna(derived_bez)
    urban = gem24.set_index("ags")["urbanisation"].reindex(gem_ids)
    frames = [
        _attr(kreis_ids, "kreis_typ", kreis_typ.reindex(kreis_ids)),
        _attr(kreis_ids, "land", pd.Series(kreis_ids.str[:2], index=kreis_ids)),
        _attr(gem_ids, "urbanisation", urban),
        _attr(gem_ids, "bez", bez),
        _attr(gem_ids, "land", pd.Series(gem_ids.str[:2], index=gem_ids)),
    ]
    out = pd.concat(frames, ignore_index=True)
    return out[out["value"].notna()][ATTRIBUTE_COLUMNS].reset_index(drop=True)


def _attr(ids: pd.Index, key: str, values: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"area_id": ids.to_numpy(), "key": key, "value": values.to_numpy()})


def read_vg5000(geo_dir: Path, layer: str) -> gpd.GeoDataFrame:
    """Read one VG5000 layer (``gemeinden``, ``kreise``, ``laender``) with string keys."""
    path = geo_dir / f"vg5000_{layer}_2021-01-01.geojson"
    frame = gpd.read_file(path)
    frame["ags"] = frame["ags"].astype(str)
    return frame
