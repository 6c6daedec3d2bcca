"""Net migration by age and sex from observed population change (residual method).

Between two observation dates the population of an area changes through
births, deaths and migration. The residual method projects the earlier
population forward *without* migration (births and deaths with the given
rates, :func:`indicators.projection.cohort.step_one_year`) and takes the difference
to the later observation, per area and age band, as net migration:

``net migration (per year) = (observed_end - projected_without_migration) / years``

For a non-integer period (e.g. half a year) the migration-free projection is
interpolated linearly between the neighbouring whole years. Inside a band
the net migration is spread over single ages and sexes in proportion to the
projected migration-free population of the band (uniformly when that is 0).

Caveats: the estimate contains every error of the rates (e.g. German rather
than local fertility) and of the base population, and for short periods it
picks up seasonal moves (e.g. students in autumn).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from indicators.projection.age_split import Band
from indicators.projection.cohort import step_one_year
from indicators.projection.inputs import FloatArray
from indicators.projection.lifetable import N_AGES


def natural_projection(
    start: FloatArray,
    years: float,
    asfr: FloatArray,
    qx: FloatArray,
    sex_ratio_at_birth: float,
    fert: FloatArray | None = None,
) -> FloatArray:
    """Population after ``years`` with births and deaths only, shape of ``start``.

    ``fert`` is the optional fertility factor per area (see
    :class:`~indicators.projection.inputs.ProjectionInputs`).

    Examples
    --------
    >>> p = np.zeros((1, 2, 101)); p[0, :, 10] = 100.0
    >>> out = natural_projection(p, 1.5, np.zeros(101), np.zeros((2, 101)), 1.05)
    >>> out[0, 0, 11:13].tolist()
    [50.0, 50.0]
    """
    if years <= 0:
        raise ValueError("Der Zeitraum muss positiv sein.")
    boy_share = sex_ratio_at_birth / (1.0 + sex_ratio_at_birth)
    zero = np.zeros_like(start)
    states = [np.asarray(start, dtype=float)]
    for _ in range(math.ceil(years)):
        states.append(step_one_year(states[-1], asfr, qx, zero, boy_share, None, fert)[0])
    whole = math.floor(years)
    frac = years - whole
    if frac == 0:
        return states[whole]
    return np.asarray(states[whole] + frac * (states[whole + 1] - states[whole]))


def residual_net_migration(
    start: FloatArray,
    observed_end: FloatArray,
    bands: Sequence[Band],
    years: float,
    asfr: FloatArray,
    qx: FloatArray,
    sex_ratio_at_birth: float,
) -> FloatArray:
    """Average yearly net migration by area, sex and single age.

    Parameters
    ----------
    start
        Persons at the first date, shape ``(A, 2, 101)``.
    observed_end
        Persons at the second date by band (both sexes), shape ``(A, n_bands)``.
    bands
        ``(lo, hi)`` single-age index ranges of the bands, contiguous 0 … 101.
    years
        Length of the period in years (e.g. 3.0 or 0.5).
    asfr, qx, sex_ratio_at_birth
        Rates of the period (see :class:`~indicators.projection.inputs.ProjectionInputs`).

    Returns
    -------
    numpy.ndarray
        Net migrants per year, shape ``(A, 2, 101)``, by age at 31.12.
    """
    end_obs = np.asarray(observed_end, dtype=float)
    if end_obs.shape != (start.shape[0], len(bands)):
        raise ValueError("Beobachtete Altersgruppen passen nicht zur Basisbevölkerung.")
    if bands[0][0] != 0 or bands[-1][1] != N_AGES:
        raise ValueError("Altersgruppen müssen die Alter 0 bis 100+ abdecken.")
    expected = natural_projection(start, years, asfr, qx, sex_ratio_at_birth)
    out = np.zeros_like(expected)
    for b, (lo, hi) in enumerate(bands):
        part = expected[:, :, lo:hi]
        band_total = part.sum(axis=(1, 2))
        residual = (end_obs[:, b] - band_total) / years
        uniform = np.full(part.shape[1:], 1.0 / (2 * (hi - lo)))
        safe = np.where(band_total > 0, band_total, 1.0)[:, np.newaxis, np.newaxis]
        weights = np.where(band_total[:, None, None] > 0, part / safe, uniform)
        out[:, :, lo:hi] = residual[:, np.newaxis, np.newaxis] * weights
    return out


def band_residuals(
    start: FloatArray,
    observed_end: FloatArray,
    bands: Sequence[Band],
    years: float,
    asfr: FloatArray,
    qx: FloatArray,
    sex_ratio_at_birth: float,
    fert: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Net migrants per year and mean persons, by area and band.

    Parameters are those of :func:`residual_net_migration` plus the fertility
    factor ``fert`` per area.

    Returns
    -------
    tuple of numpy.ndarray
        ``(net, persons)``, both ``(A, n_bands)``: net migrants per year
        (observed end minus the migration-free projection, divided by
        ``years``) and the mean of the band's persons at start and end (the
        exposure per year, persons).

    Examples
    --------
    >>> p = np.zeros((1, 2, 101)); p[0, :, 10] = 50.0
    >>> net, persons = band_residuals(p, np.array([[0.0, 130.0]]), [(0, 20), (20, 101)],
    ...                               1.0, np.zeros(101), np.zeros((2, 101)), 1.05)
    >>> net.tolist(), persons.tolist()
    ([[-100.0, 130.0]], [[50.0, 65.0]])
    """
    end_obs = np.asarray(observed_end, dtype=float)
    if end_obs.shape != (start.shape[0], len(bands)):
        raise ValueError("Beobachtete Altersgruppen passen nicht zur Basisbevölkerung.")
    if bands[0][0] != 0 or bands[-1][1] != N_AGES:
        raise ValueError("Altersgruppen müssen die Alter 0 bis 100+ abdecken.")
    expected = natural_projection(start, years, asfr, qx, sex_ratio_at_birth, fert)
    nat = np.stack([expected[:, :, lo:hi].sum(axis=(1, 2)) for lo, hi in bands], axis=1)
    first = np.stack([start[:, :, lo:hi].sum(axis=(1, 2)) for lo, hi in bands], axis=1)
    return (end_obs - nat) / years, 0.5 * (first + end_obs)
