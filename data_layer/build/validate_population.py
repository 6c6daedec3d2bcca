"""Validation of the population table of a Datenpaket (counts by area, period, sex, age)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_layer.build.package import FLAGS, SEX_CODES, Package
from data_layer.build.validate_columns import (
    area_and_period,
    fail_at,
    number_column,
    require_columns,
    text_column,
)


def validate_population(pkg: Package, area_ids: set[str]) -> pd.DataFrame:
    """Known areas, valid periods, sexes and ages, non-negative counts, unique keys."""
    name = pkg.file_names.get("population", "population.csv")
    df = pkg.population.copy()
    df.attrs["file"] = name
    if df.empty and not len(df.columns):
        return df
    require_columns(df, ["area_id", "period", "sex", "age_from", "age_to", "count"], name, set())
    out = pd.DataFrame(index=df.index)
    area_and_period(df, out, name, area_ids)
    out["sex"] = text_column(df, "sex")
    fail_at(
        df,
        ~out["sex"].isin(SEX_CODES),
        name,
        "sex",
        f"Geschlecht „{{value}}“ (erlaubt: {', '.join(SEX_CODES)}).",
    )
    age_from, _ = number_column(df, "age_from", non_negative=True)
    age_to, _ = number_column(df, "age_to", required=False, non_negative=True)
    fail_at(
        df,
        age_to.notna() & (age_to <= age_from),
        name,
        "age_to",
        "Altersobergrenze „{value}“ muss größer als age_from sein.",
    )
    out["age_from"] = age_from.astype("int64")
    out["age_to"] = age_to.astype("Int64")
    count, reason = number_column(
        df, "count", non_negative=True, required=False, allow_symbols=True
    )
    out["count"] = count
    flags = text_column(df, "flag").replace("", "observed")
    out["flag"] = np.where(count.isna(), "missing", flags)
    fail_at(df, ~out["flag"].isin(FLAGS), name, "flag", "unbekannte Kennzeichnung „{value}“.")
    out["flag_reason"] = reason.replace("leer", "").where(count.isna(), "")
    key = ["area_id", "period", "sex", "age_from", "age_to"]
    fail_at(
        df,
        out.duplicated(key),
        name,
        "area_id",
        "doppelter Schlüssel (Gebiet, Zeitpunkt, Geschlecht, Altersgruppe) bei „{value}“.",
    )
    return out.reset_index(drop=True)
