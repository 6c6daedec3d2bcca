"""Residents per area and age band for the Bedarf–Angebot analysis: finest bands, exact tiling.

The store publishes the population in age bands that differ between Stichtage (and sometimes
between areas). Demand needs the residents of a service's target band exactly, so these
functions find the finest partition of the published bands, check whether it tiles a target
band, and sum the residents per area and band. No Streamlit, no I/O: DataFrames in, out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from indicators.access.balance import population_in_band
from indicators.access.service_types import AgeBand

POP_COLUMNS = ["area_id", "age_from", "age_to", "count"]


def finest_bands(bands: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``bands`` (``age_from, age_to``) that contain no other band.

    ``age_to`` is exclusive, NaN = open-ended. Rows must be unique.

    Examples
    --------
    >>> b = pd.DataFrame({"age_from": [0, 0, 1, 3], "age_to": [6, 1, 3, None]})
    >>> finest_bands(b).values.tolist()
    [[0.0, 1.0], [1.0, 3.0], [3.0, nan]]
    """
    lo = bands["age_from"].astype(float).to_numpy()
    hi = bands["age_to"].astype(float).fillna(np.inf).to_numpy()
    inner = (lo[None, :] >= lo[:, None]) & (hi[None, :] <= hi[:, None])
    return bands.iloc[np.flatnonzero(inner.sum(axis=1) == 1)]


def band_tiles(bands: pd.DataFrame, age_from: float, age_to: float | None) -> bool:
    """True if the finest of ``bands`` (``age_from, age_to``) tile the band exactly.

    Examples
    --------
    >>> b = pd.DataFrame({"age_from": [0, 0, 1, 3], "age_to": [6, 1, 3, 6]})
    >>> band_tiles(b, 0, 3), band_tiles(b, 3, 6), band_tiles(b, 0, 2)
    (True, True, False)
    """
    atoms = finest_bands(bands)
    lo = atoms["age_from"].astype(float).to_numpy()
    hi = atoms["age_to"].astype(float).fillna(np.inf).to_numpy()
    top = np.inf if age_to is None else float(age_to)
    inside = (lo >= age_from) & (hi <= top)
    if ((lo < top) & (hi > age_from) & ~inside).any():
        return False
    order = np.argsort(lo[inside])
    a, b = lo[inside][order], hi[inside][order]
    return bool(len(a) and a[0] == age_from and b[-1] == top and np.all(a[1:] == b[:-1]))


def tiling_periods(bands: pd.DataFrame, age_from: float, age_to: float | None) -> list[str]:
    """Stichtage (``period``) whose bands tile the target band exactly, in order.

    Parameters
    ----------
    bands : DataFrame
        ``period, age_from, age_to`` (duplicates allowed, e.g. one row per area).

    Examples
    --------
    >>> b = pd.DataFrame({"period": ["2023", "2024", "2024"], "age_from": [0, 0, 3],
    ...                   "age_to": [6, 3, 6]})
    >>> tiling_periods(b, 0, 3)
    ['2024']
    """
    return [
        str(period)
        for period, grp in bands.groupby("period", sort=True)
        if band_tiles(grp.drop_duplicates(["age_from", "age_to"]), age_from, age_to)
    ]


def common_periods(period_lists: Iterable[Iterable[str]]) -> list[str]:
    """The Stichtage that occur in every list, sorted (usable for all bands of a group).

    >>> common_periods([["2022", "2023", "2024"], ["2024", "2023"]])
    ['2023', '2024']
    """
    sets = [set(p) for p in period_lists]
    return sorted(set.intersection(*sets)) if sets else []


def nearest_period(periods: Sequence[str], date: str) -> str:
    """The Stichtag closest to ``date`` (ties: the earlier one).

    >>> nearest_period(["2022-12-31", "2024-12-31"], "2026-01-01")
    '2024-12-31'
    """
    target = pd.Timestamp(date)
    return min(periods, key=lambda p: (abs(pd.Timestamp(p) - target), p))


