"""Area-specific fertility and net-migration rates for the small-area projection.

Two estimates from the register data of the base period, both shrunk towards
a larger area where the local data are thin (empirical-Bayes / credibility
weighting, as in small-area estimation):

* **Fertility factor** (:func:`area_fertility_factor`): the child–woman ratio
  (persons aged 0–5 per woman aged 15–44) of the area relative to the whole
  Kommune, ``ratio_a = CWR_a / CWR_all``. Assuming Poisson counts of children, the
  sampling variance of ``ratio_a`` is about ``1 / E_a`` (taken at the prior
  mean 1, so an area without children is not trusted blindly) with
  ``E_a = women_a * CWR_all`` (expected children); the spread of the true
  ratios ``tau²`` is estimated by moments (women-weighted variance minus mean
  sampling variance), and the estimate is ``1 + w_a * (ratio_a - 1)`` with
  ``w_a = tau² / (tau² + 1 / E_a)``. The factor scales the Kommune's age schedule
  of fertility in the area. Because children who moved away are missing from
  the ratio, it mixes fertility and family migration; the migration estimate
  below is computed with the same factor, so the two stay consistent.
* **Net migration rates** (:func:`shrunk_band_rates`): net migrants per year
  per resident of the band (residual method,
  :func:`indicators.projection.migration.band_residuals`), shrunk in two
  steps – parent area towards the whole Kommune, area towards its (shrunk) parent – with
  the credibility weight ``n / (n + k)``, ``n`` = person-years observed in
  the band and ``k`` a stored assumption. Rates are cut to ``± cap`` per year.
  Rates (instead of absolute numbers) shrink with a shrinking population and
  cannot empty an area.
* **Model age profile** (:func:`uniform_band_rates`): the alternative pattern –
  one profile by age for all areas, the pooled rates of the whole Kommune.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from indicators.projection.age_split import Band
from indicators.projection.inputs import FloatArray
from indicators.projection.lifetable import N_AGES

#: Ages of the child–woman ratio: children 0–5, women 15–44 (index ranges).
CHILD_AGES = (0, 6)
WOMEN_AGES = (15, 45)


def area_fertility_factor(population: FloatArray) -> FloatArray:
    """Fertility of each area relative to the whole Kommune from the child–woman ratio, shape ``(A,)``.

    Parameters
    ----------
    population
        Persons by area, sex (0 male, 1 female) and single age, ``(A, 2, 101)``.

    Returns
    -------
    numpy.ndarray
        Factor per area (1 = average of all areas), empirical-Bayes shrunk;
        areas without women 15–44 get 1.

    Examples
    --------
    Two equal areas give 1; with few women a high ratio is pulled to 1:

    >>> p = np.zeros((3, 2, 101)); p[:, 1, 20] = [1000.0, 1000.0, 10.0]
    >>> p[:, 0, 2] = [200.0, 300.0, 6.0]
    >>> area_fertility_factor(p).round(3).tolist()
    [0.812, 1.175, 1.135]
    """
    pop = np.asarray(population, dtype=float)
    if pop.ndim != 3 or pop.shape[1:] != (2, N_AGES) or np.any(pop < 0):
        raise ValueError("Bevölkerung muss die Form (Gebiete, 2, 101) haben und ≥ 0 sein.")
    kids = pop[:, :, CHILD_AGES[0] : CHILD_AGES[1]].sum(axis=(1, 2))
    women = pop[:, 1, WOMEN_AGES[0] : WOMEN_AGES[1]].sum(axis=1)
    if women.sum() <= 0 or kids.sum() <= 0:
        return np.ones(len(pop))
    cwr = kids.sum() / women.sum()
    has = women > 0
    expected = np.where(has, women * cwr, 1.0)
    ratio = np.where(has, kids / expected, 1.0)
    noise = 1.0 / expected
    weights = np.where(has, women, 0.0)
    spread = np.average((ratio - 1.0) ** 2, weights=weights)
    tau2 = max(float(spread - np.average(noise, weights=weights)), 1e-6)
    w = np.where(has, tau2 / (tau2 + noise), 0.0)
    return np.asarray(1.0 + w * (ratio - 1.0))


def _pooled(net: FloatArray, persons: FloatArray) -> FloatArray:
    return np.asarray(net.sum(axis=0) / np.maximum(persons.sum(axis=0), 1e-9))


def shrunk_band_rates(
    net: FloatArray,
    persons: FloatArray,
    years: float,
    parents: Sequence[str],
    k: float,
    cap: float,
) -> FloatArray:
    """Net migration rates per area and band, shrunk area → parent → whole Kommune.

    Parameters
    ----------
    net
        Net migrants per year, ``(A, n_bands)``.
    persons
        Mean residents of the band in the base period, ``(A, n_bands)``.
    years
        Length of the base period (years); person-years = ``persons * years``.
    parents
        Parent area (e.g. Bezirk) of every area, length ``A``.
    k
        Person-years at which an area's own rate gets weight 1/2 (> 0).
    cap
        Largest absolute rate per year (e.g. 0.25).

    Returns
    -------
    numpy.ndarray
        Net migrants per year per resident, ``(A, n_bands)``.

    Examples
    --------
    >>> net = np.array([[10.0], [-10.0], [0.0]]); persons = np.array([[100.0], [100.0], [800.0]])
    >>> shrunk_band_rates(net, persons, 1.0, ["x", "x", "y"], 100.0, 0.25).round(4).tolist()
    [[0.05], [-0.05], [0.0]]
    """
    net, persons = np.asarray(net, dtype=float), np.asarray(persons, dtype=float)
    if net.shape != persons.shape or net.ndim != 2 or len(parents) != net.shape[0]:
        raise ValueError("Wanderungssaldo, Bevölkerung und Obergebiete passen nicht zusammen.")
    if years <= 0 or k <= 0 or cap <= 0:
        raise ValueError("Zeitraum, Glättungskonstante und Obergrenze müssen positiv sein.")
    if np.any(persons < 0) or not np.all(np.isfinite(net)):
        raise ValueError("Bevölkerung muss ≥ 0 und der Saldo endlich sein.")
    top = _pooled(net, persons)
    labels = np.asarray(parents, dtype=object)
    prior = np.empty_like(net)
    for parent in dict.fromkeys(parents):
        rows = labels == parent
        exposure = persons[rows].sum(axis=0) * years
        weight = exposure / (exposure + k)
        prior[rows] = weight * _pooled(net[rows], persons[rows]) + (1.0 - weight) * top
    own = net / np.maximum(persons, 1e-9)
    weight = persons * years / (persons * years + k)
    return np.asarray(np.clip(weight * own + (1.0 - weight) * prior, -cap, cap))


def uniform_band_rates(net: FloatArray, persons: FloatArray, cap: float) -> FloatArray:
    """One age profile of net migration for all areas (model age profile), ``(A, n_bands)``.

    Every area gets the pooled rate of all areas per band (net migrants per
    year of all areas divided by their residents of the band), cut to
    ``± cap``. Migration then follows only the age structure of each area and
    not its own history in the base period – useful where that period was
    unusual (a shelter opened, a new quarter was built).

    Parameters
    ----------
    net, persons
        Net migrants per year and mean residents, ``(A, n_bands)``.
    cap
        Largest absolute rate per year (e.g. 0.25).

    Examples
    --------
    >>> net = np.array([[30.0, -5.0], [-10.0, -5.0]])
    >>> persons = np.array([[100.0, 50.0], [100.0, 450.0]])
    >>> uniform_band_rates(net, persons, 0.25).tolist()
    [[0.1, -0.02], [0.1, -0.02]]
    """
    net, persons = np.asarray(net, dtype=float), np.asarray(persons, dtype=float)
    if net.shape != persons.shape or net.ndim != 2:
        raise ValueError("Wanderungssaldo und Bevölkerung passen nicht zusammen.")
    if cap <= 0:
        raise ValueError("Die Obergrenze muss positiv sein.")
    if np.any(persons < 0) or not np.all(np.isfinite(net)):
        raise ValueError("Bevölkerung muss ≥ 0 und der Saldo endlich sein.")
    pooled = np.clip(_pooled(net, persons), -cap, cap)
    return np.asarray(np.broadcast_to(pooled, net.shape).copy())


def rates_by_age(band_rates: FloatArray, bands: Sequence[Band]) -> FloatArray:
    """Spread band rates over single ages and both sexes, ``(A, 2, 101)``.

    >>> rates_by_age(np.array([[0.1, -0.02]]), [(0, 1), (1, 101)])[0, :, :2].tolist()
    [[0.1, -0.02], [0.1, -0.02]]
    """
    rates = np.asarray(band_rates, dtype=float)
    if rates.ndim != 2 or rates.shape[1] != len(bands):
        raise ValueError("Raten passen nicht zu den Altersgruppen.")
    out = np.zeros((rates.shape[0], 2, N_AGES))
    for b, (lo, hi) in enumerate(bands):
        out[:, :, lo:hi] = rates[:, b, np.newaxis, np.newaxis]
    return out
