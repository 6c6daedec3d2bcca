"""Reproduce the published MSS classes (Berlin, Monitoring Soziale Stadtentwicklung) from the indicators.

Data: data/raw/berlin_lor/social/ (see SOURCES.md there).  Method: indicators.social.composite with
the preset of data/parameters/social_index.yaml (as the app reads it).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from indicators.social.composite import agreement, composite_index
from tests.indicators.published_index import mss_2021_on_raw_columns

SOCIAL = Path(__file__).resolve().parents[2] / "data/raw/berlin_lor/social"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SOCIAL / name, dtype={"plr_id": str}).set_index("plr_id")


def test_mss_2021_reproduction() -> None:
    mss = _read("berlin_mss2021_plr2021.csv")
    result = composite_index(mss, mss_2021_on_raw_columns())
    status = agreement(result["status_class"], mss["status_index"])
    dynamics = agreement(result["dynamics_class"], mss["dynamic_index"])
    print(f"\nMSS 2021 (534 PLR): Status {status:.2%}, Dynamik {dynamics:.2%}")
    assert len(mss) == 534
    assert status == 1.0
    assert dynamics >= 0.99
    # measured: 530 of 534 (the 4 others lie within 0.025 SD of the ±1 threshold)
    assert dynamics == pytest.approx(530 / 534)
    counts = result["status_class"].value_counts().sort_index().tolist()
    assert counts == [
        75,
        364,
        46,
        49,
    ]  # published: 75 hoch, 364 mittel, 46 niedrig, 49 sehr niedrig


def test_mss_2021_dynamics_mismatches_are_threshold_cases() -> None:
    mss = _read("berlin_mss2021_plr2021.csv")
    result = composite_index(mss, mss_2021_on_raw_columns())
    published = mss["dynamic_index"].map({"+": "+", "+/-": "±", "-": "−"})
    wrong = result.index[result["dynamics_class"] != published]
    assert sorted(wrong) == ["01200519", "04300518", "07601341", "12500825"]
    assert (result.loc[wrong, "dynamics_index"].abs() - 1.0).abs().max() < 0.025


@pytest.mark.parametrize(
    ("report", "status_min", "dynamics_min"),
    [(2013, 0.997, 0.999), (2015, 0.999, 0.997), (2017, 0.999, 0.999), (2019, 0.997, 0.999)],
)
def test_same_method_on_older_reports(report: int, status_min: float, dynamics_min: float) -> None:
    data = _read("berlin_mss2013-2019_plr447.csv")
    mss = data[data["mss_report"] == report]
    s_cols = tuple(
        c for c in mss.columns if c[:2] in ("s1", "s2", "s3", "s4") and mss[c].notna().any()
    )
    d_cols = tuple(
        c for c in mss.columns if c[:2] in ("d1", "d2", "d3", "d4") and mss[c].notna().any()
    )
    config = dataclasses.replace(
        mss_2021_on_raw_columns(),
        status_columns=s_cols,
        status_weights=(1.0,) * len(s_cols),
        dynamics_columns=d_cols,
        dynamics_weights=(1.0,) * len(d_cols),
    )
    result = composite_index(mss, config)
    status = agreement(result["status_class"], mss["status_index"])
    dynamics = agreement(result["dynamics_class"], mss["dynamic_index"])
    print(
        f"\nMSS {report} ({len(mss)} PLR, {len(s_cols)} S-Indikatoren): Status {status:.2%}, Dynamik {dynamics:.2%}"
    )
    assert status >= status_min
    assert dynamics >= dynamics_min
