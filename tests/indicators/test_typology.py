"""Hand-worked tables for indicators.social.typology."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.social.typology import cluster_areas

MSS_2021 = (
    Path(__file__).resolve().parents[2] / "data/raw/berlin_lor/social/berlin_mss2021_plr2021.csv"
)
REAL_COLUMNS = [
    "s1_percentage_unemployed",
    "s4_percentage_transfer_payments_recipients_below_15_years",
    "k10_duration_of_residence_over_5_years",
    "k05_inhabitants_with_migration_background",
]


@pytest.mark.parametrize("method", ["kmeans", "ward"])
def test_two_obvious_groups_hand_worked_profile(method: str) -> None:
    # a: mean 5.5, sample SD sqrt(101/3) = 5.8023 -> z = -0.9479, -0.7755, 0.7755, 0.9479
    # b is constant -> z = 0
    frame = pd.DataFrame(
        {"a": [10.0, 0.0, 11.0, 1.0], "b": [5.0, 5.0, 5.0, 5.0]}, index=["w", "x", "y", "z"]
    )
    result = cluster_areas(frame, ["a", "b"], 2, method=method)
    assert result.labels.tolist() == [2, 1, 2, 1]  # type 1 = lower mean of the first indicator
    assert result.profile["a"].round(4).tolist() == [-0.8617, 0.8617]
    assert result.profile["b"].tolist() == [0.0, 0.0]
    assert result.profile["size"].tolist() == [2, 2]
    assert result.profile.index.tolist() == [1, 2]
    assert result.n_missing == 0


def test_missing_rows_are_labelled_missing() -> None:
    frame = pd.DataFrame({"a": [0.0, 0.1, 5.0, 5.1, None], "b": [1.0, 1.0, 3.0, 3.0, 2.0]})
    result = cluster_areas(frame, ["a", "b"], 2)
    assert result.labels.tolist() == [1, 1, 2, 2, pd.NA]
    assert str(result.labels.dtype) == "Int64"
    assert result.n_missing == 1
    assert result.method_label == "k-Means, 2 Typen"


def test_ties_are_kept_together() -> None:
    frame = pd.DataFrame({"a": [1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 3.0]})
    assert cluster_areas(frame, ["a"], 3).labels.tolist() == [1, 1, 1, 1, 2, 2, 3]


@pytest.mark.parametrize("method", ["kmeans", "ward"])
def test_real_data_deterministic_and_order_independent(method: str) -> None:
    mss = pd.read_csv(MSS_2021, dtype={"plr_id": str}).set_index("plr_id")
    first = cluster_areas(mss, REAL_COLUMNS, 5, method=method)
    again = cluster_areas(mss, REAL_COLUMNS, 5, method=method)
    shuffled = cluster_areas(mss.sample(frac=1.0, random_state=7), REAL_COLUMNS, 5, method=method)
    pd.testing.assert_series_equal(first.labels, again.labels)
    pd.testing.assert_series_equal(shuffled.labels.reindex(first.labels.index), first.labels)
    assert first.profile["size"].sum() == 534
    # types are ordered by the first indicator (unemployment), ascending
    assert first.profile[REAL_COLUMNS[0]].is_monotonic_increasing


def test_input_not_mutated() -> None:
    frame = pd.DataFrame({"a": [3.0, 1.0, 2.0, 8.0], "b": [1.0, 2.0, 3.0, 4.0]})
    copy = frame.copy()
    cluster_areas(frame, ["a", "b"], 2)
    pd.testing.assert_frame_equal(frame, copy)


@pytest.mark.parametrize(
    ("columns", "k", "method", "message"),
    [
        (["a"], 1, "kmeans", "ab 2"),
        (["a"], 4, "kmeans", "Zu wenige unterschiedliche Gebiete"),
        (["a"], 2, "dbscan", "Unbekanntes Verfahren"),
        (["zz"], 2, "kmeans", "Spalten fehlen"),
        (["t"], 2, "kmeans", "numerisch"),
        ([], 2, "kmeans", "Mindestens ein Indikator"),
    ],
)
def test_invalid_arguments(columns: list[str], k: int, method: str, message: str) -> None:
    frame = pd.DataFrame({"a": [1.0, 1.0, 2.0, 3.0], "t": ["x", "y", "z", "w"]})
    with pytest.raises(ValueError, match=message):
        cluster_areas(frame, columns, k, method=method)
