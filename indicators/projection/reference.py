"""Straightforward per-area reference of :func:`indicators.projection.cohort.project`.

Written with plain Python loops over areas, years, sexes and ages so that
each rule of the method can be read line by line. It shares only the rate
schedules (ASFR scaled to TFR, qx scaled to e0, housing inflow) with the
vectorised version (and the solver of the migration-volume factor,
:func:`indicators.projection.volume.volume_scale`) and serves as the test oracle; it is slow (seconds for
the demo) and not meant for the app.
"""

from __future__ import annotations

import numpy as np

from indicators.projection.cohort import ProjectionResult
from indicators.projection.inputs import (
    FloatArray,
    ProjectionInputs,
    Scenario,
    fertility_schedule,
    housing_inflow,
    mortality_schedule,
    projection_years,
)
from indicators.projection.volume import volume_scale

_MALE, _FEMALE, _LAST = 0, 1, 100


def _survive(start: list[float], q: list[float]) -> tuple[list[float], float]:
    """Deaths and ageing of one sex in one area: persons present before migration (age 0 empty)."""
    end = [0.0] * (_LAST + 1)
    deaths = 0.0
    for age in range(_LAST + 1):
        rate = q[_LAST] if age == _LAST else (q[age] + q[age + 1]) / 2
        dead = start[age] * rate
        deaths += dead
        end[min(age + 1, _LAST)] += start[age] - dead
    return end, deaths


def _migrate(end: list[float], mig: list[float], mig_rate: list[float], s: float) -> list[float]:
    """Migration of ages 1…100+ (rate scaled by ``s``), cut at the persons present."""
    eff = [0.0] * (_LAST + 1)
    for age in range(1, _LAST + 1):
        eff[age] = max(mig[age] + s * mig_rate[age] * end[age], -end[age])
        end[age] += eff[age]
    return eff


def _volume_parts(
    start: FloatArray,
    present: list[list[float]],
    asfr: FloatArray,
    q: FloatArray,
    mig: FloatArray,
    rate: FloatArray,
    fert: float,
    boy_share: float,
) -> tuple[float, float]:
    """(linear, quadratic) rate-based migration of one area at factor 1 (see volume_scale)."""
    linear = 0.0
    for sex in (_MALE, _FEMALE):
        for age in range(1, _LAST + 1):
            linear += float(rate[sex][age]) * present[sex][age]
    fixed = scaled = 0.0
    for age in range(15, 50):
        women = float(start[_FEMALE][age - 1]) + present[_FEMALE][age] + float(mig[_FEMALE][age])
        fixed += float(asfr[age]) * women / 2 * fert
        scaled += float(asfr[age]) * float(rate[_FEMALE][age]) * present[_FEMALE][age] / 2 * fert
    quadratic = 0.0
    for sex, share in ((_MALE, boy_share), (_FEMALE, 1 - boy_share)):
        keep = share * (1 - float(q[sex][0]) / 2)
        linear += float(rate[sex][0]) * fixed * keep
        quadratic += float(rate[sex][0]) * scaled * keep
    return linear, quadratic


def _area_year(
    start: FloatArray,
    present: list[list[float]],
    deaths: list[float],
    asfr: FloatArray,
    q: FloatArray,
    mig: FloatArray,
    rate: FloatArray,
    fert: float,
    boy_share: float,
    s: float,
) -> tuple[list[list[float]], list[float], list[float], list[list[float]]]:
    """Migration and births of one area; returns (population, births, deaths, migration)."""
    ends = [list(present[sex]) for sex in (_MALE, _FEMALE)]
    migs = [
        _migrate(ends[sex], [float(v) for v in mig[sex]], [float(v) for v in rate[sex]], s)
        for sex in (_MALE, _FEMALE)
    ]
    deaths = list(deaths)
    total_births = 0.0
    for age in range(15, 50):
        women = (float(start[_FEMALE][age - 1]) + ends[_FEMALE][age]) / 2
        total_births += float(asfr[age]) * women
    total_births *= fert
    births = [total_births * boy_share, total_births * (1 - boy_share)]
    for sex in (_MALE, _FEMALE):
        infant_deaths = births[sex] * float(q[sex][0]) / 2
        deaths[sex] += infant_deaths
        ends[sex][0] = births[sex] - infant_deaths
        wanted = float(mig[sex][0]) + s * float(rate[sex][0]) * ends[sex][0]
        migs[sex][0] = max(wanted, -ends[sex][0])
        ends[sex][0] += migs[sex][0]
    return ends, births, deaths, migs


