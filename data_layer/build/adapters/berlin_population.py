"""Population of the Berlin demo packages (Einwohnerregisterstatistik, Planungsräume).

Three sources (see ``data/raw/berlin_lor/SOURCES.md``):

* half-year tables 2021h1–2024h2 on LOR 2021 (8 age bands, total, female,
  foreigners and migration background) – flag ``observed``;
* half-year tables 2015h1–2020h2 on the old 447/448 PLR – ``observed`` on the
  old scheme and moved to LOR 2021 with the areal crosswalk – ``estimated``
  (fractional counts are kept);
* the fine-band matrix of 31.12.2024 (32 age bands, male, female).

Ages are in completed years; ``age_to`` is exclusive and ``<NA>`` means open.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from data_layer.build.package import POPULATION_COLUMNS, VALUE_COLUMNS

POP_DIR = "population"
HALF_YEAR_2021_FILE = f"{POP_DIR}/berlin_plr2021_population_2021h1-2024h2.csv"
HALF_YEAR_2006_FILE = f"{POP_DIR}/berlin_plr447_population_2015h1-2020h2.csv"
MATRIX_FILE = f"{POP_DIR}/EWR_L21_202412E_Matrix.csv"
MATRIX_PERIOD = "2024-12-31"

#: Half-year table column → (sex, age_from, age_to); ``None`` = open upper end.
HALF_YEAR_BANDS: dict[str, tuple[str, int, int | None]] = {
    "inhabitants": ("all", 0, None),
    "inhabitants_age_below_6": ("all", 0, 6),
    "inhabitants_age_6_15": ("all", 6, 15),
    "inhabitants_age_15_18": ("all", 15, 18),
    "inhabitants_age_18_27": ("all", 18, 27),
    "inhabitants_age_27_45": ("all", 27, 45),
    "inhabitants_age_45_55": ("all", 45, 55),
    "inhabitants_age_55_65": ("all", 55, 65),
    "inhabitants_age_above_65": ("all", 65, None),
    "inhabitants_female": ("f", 0, None),
}

#: Half-year table column → indicator id of the count (catalogue ``berlin_indicators.yaml``).
COUNT_INDICATORS: dict[str, str] = {
    "inhabitants_foreigners": "pop_foreigners",
    "inhabitants_with_migration_background": "pop_migration_background",
    "inhabitants_germans_with_migration_background": "pop_germans_with_migration_background",
    "inhabitants_germans_without_migration_background": "pop_germans_without_migration_background",
}

MOVED_REASON = "flächengewichtet von LOR 2006 auf LOR 2021 umgeschlüsselt"
KEY = ["area_id", "period", "sex", "age_from", "age_to"]


def read_half_year(path: Path) -> pd.DataFrame:
    """Read a half-year table; ids as text, every count column numeric."""
    frame = pd.read_csv(path, dtype=str)
    counts = [*HALF_YEAR_BANDS, *COUNT_INDICATORS]
    missing = sorted(set(counts) - set(frame.columns))
    if missing:
        raise ValueError(f"{path.name}: Spalten fehlen: {', '.join(missing)}")
    for col in counts:
        frame[col] = pd.to_numeric(frame[col], errors="raise").astype(float)
    # ``period`` in the file is "YYYY-0H"; the Stichtag is the period of the package.
    frame = frame.drop(columns=["period"]).rename(
        columns={"plr_id": "area_id", "stichtag": "period"}
    )
    return frame


def _long(
    frame: pd.DataFrame, bands: dict[str, tuple[str, int, int | None]], flag: str
) -> pd.DataFrame:
    """Melt count columns into ``POPULATION_COLUMNS`` rows (one per area, period, band)."""
    parts = []
    for col, (sex, age_from, age_to) in bands.items():
        part = frame[["area_id", "period"]].copy()
        part["sex"] = sex
        part["age_from"] = age_from
        part["age_to"] = age_to if age_to is not None else pd.NA
        part["count"] = frame[col].to_numpy()
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["age_from"] = out["age_from"].astype("Int64")
    out["age_to"] = out["age_to"].astype("Int64")
    out["count"] = out["count"].astype(float)
    out["flag"] = flag
    return out[POPULATION_COLUMNS]


def half_year_population(frame: pd.DataFrame, flag: str) -> pd.DataFrame:
    """Age bands (sex ``all``), total and female total of a half-year table."""
    return _long(frame, HALF_YEAR_BANDS, flag)


def _matrix_bands(columns: list[str]) -> dict[str, tuple[str, int, int | None]]:
    """Fine bands ``E_Exx_yy`` (the last band 95–110 is treated as open) and the sex totals."""
    bands: dict[str, tuple[str, int, int | None]] = {
        "E_E": ("all", 0, None),
        "E_EM": ("m", 0, None),
        "E_EW": ("f", 0, None),
    }
    fine = [c for c in columns if c.startswith("E_E") and c.count("_") == 2]
    last = max(fine, key=lambda c: int(c.split("_")[1][1:]))
    for col in fine:
        low, high = col[3:].split("_")
        bands[col] = ("all", int(low), None if col == last else int(high))
    return bands


def matrix_population(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """Fine age bands of 31.12.2024 and the PLR left blank for statistical secrecy.

    Blank PLR get no rows at all (they are *missing*, not zero).
    """
    raw = pd.read_csv(path, sep=";", dtype=str)
    if set(raw["ZEIT"]) != {"202412"}:
        raise ValueError(f"{path.name}: erwartet ZEIT 202412.")
    bands = _matrix_bands(list(raw.columns))
    blank = raw[list(bands)].isna().all(axis=1)
    data = raw[~blank].rename(columns={"RAUMID": "area_id"})
    for col in bands:
        data[col] = pd.to_numeric(data[col], errors="raise").astype(float)
    data["period"] = MATRIX_PERIOD
    return _long(data, bands, "observed"), sorted(raw.loc[blank, "RAUMID"])


def combine_without_duplicates(*parts: pd.DataFrame) -> pd.DataFrame:
    """Concatenate population frames; for a repeated key the earlier part wins."""
    out = pd.concat(parts, ignore_index=True)
    out = out[~out.duplicated(KEY, keep="first")]
    return out.sort_values(KEY).reset_index(drop=True)


def _join_crosswalk(frame: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Attach ``new`` and ``weight`` to every row; refuse old ids the crosswalk lacks."""
    joined = frame.merge(crosswalk, left_on="area_id", right_on="old", how="left")
    if joined["new"].isna().any():
        lost = sorted(joined.loc[joined["new"].isna(), "area_id"].unique())
        raise ValueError(f"Kein Schlüssel im Crosswalk für: {', '.join(lost)}")
    return joined


