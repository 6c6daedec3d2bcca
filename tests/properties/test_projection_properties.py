"""Property tests (Hypothesis) for the projection and the band split."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.projection.age_split import split_bands, split_sex
from indicators.projection.cohort import project
from indicators.projection.inputs import ProjectionInputs, Scenario
from indicators.projection.reference import project_reference
from tests.oracles import components_frame

SETTINGS = settings(max_examples=40, deadline=None)


def _inputs(
    seed: int, n_areas: int, mig_scale: float, fert: float, mort: float
) -> ProjectionInputs:
    rng = np.random.default_rng(seed)
    pop = rng.uniform(0, 50, (n_areas, 2, 101)) * (rng.uniform(size=(n_areas, 2, 101)) < 0.7)
    asfr = np.zeros(101)
    asfr[15:50] = fert * rng.uniform(0, 1, 35)
    qx = mort * rng.uniform(0, 1, (2, 101))
    mig = mig_scale * rng.normal(0, 20, (n_areas, 2, 101))
    return ProjectionInputs(tuple(map(str, range(n_areas))), 2024, pop, asfr, qx, mig, 1.05)


def _keep(end_year: int, tfr: float | None = None) -> Scenario:
    return Scenario(tfr=tfr, e0_m=None, e0_f=None, end_year=end_year)


@SETTINGS
@given(seed=st.integers(0, 10_000), n_areas=st.integers(1, 4), horizon=st.integers(1, 6))
def test_without_components_ages_shift_and_total_is_kept(
    seed: int, n_areas: int, horizon: int
) -> None:
    inputs = _inputs(seed, n_areas, 0.0, 0.0, 0.0)
    res = project(inputs, _keep(2024 + horizon))
    pop = res.population
    assert np.allclose(pop.sum(axis=(2, 3)), pop[0].sum(axis=(1, 2)), rtol=0, atol=1e-9)
    assert np.array_equal(pop[1][..., 1:100], pop[0][..., 0:99])
    assert np.allclose(pop[1][..., 100], pop[0][..., 99] + pop[0][..., 100])
    assert (pop[1][..., 0] == 0).all()


@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    tfr_low=st.floats(0.0, 2.5),
    extra=st.floats(0.0, 2.0),
    mig_scale=st.floats(0.0, 2.0),
)
def test_more_fertility_never_gives_fewer_births(
    seed: int, tfr_low: float, extra: float, mig_scale: float
) -> None:
    inputs = _inputs(seed, 2, mig_scale, 0.05, 0.05)
    low = project(inputs, _keep(2044, tfr_low))
    high = project(inputs, _keep(2044, tfr_low + extra))
    assert (high.births >= low.births - 1e-9).all()


@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    mig_scale=st.floats(0.0, 5.0),
    aligned=st.booleans(),
)
def test_balancing_equation_closes(seed: int, mig_scale: float, aligned: bool) -> None:
    inputs = _inputs(seed, 3, mig_scale, 0.06, 0.3)
    controls = tuple(np.linspace(10_000, 12_000, 5)) if aligned else None
    res = project(inputs, Scenario(tfr=None, e0_m=None, e0_f=None, end_year=2029,
                                   control_totals=controls))  # fmt: skip
    comp = components_frame(res)
    lhs = comp["population_start"] + comp["births"] - comp["deaths"] + comp["migration"]
    assert np.allclose(lhs, comp["population_end"], rtol=0, atol=1e-7)
    per_sex = res.population[:-1].sum(axis=3) + res.births - res.deaths + res.migration.sum(axis=3)
    assert np.allclose(per_sex, res.population[1:].sum(axis=3), rtol=0, atol=1e-7)
    assert (res.population >= -1e-9).all()
    if aligned:
        assert np.allclose(res.population[1:].sum(axis=(1, 2, 3)), controls)


@SETTINGS
@given(
    edges=st.lists(st.integers(1, 100), min_size=0, max_size=15, unique=True),
    seed=st.integers(0, 10_000),
    flat=st.booleans(),
)
def test_band_split_keeps_every_band_total(edges: list[int], seed: int, flat: bool) -> None:
    cuts = [0] + sorted(edges) + [101]
    bands = list(zip(cuts[:-1], cuts[1:], strict=True))
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 5000, (3, len(bands))).astype(float)
    ref = None if flat else rng.uniform(0, 1, 101) * (rng.uniform(size=101) < 0.8)
    out = split_bands(counts, bands, ref)
    assert (out >= 0).all()
    for i, (lo, hi) in enumerate(bands):
        assert np.allclose(out[:, lo:hi].sum(axis=1), counts[:, i], rtol=1e-12, atol=1e-9)


@SETTINGS
@given(seed=st.integers(0, 10_000), share=st.floats(0.0, 1.0))
def test_sex_split_keeps_ages_and_female_total(seed: int, share: float) -> None:
    rng = np.random.default_rng(seed)
    total = rng.uniform(0, 100, (4, 101))
    female = share * total.sum(axis=1)
    out = split_sex(total, female, rng.uniform(0.3, 0.7, 101))
    assert np.allclose(out.sum(axis=1), total, rtol=0, atol=1e-9)
    assert np.allclose(out[:, 1].sum(axis=1), female, rtol=0, atol=1e-9)
    assert (out >= 0).all()


@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    n_areas=st.integers(1, 4),
    volume=st.floats(0.0, 2000.0),
    horizon=st.integers(1, 5),
)
def test_scaled_migration_meets_the_volume_and_the_oracle(
    seed: int, n_areas: int, volume: float, horizon: int
) -> None:
    """Rates with a positive pattern (all ≥ 0, so no outflow is ever cut) scaled to any volume."""
    rng = np.random.default_rng(seed)
    base = _inputs(seed, n_areas, 0.0, 0.06, 0.02)
    pop = base.base_population + 1.0  # every cell present, so the pattern total is > 0
    inputs = replace(base, base_population=pop, migration_rate=rng.uniform(0, 0.1, pop.shape))
    sc = Scenario(None, None, None, 2024 + horizon, migration_volume=volume)
    fast, slow = project(inputs, sc), project_reference(inputs, sc)
    assert np.allclose(fast.migration.sum(axis=(1, 2, 3)), volume, rtol=1e-9, atol=1e-7)
    assert np.allclose(fast.population, slow.population, rtol=1e-9, atol=1e-7)
    frame = components_frame(fast)
    gap = frame.population_start + frame.births - frame.deaths + frame.migration
    assert np.allclose(gap, frame.population_end, rtol=0, atol=1e-7)
