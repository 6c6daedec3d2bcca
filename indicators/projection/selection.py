"""Projection results for a selection of areas (no streamlit, no I/O).

A *selection* is a boolean mask over the projected (finest) areas, e.g. all
finest areas of one district (:func:`selection_mask`). The functions here sum the
result over that mask: yearly totals, planning age bands, the pyramid and the
balancing equation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from indicators.projection.cohort import PLANNING_BANDS, ProjectionResult, band_label
from indicators.projection.inputs import FloatArray

BoolArray = NDArray[np.bool_]
#: Labels of the sex index (0, 1) in :func:`pyramid_frame`.
SEX_LABELS = ("männlich", "weiblich")


def selection_mask(area_ids: Sequence[str], owner: pd.Series, area: str | None) -> BoolArray:
    """Boolean mask over the projected ``area_ids`` that belong to ``area`` (all for None).

    ``owner``: projected area id → id of its area on the chosen level.

    >>> selection_mask(("a", "b", "c"), pd.Series({"a": "X", "b": "Y", "c": "X"}), "X").tolist()
    [True, False, True]
    """
    if area is None:
        return np.ones(len(area_ids), dtype=bool)
    return np.asarray(owner.reindex(list(area_ids)).to_numpy() == area, dtype=bool)


def _masked_sum(values: FloatArray, mask: BoolArray) -> FloatArray:
    """``values`` (axis 1 = areas) summed over the areas of ``mask``, without copying them.

    ``values[:, mask]`` would copy every selected area (15 MB for 542 areas and 17 years);
    a matrix product with the mask as weights reads them in place.

    >>> _masked_sum(np.arange(12.0).reshape(2, 3, 2), np.array([True, False, True])).tolist()
    [[4.0, 6.0], [16.0, 18.0]]
    """
    n_first, n_areas = values.shape[0], values.shape[1]
    flat = values.reshape(n_first, n_areas, -1)
    summed: FloatArray = mask.astype(float) @ flat
    return summed.reshape((n_first,) + values.shape[2:])


def selected_population(result: ProjectionResult, mask: BoolArray) -> FloatArray:
    """Persons by year, sex and single age in the selection, shape ``(years, 2, 101)``."""
    return _masked_sum(result.population, mask)


def selection_totals(result: ProjectionResult, mask: BoolArray) -> FloatArray:
    """Persons on 31.12. of every year (base year first) in the selection."""
    totals: FloatArray = selected_population(result, mask).sum(axis=(1, 2))
    return totals


def selection_births(result: ProjectionResult, mask: BoolArray, year_index: int = 0) -> float:
    """Live births in the selection during projected year ``year_index`` (0 = base year + 1)."""
    return float(result.births[year_index, mask].sum())


def percent_change(first: float, last: float) -> float | None:
    """Change from ``first`` to ``last`` in percent (None when ``first`` is 0).

    >>> percent_change(200.0, 250.0), percent_change(0.0, 5.0)
    (25.0, None)
    """
    return (last / first - 1.0) * 100.0 if first else None


def bands_frame(
    result: ProjectionResult,
    mask: BoolArray,
    bands: Sequence[tuple[int, int | None]] = PLANNING_BANDS,
) -> pd.DataFrame:
    """Persons per year (rows) and planning age band (columns) in the selection."""
    by_age = selected_population(result, mask).sum(axis=1)
    data = {
        band_label(lo, hi): by_age[:, lo : 101 if hi is None else hi].sum(axis=1)
        for lo, hi in bands
    }
    return pd.DataFrame(data, index=pd.Index(result.years, name="year"))


def index_to_first_row(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as an index, first row = 100 (NaN where the first row is not positive).

    >>> index_to_first_row(pd.DataFrame({"x": [50.0, 75.0], "y": [0.0, 3.0]})).to_dict("list")
    {'x': [100.0, 150.0], 'y': [nan, nan]}
    """
    base = frame.iloc[0]
    return frame / base.where(base > 0) * 100.0


def pyramid_frame(
    result: ProjectionResult,
    mask: BoolArray,
    years: Sequence[int],
    sex_labels: tuple[str, str] = SEX_LABELS,
) -> pd.DataFrame:
    """Persons by year, sex (``sex_labels``) and single age 0 … 100 in the selection (long)."""
    rows = []
    selected = selected_population(result, mask)
    for year in years:
        pop = selected[result.years.index(year)]
        for s, sex in enumerate(sex_labels):
            rows.append(
                pd.DataFrame({"year": year, "sex": sex, "age": np.arange(101), "persons": pop[s]})
            )
    return pd.concat(rows, ignore_index=True)


def balance_frame(result: ProjectionResult, mask: BoolArray) -> pd.DataFrame:
    """Balancing equation per projected year in the selection, with the residual ``gap``.

    Columns ``year, start, births, deaths, migration, end, gap`` (persons) with
    ``gap = start + births − deaths + migration − end`` (0 up to rounding).
    """
    totals = selection_totals(result, mask)
    frame = pd.DataFrame(
        {
            "year": result.years[1:],
            "start": totals[:-1],
            "births": _masked_sum(result.births, mask).sum(axis=1),
            "deaths": _masked_sum(result.deaths, mask).sum(axis=1),
            "migration": _masked_sum(result.migration, mask).sum(axis=(1, 2)),
            "end": totals[1:],
        }
    )
    gap = frame["start"] + frame["births"] - frame["deaths"] + frame["migration"] - frame["end"]
    return frame.assign(gap=gap)


def max_balance_gap(result: ProjectionResult) -> float:
    """Largest |start + births − deaths + migration − end| over all areas and years (persons)."""
    totals = result.population.sum(axis=(2, 3))
    gap = (
        totals[:-1]
        + result.births.sum(axis=2)
        - result.deaths.sum(axis=2)
        + result.migration.sum(axis=(2, 3))
        - totals[1:]
    )
    return float(np.abs(gap).max()) if gap.size else 0.0
