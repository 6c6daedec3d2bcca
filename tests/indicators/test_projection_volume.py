"""Net migration volume: variants from observed years, the scaling factor and its effect on the projection."""

from __future__ import annotations

import numpy as np
import pytest

from indicators.projection.cohort import project
from indicators.projection.inputs import HousingProject, ProjectionInputs, Scenario
from indicators.projection.reference import project_reference
from indicators.projection.volume import (
    register_net_migration,
    round_to_step,
    volume_scale,
    volume_variants,
)

BERLIN = {2019: 23231.0, 2021: 16241.0, 2022: 84584.0, 2024: 27107.0}


@pytest.mark.parametrize(
    ("up_to", "expected"),
    [
        (None, {"low": 16241.0, "middle": 25169.0, "high": 37790.75}),
        (2024, {"low": 16241.0, "middle": 25169.0, "high": 37790.75}),
        (2022, {"low": 16241.0, "middle": 23231.0, "high": 41352.0}),
        (2021, {"low": 16241.0, "middle": 19736.0, "high": 19736.0}),
        (2019, {"low": 23231.0, "middle": 23231.0, "high": 23231.0}),
    ],
)
def test_volume_variants_min_median_mean(up_to: int | None, expected: dict[str, float]) -> None:
    assert volume_variants(BERLIN, up_to) == pytest.approx(expected)


def test_volume_variants_need_a_known_year() -> None:
    with pytest.raises(ValueError, match="Basisjahr"):
        volume_variants(BERLIN, 2015)
    with pytest.raises(ValueError, match="endliche"):
        volume_variants({2020: float("nan")})


@pytest.mark.parametrize(
    ("change", "years", "births", "deaths", "expected"),
    [
        (33966.0, 0.5, 38030.0, 34278.0, 64180.0),  # Berlin register 30.06.-31.12.2015
        (121665.0, 3.0, 35000.0, 39000.0, 44555.0),  # (121 665 + 12 000) / 3
        (0.0, 1.0, 100.0, 100.0, 0.0),
    ],
)
def test_register_net_migration(
    change: float, years: float, births: float, deaths: float, expected: float
) -> None:
    assert register_net_migration(change, years, births, deaths) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("volume", "linear", "quadratic", "expected"),
    [
        (25000.0, 50000.0, 0.0, 0.5),
        (30.0, 10.0, 0.0, 3.0),
        (100.0, 90.0, 10.0, 1.0),  # 90 s + 10 s² = 100
        (-20.0, -40.0, 0.0, 0.5),  # shrinking Kommune: negative pattern, negative volume
        (0.0, 0.0, 0.0, 0.0),
    ],
)
def test_volume_scale(volume: float, linear: float, quadratic: float, expected: float) -> None:
    assert volume_scale(volume, linear, quadratic) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("volume", "linear", "quadratic"),
    [(10.0, 0.0, 0.0), (10.0, -5.0, 0.0), (10.0, 1.0, -1.0), (float("inf"), 1.0, 0.0)],
)
def test_volume_scale_rejects_unreachable_volumes(
    volume: float, linear: float, quadratic: float
) -> None:
    with pytest.raises(ValueError):
        volume_scale(volume, linear, quadratic)


def _inputs(pop: np.ndarray, rate: np.ndarray, asfr: np.ndarray | None = None) -> ProjectionInputs:
    return ProjectionInputs(
        area_ids=tuple(f"A{i}" for i in range(len(pop))),
        base_year=2024,
        base_population=pop,
        asfr=np.zeros(101) if asfr is None else asfr,
        qx=np.zeros((2, 101)),
        net_migration=np.zeros_like(pop),
        sex_ratio_at_birth=1.05,
        migration_rate=rate,
    )


def test_hand_worked_volume_scales_the_pattern() -> None:
    """Area A: 100 men 30 → 31, rate +0.2; area B: 200 women 50 → 51, rate −0.05.

    Pattern +20 − 10 = +10 persons; a volume of 30 gives the factor 3:
    A gains 60, B loses 30 (no births, no deaths).
    """
    pop = np.zeros((2, 2, 101))
    pop[0, 0, 30], pop[1, 1, 50] = 100.0, 200.0
    rate = np.zeros_like(pop)
    rate[0, 0, 31], rate[1, 1, 51] = 0.2, -0.05
    res = project(_inputs(pop, rate), Scenario(None, None, None, 2025, migration_volume=30.0))
    assert res.migration[0].sum(axis=(1, 2)).tolist() == pytest.approx([60.0, -30.0])
    assert res.population[1, 0, 0, 31] == pytest.approx(160.0)
    assert res.population[1, 1, 1, 51] == pytest.approx(170.0)
    plain = project(_inputs(pop, rate), Scenario(None, None, None, 2025))
    assert plain.migration[0].sum() == pytest.approx(10.0)


def _berlin_like(seed: int = 3) -> ProjectionInputs:
    rng = np.random.default_rng(seed)
    pop = rng.uniform(0.0, 60.0, (5, 2, 101))
    asfr = np.zeros(101)
    asfr[15:50] = 1.3 / 35
    rate = rng.uniform(-0.04, 0.07, (5, 2, 101))
    rate[:, :, 0] = 0.3  # newborns' migration depends on migrant mothers: quadratic term
    inp = _inputs(pop, rate, asfr)
    return ProjectionInputs(
        **{
            **inp.__dict__,
            "qx": np.full((2, 101), 0.01),
            "fertility_factor": rng.uniform(0.7, 1.3, 5),
        }
    )


@pytest.mark.parametrize("volume", [0.0, 250.0, 1200.0])
def test_volume_is_met_every_year_and_matches_the_oracle(volume: float) -> None:
    inp = _berlin_like()
    sc = Scenario(1.5, None, None, 2030, migration_volume=volume)
    fast, slow = project(inp, sc), project_reference(inp, sc)
    assert fast.migration.sum(axis=(1, 2, 3)) == pytest.approx([volume] * 6, abs=1e-9)
    np.testing.assert_allclose(fast.population, slow.population, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.births, slow.births, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.migration, slow.migration, rtol=0, atol=1e-9)


def test_zero_volume_is_no_migration_and_housing_comes_on_top() -> None:
    inp = _berlin_like()
    none = project(inp, Scenario(1.5, None, None, 2027, migration_factor=0.0))
    zero = project(inp, Scenario(1.5, None, None, 2027, migration_volume=0.0))
    np.testing.assert_allclose(zero.population, none.population, rtol=0, atol=1e-12)
    house = (HousingProject("A1", 2026, 10.0, 2.0),)
    with_housing = project(
        inp, Scenario(1.5, None, None, 2027, migration_volume=500.0, housing=house)
    )
    assert with_housing.migration.sum(axis=(1, 2, 3)).tolist() == pytest.approx(
        [500.0, 520.0, 500.0]
    )


def test_volume_with_opposite_sign_of_the_pattern_is_refused() -> None:
    inp = _berlin_like()
    with pytest.raises(ValueError, match="Vorzeichen"):
        project(inp, Scenario(1.5, None, None, 2026, migration_volume=-5000.0))


def test_volume_rounded_to_the_slider_step() -> None:
    # Berlin's median 25 169 → 25 200 (the middle variant on the slider); 37 791 → 37 800
    assert round_to_step(25_169.0, 100.0) == 25_200.0
    assert round_to_step(37_791.0, 100.0) == 37_800.0
    assert round_to_step(1_049.0, 1_000.0) == 1_000.0
    with pytest.raises(ValueError):
        round_to_step(1.0, 0.0)
