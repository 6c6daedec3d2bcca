"""Area fertility factor, shrunk migration rates and rate-based migration in the engine."""

from __future__ import annotations

import numpy as np
import pytest

from indicators.projection.cohort import project, step_one_year
from indicators.projection.inputs import ProjectionInputs, Scenario
from indicators.projection.migration import band_residuals
from indicators.projection.rates import (
    area_fertility_factor,
    rates_by_age,
    shrunk_band_rates,
    uniform_band_rates,
)
from indicators.projection.reference import project_reference


def _pop(women: list[float], kids: list[float]) -> np.ndarray:
    p = np.zeros((len(women), 2, 101))
    p[:, 1, 30] = women
    p[:, 0, 3] = kids
    return p


@pytest.mark.parametrize(
    ("women", "kids", "expected"),
    [
        ([1000.0, 1000.0], [200.0, 200.0], [1.0, 1.0]),  # equal areas: Berlin level
        ([1000.0, 1000.0, 10.0], [200.0, 300.0, 6.0], [0.812, 1.175, 1.135]),
        ([1000.0, 0.0], [200.0, 5.0], [1.0, 1.0]),  # no women: factor 1
    ],
)
def test_area_fertility_factor(
    women: list[float], kids: list[float], expected: list[float]
) -> None:
    assert area_fertility_factor(_pop(women, kids)).round(3).tolist() == expected


def test_area_fertility_factor_pulls_small_areas_harder() -> None:
    # same ratio 2.0 in a big and a small area: the small one is pulled more towards 1
    f = area_fertility_factor(_pop([2000.0, 1000.0, 10.0], [200.0, 200.0, 4.0]))
    assert f[1] > f[2] > 1.0


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        # area rate 0.1 and -0.1, parent x pooled 0, Berlin 0; weight 100/(100+k)
        (100.0, [[0.05], [-0.05], [0.0]]),
        (300.0, [[0.025], [-0.025], [0.0]]),
    ],
)
def test_shrunk_band_rates_hand_worked(k: float, expected: list[list[float]]) -> None:
    net = np.array([[10.0], [-10.0], [0.0]])
    persons = np.array([[100.0], [100.0], [800.0]])
    out = shrunk_band_rates(net, persons, 1.0, ["x", "x", "y"], k, 0.25)
    assert out.round(6).tolist() == expected


def test_shrunk_band_rates_parent_and_cap() -> None:
    # Berlin: 140 net / 1000 persons = 0.14
    # parent x: own 0 with weight 100/(100+900) = 0.1 -> prior 0.9 * 0.14 = 0.126
    #   area 0: own 0, weight 0.1 -> 0.9 * 0.126 = 0.1134
    # parent y: own 140/900, weight 900/1800 = 0.5 -> prior 0.5 * 140/900 + 0.5 * 0.14
    #   area 2: own 0.5, weight 0.1 -> 0.05 + 0.9 * prior_y
    net = np.array([[0.0], [90.0], [50.0]])
    persons = np.array([[100.0], [800.0], [100.0]])
    out = shrunk_band_rates(net, persons, 1.0, ["x", "y", "y"], 900.0, 0.25)
    assert out[0, 0] == pytest.approx(0.1134)
    prior_y = 0.5 * 140 / 900 + 0.5 * 0.14
    assert out[2, 0] == pytest.approx(0.05 + 0.9 * prior_y)
    big = shrunk_band_rates(np.array([[500.0]]), np.array([[100.0]]), 1.0, ["x"], 1.0, 0.25)
    assert big[0, 0] == 0.25


def test_uniform_band_rates_hand_worked() -> None:
    # band 1: (+40 - 10 + 0) / (200 + 100 + 100) = 0.075; band 2: -30 / 600 = -0.05 -> cap 0.04
    net = np.array([[40.0, -10.0], [-10.0, -10.0], [0.0, -10.0]])
    persons = np.array([[200.0, 200.0], [100.0, 200.0], [100.0, 200.0]])
    rates = uniform_band_rates(net, persons, 0.04)
    assert rates.tolist() == [[0.04, -0.04]] * 3
    rates = uniform_band_rates(net, persons, 0.25)
    assert rates[:, 0] == pytest.approx([0.075] * 3)
    assert rates[:, 1] == pytest.approx([-0.05] * 3)
    # the model profile equals the area rates with infinite shrinkage towards the whole Kommune
    shrunk = shrunk_band_rates(net, persons, 1.0, ["x", "y", "y"], 1e12, 0.25)
    assert shrunk == pytest.approx(rates)


