"""Hand-worked tables for indicators.social.profile."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.social.profile import (
    deviation_table,
    rank_areas,
    ranked_values,
    suppressed_cells,
)

VALUES = pd.DataFrame(
    {"kinderarmut": [10.0, 20.0, 30.0, 40.0], "alter65": [15.0, 25.0, 20.0, np.nan]},
    index=["A", "B", "C", "D"],
)
REFERENCE = {"kinderarmut": 25.0, "alter65": 20.0}
PARENT = {"kinderarmut": 30.0}


def test_deviation_z() -> None:
    # kinderarmut: SD (sample) of 10,20,30,40 = 12.9099 -> (40 - 25) / 12.9099 = 1.1619
    # alter65: SD of 15,25,20 = 5 -> D has no value -> NaN
    table = deviation_table(VALUES, "D", REFERENCE, mode="z", parent=PARENT)
    assert table.index.tolist() == ["kinderarmut", "alter65"]
    assert table.loc["kinderarmut", "value"] == 40.0
    assert table.loc["kinderarmut", "reference"] == 25.0
    assert table.loc["kinderarmut", "parent"] == 30.0
    assert round(table.loc["kinderarmut", "deviation"], 4) == 1.1619
    assert math.isnan(table.loc["alter65", "deviation"])
    assert math.isnan(table.loc["alter65", "parent"])


@pytest.mark.parametrize(
    ("area", "kinderarmut", "alter65"),
    [("A", -60.0, -25.0), ("B", -20.0, 25.0), ("C", 20.0, 0.0)],
)
def test_deviation_percent(area: str, kinderarmut: float, alter65: float) -> None:
    table = deviation_table(VALUES, area, REFERENCE, mode="percent")
    assert table["deviation"].round(6).tolist() == [kinderarmut, alter65]


def test_deviation_percent_with_zero_reference_is_nan() -> None:
    table = deviation_table(VALUES, "A", {"kinderarmut": 0.0, "alter65": 20.0}, mode="percent")
    assert math.isnan(table.loc["kinderarmut", "deviation"])


def test_missing_reference_gives_nan() -> None:
    table = deviation_table(VALUES, "A", {"kinderarmut": 25.0}, mode="z")
    assert math.isnan(table.loc["alter65", "reference"])
    assert math.isnan(table.loc["alter65", "deviation"])


def test_deviation_errors() -> None:
    with pytest.raises(ValueError, match="nicht in den Daten"):
        deviation_table(VALUES, "Z", REFERENCE)
    with pytest.raises(ValueError, match="Modus"):
        deviation_table(VALUES, "A", REFERENCE, mode="ratio")
    with pytest.raises(ValueError, match="eindeutig"):
        deviation_table(pd.concat([VALUES, VALUES]), "A", REFERENCE)
    with pytest.raises(ValueError, match="numerisch"):
        deviation_table(VALUES.assign(t="x"), "A", REFERENCE)


@pytest.mark.parametrize(
    ("polarity", "favourable"),
    [
        ("higher_worse", [3, 1, 3, 2, pd.NA]),
        ("higher_better", [1, 4, 1, 3, pd.NA]),
        ("neutral", [pd.NA] * 5),
    ],
)
def test_rank_areas(polarity: str, favourable: list[object]) -> None:
    values = pd.Series([30.0, 10.0, 30.0, 20.0, None], index=list("abcde"))
    result = rank_areas(values, polarity)
    assert result["rank"].tolist() == [1, 4, 1, 3, pd.NA]
    assert result["rank_text"].tolist() == [
        "Rang 1 von 4",
        "Rang 4 von 4",
        "Rang 1 von 4",
        "Rang 3 von 4",
        "keine Angabe",
    ]
    assert result["rank_favourable"].tolist() == favourable
    assert result.index.tolist() == list("abcde")


def test_rank_errors() -> None:
    with pytest.raises(ValueError, match="Polarität"):
        rank_areas(pd.Series([1.0]), "up")
    with pytest.raises(ValueError, match="numerische"):
        rank_areas(pd.Series(["a"]), "neutral")


def test_ranked_values_joins_ranks_to_the_table() -> None:
    # values 10, 30, 30, NaN -> ranks (1 = highest, ties share the smallest) 3, 1, 1, <NA>
    values = pd.DataFrame(
        {"area_id": ["a", "b", "c", "d"], "value": [10.0, 30.0, 30.0, None], "name": list("ABCD")}
    )
    table = ranked_values(values, "higher_worse")
    assert table.index.tolist() == ["a", "b", "c", "d"]
    assert table["name"].tolist() == ["A", "B", "C", "D"]  # other columns kept
    assert table["rank"].tolist() == [3, 1, 1, pd.NA]
    assert table["rank_text"].tolist() == ["Rang 3 von 3", "Rang 1 von 3", "Rang 1 von 3",
                                           "keine Angabe"]  # fmt: skip
    with pytest.raises(ValueError, match="area_id"):
        ranked_values(pd.DataFrame({"value": [1.0]}), "neutral")


def test_suppressed_cells_only_at_the_period_shown() -> None:
    series = pd.DataFrame(
        {
            "indicator_id": ["x", "x", "x", "y", "y"],
            "area_id": ["A", "B", "A", "A", "B"],
            "period": ["2024", "2024", "2023", "2022", "2022"],
            "flag": ["suppressed", "observed", "suppressed", "suppressed", "missing"],
        }
    )
    # x shown at 2024: only A is hidden (A's 2023 suppression does not count); y at 2022: A
    assert suppressed_cells(series, {"x": "2024", "y": "2022"}) == {("x", "A"), ("y", "A")}
    assert suppressed_cells(series, {"x": "2023"}) == {("x", "A")}
    assert suppressed_cells(series, {}) == frozenset()
