"""Kommune-wide net migration volume: variants from observed years and the scaling factor.

The area × age migration rates (:mod:`indicators.projection.rates`) give the
*pattern* of migration; the *volume* (net migrants per year over the border of
the whole Kommune) is a separate assumption. Each projected year the rates are
multiplied by one factor ``s`` so that the rate-based migration of all areas
sums to the volume (:func:`volume_scale`, used by
:func:`indicators.projection.cohort.step_one_year`).

Variants (:func:`volume_variants`, rule stored in
``data/parameters/projection.yaml``, block ``net_migration_volume``): from the
observed yearly net migration known at the base date, low = minimum, middle =
median, high = mean. Without any observed year, :func:`register_net_migration`
estimates one value from the register change minus the natural balance.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


class VolumeUnreachable(ValueError):
    """The net migration volume cannot be reached by scaling the base period's pattern."""


VARIANT_RULE = {"low": "Minimum", "middle": "Median", "high": "Mittelwert"}


def volume_variants(
    observed: Mapping[int, float], up_to_year: int | None = None
) -> dict[str, float]:
    """Low/middle/high net migration (persons per year) from observed yearly values.

    Parameters
    ----------
    observed
        Year → observed net migration of the Kommune (persons).
    up_to_year
        Only years ``<= up_to_year`` are used (what was known at the base date);
        ``None`` uses all.

    Returns
    -------
    dict
        ``{"low": min, "middle": median, "high": mean}`` (persons per year).

    Examples
    --------
    >>> volume_variants({2019: 23231, 2021: 16241, 2022: 84584, 2024: 27107})
    {'low': 16241.0, 'middle': 25169.0, 'high': 37790.75}
    >>> volume_variants({2019: 23231, 2021: 16241, 2022: 84584}, up_to_year=2021)
    {'low': 16241.0, 'middle': 19736.0, 'high': 19736.0}
    """
    values = [float(v) for y, v in observed.items() if up_to_year is None or int(y) <= up_to_year]
    if not values:
        raise ValueError("Kein beobachteter Wanderungssaldo bis zum Basisjahr vorhanden.")
    if not all(math.isfinite(v) for v in values):
        raise ValueError("Wanderungssalden müssen endliche Zahlen sein.")
    arr = np.asarray(values)
    return {"low": float(arr.min()), "middle": float(np.median(arr)), "high": float(arr.mean())}


def round_to_step(volume: float, step: float) -> float:
    """``volume`` rounded to a multiple of ``step`` persons (the rule's rounding, slider steps).

    Halves go to the even multiple (Python's :func:`round`).

    >>> round_to_step(25169.0, 100.0), round_to_step(-1250.0, 100.0)
    (25200.0, -1200.0)
    """
    if step <= 0:
        raise ValueError("Die Rundung muss positiv sein.")
    return float(round(volume / step) * step)


def register_net_migration(change: float, years: float, births: float, deaths: float) -> float:
    """Net migrants per year from a register change and the yearly natural balance.

    ``(change - (births - deaths) * years) / years``: population change over a
    period of ``years`` minus the births and deaths of that time (yearly
    figures prorated), per year.

    >>> register_net_migration(33966.0, 0.5, 38030.0, 34278.0)
    64180.0
    """
    if years <= 0:
        raise ValueError("Der Zeitraum muss positiv sein.")
    values = (change, births, deaths)
    if not all(math.isfinite(v) for v in values) or births < 0 or deaths < 0:
        raise ValueError("Veränderung, Geburten und Sterbefälle müssen endlich (≥ 0) sein.")
    return (change - (births - deaths) * years) / years


def volume_scale(volume: float, linear: float, quadratic: float = 0.0) -> float:
    """Factor ``s ≥ 0`` on the migration rates with ``linear * s + quadratic * s² = volume``.

    ``linear`` is the rate-based migration of all areas at ``s = 1`` with the
    births of the year taken without migration; ``quadratic`` is the part of the
    newborns' migration that comes from births to migrant women (both persons).
    The root continuous with ``volume / linear`` is taken.

    Examples
    --------
    >>> volume_scale(25000.0, 50000.0)
    0.5
    >>> round(volume_scale(100.0, 90.0, 10.0), 6)
    1.0
    >>> volume_scale(0.0, -5.0)
    0.0
    """
    if not all(math.isfinite(v) for v in (volume, linear, quadratic)):
        raise ValueError("Wanderungssaldo und Raten müssen endlich sein.")
    if volume == 0.0:
        return 0.0
    disc = linear * linear + 4.0 * quadratic * volume
    if linear == 0.0 or disc < 0.0:
        raise VolumeUnreachable(
            "Der Wanderungssaldo lässt sich mit dem Wanderungsmuster des Basiszeitraums nicht erreichen."
        )
    root = math.sqrt(disc)
    s = 2.0 * volume / (linear + root) if linear > 0 else 2.0 * volume / (linear - root)
    if s < 0:
        raise VolumeUnreachable(
            "Wanderungssaldo und Wanderungsmuster des Basiszeitraums haben verschiedene Vorzeichen."
        )
    return s


def volume_factor(
    volume: float,
    pop: FloatArray,
    present: FloatArray,
    mig: FloatArray,
    rate: FloatArray,
    moved: FloatArray,
    asfr: FloatArray,
    qx: FloatArray,
    fert: FloatArray | None,
    share: FloatArray,
) -> float:
    """Factor on ``rate`` so that the rate-based migration of all areas equals ``volume``.

    Ages 1+ move ``s * rate * present``; newborns move ``s * rate0 * N0`` where
    the newborns ``N0`` themselves grow with ``s`` (births to migrant women),
    so ``s`` solves ``(A + C) s + D s² = volume`` (:func:`volume_scale`).
    Exact while no outflow is cut at the persons present.

    Parameters
    ----------
    volume
        Target net migration of all areas (persons per year).
    pop, present
        Persons at the start of the year and present before migration at its
        end (survivors, age 0 empty), ``(A, 2, 101)``.
    mig, rate, moved
        Fixed migration (persons), rates per person and ``rate * present``.
    asfr, qx, fert, share
        The year's fertility, death probabilities, area fertility factor
        (``None`` = 1) and the shares of boys and girls among births.
    """
    f = np.ones(len(pop)) if fert is None else fert
    fixed = 0.5 * (pop[:, 1, 14:49] + present[:, 1, 15:50] + mig[:, 1, 15:50]) @ asfr[15:50]
    scaled = 0.5 * moved[:, 1, 15:50] @ asfr[15:50]
    keep = share * (1.0 - 0.5 * qx[:, 0])
    infant = rate[..., 0] * keep[np.newaxis]
    linear = float(moved[..., 1:].sum() + (infant.sum(axis=1) * fixed * f).sum())
    quadratic = float((infant.sum(axis=1) * scaled * f).sum())
    return volume_scale(volume, linear, quadratic)
