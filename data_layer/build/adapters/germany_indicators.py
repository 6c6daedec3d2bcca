"""Indicator values of the Germany package: INKAR (Kreise) and Zensus 2022 (Gemeinden).

INKAR values are published on the Kreis boundaries of 2021 (400 Kreise, the
same keys as on 31.12.2024) and are passed on as observed rates without
numerators (aggregation "none").

Zensus 2022 shares and averages are turned into numerator / denominator so
that merged Gemeinden (and the loader's Kreis/Land/Bund values) are sums:

* shares of persons: numerator = share × population / 100, denominator = population;
* vacancy rate: numerator = rate × dwellings / 100, denominator = dwellings;
* owner-occupied share: weighted by all dwellings (approximation for the
  occupied dwellings the published share refers to);
* household size: numerator = population, denominator = population / size
  (= households);
* rent per m²: weighted by the estimated rented dwellings
  dwellings × (1 − owner-occupied share / 100).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data_layer.build.adapters.germany_harmonise import apply_links
from data_layer.build.package import VALUE_COLUMNS

INKAR_PREFIX = "inkar_"
ZENSUS_PERIOD = "2022-05-15"
REASON_SOURCE = "in der Quelle (Zensus 2022) nicht ausgewiesen"
REASON_PART = "für mindestens eine zusammengelegte Gemeinde nicht ausgewiesen"
REASON_IMPLAUSIBLE = "Quelle unplausibel (Anteil über 100 %), nicht übernommen"


@dataclass(frozen=True)
class ZensusSpec:
    """How one Zensus column becomes numerator and denominator."""

    indicator_id: str
    column: str
    scale: float  # value = numerator / denominator × scale


ZENSUS_SPECS: tuple[ZensusSpec, ...] = (
    ZensusSpec("zensus_population", "population_census22", 1.0),
    ZensusSpec("zensus_dwellings", "total_dwellings_census22", 1.0),
    ZensusSpec("zensus_foreign_share", "share_foreign_census22", 100.0),
    ZensusSpec("zensus_migration_share", "share_migration_bg_census22", 100.0),
    ZensusSpec("zensus_vacancy_rate", "vacancy_rate_census22", 100.0),
    ZensusSpec("zensus_owner_share", "share_owner_occupied_census22", 100.0),
    ZensusSpec("zensus_household_size", "avg_household_size_census22", 1.0),
    ZensusSpec("zensus_rent_per_m2", "avg_rent_per_m2_census22", 1.0),
)

_COUNTS = ("zensus_population", "zensus_dwellings")


def inkar_values(path: Path) -> pd.DataFrame:
    """All INKAR Kreis indicators as observed values (period "YYYY")."""
    wide = pd.read_csv(path, dtype={"county_code": str})
    long = wide.melt(id_vars=["county_code", "year"], var_name="variable", value_name="value")
    long = long[long["value"].notna()]
    out = pd.DataFrame(
        {
            "indicator_id": INKAR_PREFIX + long["variable"],
            "area_id": long["county_code"],
            "period": long["year"].astype(int).astype(str),
            "value": long["value"].astype(float),
            "numerator": np.nan,
            "denominator": np.nan,
            "flag": "observed",
            "flag_reason": None,
        }
    )
    return out[VALUE_COLUMNS].reset_index(drop=True)


def _parts(z: pd.DataFrame) -> pd.DataFrame:
    """Numerator, denominator and missing marker per Zensus indicator (index AGS)."""
    pop = z["population_census22"].astype(float)
    dwell = z["total_dwellings_census22"].astype(float)
    owner = z["share_owner_occupied_census22"].astype(float)
    size = z["avg_household_size_census22"].astype(float)
    rent = z["avg_rent_per_m2_census22"].astype(float)
    cols: dict[str, tuple[pd.Series, pd.Series]] = {
        "zensus_population": (pop, pd.Series(np.nan, index=z.index)),
        "zensus_dwellings": (dwell, pd.Series(np.nan, index=z.index)),
        "zensus_foreign_share": (z["share_foreign_census22"] * pop / 100.0, pop),
        "zensus_migration_share": (z["share_migration_bg_census22"] * pop / 100.0, pop),
        "zensus_vacancy_rate": (z["vacancy_rate_census22"] * dwell / 100.0, dwell),
        "zensus_owner_share": (owner * dwell / 100.0, dwell),
        "zensus_household_size": (pop.where(size.notna()), pop / size),
        "zensus_rent_per_m2": (rent * dwell * (1.0 - owner / 100.0), dwell * (1.0 - owner / 100.0)),
    }
    frame = {}
    for key, (num, den) in cols.items():
        frame[f"num|{key}"] = num.fillna(0.0)
        frame[f"den|{key}"] = den.fillna(0.0)
        frame[f"nan|{key}"] = num.isna().astype(float)
    return pd.DataFrame(frame, index=z.index)


def zensus_values(path: Path, links: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object]]:
    """Zensus 2022 Gemeinde indicators on the Gebietsstand 31.12.2024.

    ``links`` carries the Zensus keys (Gebietsstand 2022) to 31.12.2024.
    """
    z = pd.read_csv(path, dtype={"ags": str}).set_index("ags")
    implausible = z.index[z["share_owner_occupied_census22"] > 100]
    z.loc[implausible, "share_owner_occupied_census22"] = np.nan
    carried = apply_links(_parts(z), links)
    flag = np.where(carried["estimated"], "estimated", "observed")
    rows = []
    for spec in ZENSUS_SPECS:
        key = spec.indicator_id
        num = carried[f"num|{key}"].to_numpy()
        den = carried[f"den|{key}"].to_numpy()
        lacking = carried[f"nan|{key}"].to_numpy() > 0
        if key in _COUNTS:
            value, den = num.copy(), np.full(len(num), np.nan)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                value = num / den * spec.scale
        part = pd.DataFrame(
            {
                "indicator_id": key,
                "area_id": carried.index.to_numpy(),
                "period": ZENSUS_PERIOD,
                "value": np.where(lacking, np.nan, value),
                "numerator": np.where(lacking, np.nan, num),
                "denominator": np.where(lacking, np.nan, den),
                "flag": np.where(lacking, "missing", flag),
                "flag_reason": _reasons(carried, key, lacking, implausible),
            }
        )
        rows.append(part)
    out = pd.concat(rows, ignore_index=True)[VALUE_COLUMNS]
    report = {"zensus_gemeinden": int(len(z)), "implausible_owner_share": sorted(implausible)}
    return out, report


def _reasons(
    carried: pd.DataFrame, key: str, lacking: np.ndarray, implausible: pd.Index
) -> list[str | None]:
    """German reason per row of a missing value (``None`` when present)."""
    out: list[str | None] = []
    for ags, miss, est in zip(carried.index, lacking, carried["estimated"], strict=True):
        if not miss:
            out.append(None)
        elif key == "zensus_owner_share" and ags in implausible:
            out.append(REASON_IMPLAUSIBLE)
        else:
            out.append(REASON_PART if est else REASON_SOURCE)
    return out
