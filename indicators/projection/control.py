"""Control totals of the projection: the yearly sum that all areas are scaled to (pure maths).

:func:`indicators.projection.cohort.project` scales all areas each year so that their
sum equals that year's control total (``Scenario.control_totals``); these functions
build such a series.
"""

from __future__ import annotations

from indicators.projection.cohort import ProjectionResult
from indicators.projection.inputs import ProjectionInputs


def straight_line_totals(base_total: float, n_years: int, target: float) -> tuple[float, ...]:
    """A straight line from ``base_total`` (base year) to ``target`` in the last of ``n_years``.

    >>> straight_line_totals(100.0, 2, 110.0)
    (105.0, 110.0)
    >>> straight_line_totals(100.0, 0, 110.0)
    ()
    """
    return tuple(base_total + (target - base_total) * (i + 1) / n_years for i in range(n_years))


def projected_totals(result: ProjectionResult) -> tuple[float, ...]:
    """Persons of all areas on 31.12. of every projected year (the base year left out)."""
    totals = result.population.sum(axis=(1, 2, 3))
    return tuple(float(v) for v in totals[1:])


def base_total(inputs: ProjectionInputs) -> float:
    """Persons of all areas in the base population (the start of a control line)."""
    return float(inputs.base_population.sum())
