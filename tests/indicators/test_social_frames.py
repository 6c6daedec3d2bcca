"""Hand-worked tables for indicators.social.frames (long → wide, periods, counts)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.social.frames import (
    count_by_category,
    latest_periods,
    values_by_period,
    wide_matrix,
)

LONG = pd.DataFrame(
    {
        "area_id": ["A", "A", "B", "B", "C"],
        "indicator_id": ["u6", "alt", "u6", "u6", "alt"],
        "period": ["2024", "2023", "2024", "2024", "2023"],
        "value": [4.6, 12.9, None, 5.1, 20.0],
    }
)


def test_wide_matrix_rows_and_columns_in_the_given_order() -> None:
    wide = wide_matrix(LONG, ["alt", "u6", "fehlt"], ["C", "B", "A", "D"])
    assert list(wide.columns) == ["alt", "u6", "fehlt"]
    assert list(wide.index) == ["C", "B", "A", "D"]
    assert wide.loc["A", "u6"] == 4.6 and wide.loc["A", "alt"] == 12.9
    assert wide.loc["B", "u6"] == 5.1  # first *value* of B (the empty row is skipped)
    assert wide.loc["C", "alt"] == 20.0
    assert math.isnan(wide.loc["C", "u6"]) and wide["fehlt"].isna().all()
    assert wide.loc["D"].isna().all()  # an area without rows
    assert all(pd.api.types.is_float_dtype(dt) for dt in wide.dtypes)


def test_wide_matrix_drop_absent_keeps_only_indicators_with_rows() -> None:
    wide = wide_matrix(LONG, ["fehlt", "u6", "alt"], drop_absent=True)
    assert list(wide.columns) == ["u6", "alt"]
    assert sorted(wide.index) == ["A", "B", "C"]


def test_latest_periods_and_values_by_period() -> None:
    assert latest_periods(LONG) == {"u6": "2024", "alt": "2023"}
    by_period = values_by_period(LONG)
    assert list(by_period) == ["2023", "2024"]
    assert by_period["2023"].tolist() == [12.9, 20.0]
    assert by_period["2024"].tolist()[0] == 4.6 and math.isnan(by_period["2024"].tolist()[1])


def test_count_by_category_in_legend_order() -> None:
    cats = pd.Series(["2 mittel", "1 hoch", "2 mittel", None, "unbekannt"])
    counts = count_by_category(cats, ["1 hoch", "2 mittel", "3 niedrig"])
    assert counts.to_dict() == {"1 hoch": 1, "2 mittel": 2, "3 niedrig": 0}


def test_missing_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="Spalten fehlen"):
        wide_matrix(pd.DataFrame({"area_id": ["A"]}), ["x"])
    with pytest.raises(ValueError, match="Spalten fehlen"):
        values_by_period(pd.DataFrame({"value": [1.0]}))
