"""Map classes and region totals of Bedarf und Angebot, with hand-worked numbers.

count_breaks/count_classes moved from features/demand_supply/view.py, the totals of the metric
row from its metric_row (#13).
"""

from __future__ import annotations

import math

import pandas as pd

from indicators.access.classes import classify_gap, count_breaks, count_classes, gap_breaks
from indicators.access.totals import region_totals, supply_change


def test_gap_classes_by_hand() -> None:
    # |gap| = 400, 90, 10, 35, 480 → 90th percentile = 448 → large 500, middle 250, small 50
    gaps = pd.Series([-400.0, -90.0, 10.0, 35.0, 480.0])
    assert gap_breaks(gaps) == (50.0, 250.0, 500.0)
    assert classify_gap(gaps, (50.0, 250.0, 500.0)).tolist() == [1, 2, 3, 3, 5]


def test_count_classes_by_hand() -> None:
    # 1, 2, …, 5: quantiles 20/40/60/80/100 % by linear interpolation = 1.8, 2.6, 3.4, 4.2, 5
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, float("nan")])
    breaks = count_breaks(values)
    assert breaks == [1.8, 2.6, 3.4, 4.2, 5.0]
    assert count_classes(values, breaks).tolist() == [0, 1, 2, 3, 4, -1]


def test_region_totals_by_hand() -> None:
    # 3 areas: 98 + 0 + 2 children at quota 0.5 → 49 + 0 + 1 = 50 places; 40 + 5 + 0 places
    t = pd.DataFrame(
        {"population": [98.0, 0.0, 2.0], "demand": [49.0, 0.0, 1.0],
         "supply": [40.0, 5.0, 0.0], "n_facilities": [3, 1, 0]}
    )  # fmt: skip
    r = region_totals(t)
    assert (r.population, r.demand, r.supply, r.n_facilities) == (100.0, 50.0, 45.0, 4)
    assert r.coverage_pct == 90.0 and r.gap == -5.0
    unknown = region_totals(t.assign(supply=[40.0, float("nan"), 0.0]))
    assert math.isnan(unknown.supply) and math.isnan(unknown.coverage_pct)
    assert math.isnan(region_totals(t.assign(demand=0.0)).coverage_pct)
    # a scenario adds 30.68 places in area 1 and closes 5 in area 2: +25.68
    after = t.assign(supply=[70.68, 0.0, 0.0])
    assert round(supply_change(after, t), 2) == 25.68