def with_empty_areas_in_fine_bands(pop: pd.DataFrame) -> pd.DataFrame:
    """Population per area in the finest bands; areas without residents get 0 in each of them.

    Areas without any residents are sometimes published only in coarse bands; their count in
    every fine band is certainly 0, so they get the same fine bands as all other areas, each
    with 0 (never a gap, never a guess).

    Parameters
    ----------
    pop : DataFrame
        ``area_id, age_from, age_to, count`` (persons), one Stichtag, lowest level.

    Returns
    -------
    DataFrame
        The rows of areas with residents unchanged, then the zero rows of empty areas.

    Examples
    --------
    Area ``a`` has 2 + 5 residents in 0–1 and 1–3; area ``b`` is published with 0 in 0–3:

    >>> pop = pd.DataFrame({"area_id": ["a", "a", "b"], "age_from": [0.0, 1.0, 0.0],
    ...                     "age_to": [1.0, 3.0, 3.0], "count": [2.0, 5.0, 0.0]})
    >>> with_empty_areas_in_fine_bands(pop).values.tolist()
    [['a', 0.0, 1.0, 2.0], ['a', 1.0, 3.0, 5.0], ['b', 0.0, 1.0, 0.0], ['b', 1.0, 3.0, 0.0]]
    """
    totals = pop.groupby("area_id")["count"].sum(min_count=1)
    empty = totals.index[totals == 0]
    keep = pop[~pop["area_id"].isin(empty)]
    fine = finest_bands(keep[["age_from", "age_to"]].drop_duplicates())
    zero = pd.DataFrame(
        [
            (a, lo, hi, 0.0)
            for a in empty
            for lo, hi in zip(fine["age_from"], fine["age_to"], strict=True)
        ],
        columns=POP_COLUMNS,
    )
    out = pd.concat([keep, zero.astype(keep.dtypes.to_dict())], ignore_index=True)
    return out.reset_index(drop=True)


def population_by_band(pop: pd.DataFrame, bands: Sequence[AgeBand]) -> pd.DataFrame:
    """Residents per area in each of ``bands``: one row per area and band.

    Parameters
    ----------
    pop : DataFrame
        ``area_id, age_from, age_to, count`` (persons); the rows must tile every band.
    bands : sequence of (age_from, age_to)
        Target bands in years (``age_to`` exclusive, ``None`` = open-ended).

    Returns
    -------
    DataFrame
        ``area_id, age_from, age_to, count`` (``age_to`` NaN = open-ended).

    Examples
    --------
    >>> pop = pd.DataFrame({"area_id": ["a", "a", "a"], "age_from": [0.0, 1.0, 3.0],
    ...                     "age_to": [1.0, 3.0, 6.0], "count": [2.0, 5.0, 9.0]})
    >>> population_by_band(pop, [(0.0, 3.0), (3.0, 6.0)]).values.tolist()
    [['a', 0.0, 3.0, 7.0], ['a', 3.0, 6.0, 9.0]]
    """
    frames = [
        population_in_band(pop, lo, hi)
        .rename("count")
        .rename_axis("area_id")
        .reset_index()
        .assign(age_from=lo, age_to=np.nan if hi is None else hi)
        for lo, hi in bands
    ]
    out = pd.concat(frames, ignore_index=True)
    return out[POP_COLUMNS]


# ----------------------------------------------------------------------------------------
# Estimated bands: coarse published age groups split by a reference single-age profile


def _cumulative(reference: np.ndarray, ages: np.ndarray) -> np.ndarray:
    """Reference persons aged 0 to under ``ages`` (piecewise constant per single year).

    The last single age of ``reference`` is the open group (e.g. 100 and over); ages beyond
    it (and ``inf``) count the whole profile.
    """
    ref = np.asarray(reference, dtype=float)
    n = len(ref)
    cum = np.concatenate([[0.0], np.cumsum(ref)])
    a = np.clip(np.asarray(ages, dtype=float), 0.0, float(n))
    whole = np.floor(a).astype(int)
    frac = a - whole
    inner = np.where(whole < n, ref[np.minimum(whole, n - 1)] * frac, 0.0)
    return np.asarray(cum[whole] + inner)


def band_covered(bands: pd.DataFrame, age_from: float, age_to: float | None) -> bool:
    """True if the finest of ``bands`` cover the band without gaps and none of those that
    overlap it is the whole population (0 and over): the band can be estimated from them.

    Examples
    --------
    >>> b = pd.DataFrame({"age_from": [0, 0, 18, 65], "age_to": [None, 18, 65, None]})
    >>> band_covered(b, 0, 3), band_covered(b, 80, None)
    (True, True)
    >>> band_covered(pd.DataFrame({"age_from": [0], "age_to": [None]}), 0, 3)
    False
    >>> band_covered(pd.DataFrame({"age_from": [0, 65], "age_to": [18, None]}), 15, 25)
    False
    """
    atoms = finest_bands(bands)
    lo = atoms["age_from"].astype(float).to_numpy()
    hi = atoms["age_to"].astype(float).fillna(np.inf).to_numpy()
    top = np.inf if age_to is None else float(age_to)
    hit = (lo < top) & (hi > age_from)
    if not hit.any() or ((lo[hit] == 0) & np.isinf(hi[hit])).any():
        return False
    order = np.argsort(lo[hit])
    a, b = lo[hit][order], hi[hit][order]
    return bool(a[0] <= age_from and b[-1] >= top and np.all(a[1:] <= b[:-1]))


