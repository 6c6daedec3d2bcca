"""Validation of a Datenpaket: every table is checked before anything is written.

Errors name file, line and field in German (``ImportValidationError``). The
functions return normalised copies (typed columns, store-wide area ids are
added later by the loader); inputs are never modified.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd

from data_layer.build.geo import check_geometries
from data_layer.build.package import (
    AGGREGATIONS,
    DOMAINS,
    FLAGS,
    INDICATOR_COLUMNS,
    OPERATOR_TYPES,
    POLARITIES,
    SEX_CODES,
    Package,
)
from data_layer.build.readers import numeric_column
from data_layer.errors import ImportValidationError

_PERIOD = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
_SYSTEM_CODE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
#: catalogue fields that may be empty (formula etc. are optional for observed counts)
_OPTIONAL_CATALOGUE = {"formula", "numerator", "denominator"}


def _lines(frame: pd.DataFrame) -> pd.Series:
    if "_line" in frame.columns:
        return frame["_line"].astype(int)
    return pd.Series(np.arange(2, len(frame) + 2), index=frame.index)


def _fail_at(
    frame: pd.DataFrame, mask: pd.Series, file_name: str, field: str, message: str
) -> None:
    """Raise for the first row where ``mask`` is true."""
    if bool(mask.any()):
        idx = mask[mask].index[0]
        line = int(_lines(frame).loc[idx])
        value = frame.loc[idx, field] if field in frame.columns else ""
        raise ImportValidationError(file_name, line, field, message.format(value=value))


def _require_columns(
    frame: pd.DataFrame, columns: list[str], file_name: str, optional: set[str]
) -> None:
    for col in columns:
        if col not in frame.columns and col not in optional:
            raise ImportValidationError(file_name, 1, col, "Pflichtspalte fehlt.")


def _text(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[col].where(frame[col].notna(), "").astype(str).str.strip()


def _nullable(series: pd.Series) -> pd.Series:
    """Empty text → None (object dtype, so None stays None)."""
    obj = series.astype(object)
    return obj.where(obj != "", None)


def _numbers(frame: pd.DataFrame, col: str, **kw: bool) -> tuple[pd.Series, pd.Series]:
    if col not in frame.columns:
        empty = pd.Series(np.nan, index=frame.index, dtype="float64")
        return empty, pd.Series("", index=frame.index, dtype=object)
    if pd.api.types.is_numeric_dtype(frame[col]):
        values = frame[col].astype("float64")
        if kw.get("non_negative"):
            _fail_at(
                frame,
                values < 0,
                str(frame.attrs.get("file", "")),
                col,
                "negative Anzahl ({value}) ist nicht zulässig.",
            )
        if kw.get("required", True):
            _fail_at(
                frame, values.isna(), str(frame.attrs.get("file", "")), col, "Pflichtfeld ist leer."
            )
        return values, pd.Series(
            np.where(values.isna(), "leer", ""), index=frame.index, dtype=object
        )
    return numeric_column(frame, col, **kw)


def validate_meta(pkg: Package) -> None:
    """Check the package's own fields."""
    if not _SYSTEM_CODE.match(pkg.system_code):
        raise ImportValidationError(
            "paket.yaml",
            None,
            "system_code",
            f"„{pkg.system_code}“: nur Kleinbuchstaben, Ziffern und _ (2–31 Zeichen), beginnend mit einem Buchstaben.",
        )
    if not pkg.levels or len(set(pkg.levels)) != len(pkg.levels):
        raise ImportValidationError(
            "paket.yaml", None, "levels", "Ebenen fehlen oder kommen doppelt vor."
        )


