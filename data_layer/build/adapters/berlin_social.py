"""Monitoring Soziale Stadtentwicklung (MSS) Berlin as indicator values.

One value per indicator, Planungsraum and MSS report; the period is the data
Stichtag of the report (MSS 2021 → ``"2020-12-31"``). Values are published
shares in percent (S, K), changes in percentage points (D) or index classes.

Coding of the indices:

* ``mss_status_index``: Statusindex as published, 1 = hoch … 4 = sehr niedrig.
* ``mss_dynamic_index``: Dynamikindex coded numerically: ``+`` (positiv) → 1,
  ``+/-`` (stabil) → 0, ``-`` (negativ) → −1.

The combined Status/Dynamik-Index (e.g. ``"2-"``) is not emitted: it is the
pair of the two values above. The source product dropped the standardised
(continuous) index values, so none are emitted.

Planungsräume the MSS leaves out (too few residents) get a row with flag
``missing`` for every indicator of that report. An indicator that a report does
not contain at all (S2/D2 in MSS 2019 and later, K02 in two reports) gets no
rows for that report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from data_layer.build.package import VALUE_COLUMNS

SOCIAL_DIR = "social"
MSS2021_FILE = f"{SOCIAL_DIR}/berlin_mss2021_plr2021.csv"
MSS_OLD_FILE = f"{SOCIAL_DIR}/berlin_mss2013-2019_plr447.csv"

#: Source column → indicator id.
MSS_COLUMNS: dict[str, str] = {
    "status_index": "mss_status_index",
    "dynamic_index": "mss_dynamic_index",
    "s1_percentage_unemployed": "mss_s1_unemployed",
    "s2_percentage_long_term_unemployed": "mss_s2_long_term_unemployed",
    "s3_percentage_transfer_payments_recipients": "mss_s3_transfer_recipients",
    "s4_percentage_transfer_payments_recipients_below_15_years": "mss_s4_child_poverty",
    "d1_percentage_unemployed": "mss_d1_unemployed_change",
    "d2_percentage_long_term_unemployed": "mss_d2_long_term_unemployed_change",
    "d3_percentage_transfer_payments_recipients": "mss_d3_transfer_recipients_change",
    "d4_percentage_transfer_payments_recipients_below_15_years": "mss_d4_child_poverty_change",
    "k01_youth_unemployment": "mss_k01_youth_unemployment",
    "k02_single_parent_households": "mss_k02_single_parent_households",
    "k03_old_age_poverty": "mss_k03_old_age_poverty",
    "k04_children_with_migration_background": "mss_k04_children_migration_background",
    "k05_inhabitants_with_migration_background": "mss_k05_migration_background",
    "k06_change_proportion_of_foreigner": "mss_k06_foreigners_change",
    "k07_foreign_transfer_recipients": "mss_k07_foreign_transfer_recipients",
    "k08_urban_apartments": "mss_k08_municipal_dwellings",
    "k09_simple_residential_area": "mss_k09_simple_residential_location",
    "k10_duration_of_residence_over_5_years": "mss_k10_residence_over_5_years",
    "k11_migration_volume": "mss_k11_migration_volume",
    "k12_balance_of_migration": "mss_k12_migration_balance",
    "k13_balance_of_migration_of_children_below_6": "mss_k13_migration_balance_under_6",
    "k16_foreigners": "mss_k16_foreigners",
    "k17_non_eu_foreigners": "mss_k17_non_eu_foreigners",
}

#: Numeric coding of the Dynamikindex.
DYNAMIC_CODES: dict[str, float] = {"+": 1.0, "+/-": 0.0, "-": -1.0}

NOT_PUBLISHED = "nicht veröffentlicht (MSS weist Planungsräume mit zu wenigen Einwohnern nicht aus)"
BLANK_CELL = "kein Wert im MSS-Bericht"


def read_mss(path: Path) -> pd.DataFrame:
    """Read an MSS table: ids as text, '-' or blank → missing, dynamic index coded."""
    frame = pd.read_csv(path, dtype=str)
    unknown = set(frame["dynamic_index"].dropna()) - set(DYNAMIC_CODES)
    if unknown:
        raise ValueError(f"{path.name}: unbekannter Dynamikindex {sorted(unknown)}")
    frame["dynamic_index"] = frame["dynamic_index"].map(DYNAMIC_CODES)
    for col in MSS_COLUMNS:
        if col in frame.columns and col != "dynamic_index":
            text = frame[col].str.strip()
            text = text.where(~text.isin(["-", ""]))
            frame[col] = pd.to_numeric(text, errors="raise").astype(float)
    if frame.duplicated(["data_stichtag", "plr_id"]).any():
        raise ValueError(f"{path.name}: Planungsraum doppelt in einem Bericht.")
    return frame


def _report_values(report: pd.DataFrame, area_ids: Iterable[str]) -> pd.DataFrame:
    """Long values of one report, with ``missing`` rows for left-out PLR and blank cells."""
    period = str(report["data_stichtag"].iloc[0])
    columns = [c for c in MSS_COLUMNS if c in report.columns and report[c].notna().any()]
    wide = report.set_index("plr_id")[columns]
    wide = wide.reindex(sorted(set(area_ids) | set(wide.index)))
    published = wide.index.isin(report["plr_id"])
    parts = []
    for col in columns:
        part = pd.DataFrame(
            {
                "indicator_id": MSS_COLUMNS[col],
                "area_id": wide.index.to_numpy(),
                "period": period,
                "value": wide[col].to_numpy(dtype=float),
            }
        )
        missing = part["value"].isna().to_numpy()
        part["flag"] = np.where(missing, "missing", "observed")
        reasons = [
            (BLANK_CELL if pub else NOT_PUBLISHED) if miss else None
            for pub, miss in zip(published, missing, strict=True)
        ]
        part["flag_reason"] = pd.Series(reasons, dtype="object").to_numpy()
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["numerator"] = np.nan
    out["denominator"] = np.nan
    return out[VALUE_COLUMNS]


def mss_values(frame: pd.DataFrame, ids_at: Callable[[str], Iterable[str]]) -> pd.DataFrame:
    """All reports of an MSS table as ``VALUE_COLUMNS`` rows.

    ``ids_at(period)`` returns the Planungsräume that existed at a report's
    Stichtag; those the report leaves out are recorded as ``missing``. Ids in
    the table that are not among them are refused.
    """
    parts = []
    for period, report in frame.groupby("data_stichtag", sort=True):
        ids = set(ids_at(str(period)))
        strangers = sorted(set(report["plr_id"]) - ids)
        if strangers:
            raise ValueError(f"MSS {period}: unbekannte Planungsräume {', '.join(strangers[:5])}")
        parts.append(_report_values(report, ids))
    return pd.concat(parts, ignore_index=True)
