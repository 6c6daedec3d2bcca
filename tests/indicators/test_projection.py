"""Hand-worked cases and oracle comparison for the cohort-component projection."""

from __future__ import annotations

import numpy as np
import pytest

from indicators.projection.cohort import project
from indicators.projection.inputs import HousingProject, ProjectionInputs, Scenario
from indicators.projection.reference import project_reference
from tests.oracles import age_groups, components_frame

SRB = 1.05


def make_inputs(
    pop: np.ndarray,
    qx: np.ndarray | None = None,
    asfr: np.ndarray | None = None,
    mig: np.ndarray | None = None,
    profile: np.ndarray | None = None,
) -> ProjectionInputs:
    n = pop.shape[0]
    return ProjectionInputs(
        area_ids=tuple(f"A{i}" for i in range(n)),
        base_year=2024,
        base_population=pop,
        asfr=np.zeros(101) if asfr is None else asfr,
        qx=np.zeros((2, 101)) if qx is None else qx,
        net_migration=np.zeros_like(pop) if mig is None else mig,
        sex_ratio_at_birth=SRB,
        housing_profile=profile,
    )


def keep_rates(end_year: int = 2025, **kw: object) -> Scenario:
    return Scenario(tfr=None, e0_m=None, e0_f=None, end_year=end_year, **kw)  # type: ignore[arg-type]


def test_hand_worked_one_year_deaths_ageing_births() -> None:
    """Man aged 10 and woman aged 30 (1000 each), q = 1 % at all ages, ASFR 0.1 at 31."""
    pop = np.zeros((1, 2, 101))
    pop[0, 0, 10] = 1000.0
    pop[0, 1, 30] = 1000.0
    asfr = np.zeros(101)
    asfr[31] = 0.1
    res = project(make_inputs(pop, qx=np.full((2, 101), 0.01), asfr=asfr), keep_rates())
    new = res.population[1, 0]
    assert new[0, 11] == pytest.approx(990.0)
    assert new[1, 31] == pytest.approx(990.0)
    births = 0.1 * (1000 + 990) / 2  # 99.5 children
    assert res.births[0, 0].tolist() == pytest.approx([births * 1.05 / 2.05, births / 2.05])
    assert new[0, 0] == pytest.approx(births * 1.05 / 2.05 * (1 - 0.005))
    assert new[1, 0] == pytest.approx(births / 2.05 * (1 - 0.005))
    assert res.deaths[0, 0].sum() == pytest.approx(20.0 + births * 0.005)
    assert res.population[1].sum() == pytest.approx(1980.0 + 99.5 * 0.995)


def test_hand_worked_open_age_group() -> None:
    """q99 = 0.01, q100 = 0.5: cohort rate of age 99 is 0.255; 100+ keeps q100."""
    qx = np.full((2, 101), 0.01)
    qx[:, 100] = 0.5
    pop = np.zeros((1, 2, 101))
    pop[0, 0, 99] = 100.0
    pop[0, 0, 100] = 50.0
    res = project(make_inputs(pop, qx=qx), keep_rates())
    assert res.population[1, 0, 0, 100] == pytest.approx(100 * 0.745 + 50 * 0.5)
    assert res.deaths[0, 0, 0] == pytest.approx(25.5 + 25.0)


def test_outflow_larger_than_population_is_cut() -> None:
    pop = np.zeros((1, 2, 101))
    pop[0, 0, 10] = 100.0
    mig = np.zeros_like(pop)
    mig[0, 0, 11] = -250.0
    mig[0, 1, 40] = 30.0
    res = project(make_inputs(pop, mig=mig), keep_rates())
    assert res.migration[0, 0, 0, 11] == pytest.approx(-100.0)
    assert res.migration[0, 0, 1, 40] == pytest.approx(30.0)
    assert res.population[1, 0, 0, 11] == 0.0
    assert res.population[1].sum() == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("factor", "expected_total"),
    [(0.0, 1000.0), (0.5, 1010.0), (1.0, 1020.0), (2.0, 1040.0)],
)
def test_migration_factor_scales_volume(factor: float, expected_total: float) -> None:
    pop = np.zeros((1, 2, 101))
    pop[0, 1, 50] = 1000.0
    mig = np.zeros_like(pop)
    mig[0, 0, 25] = 20.0
    scenario = Scenario(tfr=None, e0_m=None, e0_f=None, end_year=2025, migration_factor=factor)
    assert project(make_inputs(pop, mig=mig), scenario).population[1].sum() == pytest.approx(
        expected_total
    )


def test_housing_adds_dwellings_times_occupancy_by_profile() -> None:
    pop = np.zeros((2, 2, 101))
    pop[:, 1, 40] = 500.0
    profile = np.zeros((2, 101))
    profile[0, 30] = profile[1, 30] = 0.25
    profile[1, 5] = 0.5
    projects = (HousingProject("A1", 2026, 40, 2.5), HousingProject("A0", 2050, 10, 2.0))
    res = project(make_inputs(pop, profile=profile), keep_rates(2026, housing=projects))
    assert res.housing.tolist() == [[0.0, 0.0], [0.0, 100.0]]  # project in 2050 ignored
    assert res.population[2, 1, 1, 5] == pytest.approx(50.0)
    assert res.population[2, 1, 0, 30] == pytest.approx(25.0)
    assert res.population[2].sum() == pytest.approx(1100.0)


