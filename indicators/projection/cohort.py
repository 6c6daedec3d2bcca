"""Small-area cohort-component population projection (vectorised numpy).

One yearly step from 31.12. of year t to 31.12. of year t+1, for all areas at
once (see ``indicators/projection/reference.py`` for the same rules written
as plain loops):

1. **Deaths** of persons aged x on 31.12.t: ``P[x] * r[x]`` with the cohort
   rate ``r[x] = (q[x] + q[x+1]) / 2`` of the year's scaled life table
   (:func:`~indicators.projection.inputs.cohort_death_rates`).
2. **Ageing:** survivors move from x to x+1; 99 and 100+ form the new 100+.
3. **Migration:** ``factor * (net_migration + migration_rate * P') + housing
   inflow`` is added by age at 31.12.t+1, where ``P'`` is the population of
   that age present before migration (survivors; newborns for age 0). Where
   an outflow exceeds the persons present, it is cut so no count becomes
   negative; the *effective* migration is returned.
3a. **Migration volume** (optional, ``Scenario.migration_volume``): the rates
   are multiplied by one factor per year, the same for all areas and ages,
   chosen so that the rate-based migration of all areas sums to the volume
   (persons per year; :func:`indicators.projection.volume.volume_scale`). The
   rates give the pattern (which areas and ages gain or lose), the volume the
   level for the whole Kommune.
4. **Births:** ``f_a * sum_x asfr[x] * (F_start[x-1] + F_end[x]) / 2`` (women
   of the cohort that reaches age x in year t+1, mean of start and end of
   year; year-of-birth method of Destatis 12612-0008; ``f_a`` = the area's
   fertility factor). Boys get the share ``srb / (1 + srb)``. Newborns die
   with ``q[0] / 2`` (half-year exposure); age-0 migration is added after that.
5. **Control total** (optional): all areas are scaled by one factor so their
   sum equals the year's control total; the change is booked as migration.

Balancing equation, per area, sex and year (checked in the tests):
``P[t+1] = P[t] + births - deaths + migration``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from indicators.projection.inputs import (
    FloatArray,
    ProjectionInputs,
    Scenario,
    cohort_death_rates,
    fertility_schedule,
    housing_inflow,
    mortality_schedule,
    projection_years,
)
from indicators.projection.volume import volume_factor

#: Planning age groups: (from, to under); ``None`` = open.
PLANNING_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 3),
    (3, 6),
    (6, 10),
    (10, 16),
    (16, 19),
    (65, 80),
    (80, None),
)


@dataclass(frozen=True)
class ProjectionResult:
    """Output of :func:`project`.

    Attributes
    ----------
    years
        Base year followed by the projected years (length ``Y + 1``).
    area_ids
        Area keys (length ``A``).
    population
        Persons on 31.12., shape ``(Y + 1, A, 2, 101)``; index 0 = base.
    births, deaths
        Live births and deaths during each projected year, shape ``(Y, A, 2)``
        (births by sex of the child, deaths including infants).
    migration
        Effective net migration by age at 31.12., shape ``(Y, A, 2, 101)``
        (includes housing inflow and control-total adjustment).
    housing
        Persons moving into new dwellings, shape ``(Y, A)`` (part of migration).
    uncertain
        Areas whose base population is below ``Scenario.min_area_size``.
    """

    years: tuple[int, ...]
    area_ids: tuple[str, ...]
    population: FloatArray
    births: FloatArray
    deaths: FloatArray
    migration: FloatArray
    housing: FloatArray
    uncertain: NDArray[np.bool_]


def step_one_year(
    pop: FloatArray,
    asfr: FloatArray,
    qx: FloatArray,
    mig: FloatArray,
    boy_share: float,
    rate: FloatArray | None = None,
    fert: FloatArray | None = None,
    volume: float | None = None,
    out: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """One projected year for all areas (rules 1–4 of the module docstring).

    Parameters
    ----------
    pop
        Persons on 31.12.t, shape ``(A, 2, 101)``.
    asfr, qx
        The year's fertility (length 101) and death probabilities ``(2, 101)``.
    mig
        Intended net migration by age at 31.12.t+1, shape ``(A, 2, 101)``.
    boy_share
        Share of boys among live births.
    rate
        Net migration per person present before migration, ``(A, 2, 101)``
        (already multiplied by the scenario factor); ``None`` = none.
    fert
        Fertility factor per area ``(A,)``; ``None`` = 1.
    volume
        Net migrants of all areas together from ``rate`` (persons); ``None``
        uses ``rate`` unscaled, otherwise ``rate`` is multiplied by the factor
        of :func:`~indicators.projection.volume.volume_factor` (rule 3a of the module docstring).
    out
        Array of ``pop``'s shape to write the new population into (``None``: a new one).

    Returns
    -------
    tuple of numpy.ndarray
        Population on 31.12.t+1 ``(A, 2, 101)``, births ``(A, 2)``, deaths
        ``(A, 2)`` and effective migration ``(A, 2, 101)``.
    """
    dying = pop * cohort_death_rates(qx)[np.newaxis]
    surv = pop - dying
    new = np.empty_like(pop) if out is None else out
    new[..., 1:] = surv[..., :-1]
    new[..., -1] += surv[..., -1]
    new[..., 0] = 0.0
    share = np.array([boy_share, 1.0 - boy_share])
    moved = None if rate is None else rate * new
    if rate is not None and moved is not None and volume is not None:
        factor = volume_factor(volume, pop, new, mig, rate, moved, asfr, qx, fert, share)
        rate, moved = rate * factor, moved * factor
    want = mig if moved is None else mig + moved
    eff = np.empty_like(mig)
    eff[..., 1:] = np.maximum(want[..., 1:], -new[..., 1:])
    new[..., 1:] += eff[..., 1:]
    exposure = 0.5 * (pop[:, 1, 14:49] + new[:, 1, 15:50])
    births_total = exposure @ asfr[15:50]
    if fert is not None:
        births_total = births_total * fert
    births = births_total[:, np.newaxis] * share
    infant_deaths = births * qx[:, 0] * 0.5
    new[..., 0] = births - infant_deaths
    want0 = mig[..., 0] if rate is None else mig[..., 0] + rate[..., 0] * new[..., 0]
    eff[..., 0] = np.maximum(want0, -new[..., 0])
    new[..., 0] += eff[..., 0]
    deaths = dying.sum(axis=-1) + infant_deaths
    return new, births, deaths, eff


def _align(pop: FloatArray, mig: FloatArray, control: float) -> None:
    """Scale ``pop`` in place to ``control`` and book the change in ``mig``."""
    total = float(pop.sum())
    if total <= 0:
        raise ValueError("Abgleich auf Eckwerte nicht möglich: Bevölkerung ist 0.")
    adjustment = pop * (control / total - 1.0)
    pop += adjustment
    mig += adjustment


def project(inputs: ProjectionInputs, scenario: Scenario) -> ProjectionResult:
    """Run the cohort-component projection for all areas.

    Parameters
    ----------
    inputs
        Base population, rates and migration profile.
    scenario
        Assumptions (TFR, e0 by sex, migration factor, horizon, housing, …).

    Returns
    -------
    ProjectionResult
        Persons by year, area, sex and single age plus the components.
    """
    years = projection_years(inputs, scenario)
    asfr = fertility_schedule(inputs, scenario)
    qx = mortality_schedule(inputs, scenario)
    housing = housing_inflow(inputs, scenario)
    boy_share = inputs.sex_ratio_at_birth / (1.0 + inputs.sex_ratio_at_birth)
    n_years, shape = len(years), inputs.base_population.shape
    population = np.empty((n_years + 1,) + shape)
    population[0] = inputs.base_population
    births = np.empty((n_years, shape[0], 2))
    deaths = np.empty_like(births)
    migration = np.empty((n_years,) + shape)
    base_mig = scenario.migration_factor * inputs.net_migration
    rate, volume = inputs.migration_rate, scenario.migration_volume
    if rate is not None and volume is None:
        rate = scenario.migration_factor * rate
    has_housing = bool(scenario.housing) and bool(housing.any())
    for i in range(n_years):
        mig = base_mig + housing[i] if has_housing else base_mig
        new, births[i], deaths[i], migration[i] = step_one_year(
            population[i], asfr[i], qx[i], mig, boy_share, rate, inputs.fertility_factor, volume,
            out=population[i + 1],
        )  # fmt: skip
        if scenario.control_totals is not None:
            _align(new, migration[i], scenario.control_totals[i])
    return ProjectionResult(
        years=(inputs.base_year,) + years,
        area_ids=inputs.area_ids,
        population=population,
        births=births,
        deaths=deaths,
        migration=migration,
        housing=housing.sum(axis=(2, 3)) if has_housing else np.zeros((n_years, shape[0])),
        uncertain=inputs.base_population.sum(axis=(1, 2)) < scenario.min_area_size,
    )


def band_label(lo: int, hi: int | None) -> str:
    """German label of an age band, e.g. ``"0 bis unter 3"`` or ``"80 und älter"``."""
    return f"{lo} und älter" if hi is None else f"{lo} bis unter {hi}"
