"""Independent recomputations that tests compare the app's results with (not used by the app).

They were once part of ``indicators/`` but nothing outside the tests called them: they live
here so that the code the app runs and the code that checks it stay apart.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators.access.population import population_in_band
from indicators.access.service_types import ServiceType
from indicators.projection.cohort import PLANNING_BANDS, ProjectionResult, band_label


def age_groups(
    result: ProjectionResult, bands: Sequence[tuple[int, int | None]] = PLANNING_BANDS
) -> pd.DataFrame:
    """Persons per area, year and age band (both sexes).

    Parameters
    ----------
    result
        Output of :func:`project`.
    bands
        ``(from, to under)`` pairs; ``None`` as upper bound means "and older".
        Bands may leave gaps (e.g. 19–65) but must lie within 0 … 101.

    Returns
    -------
    pandas.DataFrame
        Long format: ``area_id, year, age_band, persons, uncertain``.
    """
    by_age = result.population.sum(axis=2)
    frames = []
    for lo, hi in bands:
        top = 101 if hi is None else hi
        if not 0 <= lo < top <= 101:
            raise ValueError(f"Ungültige Altersgruppe {lo}–{hi}.")
        values = by_age[..., lo:top].sum(axis=-1)
        frames.append(
            pd.DataFrame(
                {
                    "area_id": np.tile(np.array(result.area_ids, dtype=object), len(result.years)),
                    "year": np.repeat(np.array(result.years), len(result.area_ids)),
                    "age_band": band_label(lo, hi),
                    "persons": values.ravel(),
                    "uncertain": np.tile(result.uncertain, len(result.years)),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def components_frame(result: ProjectionResult) -> pd.DataFrame:
    """Balance per area and projected year (both sexes).

    Returns
    -------
    pandas.DataFrame
        ``area_id, year, population_start, births, deaths, migration,
        population_end`` (persons); ``population_end = population_start +
        births - deaths + migration`` up to rounding.
    """
    n_years, n_areas = result.births.shape[:2]
    totals = result.population.sum(axis=(2, 3))
    return pd.DataFrame(
        {
            "area_id": np.tile(np.array(result.area_ids, dtype=object), n_years),
            "year": np.repeat(np.array(result.years[1:]), n_areas),
            "population_start": totals[:-1].ravel(),
            "births": result.births.sum(axis=2).ravel(),
            "deaths": result.deaths.sum(axis=2).ravel(),
            "migration": result.migration.sum(axis=(2, 3)).ravel(),
            "population_end": totals[1:].ravel(),
        }
    )


def demand_from_projection(
    projected: pd.DataFrame, service: ServiceType, quota: float
) -> pd.Series:
    """Projected residents → demanded places per area (the hook for the projection page).

    Parameters
    ----------
    projected : DataFrame
        One projection year of one scenario: ``area_id, age_from, age_to, count``
        (persons, ``age_to`` exclusive, NaN = open-ended), lowest level; the
        bands must tile the service's target age band.
    service : ServiceType
        Target age band of the service type.
    quota : float
        Demand quota as a fraction (e.g. the slider value).

    Returns
    -------
    Series
        Demanded places per area (residents in the band × quota), indexed by area_id.

    The page "Bedarf und Angebot" computes demand the same way inside ``balance``; the
    tests check that both give quota × the projected residents of the band.

    Examples
    --------
    40 + 60 children under 3 at a quota of 45 % need 45 places:

    >>> from indicators.access.service_groups import example_service
    >>> p = pd.DataFrame({"area_id": ["a", "a", "a"], "age_from": [0.0, 1.0, 3.0],
    ...                   "age_to": [1.0, 3.0, None], "count": [40.0, 60.0, 500.0]})
    >>> demand_from_projection(p, example_service("kita_u3"), 0.45).to_dict()
    {'a': 45.0}
    """
    return population_in_band(projected, service.age_from, service.age_to) * quota