def validate_areas(pkg: Package) -> gpd.GeoDataFrame:
    """Ids unique, levels known, parents present, no cycles, geometries valid."""
    name = pkg.file_names.get("areas", "areas.geojson")
    gdf = pkg.areas.copy()
    gdf.attrs["file"] = name
    _require_columns(gdf, ["area_id", "name", "level", "parent_id"], name, {"parent_id"})
    gdf["area_id"] = _text(gdf, "area_id")
    gdf["name"] = _text(gdf, "name")
    gdf["level"] = _text(gdf, "level")
    gdf["parent_id"] = _nullable(_text(gdf, "parent_id"))
    _fail_at(gdf, gdf["area_id"] == "", name, "area_id", "Gebietskennung fehlt.")
    _fail_at(
        gdf,
        gdf["area_id"].str.contains(":"),
        name,
        "area_id",
        "„{value}“: Doppelpunkt ist in Kennungen nicht erlaubt.",
    )
    _fail_at(
        gdf, gdf["area_id"].duplicated(), name, "area_id", "doppelte Gebietskennung „{value}“."
    )
    _fail_at(gdf, gdf["name"] == "", name, "name", "Gebietsname fehlt.")
    _fail_at(
        gdf,
        ~gdf["level"].isin(pkg.levels),
        name,
        "level",
        f"unbekannte Ebene „{{value}}“ (erlaubt: {', '.join(pkg.levels)}).",
    )
    ids = set(gdf["area_id"])
    has_parent = gdf["parent_id"].notna()
    _fail_at(
        gdf,
        has_parent & ~gdf["parent_id"].isin(ids),
        name,
        "parent_id",
        "übergeordnetes Gebiet „{value}“ existiert nicht.",
    )
    rank = {lvl: i for i, lvl in enumerate(pkg.levels)}
    parent_level = gdf["parent_id"].map(dict(zip(gdf["area_id"], gdf["level"], strict=True)))
    bad_rank = has_parent & (parent_level.map(rank) >= gdf["level"].map(rank))
    _fail_at(
        gdf,
        bad_rank,
        name,
        "parent_id",
        "übergeordnetes Gebiet „{value}“ liegt nicht auf einer höheren Ebene (Zyklus oder falsche Ebene).",
    )
    top = pkg.levels[0]
    _fail_at(
        gdf,
        ~has_parent & (gdf["level"] != top),
        name,
        "parent_id",
        f"übergeordnetes Gebiet fehlt (nur die oberste Ebene „{top}“ darf ohne sein).",
    )
    check_geometries(gdf, name, "area_id")
    for col in ("valid_from", "valid_to"):
        gdf[col] = _nullable(_text(gdf, col))
    return gdf


def validate_population(pkg: Package, area_ids: set[str]) -> pd.DataFrame:
    """Known areas, valid periods, sexes and ages, non-negative counts, unique keys."""
    name = pkg.file_names.get("population", "population.csv")
    df = pkg.population.copy()
    df.attrs["file"] = name
    if df.empty and not len(df.columns):
        return df
    _require_columns(df, ["area_id", "period", "sex", "age_from", "age_to", "count"], name, set())
    out = pd.DataFrame(index=df.index)
    out["area_id"] = _text(df, "area_id")
    _fail_at(
        df, ~out["area_id"].isin(area_ids), name, "area_id", "unbekannte Gebietskennung „{value}“."
    )
    out["period"] = _text(df, "period")
    _fail_at(
        df,
        ~out["period"].str.match(_PERIOD),
        name,
        "period",
        "Zeitpunkt „{value}“: erwartet JJJJ oder JJJJ-MM-TT.",
    )
    out["sex"] = _text(df, "sex")
    _fail_at(
        df,
        ~out["sex"].isin(SEX_CODES),
        name,
        "sex",
        f"Geschlecht „{{value}}“ (erlaubt: {', '.join(SEX_CODES)}).",
    )
    age_from, _ = _numbers(df, "age_from", non_negative=True)
    age_to, _ = _numbers(df, "age_to", required=False, non_negative=True)
    _fail_at(
        df,
        age_to.notna() & (age_to <= age_from),
        name,
        "age_to",
        "Altersobergrenze „{value}“ muss größer als age_from sein.",
    )
    out["age_from"] = age_from.astype("int64")
    out["age_to"] = age_to.astype("Int64")
    count, reason = _numbers(df, "count", non_negative=True, required=False, allow_symbols=True)
    out["count"] = count
    flags = _text(df, "flag").replace("", "observed")
    out["flag"] = np.where(count.isna(), "missing", flags)
    _fail_at(df, ~out["flag"].isin(FLAGS), name, "flag", "unbekannte Kennzeichnung „{value}“.")
    out["flag_reason"] = reason.replace("leer", "").where(count.isna(), "")
    key = ["area_id", "period", "sex", "age_from", "age_to"]
    _fail_at(
        df,
        out.duplicated(key),
        name,
        "area_id",
        "doppelter Schlüssel (Gebiet, Zeitpunkt, Geschlecht, Altersgruppe) bei „{value}“.",
    )
    return out.reset_index(drop=True)


