"""Split age bands into single years of age and a both-sexes count into sexes.

Method (documented for the projection base population):

1. **Bands → single ages:** proportional split on a reference single-age
   profile. Each band total ``N`` over ages ``a … b-1`` is distributed as
   ``N * r[x] / sum(r[a:b])``. Every band keeps its total exactly (up to
   floating point); with a flat reference the split is uniform. The default
   reference for the projection is the stationary population ``Lx`` of the
   life table (:func:`stationary_reference`), which is nearly flat below 60
   and falls with mortality at old ages (important for 80–85, …, 95+).
2. **Both sexes → m/f:** the reference female share by age ``s[x]`` (from the
   life table stationary population with the sex ratio at birth) is shifted on
   the odds scale by one factor per area, ``odds_f[x] = c * s[x]/(1-s[x])``,
   with ``c`` chosen (bisection) so that the female total of the area is met.
   Every age keeps its total; the female total is met to 1e-9 persons.

Sex index convention everywhere in the projection: 0 = male, 1 = female.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from indicators.projection.lifetable import person_years

Band = tuple[int, int]


def parse_band_labels(labels: Sequence[str], last_age: int = 100) -> tuple[Band, ...]:
    """Turn labels like ``"05_06"`` (age 5 to under 6) into ``(lo, hi)`` index pairs.

    Upper bounds above ``last_age`` are mapped to ``last_age + 1``: the last
    single age is the open group ``last_age+``.

    Examples
    --------
    >>> parse_band_labels(["00_01", "01_03", "95_110"])
    ((0, 1), (1, 3), (95, 101))
    """
    bands: list[Band] = []
    for label in labels:
        parts = label.split("_")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise ValueError(f"Altersgruppe „{label}“ hat nicht das Format „von_bis“.")
        lo, hi = int(parts[0]), int(parts[1])
        bands.append((lo, min(hi, last_age + 1)))
    return tuple(bands)


def _check_bands(bands: Sequence[Band]) -> int:
    if not bands or bands[0][0] != 0:
        raise ValueError("Altersgruppen müssen bei Alter 0 beginnen.")
    for (lo, hi), nxt in zip(bands, list(bands[1:]) + [None], strict=True):
        if hi <= lo:
            raise ValueError(f"Altersgruppe {lo}–{hi} ist leer.")
        if nxt is not None and nxt[0] != hi:
            raise ValueError("Altersgruppen müssen lückenlos und ohne Überschneidung sein.")
    return bands[-1][1]


def split_bands(
    counts: NDArray[np.float64],
    bands: Sequence[Band],
    reference: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """Split band counts into single ages, keeping every band total.

    Parameters
    ----------
    counts
        Persons per band, shape ``(..., n_bands)``; non-negative.
    bands
        ``(lo, hi)`` pairs (age ``lo`` to under ``hi``), contiguous from 0.
    reference
        Non-negative single-age profile of length ``bands[-1][1]``; ``None``
        means flat. Bands whose reference sums to 0 are split uniformly.

    Returns
    -------
    numpy.ndarray
        Persons by single age, shape ``(..., n_ages)``.

    Examples
    --------
    >>> split_bands(np.array([6.0, 4.0]), [(0, 3), (3, 5)]).tolist()
    [2.0, 2.0, 2.0, 2.0, 2.0]
    >>> split_bands(np.array([6.0, 4.0]), [(0, 3), (3, 5)], np.array([1, 1, 1, 3, 1.0])).tolist()
    [2.0, 2.0, 2.0, 3.0, 1.0]
    """
    n_ages = _check_bands(bands)
    arr = np.asarray(counts, dtype=float)
    if arr.shape[-1] != len(bands):
        raise ValueError("Anzahl der Werte passt nicht zur Anzahl der Altersgruppen.")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError("Einwohnerzahlen je Altersgruppe müssen endlich und nicht negativ sein.")
    ref = np.ones(n_ages) if reference is None else np.asarray(reference, dtype=float)
    if ref.shape != (n_ages,) or np.any(ref < 0) or not np.all(np.isfinite(ref)):
        raise ValueError(f"Referenzprofil braucht {n_ages} nicht negative Werte.")
    weights = np.zeros((len(bands), n_ages))
    for i, (lo, hi) in enumerate(bands):
        part = ref[lo:hi]
        total = part.sum()
        weights[i, lo:hi] = part / total if total > 0 else 1.0 / (hi - lo)
    return np.asarray(arr @ weights)


def split_sex(
    total_by_age: NDArray[np.float64],
    female_total: NDArray[np.float64],
    female_share_reference: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Split persons by age into male and female, meeting a female total.

    Parameters
    ----------
    total_by_age
        Persons by single age (both sexes), shape ``(..., n_ages)``.
    female_total
        Female persons of each unit, shape ``(...)``; between 0 and the total.
    female_share_reference
        Reference female share by age, values strictly between 0 and 1.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., 2, n_ages)``, index 0 male, 1 female.

    Examples
    --------
    >>> out = split_sex(np.array([10.0, 10.0]), np.array(10.0), np.array([0.5, 0.5]))
    >>> out.round(6).tolist()
    [[5.0, 5.0], [5.0, 5.0]]
    """
    tot = np.asarray(total_by_age, dtype=float)
    fem = np.asarray(female_total, dtype=float)
    share = np.asarray(female_share_reference, dtype=float)
    if share.shape != tot.shape[-1:] or np.any(share <= 0) or np.any(share >= 1):
        raise ValueError("Referenz-Frauenanteil muss je Alter zwischen 0 und 1 liegen.")
    grand = tot.sum(axis=-1)
    if fem.shape != grand.shape or np.any(fem < -1e-9) or np.any(fem > grand + 1e-9):
        raise ValueError("Zahl der Frauen muss zwischen 0 und der Gesamtzahl liegen.")
    log_odds = np.log(share / (1 - share))
    lo = np.full(fem.shape, -60.0)
    hi = np.full(fem.shape, 60.0)
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        f_share = 1.0 / (1.0 + np.exp(-(log_odds + mid[..., np.newaxis])))
        too_many = (tot * f_share).sum(axis=-1) > fem
        hi = np.where(too_many, mid, hi)
        lo = np.where(too_many, lo, mid)
    f_share = 1.0 / (1.0 + np.exp(-(log_odds + (0.5 * (lo + hi))[..., np.newaxis])))
    female = tot * f_share
    return np.stack([tot - female, female], axis=-2)


