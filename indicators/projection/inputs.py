"""Inputs, scenario and yearly rate schedules of the cohort-component projection.

Array conventions (all ``float64``):

* ages are single years 0 … 100, the last index is the open group 100+;
* sex index 0 = male, 1 = female;
* populations refer to 31 December; ``base_year`` is the year of the base
  population, the first projected year is ``base_year + 1``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from indicators.projection.lifetable import (
    N_AGES,
    life_expectancy,
    qx_multiplier_for_e0,
    scale_qx,
)

FloatArray = NDArray[np.float64]
MAX_END_YEAR = 2045


@dataclass(frozen=True)
class HousingProject:
    """New dwellings completed in one area and year.

    ``dwellings * occupancy`` persons (occupancy = persons per dwelling) move
    in during ``year`` and are counted at 31 December of that year, spread by
    the housing age-sex profile of :class:`ProjectionInputs`.
    """

    area_id: str
    year: int
    dwellings: float
    occupancy: float


@dataclass(frozen=True)
class ProjectionInputs:
    """Data of one projection (arrays are not copied; they are never mutated).

    Attributes
    ----------
    area_ids
        Area keys, length ``A``.
    base_year
        Year of the base population (31.12.).
    base_population
        Persons, shape ``(A, 2, 101)``.
    asfr
        Births per woman and year by mother's age (year-of-birth method),
        length 101, zero outside 15–49. Its sum is the base TFR.
    qx
        Base death probabilities, shape ``(2, 101)``.
    net_migration
        Net migrants per year by age at 31.12. and sex, shape ``(A, 2, 101)``
        (before the scenario's migration factor).
    sex_ratio_at_birth
        Male per female live births.
    housing_profile
        Age-sex distribution of residents of new dwellings, shape
        ``(2, 101)``, summing to 1; ``None`` uses each area's base structure.
    fertility_factor
        Area fertility relative to ``asfr`` (1 = level of the whole Kommune), shape ``(A,)``;
        ``None`` means 1 everywhere
        (:func:`indicators.projection.rates.area_fertility_factor`).
    migration_rate
        Net migrants per year per person by age at 31.12. and sex, shape
        ``(A, 2, 101)``, applied to the population present before migration
        (after the scenario's migration factor); adds to ``net_migration``.
        ``None`` means no rate-based migration
        (:func:`indicators.projection.rates.shrunk_band_rates`).
    """

    area_ids: tuple[str, ...]
    base_year: int
    base_population: FloatArray
    asfr: FloatArray
    qx: FloatArray
    net_migration: FloatArray
    sex_ratio_at_birth: float
    housing_profile: FloatArray | None = None
    fertility_factor: FloatArray | None = None
    migration_rate: FloatArray | None = None

    def __post_init__(self) -> None:
        n = len(self.area_ids)
        if n == 0 or len(set(self.area_ids)) != n:
            raise ValueError("Gebietskennungen fehlen oder sind doppelt.")
        _check(self.base_population, (n, 2, N_AGES), "Basisbevölkerung", nonneg=True)
        _check(self.asfr, (N_AGES,), "Geburtenziffern", nonneg=True)
        if np.any(self.asfr[:15] > 0) or np.any(self.asfr[50:] > 0):
            raise ValueError("Geburtenziffern nur für Alter 15–49 zulässig.")
        _check(self.qx, (2, N_AGES), "Sterbewahrscheinlichkeiten", nonneg=True)
        if np.any(self.qx > 1):
            raise ValueError("Sterbewahrscheinlichkeiten müssen ≤ 1 sein.")
        _check(self.net_migration, (n, 2, N_AGES), "Wanderungssaldo", nonneg=False)
        if not 0.5 < self.sex_ratio_at_birth < 2.0:
            raise ValueError("Geschlechterverhältnis bei Geburt ist unplausibel.")
        if self.housing_profile is not None:
            _check(self.housing_profile, (2, N_AGES), "Altersprofil Neubau", nonneg=True)
            if abs(float(self.housing_profile.sum()) - 1.0) > 1e-9:
                raise ValueError("Altersprofil Neubau muss sich zu 1 summieren.")
        if self.fertility_factor is not None:
            _check(self.fertility_factor, (n,), "Fruchtbarkeitsfaktor", nonneg=True)
        if self.migration_rate is not None:
            _check(self.migration_rate, (n, 2, N_AGES), "Wanderungsrate", nonneg=False)
            if np.any(self.migration_rate < -1):
                raise ValueError("Wanderungsrate: Fortzüge können nicht über 100 % liegen.")


def _check(arr: FloatArray, shape: tuple[int, ...], name: str, *, nonneg: bool) -> None:
    if not isinstance(arr, np.ndarray) or arr.shape != shape:
        raise ValueError(f"{name}: erwartet ein Feld der Form {shape}.")
    if not np.all(np.isfinite(arr)) or (nonneg and np.any(arr < 0)):
        raise ValueError(f"{name}: Werte müssen endlich{' und ≥ 0' if nonneg else ''} sein.")


@dataclass(frozen=True)
class Scenario:
    """Assumptions of one projection run.

    Attributes
    ----------
    tfr
        Total fertility rate (children per woman); ``None`` keeps the base
        schedule ``asfr`` unchanged.
    e0_m, e0_f
        Life expectancy at birth (years) for men and women; ``None`` (both)
        keeps the base ``qx`` unchanged.
    end_year
        Last projected year (31.12.), at most 2045.
    migration_factor
        Multiplier on the net-migration profile (1 = as in the base period);
        with ``migration_volume`` it applies to ``net_migration`` only.
    migration_volume
        Net migrants per year of all areas together (persons); ``None`` keeps
        the rates as they are. Otherwise the rate-based migration is scaled
        each year by one factor so that its sum over all areas equals this
        volume (:func:`indicators.projection.volume.volume_scale`); housing
        inflow and ``net_migration`` come on top.
    target_year
        ``None``: tfr and e0 apply from the first projected year. Otherwise
        they move linearly from the base values (``sum(asfr)``, e0 of ``qx``)
        to the targets, reached in ``target_year`` and held afterwards.
    housing
        New housing projects (see :class:`HousingProject`).
    control_totals
        Optional control total of all areas for each projected year; when
        given, the areas are scaled proportionally each year and the scaling
        is booked as migration (so the balancing equation still closes).
    min_area_size
        Areas with fewer base residents are flagged as uncertain.
    """

    tfr: float | None
    e0_m: float | None
    e0_f: float | None
    end_year: int
    migration_factor: float = 1.0
    migration_volume: float | None = None
    target_year: int | None = None
    housing: tuple[HousingProject, ...] = field(default_factory=tuple)
    control_totals: tuple[float, ...] | None = None
    min_area_size: float = 1000.0

    def __post_init__(self) -> None:
        if self.tfr is not None and not 0.0 <= self.tfr <= 5.0:
            raise ValueError("Geburtenziffer (TFR) muss zwischen 0 und 5 liegen.")
        if (self.e0_m is None) != (self.e0_f is None):
            raise ValueError(
                "Lebenserwartung für Männer und Frauen gemeinsam setzen oder beide leer lassen."
            )
        for e0 in (self.e0_m, self.e0_f):
            if e0 is not None and not 40.0 <= e0 <= 100.0:
                raise ValueError("Lebenserwartung muss zwischen 40 und 100 Jahren liegen.")
        if not 0.0 <= self.migration_factor <= 5.0:
            raise ValueError("Wanderungsfaktor muss zwischen 0 und 5 liegen.")
        if self.migration_volume is not None and not np.isfinite(self.migration_volume):
            raise ValueError("Wanderungssaldo muss eine endliche Zahl sein.")
        if self.end_year > MAX_END_YEAR:
            raise ValueError(f"Der Vorausberechnungszeitraum reicht höchstens bis {MAX_END_YEAR}.")
        for project in self.housing:
            if project.dwellings < 0 or project.occupancy < 0:
                raise ValueError("Wohnungen und Belegung dürfen nicht negativ sein.")
        if self.control_totals is not None and any(c <= 0 for c in self.control_totals):
            raise ValueError("Eckwerte müssen positiv sein.")


def projection_years(inputs: ProjectionInputs, scenario: Scenario) -> tuple[int, ...]:
    """Projected years ``base_year + 1 … end_year``; raises if the range is empty."""
    if scenario.end_year <= inputs.base_year:
        raise ValueError("Das Endjahr muss nach dem Basisjahr liegen.")
    years = tuple(range(inputs.base_year + 1, scenario.end_year + 1))
    if scenario.control_totals is not None and len(scenario.control_totals) != len(years):
        raise ValueError("Für jedes Vorausberechnungsjahr wird genau ein Eckwert benötigt.")
    return years


def _phase(inputs: ProjectionInputs, scenario: Scenario, years: tuple[int, ...]) -> FloatArray:
    """Weight of the target value in each projected year (0 = base, 1 = target)."""
    if scenario.target_year is None:
        return np.ones(len(years))
    span = max(scenario.target_year - inputs.base_year, 1)
    steps = np.arange(1, len(years) + 1, dtype=float)
    return np.asarray(np.minimum(steps / span, 1.0))


def fertility_schedule(inputs: ProjectionInputs, scenario: Scenario) -> FloatArray:
    """ASFR per projected year, shape ``(Y, 101)``: the base shape scaled to the year's TFR."""
    years = projection_years(inputs, scenario)
    if scenario.tfr is None:
        return np.asarray(np.broadcast_to(inputs.asfr, (len(years), N_AGES)).copy())
    base_tfr = float(inputs.asfr.sum())
    if base_tfr <= 0 and scenario.tfr > 0:
        raise ValueError("Ohne Geburtenziffern-Profil kann keine TFR > 0 gesetzt werden.")
    w = _phase(inputs, scenario, years)
    tfr = base_tfr + (scenario.tfr - base_tfr) * w
    scale = tfr / base_tfr if base_tfr > 0 else np.zeros_like(tfr)
    return np.asarray(scale[:, np.newaxis] * inputs.asfr[np.newaxis, :])


def mortality_schedule(inputs: ProjectionInputs, scenario: Scenario) -> FloatArray:
    """Scaled qx per projected year, shape ``(Y, 2, 101)``, meeting the year's e0 by sex."""
    years = projection_years(inputs, scenario)
    if scenario.e0_m is None or scenario.e0_f is None:
        return np.asarray(np.broadcast_to(inputs.qx, (len(years), 2, N_AGES)).copy())
    base_e0 = life_expectancy(inputs.qx)
    w = _phase(inputs, scenario, years)[:, np.newaxis]
    target = base_e0 + (np.array([scenario.e0_m, scenario.e0_f]) - base_e0) * w
    q = np.broadcast_to(inputs.qx, (len(years), 2, N_AGES))
    qx_key = np.ascontiguousarray(inputs.qx, dtype=float).tobytes()
    return scale_qx(q, _e0_multipliers(qx_key, np.ascontiguousarray(target, dtype=float).tobytes()))


@functools.lru_cache(maxsize=32)
def _e0_multipliers(qx: bytes, target: bytes) -> FloatArray:
    """:func:`qx_multiplier_for_e0` per year and sex, remembered: a scenario that changes only
    its birth rate or migration keeps its life expectancy (the bisection takes ~4 ms)."""
    base = np.frombuffer(qx).reshape(2, N_AGES)
    targets = np.frombuffer(target).reshape(-1, 2)
    factor = qx_multiplier_for_e0(np.broadcast_to(base, (len(targets), 2, N_AGES)), targets)
    factor.flags.writeable = False
    return factor


def cohort_death_rates(qx: FloatArray) -> FloatArray:
    """Death probability over a calendar year for persons aged x at its start.

    Persons of completed age x on 31.12. pass from exact age x+0.5 (on
    average) to x+1.5, so the rate is approximated by ``(q[x] + q[x+1]) / 2``;
    the open group 100+ keeps ``q[100]``. Shape is kept.

    Examples
    --------
    >>> q = np.zeros(101); q[0], q[1], q[100] = 0.004, 0.002, 0.4
    >>> r = cohort_death_rates(q)
    >>> [round(float(v), 6) for v in (r[0], r[1], r[99], r[100])]
    [0.003, 0.001, 0.2, 0.4]
    """
    out = np.empty_like(qx)
    out[..., :-1] = 0.5 * (qx[..., :-1] + qx[..., 1:])
    out[..., -1] = qx[..., -1]
    return out


def housing_inflow(inputs: ProjectionInputs, scenario: Scenario) -> FloatArray:
    """Persons moving into new dwellings, shape ``(Y, A, 2, 101)``."""
    years = projection_years(inputs, scenario)
    out = np.zeros((len(years), len(inputs.area_ids), 2, N_AGES))
    index = {a: i for i, a in enumerate(inputs.area_ids)}
    for project in scenario.housing:
        if project.area_id not in index:
            raise ValueError(f"Neubau: Gebiet {project.area_id} ist unbekannt.")
        if project.year not in years:
            continue
        a = index[project.area_id]
        profile = inputs.housing_profile
        if profile is None:
            base = inputs.base_population[a]
            total = float(base.sum())
            profile = base / total if total > 0 else np.full((2, N_AGES), 0.5 / N_AGES)
        out[years.index(project.year), a] += project.dwellings * project.occupancy * profile
    return out
