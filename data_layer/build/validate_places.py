"""Validation of the places of a Datenpaket: areas, crosswalk and facilities."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from data_layer.build.geo import check_geometries
from data_layer.build.package import OPERATOR_TYPES, Package
from data_layer.build.validate_columns import (
    date_column,
    fail_at,
    nullable,
    number_column,
    require_columns,
    text_column,
)


def validate_areas(pkg: Package) -> gpd.GeoDataFrame:
    """Ids unique, levels known, parents present, no cycles, geometries valid."""
    name = pkg.file_names.get("areas", "areas.geojson")
    gdf = pkg.areas.copy()
    gdf.attrs["file"] = name
    require_columns(gdf, ["area_id", "name", "level", "parent_id"], name, {"parent_id"})
    gdf["area_id"] = text_column(gdf, "area_id")
    gdf["name"] = text_column(gdf, "name")
    gdf["level"] = text_column(gdf, "level")
    gdf["parent_id"] = nullable(text_column(gdf, "parent_id"))
    fail_at(gdf, gdf["area_id"] == "", name, "area_id", "Gebietskennung fehlt.")
    fail_at(
        gdf,
        gdf["area_id"].str.contains(":"),
        name,
        "area_id",
        "„{value}“: Doppelpunkt ist in Kennungen nicht erlaubt.",
    )
    fail_at(gdf, gdf["area_id"].duplicated(), name, "area_id", "doppelte Gebietskennung „{value}“.")
    fail_at(gdf, gdf["name"] == "", name, "name", "Gebietsname fehlt.")
    fail_at(
        gdf,
        ~gdf["level"].isin(pkg.levels),
        name,
        "level",
        f"unbekannte Ebene „{{value}}“ (erlaubt: {', '.join(pkg.levels)}).",
    )
    ids = set(gdf["area_id"])
    has_parent = gdf["parent_id"].notna()
    fail_at(
        gdf,
        has_parent & ~gdf["parent_id"].isin(ids),
        name,
        "parent_id",
        "übergeordnetes Gebiet „{value}“ existiert nicht.",
    )
    rank = {lvl: i for i, lvl in enumerate(pkg.levels)}
    parent_level = gdf["parent_id"].map(dict(zip(gdf["area_id"], gdf["level"], strict=True)))
    bad_rank = has_parent & (parent_level.map(rank) >= gdf["level"].map(rank))
    fail_at(
        gdf,
        bad_rank,
        name,
        "parent_id",
        "übergeordnetes Gebiet „{value}“ liegt nicht auf einer höheren Ebene (Zyklus oder falsche Ebene).",
    )
    top = pkg.levels[0]
    fail_at(
        gdf,
        ~has_parent & (gdf["level"] != top),
        name,
        "parent_id",
        f"übergeordnetes Gebiet fehlt (nur die oberste Ebene „{top}“ darf ohne sein).",
    )
    check_geometries(gdf, name, "area_id")
    for col in ("valid_from", "valid_to"):
        gdf[col] = nullable(text_column(gdf, col))
    return gdf


def validate_crosswalk(pkg: Package, area_ids: set[str]) -> pd.DataFrame:
    """Known source areas, weights in [0, 1] summing to 1 per source area."""
    name = pkg.file_names.get("crosswalk", "crosswalk.csv")
    df = pkg.crosswalk.copy()
    df.attrs["file"] = name
    if df.empty:
        return df
    require_columns(df, ["from_area", "to_area", "weight", "method"], name, set())
    out = pd.DataFrame(index=df.index)
    out["from_area"] = text_column(df, "from_area")
    out["to_area"] = text_column(df, "to_area")
    local_from = ~out["from_area"].str.contains(":")
    fail_at(
        df,
        local_from & ~out["from_area"].isin(area_ids),
        name,
        "from_area",
        "unbekannte Gebietskennung „{value}“.",
    )
    local_to = ~out["to_area"].str.contains(":")
    fail_at(
        df,
        local_to & ~out["to_area"].isin(area_ids),
        name,
        "to_area",
        "unbekannte Gebietskennung „{value}“.",
    )
    weight, _ = number_column(df, "weight", non_negative=True)
    fail_at(df, weight > 1.0 + 1e-9, name, "weight", "Gewicht {value} liegt über 1.")
    out["weight"] = weight
    out["method"] = text_column(df, "method")
    sums = out.groupby("from_area")["weight"].transform("sum")
    fail_at(
        df,
        (sums - 1.0).abs() > 1e-3,
        name,
        "weight",
        "Gewichte eines Ausgangsgebiets ergeben nicht 1.",
    )
    return out.reset_index(drop=True)


def validate_facilities(pkg: Package, area_ids: set[str]) -> pd.DataFrame:
    """Unique ids, coordinates in range, capacity a non-negative number or empty."""
    name = pkg.file_names.get("facilities", "facilities.csv")
    df = pkg.facilities.copy()
    df.attrs["file"] = name
    if df.empty:
        return df
    require_columns(df, ["facility_id", "service_type", "name", "lon", "lat"], name, set())
    out = pd.DataFrame(index=df.index)
    for col in ("facility_id", "service_type", "name", "operator"):
        out[col] = text_column(df, col)
    fail_at(df, out["facility_id"] == "", name, "facility_id", "Kennung fehlt.")
    fail_at(
        df,
        out["facility_id"].duplicated(),
        name,
        "facility_id",
        "doppelte Einrichtungskennung „{value}“.",
    )
    fail_at(df, out["service_type"] == "", name, "service_type", "Art der Einrichtung fehlt.")
    out["capacity"] = number_column(df, "capacity", required=False, non_negative=True)[0]
    op_type = text_column(df, "operator_type").replace("", "unbekannt")
    fail_at(
        df,
        ~op_type.isin(OPERATOR_TYPES),
        name,
        "operator_type",
        f"„{{value}}“ (erlaubt: {', '.join(OPERATOR_TYPES)}).",
    )
    out["operator_type"] = op_type
    out["lon"] = number_column(df, "lon")[0]
    out["lat"] = number_column(df, "lat")[0]
    out["area_id"] = nullable(text_column(df, "area_id"))
    unknown = out["area_id"].notna() & ~out["area_id"].isin(area_ids)
    fail_at(df, unknown, name, "area_id", "unbekannte Gebietskennung „{value}“.")
    out["data_date"] = date_column(df, "data_date", name)
    return out.reset_index(drop=True)