def covering_periods(bands: pd.DataFrame, age_from: float, age_to: float | None) -> list[str]:
    """Stichtage whose bands cover the target band (see :func:`band_covered`), in order.

    >>> b = pd.DataFrame({"period": ["2023", "2024"], "age_from": [0, 0],
    ...                   "age_to": [18, None]})
    >>> covering_periods(b, 0, 3)
    ['2023']
    """
    return [
        str(period)
        for period, grp in bands.groupby("period", sort=True)
        if band_covered(grp.drop_duplicates(["age_from", "age_to"]), age_from, age_to)
    ]


def estimated_population_by_band(
    pop: pd.DataFrame, bands: Sequence[AgeBand], reference: np.ndarray
) -> pd.DataFrame:
    """Residents per area in each of ``bands``, estimated from coarser published bands.

    Each published band's count is spread over its single ages in proportion to
    ``reference`` (persons per single age 0, 1, …; the last age is the open group), as the
    projection does (:func:`indicators.projection.age_split.split_bands`); a target band gets
    the part of every published band that lies inside it. Bands that tile a target band
    exactly give the exact count. A published band whose reference sums to 0 is spread
    evenly over its years.

    Parameters
    ----------
    pop : DataFrame
        ``area_id, age_from, age_to, count`` (finest published bands, one Stichtag).
    bands : sequence of (age_from, age_to)
        Target bands in years (``age_to`` exclusive, ``None`` = open-ended).
    reference : array
        Non-negative reference persons per single age.

    Returns
    -------
    DataFrame
        ``area_id, age_from, age_to, count`` as :func:`population_by_band`.

    Examples
    --------
    40 children under 18 with a flat reference: 40 × 3/18 are under 3; 90 aged 65 and
    over with reference 1 per age 65–69 and 0 from 70 on (length 71): 0 are 80 and over.

    >>> pop = pd.DataFrame({"area_id": ["a", "a"], "age_from": [0.0, 65.0],
    ...                     "age_to": [18.0, np.nan], "count": [36.0, 90.0]})
    >>> ref = np.r_[np.ones(70), 0.0]
    >>> estimated_population_by_band(pop, [(0.0, 3.0), (80.0, None)], ref).values.tolist()
    [['a', 0.0, 3.0, 6.0], ['a', 80.0, nan, 0.0]]
    """
    ref = np.asarray(reference, dtype=float)
    lo = pop["age_from"].to_numpy(dtype=float)
    hi = pop["age_to"].to_numpy(dtype=float, na_value=np.nan)
    hi = np.where(np.isnan(hi), np.inf, hi)
    mass = _cumulative(ref, hi) - _cumulative(ref, lo)
    width = np.minimum(hi, float(len(ref))) - lo
    counts = pop["count"].to_numpy(dtype=float, na_value=np.nan)
    frames = []
    for b_lo, b_hi in bands:
        top = np.inf if b_hi is None else float(b_hi)
        o_lo, o_hi = np.maximum(lo, b_lo), np.minimum(hi, top)
        part = np.where(o_hi > o_lo, _cumulative(ref, o_hi) - _cumulative(ref, o_lo), 0.0)
        even = np.where(o_hi > o_lo, np.minimum(o_hi, float(len(ref))) - o_lo, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(mass > 0, part / mass, np.where(width > 0, even / width, 0.0))
        share = np.where((o_lo >= lo) & (o_hi <= hi) & (lo >= b_lo) & (hi <= top), 1.0, share)
        values = pd.Series(np.where(share > 0, counts * share, 0.0), index=pop["area_id"])
        summed = values.groupby(level=0, sort=True).sum()
        summed[values.isna().groupby(level=0, sort=True).any()] = np.nan  # unknown stays unknown
        frames.append(
            pd.DataFrame(
                {
                    "area_id": summed.index,
                    "age_from": float(b_lo),
                    "age_to": np.nan if b_hi is None else float(b_hi),
                    "count": summed.to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[POP_COLUMNS]