def _survivors(
    population: FloatArray, qx: FloatArray
) -> tuple[list[list[list[float]]], list[list[float]]]:
    """Per area and sex: the survivors by age (before ageing) and the deaths of one year."""
    present, dead = [], []
    for area in population:
        pairs = [
            _survive([float(v) for v in area[sex]], [float(v) for v in qx[sex]])
            for sex in (_MALE, _FEMALE)
        ]
        present.append([p[0] for p in pairs])
        dead.append([p[1] for p in pairs])
    return present, dead


def _control(population: FloatArray, migration: FloatArray, total: float) -> None:
    """Scale every area to the control ``total`` in place; the change is booked as migration."""
    factor = total / population.sum()
    for a in range(population.shape[0]):
        adjustment = population[a] * (factor - 1)
        population[a] += adjustment
        migration[a] += adjustment


def project_reference(inputs: ProjectionInputs, scenario: Scenario) -> ProjectionResult:
    """Same result as :func:`indicators.projection.cohort.project`, computed area by area."""
    years = projection_years(inputs, scenario)
    asfr = fertility_schedule(inputs, scenario)
    qx = mortality_schedule(inputs, scenario)
    housing = housing_inflow(inputs, scenario)
    boy_share = inputs.sex_ratio_at_birth / (1 + inputs.sex_ratio_at_birth)
    n_areas, n_years = len(inputs.area_ids), len(years)
    population = np.zeros((n_years + 1, n_areas, 2, _LAST + 1))
    population[0] = inputs.base_population
    births = np.zeros((n_years, n_areas, 2))
    deaths = np.zeros((n_years, n_areas, 2))
    migration = np.zeros((n_years, n_areas, 2, _LAST + 1))
    rates = np.zeros_like(inputs.base_population)
    if inputs.migration_rate is not None:
        rates = inputs.migration_rate
    s_fixed = scenario.migration_factor if scenario.migration_volume is None else 1.0
    ferts = np.ones(n_areas) if inputs.fertility_factor is None else inputs.fertility_factor
    for i in range(n_years):
        migs = [
            scenario.migration_factor * inputs.net_migration[a] + housing[i, a]
            for a in range(n_areas)
        ]
        present, dead = _survivors(population[i], qx[i])
        s = s_fixed
        if scenario.migration_volume is not None and inputs.migration_rate is not None:
            parts = [
                _volume_parts(
                    population[i, a], present[a], asfr[i], qx[i], migs[a], rates[a],
                    float(ferts[a]), boy_share,
                )
                for a in range(n_areas)
            ]  # fmt: skip
            linear, quadratic = sum(p[0] for p in parts), sum(p[1] for p in parts)
            s = volume_scale(scenario.migration_volume, linear, quadratic)
        for a in range(n_areas):
            pop, born, died, eff = _area_year(
                population[i, a],
                present[a],
                dead[a],
                asfr[i],
                qx[i],
                migs[a],
                rates[a],
                float(ferts[a]),
                boy_share,
                s,
            )
            population[i + 1, a] = pop
            births[i, a], deaths[i, a], migration[i, a] = born, died, eff
        if scenario.control_totals is not None:
            _control(population[i + 1], migration[i], scenario.control_totals[i])
    return ProjectionResult(
        years=(inputs.base_year,) + years,
        area_ids=inputs.area_ids,
        population=population,
        births=births,
        deaths=deaths,
        migration=migration,
        housing=housing.sum(axis=(2, 3)),
        uncertain=inputs.base_population.sum(axis=(1, 2)) < scenario.min_area_size,
    )