def stationary_reference(
    qx: NDArray[np.float64], sex_ratio_at_birth: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Reference age profile and female share from a life table's stationary population.

    Parameters
    ----------
    qx
        Death probabilities, shape ``(2, 101)`` (male, female).
    sex_ratio_at_birth
        Male per female live births (e.g. 1.05).

    Returns
    -------
    tuple of numpy.ndarray
        ``(profile, female_share)``, both of length 101: person-years by age
        of a stationary population whose births have the given sex ratio
        (relative scale only), and the female share by age.
    """
    if not 0.5 < sex_ratio_at_birth < 2.0:
        raise ValueError("Geschlechterverhältnis bei Geburt ist unplausibel.")
    big = person_years(np.asarray(qx, dtype=float))
    male = big[0] * sex_ratio_at_birth
    female = big[1]
    return male + female, female / (male + female)


def split_population(
    band_counts: NDArray[np.float64],
    bands: Sequence[Band],
    female_total: NDArray[np.float64],
    reference: NDArray[np.float64],
    female_share_reference: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Band counts of both sexes → persons by sex and single age.

    Combines :func:`split_bands` and :func:`split_sex`; band totals and the
    female total of each area are kept.

    Parameters
    ----------
    band_counts
        Persons per area and band, shape ``(A, n_bands)``.
    bands
        ``(lo, hi)`` pairs, contiguous from 0 to 101.
    female_total
        Female persons per area, shape ``(A,)``.
    reference, female_share_reference
        Single-age reference profile and female share (length 101), e.g. from
        :func:`stationary_reference`.

    Returns
    -------
    numpy.ndarray
        Persons, shape ``(A, 2, 101)`` (index 0 male, 1 female).
    """
    by_age = split_bands(band_counts, bands, reference)
    return split_sex(by_age, female_total, female_share_reference)