def move_population(old: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Move old-PLR counts to LOR 2021 with the area weights (flag ``estimated``).

    >>> old = pd.DataFrame({"area_id": ["A"], "period": ["2020-12-31"], "sex": ["all"],
    ...     "age_from": pd.array([0], dtype="Int64"), "age_to": pd.array([None], dtype="Int64"),
    ...     "count": [10.0], "flag": ["observed"]})
    >>> cw = pd.DataFrame({"old": ["A", "A"], "new": ["X", "Y"], "weight": [0.75, 0.25]})
    >>> move_population(old, cw)["count"].tolist()
    [7.5, 2.5]
    """
    joined = _join_crosswalk(old, crosswalk)
    joined["count"] = joined["count"] * joined["weight"]
    joined["area_id"] = joined["new"]
    out = joined.groupby(KEY, dropna=False, sort=True)["count"].sum().reset_index()
    out["flag"] = "estimated"
    return out[POPULATION_COLUMNS]


def count_values(frame: pd.DataFrame, flag: str) -> pd.DataFrame:
    """Counts of foreigners and migration background as indicator values (numerator = value)."""
    parts = []
    for col, indicator_id in COUNT_INDICATORS.items():
        part = pd.DataFrame(
            {
                "indicator_id": indicator_id,
                "area_id": frame["area_id"].to_numpy(),
                "period": frame["period"].to_numpy(),
                "value": frame[col].to_numpy(dtype=float),
            }
        )
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["numerator"] = out["value"]
    out["denominator"] = np.nan
    out["flag"] = flag
    out["flag_reason"] = None
    return out[VALUE_COLUMNS]


def move_values(values: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Move count indicator values like population (sum of weighted counts, ``estimated``)."""
    joined = _join_crosswalk(values, crosswalk)
    joined["value"] = joined["value"] * joined["weight"]
    out = joined.groupby(["indicator_id", "new", "period"], sort=True)["value"].sum().reset_index()
    out = out.rename(columns={"new": "area_id"})
    out["numerator"] = out["value"]
    out["denominator"] = np.nan
    out["flag"] = "estimated"
    out["flag_reason"] = MOVED_REASON
    return out[VALUE_COLUMNS]
