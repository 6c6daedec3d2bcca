"""Projection results summed to areas and selections, on a tiny hand-made result.

Three areas, base year 2024 and one projected year 2025:

* a (owner X): 2024 boy aged 0 (2), girl aged 1 (4), woman aged 70 (14) = 20;
  2025 the same persons one year older, one woman died (13), 3 boys born = 22.
* b (owner X): 2024 boys aged 2 (10); 2025 aged 3 (10), 1 girl born, 2 men aged 30
  moved in = 13.
* c (owner Y): 2024 men aged 80 (5); 2025 aged 81 (4), one died.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.projection.aggregate import (
    ancestors,
    change_frame,
    change_summary,
    long_age_bands,
    long_totals,
    totals_by_area,
    variant_fan,
    variant_total,
)
from indicators.projection.cohort import ProjectionResult
from indicators.projection.control import projected_totals, straight_line_totals
from indicators.projection.selection import (
    balance_frame,
    bands_frame,
    index_to_first_row,
    max_balance_gap,
    percent_change,
    pyramid_frame,
    selection_births,
    selection_mask,
    selection_totals,
)

OWNER = pd.Series({"a": "X", "b": "X", "c": "Y"})
M, F = 0, 1


def tiny_result() -> ProjectionResult:
    pop = np.zeros((2, 3, 2, 101))
    births = np.zeros((1, 3, 2))
    deaths = np.zeros((1, 3, 2))
    migration = np.zeros((1, 3, 2, 101))
    pop[0, 0, M, 0], pop[0, 0, F, 1], pop[0, 0, F, 70] = 2, 4, 14
    pop[1, 0, M, 1], pop[1, 0, F, 2], pop[1, 0, F, 71], pop[1, 0, M, 0] = 2, 4, 13, 3
    births[0, 0, M], deaths[0, 0, F] = 3, 1
    pop[0, 1, M, 2] = 10
    pop[1, 1, M, 3], pop[1, 1, F, 0], pop[1, 1, M, 30] = 10, 1, 2
    births[0, 1, F], migration[0, 1, M, 30] = 1, 2
    pop[0, 2, M, 80], pop[1, 2, M, 81], deaths[0, 2, M] = 5, 4, 1
    return ProjectionResult(
        years=(2024, 2025),
        area_ids=("a", "b", "c"),
        population=pop,
        births=births,
        deaths=deaths,
        migration=migration,
        housing=np.zeros((1, 3)),
        uncertain=np.array([False, False, True]),
    )


def test_ancestors_walk_up_to_the_level() -> None:
    tree = pd.DataFrame(
        {
            "area_id": ["L", "X", "Y", "a", "b", "c"],
            "level": ["Land", "Bezirk", "Bezirk", "PLR", "PLR", "PLR"],
            "level_rank": [0, 1, 1, 2, 2, 2],
            "parent_id": [None, "L", "L", "X", "X", "Y"],
        }
    )
    assert ancestors(tree, "Bezirk").to_dict() == OWNER.to_dict()
    assert ancestors(tree, "Land").to_dict() == {"a": "L", "b": "L", "c": "L"}
    assert ancestors(tree, "PLR").to_dict() == {"a": "a", "b": "b", "c": "c"}


def test_totals_by_area_and_long_form() -> None:
    totals = totals_by_area(tiny_result(), OWNER)
    assert totals.to_dict("index") == {2024: {"X": 30.0, "Y": 5.0}, 2025: {"X": 35.0, "Y": 4.0}}
    assert long_totals(totals).values.tolist() == [
        [2024, "X", 30.0],
        [2024, "Y", 5.0],
        [2025, "X", 35.0],
        [2025, "Y", 4.0],
    ]


def test_change_frame_and_summary() -> None:
    change = change_frame(totals_by_area(tiny_result(), OWNER), 2024, 2025, 10.0)
    rows = change.set_index("area_id")
    assert rows.loc["X", "change"] == 5.0
    assert rows.loc["X", "change_pct"] == pytest.approx(100 * 5 / 30)
    assert rows.loc["Y", "change_pct"] == pytest.approx(-20.0)
    assert rows["uncertain"].tolist() == [False, True]
    summary = change_summary(change)
    assert (summary.base, summary.end, summary.n_uncertain) == (35.0, 39.0, 1)


def test_change_of_an_empty_area_is_unknown() -> None:
    change = change_frame(pd.DataFrame({"Z": [0.0, 3.0]}, index=[2024, 2030]), 2024, 2030, 1.0)
    assert change["change_pct"].isna().all() and change["change"].tolist() == [3.0]


def test_long_age_bands_by_owner() -> None:
    frame = long_age_bands(tiny_result(), OWNER, [(0, 3), (80, None)])
    assert list(frame.columns) == ["area_id", "year", "age_from", "age_to", "count"]
    under3 = frame.loc[frame["age_from"] == 0].set_index(["area_id", "year"])["count"]
    # X 2024: boys aged 0 (2) + girls aged 1 (4) + boys aged 2 (10);
    # 2025: boys aged 1 (2) + girls aged 2 (4) + born in a (3) and in b (1); b's boys are 3 now
    assert under3.to_dict() == {
        ("X", 2024): 16.0,
        ("X", 2025): 10.0,
        ("Y", 2024): 0.0,
        ("Y", 2025): 0.0,
    }
    old = frame.loc[frame["age_from"] == 80]
    assert old["age_to"].isna().all()
    assert old.set_index(["area_id", "year"])["count"].to_dict()[("Y", 2025)] == 4.0


def test_selection_sums() -> None:
    result = tiny_result()
    mask = selection_mask(result.area_ids, OWNER, "X")
    assert mask.tolist() == [True, True, False]
    assert selection_mask(result.area_ids, OWNER, None).all()
    assert selection_totals(result, mask).tolist() == [30.0, 35.0]
    assert selection_births(result, mask) == 4.0
    assert percent_change(30.0, 35.0) == pytest.approx(100 / 6)


def test_bands_and_index() -> None:
    result = tiny_result()
    bands = bands_frame(result, selection_mask(result.area_ids, OWNER, "X"), [(0, 3), (65, None)])
    assert bands.to_dict("list") == {"0 bis unter 3": [16.0, 10.0], "65 und älter": [14.0, 13.0]}
    assert bands.index.tolist() == [2024, 2025] and bands.index.name == "year"
    index = index_to_first_row(bands)
    assert index["0 bis unter 3"].tolist() == pytest.approx([100.0, 62.5])


def test_pyramid_frame() -> None:
    result = tiny_result()
    frame = pyramid_frame(result, selection_mask(result.area_ids, OWNER, "X"), [2024])
    assert len(frame) == 2 * 101
    persons = frame.loc[frame["persons"] > 0].set_index(["sex", "age"])["persons"].to_dict()
    assert persons == {("männlich", 0): 2.0, ("männlich", 2): 10.0, ("weiblich", 1): 4.0,
                       ("weiblich", 70): 14.0}  # fmt: skip


def test_balance_closes_and_gap_is_found() -> None:
    result = tiny_result()
    frame = balance_frame(result, selection_mask(result.area_ids, OWNER, "X"))
    assert frame.drop(columns="year").iloc[0].tolist() == [30.0, 4.0, 1.0, 2.0, 35.0, 0.0]
    assert max_balance_gap(result) == 0.0
    result.population[1, 2, M, 81] += 0.5
    assert max_balance_gap(result) == 0.5


def test_variant_fan_and_total() -> None:
    long = pd.concat(
        [
            long_totals(totals_by_area(tiny_result(), OWNER)).assign(variant="middle"),
            long_totals(2 * totals_by_area(tiny_result(), OWNER)).assign(variant="high"),
        ]
    )
    fan = variant_fan(long)
    assert fan.to_dict("index") == {
        2024: {"high": 70.0, "middle": 35.0},
        2025: {"high": 78.0, "middle": 39.0},
    }
    assert variant_fan(long, "Y")["middle"].tolist() == [5.0, 4.0]
    assert variant_total(long, "high", 2025) == 78.0


def test_control_totals() -> None:
    assert straight_line_totals(100.0, 4, 120.0) == (105.0, 110.0, 115.0, 120.0)
    assert projected_totals(tiny_result()) == (39.0,)