def test_control_totals_scale_areas_and_book_migration() -> None:
    pop = np.zeros((2, 2, 101))
    pop[0, 0, 40] = 600.0
    pop[1, 1, 40] = 400.0
    res = project(make_inputs(pop), keep_rates(2026, control_totals=(1100.0, 1210.0)))
    totals = res.population.sum(axis=(2, 3))
    assert totals.ravel().tolist() == pytest.approx([600, 400, 660, 440, 726, 484])
    assert res.migration.sum(axis=(2, 3)).ravel().tolist() == pytest.approx([60, 40, 66, 44])


def test_components_frame_and_age_groups() -> None:
    pop = np.zeros((1, 2, 101))
    pop[0, 0, 2] = 10.0
    pop[0, 1, 79] = 4.0
    pop[0, 1, 100] = 1.0
    res = project(make_inputs(pop), keep_rates())
    groups = age_groups(res, bands=((0, 3), (3, 6), (65, 80), (80, None)))
    got = groups.set_index(["year", "age_band"])["persons"].to_dict()
    assert got == {
        (2024, "0 bis unter 3"): 10.0,
        (2025, "0 bis unter 3"): 0.0,
        (2024, "3 bis unter 6"): 0.0,
        (2025, "3 bis unter 6"): 10.0,
        (2024, "65 bis unter 80"): 4.0,
        (2025, "65 bis unter 80"): 0.0,
        (2024, "80 und älter"): 1.0,
        (2025, "80 und älter"): 5.0,
    }
    assert groups["uncertain"].all()
    comp = components_frame(res)
    assert comp.iloc[0][["population_start", "population_end"]].tolist() == [15.0, 15.0]


@pytest.mark.parametrize(
    ("target_year", "expected"),
    [(None, [2.0, 2.0, 2.0, 2.0, 2.0]), (2028, [1.25, 1.5, 1.75, 2.0, 2.0])],
)
def test_tfr_phase_in(target_year: int | None, expected: list[float]) -> None:
    pop = np.zeros((1, 2, 101))
    pop[0, 1, 20:40] = 100.0
    asfr = np.zeros(101)
    asfr[20:40] = 1.0 / 20
    scenario = Scenario(tfr=2.0, e0_m=None, e0_f=None, end_year=2029, target_year=target_year)
    from indicators.projection.inputs import fertility_schedule

    assert fertility_schedule(make_inputs(pop, asfr=asfr), scenario).sum(axis=1).tolist() == (
        pytest.approx(expected)
    )


def _random_inputs(seed: int, n_areas: int = 4) -> ProjectionInputs:
    rng = np.random.default_rng(seed)
    qx = np.stack([np.linspace(0.001, 0.45, 101), np.linspace(0.0008, 0.4, 101)])
    asfr = np.zeros(101)
    asfr[15:50] = rng.uniform(0, 0.08, 35)
    pop = rng.uniform(0, 60, (n_areas, 2, 101))
    mig = rng.normal(0, 5, (n_areas, 2, 101))
    return make_inputs(pop, qx=qx, asfr=asfr, mig=mig)


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(tfr=1.5, e0_m=80.0, e0_f=84.0, end_year=2030),
        Scenario(
            tfr=1.2, e0_m=82.0, e0_f=86.0, end_year=2034, target_year=2040, migration_factor=3
        ),
        Scenario(
            tfr=1.7,
            e0_m=79.0,
            e0_f=83.0,
            end_year=2027,
            housing=(HousingProject("A2", 2026, 50, 1.9),),
            control_totals=(30000.0, 31000.0, 29000.0),
        ),
    ],
)
def test_vectorised_equals_reference(scenario: Scenario) -> None:
    inputs = _random_inputs(7)
    fast, slow = project(inputs, scenario), project_reference(inputs, scenario)
    for name in ("population", "births", "deaths", "migration", "housing"):
        assert np.allclose(getattr(fast, name), getattr(slow, name), rtol=0, atol=1e-9), name
    assert fast.years == slow.years == tuple(range(2024, scenario.end_year + 1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"end_year": 2046}, "höchstens bis 2045"),
        ({"tfr": 6.0}, "TFR"),
        ({"e0_m": 30.0}, "Lebenserwartung"),
        ({"e0_f": None}, "gemeinsam"),
        ({"migration_factor": -1.0}, "Wanderungsfaktor"),
    ],
)
def test_scenario_rejects_bad_values(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"tfr": 1.5, "e0_m": 80.0, "e0_f": 84.0, "end_year": 2030}
    base.update(kwargs)
    with pytest.raises(ValueError, match=message):
        Scenario(**base)  # type: ignore[arg-type]


def test_inputs_and_run_reject_bad_values() -> None:
    pop = np.zeros((1, 2, 101))
    with pytest.raises(ValueError, match="Form"):
        make_inputs(np.zeros((1, 2, 100)))
    with pytest.raises(ValueError, match="doppelt"):
        ProjectionInputs(("a", "a"), 2024, np.zeros((2, 2, 101)), np.zeros(101),
                         np.zeros((2, 101)), np.zeros((2, 2, 101)), SRB)  # fmt: skip
    bad_asfr = np.zeros(101)
    bad_asfr[12] = 0.1
    with pytest.raises(ValueError, match="15–49"):
        make_inputs(pop, asfr=bad_asfr)
    with pytest.raises(ValueError, match="nach dem Basisjahr"):
        project(make_inputs(pop), keep_rates(2024))
    with pytest.raises(ValueError, match="genau ein Eckwert"):
        project(make_inputs(pop), keep_rates(2026, control_totals=(1.0,)))
    with pytest.raises(ValueError, match="unbekannt"):
        project(make_inputs(pop), keep_rates(housing=(HousingProject("X", 2025, 1, 1),)))
