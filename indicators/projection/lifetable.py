"""Life-table helpers for the population projection (pure numpy).

Conventions: ``qx`` arrays have single ages 0 … 100 on the last axis;
``qx[..., 100]`` is the probability of dying of the last, open age group
100+ (Destatis 12621-0001 publishes q(100) for the single year 100, which is
used as the annual death probability of everyone aged 100 and over).

Life-table closure (documented approximations):

* person-years at age 0: ``L0 = l1 + A0 * d0`` with ``A0 = 0.1`` (most infant
  deaths happen in the first weeks; Destatis 2022/24 implies about 0.12);
* ages 1 … 99: ``Lx = (lx + lx+1) / 2``;
* open age 100+: ``L100+ = l100 / m100`` with the constant rate
  ``m100 = -ln(1 - q100)``.

With these rules the Destatis 2022/24 qx give e0 = 78.47 (m) and 83.19 (f),
equal to the published values after rounding.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

#: Average fraction of the first year lived by infants who die (assumption, see module doc).
A0 = 0.1
N_AGES = 101
_BISECTION_STEPS = 64


def _check_qx(qx: NDArray[np.float64]) -> NDArray[np.float64]:
    arr = np.asarray(qx, dtype=float)
    if arr.shape[-1] != N_AGES:
        raise ValueError("Sterbewahrscheinlichkeiten: erwartet 101 Altersjahre (0 bis 100+).")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
        raise ValueError("Sterbewahrscheinlichkeiten müssen zwischen 0 und 1 liegen.")
    return arr


def person_years(qx: NDArray[np.float64]) -> NDArray[np.float64]:
    """Stationary population ``Lx`` (person-years per 1 birth) by single age.

    Parameters
    ----------
    qx
        Death probabilities, shape ``(..., 101)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., 101)``; entry 100 is ``L(100+)``. Units: person-years
        per newborn (radix 1).

    Examples
    --------
    >>> q = np.zeros(101); q[100] = 1 - np.exp(-0.5)
    >>> L = person_years(q)
    >>> float(L[0]), float(L[100])
    (1.0, 2.0)
    """
    return _person_years(_check_qx(qx))


def _person_years(q: NDArray[np.float64]) -> NDArray[np.float64]:
    """:func:`person_years` without input checks (used inside the bisection)."""
    surv = np.cumprod(1.0 - q[..., :-1], axis=-1)
    lx = np.concatenate([np.ones(q.shape[:-1] + (1,)), surv], axis=-1)
    lx_next = lx[..., 1:]
    big = np.empty_like(lx)
    big[..., 0] = lx_next[..., 0] + A0 * (lx[..., 0] - lx_next[..., 0])
    big[..., 1:100] = 0.5 * (lx[..., 1:100] + lx_next[..., 1:100])
    with np.errstate(divide="ignore"):
        rate = -np.log1p(-np.minimum(q[..., 100], 1.0 - 1e-15))
        big[..., 100] = np.where(rate > 0, lx[..., 100] / np.where(rate > 0, rate, 1.0), np.inf)
    return big


def life_expectancy(qx: NDArray[np.float64]) -> NDArray[np.float64]:
    """Life expectancy at birth ``e0`` in years (sum of ``Lx``).

    Parameters
    ----------
    qx
        Death probabilities, shape ``(..., 101)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(...)``, years.

    Examples
    --------
    Half of each age group dies: ``L0 = 0.5 + 0.1 * 0.5`` and
    ``Lx = 0.75 * 0.5**x`` afterwards, so ``e0 = 0.55 + 0.75 = 1.3``.

    >>> q = np.full(101, 0.5)
    >>> round(float(life_expectancy(q)), 3)
    1.3
    """
    return np.asarray(person_years(qx).sum(axis=-1))


def scale_qx(qx: NDArray[np.float64], factor: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """Multiply death probabilities by ``factor`` (broadcast on leading axes), capped at 1."""
    q = _check_qx(qx)
    k = np.asarray(factor, dtype=float)[..., np.newaxis]
    return np.asarray(np.minimum(q * k, 1.0))


def qx_multiplier_for_e0(
    qx: NDArray[np.float64], target_e0: NDArray[np.float64] | float
) -> NDArray[np.float64]:
    """Find the multiplier ``k`` on all qx so that ``e0(min(k·qx, 1))`` equals the target.

    Vectorised bisection on ``log k`` in [log 1e-4, log 1e3] (64 steps, so the
    multiplier is exact to about 1e-15 relative); e0 falls monotonically in
    ``k``. The scaled table meets the target within far less than 0.01 years.

    Parameters
    ----------
    qx
        Base death probabilities, shape ``(..., 101)``.
    target_e0
        Target life expectancy at birth in years, broadcastable to ``qx.shape[:-1]``.

    Returns
    -------
    numpy.ndarray
        Multipliers, shape ``qx.shape[:-1]`` (dimensionless).

    Examples
    --------
    >>> q = np.linspace(0.001, 0.4, 101)
    >>> k = qx_multiplier_for_e0(q, 20.0)
    >>> round(float(life_expectancy(scale_qx(q, k))), 6)
    20.0
    """
    q = _check_qx(qx)
    target = np.broadcast_to(np.asarray(target_e0, dtype=float), q.shape[:-1])
    lo_e, hi_e = life_expectancy(scale_qx(q, 1e3)), life_expectancy(scale_qx(q, 1e-4))
    if np.any(target <= lo_e) or np.any(target >= hi_e):
        raise ValueError("Ziel-Lebenserwartung ist mit dieser Sterbetafel nicht erreichbar.")
    lo = np.full(target.shape, np.log(1e-4))
    hi = np.full(target.shape, np.log(1e3))
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        scaled = np.minimum(q * np.exp(mid)[..., np.newaxis], 1.0)
        too_long = _person_years(scaled).sum(axis=-1) > target
        lo = np.where(too_long, mid, lo)
        hi = np.where(too_long, hi, mid)
    return np.asarray(np.exp(0.5 * (lo + hi)))