def validate_catalogue(pkg: Package) -> pd.DataFrame:
    """Every field a user needs is filled; enumerations are valid; ids unique."""
    name = pkg.file_names.get("indicators", "indicators.yaml")
    df = pkg.indicators.copy()
    df.attrs["file"] = name
    if df.empty:
        return df
    for col in INDICATOR_COLUMNS:
        if col not in df.columns:
            raise ImportValidationError(name, 1, col, "Pflichtspalte fehlt.")
        if col in _OPTIONAL_CATALOGUE:
            continue
        empty = df[col].isna() | (df[col].astype(str).str.strip() == "")
        _fail_at(df, empty, name, col, "Pflichtangabe fehlt.")
    _fail_at(
        df,
        df["indicator_id"].duplicated(),
        name,
        "indicator_id",
        "doppelte Indikatorkennung „{value}“.",
    )
    _fail_at(
        df,
        ~df["polarity"].isin(POLARITIES),
        name,
        "polarity",
        f"„{{value}}“ (erlaubt: {', '.join(POLARITIES)}).",
    )
    _fail_at(
        df,
        ~df["aggregation"].isin(AGGREGATIONS),
        name,
        "aggregation",
        f"„{{value}}“ (erlaubt: {', '.join(AGGREGATIONS)}).",
    )
    _fail_at(
        df,
        ~df["domain"].isin(DOMAINS),
        name,
        "domain",
        f"„{{value}}“ (erlaubt: {', '.join(DOMAINS)}).",
    )
    out = df[INDICATOR_COLUMNS].copy()
    for col in ("scale", "min_denominator"):
        out[col] = _numbers(df, col, non_negative=True)[0]
    for col in ("decimals", "count_threshold"):
        out[col] = _numbers(df, col, non_negative=True)[0].astype("int64")
    out["public"] = df["public"].map(
        lambda v: str(v).strip().lower() in {"true", "1", "ja", "yes", "wahr"}
    )
    for col in ("formula", "numerator", "denominator"):
        out[col] = _text(df, col)
    out["data_date"] = _text(df, "data_date")
    return out.reset_index(drop=True)


def validate_values(pkg: Package, area_ids: set[str], indicator_ids: set[str]) -> pd.DataFrame:
    """Known indicator and area, numeric values (GENESIS symbols → missing), unique keys."""
    name = pkg.file_names.get("indicator_values", "indicator_values.csv")
    df = pkg.indicator_values.copy()
    df.attrs["file"] = name
    if df.empty and not len(df.columns):
        return df
    _require_columns(df, ["indicator_id", "area_id", "period", "value"], name, set())
    out = pd.DataFrame(index=df.index)
    out["indicator_id"] = _text(df, "indicator_id")
    _fail_at(
        df,
        ~out["indicator_id"].isin(indicator_ids),
        name,
        "indicator_id",
        "Indikator „{value}“ fehlt im Indikatorenkatalog.",
    )
    out["area_id"] = _text(df, "area_id")
    _fail_at(
        df, ~out["area_id"].isin(area_ids), name, "area_id", "unbekannte Gebietskennung „{value}“."
    )
    out["period"] = _text(df, "period")
    _fail_at(
        df,
        ~out["period"].str.match(_PERIOD),
        name,
        "period",
        "Zeitpunkt „{value}“: erwartet JJJJ oder JJJJ-MM-TT.",
    )
    value, reason = _numbers(df, "value", required=False, allow_symbols=True)
    out["value"] = value
    out["numerator"] = _numbers(df, "numerator", required=False)[0]
    out["denominator"] = _numbers(df, "denominator", required=False, non_negative=True)[0]
    flags = _text(df, "flag").replace("", "observed")
    out["flag"] = np.where(value.isna(), "missing", flags)
    _fail_at(df, ~out["flag"].isin(FLAGS), name, "flag", "unbekannte Kennzeichnung „{value}“.")
    given_reason = _text(df, "flag_reason")
    out["flag_reason"] = np.where(
        given_reason != "",
        given_reason,
        reason.replace("leer", "keine Angabe").where(value.isna(), ""),
    )
    _fail_at(
        df,
        out.duplicated(["indicator_id", "area_id", "period"]),
        name,
        "indicator_id",
        "doppelter Schlüssel (Indikator, Gebiet, Zeitpunkt) bei „{value}“.",
    )
    return out.reset_index(drop=True)


