"""Life-table maths: e0 from qx and scaling qx to a target e0 (Destatis 12621-0001)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from data_layer.build.demography import read_life_table
from indicators.projection.inputs import ProjectionInputs, Scenario, mortality_schedule
from indicators.projection.lifetable import (
    life_expectancy,
    person_years,
    qx_multiplier_for_e0,
    scale_qx,
)

LIFE_TABLE = (
    Path(__file__).resolve().parents[2]
    / "data/raw/demography/de_life_table_destatis_12621-0001.csv"
)


def destatis_qx(period: str) -> np.ndarray:
    lt = read_life_table(LIFE_TABLE, period)
    return np.stack([lt.loc[lt["sex"] == s, "qx"].to_numpy(dtype=float) for s in ("m", "f")])


@pytest.mark.parametrize(
    ("period", "published"),
    [("2016/18", [78.48, 83.27]), ("2020/22", [78.33, 83.18]), ("2022/24", [78.47, 83.19])],
)
def test_e0_from_qx_reproduces_published_e0(period: str, published: list[float]) -> None:
    assert life_expectancy(destatis_qx(period)).tolist() == pytest.approx(published, abs=0.01)


@pytest.mark.parametrize(
    "target", [[75.0, 80.0], [78.08, 83.17], [82.5, 86.4], [84.4, 88.1], [86.2, 89.6]]
)
def test_scaled_table_meets_target_e0_within_001(target: list[float]) -> None:
    q = destatis_qx("2022/24")
    k = qx_multiplier_for_e0(q, np.array(target))
    assert np.abs(life_expectancy(scale_qx(q, k)) - np.array(target)).max() < 0.01
    assert np.abs(life_expectancy(scale_qx(q, k)) - np.array(target)).max() < 1e-9


def test_multiplier_direction_and_hand_case() -> None:
    q = destatis_qx("2022/24")
    k = qx_multiplier_for_e0(q, np.array([84.4, 88.1]))
    assert (k < 1).all()  # longer life -> lower death probabilities
    flat = np.full(101, 0.5)
    # l = 1, .5, .25 ...; L0 = .5 + .1*.5 = .55, Lx = .75 * lx, L100+ = l100 / ln 2
    expected = 0.55 + 0.75 * sum(0.5**x for x in range(1, 100)) + 0.5**100 / np.log(2)
    assert float(life_expectancy(flat)) == pytest.approx(expected, abs=1e-12)
    assert person_years(flat)[1] == pytest.approx(0.375)


def test_unreachable_target_and_bad_qx_raise() -> None:
    q = destatis_qx("2022/24")
    with pytest.raises(ValueError, match="nicht erreichbar"):
        qx_multiplier_for_e0(q, np.array([0.05, 0.05]))
    with pytest.raises(ValueError, match="zwischen 0 und 1"):
        life_expectancy(np.full(101, 1.5))
    with pytest.raises(ValueError, match="101 Altersjahre"):
        life_expectancy(np.full(100, 0.1))


@pytest.mark.parametrize("target_year", [None, 2034])
def test_mortality_schedule_path_hits_yearly_e0(target_year: int | None) -> None:
    q = destatis_qx("2022/24")
    inputs = ProjectionInputs(("a",), 2024, np.zeros((1, 2, 101)), np.zeros(101), q,
                              np.zeros((1, 2, 101)), 1.05)  # fmt: skip
    scenario = Scenario(tfr=None, e0_m=84.4, e0_f=88.1, end_year=2044, target_year=target_year)
    e0 = life_expectancy(mortality_schedule(inputs, scenario))
    base = life_expectancy(q)
    if target_year is None:
        assert np.abs(e0 - [84.4, 88.1]).max() < 0.01
    else:
        expected_m = [base[0] + (84.4 - base[0]) * min(i / 10, 1) for i in range(1, 21)]
        assert np.abs(e0[:, 0] - expected_m).max() < 0.01
        assert e0[9:, 1] == pytest.approx([88.1] * 11, abs=0.01)