@pytest.mark.parametrize(
    ("net", "persons", "cap"),
    [
        (np.zeros((2, 2)), np.zeros((2, 3)), 0.25),
        (np.zeros((2, 2)), -np.ones((2, 2)), 0.25),
        (np.array([[np.nan, 0.0]]), np.ones((1, 2)), 0.25),
        (np.zeros((1, 2)), np.ones((1, 2)), 0.0),
    ],
)
def test_uniform_band_rates_refuses_bad_input(
    net: np.ndarray, persons: np.ndarray, cap: float
) -> None:
    with pytest.raises(ValueError, match="Bevölkerung|Obergrenze"):
        uniform_band_rates(net, persons, cap)


def test_band_residuals_hand_worked() -> None:
    p = np.zeros((1, 2, 101))
    p[0, :, 10] = 50.0
    net, persons = band_residuals(
        p,
        np.array([[0.0, 130.0]]),
        [(0, 20), (20, 101)],
        0.5,
        np.zeros(101),
        np.zeros((2, 101)),
        1.05,
    )
    # no births or deaths: expected end = start, so net = (end - start) / 0.5 years
    assert net.tolist() == [[-200.0, 260.0]]
    assert persons.tolist() == [[50.0, 65.0]]


def test_rate_migration_in_one_step() -> None:
    # 100 persons aged 10, no deaths: 110 at age 11 with rate +0.1
    pop = np.zeros((1, 2, 101))
    pop[0, 0, 10] = 100.0
    rate = rates_by_age(np.array([[0.1]]), [(0, 101)])
    new, births, deaths, mig = step_one_year(
        pop, np.zeros(101), np.zeros((2, 101)), np.zeros_like(pop), 0.5, rate
    )
    assert new[0, 0, 11] == pytest.approx(110.0)
    assert mig[0, 0, 11] == pytest.approx(10.0)
    assert births.sum() == 0 and deaths.sum() == 0


def _inputs(fert: float) -> ProjectionInputs:
    rng = np.random.default_rng(3)
    base = rng.uniform(0, 40, size=(3, 2, 101))
    asfr = np.zeros(101)
    asfr[20:40] = 0.07
    rate = rng.uniform(-0.05, 0.08, size=(3, 2, 101))
    return ProjectionInputs(
        ("a", "b", "c"), 2024, base, asfr, np.full((2, 101), 0.01), np.zeros_like(base), 1.05,
        fertility_factor=np.array([fert, 1.0, 0.5]), migration_rate=rate,
    )  # fmt: skip


@pytest.mark.parametrize("factor", [0.0, 1.0, 1.4])
def test_rates_and_fertility_factor_match_reference(factor: float) -> None:
    inp = _inputs(1.3)
    sc = Scenario(1.4, None, None, 2030, migration_factor=factor)
    fast, slow = project(inp, sc), project_reference(inp, sc)
    assert np.allclose(fast.population, slow.population)
    assert np.allclose(fast.migration, slow.migration)
    assert np.allclose(fast.births, slow.births)


def test_higher_fertility_factor_gives_more_births() -> None:
    sc = Scenario(None, None, None, 2026)
    low, high = project(_inputs(1.0), sc), project(_inputs(1.5), sc)
    assert high.births[:, 0].sum() == pytest.approx(1.5 * low.births[:, 0].sum(), rel=0.02)
    assert np.allclose(high.births[:, 1:], low.births[:, 1:])


def test_rates_below_minus_one_are_refused() -> None:
    inp = _inputs(1.0)
    with pytest.raises(ValueError, match="100 %"):
        ProjectionInputs(
            inp.area_ids, 2024, inp.base_population, inp.asfr, inp.qx, inp.net_migration, 1.05,
            migration_rate=np.full_like(inp.base_population, -1.5),
        )  # fmt: skip
