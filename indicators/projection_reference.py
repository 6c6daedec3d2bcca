"""Straightforward per-area reference of :func:`indicators.projection.project`.

Written with plain Python loops over areas, years, sexes and ages so that
each rule of the method can be read line by line. It shares only the rate
schedules (ASFR scaled to TFR, qx scaled to e0, housing inflow) with the
vectorised version and serves as the test oracle; it is slow (seconds for
Berlin) and not meant for the app.
"""

from __future__ import annotations

import numpy as np

from indicators.projection import ProjectionResult
from indicators.projection_inputs import (
    FloatArray,
    ProjectionInputs,
    Scenario,
    fertility_schedule,
    housing_inflow,
    mortality_schedule,
    projection_years,
)

_MALE, _FEMALE, _LAST = 0, 1, 100


def _survive_and_migrate(
    start: list[float], q: list[float], mig: list[float]
) -> tuple[list[float], float, list[float]]:
    """Deaths, ageing and migration for ages 1…100+ of one sex in one area."""
    end = [0.0] * (_LAST + 1)
    deaths = 0.0
    for age in range(_LAST + 1):
        rate = q[_LAST] if age == _LAST else (q[age] + q[age + 1]) / 2
        dead = start[age] * rate
        deaths += dead
        end[min(age + 1, _LAST)] += start[age] - dead
    eff = [0.0] * (_LAST + 1)
    for age in range(1, _LAST + 1):
        eff[age] = max(mig[age], -end[age])
        end[age] += eff[age]
    return end, deaths, eff


def _area_year(
    start: FloatArray, asfr: FloatArray, q: FloatArray, mig: FloatArray, boy_share: float
) -> tuple[list[list[float]], list[float], list[float], list[list[float]]]:
    """One projected year of one area; returns (population, births, deaths, migration)."""
    ends, deaths, migs = [], [], []
    for sex in (_MALE, _FEMALE):
        end, dead, eff = _survive_and_migrate(
            [float(v) for v in start[sex]], [float(v) for v in q[sex]], [float(v) for v in mig[sex]]
        )
        ends.append(end)
        deaths.append(dead)
        migs.append(eff)
    total_births = 0.0
    for age in range(15, 50):
        women = (float(start[_FEMALE][age - 1]) + ends[_FEMALE][age]) / 2
        total_births += float(asfr[age]) * women
    births = [total_births * boy_share, total_births * (1 - boy_share)]
    for sex in (_MALE, _FEMALE):
        infant_deaths = births[sex] * float(q[sex][0]) / 2
        deaths[sex] += infant_deaths
        ends[sex][0] = births[sex] - infant_deaths
        migs[sex][0] = max(float(mig[sex][0]), -ends[sex][0])
        ends[sex][0] += migs[sex][0]
    return ends, births, deaths, migs


def project_reference(inputs: ProjectionInputs, scenario: Scenario) -> ProjectionResult:
    """Same result as :func:`indicators.projection.project`, computed area by area."""
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
    for i in range(n_years):
        for a in range(n_areas):
            mig = scenario.migration_factor * inputs.net_migration[a] + housing[i, a]
            pop, born, dead, eff = _area_year(population[i, a], asfr[i], qx[i], mig, boy_share)
            population[i + 1, a] = pop
            births[i, a], deaths[i, a], migration[i, a] = born, dead, eff
        if scenario.control_totals is not None:
            factor = scenario.control_totals[i] / population[i + 1].sum()
            for a in range(n_areas):
                adjustment = population[i + 1, a] * (factor - 1)
                population[i + 1, a] += adjustment
                migration[i, a] += adjustment
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
