"""Validation of the indicators of a Datenpaket: the catalogue and the values."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_layer.build.package import (
    AGGREGATIONS,
    DOMAINS,
    FLAGS,
    INDICATOR_COLUMNS,
    POLARITIES,
    Package,
)
from data_layer.build.validate_columns import (
    area_and_period,
    fail_at,
    number_column,
    require_columns,
    text_column,
)
from data_layer.errors import ImportValidationError

#: catalogue fields that may be empty (formula etc. are optional for observed counts)
_OPTIONAL_CATALOGUE = {"formula", "numerator", "denominator"}


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
        fail_at(df, empty, name, col, "Pflichtangabe fehlt.")
    fail_at(
        df,
        df["indicator_id"].duplicated(),
        name,
        "indicator_id",
        "doppelte Indikatorkennung „{value}“.",
    )
    fail_at(
        df,
        ~df["polarity"].isin(POLARITIES),
        name,
        "polarity",
        f"„{{value}}“ (erlaubt: {', '.join(POLARITIES)}).",
    )
    fail_at(
        df,
        ~df["aggregation"].isin(AGGREGATIONS),
        name,
        "aggregation",
        f"„{{value}}“ (erlaubt: {', '.join(AGGREGATIONS)}).",
    )
    fail_at(
        df,
        ~df["domain"].isin(DOMAINS),
        name,
        "domain",
        f"„{{value}}“ (erlaubt: {', '.join(DOMAINS)}).",
    )
    out = df[INDICATOR_COLUMNS].copy()
    for col in ("scale", "min_denominator"):
        out[col] = number_column(df, col, non_negative=True)[0]
    for col in ("decimals", "count_threshold"):
        out[col] = number_column(df, col, non_negative=True)[0].astype("int64")
    out["public"] = df["public"].map(
        lambda v: str(v).strip().lower() in {"true", "1", "ja", "yes", "wahr"}
    )
    for col in ("formula", "numerator", "denominator"):
        out[col] = text_column(df, col)
    out["data_date"] = text_column(df, "data_date")
    return out.reset_index(drop=True)


def validate_values(pkg: Package, area_ids: set[str], indicator_ids: set[str]) -> pd.DataFrame:
    """Known indicator and area, numeric values (GENESIS symbols → missing), unique keys."""
    name = pkg.file_names.get("indicator_values", "indicator_values.csv")
    df = pkg.indicator_values.copy()
    df.attrs["file"] = name
    if df.empty and not len(df.columns):
        return df
    require_columns(df, ["indicator_id", "area_id", "period", "value"], name, set())
    out = pd.DataFrame(index=df.index)
    out["indicator_id"] = text_column(df, "indicator_id")
    fail_at(
        df,
        ~out["indicator_id"].isin(indicator_ids),
        name,
        "indicator_id",
        "Indikator „{value}“ fehlt im Indikatorenkatalog.",
    )
    area_and_period(df, out, name, area_ids)
    value, reason = number_column(df, "value", required=False, allow_symbols=True)
    out["value"] = value
    out["numerator"] = number_column(df, "numerator", required=False)[0]
    out["denominator"] = number_column(df, "denominator", required=False, non_negative=True)[0]
    flags = text_column(df, "flag").replace("", "observed")
    out["flag"] = np.where(value.isna(), "missing", flags)
    fail_at(df, ~out["flag"].isin(FLAGS), name, "flag", "unbekannte Kennzeichnung „{value}“.")
    given_reason = text_column(df, "flag_reason")
    out["flag_reason"] = np.where(
        given_reason != "",
        given_reason,
        reason.replace("leer", "keine Angabe").where(value.isna(), ""),
    )
    fail_at(
        df,
        out.duplicated(["indicator_id", "area_id", "period"]),
        name,
        "indicator_id",
        "doppelter Schlüssel (Indikator, Gebiet, Zeitpunkt) bei „{value}“.",
    )
    return out.reset_index(drop=True)
