"""Validation of the places of a Datenpaket: areas, crosswalk and facilities."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from data_layer.build.geo import check_geometries
from data_layer.build.located import is_feature_file, located_error
from data_layer.build.package import OPERATOR_TYPES, Package
from data_layer.build.validate_columns import (
    date_column,
    fail_at,
    nullable,
    number_column,
    require_columns,
    row_lines,
    text_column,
)
from data_layer.crs import WGS84


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
    if "area_km2" in gdf.columns:  # optional official area (else the geometry's area counts)
        km2, _ = number_column(gdf, "area_km2", required=False, non_negative=True)
        fail_at(
            gdf, km2 == 0, name, "area_km2", "Fläche 0 km²: leer lassen oder die Fläche angeben."
        )
        gdf["area_km2"] = km2
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


#: ``--einrichtungen-ausserhalb``: a facility outside every area is imported without an area
#: (``ohne-gebiet``, the default, with a warning) or refused (``ablehnen``)
OUTSIDE_POLICIES: tuple[str, ...] = ("ohne-gebiet", "ablehnen")
#: a point this close to an area (degrees, about 100 m) belongs to it (boundary, simplification)
_NEAR_DEGREES = 0.0015
#: fields compared between two rows of the same facility id, in the order they are reported
_SAME_FACILITY = (
    ("area_id", "Gebieten"),
    ("lon", "Lagen"),
    ("lat", "Lagen"),
    ("service_type", "Arten"),
    ("name", "Namen"),
    ("capacity", "Plätzen"),
    ("operator", "Trägern"),
    ("operator_type", "Trägerarten"),
    ("data_date", "Ständen"),
)


def validate_facilities(
    pkg: Package,
    area_ids: set[str],
    areas: gpd.GeoDataFrame | None = None,
    *,
    outside: str = "ohne-gebiet",
    warnings: list[str] | None = None,
) -> pd.DataFrame:
    """Unique ids, coordinates in range, capacity a non-negative number or empty.

    A facility id twice with different values is refused (both rows named); the same row
    twice is kept once, with a warning. With the validated ``areas``, a facility without
    ``area_id`` gets the finest area containing its point (or within about 100 m); one outside
    every area is listed in a warning and imported without an area – or, with ``outside`` =
    ``"ablehnen"``, refused. Warnings are appended to ``warnings``.
    """
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
    lines = row_lines(df, name)
    notes = warnings if warnings is not None else []
    out = _drop_exact_duplicates(out, lines, name, notes)
    if areas is not None:
        out["area_id"] = _locate_facilities(out, lines, areas, pkg.levels, name, outside, notes)
    return out.reset_index(drop=True)


def _row_word(file_name: str) -> str:
    return "Objekt" if is_feature_file(file_name) else "Zeile"


def _shown(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "(leer)"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _differs(a: object, b: object) -> bool:
    a_missing = a is None or (isinstance(a, float) and np.isnan(a))
    b_missing = b is None or (isinstance(b, float) and np.isnan(b))
    if a_missing or b_missing:
        return a_missing != b_missing
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) > 1e-9
    return a != b


def _drop_exact_duplicates(
    out: pd.DataFrame, lines: pd.Series, file_name: str, notes: list[str]
) -> pd.DataFrame:
    """Refuse a facility id given twice with different values; keep an exact repeat once."""
    repeated = out["facility_id"].duplicated(keep=False)
    if not repeated.any():
        return out
    word = _row_word(file_name)
    drop = []
    for fid, group in out[repeated].groupby("facility_id", sort=False):
        first = group.index[0]
        for other in group.index[1:]:
            for col, what in _SAME_FACILITY:
                a, b = out.at[first, col], out.at[other, col]
                if not _differs(a, b):
                    continue
                l1, l2 = int(lines.loc[first]), int(lines.loc[other])
                if col in {"lon", "lat"}:
                    col = "lon/lat"
                    a = f"{_shown(out.at[first, 'lon'])}, {_shown(out.at[first, 'lat'])}"
                    b = f"{_shown(out.at[other, 'lon'])}, {_shown(out.at[other, 'lat'])}"
                raise located_error(
                    file_name,
                    l2,
                    col,
                    f"Einrichtungskennung „{fid}“ kommt doppelt vor, mit verschiedenen {what}: "
                    f"{word} {l1} „{_shown(a)}“, {word} {l2} „{_shown(b)}“. Bitte eine der "
                    "beiden Zeilen berichtigen oder löschen.",
                )
            drop.append(other)
            notes.append(
                f"Warnung: Datei {file_name}, {word} {int(lines.loc[other])}: Einrichtung "
                f"„{fid!s}“ („{out.at[other, 'name']!s}“) steht genau gleich schon in {word} "
                f"{int(lines.loc[first])} – nur einmal übernommen."
            )
    return out.drop(index=drop)


def _locate_facilities(
    out: pd.DataFrame,
    lines: pd.Series,
    areas: gpd.GeoDataFrame,
    levels: list[str],
    file_name: str,
    outside: str,
    notes: list[str],
) -> pd.Series:
    """Local area id of each facility: the given one, else the finest area containing it."""
    given = out["area_id"]
    todo = given.isna()
    level = next((lvl for lvl in reversed(levels) if (areas["level"] == lvl).any()), None)
    if not todo.any() or level is None:
        return given
    finest = areas[areas["level"] == level]
    polys = gpd.GeoSeries(finest.geometry.to_numpy(), crs=WGS84)
    ids = finest["area_id"].to_numpy()
    sub = out[todo]
    pts = gpd.GeoSeries(gpd.points_from_xy(sub["lon"], sub["lat"]), crs=WGS84)
    found = np.full(len(sub), None, dtype=object)
    hit = pd.DataFrame(polys.sindex.query(pts, predicate="within").T, columns=["pt", "poly"])
    hit = hit.drop_duplicates("pt")
    found[hit["pt"].to_numpy()] = ids[hit["poly"].to_numpy()]
    # points on a boundary or a few metres outside a (simplified) polygon: nearest area
    missing = np.flatnonzero(pd.isna(found))
    if len(missing):
        near = polys.sindex.nearest(pts.iloc[missing], max_distance=_NEAR_DEGREES, return_all=False)
        found[missing[near[0]]] = ids[near[1]]
    located = given.copy()
    located.loc[sub.index] = found
    lost = sub[pd.isna(found)]
    if not lost.empty:
        _report_outside(lost, lines, file_name, level, outside, notes)
    return located


def _report_outside(
    lost: pd.DataFrame,
    lines: pd.Series,
    file_name: str,
    level: str,
    outside: str,
    notes: list[str],
) -> None:
    """Refuse (``outside`` = ``"ablehnen"``) or list facilities outside every area."""
    word = _row_word(file_name)
    rows = list(
        zip(
            [int(lines.loc[i]) for i in lost.index],
            lost["facility_id"].astype(str).tolist(),
            lost["name"].astype(str).tolist(),
            lost["lon"].astype(float).tolist(),
            lost["lat"].astype(float).tolist(),
            strict=True,
        )
    )
    n = len(rows)
    if outside == "ablehnen":
        line, fid, label, lon, lat = rows[0]
        plural = "Zeilen" if word == "Zeile" else "Objekte"
        more = (
            f" Insgesamt liegen {n} Einrichtungen außerhalb ({plural} "
            f"{', '.join(str(r[0]) for r in rows)})."
            if n > 1
            else ""
        )
        raise located_error(
            file_name,
            line,
            None,
            f"Einrichtung „{fid}“ („{label}“, lon {lon:.6f}, lat {lat:.6f}) liegt außerhalb "
            f"aller Gebiete der Ebene „{level}“.{more} Koordinaten prüfen oder „area_id“ "
            "angeben – ohne „--einrichtungen-ausserhalb ablehnen“ würden Einrichtungen "
            "außerhalb ohne Gebiet übernommen.",
        )
    count = "1 Einrichtung liegt" if n == 1 else f"{n} Einrichtungen liegen"
    verb = "wird" if n == 1 else "werden"
    listed = "\n".join(
        f"  {word} {line}: {fid} „{label}“ (lon {lon:.6f}, lat {lat:.6f})"
        for line, fid, label, lon, lat in rows
    )
    notes.append(
        f"Warnung: Datei {file_name}: {count} außerhalb aller Gebiete der Ebene „{level}“ "
        f"und {verb} ohne Gebiet übernommen (Koordinaten prüfen oder „area_id“ angeben; mit "
        "„--einrichtungen-ausserhalb ablehnen“ bricht der Import stattdessen ab):\n" + listed
    )