def validate_facilities(pkg: Package, area_ids: set[str]) -> pd.DataFrame:
    """Unique ids, coordinates in range, capacity a non-negative number or empty."""
    name = pkg.file_names.get("facilities", "facilities.csv")
    df = pkg.facilities.copy()
    df.attrs["file"] = name
    if df.empty:
        return df
    _require_columns(df, ["facility_id", "service_type", "name", "lon", "lat"], name, set())
    out = pd.DataFrame(index=df.index)
    for col in ("facility_id", "service_type", "name", "operator"):
        out[col] = _text(df, col)
    _fail_at(df, out["facility_id"] == "", name, "facility_id", "Kennung fehlt.")
    _fail_at(
        df,
        out["facility_id"].duplicated(),
        name,
        "facility_id",
        "doppelte Einrichtungskennung „{value}“.",
    )
    _fail_at(df, out["service_type"] == "", name, "service_type", "Art der Einrichtung fehlt.")
    out["capacity"] = _numbers(df, "capacity", required=False, non_negative=True)[0]
    op_type = _text(df, "operator_type").replace("", "unbekannt")
    _fail_at(
        df,
        ~op_type.isin(OPERATOR_TYPES),
        name,
        "operator_type",
        f"„{{value}}“ (erlaubt: {', '.join(OPERATOR_TYPES)}).",
    )
    out["operator_type"] = op_type
    out["lon"] = _numbers(df, "lon")[0]
    out["lat"] = _numbers(df, "lat")[0]
    out["area_id"] = _nullable(_text(df, "area_id"))
    unknown = out["area_id"].notna() & ~out["area_id"].isin(area_ids)
    _fail_at(df, unknown, name, "area_id", "unbekannte Gebietskennung „{value}“.")
    out["data_date"] = _text(df, "data_date")
    return out.reset_index(drop=True)


def validate_crosswalk(pkg: Package, area_ids: set[str]) -> pd.DataFrame:
    """Known source areas, weights in [0, 1] summing to 1 per source area."""
    name = pkg.file_names.get("crosswalk", "crosswalk.csv")
    df = pkg.crosswalk.copy()
    df.attrs["file"] = name
    if df.empty:
        return df
    _require_columns(df, ["from_area", "to_area", "weight", "method"], name, set())
    out = pd.DataFrame(index=df.index)
    out["from_area"] = _text(df, "from_area")
    out["to_area"] = _text(df, "to_area")
    local_from = ~out["from_area"].str.contains(":")
    _fail_at(
        df,
        local_from & ~out["from_area"].isin(area_ids),
        name,
        "from_area",
        "unbekannte Gebietskennung „{value}“.",
    )
    local_to = ~out["to_area"].str.contains(":")
    _fail_at(
        df,
        local_to & ~out["to_area"].isin(area_ids),
        name,
        "to_area",
        "unbekannte Gebietskennung „{value}“.",
    )
    weight, _ = _numbers(df, "weight", non_negative=True)
    _fail_at(df, weight > 1.0 + 1e-9, name, "weight", "Gewicht {value} liegt über 1.")
    out["weight"] = weight
    out["method"] = _text(df, "method")
    sums = out.groupby("from_area")["weight"].transform("sum")
    _fail_at(
        df,
        (sums - 1.0).abs() > 1e-3,
        name,
        "weight",
        "Gewichte eines Ausgangsgebiets ergeben nicht 1.",
    )
    return out.reset_index(drop=True)


def validate_package(pkg: Package) -> Package:
    """Validate every table and return a normalised copy of the package."""
    validate_meta(pkg)
    areas = validate_areas(pkg)
    area_ids = set(areas["area_id"])
    catalogue = validate_catalogue(pkg)
    indicator_ids = set(catalogue["indicator_id"]) if not catalogue.empty else set()
    return Package(
        name=pkg.name,
        system_code=pkg.system_code,
        area_system=pkg.area_system,
        gebietsstand=pkg.gebietsstand,
        levels=list(pkg.levels),
        areas=areas,
        population=validate_population(pkg, area_ids),
        indicators=catalogue,
        indicator_values=validate_values(pkg, area_ids, indicator_ids),
        facilities=validate_facilities(pkg, area_ids),
        crosswalk=validate_crosswalk(pkg, area_ids),
        attributes=pkg.attributes.copy(),
        sources=list(pkg.sources),
        file_names=dict(pkg.file_names),
    )
